using GradGen.Tests.Models;

namespace GradGen.Tests;

/// <summary>The models of <see cref="Soundness"/> against central finite differences at random points, and their pullbacks.</summary>
public class SoundnessTests
{
    private static readonly double[] Data = { 0.5, -1.25, 2.0, 0.75, -0.5 };

    [Fact]
    public void RestoredIndex_matches_finite_differences() =>
        GradientAssert.MatchesFiniteDifferences(Soundness.RestoredIndex, Soundness.RestoredIndexGradient, dimension: 3);

    [Fact]
    public void SteppedIndexInLoop_matches_finite_differences() =>
        GradientAssert.MatchesFiniteDifferences(Soundness.SteppedIndexInLoop, Soundness.SteppedIndexInLoopGradient, dimension: 4);

    [Fact]
    public void IndexArrayChangedInLoop_matches_finite_differences() =>
        GradientAssert.MatchesFiniteDifferences(
            p => Soundness.IndexArrayChangedInLoop(p, Data),
            (p, g) => Soundness.IndexArrayChangedInLoopGradient(p, Data, g),
            dimension: 4);

    [Fact]
    public void OpaqueConditions_matches_finite_differences() =>
        GradientAssert.MatchesFiniteDifferences(p => Soundness.OpaqueConditions(p[0], p[1]), Gradient2(Soundness.OpaqueConditionsGradient), dimension: 2);

    [Fact]
    public void InertUses_matches_finite_differences() =>
        GradientAssert.MatchesFiniteDifferences(p => Soundness.InertUses(p[0], p[1]), Gradient2(Soundness.InertUsesGradient), dimension: 2);

    [Fact]
    public void InertUses_runs_the_logging_call()
    {
        Soundness.InertUsesGradient(0.5, 0.25, out _, out _);
        Assert.Equal("0.50.25", Soundness.LastNote);
    }

    private delegate double Gradient2Function(double x, double y, out double dX, out double dY);

    private static GradientFunction Gradient2(Gradient2Function gradient) => (p, g) =>
    {
        var value = gradient(p[0], p[1], out var dX, out var dY);
        g[0] = dX;
        g[1] = dY;
        return value;
    };

    [Fact]
    public void Pullbacks_add_seed_times_the_gradient()
    {
        var x = new[] { 0.3, -0.7, 0.1, 0.4 };
        GradientAssert.PullbackAdds(x, Soundness.RestoredIndexGradient, Soundness.RestoredIndexPullback);
        GradientAssert.PullbackAdds(x, Soundness.SteppedIndexInLoopGradient, Soundness.SteppedIndexInLoopPullback);
        GradientAssert.PullbackAdds(x, (p, g) => Soundness.IndexArrayChangedInLoopGradient(p, Data, g), (p, seed, g) => Soundness.IndexArrayChangedInLoopPullback(p, Data, seed, g));
    }
}
