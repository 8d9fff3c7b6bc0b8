using System;
using GradGen.Tests.Models;

namespace GradGen.Tests;

/// <summary>[DerivativeOf] derivatives are used wherever the method is called, and the opted-in fallback is accurate.</summary>
public sealed class CustomDerivativeTests
{
    private static double Sigmoid(double x) => 1 / (1 + Math.Exp(-x));

    [Fact]
    public void A_custom_derivative_is_used_for_each_call()
    {
        GradientAssert.MatchesFiniteDifferences(
            v => CustomDerivativeModels.UsesSoftplus(v[0], v[1]),
            (v, g) =>
            {
                var value = CustomDerivativeModels.UsesSoftplusGradient(v[0], v[1], out g[0], out g[1]);
                return value;
            },
            dimension: 2);

        // By hand: d/da = b·σ(ab) + softplus(b), d/db = a·σ(ab) + a·σ(b).
        const double a = 0.7, b = -1.3;
        CustomDerivativeModels.UsesSoftplusGradient(a, b, out var dA, out var dB);
        GradientAssert.Close(b * Sigmoid(a * b) + Special.Softplus(b), dA);
        GradientAssert.Close(a * Sigmoid(a * b) + a * Sigmoid(b), dB);
    }

    [Fact]
    public void A_custom_derivative_with_a_span_parameter_adds_into_the_span_gradient()
    {
        var random = new Random(7);
        var x = new double[6];
        for (var i = 0; i < x.Length; i++)
        {
            x[i] = random.NextDouble() * 2 - 1;
        }

        GradientAssert.MatchesFiniteDifferences(
            v => CustomDerivativeModels.RidgeLoss(v[..6], x, v[6]),
            (v, g) =>
            {
                var value = CustomDerivativeModels.RidgeLossGradient(v[..6], x, v[6], g[..6], out var dLambda);
                g[6] = dLambda;
                return value;
            },
            dimension: 7);
    }

    [Fact]
    public void A_custom_derivative_of_a_method_in_a_referenced_assembly_is_used()
    {
        GradientAssert.MatchesFiniteDifferences(
            v => CustomDerivativeModels.Distance(v[0], v[1], v[2]),
            (v, g) => CustomDerivativeModels.DistanceGradient(v[0], v[1], v[2], out g[0], out g[1], out g[2]),
            dimension: 3);
    }

    [Fact]
    public void The_finite_difference_fallback_agrees_with_the_exact_gradient_to_about_1e8()
    {
        // Exact partials of Bumpy(p, q) = exp(sin(p)·q) / (1 + q²).
        static (double Value, double DP, double DQ) Bumpy(double p, double q)
        {
            var e = Math.Exp(Math.Sin(p) * q);
            var d = 1 + q * q;
            return (e / d, e * Math.Cos(p) * q / d, e * Math.Sin(p) / d - e * 2 * q / (d * d));
        }

        var random = new Random(11);
        for (var point = 0; point < 5; point++)
        {
            var x = random.NextDouble() * 2 - 1;
            var y = random.NextDouble() * 2 - 1;
            var (b1, b1p, b1q) = Bumpy(x * y, y);
            var (b2, b2p, _) = Bumpy(y, 0.5);
            var u = b1 + x;
            var exactX = (b1p * y + 1) * b2;
            var exactY = (b1p * x + b1q) * b2 + u * b2p;

            var value = CustomDerivativeModels.WithFallbackGradient(x, y, out var dX, out var dY);
            GradientAssert.Close(u * b2, value);
            Assert.True(Math.Abs(dX - exactX) <= 1e-8 * Math.Max(1, Math.Abs(exactX)), $"dX {dX:R} vs exact {exactX:R}");
            Assert.True(Math.Abs(dY - exactY) <= 1e-8 * Math.Max(1, Math.Abs(exactY)), $"dY {dY:R} vs exact {exactY:R}");
        }
    }

    [Fact]
    public void The_finite_difference_fallback_works_for_float()
    {
        const float x = 0.8f;
        CustomDerivativeModels.WithFallbackFGradient(x, out var dX);
        var t = x * x;
        var exact = (Math.Cos(t) * Math.Exp(t / 3) + Math.Sin(t) * Math.Exp(t / 3) / 3) * 2 * x + 1;
        Assert.True(Math.Abs(dX - exact) <= 1e-3 * Math.Abs(exact), $"dX {dX:R} vs exact {exact:R}");
    }
}
