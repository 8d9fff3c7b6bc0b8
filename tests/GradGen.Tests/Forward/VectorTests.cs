using System;
using GradGen.Tests.Models;

namespace GradGen.Tests.Forward;

/// <summary>
/// Vector-valued methods: the Jacobian (both the forward and the reverse strategy) against central differences of the
/// method, column by column; Pushforward against J·d and Pullback against Jᵀ·s added to non-zero buffers.
/// </summary>
public class VectorTests
{
    private delegate void Method(double[] x, Span<double> r);

    private delegate void Jacobian(double[] x, Span<double> r, Span<double> jacobian);

    private delegate void Pushforward(double[] x, double[] d, Span<double> r, Span<double> dr);

    private delegate void Pullback(double[] x, Span<double> r, double[] seed, double[] g);

    private static void Check(int n, int m, Method f, Jacobian jacobian, Pushforward pushforward, Pullback pullback, int points = 4)
    {
        var random = new Random(20261204 + (n * 31) + m);
        for (var p = 0; p < points; p++)
        {
            var x = new double[n];
            for (var i = 0; i < n; i++)
            {
                x[i] = random.NextDouble() * 1.6 - 0.8;
            }

            var r = new double[m];
            f(x, r);
            var rj = new double[m];
            var jac = new double[m * n];
            jacobian(x, rj, jac);
            Assert.Equal(r, rj);

            // Central differences, column by column.
            var plus = new double[m];
            var minus = new double[m];
            for (var j = 0; j < n; j++)
            {
                var h = 1e-6 * Math.Max(1, Math.Abs(x[j]));
                var xp = (double[])x.Clone();
                var xm = (double[])x.Clone();
                xp[j] += h;
                xm[j] -= h;
                f(xp, plus);
                f(xm, minus);
                for (var i = 0; i < m; i++)
                {
                    var numeric = (plus[i] - minus[i]) / (xp[j] - xm[j]);
                    Assert.True(Math.Abs(jac[i * n + j] - numeric) <= 1e-6 * (1 + Math.Abs(numeric)), $"J[{i},{j}] at point {p}: {jac[i * n + j]:R}, finite differences {numeric:R}");
                }
            }

            if (n <= m)
            {
                // The forward strategy computes each column as a Pushforward along a unit direction does: the same
                // values (a zero's sign aside), whichever columns it knows to be zero.
                var unit = new double[n];
                var column = new double[m];
                for (var j = 0; j < n; j++)
                {
                    Array.Clear(unit);
                    unit[j] = 1;
                    pushforward(x, unit, new double[m], column);
                    for (var i = 0; i < m; i++)
                    {
                        Assert.True(jac[i * n + j] == column[i], $"J[{i},{j}] at point {p}: {jac[i * n + j]:R}, Pushforward along e{j}: {column[i]:R}");
                    }
                }
            }

            var d = new double[n];
            var s = new double[m];
            for (var j = 0; j < n; j++)
            {
                d[j] = random.NextDouble() * 2 - 1;
            }

            for (var i = 0; i < m; i++)
            {
                s[i] = random.NextDouble() * 2 - 1;
            }

            var rf = new double[m];
            var dr = new double[m];
            dr.AsSpan().Fill(99);
            pushforward(x, d, rf, dr);
            Assert.Equal(r, rf);
            for (var i = 0; i < m; i++)
            {
                var expected = 0.0;
                for (var j = 0; j < n; j++)
                {
                    expected += jac[i * n + j] * d[j];
                }

                Assert.True(Math.Abs(dr[i] - expected) <= 1e-12 * (1 + Math.Abs(expected)), $"(J·d)[{i}]: {dr[i]:R} vs {expected:R}");
            }

            var rb = new double[m];
            var g = new double[n];
            for (var j = 0; j < n; j++)
            {
                g[j] = j + 0.5;
            }

            pullback(x, rb, s, g);
            Assert.Equal(r, rb);
            for (var j = 0; j < n; j++)
            {
                var expected = j + 0.5;
                for (var i = 0; i < m; i++)
                {
                    expected += jac[i * n + j] * s[i];
                }

                Assert.True(Math.Abs(g[j] - expected) <= 1e-12 * (1 + Math.Abs(expected)), $"(Jᵀ·s)[{j}]: {g[j]:R} vs {expected:R}");
            }
        }
    }

