using System;

namespace GradGen.Runtime.Tests;

/// <summary>Default steps follow the error model and every step taken is exactly representable.</summary>
public class StepTests
{
    [Theory]
    [InlineData(FiniteDifferenceScheme.Forward, 1.4901161193847656e-8)]
    [InlineData(FiniteDifferenceScheme.Backward, 1.4901161193847656e-8)]
    [InlineData(FiniteDifferenceScheme.Central, 6.055454452393343e-6)]
    [InlineData(FiniteDifferenceScheme.FivePoint, 7.40095979741405e-4)]
    [InlineData(FiniteDifferenceScheme.Richardson, 0.1)]
    public void DefaultRelativeStep_IsTheRootOfEpsilonForTheSchemesOrder(FiniteDifferenceScheme scheme, double expected)
    {
        Assert.Equal(expected, FiniteDifferences.DefaultRelativeStep(scheme), 1e-9 * expected);

        // Scaled by max(1, |x|): at |x| ≤ 1 it is the relative step, at x = 250 it is 250 times it.
        Assert.Equal(expected, FiniteDifferences.DefaultStep(scheme, 0.0), 1e-9 * expected);
        Assert.Equal(250.0 * expected, FiniteDifferences.DefaultStep(scheme, -250.0), 1e-6 * expected);
    }

    [Theory]
    [InlineData(FiniteDifferenceScheme.Forward, 3.4526698e-4f)]
    [InlineData(FiniteDifferenceScheme.Central, 4.9215667e-3f)]
    [InlineData(FiniteDifferenceScheme.FivePoint, 4.1234622e-2f)]
    public void DefaultRelativeStepF_UsesFloatEpsilon(FiniteDifferenceScheme scheme, float expected)
    {
        Assert.Equal(expected, FiniteDifferences.DefaultRelativeStepF(scheme), 1e-6f * expected);
        Assert.Equal(expected, FiniteDifferences.DefaultStep(scheme, 0.0f), 1e-6f * expected);
    }

    [Theory]
    [InlineData(FiniteDifferenceScheme.Forward)]
    [InlineData(FiniteDifferenceScheme.Backward)]
    [InlineData(FiniteDifferenceScheme.Central)]
    [InlineData(FiniteDifferenceScheme.FivePoint)]
    [InlineData(FiniteDifferenceScheme.Richardson)]
    public void Step_IsExactlyRepresentable(FiniteDifferenceScheme scheme)
    {
        const double x = 1e3 + 0.1;
        foreach (double? requested in new double?[] { null, 1e-7, 3.3e-5 })
        {
            double h = FiniteDifferences.EffectiveStep(scheme, x, requested);
            Assert.True(h > 0);
            if (scheme == FiniteDifferenceScheme.Backward)
            {
                Assert.Equal(h, x - (x - h));
            }
            else
            {
                Assert.Equal(h, (x + h) - x);
            }
        }

        // The raw default √ε·1000.1 is not representable next to 1000.1; the step must have been adjusted.
        double raw = FiniteDifferences.DefaultRelativeStep(FiniteDifferenceScheme.Forward) * x;
        Assert.NotEqual(raw, (x + raw) - x);
    }

    [Theory]
    [InlineData(FiniteDifferenceScheme.Forward)]
    [InlineData(FiniteDifferenceScheme.Backward)]
    [InlineData(FiniteDifferenceScheme.Central)]
    [InlineData(FiniteDifferenceScheme.FivePoint)]
    [InlineData(FiniteDifferenceScheme.Richardson)]
    public void DerivativeOfIdentity_AtAnAwkwardPoint_IsExactlyOne(FiniteDifferenceScheme scheme)
    {
        // (x + h) − x equals h only if the divisor is the step actually taken; otherwise the quotient is off
        // by about ulp(x)/h ≈ 1e-8 for the forward step.
        Assert.Equal(1.0, FiniteDifferences.Derivative(t => t, 1e3 + 0.1, scheme));
        Assert.Equal(1.0, FiniteDifferences.Derivative(t => t, 1e3 + 0.1, scheme, 1e-7));
    }

    [Fact]
    public void EffectiveStep_BelowHalfAnUlp_BecomesOneUlp()
    {
        double h = FiniteDifferences.EffectiveStep(FiniteDifferenceScheme.Forward, 1.0, 1e-30);
        Assert.Equal(Math.BitIncrement(1.0) - 1.0, h);
        Assert.Equal(1.0, FiniteDifferences.Derivative(t => 2.0 * t, 1.0, FiniteDifferenceScheme.Forward, 1e-30) / 2.0);
    }

    [Fact]
    public void EffectiveStepF_IsRepresentableInFloat()
    {
        const float x = 1e3f + 0.1f;
        float h = FiniteDifferences.EffectiveStep(FiniteDifferenceScheme.Central, x);
        Assert.Equal(h, (x + h) - x);
        Assert.Equal(FiniteDifferences.DefaultStep(FiniteDifferenceScheme.Central, x), h);
        Assert.Equal(1.0f, FiniteDifferences.Derivative(t => t, x));
    }

    [Theory]
    [InlineData(0.0)]
    [InlineData(-1e-3)]
    [InlineData(double.NaN)]
    [InlineData(double.PositiveInfinity)]
    public void InvalidStep_Throws(double step)
    {
        var e = Assert.Throws<ArgumentOutOfRangeException>(() => FiniteDifferences.Derivative(Math.Sin, 1.0, FiniteDifferenceScheme.Central, step));
        Assert.Equal("step", e.ParamName);
        Assert.Throws<ArgumentOutOfRangeException>(() => FiniteDifferences.Gradient(TestFunctions.Rosenbrock, new double[2], new double[2], FiniteDifferenceScheme.Central, step));
    }

    [Fact]
    public void UnknownScheme_Throws()
    {
        var e = Assert.Throws<ArgumentOutOfRangeException>(() => FiniteDifferences.Derivative(Math.Sin, 1.0, (FiniteDifferenceScheme)42));
        Assert.Equal("scheme", e.ParamName);
    }
}
