using System;
using GradGen.Tests.Models;

namespace GradGen.Tests.Forward;

/// <summary>
/// Hessian-vector products and Hessians against central differences of the generated gradient,
/// H·v ≈ (∇f(x + hv) − ∇f(x − hv)) / 2h, at random points and directions; the gradient the product writes against FGradient.
/// </summary>
public class SecondOrderTests
{
    internal delegate double Gradient(double[] x, double[] g);

    internal delegate double Product(double[] x, double[] v, double[] g, double[] hv);

    internal delegate double Hessian(double[] x, double[] h);

    internal static void Check(int n, Func<double[], double> f, Gradient gradient, Product product, Hessian hessian, int points = 4)
    {
        var random = new Random(20261204 + n);
        for (var p = 0; p < points; p++)
        {
            var x = new double[n];
            var v = new double[n];
            for (var i = 0; i < n; i++)
            {
                x[i] = random.NextDouble() * 1.6 - 0.8;
                v[i] = random.NextDouble() * 2 - 1;
            }

            var g = new double[n];
            var hv = new double[n];
            var g0 = new double[n];
            var value = product(x, v, g, hv);
            Assert.Equal(f(x), value);
            Assert.Equal(gradient(x, g0), value);
            for (var i = 0; i < n; i++)
            {
                Assert.True(Math.Abs(g[i] - g0[i]) <= 1e-12 * (1 + Math.Abs(g0[i])), $"gradient[{i}]: {g[i]:R} vs {g0[i]:R}");
            }

            // Central differences of the gradient along v.
            const double h = 1e-5;
            var plus = new double[n];
            var minus = new double[n];
            var gp = new double[n];
            var gm = new double[n];
            for (var i = 0; i < n; i++)
            {
                plus[i] = x[i] + h * v[i];
                minus[i] = x[i] - h * v[i];
            }

            gradient(plus, gp);
            gradient(minus, gm);
            for (var i = 0; i < n; i++)
            {
                var numeric = (gp[i] - gm[i]) / (2 * h);
                Assert.True(Math.Abs(hv[i] - numeric) <= 1e-5 * (1 + Math.Abs(numeric)), $"(H·v)[{i}] at point {p}: {hv[i]:R}, differences of the gradient {numeric:R}");
            }

            // The Hessian: symmetric, and H·v from it equals the product.
            var full = new double[n * n];
            Assert.Equal(value, hessian(x, full));
            for (var i = 0; i < n; i++)
            {
                var row = 0.0;
                for (var j = 0; j < n; j++)
                {
                    Assert.Equal(full[i * n + j], full[j * n + i]);
                    row += full[i * n + j] * v[j];
                }

                Assert.True(Math.Abs(row - hv[i]) <= 1e-9 * (1 + Math.Abs(hv[i])), $"(H v)[{i}] from the Hessian {row:R}, product {hv[i]:R}");
            }
        }
    }

    [Theory]
    [InlineData(0)]
    [InlineData(1)]
    [InlineData(4)]
    public void Contract_shape(int m) => Check(
        m + 1,
        x => SecondOrderModels.F(x[0], x[1..], 0.7),
        (x, g) =>
        {
            var dw = new double[m];
            var value = SecondOrderModels.FGradient(x[0], x[1..], 0.7, out g[0], dw);
            dw.CopyTo(g, 1);
            return value;
        },
        (x, v, g, hv) =>
        {
            var dW = new double[m];
            var hvW = new double[m];
            var value = SecondOrderModels.FHessianVectorProduct(x[0], x[1..], 0.7, v[0], v[1..], out g[0], dW, out hv[0], hvW);
            dW.CopyTo(g, 1);
            hvW.CopyTo(hv, 1);
            return value;
        },
        (x, h) => SecondOrderModels.FHessian(x[0], x[1..], 0.7, h));

    [Theory]
    [InlineData(2)]
    [InlineData(6)]
    public void Extended_Rosenbrock(int n) => Check(
        n,
        x => SecondOrderModels.Rosenbrock(x),
        (x, g) => SecondOrderModels.RosenbrockGradient(x, g),
        (x, v, g, hv) => SecondOrderModels.RosenbrockHessianVectorProduct(x, v, g, hv),
        (x, h) => SecondOrderModels.RosenbrockHessian(x, h));

