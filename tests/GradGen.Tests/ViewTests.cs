using System;
using GradGen.Tests.Models;

namespace GradGen.Tests;

/// <summary>
/// The view-local models of <see cref="Views"/>: Gradient against finite differences at random points and Pullback adding
/// seed·gradient, for several sizes and offsets; a view out of bounds throws what the original throws.
/// </summary>
public class ViewTests
{
    private static double[] Point(int size)
    {
        var random = new Random(size);
        var p = new double[size];
        for (var i = 0; i < size; i++)
        {
            p[i] = random.NextDouble() - 0.5;
        }

        return p;
    }

    [Theory]
    [InlineData(5, 0, 5)]
    [InlineData(6, 2, 3)]
    [InlineData(7, 1, 1)]
    public void SliceLocal_matches_finite_differences(int size, int a, int n)
    {
        GradientAssert.MatchesFiniteDifferences(p => Views.SliceLocal(p, a, n), (p, g) => Views.SliceLocalGradient(p, a, n, g), size);
        GradientAssert.PullbackAdds(Point(size), (p, g) => Views.SliceLocalGradient(p, a, n, g), (p, seed, g) => Views.SliceLocalPullback(p, a, n, seed, g));
    }

    [Theory]
    [InlineData(4, 0, 4)]
    [InlineData(6, 2, 5)]
    [InlineData(7, 3, 4)]
    public void RangeLocal_matches_finite_differences(int size, int a, int b)
    {
        GradientAssert.MatchesFiniteDifferences(p => Views.RangeLocal(p.ToArray(), a, b), (p, g) => Views.RangeLocalGradient(p.ToArray(), a, b, g), size);
        GradientAssert.PullbackAdds(Point(size), (p, g) => Views.RangeLocalGradient(p.ToArray(), a, b, g), (p, seed, g) => Views.RangeLocalPullback(p.ToArray(), a, b, seed, g));
    }

    [Theory]
    [InlineData(2, 1)]
    [InlineData(5, 2)]
    [InlineData(6, 3)]
    public void PrefixSuffix_matches_finite_differences(int size, int k)
    {
        GradientAssert.MatchesFiniteDifferences(p => Views.PrefixSuffix(p, k), (p, g) => Views.PrefixSuffixGradient(p, k, g), size);
        GradientAssert.PullbackAdds(Point(size), (p, g) => Views.PrefixSuffixGradient(p, k, g), (p, seed, g) => Views.PrefixSuffixPullback(p, k, seed, g));
    }

    [Theory]
    [InlineData(3, 0, 3)]
    [InlineData(6, 2, 3)]
    [InlineData(8, 5, 2)]
    public void AsSpans_matches_finite_differences(int size, int a, int n)
    {
        GradientAssert.MatchesFiniteDifferences(p => Views.AsSpans(p.ToArray(), a, n), (p, g) => Views.AsSpansGradient(p.ToArray(), a, n, g), size);
        GradientAssert.PullbackAdds(Point(size), (p, g) => Views.AsSpansGradient(p.ToArray(), a, n, g), (p, seed, g) => Views.AsSpansPullback(p.ToArray(), a, n, seed, g));
    }

    [Theory]
    [InlineData(4, 1, 2)]
    [InlineData(6, 0, 6)]
    public void SliceFloat_matches_finite_differences(int size, int a, int n) =>
        GradientAssert.MatchesFiniteDifferencesF(p => Views.SliceFloat(p.ToArray(), a, n), (p, g) => Views.SliceFloatGradient(p.ToArray(), a, n, g), size);

    [Fact]
    public void Views_out_of_bounds_throw_as_the_original()
    {
        var w = Point(5);
        var g = new double[5];
        Assert.Throws<ArgumentOutOfRangeException>(() => Views.SliceLocal(w, 3, 3));
        Assert.Throws<ArgumentOutOfRangeException>(() => Views.SliceLocalGradient(w, 3, 3, g));
        Assert.Throws<ArgumentOutOfRangeException>(() => Views.SliceLocalGradient(w, -1, 2, g));
        Assert.Throws<ArgumentOutOfRangeException>(() => Views.PrefixSuffixGradient(w, 6, g));
        Assert.Throws<ArgumentOutOfRangeException>(() => Views.RangeLocalGradient(w, 3, 2, g));
        Assert.Throws<ArgumentOutOfRangeException>(() => Views.AsSpansGradient(w, 4, 2, g));
        Assert.Throws<IndexOutOfRangeException>(() => Views.ReadAt(w, 1, 2, 2));
        Assert.Throws<IndexOutOfRangeException>(() => Views.ReadAtGradient(w, 1, 2, 2, g));
        Assert.Throws<IndexOutOfRangeException>(() => Views.ReadAtGradient(w, 1, 2, -1, g));
        Assert.Equal(w[2] * w[1], Views.ReadAtGradient(w, 1, 2, 1, g));
    }
}
