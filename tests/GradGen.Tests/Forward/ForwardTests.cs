using System;
using GradGen.Tests.Models;

namespace GradGen.Tests.Forward;

/// <summary>
/// Pushforwards against gradients: at random points and random directions d, FPushforward's value must be the method's
/// and its derivative ∇f·d, with ∇f from FGradient (itself compared with finite differences in the other tests) and
/// from finite differences along d.
/// </summary>
public class ForwardTests
{
    internal static void Check(int dimension, Func<double[], double> f, Func<double[], double[], double> gradient, Func<double[], double[], (double Value, double Derivative)> pushforward, int points = 6)
    {
        var random = new Random(20261204);
        for (var p = 0; p < points; p++)
        {
            var x = new double[dimension];
            var d = new double[dimension];
            for (var i = 0; i < dimension; i++)
            {
                x[i] = random.NextDouble() * 2 - 1;
                d[i] = random.NextDouble() * 2 - 1;
            }

            var g = new double[dimension];
            var value = gradient(x, g);
            var expected = 0.0;
            for (var i = 0; i < dimension; i++)
            {
                expected += g[i] * d[i];
            }

            var (forwardValue, derivative) = pushforward(x, d);
            Assert.Equal(f(x), forwardValue);
            Assert.Equal(value, forwardValue);
            Assert.True(Math.Abs(derivative - expected) <= 1e-10 * (1 + Math.Abs(expected)), $"pushforward {derivative:R}, gradient·d {expected:R} at point {p}");
            var numeric = FiniteDifferences.DirectionalDerivative(v => f(v.ToArray()), x, d, FiniteDifferenceScheme.Central);
            Assert.True(Math.Abs(derivative - numeric) <= 1e-6 * (1 + Math.Abs(numeric)), $"pushforward {derivative:R}, finite differences {numeric:R} at point {p}");
        }
    }

    [Theory]
    [InlineData(0)]
    [InlineData(1)]
    [InlineData(5)]
    public void Contract_shape_with_an_array_and_a_constant(int n) => Check(
        n + 1,
        x => ForwardModels.F(x[0], x[1..], 0.3),
        (x, g) =>
        {
            var dw = new double[n];
            var value = ForwardModels.FGradient(x[0], x[1..], 0.3, out g[0], dw);
            dw.CopyTo(g, 1);
            return value;
        },
        (x, d) =>
        {
            var value = ForwardModels.FPushforward(x[0], x[1..], 0.3, d[0], d[1..], out var dResult);
            return (value, dResult);
        });

    [Theory]
    [InlineData(1)]
    [InlineData(4)]
    public void Overwrites_branches_loops_and_math(int n) => Check(
        n + 2,
        x => ForwardModels.Mixed(x[0], x[1], x[2..]),
        (x, g) => ForwardModels.MixedGradient(x[0], x[1], x[2..], out g[0], out g[1], g.AsSpan(2)),
        (x, d) => (ForwardModels.MixedPushforward(x[0], x[1], x[2..], d[0], d[1], d[2..], out var r), r),
        points: 12);

    [Fact]
    public void Calls_to_differentiable_methods() => Check(
        4,
        x => ForwardModels.Caller(x[0], x[1..]),
        (x, g) => ForwardModels.CallerGradient(x[0], x[1..], out g[0], g.AsSpan(1)),
        (x, d) => (ForwardModels.CallerPushforward(x[0], x[1..], d[0], d[1..], out var r), r));

    [Fact]
    public void Calls_to_methods_with_custom_derivatives() => Check(
        4,
        x => ForwardModels.ThroughCustomDerivatives(x[0], x[1..]),
        (x, g) => ForwardModels.ThroughCustomDerivativesGradient(x[0], x[1..], out g[0], g.AsSpan(1)),
        (x, d) => (ForwardModels.ThroughCustomDerivativesPushforward(x[0], x[1..], d[0], d[1..], out var r), r));

    [Fact]
    public void Tangent_span_of_the_wrong_length_throws()
    {
        var error = Assert.Throws<ArgumentException>(() => ForwardModels.FPushforward(1, new double[3], 0, 1, new double[2], out _));
        Assert.Equal("dW", error.ParamName);
    }

    [Fact]
    public void Single_precision()
    {
        var w = new[] { 0.5f, -0.25f, 1.5f };
        var dw = new[] { 0.1f, 0.2f, -0.3f };
        var g = new float[3];
        var value = ForwardModels.SingleGradient(0.7f, w, out var gx, g);
        var forward = ForwardModels.SinglePushforward(0.7f, w, 0.4f, dw, out var derivative);
        Assert.Equal(value, forward);
        var expected = gx * 0.4f + g[0] * dw[0] + g[1] * dw[1] + g[2] * dw[2];
        Assert.True(Math.Abs(derivative - expected) <= 1e-5f * (1 + Math.Abs(expected)));
    }
}