    private static readonly double[] T = { 0, 0.3, 0.7, 1.1, 1.6, 2.2, 3.0 };

    private static readonly double[] Y = { 2.1, 1.6, 1.2, 0.9, 0.7, 0.5, 0.4 };

    [Theory]
    [InlineData(7)]
    [InlineData(3)]
    [InlineData(2)]
    public void Residuals_of_a_fit_by_both_strategies(int m) => Check(
        4,
        m,
        (x, r) => VectorModels.Residuals(x, T.AsSpan(0, m), Y.AsSpan(0, m), r),
        (x, r, j) => VectorModels.ResidualsJacobian(x, T.AsSpan(0, m), Y.AsSpan(0, m), r, j),
        (x, d, r, dr) => VectorModels.ResidualsPushforward(x, T.AsSpan(0, m), Y.AsSpan(0, m), r, d, dr),
        (x, r, s, g) => VectorModels.ResidualsPullback(x, T.AsSpan(0, m), Y.AsSpan(0, m), r, s, g));

    [Theory]
    [InlineData(2, 2)]
    [InlineData(3, 6)]
    [InlineData(5, 3)]
    public void Overwrites_branches_unwritten_elements_and_early_return(int w, int m) => Check(
        w + 1,
        m,
        (x, r) => VectorModels.Mixed(x[0], x[1..], r),
        (x, r, j) => VectorModels.MixedJacobian(x[0], x[1..], r, j),
        (x, d, r, dr) => VectorModels.MixedPushforward(x[0], x[1..], r, d[0], d[1..], dr),
        (x, r, s, g) =>
        {
            var dw = g[1..];
            VectorModels.MixedPullback(x[0], x[1..], r, s, ref g[0], dw);
            dw.CopyTo(g, 1);
        },
        points: 6);

    [Theory]
    [InlineData(2, 6)]
    [InlineData(4, 3)]
    public void A_conditional_with_different_partials_in_its_branches(int w, int m) => Check(
        w + 1,
        m,
        (x, r) => VectorModels.Branchy(x[0], x.AsSpan(1), r),
        (x, r, j) => VectorModels.BranchyJacobian(x[0], x.AsSpan(1), r, j),
        (x, d, r, dr) => VectorModels.BranchyPushforward(x[0], x.AsSpan(1), r, d[0], d.AsSpan(1), dr),
        (x, r, s, g) =>
        {
            var dw = g[1..];
            VectorModels.BranchyPullback(x[0], x.AsSpan(1), r, s, ref g[0], dw);
            dw.CopyTo(g, 1);
        },
        points: 6);

    [Theory]
    [InlineData(2, 5)]
    [InlineData(3, 2)]
    public void A_call_of_another_differentiable_method(int w, int m) => Check(
        w + 1,
        m,
        (x, r) => VectorModels.WithCall(x[0], x.AsSpan(1), r),
        (x, r, j) => VectorModels.WithCallJacobian(x[0], x.AsSpan(1), r, j),
        (x, d, r, dr) => VectorModels.WithCallPushforward(x[0], x.AsSpan(1), r, d[0], d.AsSpan(1), dr),
        (x, r, s, g) =>
        {
            var dw = g[1..];
            VectorModels.WithCallPullback(x[0], x.AsSpan(1), r, s, ref g[0], dw);
            dw.CopyTo(g, 1);
        });

    [Theory]
    [InlineData(3, 5)]
    [InlineData(5, 2)]
    public void Views_of_the_parameters(int n, int m) => Check(
        n,
        m,
        (x, r) => VectorModels.WithViews(x, r),
        (x, r, j) => VectorModels.WithViewsJacobian(x, r, j),
        (x, d, r, dr) => VectorModels.WithViewsPushforward(x, r, d, dr),
        (x, r, s, g) => VectorModels.WithViewsPullback(x, r, s, g));

