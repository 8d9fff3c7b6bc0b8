using System;

namespace GradGen.Benchmarks.Models;

/// <summary>
/// Copies of <see cref="Rosenbrock.Value"/> and the demo's mean logistic loss with
/// <c>HessianVectorProduct = true</c> (which brings <c>Forward</c>): GradGen generates Pushforward,
/// HessianVectorProduct and Hessian besides Gradient. Copies, so that the gradient benchmarks keep measuring the
/// models they always measured.
/// </summary>
public static partial class SecondOrder
{
    /// <summary>The chained extended Rosenbrock function, as <see cref="Rosenbrock.Value"/>.</summary>
    [Differentiable(HessianVectorProduct = true)]
    public static double Rosenbrock(ReadOnlySpan<double> x)
    {
        double sum = 0;
        for (int i = 0; i < x.Length - 1; i++)
        {
            double a = x[i + 1] - x[i] * x[i];
            double b = 1 - x[i];
            sum += 100 * a * a + b * b;
        }

        return sum;
    }

    /// <summary>The mean logistic loss over m samples, as the demo's <c>Logistic.MeanLoss</c>.</summary>
    [Differentiable(HessianVectorProduct = true)]
    public static double MeanLoss(ReadOnlySpan<double> w, [NoDerivative] ReadOnlySpan<double> x, [NoDerivative] ReadOnlySpan<double> y, int m)
    {
        int n = w.Length;
        double loss = 0;
        for (int i = 0; i < m; i++)
        {
            double z = 0;
            for (int j = 0; j < n; j++)
            {
                z += w[j] * x[i * n + j];
            }

            loss += Math.Log(1 + Math.Exp(-y[i] * z));
        }

        return loss / m;
    }
}
