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
}
