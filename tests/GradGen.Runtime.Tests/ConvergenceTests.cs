using System;

namespace GradGen.Runtime.Tests;

/// <summary>
/// With explicit steps large enough that truncation dominates round-off, halving the step divides the error
/// by 2ᵖ, p the order of the scheme.
/// </summary>
public class ConvergenceTests
{
    [Theory]
    [InlineData(FiniteDifferenceScheme.Forward, "exp", 1e-2, 1.7, 2.3)]
    [InlineData(FiniteDifferenceScheme.Forward, "sin", 1e-2, 1.7, 2.3)]
    [InlineData(FiniteDifferenceScheme.Backward, "exp", 1e-2, 1.7, 2.3)]
    [InlineData(FiniteDifferenceScheme.Backward, "sin", 1e-2, 1.7, 2.3)]
    [InlineData(FiniteDifferenceScheme.Central, "exp", 1e-2, 3.5, 4.5)]
    [InlineData(FiniteDifferenceScheme.Central, "sin", 1e-2, 3.5, 4.5)]
    [InlineData(FiniteDifferenceScheme.FivePoint, "exp", 4e-2, 12.0, 20.0)]
    [InlineData(FiniteDifferenceScheme.FivePoint, "sin", 4e-2, 12.0, 20.0)]
    public void HalvingTheStep_DividesTheErrorByTwoToTheOrder(
        FiniteDifferenceScheme scheme, string function, double firstStep, double lowRatio, double highRatio)
    {
        Func<double, double> f = function == "exp" ? Math.Exp : Math.Sin;
        double exact = function == "exp" ? Math.Exp(0.7) : Math.Cos(0.7);
        double[] errors = new double[3];
        for (int k = 0; k < 3; k++)
        {
            double h = firstStep / (1 << k);
            errors[k] = Math.Abs(FiniteDifferences.Derivative(f, 0.7, scheme, h) - exact);
        }

        for (int k = 0; k < 2; k++)
        {
            double ratio = errors[k] / errors[k + 1];
            Assert.True(
                ratio >= lowRatio && ratio <= highRatio,
                $"{scheme} {function}: error ratio {ratio:F3} outside [{lowRatio}, {highRatio}] (errors {errors[0]:E3}, {errors[1]:E3}, {errors[2]:E3})");
        }
    }
}
