using System;
using GradGen.Tests.Forward;
using GradGen.Tests.Models;

namespace GradGen.Tests;

/// <summary>
/// The view-local models of <see cref="Views"/>: Gradient against finite differences at random points and Pullback adding
/// seed·gradient, for several sizes and offsets; a view out of bounds throws what the original throws.
/// </summary>
public class ViewTests
{
    private static double[] Point(int size)
    {
        var random = new Random(size);
        var p = new double[size];
        for (var i = 0; i < size; i++)
        {
            p[i] = random.NextDouble() - 0.5;
        }

        return p;
    }

    [Theory]
    [InlineData(5, 0, 5)]
    [InlineData(6, 2, 3)]
    [InlineData(7, 1, 1)]
    public void SliceLocal_matches_finite_differences(int size, int a, int n)
    {
        GradientAssert.MatchesFiniteDifferences(p => Views.SliceLocal(p, a, n), (p, g) => Views.SliceLocalGradient(p, a, n, g), size);
        GradientAssert.PullbackAdds(Point(size), (p, g) => Views.SliceLocalGradient(p, a, n, g), (p, seed, g) => Views.SliceLocalPullback(p, a, n, seed, g));
    }

    [Theory]
    [InlineData(4, 0, 4)]
    [InlineData(6, 2, 5)]
    [InlineData(7, 3, 4)]
    public void RangeLocal_matches_finite_differences(int size, int a, int b)
    {
        GradientAssert.MatchesFiniteDifferences(p => Views.RangeLocal(p.ToArray(), a, b), (p, g) => Views.RangeLocalGradient(p.ToArray(), a, b, g), size);
        GradientAssert.PullbackAdds(Point(size), (p, g) => Views.RangeLocalGradient(p.ToArray(), a, b, g), (p, seed, g) => Views.RangeLocalPullback(p.ToArray(), a, b, seed, g));
    }

    [Theory]
    [InlineData(2, 1)]
    [InlineData(5, 2)]
    [InlineData(6, 3)]
    public void PrefixSuffix_matches_finite_differences(int size, int k)
    {
        GradientAssert.MatchesFiniteDifferences(p => Views.PrefixSuffix(p, k), (p, g) => Views.PrefixSuffixGradient(p, k, g), size);
        GradientAssert.PullbackAdds(Point(size), (p, g) => Views.PrefixSuffixGradient(p, k, g), (p, seed, g) => Views.PrefixSuffixPullback(p, k, seed, g));
    }

    [Theory]
    [InlineData(3, 0, 3)]
    [InlineData(6, 2, 3)]
    [InlineData(8, 5, 2)]
    public void AsSpans_matches_finite_differences(int size, int a, int n)
    {
        GradientAssert.MatchesFiniteDifferences(p => Views.AsSpans(p.ToArray(), a, n), (p, g) => Views.AsSpansGradient(p.ToArray(), a, n, g), size);
        GradientAssert.PullbackAdds(Point(size), (p, g) => Views.AsSpansGradient(p.ToArray(), a, n, g), (p, seed, g) => Views.AsSpansPullback(p.ToArray(), a, n, seed, g));
    }

    [Theory]
    [InlineData(4, 1, 2)]
    [InlineData(6, 0, 6)]
    public void SliceFloat_matches_finite_differences(int size, int a, int n) =>
        GradientAssert.MatchesFiniteDifferencesF(p => Views.SliceFloat(p.ToArray(), a, n), (p, g) => Views.SliceFloatGradient(p.ToArray(), a, n, g), size);

    [Fact]
    public void Views_out_of_bounds_throw_as_the_original()
    {
        var w = Point(5);
        var g = new double[5];
        Assert.Throws<ArgumentOutOfRangeException>(() => Views.SliceLocal(w, 3, 3));
        Assert.Throws<ArgumentOutOfRangeException>(() => Views.SliceLocalGradient(w, 3, 3, g));
        Assert.Throws<ArgumentOutOfRangeException>(() => Views.SliceLocalGradient(w, -1, 2, g));
        Assert.Throws<ArgumentOutOfRangeException>(() => Views.PrefixSuffixGradient(w, 6, g));
        Assert.Throws<ArgumentOutOfRangeException>(() => Views.RangeLocalGradient(w, 3, 2, g));
        Assert.Throws<ArgumentOutOfRangeException>(() => Views.AsSpansGradient(w, 4, 2, g));
        Assert.Throws<IndexOutOfRangeException>(() => Views.ReadAt(w, 1, 2, 2));
        Assert.Throws<IndexOutOfRangeException>(() => Views.ReadAtGradient(w, 1, 2, 2, g));
        Assert.Throws<IndexOutOfRangeException>(() => Views.ReadAtGradient(w, 1, 2, -1, g));
        Assert.Equal(w[2] * w[1], Views.ReadAtGradient(w, 1, 2, 1, g));
    }

