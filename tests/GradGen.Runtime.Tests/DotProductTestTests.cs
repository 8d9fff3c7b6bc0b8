using System;
using System.Linq;

namespace GradGen.Runtime.Tests;

public class DotProductTestTests
{
    private static GradientFunction Scaled(double factor) => (x, g) =>
    {
        double value = TestFunctions.RosenbrockGradient(x, g);
        for (int i = 0; i < g.Length; i++)
        {
            g[i] *= factor;
        }

        return value;
    };

    [Fact]
    public void DotProductTest_PassesOnACorrectGradient()
    {
        foreach (double[] x in new[] { new[] { -1.2, 1.0 }, TestFunctions.Point(200, 31) })
        {
            GradientCheckReport report = GradientCheck.DotProductTest(TestFunctions.Rosenbrock, TestFunctions.RosenbrockGradient, x, directions: 3);
            Assert.True(report.Passed, report.ToString());
            Assert.Equal(3, report.Entries.Count);
            Assert.Equal(GradientCheckMethod.DotProduct, report.Method);
            Assert.Equal("dir[2]", report.Entries[2].Label);
            Assert.Same(report, report.ThrowIfFailed());
        }
    }

    [Fact]
    public void DotProductTest_FailsOnAScaledGradient()
    {
        GradientCheckReport report = GradientCheck.DotProductTest(TestFunctions.Rosenbrock, Scaled(1.01), TestFunctions.Point(200, 32));
        Assert.False(report.Passed);
        Assert.All(report.Entries, e => Assert.False(e.Passed));
        Assert.Contains("FAILED", report.ToString());
        Assert.Throws<GradientCheckException>(() => report.ThrowIfFailed());
    }

    [Fact]
    public void DotProductTest_UsesTwoEvaluationsPerDirection()
    {
        int calls = 0;
        ScalarFunction counted = x =>
        {
            calls++;
            return TestFunctions.Rosenbrock(x);
        };
        GradientCheckReport report = GradientCheck.DotProductTest(counted, TestFunctions.RosenbrockGradient, TestFunctions.Point(500, 33), directions: 4);
        Assert.Equal(1 + (2 * 4), report.Evaluations);
        Assert.Equal(calls, report.Evaluations);
    }

    [Fact]
    public void DotProductTest_IsReproducibleForASeedAndVariesAcrossSeeds()
    {
        double[] x = TestFunctions.Point(10, 34);
        double[] first = GradientCheck.DotProductTest(TestFunctions.Rosenbrock, TestFunctions.RosenbrockGradient, x, seed: 1).Entries.Select(e => e.Numeric).ToArray();
        double[] again = GradientCheck.DotProductTest(TestFunctions.Rosenbrock, TestFunctions.RosenbrockGradient, x, seed: 1).Entries.Select(e => e.Numeric).ToArray();
        double[] other = GradientCheck.DotProductTest(TestFunctions.Rosenbrock, TestFunctions.RosenbrockGradient, x, seed: 2).Entries.Select(e => e.Numeric).ToArray();
        Assert.Equal(first, again);
        Assert.NotEqual(first, other);
    }

    [Fact]
    public void DotProductTest_RejectsZeroDirections()
    {
        Assert.Throws<ArgumentOutOfRangeException>(() => GradientCheck.DotProductTest(TestFunctions.Rosenbrock, TestFunctions.RosenbrockGradient, new[] { 1.0, 2.0 }, directions: 0));
    }
}
