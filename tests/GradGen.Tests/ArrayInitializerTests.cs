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
}
