using System;
using GradGen.Tests.Models;

namespace GradGen.Tests;

/// <summary>The models of <see cref="Members"/>: gradients against finite differences, pullbacks, and the field writes.</summary>
public class MemberTests
{
    private static double Weighted(double[] p)
    {
        double x = p[0], y = p[1];
        return Members.Weighted(in x, in y, p[2..]);
    }

    private static double WeightedGradient(double[] p, Span<double> g)
    {
        double x = p[0], y = p[1];
        var dW = new double[p.Length - 2];
        var value = Members.WeightedGradient(in x, in y, p[2..], out g[0], out g[1], dW);
        dW.CopyTo(g[2..]);
        return value;
    }

    [Fact]
    public void Weighted_matches_finite_differences()
    {
        GradientAssert.MatchesFiniteDifferences(p => Weighted(p.ToArray()), (p, g) => WeightedGradient(p.ToArray(), g), dimension: 7);
        GradientAssert.PullbackAdds(new[] { 0.5, -0.7, 1.0, 2.0, -1.5, 0.25, 0.8 }, (p, g) => WeightedGradient(p.ToArray(), g), (p, seed, g) =>
        {
            double x = p[0], y = p[1];
            var dW = g[2..].ToArray();
            Members.WeightedPullback(in x, in y, p[2..].ToArray(), seed, ref g[0], ref g[1], dW);
            dW.CopyTo(g[2..]);
        });
    }

    [Fact]
    public void Field_writes_run_once_per_forward_sweep()
    {
        double x = 0.5, y = 0.25, dX = 0, dY = 0;
        var w = new[] { 1.0, 2.0, 3.0 };
        var dW = new double[3];
        var evaluations = Members.Evaluations;
        var steps = Members.Steps;
        Members.WeightedGradient(in x, in y, w, out _, out _, dW);
        Members.WeightedPullback(in x, in y, w, 1, ref dX, ref dY, dW);
        Assert.Equal(evaluations + 2, Members.Evaluations);
        Assert.Equal(steps + 6, Members.Steps);

        var model = new Members();
        var value = model.CachedGradient(1.5, 6, out var dX2);
        model.CachedPullback(1.5, 6, 2, ref dX2);
        Assert.Equal(2, model.Calls);
        Assert.Equal(1.5 * 1.5 * 2.0, value);
        Assert.Equal(2 * 1.5 * 2.0 * 3, dX2, 12);
    }

    [Fact]
    public void Caller_matches_finite_differences()
    {
        GradientAssert.MatchesFiniteDifferences(p => Members.Caller(p[0], p[1]), (p, g) => Members.CallerGradient(p[0], p[1], out g[0], out g[1]), dimension: 2);
    }
}
