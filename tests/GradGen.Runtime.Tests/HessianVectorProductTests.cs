using System;

namespace GradGen.Runtime.Tests;

public class HessianVectorProductTests
{
    /// <summary>The Rosenbrock HVP with component <paramref name="index"/> of H·v (or of the gradient) scaled by <paramref name="factor"/>.</summary>
    private static HessianVectorProductFunction Wrong(int index, double factor, bool inGradient = false) => (x, v, g, hv) =>
    {
        double value = DerivativeTestFunctions.RosenbrockHessianVector(x, v, g, hv);
        (inGradient ? g : hv)[index] *= factor;
        return value;
    };

    [Theory]
    [InlineData(FiniteDifferenceScheme.Forward, 1e-5)]
    [InlineData(FiniteDifferenceScheme.Central, 1e-8)]
    [InlineData(FiniteDifferenceScheme.FivePoint, 1e-10)]
    [InlineData(FiniteDifferenceScheme.Richardson, 1e-10)]
    public void FiniteDifferenceHessianVectorProduct_MatchesTheExactOne(FiniteDifferenceScheme scheme, double relativeTolerance)
    {
        double[] x = TestFunctions.Point(8, 81);
        double[] v = TestFunctions.Point(8, 82);
        var exact = new double[8];
        DerivativeTestFunctions.RosenbrockHessianVector(x, v, new double[8], exact);
        var numeric = new double[8];
        FiniteDifferences.HessianVectorProduct(TestFunctions.RosenbrockGradient, x, v, numeric, scheme);
        double error = TestFunctions.MaxAbsDifference(exact, numeric) / TestFunctions.MaxAbs(exact);
        Assert.True(error < relativeTolerance, $"{error}");
    }

    [Theory]
    [InlineData(FiniteDifferenceScheme.Central)]
    [InlineData(FiniteDifferenceScheme.Backward)]
    [InlineData(FiniteDifferenceScheme.Richardson)]
    public void FiniteDifferenceHessianVectorProduct_IsTheDirectionalDerivativeOfEachGradientComponent(FiniteDifferenceScheme scheme)
    {
        double[] x = { 0.3, -0.8, 1.7 };
        double[] v = { 0.2, 0.5, -1.5 };
        var hv = new double[3];
        FiniteDifferences.HessianVectorProduct(TestFunctions.MixedGradient, x, v, hv, scheme);
        for (int i = 0; i < 3; i++)
        {
            int component = i;
            ScalarFunction partial = p =>
            {
                var g = new double[3];
                TestFunctions.MixedGradient(p, g);
                return g[component];
            };
            Assert.Equal(FiniteDifferences.DirectionalDerivative(partial, x, v, scheme), hv[i]);
        }
    }

    [Theory]
    [InlineData(FiniteDifferenceScheme.Forward, 2)]
    [InlineData(FiniteDifferenceScheme.Central, 2)]
    [InlineData(FiniteDifferenceScheme.FivePoint, 4)]
    public void FiniteDifferenceHessianVectorProduct_ReturnsAndPerformsTheDocumentedCount(FiniteDifferenceScheme scheme, int expected)
    {
        int calls = 0;
        GradientFunction counted = (x, g) =>
        {
            calls++;
            Assert.All(g.ToArray(), value => Assert.Equal(0.0, value));
            return TestFunctions.MixedGradient(x, g);
        };
        Assert.Equal(expected, FiniteDifferences.HessianVectorProduct(counted, new[] { 0.3, -0.8, 1.7 }, new[] { 1.0, 0.0, 0.0 }, new double[3], scheme));
        Assert.Equal(expected, calls);
        var zero = new[] { 9.0, 9.0, 9.0 };
        Assert.Equal(0, FiniteDifferences.HessianVectorProduct(counted, new[] { 0.3, -0.8, 1.7 }, new double[3], zero, scheme));
        Assert.Equal(new double[3], zero);
    }

    [Fact]
    public void FiniteDifferenceHessianVectorProduct_RejectsBadLengthsAndNull()
    {
        var e = Assert.Throws<ArgumentException>(() => FiniteDifferences.HessianVectorProduct(TestFunctions.MixedGradient, new double[3], new double[2], new double[3]));
        Assert.Equal("direction", e.ParamName);
        var f = Assert.Throws<ArgumentException>(() => FiniteDifferences.HessianVectorProduct(TestFunctions.MixedGradient, new double[3], new double[3], new double[4]));
        Assert.Equal("result", f.ParamName);
        Assert.Throws<ArgumentNullException>(() => FiniteDifferences.HessianVectorProduct(null!, new double[3], new double[3], new double[3]));
    }

