using GradGen.Tests.Models;

namespace GradGen.Tests;

/// <summary>The models of <see cref="StoredValues"/> against central finite differences at random points.</summary>
public class StoredValueTests
{
    [Fact]
    public void OverwrittenAfter_matches_finite_differences() =>
        GradientAssert.MatchesFiniteDifferences(
            p => StoredValues.OverwrittenAfter(p[0], p[1]),
            (p, g) => StoredValues.OverwrittenAfterGradient(p[0], p[1], out g[0], out g[1]),
            dimension: 2);

    [Fact]
    public void ElementsOverwritten_matches_finite_differences() =>
        GradientAssert.MatchesFiniteDifferences(
            p => StoredValues.ElementsOverwritten(p),
            (p, g) => StoredValues.ElementsOverwrittenGradient(p, g),
            dimension: 7,
            sample: (random, _) => random.NextDouble() - 0.5);

    [Fact]
    public void LoopLocal_matches_finite_differences() =>
        GradientAssert.MatchesFiniteDifferences(
            p => StoredValues.LoopLocal(p[..6], p[6]),
            (p, g) => StoredValues.LoopLocalGradient(p[..6], p[6], g[..6], out g[6]),
            dimension: 7,
            sample: (random, _) => random.NextDouble() - 0.5);

    [Fact]
    public void NestedCounters_matches_finite_differences() =>
        GradientAssert.MatchesFiniteDifferences(
            p => StoredValues.NestedCounters(p, 3),
            (p, g) => StoredValues.NestedCountersGradient(p, 3, g),
            dimension: 12);

    [Fact]
    public void RefilledScratch_matches_finite_differences() =>
        GradientAssert.MatchesFiniteDifferences(
            p => StoredValues.RefilledScratch(p[..12], p[12..]),
            (p, g) => StoredValues.RefilledScratchGradient(p[..12], p[12..], g[..12], g[12..]),
            dimension: 16);

    [Fact]
    public void ReadsRestoredElement_matches_finite_differences() =>
        GradientAssert.MatchesFiniteDifferences(
            p => StoredValues.ReadsRestoredElement(p),
            (p, g) => StoredValues.ReadsRestoredElementGradient(p, g),
            dimension: 4);

    [Fact]
    public void NextElementTriangle_matches_finite_differences() =>
        GradientAssert.MatchesFiniteDifferences(
            p => StoredValues.NextElementTriangle(p),
            (p, g) => StoredValues.NextElementTriangleGradient(p, g),
            dimension: 4);

    [Fact]
    public void SameElementEachIteration_matches_finite_differences() =>
        GradientAssert.MatchesFiniteDifferences(
            p => StoredValues.SameElementEachIteration(p),
            (p, g) => StoredValues.SameElementEachIterationGradient(p, g),
            dimension: 5);

    [Fact]
    public void PartlyRefilled_matches_finite_differences() =>
        GradientAssert.MatchesFiniteDifferences(
            p => StoredValues.PartlyRefilled(p[..12], p[12..]),
            (p, g) => StoredValues.PartlyRefilledGradient(p[..12], p[12..], g[..12], g[12..]),
            dimension: 16,
            sample: (random, _) => random.NextDouble() - 0.5);

    [Fact]
    public void TapedInLoops_matches_finite_differences() =>
        GradientAssert.MatchesFiniteDifferences(
            p => StoredValues.TapedInLoops(p[..6], p[6]),
            (p, g) => StoredValues.TapedInLoopsGradient(p[..6], p[6], g[..6], out g[6]),
            dimension: 7,
            sample: (random, _) => random.NextDouble() - 0.5);

    [Fact]
    public void InvariantElementInLoop_matches_finite_differences_and_runs_no_iteration_safely()
    {
        var x = new[] { 0.5, -1.0, 2.0, 0.25 };
        GradientAssert.MatchesFiniteDifferences(
            p => StoredValues.InvariantElementInLoop(p, x, 3),
            (p, g) => StoredValues.InvariantElementInLoopGradient(p, x, 3, g),
            dimension: 4);

        var w = new[] { 1.5, 2.0, -1.0, 0.5 };
        var gradient = new double[4];
        GradientAssert.Close(2.25, StoredValues.InvariantElementInLoopGradient(w, x, 0, gradient));
        Assert.Equal(new[] { 3.0, 0, 0, 0 }, gradient);
    }

    [Fact]
    public void RefilledByTanh_matches_finite_differences() =>
        GradientAssert.MatchesFiniteDifferences(
            p => StoredValues.RefilledByTanh(p[..12], p[12..]),
            (p, g) => StoredValues.RefilledByTanhGradient(p[..12], p[12..], g[..12], g[12..]),
            dimension: 16,
            sample: (random, _) => random.NextDouble() - 0.5);

    [Fact]
    public void SameElementRead_matches_finite_differences() =>
        GradientAssert.MatchesFiniteDifferences(p => StoredValues.SameElementRead(p), (p, g) => StoredValues.SameElementReadGradient(p, g), dimension: 5);

    [Fact]
    public void ReadsAhead_matches_finite_differences() =>
        GradientAssert.MatchesFiniteDifferences(p => StoredValues.ReadsAhead(p), (p, g) => StoredValues.ReadsAheadGradient(p, g), dimension: 5);

    [Fact]
    public void Pullbacks_add_seed_times_the_gradient()
    {
        var x = new[] { 0.3, -0.2, 0.1, 0.4, -0.35 };
        var gradient = new double[5];
        StoredValues.ElementsOverwrittenGradient(x, gradient);
        var accumulated = new[] { 1.0, 2.0, 3.0, 4.0, 5.0 };
        StoredValues.ElementsOverwrittenPullback(x, 2.5, accumulated);
        for (var i = 0; i < 5; i++)
        {
            GradientAssert.Close(i + 1 + (2.5 * gradient[i]), accumulated[i]);
        }
    }
}
