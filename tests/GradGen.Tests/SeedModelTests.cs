using System;
using GradGen.Tests.Models;

namespace GradGen.Tests;

public class SeedModelTests
{
    [Theory]
    [InlineData(0.7, -1.3, 2.1)]
    [InlineData(-2.0, 0.5, 0.3)]
    [InlineData(0.0, 1.0, -4.0)]
    public void Gradient_matches_the_hand_derived_formula(double a, double b, double x)
    {
        var z = SeedModel.ZGradient(a, b, x, out var dA, out var dB);

        var s = 1 / (1 + Math.Exp(-a * x));
        GradientAssert.Close(b * s, z);
        GradientAssert.Close(b * x * s * (1 - s), dA);
        GradientAssert.Close(s, dB);
    }

    [Fact]
    public void Gradient_matches_finite_differences()
    {
        GradientAssert.MatchesFiniteDifferences(
            p => SeedModel.Z(p[0], p[1], 1.7),
            (p, g) =>
            {
                var value = SeedModel.ZGradient(p[0], p[1], 1.7, out var dA, out var dB);
                (g[0], g[1]) = (dA, dB);
                return value;
            },
            dimension: 2);
    }

    [Fact]
    public void Composed_through_a_differentiable_call_matches_finite_differences_and_the_inline_version()
    {
        GradientAssert.MatchesFiniteDifferences(
            p => SeedModel.ZComposed(p[0], p[1], p[2]),
            (p, g) =>
            {
                var value = SeedModel.ZComposedGradient(p[0], p[1], p[2], out var dA, out var dB, out var dX);
                (g[0], g[1], g[2]) = (dA, dB, dX);
                return value;
            },
            dimension: 3);

        SeedModel.ZComposedGradient(0.7, -1.3, 2.1, out var ca, out var cb, out _);
        SeedModel.ZGradient(0.7, -1.3, 2.1, out var ia, out var ib);
        GradientAssert.Close(ia, ca);
        GradientAssert.Close(ib, cb);
    }

    [Fact]
    public void Pullback_adds_seed_times_the_gradient_to_what_is_there()
    {
        SeedModel.ZGradient(0.7, -1.3, 2.1, out var dA, out var dB);
        double accA = 10, accB = -5;

        SeedModel.ZPullback(0.7, -1.3, 2.1, 3.0, ref accA, ref accB);

        GradientAssert.Close(10 + (3 * dA), accA);
        GradientAssert.Close(-5 + (3 * dB), accB);
    }

    [Fact]
    public void GradientCheck_one_liner_passes_on_the_generated_gradient_and_fails_on_a_wrong_one()
    {
        ScalarFunction f = p => SeedModel.ZComposed(p[0], p[1], p[2]);
        GradientFunction generated = (p, g) =>
        {
            var value = SeedModel.ZComposedGradient(p[0], p[1], p[2], out var dA, out var dB, out var dX);
            (g[0], g[1], g[2]) = (dA, dB, dX);
            return value;
        };
        GradientFunction wrong = (p, g) =>
        {
            var value = generated(p, g);
            g[2] *= 1.01;
            return value;
        };

        GradientCheck.Compare(f, generated, new[] { 0.7, -1.3, 2.1 }).ThrowIfFailed();
        var failure = Assert.Throws<GradientCheckException>(() => GradientCheck.Compare(f, wrong, new[] { 0.7, -1.3, 2.1 }).ThrowIfFailed());
        Assert.Equal(2, failure.Report.WorstIndex);
    }
}
