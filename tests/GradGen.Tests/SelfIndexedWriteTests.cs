using GradGen.Tests.Models;

namespace GradGen.Tests;

/// <summary>Element writes whose index reads the array written (<see cref="SelfIndexedWrites"/>), against finite differences.</summary>
public class SelfIndexedWriteTests
{
    [Fact]
    public void Int_matches_finite_differences() =>
        GradientAssert.MatchesFiniteDifferences(x => SelfIndexedWrites.Int(x[0]), (x, g) => SelfIndexedWrites.IntGradient(x[0], out g[0]), 1);

    [Fact]
    public void InLoop_matches_finite_differences() =>
        GradientAssert.MatchesFiniteDifferences(x => SelfIndexedWrites.InLoop(x[0]), (x, g) => SelfIndexedWrites.InLoopGradient(x[0], out g[0]), 1);
}
