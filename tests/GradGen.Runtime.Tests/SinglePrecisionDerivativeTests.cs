using System;

namespace GradGen.Runtime.Tests;

/// <summary>The float overloads of the Jacobian and Hessian-vector product references and checks.</summary>
public class SinglePrecisionDerivativeTests
{
    private static readonly float[] Parameters = { 0.9f, 1.3f, 0.6f };
    private static readonly float[] Point = { -1.2f, 1f, 0.5f, 0.8f };

    [Theory]
    [InlineData(FiniteDifferenceScheme.Forward)]
    [InlineData(FiniteDifferenceScheme.Central)]
    [InlineData(FiniteDifferenceScheme.FivePoint)]
    [InlineData(FiniteDifferenceScheme.Richardson)]
    public void FiniteDifferenceJacobian_OfOneOutput_IsTheFloatGradientBitForBit(FiniteDifferenceScheme scheme)
    {
        // Rosenbrock's gradient is a polynomial the five-point stencil differentiates exactly; the exponentials are not.
        ScalarFunctionF steep = x => (MathF.Exp(6f * x[0]) * x[1]) + MathF.Exp(-5f * x[2] * x[3]);
        foreach (ScalarFunctionF f in new[] { TestFunctions.RosenbrockF, steep })
        {
            VectorFunctionF asVector = (x, r) => r[0] = f(x);
            var jacobian = new float[4];
            var gradient = new float[4];
            Assert.Equal(
                FiniteDifferences.Gradient(f, Point, gradient, scheme),
                FiniteDifferences.Jacobian(asVector, Point, jacobian, scheme));
            Assert.Equal(gradient, jacobian);
        }
    }

    [Fact]
    public void FiniteDifferenceHessianVectorProduct_IsTheFloatDirectionalDerivativeOfEachGradientComponent()
    {
        float[] v = { 0.5f, -0.25f, 1f, 0.75f };
        var hv = new float[4];
        FiniteDifferences.HessianVectorProduct(TestFunctions.RosenbrockGradientF, Point, v, hv);
        for (int i = 0; i < 4; i++)
        {
            int component = i;
            ScalarFunctionF partial = p =>
            {
                var g = new float[4];
                TestFunctions.RosenbrockGradientF(p, g);
                return g[component];
            };
            Assert.Equal(FiniteDifferences.DirectionalDerivative(partial, Point, v), hv[i]);
        }
    }

    [Fact]
    public void CompareJacobian_PassesOnAnExactFloatJacobianAndFailsOnAWrongEntry()
    {
        GradientCheckReport report = GradientCheck.CompareJacobian(DerivativeTestFunctions.ResidualsF, DerivativeTestFunctions.ResidualsJacobianF, Parameters, outputs: 3);
        Assert.True(report.Passed, report.ToString());
        Assert.True(report.IsSinglePrecision);
        Assert.Equal(GradientCheckOptions.DefaultRelativeToleranceF, report.RelativeTolerance);

        JacobianFunctionF wrong = (p, r, j) =>
        {
            DerivativeTestFunctions.ResidualsJacobianF(p, r, j);
            j[4] *= 1.05f;
        };
        GradientCheckReport failed = GradientCheck.CompareJacobian(DerivativeTestFunctions.ResidualsF, wrong, Parameters, outputs: 3);
        Assert.False(failed.Passed);
        Assert.Equal("J[1,1]", Assert.Single(failed.Entries, e => !e.Passed).Label);
    }

    [Fact]
    public void CompareHessianVectorProduct_PassesOnAnExactFloatProductAndFailsOnAWrongComponent()
    {
        GradientCheckReport report = GradientCheck.CompareHessianVectorProduct(TestFunctions.RosenbrockGradientF, DerivativeTestFunctions.RosenbrockHessianVectorF, Point);
        Assert.True(report.Passed, report.ToString());
        Assert.True(report.IsSinglePrecision);

        HessianVectorProductFunctionF wrong = (x, v, g, hv) =>
        {
            float value = DerivativeTestFunctions.RosenbrockHessianVectorF(x, v, g, hv);
            hv[2] *= 1.05f;
            return value;
        };
        GradientCheckReport failed = GradientCheck.CompareHessianVectorProduct(TestFunctions.RosenbrockGradientF, wrong, Point);
        Assert.False(failed.Passed);
        Assert.All(failed.Entries, e => Assert.Equal(e.Label is "Hv0[2]" or "Hv1[2]", !e.Passed));
    }

    [Fact]
    public void FloatOverloads_RejectNullsAndBadShapes()
    {
        Assert.Throws<ArgumentNullException>(() => GradientCheck.CompareJacobian((VectorFunctionF)null!, DerivativeTestFunctions.ResidualsJacobianF, Parameters, 3));
        Assert.Throws<ArgumentNullException>(() => GradientCheck.CompareJacobian(DerivativeTestFunctions.ResidualsF, (JacobianFunctionF)null!, Parameters, 3));
        Assert.Throws<ArgumentOutOfRangeException>(() => GradientCheck.CompareJacobian(DerivativeTestFunctions.ResidualsF, DerivativeTestFunctions.ResidualsJacobianF, Parameters, 0));
        Assert.Throws<ArgumentNullException>(() => GradientCheck.CompareHessianVectorProduct((GradientFunctionF)null!, DerivativeTestFunctions.RosenbrockHessianVectorF, Point));
        Assert.Throws<ArgumentNullException>(() => GradientCheck.CompareHessianVectorProduct(TestFunctions.RosenbrockGradientF, (HessianVectorProductFunctionF)null!, Point));
        Assert.Throws<ArgumentNullException>(() => FiniteDifferences.Jacobian((VectorFunctionF)null!, Parameters, new float[9]));
        Assert.Equal("jacobian", Assert.Throws<ArgumentException>(() => FiniteDifferences.Jacobian(DerivativeTestFunctions.ResidualsF, Parameters, new float[10])).ParamName);
        Assert.Equal("result", Assert.Throws<ArgumentException>(() => FiniteDifferences.HessianVectorProduct(TestFunctions.RosenbrockGradientF, Point, new float[4], new float[3])).ParamName);
    }
}
