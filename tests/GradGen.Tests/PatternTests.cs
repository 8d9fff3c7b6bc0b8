using System;
using GradGen.Tests.Models;

namespace GradGen.Tests;

public class PatternTests
{
    private delegate double Grad2(double a, double b, out double dA, out double dB);

    private static void Check2(Func<double, double, double> f, Grad2 g, double[] a, double[] b)
    {
        foreach (var x in a)
        {
            foreach (var y in b)
            {
                var point = new[] { x, y };
                GradientAssert.MatchesFiniteDifferences(
                    v => f(v[0], v[1]),
                    (v, d) => g(v[0], v[1], out d[0], out d[1]),
                    2,
                    (r, i) => point[i] + (r.NextDouble() * 0.02) - 0.01,
                    points: 2);
            }
        }
    }

    private static void Check1(Func<double, double> f, Func<double, (double Value, double Derivative)> g, params double[] points)
    {
        foreach (var x in points)
        {
            GradientAssert.MatchesFiniteDifferences(
                v => f(v[0]),
                (v, d) =>
                {
                    var (value, derivative) = g(v[0]);
                    d[0] = derivative;
                    return value;
                },
                1,
                (r, _) => x + (r.NextDouble() * 0.02) - 0.01,
                points: 2);
        }
    }

    [Fact]
    public void Switch_expression_with_relational_and_constant_arms() =>
        Check1(Patterns.Piecewise, x => (Patterns.PiecewiseGradient(x, out var d), d), -1.7, -0.4, 0.3, 0.8, 1.6);

    [Fact]
    public void Exhaustive_switch_expression_without_a_discard()
    {
        Check1(Patterns.Exhaustive, x => (Patterns.ExhaustiveGradient(x, out var d), d), -0.8, 0.6);
        Assert.Equal(0, Patterns.ExhaustiveGradient(double.NaN, out var dNaN));
        Assert.Equal(0, dNaN);
    }

    [Fact]
    public void A_constant_arm_is_taken_exactly_at_its_constant()
    {
        Assert.Equal(3.5, Patterns.PiecewiseGradient(0.5, out var d));
        Assert.Equal(7, d);
    }

    [Fact]
    public void Is_patterns_with_and_or_not() =>
        Check2(Patterns.InsideUnit, Patterns.InsideUnitGradient, new[] { -1.5, -0.5, 0.5, 1.5, 2.5 }, new[] { -0.7, 1.3 });

    [Fact]
    public void A_computed_value_tested_by_several_arms_and_a_guard() =>
        Check2(Patterns.ComputedValue, Patterns.ComputedValueGradient, new[] { -2.0, -0.5, 0.5, 2.0 }, new[] { -1.5, -0.3, 0.4, 1.5 });

    [Fact]
    public void A_value_that_calls_Math_tested_by_several_arms() =>
        Check2(Patterns.MathValue, Patterns.MathValueGradient, new[] { -2.0, -0.5, 0.5, 2.0 }, new[] { -1.5, -0.3, 0.4, 1.5 });

    [Fact]
    public void Switch_expression_on_an_integer()
    {
        foreach (var n in new[] { 0, 1, 2, 5 })
        {
            Check1(x => Patterns.ByInteger(x, n), x => (Patterns.ByIntegerGradient(x, n, out var d), d), -0.6, 0.9);
        }
    }

    [Fact]
    public void Switch_expression_in_a_loop()
    {
        var w = new[] { 0.3, -0.7, 1.2, -0.1, 0.5 };
        GradientAssert.MatchesFiniteDifferences(
            x => Patterns.LeakyRelu(x),
            (x, d) => Patterns.LeakyReluGradient(x, d),
            w.Length,
            (r, i) => w[i] + (r.NextDouble() * 0.02) - 0.01);
    }

    [Fact]
    public void Switch_expression_inside_a_conditional_branch()
    {
        foreach (var flag in new[] { true, false })
        {
            Check2(
                (x, y) => Patterns.InsideConditional(x, y, flag),
                (double x, double y, out double dX, out double dY) => Patterns.InsideConditionalGradient(x, y, flag, out dX, out dY),
                new[] { -2.0, 0.5, 2.0 },
                new[] { -1.0, 0.4, 1.5 });
        }
    }

    [Fact]
    public void Switch_statement_with_pattern_labels_guards_and_NaN() =>
        Check2(Patterns.SwitchStatement, Patterns.SwitchStatementGradient, new[] { -1.0, 0.5, 2.0, 4.0 }, new[] { -0.8, 0.6 });

    [Fact]
    public void Switch_statement_constant_label_and_NaN_label()
    {
        Assert.Equal(Math.Exp(1.5) + 2, Patterns.SwitchStatementGradient(1.5, 2, out var dX, out var dY));
        Assert.Equal(Math.Exp(1.5), dX);
        Assert.Equal(1, dY);
        Assert.Equal(2, Patterns.SwitchStatementGradient(double.NaN, 2, out _, out dY));
        Assert.Equal(1, dY);
        Assert.Equal(0, Patterns.NaNPatternGradient(double.NaN, out var d));
        Assert.Equal(0, d);
        Assert.Equal(0.25, Patterns.NaNPatternGradient(0.5, out d));
        Assert.Equal(1, d);
    }

    [Fact]
    public void Pullback_adds_seed_times_the_gradient() =>
        GradientAssert.PullbackAdds(
            new[] { 0.7, 0.9 },
            (x, d) => Patterns.ComputedValueGradient(x[0], x[1], out d[0], out d[1]),
            (x, seed, d) => Patterns.ComputedValuePullback(x[0], x[1], seed, ref d[0], ref d[1]));
}
