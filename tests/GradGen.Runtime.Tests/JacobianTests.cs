using System;
using System.Linq;

namespace GradGen.Runtime.Tests;

public class JacobianTests
{
    private static readonly VectorFunction RosenbrockAsVector = (x, r) => r[0] = TestFunctions.Rosenbrock(x);

    [Theory]
    [InlineData(FiniteDifferenceScheme.Forward, 1e-6)]
    [InlineData(FiniteDifferenceScheme.Backward, 1e-6)]
    [InlineData(FiniteDifferenceScheme.Central, 1e-9)]
    [InlineData(FiniteDifferenceScheme.FivePoint, 1e-11)]
    [InlineData(FiniteDifferenceScheme.Richardson, 1e-11)]
    public void FiniteDifferenceJacobian_MatchesTheExactOne(FiniteDifferenceScheme scheme, double tolerance)
    {
        double[] p = DerivativeTestFunctions.Parameters(3, 51);
        var exact = new double[9];
        DerivativeTestFunctions.ResidualsJacobian(p, new double[3], exact);
        var numeric = new double[9];
        FiniteDifferences.Jacobian(DerivativeTestFunctions.Residuals, p, numeric, scheme);
        Assert.True(TestFunctions.MaxAbsDifference(exact, numeric) < tolerance, $"{TestFunctions.MaxAbsDifference(exact, numeric)}");
    }

    [Theory]
    [InlineData(FiniteDifferenceScheme.Forward)]
    [InlineData(FiniteDifferenceScheme.Backward)]
    [InlineData(FiniteDifferenceScheme.Central)]
    [InlineData(FiniteDifferenceScheme.FivePoint)]
    [InlineData(FiniteDifferenceScheme.Richardson)]
    public void FiniteDifferenceJacobian_OfOneOutput_IsTheFiniteDifferenceGradientBitForBit(FiniteDifferenceScheme scheme)
    {
        double[] x = TestFunctions.Point(6, 52);
        var jacobian = new double[6];
        var gradient = new double[6];
        int jacobianEvaluations = FiniteDifferences.Jacobian(RosenbrockAsVector, x, jacobian, scheme);
        int gradientEvaluations = FiniteDifferences.Gradient(TestFunctions.Rosenbrock, x, gradient, scheme);
        Assert.Equal(gradient, jacobian);
        Assert.Equal(gradientEvaluations, jacobianEvaluations);
    }

    [Fact]
    public void FiniteDifferenceJacobian_WithRichardson_GivesEachOutputItsOwnTableau()
    {
        // Two outputs that Ridders' method stops on at different rows: each row of the Jacobian is what the
        // scalar gradient of that output alone gives, and the evaluations are those of the slower output.
        VectorFunction two = (x, r) =>
        {
            r[0] = TestFunctions.Mixed(x);
            r[1] = x[0] * x[1] * x[2];
        };
        double[] x = { 0.3, -0.8, 1.7 };
        var jacobian = new double[6];
        int evaluations = FiniteDifferences.Jacobian(two, x, jacobian, FiniteDifferenceScheme.Richardson);
        var first = new double[3];
        var second = new double[3];
        int firstEvaluations = FiniteDifferences.Gradient(TestFunctions.Mixed, x, first, FiniteDifferenceScheme.Richardson);
        int secondEvaluations = FiniteDifferences.Gradient(p => p[0] * p[1] * p[2], x, second, FiniteDifferenceScheme.Richardson);
        Assert.Equal(first, jacobian.Take(3));
        Assert.Equal(second, jacobian.Skip(3));
        Assert.NotEqual(firstEvaluations, secondEvaluations);
        Assert.InRange(evaluations, Math.Max(firstEvaluations, secondEvaluations), firstEvaluations + secondEvaluations);
    }

    [Theory]
    [InlineData(FiniteDifferenceScheme.Forward, 4)]
    [InlineData(FiniteDifferenceScheme.Central, 6)]
    [InlineData(FiniteDifferenceScheme.FivePoint, 12)]
    public void FiniteDifferenceJacobian_ReturnsAndPerformsTheDocumentedCount(FiniteDifferenceScheme scheme, int expected)
    {
        int calls = 0;
        VectorFunction counted = (p, r) =>
        {
            calls++;
            DerivativeTestFunctions.Residuals(p, r);
        };
        Assert.Equal(expected, FiniteDifferences.Jacobian(counted, DerivativeTestFunctions.Parameters(3, 53), new double[9], scheme));
        Assert.Equal(expected, calls);
    }