    // ---- Views passed to [Differentiable] callees ----

    [Theory]
    [InlineData(6, 5, 2, 3)]
    [InlineData(4, 4, 0, 2)]
    [InlineData(7, 3, 3, 2)]
    public void ViewArguments_match_finite_differences(int m, int k, int a, int n)
    {
        double F(ReadOnlySpan<double> p) => Views.ViewArguments(p[..m].ToArray(), p[m..], a, n);
        double G(ReadOnlySpan<double> p, Span<double> g) => Views.ViewArgumentsGradient(p[..m].ToArray(), p[m..], a, n, g[..m], g[m..]);
        GradientAssert.MatchesFiniteDifferences(F, G, m + k);
        GradientAssert.PullbackAdds(Point(m + k), G, (p, seed, g) => Views.ViewArgumentsPullback(p[..m].ToArray(), p[m..], a, n, seed, g[..m], g[m..]));
    }

    [Theory]
    [InlineData(6, 5, 1, 3)]
    [InlineData(5, 4, 0, 3)]
    [InlineData(8, 6, 3, 4)]
    public void ChainedViews_match_finite_differences(int m, int k, int a, int n)
    {
        double F(ReadOnlySpan<double> p) => Views.ChainedViews(p[..m].ToArray(), p[m..], a, n);
        double G(ReadOnlySpan<double> p, Span<double> g) => Views.ChainedViewsGradient(p[..m].ToArray(), p[m..], a, n, g[..m], g[m..]);
        GradientAssert.MatchesFiniteDifferences(F, G, m + k);
        GradientAssert.PullbackAdds(Point(m + k), G, (p, seed, g) => Views.ChainedViewsPullback(p[..m].ToArray(), p[m..], a, n, seed, g[..m], g[m..]));
    }

    [Theory]
    [InlineData(6, 5, 1, 3)]
    [InlineData(4, 3, 0, 4)]
    [InlineData(7, 4, 2, 0)]
    public void ForEachViews_match_finite_differences(int m, int k, int a, int n)
    {
        double F(ReadOnlySpan<double> p) => Views.ForEachViews(p[..m], p[m..].ToArray(), a, n);
        double G(ReadOnlySpan<double> p, Span<double> g) => Views.ForEachViewsGradient(p[..m], p[m..].ToArray(), a, n, g[..m], g[m..]);
        GradientAssert.MatchesFiniteDifferences(F, G, m + k);
        GradientAssert.PullbackAdds(Point(m + k), G, (p, seed, g) => Views.ForEachViewsPullback(p[..m], p[m..].ToArray(), a, n, seed, g[..m], g[m..]));
    }

    [Theory]
    [InlineData(1, 1)]
    [InlineData(5, 2)]
    [InlineData(6, 6)]
    [InlineData(7, 3)]
    public void ForEachWindow_matches_finite_differences(int size, int width)
    {
        // Elements between -0.6 and 0.8, so that some windows stop early and some elements are skipped.
        GradientAssert.MatchesFiniteDifferences(p => Views.ForEachWindow(p, width), (p, g) => Views.ForEachWindowGradient(p, width, g), size, sample: (r, _) => (r.NextDouble() * 1.4) - 0.6);
        GradientAssert.PullbackAdds(Point(size), (p, g) => Views.ForEachWindowGradient(p, width, g), (p, seed, g) => Views.ForEachWindowPullback(p, width, seed, g));
    }

    [Fact]
    public void ChainedViews_check_their_bounds_as_the_original_does()
    {
        var w = new double[5];
        var x = new double[5];
        var g = new double[5];
        var h = new double[5];
        // w.AsSpan(a)[..n] with a + n past the end: the original and the gradient throw the same exception type.
        var original = Record.Exception(() => Views.ChainedViews(w, x, 3, 3));
        var generated = Record.Exception(() => Views.ChainedViewsGradient(w, x, 3, 3, g, h));
        Assert.NotNull(original);
        Assert.Equal(original!.GetType(), generated?.GetType());
    }

