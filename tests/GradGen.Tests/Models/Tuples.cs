using System;

namespace GradGen.Tests.Models;

/// <summary>Tuple deconstruction and tuple assignment, lowered to one assignment per element.</summary>
public static partial class Tuples
{
    [Differentiable]
    public static double Deconstruct(double t, double r)
    {
        var (s, c) = (Math.Sin(t), Math.Cos(t));
        (double x, double y) = (r * c, r * s);
        return x * x * y + s;
    }

    [Differentiable]
    public static double SinCos(double t, double r)
    {
        var (s, c) = Math.SinCos(t * r);
        return s * r + c * c;
    }

    [Differentiable]
    public static float SinCosF(float t, float r)
    {
        (float s, float c) = MathF.SinCos(t);
        var (sr, cr) = float.SinCos(r * t);
        return s * c * r + sr - cr;
    }

    /// <summary>A swap and a Fibonacci-like step: each value must be read before any element is assigned.</summary>
    [Differentiable]
    public static double Swap(double a, double b, [NoDerivative] int n)
    {
        (a, b) = (b, a * 2);
        for (var i = 0; i < n; i++)
        {
            (a, b) = (b, a + b * 0.5);
        }

        return a * b;
    }

    [Differentiable]
    public static double NestedAndDiscarded(double x, double y)
    {
        var (a, (b, _)) = (x * y, (x + y, x - y));
        int k;
        double z;
        (k, z) = (3, a);
        (z, a) = (z * b, k);
        return z + a;
    }

    [Differentiable]
    public static double IntoLocalArray(double x, double y)
    {
        var w = new double[2];
        (w[0], w[1]) = (x * y, x);
        (w[1], w[0]) = (w[0], w[1] * 3);
        return w[0] * w[1] + w[0];
    }
}
