using System;

namespace GradGen.CurveFitting.Models;

/// <summary>
/// Extended Rosenbrock, Σᵢ 100 (x₂ᵢ₊₁ − x₂ᵢ²)² + (1 − x₂ᵢ)², minimum 0 at x = (1, …, 1). GradGen generates
/// <c>RosenbrockGradient</c>, <c>RosenbrockHessianVectorProduct</c> (gradient and H·v in one call) and <c>RosenbrockHessian</c>.
/// </summary>
public static partial class ExtendedRosenbrock
{
    [Differentiable(HessianVectorProduct = true)]
    public static double Rosenbrock(ReadOnlySpan<double> x)
    {
        double s = 0;
        for (int i = 0; i + 1 < x.Length; i += 2)
        {
            double t = x[i + 1] - x[i] * x[i];
            double u = 1 - x[i];
            s += 100 * t * t + u * u;
        }

        return s;
    }
}
