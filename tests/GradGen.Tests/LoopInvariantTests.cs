using GradGen.Tests.Models;

namespace GradGen.Tests;

/// <summary>The models of <see cref="LoopInvariants"/> against central finite differences at random points, and their pullbacks.</summary>
public class LoopInvariantTests
{
    private static readonly double[] Data = { 0.5, -1.25, 2.0, 0.75, -0.5 };

    [Fact]
    public void Rows_matches_finite_differences() =>
        GradientAssert.MatchesFiniteDifferences(
            p => LoopInvariants.Rows(p, Data),
            (p, g) => LoopInvariants.RowsGradient(p, Data, g),
            dimension: 5);

    [Fact]
    public void Changing_matches_finite_differences() =>
        GradientAssert.MatchesFiniteDifferences(LoopInvariants.Changing, LoopInvariants.ChangingGradient, dimension: 4, sample: (random, _) => random.NextDouble() - 0.5);

    [Fact]
    public void EmptyLastRow_matches_finite_differences() =>
        GradientAssert.MatchesFiniteDifferences(LoopInvariants.EmptyLastRow, LoopInvariants.EmptyLastRowGradient, dimension: 4);

    [Theory]
    [InlineData(0)]
    [InlineData(2)]
    public void Guarded_matches_finite_differences(int k) =>
        GradientAssert.MatchesFiniteDifferences(
            p => LoopInvariants.Guarded(p, k),
            (p, g) => LoopInvariants.GuardedGradient(p, k, g),
            dimension: 4);

    [Fact]
    public void CallInLoop_rereads_what_the_call_changes()
    {
        var w = new[] { 0.5, -1.5, 2.0 };
        var gradient = new double[3];
        var data = new[] { 0.25 };
        LoopInvariants.Shared = data;
        var value = LoopInvariants.CallInLoopGradient(w, data, gradient);
        Assert.Equal(0.5 * 1.25 - 1.5 * 2.25 + 2.0 * 3.25, value, 12);
        Assert.Equal(3.25, data[0]);
    }

    [Fact]
    public void DoLoop_matches_finite_differences() =>
        GradientAssert.MatchesFiniteDifferences(LoopInvariants.DoLoop, LoopInvariants.DoLoopGradient, dimension: 3, sample: (random, _) => random.NextDouble() - 0.5);

    [Fact]
    public void Pullbacks_add_seed_times_the_gradient()
    {
        var x = new[] { 0.3, -0.7, 0.1, 0.4, -0.2 };
        GradientAssert.PullbackAdds(x, (p, g) => LoopInvariants.RowsGradient(p, Data, g), (p, seed, g) => LoopInvariants.RowsPullback(p, Data, seed, g));
        GradientAssert.PullbackAdds(x, LoopInvariants.ChangingGradient, LoopInvariants.ChangingPullback);
        GradientAssert.PullbackAdds(x, LoopInvariants.EmptyLastRowGradient, LoopInvariants.EmptyLastRowPullback);
        GradientAssert.PullbackAdds(x, (p, g) => LoopInvariants.GuardedGradient(p, 3, g), (p, seed, g) => LoopInvariants.GuardedPullback(p, 3, seed, g));
        GradientAssert.PullbackAdds(x, LoopInvariants.DoLoopGradient, LoopInvariants.DoLoopPullback);
    }
}
