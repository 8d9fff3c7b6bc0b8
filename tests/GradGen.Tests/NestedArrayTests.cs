using System;
using GradGen.Tests.Models;

namespace GradGen.Tests;

/// <summary>The models of <see cref="NestedArrays"/>: value and Gradient against finite differences, and Pullbacks.</summary>
public class NestedArrayTests
{
    private static readonly double[] Data = { 0.5, -1.25, 2.0, 0.75, -0.5, 1.5, 0.25, -2.0, 1.0, 0.3, -0.7, 0.9 };

    [Theory]
    [InlineData(2)]
    [InlineData(3)]
    public void SoftmaxRegression_matches_finite_differences(int classes) =>
        GradientAssert.MatchesFiniteDifferences(
            p => NestedArrays.SoftmaxRegression(p, Data, classes),
            (p, g) => NestedArrays.SoftmaxRegressionGradient(p, Data, classes, g),
            dimension: classes * 4);

    [Fact]
    public void SoftmaxRegressionF_matches_finite_differences()
    {
        var data = Array.ConvertAll(Data, v => (float)v);
        GradientAssert.MatchesFiniteDifferencesF(
            p => NestedArrays.SoftmaxRegressionF(p, data, 3),
            (p, g) => NestedArrays.SoftmaxRegressionFGradient(p, data, 3, g),
            dimension: 12);
    }

    [Fact]
    public void SpanInBranch_matches_finite_differences() =>
        GradientAssert.MatchesFiniteDifferences(NestedArrays.SpanInBranch, NestedArrays.SpanInBranchGradient, dimension: 7, sample: (random, _) => random.NextDouble() * 2 - 1);

    [Theory]
    [InlineData(0)]
    [InlineData(1)]
    public void ArrayInBranch_matches_finite_differences(int mode) =>
        GradientAssert.MatchesFiniteDifferences(
            p => NestedArrays.ArrayInBranch(p, mode),
            (p, g) => NestedArrays.ArrayInBranchGradient(p, mode, g),
            dimension: 5,
            sample: (random, _) => random.NextDouble() * 2 - 1);

    [Fact]
    public void NestedLoops_matches_finite_differences() =>
        GradientAssert.MatchesFiniteDifferences(
            p => NestedArrays.NestedLoops(p, 3),
            (p, g) => NestedArrays.NestedLoopsGradient(p, 3, g),
            dimension: 5,
            sample: (random, _) => random.NextDouble() * 2 - 1);

    [Fact]
    public void Pullbacks_add_seed_times_the_gradient()
    {
        var x = new[] { 0.3, -0.4, 0.8, 0.1, -0.6, 0.5, 0.2, -0.9, 0.7, -0.2, 0.4, -0.1 };
        GradientAssert.PullbackAdds(x, (p, g) => NestedArrays.SoftmaxRegressionGradient(p, Data, 3, g), (p, seed, g) => NestedArrays.SoftmaxRegressionPullback(p, Data, 3, seed, g));
        GradientAssert.PullbackAdds(x[..7], NestedArrays.SpanInBranchGradient, NestedArrays.SpanInBranchPullback);
        GradientAssert.PullbackAdds(x[..5], (p, g) => NestedArrays.ArrayInBranchGradient(p, 1, g), (p, seed, g) => NestedArrays.ArrayInBranchPullback(p, 1, seed, g));
        GradientAssert.PullbackAdds(x[..5], (p, g) => NestedArrays.NestedLoopsGradient(p, 2, g), (p, seed, g) => NestedArrays.NestedLoopsPullback(p, 2, seed, g));
    }

    [Fact]
    public void ScratchOfLength_matches_finite_differences()
    {
        GradientAssert.MatchesFiniteDifferences(p => NestedArrays.ScratchOfLength(p, 7), (p, g) => NestedArrays.ScratchOfLengthGradient(p, 7, g), dimension: 4);
        GradientAssert.PullbackAdds(new[] { 0.3, -0.4, 0.8, 0.1 }, (p, g) => NestedArrays.ScratchOfLengthGradient(p, 7, g), (p, seed, g) => NestedArrays.ScratchOfLengthPullback(p, 7, seed, g));
    }

