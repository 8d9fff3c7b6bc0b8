using System;

namespace GradGen.Tests.Models;

/// <summary>
/// Loops whose forward sweep computes loop-invariant values once before the loop (AdjointWriter.LoopInvariants), and
/// loops one condition away from it: a value the loop changes (a written array, an assigned index), an index that is
/// out of range when the loop does not run, or one read only under a condition. Generator.Tests' LoopFusionTests checks
/// which of these hoist what; here each is checked against finite differences, and its value against the method's.
/// </summary>
public static partial class LoopInvariants
{
    /// <summary>The GMM's triangle: <c>x[i] - w[i]</c> is the same for a whole row.</summary>
    [Differentiable]
    public static double Rows(ReadOnlySpan<double> w, [NoDerivative] ReadOnlySpan<double> x)
    {
        int n = w.Length;
        Span<double> y = stackalloc double[n];
        for (int i = 0; i < n; i++)
        {
            y[i] = w[i];
        }

        for (int i = 0; i < n; i++)
        {
            for (int j = i + 1; j < n; j++)
            {
                y[j] += Math.Sin(w[j]) * (x[i] - w[i]);
            }
        }

        double loss = 0;
        for (int i = 0; i < n; i++)
        {
            loss += y[i] * y[i];
        }

        return loss;
    }

    /// <summary>
    /// <c>s[0]</c> reads an array the loop writes, and <c>w[k]</c> an index it assigns: neither may be computed once.
    /// <c>Math.Exp(w[0])</c> may (a kept exponential, taped per iteration, that reads the hoisted value).
    /// </summary>
    [Differentiable]
    public static double Changing(ReadOnlySpan<double> w)
    {
        int n = w.Length;
        Span<double> s = stackalloc double[2];
        s[0] = 0;
        s[1] = 1;
        int k = 0;
        double v = 0.5;
        double loss = 0;
        for (int j = 0; j < n; j++)
        {
            s[0] = s[0] * 0.5 + w[j];
            loss += s[0] * w[j] + s[1] * w[k];
            k = (k + 1) % n;
            v = v * 0.5 + Math.Exp(w[0]) * w[j];
        }

        return loss + v * v;
    }

    /// <summary>The last row is empty and its <c>w[i + 1]</c> out of range: it must not be read when the loop does not run.</summary>
    [Differentiable]
    public static double EmptyLastRow(ReadOnlySpan<double> w)
    {
        int n = w.Length;
        double loss = 0;
        for (int i = 0; i < n; i++)
        {
            double row = 0;
            for (int j = i + 1; j < n; j++)
            {
                row += w[j] * w[i + 1];
            }

            loss += Math.Sin(row) * w[i];
        }

        return loss;
    }

    /// <summary>
    /// <c>w[k - 1]</c> is invariant but read only when <c>k &gt; 0</c> (under an 'if', in a '?:' branch, on the right of '&amp;&amp;'): with
    /// <c>k = 0</c> computing it before the loop would read out of range. <c>w[n - 1] * 0.5</c> may be hoisted, and reads
    /// the same value in the inner loop.
    /// </summary>
    [Differentiable]
    public static double Guarded(ReadOnlySpan<double> w, [NoDerivative] int k)
    {
        int n = w.Length;
        double loss = 0;
        for (int j = 0; j < n; j++)
        {
            if (k > 0)
            {
                loss += w[k - 1] * w[j];
            }

            loss += (k > 0 && j > 0 ? w[k - 1] : 1.0) * Math.Cos(w[j]);
            loss += k > 0 && w[k - 1] > 0 ? w[j] * w[j] : 0.0;

            loss += w[n - 1] * 0.5 * w[j];
            for (int i = 0; i < 2; i++)
            {
                loss += w[n - 1] * 0.5 * w[(i + j) % n] * 0.25;
            }
        }

        return loss;
    }

    /// <summary>
    /// A call in the loop changes <c>data[0]</c> (through <see cref="Shared"/>), which the loop also reads: nothing may be
    /// computed once in a loop that calls anything but System.Math. (Only the value is tested: the reverse sweep reads
    /// <c>data[0]</c> after all the calls, a limit README's contract states.)
    /// </summary>
    [Differentiable]
    public static double CallInLoop(ReadOnlySpan<double> w, [NoDerivative] double[] data)
    {
        double loss = 0;
        for (int j = 0; j < w.Length; j++)
        {
            double step = Advance();
            loss += w[j] * data[0] * step;
        }

        return loss;
    }

    /// <summary>The array <see cref="Advance"/> changes.</summary>
    internal static double[] Shared { get; set; } = new double[1];

    private static double Advance()
    {
        Shared[0] += 1;
        return 1;
    }

    /// <summary>A 'do' loop runs at least once: its invariant is computed before it, with no condition.</summary>
    [Differentiable]
    public static double DoLoop(ReadOnlySpan<double> w)
    {
        double loss = 0;
        int j = 0;
        do
        {
            loss += Math.Tanh(w[j] * (w[0] + w[1]));
            j++;
        }
        while (j < w.Length);

        return loss;
    }
}
