using System;
using System.Buffers;
using System.Collections.Generic;
using Xunit.Abstractions;

namespace GradGen.Runtime.Tests;

/// <summary>The push/pop tape that generated adjoints of loops record overwritten values on.</summary>
public class TapeTests
{
    // 10,000 values cross several growths: 32 (stack) → 64 → 128 → … → 16,384.
    private const int N = 10_000;

    private readonly ITestOutputHelper _output;

    public TapeTests(ITestOutputHelper output) => _output = output;

    private static double DoubleAt(int i) => (i * 1.25) - 3_000.0 + (1.0 / (i + 3));

    private static int IntAt(int i) => (i * 7919) ^ 0x5A5A;

    private static bool BoolAt(int i) => i % 3 == 0 || i % 7 == 2;

    /// <summary>References (a string local overwritten in a loop): generated code starts such a tape with no buffer.</summary>
    [Fact]
    public void String_IsLastInFirstOutAcrossGrowths()
    {
        var tape = new Tape<string>(default);
        try
        {
            PushAllThenPopAll(ref tape, i => "s" + i.ToString(System.Globalization.CultureInfo.InvariantCulture));
        }
        finally
        {
            tape.Dispose();
        }
    }

    [Theory]
    [InlineData(0)]
    [InlineData(1)]
    [InlineData(5)]
    [InlineData(32)]
    public void Double_IsLastInFirstOutAcrossGrowths(int initialLength)
    {
        var tape = new Tape<double>(stackalloc double[initialLength]);
        try
        {
            PushAllThenPopAll(ref tape, DoubleAt);
        }
        finally
        {
            tape.Dispose();
        }
    }

    [Theory]
    [InlineData(0)]
    [InlineData(32)]
    public void Int_IsLastInFirstOutAcrossGrowths(int initialLength)
    {
        var tape = new Tape<int>(stackalloc int[initialLength]);
        try
        {
            PushAllThenPopAll(ref tape, IntAt);
        }
        finally
        {
            tape.Dispose();
        }
    }

    [Theory]
    [InlineData(0)]
    [InlineData(32)]
    public void Bool_IsLastInFirstOutAcrossGrowths(int initialLength)
    {
        var tape = new Tape<bool>(stackalloc bool[initialLength]);
        try
        {
            PushAllThenPopAll(ref tape, BoolAt);
        }
        finally
        {
            tape.Dispose();
        }
    }

    [Fact]
    public void DefaultTape_IsEmptyAndGrowsOnFirstPush()
    {
        Tape<double> tape = default;
        try
        {
            Assert.Equal(0, tape.Count);
            PushAllThenPopAll(ref tape, DoubleAt);
        }
        finally
        {
            tape.Dispose();
        }
    }

    [Fact]
    public void InterleavedPushesAndPops_MatchAStack()
    {
        // Growth while part of the tape has already been popped, and pops back across growth boundaries.
        var random = new Random(20240611);
        var model = new Stack<double>();
        var tape = new Tape<double>(stackalloc double[16]);
        try
        {
            for (int step = 0; step < 60_000; step++)
            {
                if (model.Count == 0 || random.Next(5) < 3)
                {
                    double value = random.NextDouble() - 0.5;
                    model.Push(value);
                    tape.Push(value);
                }
                else
                {
                    Assert.Equal(model.Peek(), tape.Peek());
                    Assert.Equal(model.Pop(), tape.Pop());
                }

                Assert.Equal(model.Count, tape.Count);
            }

            while (model.Count > 0)
            {
                Assert.Equal(model.Pop(), tape.Pop());
            }

            Assert.Equal(0, tape.Count);
        }
        finally
        {
            tape.Dispose();
        }
    }

    [Fact]
    public void Peek_ReturnsTopWithoutRemovingIt()
    {
        var tape = new Tape<int>(stackalloc int[2]);
        try
        {
            tape.Push(10);
            Assert.Equal(10, tape.Peek());
            tape.Push(20);
            tape.Push(30); // grows out of the two-element buffer
            Assert.Equal(30, tape.Peek());
            Assert.Equal(30, tape.Peek());
            Assert.Equal(3, tape.Count);
            Assert.Equal(30, tape.Pop());
            Assert.Equal(20, tape.Peek());
            Assert.Equal(2, tape.Count);
        }
        finally
        {
            tape.Dispose();
        }
    }

    [Fact]
    public void Count_FollowsPushesAndPops()
    {
        var tape = new Tape<bool>(stackalloc bool[4]);
        try
        {
            Assert.Equal(0, tape.Count);
            for (int i = 0; i < 100; i++)
            {
                tape.Push(BoolAt(i));
                Assert.Equal(i + 1, tape.Count);
            }

            for (int i = 100; i > 0; i--)
            {
                tape.Pop();
                Assert.Equal(i - 1, tape.Count);
            }
        }
        finally
        {
            tape.Dispose();
        }
    }

