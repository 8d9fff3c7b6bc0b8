using System;

namespace GradGen.Tests.Models;

/// <summary>
/// Active values passed to [NoDerivative] parameters: the callers differentiate through them with the callee's
/// internal pullback, while the callee's own Gradient and Pullback still omit those parameters.
/// </summary>
public static partial class NoDerivativeThrough
{
    [Differentiable]
    public static double Scale(double v, [NoDerivative] double factor) => v * Math.Sin(factor) + factor * factor;

    /// <summary>A scalar [NoDerivative] parameter receiving an active value, and the same callee with an inactive one.</summary>
    [Differentiable]
    public static double Caller(double x, double y) => Scale(y, x * 2) + Scale(x, 0.5);

    [Differentiable]
    public static double WeightedSum(double[] values, [NoDerivative] double[] weights, [NoDerivative] int count)
    {
        var sum = 0.0;
        for (var i = 0; i < count; i++)
        {
            sum += values[i] * weights[i] * weights[i];
        }

        return sum;
    }

    /// <summary>An array [NoDerivative] parameter given the caller's differentiable array, and one given a local derived from it.</summary>
    [Differentiable]
    public static double ArrayCaller(double[] w, double[] v)
    {
        var scaled = new double[w.Length];
        for (var i = 0; i < w.Length; i++)
        {
            scaled[i] = 2 * w[i] + v[i];
        }

        return WeightedSum(v, w, w.Length) + WeightedSum(w, scaled, w.Length);
    }

    /// <summary>The callee's own [NoDerivative] parameter passed on to another callee's: chained internal pullbacks.</summary>
    [Differentiable]
    public static double Middle(double a, [NoDerivative] double b) => Scale(a, b * a) * b;

    [Differentiable]
    public static double Chained(double x) => Middle(x, Math.Exp(x));

    /// <summary>Recursion: the method passes an active value to its own [NoDerivative] parameter.</summary>
    [Differentiable]
    public static double Power(double x, [NoDerivative] double scale, int n) =>
        n == 0 ? scale : x * Power(x, scale * x, n - 1);

    [Differentiable]
    public static double PowerCaller(double x) => Power(x, x, 3);

    [Differentiable]
    public static float ScaleF(float v, [NoDerivative] float factor) => v * MathF.Cos(factor);

    [Differentiable]
    public static float CallerF(float x, float y) => ScaleF(x * y, y);
}

/// <summary>Instance methods: an active value into an instance callee's [NoDerivative] parameter.</summary>
public partial class ThroughSpring
{
    public double Stiffness { get; init; } = 1.5;

    [Differentiable]
    public double Energy(double x, [NoDerivative] double rest) => 0.5 * Stiffness * (x - rest) * (x - rest);

    [Differentiable]
    public double Total(double x, double y) => Energy(x, y) + Energy(y, x * x);
}
