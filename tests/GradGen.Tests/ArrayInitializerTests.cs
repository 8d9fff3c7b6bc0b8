using System;
using GradGen.Tests.Models;

namespace GradGen.Tests;

/// <summary>The models of <see cref="ArrayInitializers"/>: value, Gradient and Pullback against finite differences.</summary>
public class ArrayInitializerTests
{
    [Fact]
    public void Polynomial_matches_finite_differences() =>
        GradientAssert.MatchesFiniteDifferences(
            p => ArrayInitializers.Polynomial(p[0]),
            (p, g) =>
            {
                var value = ArrayInitializers.PolynomialGradient(p[0], out var dX);
                g[0] = dX;
                return value;
            },
            dimension: 1);

    [Fact]
    public void Features_matches_finite_differences()
    {
        GradientAssert.MatchesFiniteDifferences(
            p => ArrayInitializers.Features(p[..^1].ToArray(), p[^1]),
            (p, g) =>
            {
                var value = ArrayInitializers.FeaturesGradient(p[..^1].ToArray(), p[^1], g[..^1], out var dX);
                g[^1] = dX;
                return value;
            },
            dimension: 4);
    }

    [Fact]
    public void InLoop_matches_finite_differences()
    {
        GradientAssert.MatchesFiniteDifferences(p => ArrayInitializers.InLoop(p.ToArray()), (p, g) => ArrayInitializers.InLoopGradient(p.ToArray(), g), dimension: 5);
        GradientAssert.PullbackAdds(new[] { 0.5, -1.0, 2.0 }, (p, g) => ArrayInitializers.InLoopGradient(p.ToArray(), g), (p, seed, g) => ArrayInitializers.InLoopPullback(p.ToArray(), seed, g));
    }

    [Fact]
    public void FromEnd_matches_finite_differences()
    {
        GradientAssert.MatchesFiniteDifferences(
            p => ArrayInitializers.FromEnd(p[..3].ToArray(), p[3..]),
            (p, g) =>
            {
                var dV = new double[2];
                var value = ArrayInitializers.FromEndGradient(p[..3].ToArray(), p[3..], g[..3], dV);
                dV.CopyTo(g[3..]);
                return value;
            },
            dimension: 5);
        Assert.Throws<IndexOutOfRangeException>(() => ArrayInitializers.FromEndGradient(new[] { 1.0 }, new[] { 1.0, 2.0 }, new double[1], new double[2]));
    }

    [Fact]
    public void BulkWrites_match_finite_differences()
    {
        GradientAssert.MatchesFiniteDifferences(
            p => ArrayInitializers.BulkWrites(p[..3].ToArray(), p[3..]),
            (p, g) =>
            {
                var dV = new double[3];
                var value = ArrayInitializers.BulkWritesGradient(p[..3].ToArray(), p[3..], g[..3], dV);
                dV.CopyTo(g[3..]);
                return value;
            },
            dimension: 6);
        var w = new[] { 0.5, -1.0, 2.0 };
        GradientAssert.PullbackAdds(new[] { 0.5, -1.0, 2.0 }, (p, g) => ArrayInitializers.BulkWritesGradient(p.ToArray(), w, g, new double[3]), (p, seed, g) => ArrayInitializers.BulkWritesPullback(p.ToArray(), w, seed, g, new double[3]));
    }

    /// <summary>Array.Copy(w, c, 2) with a one-element w throws ArgumentException, in the method and in its gradient.</summary>
    [Fact]
    public void A_copy_of_more_than_the_source_holds_throws_what_the_method_throws()
    {
        var w = new[] { 0.5 };
        var v = new[] { 1.0, 2.0 };
        Assert.Throws<ArgumentException>(() => ArrayInitializers.BulkWrites(w, v));
        Assert.Throws<ArgumentException>(() => ArrayInitializers.BulkWritesGradient(w, v, new double[1], new double[2]));
        Assert.Throws<ArgumentException>(() => ArrayInitializers.BulkWritesPullback(w, v, 1.0, new double[1], new double[2]));
    }
}
