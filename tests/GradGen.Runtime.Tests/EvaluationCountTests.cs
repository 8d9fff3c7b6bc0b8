using System;

namespace GradGen.Runtime.Tests;

/// <summary>The evaluations reported are the evaluations performed.</summary>
public class EvaluationCountTests
{
    [Theory]
    [InlineData(FiniteDifferenceScheme.Forward, 6)]
    [InlineData(FiniteDifferenceScheme.Backward, 6)]
    [InlineData(FiniteDifferenceScheme.Central, 10)]
    [InlineData(FiniteDifferenceScheme.FivePoint, 20)]
    public void Gradient_ReturnsAndPerformsTheDocumentedCount(FiniteDifferenceScheme scheme, int expected)
    {
        int calls = 0;
        ScalarFunction f = x =>
        {
            calls++;
            return TestFunctions.Rosenbrock(x);
        };
        var gradient = new double[5];
        int reported = FiniteDifferences.Gradient(f, TestFunctions.Point(5, 1), gradient, scheme);
        Assert.Equal(expected, calls);
        Assert.Equal(expected, reported);
        Assert.Equal(expected, FiniteDifferences.EvaluationsForGradient(scheme, 5));
    }

    [Fact]
    public void Gradient_WithRichardson_ReturnsTheActualCountWithinTheBound()
    {
        int calls = 0;
        ScalarFunction f = x =>
        {
            calls++;
            return TestFunctions.Mixed(x);
        };
        int reported = FiniteDifferences.Gradient(f, new[] { 0.3, -0.8, 1.7 }, new double[3], FiniteDifferenceScheme.Richardson);
        Assert.Equal(calls, reported);
        Assert.InRange(reported, 3 * 4, FiniteDifferences.EvaluationsForGradient(FiniteDifferenceScheme.Richardson, 3));
        Assert.Equal(60, FiniteDifferences.EvaluationsForGradient(FiniteDifferenceScheme.Richardson, 3));
    }

    [Theory]
    [InlineData(FiniteDifferenceScheme.Forward, 2)]
    [InlineData(FiniteDifferenceScheme.Backward, 2)]
    [InlineData(FiniteDifferenceScheme.Central, 2)]
    [InlineData(FiniteDifferenceScheme.FivePoint, 4)]
    public void Derivative_EvaluatesTheStencilOnce(FiniteDifferenceScheme scheme, int expected)
    {
        int calls = 0;
        FiniteDifferences.Derivative(
            x =>
            {
                calls++;
                return Math.Sin(x);
            },
            0.5,
            scheme);
        Assert.Equal(expected, calls);
    }

    [Theory]
    [InlineData(FiniteDifferenceScheme.Forward, 3)]
    [InlineData(FiniteDifferenceScheme.Central, 4)]
    [InlineData(FiniteDifferenceScheme.FivePoint, 8)]
    [InlineData(FiniteDifferenceScheme.Richardson, -1)]
    public void DerivativeWithError_ReportsItsEvaluations(FiniteDifferenceScheme scheme, int expected)
    {
        int calls = 0;
        FiniteDifferenceResult result = FiniteDifferences.DerivativeWithError(
            x =>
            {
                calls++;
                return Math.Exp(x);
            },
            0.5,
            scheme);
        Assert.Equal(calls, result.Evaluations);
        if (expected >= 0)
        {
            Assert.Equal(expected, calls);
        }
    }

    [Fact]
    public void DirectionalDerivative_UsesTwoEvaluationsForCentralDifferences()
    {
        int calls = 0;
        FiniteDifferences.DirectionalDerivative(
            x =>
            {
                calls++;
                return TestFunctions.Rosenbrock(x);
            },
            TestFunctions.Point(50, 2),
            TestFunctions.Point(50, 3));
        Assert.Equal(2, calls);
    }

    [Fact]
    public void EvaluationsForGradient_OfNothingIsZero_AndNegativeThrows()
    {
        Assert.Equal(0, FiniteDifferences.EvaluationsForGradient(FiniteDifferenceScheme.Forward, 0));
        Assert.Equal(0, FiniteDifferences.Gradient(_ => throw new InvalidOperationException(), ReadOnlySpan<double>.Empty, Span<double>.Empty, FiniteDifferenceScheme.Forward));
        Assert.Throws<ArgumentOutOfRangeException>(() => FiniteDifferences.EvaluationsForGradient(FiniteDifferenceScheme.Central, -1));
    }
}
