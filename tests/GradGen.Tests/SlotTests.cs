using GradGen.Tests.Models;

namespace GradGen.Tests;

/// <summary>The models of <see cref="SlotModels"/> against central finite differences at random points, and their pullbacks.</summary>
public class SlotTests
{
    private static readonly double[] Data = { 0.5, -1.25, 2.0, 0.75, -0.5, 1.5, 0.25, -2.0 };

    [Theory]
    [InlineData(0)]
    [InlineData(1)]
    [InlineData(3)]
    public void Offsets_matches_finite_differences(int groups) =>
        GradientAssert.MatchesFiniteDifferences(
            p => SlotModels.Offsets(p, groups),
            (p, g) => SlotModels.OffsetsGradient(p, groups, g),
            dimension: 4,
            sample: (random, _) => random.NextDouble() - 0.5);

    [Fact]
    public void ThreeLevels_matches_finite_differences() =>
        GradientAssert.MatchesFiniteDifferences(
            p => SlotModels.ThreeLevels(p, Data[..5], 3),
            (p, g) => SlotModels.ThreeLevelsGradient(p, Data[..5], 3, g),
            dimension: 4,
            sample: (random, _) => random.NextDouble() - 0.5);

    /// <summary>3 groups × 12 take stack slots; 12 × 12 = 144 take a pooled array.</summary>
    [Theory]
    [InlineData(3)]
    [InlineData(12)]
    public void Mixture_matches_finite_differences(int groups) =>
        GradientAssert.MatchesFiniteDifferences(
            p => SlotModels.Mixture(p, Data[..3], groups),
            (p, g) => SlotModels.MixtureGradient(p, Data[..3], groups, g),
            dimension: 12,
            sample: (random, _) => random.NextDouble() - 0.5);

    [Fact]
    public void Triangle_matches_finite_differences() =>
        GradientAssert.MatchesFiniteDifferences(
            p => SlotModels.Triangle(p, Data[..3]),
            (p, g) => SlotModels.TriangleGradient(p, Data[..3], g),
            dimension: 4,
            sample: (random, _) => random.NextDouble() - 0.5);

    /// <summary>6 elements: stack slots; 200: a pooled array.</summary>
    [Theory]
    [InlineData(6)]
    [InlineData(200)]
    public void LocalBound_matches_finite_differences(int length) =>
        GradientAssert.MatchesFiniteDifferences(
            SlotModels.LocalBound,
            SlotModels.LocalBoundGradient,
            dimension: length,
            sample: (random, _) => random.NextDouble() - 0.5,
            points: 2);

    [Fact]
    public void Pullbacks_add_seed_times_the_gradient()
    {
        var x = new[] { 0.3, -0.7, 0.1, 0.4, -0.2 };
        GradientAssert.PullbackAdds(x, (p, g) => SlotModels.OffsetsGradient(p, 2, g), (p, seed, g) => SlotModels.OffsetsPullback(p, 2, seed, g));
        GradientAssert.PullbackAdds(x, (p, g) => SlotModels.ThreeLevelsGradient(p, Data, 2, g), (p, seed, g) => SlotModels.ThreeLevelsPullback(p, Data, 2, seed, g));
        GradientAssert.PullbackAdds(x, (p, g) => SlotModels.MixtureGradient(p, Data, 30, g), (p, seed, g) => SlotModels.MixturePullback(p, Data, 30, seed, g));
    }
}