    [Fact]
    public void CompareHessianVectorProduct_PassesOnExactProducts_AtRandomPoints()
    {
        foreach (double[] x in new[] { TestFunctions.Point(2, 83), TestFunctions.Point(2, 84), TestFunctions.Point(64, 85) })
        {
            GradientCheckReport report = GradientCheck.CompareHessianVectorProduct(TestFunctions.RosenbrockGradient, DerivativeTestFunctions.RosenbrockHessianVector, x, directions: 3);
            Assert.True(report.Passed, report.ToString());
            Assert.Equal(GradientCheckMethod.HessianVectorProduct, report.Method);
            Assert.Equal(2 * x.Length * 3, report.Entries.Count);
            Assert.Equal(1 + (2 * 3), report.Evaluations);
            Assert.Same(report, report.ThrowIfFailed());
        }

        GradientCheckReport mixed = GradientCheck.CompareHessianVectorProduct(TestFunctions.MixedGradient, DerivativeTestFunctions.MixedHessianVector, new[] { 0.3, -0.8, 1.7 });
        Assert.True(mixed.Passed, mixed.ToString());
        Assert.Equal("Hv1[2]", mixed.Entries[8].Label);
        Assert.Equal("g1[0]", mixed.Entries[9].Label);
    }

    [Fact]
    public void CompareHessianVectorProduct_FailsOnOneComponentOfHvOff_AndNamesIt()
    {
        double[] x = TestFunctions.Point(5, 86);
        GradientCheckReport report = GradientCheck.CompareHessianVectorProduct(TestFunctions.RosenbrockGradient, Wrong(3, 1.001), x, directions: 2);
        Assert.False(report.Passed);
        Assert.Equal(2, report.FailedCount);
        Assert.Contains(report.Worst!.Label, new[] { "Hv0[3]", "Hv1[3]" });
        string text = report.ToString();
        Assert.StartsWith("Hessian-vector product check FAILED: central differences", text);
        Assert.Contains("2 of 20 components outside", text);
        Assert.Contains("evaluations of g", text);
    }

    [Fact]
    public void CompareHessianVectorProduct_FailsOnAWrongGradient()
    {
        double[] x = TestFunctions.Point(4, 87);
        GradientCheckReport report = GradientCheck.CompareHessianVectorProduct(TestFunctions.RosenbrockGradient, Wrong(1, 1.001, inGradient: true), x, directions: 1);
        Assert.False(report.Passed);
        Assert.Equal("g0[1]", Assert.Single(report.Entries, e => !e.Passed).Label);
    }

    [Fact]
    public void CompareHessianVectorProduct_ChecksTheReturnedValue()
    {
        HessianVectorProductFunction offValue = (x, v, g, hv) => DerivativeTestFunctions.RosenbrockHessianVector(x, v, g, hv) * (1.0 + 1e-4);
        GradientCheckReport report = GradientCheck.CompareHessianVectorProduct(TestFunctions.RosenbrockGradient, offValue, TestFunctions.Point(3, 88));
        Assert.False(report.Passed);
        Assert.False(report.ValuePassed);
        Assert.Equal(0, report.FailedCount);
        Assert.Contains("hessian-vector product returned", report.ToString());
    }

    [Fact]
    public void CompareHessianVectorProduct_RejectsNullsAndZeroDirections()
    {
        double[] x = { 1.0, 2.0 };
        Assert.Throws<ArgumentNullException>(() => GradientCheck.CompareHessianVectorProduct(null!, DerivativeTestFunctions.RosenbrockHessianVector, x));
        Assert.Throws<ArgumentNullException>(() => GradientCheck.CompareHessianVectorProduct(TestFunctions.RosenbrockGradient, null!, x));
        Assert.Throws<ArgumentOutOfRangeException>(() => GradientCheck.CompareHessianVectorProduct(TestFunctions.RosenbrockGradient, DerivativeTestFunctions.RosenbrockHessianVector, x, directions: 0));
    }
}
