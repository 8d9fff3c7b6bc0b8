using System;
using GradGen.Tests.Models;

namespace GradGen.Tests;

/// <summary>Local functions are inlined at each call: value, Gradient and Pullback match the method as written.</summary>
public class LocalFunctionTests
{
    private delegate double Grad2(double a, double b, out double dA, out double dB);

    private static void Check2(Func<double, double, double> f, Grad2 g) =>
        GradientAssert.MatchesFiniteDifferences(x => f(x[0], x[1]), (x, d) => g(x[0], x[1], out d[0], out d[1]), 2, points: 10);

    [Fact]
    public void Static_expression_bodied_function() => Check2(LocalFunctions.StaticSquare, LocalFunctions.StaticSquareGradient);

    [Fact]
    public void Capturing_block_bodied_function_with_an_early_return()
    {
        Check2(LocalFunctions.CapturingSoftplus, LocalFunctions.CapturingSoftplusGradient);

        // Both branches of Soft: v = 5 returns early, v = 5·0.2 - 1 does not.
        LocalFunctions.CapturingSoftplusGradient(5, 0.2, out var dX, out var dY);
        var scale = Math.Exp(0.1);
        var inner = (5 * 0.2) - 1;
        GradientAssert.Close(scale + (scale * 0.2 / (1 + Math.Exp(-inner))), dX);
        GradientAssert.Close((0.5 * scale * (5 + Math.Log(1 + Math.Exp(inner)))) + (scale * 5 / (1 + Math.Exp(-inner))), dY);
    }

    /// <summary>'Step(x, Step(w[1], x))': the inner call binds the parameters for itself only; random points take both branches of Step on each side.</summary>
    [Fact]
    public void A_function_called_in_its_own_argument_list()
    {
        static double Step(double p0, double p1) => p0 * p1 < 1.0 ? (p0 * p1) - 0.5 : p0 * p1 * p0 * p1;
        static double Affine(double a, double b) => (a * b) + a;
        foreach (var (w0, w1, x) in new[] { (0.4, 0.3, 0.5), (0.4, 0.3, 1.7), (-1.1, 2.5, 0.8), (0.4, 2.5, -1.2), (1.3, -0.7, 1.9) })
        {
            Assert.Equal(Step(x, Step(w1, x)) + Affine(x, Affine(w0, x)), LocalFunctions.NestedEarlyReturn(new[] { w0, w1 }, x), 12);
        }

        GradientAssert.MatchesFiniteDifferences(
            v => LocalFunctions.NestedEarlyReturn(new[] { v[0], v[1] }, v[2]),
            (v, d) =>
            {
                var dW = new double[2];
                var value = LocalFunctions.NestedEarlyReturnGradient(new[] { v[0], v[1] }, v[2], dW, out d[2]);
                d[0] = dW[0];
                d[1] = dW[1];
                return value;
            },
            3,
            points: 12);
    }

    /// <summary>'(p0, p1) = (p1 * p1, p0)' in the function: the caller's variable passed to p0 keeps its value.</summary>
    [Fact]
    public void A_function_assigning_its_parameters_by_a_tuple()
    {
        foreach (var (x, y) in new[] { (0.3, 0.7), (-1.2, 0.4), (0.9, -1.6) })
        {
            double a = x * 2;
            double expected = (((y * y) + Math.Sin(a)) * a) + Math.Cos(a);
            Assert.Equal(expected, LocalFunctions.TupleWritesItsParameters(x, y), 12);
            Assert.Equal(expected, LocalFunctions.TupleWritesItsParametersGradient(x, y, out _, out _), 12);
        }

        Check2(LocalFunctions.TupleWritesItsParameters, LocalFunctions.TupleWritesItsParametersGradient);
    }

    [Fact]
    public void Functions_that_call_each_other() => Check2(LocalFunctions.CallEachOther, LocalFunctions.CallEachOtherGradient);

    [Fact]
    public void Captured_writes_happen_where_the_call_runs()
    {
        foreach (var n in new[] { 0, 1, 3, 7 })
        {
            Check2((x, y) => LocalFunctions.CapturedWrites(x, y, n), (double x, double y, out double dX, out double dY) => LocalFunctions.CapturedWritesGradient(x, y, n, out dX, out dY));
        }
    }

    [Fact]
    public void A_function_that_writes_its_parameter_leaves_the_argument_alone()
    {
        Check2(LocalFunctions.WritesItsParameter, LocalFunctions.WritesItsParameterGradient);

        // h = (xy/2)², result h + x·(hy/2)²
        const double x = 1.2, y = 0.7;
        var h = Math.Pow(x * y / 2, 2);
        Assert.Equal(h + (x * Math.Pow(h * y / 2, 2)), LocalFunctions.WritesItsParameterGradient(x, y, out _, out _), 1e-14);
    }

    [Fact]
    public void Tuple_returning_functions_deconstructed() => Check2(LocalFunctions.Polar, LocalFunctions.PolarGradient);

    [Fact]
    public void In_a_loop_in_a_branch_and_in_a_LINQ_selector()
    {
        var w = new[] { 0.3, -1.2, 0.8, 2.1, -0.4 };
        GradientAssert.MatchesFiniteDifferences(
            p => LocalFunctions.InLoopAndBranches(p[..5].ToArray(), p[5]),
            (p, d) => LocalFunctions.InLoopAndBranchesGradient(p[..5].ToArray(), p[5], d[..5], out d[5]),
            6);
        Assert.Equal(LocalFunctions.InLoopAndBranches(w, 0.9), LocalFunctions.InLoopAndBranchesGradient(w, 0.9, new double[5], out _));
    }

    [Fact]
    public void A_function_writing_an_array_through_its_parameter() => Check2(LocalFunctions.FillsAnArray, LocalFunctions.FillsAnArrayGradient);

    [Fact]
    public void Float_function() =>
        GradientAssert.MatchesFiniteDifferencesF(x => LocalFunctions.FloatCapture(x[0], x[1]), (x, d) => LocalFunctions.FloatCaptureGradient(x[0], x[1], out d[0], out d[1]), 2);

    [Fact]
    public void Discarded_result_and_a_loop_condition() => Check2(LocalFunctions.DiscardedAndCondition, LocalFunctions.DiscardedAndConditionGradient);

    [Fact]
    public void Instance_method_reading_fields()
    {
        var model = new LocalFunctionModel(1.7) { Offset = 0.4 };
        Check2(model.Energy, model.EnergyGradient);
    }

    [Fact]
    public void Pullback_adds_seed_times_the_gradient()
    {
        GradientAssert.PullbackAdds(
            new[] { 0.6, -0.8 },
            (x, d) => LocalFunctions.CapturedWritesGradient(x[0], x[1], 4, out d[0], out d[1]),
            (x, seed, d) => LocalFunctions.CapturedWritesPullback(x[0], x[1], 4, seed, ref d[0], ref d[1]));
        GradientAssert.PullbackAdds(
            new[] { 1.1, 0.3 },
            (x, d) => LocalFunctions.CallEachOtherGradient(x[0], x[1], out d[0], out d[1]),
            (x, seed, d) => LocalFunctions.CallEachOtherPullback(x[0], x[1], seed, ref d[0], ref d[1]));
        GradientAssert.PullbackAdds(
            new[] { 1.4, 0.9 },
            (x, d) => LocalFunctions.PolarGradient(x[0], x[1], out d[0], out d[1]),
            (x, seed, d) => LocalFunctions.PolarPullback(x[0], x[1], seed, ref d[0], ref d[1]));
    }
}
