using System;
using System.Linq;

namespace GradGen.Runtime.Tests;

public class PushforwardTestTests
{
    private static PushforwardFunction Scaled(double factor) => (x, v, out d) =>
    {
        double value = DerivativeTestFunctions.RosenbrockPushforward(x, v, out d);
        d *= factor;
        return value;
    };

    /// <summary>Forgets the last input's tangent: right along every direction that does not move it.</summary>
    private static readonly PushforwardFunction DropsLastTangent = (x, v, out d) =>
    {
        double[] truncated = v.ToArray();
        truncated[^1] = 0.0;
        return DerivativeTestFunctions.RosenbrockPushforward(x, truncated, out d);
    };

    private static readonly PushforwardFunction MixedPushforward = (x, v, out d) =>
    {
        var g = new double[3];
        double value = TestFunctions.MixedGradient(x, g);
        d = (g[0] * v[0]) + (g[1] * v[1]) + (g[2] * v[2]);
        return value;
    };

    [Fact]
    public void AgainstTheGradient_PassesOnAnExactPushforward_AtRandomPoints()
    {
        foreach (double[] x in new[] { TestFunctions.Point(2, 41), TestFunctions.Point(5, 42), TestFunctions.Point(64, 43) })
        {
            GradientCheckReport report = GradientCheck.PushforwardTest(TestFunctions.RosenbrockGradient, DerivativeTestFunctions.RosenbrockPushforward, x, directions: 3);
            Assert.True(report.Passed, report.ToString());
            Assert.Equal(GradientCheckMethod.Pushforward, report.Method);
            Assert.Equal(3, report.Entries.Count);
            Assert.Equal("dir[1]", report.Entries[1].Label);
            Assert.Equal(1, report.Evaluations);
            Assert.True(report.ValuePassed);
            Assert.Same(report, report.ThrowIfFailed());
        }

        GradientCheck.PushforwardTest(TestFunctions.MixedGradient, MixedPushforward, new[] { 0.3, -0.8, 1.7 }).ThrowIfFailed();
    }

    [Fact]
    public void AgainstTheGradient_FailsOnAPushforwardOffByAFactor()
    {
        GradientCheckReport report = GradientCheck.PushforwardTest(TestFunctions.RosenbrockGradient, Scaled(1.001), TestFunctions.Point(6, 44), directions: 3);
        Assert.False(report.Passed);
        Assert.Equal(3, report.FailedCount);
        Assert.All(report.Entries, e => Assert.Equal(0.001 / 1.001, e.RelativeError, 1e-9));
        string text = report.ToString();
        Assert.StartsWith("Pushforward check FAILED: against the gradient", text);
        Assert.Contains("|pushforward - gradient*v|", text);
        Assert.Throws<GradientCheckException>(() => report.ThrowIfFailed());
    }

    [Fact]
    public void AgainstTheGradient_FailsOnAPushforwardThatDropsOneTangent()
    {
        GradientCheckReport report = GradientCheck.PushforwardTest(TestFunctions.RosenbrockGradient, DropsLastTangent, TestFunctions.Point(4, 45));
        Assert.False(report.Passed, report.ToString());
    }

    [Fact]
    public void AgainstTheGradient_ChecksEveryReturnedValue()
    {
        int call = 0;
        PushforwardFunction secondCallOff = (x, v, out d) => DerivativeTestFunctions.RosenbrockPushforward(x, v, out d) * (call++ == 1 ? 1.0001 : 1.0);
        double[] x = TestFunctions.Point(3, 46);
        GradientCheckReport report = GradientCheck.PushforwardTest(TestFunctions.RosenbrockGradient, secondCallOff, x, directions: 3);
        Assert.False(report.Passed);
        Assert.False(report.ValuePassed);
        Assert.Equal(0, report.FailedCount);
        Assert.Equal(TestFunctions.Rosenbrock(x) * 1.0001, report.Value);
        Assert.Contains("worst of 3 calls", report.ToString());
        Assert.Contains("MISMATCH", report.ToString());
    }

