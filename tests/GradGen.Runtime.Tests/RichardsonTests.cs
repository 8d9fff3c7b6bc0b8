using System;

namespace GradGen.Runtime.Tests;

/// <summary>Ridders' extrapolation: near machine precision, with an honest error estimate.</summary>
public class RichardsonTests
{
    public static TheoryData<string, double> Cases()
    {
        var data = new TheoryData<string, double>();
        foreach (string name in new[] { "sin", "exp", "cube", "atan" })
        {
            foreach (double x in new[] { 0.7, -2.3, 0.01, 5.0 })
            {
                data.Add(name, x);
            }
        }

        return data;
    }

    private static (Func<double, double> F, double Exact) Function(string name, double x) => name switch
    {
        "sin" => (Math.Sin, Math.Cos(x)),
        "exp" => (Math.Exp, Math.Exp(x)),
        "cube" => (t => t * t * t, 3.0 * x * x),
        _ => (Math.Atan, 1.0 / (1.0 + (x * x))),
    };

    [Theory]
    [MemberData(nameof(Cases))]
    public void DerivativeWithError_IsAccurateAndItsEstimateIsHonest(string function, double x)
    {
        (Func<double, double> f, double exact) = Function(function, x);
        FiniteDifferenceResult result = FiniteDifferences.DerivativeWithError(f, x);
        double error = Math.Abs(result.Value - exact);
        double scale = Math.Max(1.0, Math.Abs(exact));
        Assert.True(error < 1e-11 * scale, $"{function}'({x}): error {error:E2}");

        // The estimate is not absurdly pessimistic and the true error is at most a modest factor above it.
        Assert.True(result.ErrorEstimate < 1e-10 * scale, $"estimate {result.ErrorEstimate:E2}");
        Assert.True(error <= 10.0 * result.ErrorEstimate, $"true error {error:E2} vs estimate {result.ErrorEstimate:E2}");
        Assert.InRange(result.Evaluations, 4, 20);
    }

    [Fact]
    public void DerivativeWithError_DefaultsToRichardsonAndBeatsCentralDifferences()
    {
        double richardson = Math.Abs(FiniteDifferences.DerivativeWithError(Math.Exp, 0.7).Value - Math.Exp(0.7));
        double central = Math.Abs(FiniteDifferences.Derivative(Math.Exp, 0.7) - Math.Exp(0.7));
        Assert.True(richardson * 100.0 < central, $"Richardson {richardson:E2}, central {central:E2}");
    }

    [Theory]
    [InlineData(FiniteDifferenceScheme.Central)]
    [InlineData(FiniteDifferenceScheme.FivePoint)]
    public void DerivativeWithError_ForStencils_BoundsTheErrorAndKeepsTheValue(FiniteDifferenceScheme scheme)
    {
        foreach ((Func<double, double> f, Func<double, double> d) in new (Func<double, double>, Func<double, double>)[] { (Math.Sin, Math.Cos), (Math.Exp, Math.Exp) })
        {
            foreach (double x in new[] { 0.7, -2.3 })
            {
                FiniteDifferenceResult result = FiniteDifferences.DerivativeWithError(f, x, scheme);
                Assert.Equal(FiniteDifferences.Derivative(f, x, scheme), result.Value);
                double error = Math.Abs(result.Value - d(x));
                Assert.True(error <= 2.0 * result.ErrorEstimate, $"{scheme} at {x}: error {error:E2}, estimate {result.ErrorEstimate:E2}");
                Assert.True(result.ErrorEstimate < 1e-8, $"estimate {result.ErrorEstimate:E2}");
            }
        }
    }

    [Fact]
    public void DerivativeWithError_WithLargeExplicitStep_EstimatesTheTruncationError()
    {
        // With h = 0.1 truncation dominates: the h/2 comparison must see an error of about h²/6·|f‴|.
        FiniteDifferenceResult result = FiniteDifferences.DerivativeWithError(Math.Sin, 0.7, FiniteDifferenceScheme.Central, 0.1);
        double error = Math.Abs(result.Value - Math.Cos(0.7));
        Assert.InRange(result.ErrorEstimate / error, 0.8, 1.25);
    }
}