    [Fact]
    public void FiniteDifferenceJacobian_PassesZeroFilledOutputsAndLeavesThePointAlone()
    {
        double[] p = DerivativeTestFunctions.Parameters(3, 54);
        double[] copy = (double[])p.Clone();
        VectorFunction accumulating = (q, r) =>
        {
            Assert.All(r.ToArray(), value => Assert.Equal(0.0, value));
            var scratch = new double[3];
            DerivativeTestFunctions.Residuals(q, scratch);
            for (int i = 0; i < 3; i++)
            {
                r[i] += scratch[i];
            }
        };
        var numeric = new double[9];
        FiniteDifferences.Jacobian(accumulating, p, numeric, FiniteDifferenceScheme.Forward);
        Assert.Equal(copy, p);
    }

    [Theory]
    [InlineData(FiniteDifferenceScheme.Central, 20)]
    [InlineData(FiniteDifferenceScheme.Richardson, 20)]
    [InlineData(FiniteDifferenceScheme.Central, 700)]
    public void FiniteDifferenceJacobianAndHessianVectorProduct_AllocateNothing(FiniteDifferenceScheme scheme, int n)
    {
        VectorFunction squares = (x, r) =>
        {
            for (int i = 0; i < r.Length; i++)
            {
                r[i] = x[i] * x[i];
            }
        };
        GradientFunction sumOfSquares = (x, g) =>
        {
            for (int i = 0; i < x.Length; i++)
            {
                g[i] = 2.0 * x[i];
            }

            return 0.0;
        };
        double[] x = TestFunctions.Point(n, 55);
        double[] v = TestFunctions.Point(n, 56);
        var jacobian = new double[3 * n];
        var hv = new double[n];
        for (int i = 0; i < 3; i++)
        {
            FiniteDifferences.Jacobian(squares, x, jacobian, scheme);
            FiniteDifferences.HessianVectorProduct(sumOfSquares, x, v, hv, scheme);
        }

        long before = GC.GetAllocatedBytesForCurrentThread();
        FiniteDifferences.Jacobian(squares, x, jacobian, scheme);
        FiniteDifferences.HessianVectorProduct(sumOfSquares, x, v, hv, scheme);
        long allocated = GC.GetAllocatedBytesForCurrentThread() - before;
        Assert.Equal(0, allocated);
        Assert.Equal(2.0 * x[1], jacobian[n + 1], 1e-6);
        Assert.Equal(2.0 * v[n - 1], hv[n - 1], 1e-6);
    }

    [Fact]
    public void FiniteDifferenceJacobian_RejectsABadShapeAndNull()
    {
        var e = Assert.Throws<ArgumentException>(() => FiniteDifferences.Jacobian(DerivativeTestFunctions.Residuals, new double[3], new double[8]));
        Assert.Equal("jacobian", e.ParamName);
        Assert.Throws<ArgumentException>(() => FiniteDifferences.Jacobian(DerivativeTestFunctions.Residuals, new double[3], Span<double>.Empty));
        Assert.Throws<ArgumentException>(() => FiniteDifferences.Jacobian(DerivativeTestFunctions.Residuals, ReadOnlySpan<double>.Empty, new double[3]));
        Assert.Equal(0, FiniteDifferences.Jacobian(DerivativeTestFunctions.Residuals, ReadOnlySpan<double>.Empty, Span<double>.Empty));
        Assert.Throws<ArgumentNullException>(() => FiniteDifferences.Jacobian(null!, new double[3], new double[9]));
        Assert.Throws<ArgumentOutOfRangeException>(() => FiniteDifferences.Jacobian(DerivativeTestFunctions.Residuals, new double[3], new double[9], step: 0.0));
    }

    [Fact]
    public void CompareJacobian_PassesOnExactJacobians_AtRandomPoints()
    {
        for (int seed = 0; seed < 3; seed++)
        {
            double[] p = DerivativeTestFunctions.Parameters(3, 60 + seed);
            GradientCheckReport report = GradientCheck.CompareJacobian(DerivativeTestFunctions.Residuals, DerivativeTestFunctions.ResidualsJacobian, p, outputs: 3);
            Assert.True(report.Passed, report.ToString());
            Assert.Equal(GradientCheckMethod.Jacobian, report.Method);
            Assert.Equal(9, report.Entries.Count);
            Assert.Equal("J[1,2]", report.Entries[5].Label);
            Assert.Equal(1 + (2 * 3), report.Evaluations);
            Assert.Same(report, report.ThrowIfFailed());

            double[] q = DerivativeTestFunctions.Parameters(2, 70 + seed);
            GradientCheck.CompareJacobian(DerivativeTestFunctions.Decay, DerivativeTestFunctions.DecayJacobian, q, outputs: 4).ThrowIfFailed();
        }
    }