    [Theory]
    [InlineData(4, 9)]
    [InlineData(6, 7)]
    [InlineData(4, 3)]
    public void Known_columns_of_tangents(int w, int m) => Check(
        w + 1,
        m,
        (x, r) => VectorModels.KnownColumns(x[0], x.AsSpan(1), r),
        (x, r, j) => VectorModels.KnownColumnsJacobian(x[0], x.AsSpan(1), r, j),
        (x, d, r, dr) => VectorModels.KnownColumnsPushforward(x[0], x.AsSpan(1), r, d[0], d.AsSpan(1), dr),
        (x, r, s, g) =>
        {
            var dw = g[1..];
            VectorModels.KnownColumnsPullback(x[0], x.AsSpan(1), r, s, ref g[0], dw);
            dw.CopyTo(g, 1);
        },
        points: 6);

    [Fact]
    public void Single_precision_Jacobian()
    {
        var p = new[] { 0.3f, -0.2f };
        var r = new float[5];
        var jac = new float[10];
        VectorModels.SingleJacobian(p, r, jac);
        for (var i = 0; i < 5; i++)
        {
            var t = MathF.Tanh(p[0] * i + p[1]);
            Assert.Equal(t, r[i]);
            Assert.True(Math.Abs(jac[i * 2] - (1 - t * t) * i) < 1e-6f);
            Assert.True(Math.Abs(jac[i * 2 + 1] - (1 - t * t)) < 1e-6f);
        }
    }

    [Fact]
    public void An_output_that_shares_memory_with_an_input_or_another_span_throws()
    {
        var buffer = new double[8];
        Assert.Equal("r", Assert.Throws<ArgumentException>(() => VectorModels.ResidualsJacobian(buffer.AsSpan(0, 4), T.AsSpan(0, 3), Y.AsSpan(0, 3), buffer.AsSpan(3, 3), new double[12])).ParamName);
        Assert.Equal("r", Assert.Throws<ArgumentException>(() => VectorModels.ResidualsPullback(new double[4], T.AsSpan(0, 3), Y.AsSpan(0, 3), buffer.AsSpan(0, 3), buffer.AsSpan(2, 3), new double[4])).ParamName);
        Assert.Equal("r", Assert.Throws<ArgumentException>(() => VectorModels.ResidualsPushforward(new double[4], T.AsSpan(0, 3), Y.AsSpan(0, 3), buffer.AsSpan(0, 3), new double[4], buffer.AsSpan(1, 3))).ParamName);
        var jacobian = new double[12];
        Assert.Equal("r", Assert.Throws<ArgumentException>(() => VectorModels.ResidualsJacobian(new double[4], T.AsSpan(0, 3), Y.AsSpan(0, 3), jacobian.AsSpan(0, 3), jacobian)).ParamName);
    }

    [Fact]
    public void Shapes_are_checked()
    {
        var r = new double[3];
        Assert.Equal("jacobian", Assert.Throws<ArgumentException>(() => VectorModels.ResidualsJacobian(new double[4], T.AsSpan(0, 3), Y.AsSpan(0, 3), new double[3], new double[11])).ParamName);
        Assert.Equal("seedR", Assert.Throws<ArgumentException>(() => VectorModels.ResidualsPullback(new double[4], T.AsSpan(0, 3), Y.AsSpan(0, 3), new double[3], new double[2], new double[4])).ParamName);
        Assert.Equal("dR", Assert.Throws<ArgumentException>(() => VectorModels.ResidualsPushforward(new double[4], T.AsSpan(0, 3), Y.AsSpan(0, 3), new double[3], new double[4], new double[2])).ParamName);
        Assert.Equal("dP", Assert.Throws<ArgumentException>(() => VectorModels.ResidualsPushforward(new double[4], T.AsSpan(0, 3), Y.AsSpan(0, 3), new double[3], new double[3], new double[3])).ParamName);
    }
}