    [Fact]
    public void AgainstFiniteDifferences_PassesOnAnExactPushforwardAndFailsOnAScaledOne()
    {
        int calls = 0;
        ScalarFunction counted = x =>
        {
            calls++;
            return TestFunctions.Rosenbrock(x);
        };
        double[] x = TestFunctions.Point(8, 47);
        GradientCheckReport report = GradientCheck.PushforwardTest(counted, DerivativeTestFunctions.RosenbrockPushforward, x, directions: 4);
        Assert.True(report.Passed, report.ToString());
        Assert.Equal(GradientCheckMethod.PushforwardFiniteDifferences, report.Method);
        Assert.Equal(1 + (2 * 4), report.Evaluations);
        Assert.Equal(calls, report.Evaluations);
        Assert.Contains("directional difference of f", report.ToString());

        GradientCheckReport wrong = GradientCheck.PushforwardTest(TestFunctions.Rosenbrock, Scaled(1.001), x, directions: 4);
        Assert.False(wrong.Passed);
        Assert.Equal(4, wrong.FailedCount);
        Assert.StartsWith("Pushforward check FAILED: central differences", wrong.ToString());
    }

    [Fact]
    public void UsesTheDirectionsOfTheDotProductTestForTheSameSeed()
    {
        double[] x = TestFunctions.Point(10, 48);
        double[] dot = GradientCheck.DotProductTest(TestFunctions.Rosenbrock, TestFunctions.RosenbrockGradient, x, seed: 7).Entries.Select(e => e.Analytic).ToArray();
        double[] push = GradientCheck.PushforwardTest(TestFunctions.RosenbrockGradient, DerivativeTestFunctions.RosenbrockPushforward, x, seed: 7).Entries.Select(e => e.Numeric).ToArray();
        Assert.Equal(dot, push);
    }

    [Fact]
    public void SinglePrecision_PassesOnAnExactPushforwardAndFailsOnAScaledOne()
    {
        float[] x = { -1.2f, 1f, 0.5f };
        GradientCheckReport report = GradientCheck.PushforwardTest(TestFunctions.RosenbrockGradientF, DerivativeTestFunctions.RosenbrockPushforwardF, x);
        Assert.True(report.Passed, report.ToString());
        Assert.True(report.IsSinglePrecision);
        Assert.Equal(GradientCheckOptions.DefaultAbsoluteToleranceF, report.AbsoluteTolerance);
        GradientCheck.PushforwardTest(TestFunctions.RosenbrockF, DerivativeTestFunctions.RosenbrockPushforwardF, x).ThrowIfFailed();

        PushforwardFunctionF scaled = (p, v, out d) =>
        {
            float value = DerivativeTestFunctions.RosenbrockPushforwardF(p, v, out d);
            d *= 1.05f;
            return value;
        };
        Assert.False(GradientCheck.PushforwardTest(TestFunctions.RosenbrockGradientF, scaled, x).Passed);
        Assert.False(GradientCheck.PushforwardTest(TestFunctions.RosenbrockF, scaled, x).Passed);
    }

    [Fact]
    public void RejectsNullsAndZeroDirections()
    {
        double[] x = { 1.0, 2.0 };
        float[] xf = { 1f, 2f };
        Assert.Throws<ArgumentNullException>(() => GradientCheck.PushforwardTest((GradientFunction)null!, DerivativeTestFunctions.RosenbrockPushforward, x));
        Assert.Throws<ArgumentNullException>(() => GradientCheck.PushforwardTest(TestFunctions.RosenbrockGradient, null!, x));
        Assert.Throws<ArgumentNullException>(() => GradientCheck.PushforwardTest((ScalarFunction)null!, DerivativeTestFunctions.RosenbrockPushforward, x));
        Assert.Throws<ArgumentNullException>(() => GradientCheck.PushforwardTest(TestFunctions.Rosenbrock, (PushforwardFunction)null!, x));
        Assert.Throws<ArgumentNullException>(() => GradientCheck.PushforwardTest((GradientFunctionF)null!, DerivativeTestFunctions.RosenbrockPushforwardF, xf));
        Assert.Throws<ArgumentNullException>(() => GradientCheck.PushforwardTest((ScalarFunctionF)null!, DerivativeTestFunctions.RosenbrockPushforwardF, xf));
        Assert.Throws<ArgumentOutOfRangeException>(() => GradientCheck.PushforwardTest(TestFunctions.RosenbrockGradient, DerivativeTestFunctions.RosenbrockPushforward, x, directions: 0));
        Assert.Throws<ArgumentOutOfRangeException>(() => GradientCheck.PushforwardTest(TestFunctions.Rosenbrock, DerivativeTestFunctions.RosenbrockPushforward, x, directions: 0));
        Assert.Throws<ArgumentOutOfRangeException>(() => GradientCheck.PushforwardTest(TestFunctions.RosenbrockGradient, DerivativeTestFunctions.RosenbrockPushforward, x, options: new GradientCheckOptions { RelativeTolerance = -1 }));
    }
}
