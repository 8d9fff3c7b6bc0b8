using System;
using GradGen.Tests.Models;

namespace GradGen.Tests;

/// <summary>The models of <see cref="Increments"/>: value, Gradient and Pullback against finite differences.</summary>
public class IncrementTests
{
    [Fact]
    public void Packed_matches_finite_differences()
    {
        GradientAssert.MatchesFiniteDifferences(p => Increments.Packed(p.ToArray()), (p, g) => Increments.PackedGradient(p.ToArray(), g), dimension: 6, sample: (random, i) => i % 3 == 1 ? -0.5 - random.NextDouble() : 0.2 + random.NextDouble());
        GradientAssert.PullbackAdds(new[] { 0.5, -1.0, 2.0, 0.7 }, (p, g) => Increments.PackedGradient(p.ToArray(), g), (p, seed, g) => Increments.PackedPullback(p.ToArray(), seed, g));
    }

    [Theory]
    [InlineData(0)]
    [InlineData(3)]
    [InlineData(7)]
    public void Counters_matches_finite_differences(int n) =>
        GradientAssert.MatchesFiniteDifferences(
            p => Increments.Counters(p[0], p[1], n),
            (p, g) =>
            {
                var value = Increments.CountersGradient(p[0], p[1], n, out var dX, out var dY);
                g[0] = dX;
                g[1] = dY;
                return value;
            },
            dimension: 2,
            sample: (random, _) => 0.1 + 0.5 * random.NextDouble());

    [Fact]
    public void Taken_matches_finite_differences()
    {
        GradientAssert.MatchesFiniteDifferences(
            p => Increments.Taken(p[..^1].ToArray(), p[^1]),
            (p, g) =>
            {
                var value = Increments.TakenGradient(p[..^1].ToArray(), p[^1], g[..^1], out var dX);
                g[^1] = dX;
                return value;
            },
            dimension: 6,
            sample: (random, i) => i % 2 == 0 ? 0.3 + random.NextDouble() : -0.3 - random.NextDouble());
    }

    [Fact]
    public void Active_matches_finite_differences()
    {
        GradientAssert.MatchesFiniteDifferences(
            p => Increments.Active(p[0], p[1]),
            (p, g) =>
            {
                var value = Increments.ActiveGradient(p[0], p[1], out var dX, out var dT);
                g[0] = dX;
                g[1] = dT;
                return value;
            },
            dimension: 2);
        GradientAssert.MatchesFiniteDifferencesF(p => Increments.ActiveF(p), (p, g) => Increments.ActiveFGradient(p, g), dimension: 2);
    }
}
