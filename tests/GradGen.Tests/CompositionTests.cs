using System;
using GradGen.Tests.Models;

namespace GradGen.Tests;

public class CompositionTests
{
    [Fact]
    public void Calls_to_differentiable_methods_compose_through_their_pullbacks()
    {
        GradientAssert.MatchesFiniteDifferences(
            x => Composition.Chain(x[0], x[1]),
            (x, d) =>
            {
                var v = Composition.ChainGradient(x[0], x[1], out var dX, out var dY);
                (d[0], d[1]) = (dX, dY);
                return v;
            },
            dimension: 2);
    }

    [Fact]
    public void Chain_by_hand()
    {
        // f = x·0.5·(x² + x²y²) + 3y: ∂f/∂x = 0.5·(3x² + 3x²y²), ∂f/∂y = x³y + 3
        const double x = 1.3, y = -0.7;
        Composition.ChainGradient(x, y, out var dX, out var dY);
        GradientAssert.Close(0.5 * ((3 * x * x) + (3 * x * x * y * y)), dX);
        GradientAssert.Close((x * x * x * y) + 3, dY);
    }

    [Fact]
    public void A_float_argument_to_a_double_parameter()
    {
        // g = f²·(y² + f)²: ∂g/∂f = 2f(y² + f)² + 2f²(y² + f), ∂g/∂y = 4f²y(y² + f)
        foreach (var (single, y) in new[] { (0.375f, -0.4), (-1.25f, 0.9), (2f, 0.1) })
        {
            double f = single;
            var value = Composition.MixedCallGradient(single, y, out var dF, out var dY);
            var inner = (y * y) + f;
            GradientAssert.Close(f * f * inner * inner, value);
            var expectedF = (2 * f * inner * inner) + (2 * f * f * inner);
            Assert.True(Math.Abs(expectedF - dF) <= 1e-6 * Math.Abs(expectedF), $"{expectedF} vs {dF}"); // dF is a float, as f is
            GradientAssert.Close(4 * f * f * y * inner, dY);
        }
    }

    [Fact]
    public void Ordinary_calls_with_inactive_arguments_are_constants()
    {
        const double x = 0.8, data = 2.6;
        var value = Composition.OrdinaryCallsGradient(x, data, 3, out var dX);
        GradientAssert.Close(Composition.OrdinaryCalls(x, data, 3), value);
        GradientAssert.Close(Composition.Weight(3) + Math.Round(data) + (data / 2), dX);
    }

    [Fact]
    public void Non_floating_point_and_NoDerivative_parameters_pass_through()
    {
        var p = new Point(1.5, -2);
        var value = Composition.PassThroughGradient(0.3, 2, true, "abc", 4.0, p, 0.9, out var dX, out var dY);

        GradientAssert.Close(Composition.PassThrough(0.3, 2, true, "abc", 4.0, p, 0.9), value);
        GradientAssert.Close(-1.5 * 4.0, dX);
        GradientAssert.Close(2 * 2 * 4.0, dY);
    }

    [Fact]
    public void Float_methods_return_float_gradients()
    {
        GradientAssert.MatchesFiniteDifferencesF(
            x => Composition.FloatMethod(x[0], x[1] + 2f),
            (x, d) =>
            {
                var v = Composition.FloatMethodGradient(x[0], x[1] + 2f, out float dA, out float dB);
                (d[0], d[1]) = (dA, dB);
                return v;
            },
            dimension: 2);

        float seedTotal = 1f, other = 0f;
        Composition.FloatMethodPullback(0.5f, 2f, 2f, ref seedTotal, ref other);
        Composition.FloatMethodGradient(0.5f, 2f, out var exactA, out _);
        Assert.Equal(1f + (2f * exactA), seedTotal, 5);
    }

    [Fact]
    public void Float_and_double_mix()
    {
        // Float rounding inside the method makes finite differences useless here; the chain rule by hand is exact.
        foreach (var (a, b) in new[] { (0.4f, 1.2), (-0.75f, 0.3), (1.5f, -2.0) })
        {
            var value = Composition.MixedGradient(a, b, out var dA, out var dB);
            double d = a * b;
            var f0 = (float)d + a;
            var f = f0 + (float)Math.Sin(f0);
            Assert.Equal(Composition.Mixed(a, b), value);
            Assert.Equal((b * (1 + Math.Cos(f0)) * (b + 1)) - Math.Sin(a), dA, 5);
            Assert.Equal(f + (b * (1 + Math.Cos(f0)) * a), dB, 5);
        }
    }

    [Fact]
    public void Names_that_collide_with_generated_ones_get_deterministic_alternatives()
    {
        var value = Composition.CollisionsGradient(2, 3, 5, out var dA, out var dDA, out var dSeed);

        Assert.Equal(Composition.Collisions(2, 3, 5), value);
        Assert.Equal(3 * 5, dA);
        Assert.Equal(2 * 5, dDA);
        Assert.Equal((2 * 3) + 5 + 5, dSeed);

        double accA = 0, accDA = 0, accSeed = 0;
        Composition.CollisionsPullback(2, 3, 5, seed_1: 2, ref accA, ref accDA, ref accSeed);
        Assert.Equal(2 * dA, accA);
    }

    [Fact]
    public void Double_method_calling_a_float_method()
    {
        // h(x) = F((float)x, 2)·x: h' = F_a·x + F, with F's own (float) gradient.
        foreach (var x in new[] { 0.5, -1.25, 2.0 })
        {
            Composition.CallsFloatGradient(x, out var dX);
            var f = Composition.FloatMethodGradient((float)x, 2f, out var fA, out _);
            Assert.Equal((fA * x) + f, dX, 5);
        }
    }

    [Fact]
    public void Instance_methods_read_fields_and_properties_as_constants()
    {
        var spring = new Spring(stiffness: 3, rest: 1.5);
        var energy = spring.EnergyGradient(2.5, out var dLength);
        GradientAssert.Close(1.5, energy);
        GradientAssert.Close(3.0, dLength);

        GradientAssert.MatchesFiniteDifferences(
            x => spring.Pair(x[0], x[1]),
            (x, d) =>
            {
                var v = spring.PairGradient(x[0], x[1], out var d1, out var d2);
                (d[0], d[1]) = (d1, d2);
                return v;
            },
            dimension: 2);
    }
}
