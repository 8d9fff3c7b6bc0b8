using System;
using GradGen.Tests.Models;

namespace GradGen.Tests;

public class StraightLineTests
{
    private static void Check2(Func<double, double, double> f, Grad2 g, Func<Random, int, double>? sample = null) =>
        GradientAssert.MatchesFiniteDifferences(
            x => f(x[0], x[1]),
            (x, d) =>
            {
                var v = g(x[0], x[1], out var d0, out var d1);
                (d[0], d[1]) = (d0, d1);
                return v;
            },
            dimension: 2,
            sample);

    private delegate double Grad2(double a, double b, out double dA, out double dB);

    private delegate double Grad3(double a, double b, double c, out double dA, out double dB, out double dC);

    private static void Check3(Func<double, double, double, double> f, Grad3 g, Func<Random, int, double>? sample = null) =>
        GradientAssert.MatchesFiniteDifferences(
            x => f(x[0], x[1], x[2]),
            (x, d) =>
            {
                var v = g(x[0], x[1], x[2], out var d0, out var d1, out var d2);
                (d[0], d[1], d[2]) = (d0, d1, d2);
                return v;
            },
            dimension: 3,
            sample);

    private static double Positive(Random r, int _) => 0.3 + (r.NextDouble() * 2);

    [Fact]
    public void Arithmetic() => Check3(StraightLine.Arithmetic, StraightLine.ArithmeticGradient, (r, i) => i == 2 ? 0.1 + (r.NextDouble() * 0.5) : (r.NextDouble() * 4) - 2);

    [Fact]
    public void Quotients() => Check2(StraightLine.Quotients, StraightLine.QuotientsGradient, Positive);

    [Fact]
    public void Quotients_by_hand()
    {
        StraightLine.QuotientsGradient(1.5, 0.8, out var dA, out var dB);
        GradientAssert.Close((1 / 0.8) + (0.8 * 2 * 1.5 / Math.Pow((1.5 * 1.5) + 1, 2)) - (1 / (1.5 * 1.5 * 0.8)), dA);
        GradientAssert.Close((-1.5 / (0.8 * 0.8)) - (1 / ((1.5 * 1.5) + 1)) - (1 / (1.5 * 0.8 * 0.8)), dB);
    }

    [Fact]
    public void Remainder() => Check2(StraightLine.Remainder, StraightLine.RemainderGradient, (r, i) => i == 0 ? 0.05 + (r.NextDouble() * 0.2) : 0.5 + (r.NextDouble() * 0.3));

    [Fact]
    public void Locals_overwritten_after_use() => Check2(StraightLine.Locals, StraightLine.LocalsGradient);

    [Fact]
    public void Reassigned_parameters() => Check2(StraightLine.ReassignedParameters, StraightLine.ReassignedParametersGradient, (r, _) => (r.NextDouble() * 1.4) - 0.7);

    [Fact]
    public void Compound_assignments() => Check2(StraightLine.CompoundAssignments, StraightLine.CompoundAssignmentsGradient);

    [Fact]
    public void Increment_and_decrement() => GradientAssert.MatchesFiniteDifferences(
        x => StraightLine.IncrementAndDecrement(x[0]),
        (x, d) => StraightLine.IncrementAndDecrementGradient(x[0], out d[0]),
        dimension: 1);

    [Fact]
    public void Conditional_operator_differentiates_the_branch_taken() => Check2(StraightLine.Conditional, StraightLine.ConditionalGradient);

    [Fact]
    public void Conditional_operator_with_a_constant_branch()
    {
        GradientAssert.Close(0.0, Grad1(StraightLine.ConditionalOneBranchConstantGradient, 0.2));
        GradientAssert.Close(1.8, Grad1(StraightLine.ConditionalOneBranchConstantGradient, 0.9));
    }

    [Fact]
    public void A_parameter_the_result_does_not_depend_on_gets_zero()
    {
        StraightLine.NoDependenceGradient(3, 4, out var dA, out var dB);
        Assert.Equal(0.0, dA);
        Assert.Equal(2.0, dB);
    }

    [Fact]
    public void Trigonometric() => Check2(MathFunctions.Trig, MathFunctions.TrigGradient);

    [Fact]
    public void Inverse_trigonometric() => GradientAssert.MatchesFiniteDifferences(
        x => MathFunctions.InverseTrig(x[0]),
        (x, d) => MathFunctions.InverseTrigGradient(x[0], out d[0]),
        dimension: 1);

    [Fact]
    public void Hyperbolic() => Check2(MathFunctions.Hyperbolic, MathFunctions.HyperbolicGradient);

    [Fact]
    public void Exponentials_and_logarithms() => Check2(MathFunctions.ExpAndLogs, MathFunctions.ExpAndLogsGradient);

    [Fact]
    public void Roots() => Check2(MathFunctions.Roots, MathFunctions.RootsGradient);

    [Fact]
    public void Powers() => Check2(MathFunctions.Powers, MathFunctions.PowersGradient, Positive);

    [Fact]
    public void Non_smooth_functions_away_from_their_kinks() =>
        Check2(MathFunctions.NonSmooth, MathFunctions.NonSmoothGradient, (r, _) => 0.2 + (r.Next(0, 3) * 1.0) + (r.NextDouble() * 0.6));

    [Fact]
    public void Rounding_to_digits_away_from_its_jumps()
    {
        // Round(y, 1) jumps at odd multiples of 0.05: y stays within 0.04 of a multiple of 0.1.
        Check2(MathFunctions.RoundedDigits, MathFunctions.RoundedDigitsGradient, (r, _) => (r.Next(-20, 20) * 0.1) + ((r.NextDouble() - 0.5) * 0.08));
        MathFunctions.RoundedDigitsGradient(3, 0.73, out var dX, out var dY);
        GradientAssert.Close(0.7, dX);
        GradientAssert.Close(2 * 0.73, dY);
    }

    [Fact]
    public void Non_smooth_conventions_at_the_kinks()
    {
        // Abs'(0) = 0: at x = 0.1 only Min contributes to x (2), and Max(x·y, y) picks y.
        MathFunctions.NonSmoothGradient(0.1, 5, out var dX, out var dY);
        GradientAssert.Close(2.0, dX);
        GradientAssert.Close(1.0, dY);

        // Min and Max give the adjoint to their first argument on ties: Min(0.5, 0.5) gives 2 to x.
        MathFunctions.NonSmoothGradient(0.5, 0.5, out var tieX, out var tieY);
        GradientAssert.Close(1 + 2.0, tieX);
        GradientAssert.Close(1.0, tieY);
    }

    [Fact]
    public void Fused_multiply_add() => Check3(MathFunctions.Fma, MathFunctions.FmaGradient);

    private delegate double Gradient1(double a, out double dA);

    private static double Grad1(Gradient1 g, double a)
    {
        g(a, out var d);
        return d;
    }
}
