using System;
using GradGen.Tests.Models;

namespace GradGen.Tests;

/// <summary>
/// The models of <see cref="RowViews"/>: Gradient against finite differences and Pullback adding seed·gradient; the near
/// misses (a loop that does not run with its base out of bounds, reads past the end under a condition or after a
/// 'break', a base the loop changes) give the original's value and gradient and throw nothing it does not throw.
/// </summary>
public class RowViewTests
{
    private static readonly double[] Point = { 0.3, -0.4, 0.8, 0.1, -0.6, 0.5, 0.2, -0.9, 0.7, -0.2, 0.4, -0.1 };

    [Theory]
    [InlineData(1)]
    [InlineData(2)]
    [InlineData(3)]
    public void MatrixRows_match_finite_differences(int n)
    {
        // p = [a (m × n), x (m × n)] with m = 2.
        int size = 2 * n;
        double Value(ReadOnlySpan<double> p) => RowViews.MatrixRows(p[..size], p[size..].ToArray(), n);
        double Gradient(ReadOnlySpan<double> p, Span<double> g) => RowViews.MatrixRowsGradient(p[..size], p[size..].ToArray(), n, g[..size], g[size..]);
        void Pullback(ReadOnlySpan<double> p, double seed, Span<double> g) => RowViews.MatrixRowsPullback(p[..size], p[size..].ToArray(), n, seed, g[..size], g[size..]);
        GradientAssert.MatchesFiniteDifferences(Value, Gradient, 2 * size);
        GradientAssert.PullbackAdds(Point[..(2 * size)], Gradient, Pullback);
    }

    [Theory]
    [InlineData(0, 3)]
    [InlineData(2, 3)]
    [InlineData(5, 0)]
    [InlineData(100, 0)]
    public void EmptyRows_match_finite_differences(int offset, int count)
    {
        GradientAssert.MatchesFiniteDifferences(p => RowViews.EmptyRows(p, offset, count), (p, g) => RowViews.EmptyRowsGradient(p, offset, count, g), 5);
        GradientAssert.PullbackAdds(Point[..5], (p, g) => RowViews.EmptyRowsGradient(p, offset, count, g), (p, seed, g) => RowViews.EmptyRowsPullback(p, offset, count, seed, g));
    }

    [Theory]
    [InlineData(2, 3)]
    [InlineData(3, 6)]
    [InlineData(4, 9)]
    public void Reads_past_the_end_under_a_condition_or_after_a_break_match_finite_differences(int b, int count)
    {
        GradientAssert.MatchesFiniteDifferences(p => RowViews.GuardedReads(p, b, count), (p, g) => RowViews.GuardedReadsGradient(p, b, count, g), 6, sample: (random, _) => random.NextDouble() - 0.5);
        GradientAssert.PullbackAdds(Point[..6], (p, g) => RowViews.GuardedReadsGradient(p, b, count, g), (p, seed, g) => RowViews.GuardedReadsPullback(p, b, count, seed, g));
        GradientAssert.MatchesFiniteDifferences(p => RowViews.BreaksBeforeTheEnd(p, b, count), (p, g) => RowViews.BreaksBeforeTheEndGradient(p, b, count, g), 6);
        GradientAssert.PullbackAdds(Point[..6], (p, g) => RowViews.BreaksBeforeTheEndGradient(p, b, count, g), (p, seed, g) => RowViews.BreaksBeforeTheEndPullback(p, b, count, seed, g));
    }

    /// <summary>The loop reads w[1], w[2], w[3] of four: a row of the first bound (4 from 1) would be out of bounds.</summary>
    [Fact]
    public void ShrinkingBound_matches_finite_differences()
    {
        GradientAssert.MatchesFiniteDifferences(p => RowViews.ShrinkingBound(p, 1, 4), (p, g) => RowViews.ShrinkingBoundGradient(p, 1, 4, g), 4, sample: (random, _) => random.NextDouble() - 0.5);
        GradientAssert.PullbackAdds(Point[..4], (p, g) => RowViews.ShrinkingBoundGradient(p, 1, 4, g), (p, seed, g) => RowViews.ShrinkingBoundPullback(p, 1, 4, seed, g));
    }

    [Theory]
    [InlineData(2)]
    [InlineData(4)]
    public void MovingBase_matches_finite_differences(int count)
    {
        GradientAssert.MatchesFiniteDifferences(p => RowViews.MovingBase(p, count), (p, g) => RowViews.MovingBaseGradient(p, count, g), 8, sample: (random, _) => random.NextDouble() - 0.5);
        GradientAssert.PullbackAdds(Point[..8], (p, g) => RowViews.MovingBaseGradient(p, count, g), (p, seed, g) => RowViews.MovingBasePullback(p, count, seed, g));
    }

    [Theory]
    [InlineData(1)]
    [InlineData(3)]
    public void FloatRows_match_finite_differences(int n) =>
        GradientAssert.MatchesFiniteDifferencesF(p => RowViews.FloatRows(p, n), (p, g) => RowViews.FloatRowsGradient(p, n, g), 3 * n);

    /// <summary>A row the loop reads out of bounds throws in the forward sweep, as the original does, never in the replay.</summary>
    [Fact]
    public void A_row_out_of_bounds_throws_what_the_original_throws()
    {
        var w = new[] { 0.5, 1.0, -0.5, 2.0 };
        var g = new double[4];
        Assert.Throws<IndexOutOfRangeException>(() => RowViews.EmptyRows(w, 2, 3));
        Assert.Throws<IndexOutOfRangeException>(() => RowViews.EmptyRowsGradient(w, 2, 3, g));
        Assert.Throws<IndexOutOfRangeException>(() => RowViews.EmptyRowsGradient(w, -1, 2, g));
        Assert.Throws<IndexOutOfRangeException>(() => RowViews.EmptyRowsPullback(w, 2, 3, 1.0, g));
    }

    /// <summary>
    /// The forward sweep checks a row before its loop only where nothing else in the loop can throw first: here an int
    /// division by zero in the second iteration, or a null array read in the first, comes before the read past the end, in
    /// every generated member.
    /// </summary>
    [Fact]
    public void A_throw_before_the_read_past_the_end_is_the_originals()
    {
        var w = new[] { 0.5, 1.0, -0.5, 2.0 };
        var g = new double[4];
        Assert.Throws<DivideByZeroException>(() => RowViews.DividesBeforeTheEnd(w, 2, 5, 3));
        Assert.Throws<DivideByZeroException>(() => RowViews.DividesBeforeTheEndGradient(w, 2, 5, 3, g));
        Assert.Throws<DivideByZeroException>(() => RowViews.DividesBeforeTheEndPullback(w, 2, 5, 3, 1.0, g));
        GradientAssert.MatchesFiniteDifferences(p => RowViews.DividesBeforeTheEnd(p, 1, 1, 3), (p, g) => RowViews.DividesBeforeTheEndGradient(p, 1, 1, 3, g), 4);
        Assert.Throws<NullReferenceException>(() => RowViews.ReadsAnArray(w, null!, 2, 5));
        Assert.Throws<NullReferenceException>(() => RowViews.ReadsAnArrayGradient(w, null!, 2, 5, g));
        Assert.Throws<NullReferenceException>(() => RowViews.ReadsAnArrayPullback(w, null!, 2, 5, 1.0, g));
        var v = new[] { 0.25, -1.5, 2.0 };
        GradientAssert.MatchesFiniteDifferences(p => RowViews.ReadsAnArray(p, v, 1, 3), (p, g) => RowViews.ReadsAnArrayGradient(p, v, 1, 3, g), 4);
    }
}
