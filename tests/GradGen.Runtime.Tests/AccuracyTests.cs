using System;
using System.Collections.Generic;

namespace GradGen.Runtime.Tests;

/// <summary>Each scheme is as accurate as its order and default step predict.</summary>
public class AccuracyTests
{
    private static readonly Dictionary<string, (Func<double, double> F, Func<double, double> D)> Functions = new()
    {
        ["sin"] = (Math.Sin, Math.Cos),
        ["exp"] = (Math.Exp, Math.Exp),
        ["cube"] = (x => x * x * x, x => 3.0 * x * x),
        ["atan"] = (Math.Atan, x => 1.0 / (1.0 + (x * x))),
    };

    /// <summary>
    /// Relative tolerances (to max(1, |f′|)) predicted by the error model at the default step:
    /// first order ≈ √ε ≈ 1.5e-8 times derivative sizes; central ≈ ε^(2/3) ≈ 4e-11; five-point ≈ ε^(4/5) ≈ 3e-13;
    /// Ridders near machine precision. Each has a margin of about 10 to 50 for constants (|f″|, |f‴|, …).
    /// </summary>
    private static double Tolerance(FiniteDifferenceScheme scheme) => scheme switch
    {
        FiniteDifferenceScheme.Forward or FiniteDifferenceScheme.Backward => 5e-7,
        FiniteDifferenceScheme.Central => 2e-9,
        FiniteDifferenceScheme.FivePoint => 2e-11,
        _ => 1e-13,
    };

    public static TheoryData<FiniteDifferenceScheme, string, double> Cases()
    {
        var data = new TheoryData<FiniteDifferenceScheme, string, double>();
        foreach (FiniteDifferenceScheme scheme in Enum.GetValues<FiniteDifferenceScheme>())
        {
            foreach (string name in Functions.Keys)
            {
                foreach (double x in new[] { 0.7, -2.3, 5.0 })
                {
                    data.Add(scheme, name, x);
                }
            }
        }

        return data;
    }

    [Theory]
    [MemberData(nameof(Cases))]
    public void Derivative_IsWithinTheSchemesPredictedError(FiniteDifferenceScheme scheme, string function, double x)
    {
        (Func<double, double> f, Func<double, double> d) = Functions[function];
        double exact = d(x);
        double error = Math.Abs(FiniteDifferences.Derivative(f, x, scheme) - exact) / Math.Max(1.0, Math.Abs(exact));
        Assert.True(error <= Tolerance(scheme), $"{scheme} {function}'({x}): relative error {error:E2} > {Tolerance(scheme):E0}");
    }

    [Theory]
    [InlineData(FiniteDifferenceScheme.Forward, 1e-6)]
    [InlineData(FiniteDifferenceScheme.Backward, 1e-6)]
    [InlineData(FiniteDifferenceScheme.Central, 1e-9)]
    [InlineData(FiniteDifferenceScheme.FivePoint, 1e-11)]
    [InlineData(FiniteDifferenceScheme.Richardson, 1e-12)]
    public void Gradient_OfRosenbrockAndMixedFunction_MatchesHandWrittenGradient(FiniteDifferenceScheme scheme, double tolerance)
    {
        foreach ((ScalarFunction f, GradientFunction g, double[] x) in new (ScalarFunction, GradientFunction, double[])[]
        {
            (TestFunctions.Rosenbrock, TestFunctions.RosenbrockGradient, new[] { -1.2, 1.0 }),
            (TestFunctions.Rosenbrock, TestFunctions.RosenbrockGradient, TestFunctions.Point(10, 7)),
            (TestFunctions.Mixed, TestFunctions.MixedGradient, new[] { 0.3, -0.8, 1.7 }),
        })
        {
            var exact = new double[x.Length];
            g(x, exact);
            var numeric = new double[x.Length];
            FiniteDifferences.Gradient(f, x, numeric, scheme);
            double error = TestFunctions.MaxAbsDifference(exact, numeric) / Math.Max(1.0, TestFunctions.MaxAbs(exact));
            Assert.True(error <= tolerance, $"{scheme} n={x.Length}: relative error {error:E2} > {tolerance:E0}");
        }
    }

    [Fact]
    public void Gradient_AboveTheStackLimit_UsesThePoolAndStaysAccurate()
    {
        // 600 components: the scratch copy comes from ArrayPool rather than the stack.
        double[] x = TestFunctions.Point(600, 3);
        var exact = new double[x.Length];
        TestFunctions.RosenbrockGradient(x, exact);
        var numeric = new double[x.Length];
        int evaluations = FiniteDifferences.Gradient(TestFunctions.Rosenbrock, x, numeric);
        Assert.Equal(1200, evaluations);
        double error = TestFunctions.MaxAbsDifference(exact, numeric) / TestFunctions.MaxAbs(exact);
        Assert.True(error < 1e-8, $"relative error {error:E2}");
    }

    [Theory]
    [InlineData(FiniteDifferenceScheme.Central, 1e-9)]
    [InlineData(FiniteDifferenceScheme.FivePoint, 1e-11)]
    [InlineData(FiniteDifferenceScheme.Richardson, 1e-12)]
    public void DirectionalDerivative_EqualsGradientDotDirection(FiniteDifferenceScheme scheme, double tolerance)
    {
        double[] x = { 0.3, -0.8, 1.7 };
        double[] v = { 2.0, -0.5, 1.0 };
        var g = new double[3];
        TestFunctions.MixedGradient(x, g);
        double exact = (g[0] * v[0]) + (g[1] * v[1]) + (g[2] * v[2]);
        double numeric = FiniteDifferences.DirectionalDerivative(TestFunctions.Mixed, x, v, scheme);
        Assert.True(Math.Abs(numeric - exact) <= tolerance * Math.Max(1.0, Math.Abs(exact)), $"{numeric} vs {exact}");
    }

    [Fact]
    public void DirectionalDerivative_AlongAZeroDirection_IsZeroWithoutEvaluating()
    {
        int calls = 0;
        double d = FiniteDifferences.DirectionalDerivative(
            x =>
            {
                calls++;
                return x[0];
            },
            new[] { 1.0, 2.0 },
            new[] { 0.0, 0.0 });
        Assert.Equal(0.0, d);
        Assert.Equal(0, calls);
    }
}