    [Fact]
    public void CompareJacobian_FailsOnOneWrongEntry_AndNamesIt()
    {
        double[] p = DerivativeTestFunctions.Parameters(3, 63);
        GradientCheckReport report = GradientCheck.CompareJacobian(
            DerivativeTestFunctions.Residuals, DerivativeTestFunctions.WithEntryScaled(DerivativeTestFunctions.ResidualsJacobian, 7, 1.001), p, outputs: 3);
        Assert.False(report.Passed);
        Assert.Equal(1, report.FailedCount);
        Assert.Equal(7, report.WorstIndex);
        Assert.Equal("J[2,1]", report.Worst!.Label);
        Assert.True(report.ValuePassed);
        string text = report.ToString();
        Assert.StartsWith("Jacobian check FAILED: central differences", text);
        Assert.Contains("1 of 9 entries outside", text);
        Assert.Contains("evaluations of r", text);
        Assert.Single(text.Split('\n'), l => l.StartsWith("! J[2,1]", StringComparison.Ordinal));
    }

    [Fact]
    public void CompareJacobian_FailsOnATransposedJacobian()
    {
        double[] p = DerivativeTestFunctions.Parameters(3, 64);
        GradientCheckReport square = GradientCheck.CompareJacobian(
            DerivativeTestFunctions.Residuals, DerivativeTestFunctions.Transposed(DerivativeTestFunctions.ResidualsJacobian, 3), p, outputs: 3);
        Assert.False(square.Passed);
        Assert.Equal(6, square.FailedCount); // the diagonal survives a transposition

        double[] q = DerivativeTestFunctions.Parameters(2, 65);
        GradientCheckReport tall = GradientCheck.CompareJacobian(
            DerivativeTestFunctions.Decay, DerivativeTestFunctions.Transposed(DerivativeTestFunctions.DecayJacobian, 4), q, outputs: 4);
        Assert.False(tall.Passed);
    }

    [Fact]
    public void CompareJacobian_ChecksEveryOutputValue()
    {
        double[] p = DerivativeTestFunctions.Parameters(3, 66);
        JacobianFunction offResult = (q, r, j) =>
        {
            DerivativeTestFunctions.ResidualsJacobian(q, r, j);
            r[1] += 1e-3;
        };
        GradientCheckReport report = GradientCheck.CompareJacobian(DerivativeTestFunctions.Residuals, offResult, p, outputs: 3);
        Assert.False(report.Passed);
        Assert.False(report.ValuePassed);
        Assert.Equal(0, report.FailedCount);
        Assert.Equal(1e-3, report.ValueAbsoluteError, 1e-12);
        Assert.Contains("jacobian wrote r[1] =", report.ToString());
        Assert.Contains("worst of 3 outputs", report.ToString());
        Assert.True(GradientCheck.CompareJacobian(DerivativeTestFunctions.Residuals, offResult, p, 3, new GradientCheckOptions { CheckValue = false }).Passed);
    }

    [Fact]
    public void CompareJacobian_RejectsNullsAndNoOutputs()
    {
        double[] p = { 1.0, 1.0, 1.0 };
        Assert.Throws<ArgumentNullException>(() => GradientCheck.CompareJacobian(null!, DerivativeTestFunctions.ResidualsJacobian, p, 3));
        Assert.Throws<ArgumentNullException>(() => GradientCheck.CompareJacobian(DerivativeTestFunctions.Residuals, null!, p, 3));
        Assert.Throws<ArgumentOutOfRangeException>(() => GradientCheck.CompareJacobian(DerivativeTestFunctions.Residuals, DerivativeTestFunctions.ResidualsJacobian, p, 0));
        Assert.Throws<ArgumentOutOfRangeException>(() => GradientCheck.CompareJacobian(DerivativeTestFunctions.Residuals, DerivativeTestFunctions.ResidualsJacobian, p, 3, new GradientCheckOptions { Step = -1.0 }));
    }
}
