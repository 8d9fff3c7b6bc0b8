using System;

namespace GradGen.Runtime.Tests;

public class ValidationTests
{
    [Fact]
    public void Gradient_WithWrongLength_ThrowsNamingGradient()
    {
        var e = Assert.Throws<ArgumentException>(() => FiniteDifferences.Gradient(TestFunctions.Rosenbrock, new double[3], new double[2]));
        Assert.Equal("gradient", e.ParamName);
        var f = Assert.Throws<ArgumentException>(() => FiniteDifferences.Gradient(TestFunctions.RosenbrockF, new float[3], new float[4]));
        Assert.Equal("gradient", f.ParamName);
    }

    [Fact]
    public void DirectionalDerivative_WithWrongLength_ThrowsNamingDirection()
    {
        var e = Assert.Throws<ArgumentException>(() => FiniteDifferences.DirectionalDerivative(TestFunctions.Rosenbrock, new double[3], new double[2]));
        Assert.Equal("direction", e.ParamName);
    }

    [Fact]
    public void NullFunctions_Throw()
    {
        Assert.Throws<ArgumentNullException>(() => FiniteDifferences.Derivative((Func<double, double>)null!, 1.0));
        Assert.Throws<ArgumentNullException>(() => FiniteDifferences.Gradient((ScalarFunction)null!, new double[1], new double[1]));
        Assert.Throws<ArgumentNullException>(() => GradientCheck.Compare(TestFunctions.Rosenbrock, null!, new double[2]));
    }

    [Fact]
    public void Gradient_LeavesTheCallersPointUnchanged()
    {
        double[] x = TestFunctions.Point(8, 5);
        double[] copy = (double[])x.Clone();
        bool sawOriginalFirst = false;
        int call = 0;
        FiniteDifferences.Gradient(
            p =>
            {
                // Every evaluation differs from x in at most one component: the others were restored.
                int differing = 0;
                for (int i = 0; i < p.Length; i++)
                {
                    if (p[i] != copy[i])
                    {
                        differing++;
                    }
                }

                Assert.True(differing <= 1, $"{differing} components perturbed at once");
                sawOriginalFirst |= call++ == 0 && differing == 0;
                return TestFunctions.Rosenbrock(p);
            },
            x,
            new double[8],
            FiniteDifferenceScheme.Forward);
        Assert.Equal(copy, x);
        Assert.True(sawOriginalFirst);
    }
}
