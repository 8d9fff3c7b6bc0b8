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
    public void Pullbacks_add_seed_times_the_gradient()
    {
        var x = new[] { 0.3, -0.7, 0.1, 0.4 };
        GradientAssert.PullbackAdds(x, Soundness.RestoredIndexGradient, Soundness.RestoredIndexPullback);
        GradientAssert.PullbackAdds(x, Soundness.SteppedIndexInLoopGradient, Soundness.SteppedIndexInLoopPullback);
        GradientAssert.PullbackAdds(x, (p, g) => Soundness.IndexArrayChangedInLoopGradient(p, Data, g), (p, seed, g) => Soundness.IndexArrayChangedInLoopPullback(p, Data, seed, g));
    }
}
