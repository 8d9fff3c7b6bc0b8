using System;

namespace GradGen.Benchmarks.Models;

/// <summary>
/// A small [Differentiable] method called once per element: <see cref="Loss"/> sums <see cref="Softplus"/> over the
/// weights, so its gradient calls <c>SoftplusPullback</c> N times, and <see cref="SumOfGradients"/> is a user's loop calling
/// <c>SoftplusGradient</c> N times. Measures what a call costs a tiny method's generated derivatives.
/// </summary>
public static partial class SmallMethods
{
    [Differentiable]
    public static double Softplus(double z) => Math.Log(1 + Math.Exp(z));

    [Differentiable]
    public static double Loss(ReadOnlySpan<double> w)
    {
        double s = 0;
        for (int i = 0; i < w.Length; i++)
        {
            s += Softplus(w[i]);
        }

        return s;
    }

    /// <summary>The gradient of <see cref="Loss"/> from the generated Gradient of the helper, one call per element.</summary>
    public static double SumOfGradients(ReadOnlySpan<double> w, Span<double> dW)
    {
        double s = 0;
        for (int i = 0; i < w.Length; i++)
        {
            s += SoftplusGradient(w[i], out dW[i]);
        }

        return s;
    }

    /// <summary>By hand: softplus'(z) = e^z / (1 + e^z). Overwrites <paramref name="dW"/>.</summary>
    public static double LossGradientByHand(ReadOnlySpan<double> w, Span<double> dW)
    {
        double s = 0;
        for (int i = 0; i < w.Length; i++)
        {
            double e = Math.Exp(w[i]);
            s += Math.Log(1 + e);
            dW[i] = e / (1 + e);
        }

        return s;
    }
}
