using System;

namespace GradGen.Tests.Models;

/// <summary>Ordinary methods with no [Differentiable]: the "special functions" a user brings.</summary>
public static class Special
{
    public static double Softplus(double x) => Math.Log(1 + Math.Exp(x));

    public static double SumOfSquares(ReadOnlySpan<double> v)
    {
        var s = 0.0;
        foreach (var e in v)
        {
            s += e * e;
        }

        return s;
    }

    /// <summary>Smooth but opaque to GradGen: only the finite-difference fallback can differentiate it.</summary>
    public static double Bumpy(double x, double y) => Math.Exp(Math.Sin(x) * y) / (1 + y * y);

    public static float BumpyF(float x) => MathF.Sin(x) * MathF.Exp(x / 3);
}

/// <summary>Hand-written derivatives, found by the generator through [DerivativeOf].</summary>
public static class SpecialDerivatives
{
    [DerivativeOf(typeof(Special), nameof(Special.Softplus))]
    public static void SoftplusPullback(double x, double seed, ref double dX) => dX += seed / (1 + Math.Exp(-x));

    [DerivativeOf(typeof(Special), nameof(Special.SumOfSquares))]
    public static void SumOfSquaresPullback(ReadOnlySpan<double> v, double seed, Span<double> dV)
    {
        for (var i = 0; i < v.Length; i++)
        {
            dV[i] += 2 * seed * v[i];
        }
    }

    /// <summary>A method in a referenced assembly (the BCL), with no source: d/dx hypot(x, y) = x / hypot(x, y).</summary>
    [DerivativeOf(typeof(double), nameof(double.Hypot))]
    public static void HypotPullback(double x, double y, double seed, ref double dX, ref double dY)
    {
        var h = double.Hypot(x, y);
        dX += seed * x / h;
        dY += seed * y / h;
    }
}

public static partial class CustomDerivativeModels
{
    [Differentiable]
    public static double UsesSoftplus(double a, double b) => Special.Softplus(a * b) + a * Special.Softplus(b);

    [Differentiable]
    public static double RidgeLoss(ReadOnlySpan<double> w, [NoDerivative] ReadOnlySpan<double> x, double lambda)
    {
        var fit = 0.0;
        for (var i = 0; i < w.Length; i++)
        {
            fit += w[i] * x[i];
        }

        return fit * fit + lambda * Special.SumOfSquares(w);
    }

    [Differentiable]
    public static double Distance(double x, double y, double z) => double.Hypot(x * z, y) * z;

#pragma warning disable GG0013 // The fallback is what these test: the warning says so at each call.
    [Differentiable(Fallback = DerivativeFallback.FiniteDifferences)]
    public static double WithFallback(double x, double y)
    {
        var u = Special.Bumpy(x * y, y) + x;
        return u * Special.Bumpy(y, 0.5);
    }

    [Differentiable(Fallback = DerivativeFallback.FiniteDifferences)]
    public static float WithFallbackF(float x) => Special.BumpyF(x * x) + x;
#pragma warning restore GG0013
}