    [Theory]
    [InlineData(1)]
    [InlineData(3)]
    public void Branches_loops_and_a_local_array(int m) => Check(
        m + 2,
        x => SecondOrderModels.Mixed(x[0], x[1], x[2..]),
        (x, g) => SecondOrderModels.MixedGradient(x[0], x[1], x[2..], out g[0], out g[1], g.AsSpan(2)),
        (x, v, g, hv) => SecondOrderModels.MixedHessianVectorProduct(x[0], x[1], x[2..], v[0], v[1], v[2..], out g[0], out g[1], g.AsSpan(2), out hv[0], out hv[1], hv.AsSpan(2)),
        (x, h) => SecondOrderModels.MixedHessian(x[0], x[1], x[2..], h),
        points: 8);

    private static readonly double[] Data = { 0.5, -1.5, 2 };

    [Theory]
    [InlineData(1)]
    [InlineData(3)]
    public void Calls_to_differentiable_methods_get_second_derivatives_too(int m) => Check(
        m + 1,
        x => SecondOrderModels.Composite(x[0], x[1..], Data),
        (x, g) =>
        {
            var dw = new double[m];
            var value = SecondOrderModels.CompositeGradient(x[0], x[1..], Data, out g[0], dw);
            dw.CopyTo(g, 1);
            return value;
        },
        (x, v, g, hv) =>
        {
            var dW = new double[m];
            var hvW = new double[m];
            var value = SecondOrderModels.CompositeHessianVectorProduct(x[0], x[1..], Data, v[0], v[1..], out g[0], dW, out hv[0], hvW);
            dW.CopyTo(g, 1);
            hvW.CopyTo(hv, 1);
            return value;
        },
        (x, h) => SecondOrderModels.CompositeHessian(x[0], x[1..], Data, h),
        points: 6);

    [Fact]
    public void A_callee_raised_to_second_derivatives_has_them_itself()
    {
        // Sigmoid asked for nothing; a caller with second derivatives gave it a Hessian too: σ'' = σ(1 − σ)(1 − 2σ).
        var h = new double[1];
        var z = 0.3;
        var s = SecondOrderModels.SigmoidHessian(z, h);
        Assert.Equal(SecondOrderModels.Sigmoid(z), s);
        Assert.True(Math.Abs(h[0] - s * (1 - s) * (1 - 2 * s)) < 1e-14);
    }

    [Fact]
    public void A_call_that_overwrites_its_argument() => Check(
        2,
        x => SecondOrderModels.Overwrites(x[0], x[1]),
        (x, g) => SecondOrderModels.OverwritesGradient(x[0], x[1], out g[0], out g[1]),
        (x, v, g, hv) => SecondOrderModels.OverwritesHessianVectorProduct(x[0], x[1], v[0], v[1], out g[0], out g[1], out hv[0], out hv[1]),
        (x, h) => SecondOrderModels.OverwritesHessian(x[0], x[1], h),
        points: 6);

    [Fact]
    public void Instance_methods_calling_instance_and_static_methods()
    {
        var oscillator = new Oscillator(0.3);
        Check(
            2,
            x => oscillator.Energy(x[0], x[1]),
            (x, g) => oscillator.EnergyGradient(x[0], x[1], out g[0], out g[1]),
            (x, v, g, hv) => oscillator.EnergyHessianVectorProduct(x[0], x[1], v[0], v[1], out g[0], out g[1], out hv[0], out hv[1]),
            (x, h) => oscillator.EnergyHessian(x[0], x[1], h),
            points: 6);
    }

    [Fact]
    public void Shapes_are_checked()
    {
        Assert.Equal("hessian", Assert.Throws<ArgumentException>(() => SecondOrderModels.FHessian(1, new double[2], 0, new double[8])).ParamName);
        Assert.Equal("vW", Assert.Throws<ArgumentException>(() => SecondOrderModels.FHessianVectorProduct(1, new double[2], 0, 1, new double[3], out _, new double[2], out _, new double[2])).ParamName);
        Assert.Equal("hvW", Assert.Throws<ArgumentException>(() => SecondOrderModels.FHessianVectorProduct(1, new double[2], 0, 1, new double[2], out _, new double[2], out _, new double[1])).ParamName);
    }
}
