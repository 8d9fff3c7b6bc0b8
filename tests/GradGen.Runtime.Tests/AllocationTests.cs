using System;

namespace GradGen.Runtime.Tests;

/// <summary>Steady-state finite differences allocate nothing on the managed heap.</summary>
public class AllocationTests
{
    private static readonly ScalarFunction SumOfSquares = x =>
    {
        double s = 0.0;
        foreach (double v in x)
        {
            s += v * v;
        }

        return s;
    };

    [Theory]
    [InlineData(FiniteDifferenceScheme.Forward, 64)]
    [InlineData(FiniteDifferenceScheme.Backward, 64)]
    [InlineData(FiniteDifferenceScheme.Central, 64)]
    [InlineData(FiniteDifferenceScheme.FivePoint, 64)]
    [InlineData(FiniteDifferenceScheme.Richardson, 64)]
    [InlineData(FiniteDifferenceScheme.Central, 700)]
    public void Gradient_AllocatesNothing(FiniteDifferenceScheme scheme, int n)
    {
        double[] x = TestFunctions.Point(n, 11);
        var gradient = new double[n];
        for (int i = 0; i < 5; i++)
        {
            FiniteDifferences.Gradient(SumOfSquares, x, gradient, scheme);
        }

        long before = GC.GetAllocatedBytesForCurrentThread();
        FiniteDifferences.Gradient(SumOfSquares, x, gradient, scheme);
        long allocated = GC.GetAllocatedBytesForCurrentThread() - before;
        Assert.Equal(0, allocated);
        Assert.Equal(2.0 * x[n - 1], gradient[n - 1], 1e-6);
    }

    [Fact]
    public void DirectionalDerivativeAndScalarDerivative_AllocateNothing()
    {
        double[] x = TestFunctions.Point(64, 12);
        double[] v = TestFunctions.Point(64, 13);
        Func<double, double> sin = Math.Sin;
        double sink = 0.0;
        for (int i = 0; i < 5; i++)
        {
            sink += FiniteDifferences.DirectionalDerivative(SumOfSquares, x, v);
            sink += FiniteDifferences.DerivativeWithError(sin, 0.3).Value;
        }

        long before = GC.GetAllocatedBytesForCurrentThread();
        sink += FiniteDifferences.DirectionalDerivative(SumOfSquares, x, v, FiniteDifferenceScheme.Richardson);
        sink += FiniteDifferences.Derivative(sin, 0.3, FiniteDifferenceScheme.FivePoint);
        sink += FiniteDifferences.DerivativeWithError(sin, 0.3).Value;
        long allocated = GC.GetAllocatedBytesForCurrentThread() - before;
        Assert.Equal(0, allocated);
        Assert.True(double.IsFinite(sink));
    }
}