    [Fact]
    public void PopAndPeek_OnEmptyTape_Throw()
    {
        var fresh = new Tape<double>(stackalloc double[8]);
        AssertPopAndPeekThrow(ref fresh);

        Tape<double> defaulted = default;
        AssertPopAndPeekThrow(ref defaulted);

        var drained = new Tape<double>(stackalloc double[8]);
        try
        {
            for (int i = 0; i < 100; i++)
            {
                drained.Push(i);
            }

            for (int i = 0; i < 100; i++)
            {
                drained.Pop();
            }

            AssertPopAndPeekThrow(ref drained);
            Assert.Equal(0, drained.Count); // a failed Pop leaves the tape as it was
        }
        finally
        {
            drained.Dispose();
        }
    }

    [Fact]
    public void Dispose_EmptiesTheTape_IsIdempotent_AndTheTapeCanBeReused()
    {
        var tape = new Tape<double>(stackalloc double[8]);
        for (int i = 0; i < 1_000; i++)
        {
            tape.Push(i);
        }

        tape.Dispose();
        Assert.Equal(0, tape.Count);
        AssertPopAndPeekThrow(ref tape);
        tape.Dispose();

        try
        {
            PushAllThenPopAll(ref tape, DoubleAt);
        }
        finally
        {
            tape.Dispose();
        }
    }

    [Fact]
    public void CallersBuffer_IsNeverReturnedToThePool()
    {
        // A heap array stands in for stackalloc space, so the test can look for it in the pool.
        var callers = new double[32];
        var tape = new Tape<double>(callers);
        for (int i = 0; i < 1_000; i++)
        {
            tape.Push(i);
        }

        tape.Dispose();

        // Drain what this thread can reach of the 32-element bucket: its thread-local slot and the
        // per-core stacks. None of it may be the caller's array.
        int attempts = (Environment.ProcessorCount * 8) + 8;
        var rented = new List<double[]>(attempts);
        try
        {
            for (int i = 0; i < attempts; i++)
            {
                double[] array = ArrayPool<double>.Shared.Rent(32);
                rented.Add(array);
                Assert.False(ReferenceEquals(array, callers), "The tape returned the caller's buffer to the pool.");
            }
        }
        finally
        {
            foreach (double[] array in rented)
            {
                ArrayPool<double>.Shared.Return(array);
            }
        }
    }

    [Fact]
    public void SteadyState_PushAndPop100k_AllocatesNothing()
    {
        // Dispose must give the rented arrays back; otherwise every iteration rents fresh ones and, once
        // the pool is empty, allocates 64 + 128 + … + 131,072 doubles.
        const int count = 100_000;
        const int iterations = 50; // enough: one leaked rental per iteration would show as about 1 MB
        double expected = 0.0;
        for (int i = count - 1; i >= 0; i--)
        {
            expected += DoubleAt(i); // in pop order, so the sum rounds the same way
        }

        for (int warmUp = 0; warmUp < 5; warmUp++)
        {
            Assert.Equal(expected, PushThenPopAll(count));
        }

        int mismatches = 0;
        long before = GC.GetAllocatedBytesForCurrentThread();
        for (int iteration = 0; iteration < iterations; iteration++)
        {
            if (PushThenPopAll(count) != expected)
            {
                mismatches++;
            }
        }

        long allocated = GC.GetAllocatedBytesForCurrentThread() - before;
        _output.WriteLine(
            $"{allocated} bytes allocated over {iterations} iterations of {count} pushes and pops " +
            $"({(double)allocated / iterations} bytes per iteration).");
        Assert.Equal(0, allocated);
        Assert.Equal(0, mismatches);
    }

    /// <summary>One gradient-call-shaped use of a tape, exactly as generated code writes it.</summary>
    private static double PushThenPopAll(int count)
    {
        var tape = new global::GradGen.Tape<double>(stackalloc double[32]);
        try
        {
            for (int i = 0; i < count; i++)
            {
                tape.Push(DoubleAt(i));
            }

            double sum = 0.0;
            for (int i = count - 1; i >= 0; i--)
            {
                sum += tape.Pop();
            }

            return sum;
        }
        finally
        {
            tape.Dispose();
        }
    }

    private static void PushAllThenPopAll<T>(ref Tape<T> tape, Func<int, T> valueAt)
    {
        for (int i = 0; i < N; i++)
        {
            tape.Push(valueAt(i));
            Assert.Equal(i + 1, tape.Count);
        }

        for (int i = N - 1; i >= 0; i--)
        {
            T expected = valueAt(i);
            Assert.Equal(expected, tape.Peek());
            Assert.Equal(expected, tape.Pop());
            Assert.Equal(i, tape.Count);
        }

        AssertPopAndPeekThrow(ref tape);
    }

    private static void AssertPopAndPeekThrow<T>(ref Tape<T> tape)
    {
        // A ref struct cannot be captured by the lambda Assert.Throws takes.
        int count = tape.Count;
        InvalidOperationException? popped = null;
        try
        {
            tape.Pop();
        }
        catch (InvalidOperationException e)
        {
            popped = e;
        }

        InvalidOperationException? peeked = null;
        try
        {
            tape.Peek();
        }
        catch (InvalidOperationException e)
        {
            peeked = e;
        }

        Assert.NotNull(popped);
        Assert.NotNull(peeked);
        Assert.Equal(count, tape.Count);
    }
}
