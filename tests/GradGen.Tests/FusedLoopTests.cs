using GradGen.Tests.Models;

namespace GradGen.Tests;

/// <summary>The models of <see cref="FusedLoops"/> against central finite differences at random points, and their pullbacks.</summary>
public class FusedLoopTests
{
    private static readonly double[] Data = { 0.5, -1.25, 2.0, 0.75, -0.5, 1.5, 0.25, -2.0 };

    [Fact]
    public void TwoSums_matches_finite_differences() =>
        GradientAssert.MatchesFiniteDifferences(
            p => FusedLoops.TwoSums(p),
            (p, g) => FusedLoops.TwoSumsGradient(p, g),
            dimension: 6);

    [Fact]
    public void SquaredSum_matches_finite_differences() =>
        GradientAssert.MatchesFiniteDifferences(
            p => FusedLoops.SquaredSum(p),
            (p, g) => FusedLoops.SquaredSumGradient(p, g),
            dimension: 5);

    [Fact]
    public void SumReadInLoop_matches_finite_differences() =>
        GradientAssert.MatchesFiniteDifferences(
            p => FusedLoops.SumReadInLoop(p),
            (p, g) => FusedLoops.SumReadInLoopGradient(p, g),
            dimension: 5);

    [Fact]
    public void SumOfSums_matches_finite_differences() =>
        GradientAssert.MatchesFiniteDifferences(
            p => FusedLoops.SumOfSums(p),
            (p, g) => FusedLoops.SumOfSumsGradient(p, g),
            dimension: 5);

    [Fact]
    public void Product_matches_finite_differences() =>
        GradientAssert.MatchesFiniteDifferences(
            p => FusedLoops.Product(p),
            (p, g) => FusedLoops.ProductGradient(p, g),
            dimension: 5,
            sample: (random, _) => random.NextDouble() - 0.5);

    [Fact]
    public void Recurrence_matches_finite_differences() =>
        GradientAssert.MatchesFiniteDifferences(
            p => FusedLoops.Recurrence(p),
            (p, g) => FusedLoops.RecurrenceGradient(p, g),
            dimension: 6);

    [Fact]
    public void ReadBefore_matches_finite_differences() =>
        GradientAssert.MatchesFiniteDifferences(
            p => FusedLoops.ReadBefore(p),
            (p, g) => FusedLoops.ReadBeforeGradient(p, g),
            dimension: 4);

    [Fact]
    public void MovedPastIndependent_matches_finite_differences() =>
        GradientAssert.MatchesFiniteDifferences(
            p => FusedLoops.MovedPastIndependent(p, Data[..5]),
            (p, g) => FusedLoops.MovedPastIndependentGradient(p, Data[..5], g),
            dimension: 5);

    [Fact]
    public void Scratch_matches_finite_differences() =>
        GradientAssert.MatchesFiniteDifferences(
            p => FusedLoops.Scratch(p, Data, 2),
            (p, g) => FusedLoops.ScratchGradient(p, Data, 2, g),
            dimension: 5,
            sample: (random, _) => random.NextDouble() - 0.5);

    [Fact]
    public void CounterAfter_matches_finite_differences() =>
        GradientAssert.MatchesFiniteDifferences(
            p => FusedLoops.CounterAfter(p),
            (p, g) => FusedLoops.CounterAfterGradient(p, g),
            dimension: 4);

    [Fact]
    public void StopsEarly_matches_finite_differences_whether_it_stops_or_not() =>
        GradientAssert.MatchesFiniteDifferences(
            p => FusedLoops.StopsEarly(p),
            (p, g) => FusedLoops.StopsEarlyGradient(p, g),
            dimension: 6,
            points: 12);

    [Fact]
    public void ReturnReadsScratch_matches_finite_differences() =>
        GradientAssert.MatchesFiniteDifferences(
            p => FusedLoops.ReturnReadsScratch(p),
            (p, g) => FusedLoops.ReturnReadsScratchGradient(p, g),
            dimension: 4);

    [Fact]
    public void Skips_matches_finite_differences() =>
        GradientAssert.MatchesFiniteDifferences(
            p => FusedLoops.Skips(p),
            (p, g) => FusedLoops.SkipsGradient(p, g),
            dimension: 6,
            points: 12);

    [Fact]
    public void FillReadsAhead_matches_finite_differences() =>
        GradientAssert.MatchesFiniteDifferences(
            p => FusedLoops.FillReadsAhead(p),
            (p, g) => FusedLoops.FillReadsAheadGradient(p, g),
            dimension: 4);

    [Fact]
    public void CallChangesData_matches_finite_differences()
    {
        // Every evaluation gets fresh data, shared with the field the call writes.
        double[] Fresh() => FusedLoops.Shared = Data[..4];
        GradientAssert.MatchesFiniteDifferences(
            p => FusedLoops.CallChangesData(p, Fresh()),
            (p, g) => FusedLoops.CallChangesDataGradient(p, Fresh(), g),
            dimension: 4);
    }

    [Fact]
    public void CallsHelper_matches_finite_differences() =>
        GradientAssert.MatchesFiniteDifferences(
            p => FusedLoops.CallsHelper(p[..5], p[5]),
            (p, g) => FusedLoops.CallsHelperGradient(p[..5], p[5], g[..5], out g[5]),
            dimension: 6);

    [Fact]
    public void LeadingLoopWithoutWork_matches_finite_differences() =>
        GradientAssert.MatchesFiniteDifferences(
            p => FusedLoops.LeadingLoopWithoutWork(p[0]),
            (p, g) => FusedLoops.LeadingLoopWithoutWorkGradient(p[0], out g[0]),
            dimension: 1);

    [Fact]
    public void A_fused_loop_that_runs_no_iteration_gives_the_gradient_of_what_remains()
    {
        var gradient = new double[1];
        GradientAssert.Close(FusedLoops.TwoSums(new[] { 0.5 }), FusedLoops.TwoSumsGradient(new[] { 0.5 }, gradient));
        Assert.Equal(0.0, FusedLoops.ScratchGradient(new double[0], new double[0], 1, new double[0]));
        var w = new[] { 0.5, -1.0 };
        var dw = new double[2];
        GradientAssert.Close(0.1 * 1.25, FusedLoops.ScratchGradient(w, new double[0], 1, dw));
        Assert.Equal(new[] { 0.1, -0.2 }, dw);
    }

    [Fact]
    public void Pullbacks_add_seed_times_the_gradient()
    {
        var x = new[] { 0.3, -0.7, 1.1, 0.4, -0.2 };
        GradientAssert.PullbackAdds(x, (p, g) => FusedLoops.TwoSumsGradient(p, g), (p, seed, g) => FusedLoops.TwoSumsPullback(p, seed, g));
        GradientAssert.PullbackAdds(x, (p, g) => FusedLoops.ScratchGradient(p, Data, 2, g), (p, seed, g) => FusedLoops.ScratchPullback(p, Data, 2, seed, g));
        GradientAssert.PullbackAdds(x, (p, g) => FusedLoops.MovedPastIndependentGradient(p, Data[..5], g), (p, seed, g) => FusedLoops.MovedPastIndependentPullback(p, Data[..5], seed, g));
    }
}