    [Theory]
    [InlineData(5, 1, 3)]
    [InlineData(6, 0, 6)]
    [InlineData(8, 3, 4)]
    public void ViewLocalArguments_and_views_of_views_match_finite_differences(int size, int a, int n)
    {
        GradientAssert.MatchesFiniteDifferences(p => Views.ViewLocalArguments(p, a, n), (p, g) => Views.ViewLocalArgumentsGradient(p, a, n, g), size);
        GradientAssert.PullbackAdds(Point(size), (p, g) => Views.ViewLocalArgumentsGradient(p, a, n, g), (p, seed, g) => Views.ViewLocalArgumentsPullback(p, a, n, seed, g));
    }

    [Theory]
    [InlineData(6, 2)]
    [InlineData(7, 3)]
    [InlineData(5, 5)]
    public void SlidingWindow_matches_finite_differences(int size, int width)
    {
        GradientAssert.MatchesFiniteDifferences(p => Views.SlidingWindow(p, width), (p, g) => Views.SlidingWindowGradient(p, width, g), size, sample: (r, _) => r.NextDouble() - 0.5);
        GradientAssert.PullbackAdds(Point(size), (p, g) => Views.SlidingWindowGradient(p, width, g), (p, seed, g) => Views.SlidingWindowPullback(p, width, seed, g));
    }

    [Theory]
    [InlineData(4, 2)]
    [InlineData(6, 5)]
    public void FloatViewArgument_matches_finite_differences(int size, int n) =>
        GradientAssert.MatchesFiniteDifferencesF(p => Views.FloatViewArgument(p.ToArray(), n), (p, g) => Views.FloatViewArgumentGradient(p.ToArray(), n, g), size);

    [Theory]
    [InlineData(3, 1)]
    [InlineData(6, 2)]
    [InlineData(6, 5)]
    public void ViewArguments_in_forward_mode_and_second_derivatives(int size, int n)
    {
        // p = w followed by t.
        double F(double[] p) => Views.ViewsSecondOrder(p.AsSpan(0, size), p[size], n);
        double G(double[] p, double[] g) => Views.ViewsSecondOrderGradient(p.AsSpan(0, size), p[size], n, g.AsSpan(0, size), out g[size]);
        ForwardTests.Check(size + 1, F, G, (p, d) => (Views.ViewsSecondOrderPushforward(p.AsSpan(0, size), p[size], n, d.AsSpan(0, size), d[size], out var r), r));
        SecondOrderTests.Check(
            size + 1,
            F,
            G,
            (p, v, g, hv) => Views.ViewsSecondOrderHessianVectorProduct(p.AsSpan(0, size), p[size], n, v.AsSpan(0, size), v[size], g.AsSpan(0, size), out g[size], hv.AsSpan(0, size), out hv[size]),
            (p, h) => Views.ViewsSecondOrderHessian(p.AsSpan(0, size), p[size], n, h));
    }

    [Fact]
    public void View_arguments_out_of_bounds_throw_as_the_original()
    {
        var w = Point(5);
        var g = new double[5];
        Assert.Throws<ArgumentOutOfRangeException>(() => Views.ViewLocalArguments(w, 3, 3));
        Assert.Throws<ArgumentOutOfRangeException>(() => Views.ViewLocalArgumentsGradient(w, 3, 3, g));
        Assert.Throws<ArgumentOutOfRangeException>(() => Views.ViewsSecondOrder(w, 1, 5));
        Assert.Throws<ArgumentOutOfRangeException>(() => Views.ViewsSecondOrderGradient(w, 1, 5, g, out _));
        Assert.Throws<ArgumentOutOfRangeException>(() => Views.ViewsSecondOrderPushforward(w, 1, 5, g, 0, out _));
    }

    [Fact]
    public void View_arguments_allocate_nothing()
    {
        var w = Point(8);
        var x = Point(6);
        var g = new double[8];
        var gx = new double[6];
        Views.ViewArgumentsGradient(w, x, 2, 3, g, gx);
        Views.ViewLocalArgumentsGradient(w, 2, 4, g);
        var before = GC.GetAllocatedBytesForCurrentThread();
        for (var i = 0; i < 10; i++)
        {
            Views.ViewArgumentsGradient(w, x, 2, 3, g, gx);
            Views.ViewLocalArgumentsGradient(w, 2, 4, g);
            Views.SlidingWindowGradient(w, 3, g);
        }

        Assert.Equal(0, GC.GetAllocatedBytesForCurrentThread() - before);
    }
}