    /// <summary>
    /// Arrays a loop or an initializer fills right after the declaration are not cleared per iteration; the near misses
    /// are (a skipped, unreached or conditional element, or one a local function reads first, would otherwise keep the
    /// previous iteration's value: the value and the gradient would both be wrong).
    /// </summary>
    [Theory]
    [InlineData(nameof(NestedArrays.FilledBeforeRead))]
    [InlineData(nameof(NestedArrays.SkipsAnElement))]
    [InlineData(nameof(NestedArrays.BreaksEarly))]
    [InlineData(nameof(NestedArrays.StopsOneShort))]
    [InlineData(nameof(NestedArrays.WritesUnderCondition))]
    [InlineData(nameof(NestedArrays.LocalFunctionReads))]
    public void Arrays_filled_or_not_before_read_match_finite_differences(string model)
    {
        var (f, gradient, pullback) = FilledModel(model);
        for (var k = 2; k <= 4; k++)
        {
            var width = k;
            GradientAssert.MatchesFiniteDifferences(p => f(p, width), (p, g) => gradient(p, width, g), dimension: 5, sample: (random, _) => random.NextDouble() * 2 - 1);
            GradientAssert.PullbackAdds(new[] { 0.3, -0.4, 0.8, 0.1, -0.6 }, (p, g) => gradient(p, width, g), (p, seed, g) => pullback(p, width, seed, g));
        }
    }

    private delegate double Value(ReadOnlySpan<double> w, int k);

    private delegate double Gradient(ReadOnlySpan<double> w, int k, Span<double> g);

    private delegate void Pullback(ReadOnlySpan<double> w, int k, double seed, Span<double> g);

    private static (Value, Gradient, Pullback) FilledModel(string name) => name switch
    {
        nameof(NestedArrays.FilledBeforeRead) => (NestedArrays.FilledBeforeRead, NestedArrays.FilledBeforeReadGradient, NestedArrays.FilledBeforeReadPullback),
        nameof(NestedArrays.SkipsAnElement) => (NestedArrays.SkipsAnElement, NestedArrays.SkipsAnElementGradient, NestedArrays.SkipsAnElementPullback),
        nameof(NestedArrays.BreaksEarly) => (NestedArrays.BreaksEarly, NestedArrays.BreaksEarlyGradient, NestedArrays.BreaksEarlyPullback),
        nameof(NestedArrays.StopsOneShort) => (NestedArrays.StopsOneShort, NestedArrays.StopsOneShortGradient, NestedArrays.StopsOneShortPullback),
        nameof(NestedArrays.WritesUnderCondition) => (NestedArrays.WritesUnderCondition, NestedArrays.WritesUnderConditionGradient, NestedArrays.WritesUnderConditionPullback),
        _ => (NestedArrays.LocalFunctionReads, NestedArrays.LocalFunctionReadsGradient, NestedArrays.LocalFunctionReadsPullback),
    };

    /// <summary>Local arrays are spans over pooled arrays in generated code; 'new T[-1]' throws OverflowException, and so must they.</summary>
    [Fact]
    public void A_negative_length_throws_what_new_throws()
    {
        var w = new[] { 0.5, 1.0 };
        var g = new double[2];
        Assert.Throws<OverflowException>(() => NestedArrays.ScratchOfLength(w, -1));
        Assert.Throws<OverflowException>(() => NestedArrays.ScratchOfLengthGradient(w, -1, g));
        Assert.Throws<OverflowException>(() => NestedArrays.ScratchOfLengthPullback(w, -1, 1.0, g));
    }

    /// <summary>
    /// The method allocates a fresh array per sample (or one per call); its Gradient and Pullback take them from the
    /// pool, so once warm they allocate nothing (an exact count of this thread's allocations, not a timing).
    /// </summary>
    [Fact]
    public void Gradients_of_methods_with_local_arrays_allocate_nothing_once_warm()
    {
        var theta = new[] { 0.3, -0.4, 0.8, 0.1, -0.6, 0.5, 0.2, -0.9, 0.7, -0.2, 0.4, -0.1 };
        var g = new double[theta.Length];
        var w = theta[..4];
        var gw = new double[4];
        void Calls()
        {
            NestedArrays.SoftmaxRegressionGradient(theta, Data, 3, g);
            NestedArrays.SoftmaxRegressionPullback(theta, Data, 3, 0.5, g);
            NestedArrays.ArrayInBranchGradient(w, 1, gw);
            NestedArrays.NestedLoopsGradient(w, 2, gw);
            NestedArrays.ScratchOfLengthGradient(w, 7, gw);
        }

        Calls();
        Calls();
        var before = GC.GetAllocatedBytesForCurrentThread();
        Calls();
        Assert.Equal(0, GC.GetAllocatedBytesForCurrentThread() - before);
    }
}
