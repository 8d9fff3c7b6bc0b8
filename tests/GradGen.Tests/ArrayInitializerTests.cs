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
}
