using System;

namespace GradGen.Runtime.Tests;

/// <summary>The float overloads use float steps and float tolerances.</summary>
public class SinglePrecisionTests
{
    private static readonly float[] Start = { -1.2f, 1.0f };

    [Theory]
    [InlineData(FiniteDifferenceScheme.Forward, 1e-3)]
    [InlineData(FiniteDifferenceScheme.Central, 3e-5)]
    [InlineData(FiniteDifferenceScheme.FivePoint, 3e-6)]
    [InlineData(FiniteDifferenceScheme.Richardson, 3e-5)]
    public void Derivative_InFloat_IsAsAccurateAsFloatAllows(FiniteDifferenceScheme scheme, double tolerance)
    {
        foreach (float x in new[] { 0.7f, -2.3f })
        {
            float d = FiniteDifferences.Derivative(t => MathF.Sin(t), x, scheme);
            Assert.True(Math.Abs(d - Math.Cos(x)) < tolerance, $"{scheme} at {x}: {d} vs {Math.Cos(x)}");
        }
    }

    [Fact]
    public void Gradient_InFloat_MatchesTheHandWrittenGradient()
    {
        var exact = new float[2];
        TestFunctions.RosenbrockGradientF(Start, exact);
        var numeric = new float[2];
        Assert.Equal(4, FiniteDifferences.Gradient(TestFunctions.RosenbrockF, Start, numeric));
        for (int i = 0; i < 2; i++)
        {
            Assert.True(Math.Abs(exact[i] - numeric[i]) < 1e-3 * Math.Abs(exact[i]), $"{exact[i]} vs {numeric[i]}");
        }
    }

    [Fact]
    public void Compare_InFloat_PassesCorrectAndFailsWrongWithFloatDefaults()
    {
        GradientCheckReport good = GradientCheck.Compare(TestFunctions.RosenbrockF, TestFunctions.RosenbrockGradientF, Start);
        Assert.True(good.Passed, good.ToString());
        Assert.True(good.IsSinglePrecision);
        Assert.Equal(GradientCheckOptions.DefaultAbsoluteToleranceF, good.AbsoluteTolerance);
        Assert.Equal(GradientCheckOptions.DefaultRelativeToleranceF, good.RelativeTolerance);
        Assert.Contains("float", good.ToString());

        GradientFunctionF wrong = (x, g) =>
        {
            float value = TestFunctions.RosenbrockGradientF(x, g);
            g[0] *= 1.05f;
            return value;
        };
        GradientCheckReport bad = GradientCheck.Compare(TestFunctions.RosenbrockF, wrong, Start);
        Assert.False(bad.Passed);
        Assert.Equal(0, bad.WorstIndex);
        Assert.Throws<GradientCheckException>(() => bad.ThrowIfFailed());
    }

    [Fact]
    public void DotProductTest_InFloat_PassesCorrectAndFailsScaled()
    {
        float[] x = { 0.5f, -0.3f, 0.8f, 0.1f };
        GradientCheck.DotProductTest(TestFunctions.RosenbrockF, TestFunctions.RosenbrockGradientF, x).ThrowIfFailed();
        GradientFunctionF scaled = (p, g) =>
        {
            float value = TestFunctions.RosenbrockGradientF(p, g);
            for (int i = 0; i < g.Length; i++)
            {
                g[i] *= 1.1f;
            }

            return value;
        };
        Assert.False(GradientCheck.DotProductTest(TestFunctions.RosenbrockF, scaled, x).Passed);
    }

    [Fact]
    public void DirectionalDerivative_InFloat_EqualsGradientDotDirection()
    {
        float[] x = { 0.5f, -0.3f, 0.8f };
        float[] v = { 1f, 2f, -1f };
        var g = new float[3];
        TestFunctions.RosenbrockGradientF(x, g);
        float exact = (g[0] * v[0]) + (g[1] * v[1]) + (g[2] * v[2]);
        float numeric = FiniteDifferences.DirectionalDerivative(TestFunctions.RosenbrockF, x, v);
        Assert.True(Math.Abs(numeric - exact) < 1e-3 * Math.Max(1f, Math.Abs(exact)), $"{numeric} vs {exact}");
    }
}
