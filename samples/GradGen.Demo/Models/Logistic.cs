using System;

namespace GradGen.Demo.Models;

/// <summary>
/// The demo's model: the mean logistic loss of a linear classifier over m samples,
/// (1/m) Σᵢ log(1 + exp(−yᵢ wᵀxᵢ)), written as plain loops. GradGen writes <c>MeanLossGradient</c>.
/// </summary>
public static partial class Logistic
{
    /// <summary>The loss; <paramref name="x"/> is m×n row-major with n = <c>w.Length</c>, labels <paramref name="y"/> are ±1.</summary>
    [Differentiable]
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

    /// <summary>
    /// The loss and its gradient derived by hand, for comparison: with <c>tᵢ = −yᵢ wᵀxᵢ</c> and
    /// <c>σ(t) = 1/(1 + e⁻ᵗ)</c>, <c>∂/∂wⱼ = (1/m) Σᵢ −yᵢ σ(tᵢ) xᵢⱼ</c>. Two passes over each row (the dot product, then
    /// the update): the least work a gradient can do. Overwrites <paramref name="dW"/>.
    /// (tests/GradGen.Benchmarks compiles this file too: the demo and the benchmarks measure the same code.)
    /// </summary>
    public static double MeanLossGradientByHand(ReadOnlySpan<double> w, ReadOnlySpan<double> x, ReadOnlySpan<double> y, int m, Span<double> dW)
    {
        int n = w.Length;
        if (dW.Length != n)
        {
            throw new ArgumentException("The gradient must have the length of w.", nameof(dW));
        }

        dW.Clear();
        double loss = 0;
        for (int i = 0; i < m; i++)
        {
            ReadOnlySpan<double> row = x.Slice(i * n, n);
            double z = 0;
            for (int j = 0; j < n; j++)
            {
                z += w[j] * row[j];
            }

            double t = -y[i] * z;
            loss += Math.Log(1 + Math.Exp(t));
            double coefficient = -y[i] / (1 + Math.Exp(-t)) / m;
            for (int j = 0; j < n; j++)
            {
                dW[j] += coefficient * row[j];
            }
        }

        return loss / m;
    }
}
