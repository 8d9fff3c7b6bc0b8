using System;

namespace GradGen.Tests.Models;

/// <summary>
/// Local arrays given their values where they are declared: '{ … }', 'new[] { … }', 'new double[] { … }' and
/// collection expressions '[…]', of constants and of differentiable values, at the top level, in a loop, as a Span, and
/// passed to a [Differentiable] method; indices from the end; and the BCL calls that fill, clear or copy into a local
/// array (Array.Fill, Span.Fill, Clear, CopyTo, Array.Copy). Compared with finite differences in ArrayInitializerTests.
/// </summary>
public static partial class ArrayInitializers
{
    [Differentiable]
    public static double Polynomial(double x)
    {
        double[] coefficients = { 0.5, -1.0, 2.0, 0.25 };
        double p = 0;
        for (int i = coefficients.Length - 1; i >= 0; i--)
        {
            p = p * x + coefficients[i];
        }

        return p;
    }

    [Differentiable]
    public static double Features(double[] w, double x)
    {
        var phi = new[] { 1.0, x, x * x, Math.Sin(x), Dot2(w[0], w[1]) };
        double s = 0;
        for (int i = 0; i < phi.Length; i++)
        {
            s += w[i % w.Length] * phi[i];
        }

        return s + Sum(phi);
    }

    [Differentiable]
    public static double InLoop(double[] w)
    {
        double total = 0;
        for (int i = 0; i + 1 < w.Length; i++)
        {
            double[] pair = [w[i], w[i + 1] * w[i + 1], 1];
            Span<double> scaled = [pair[0] * 2, pair[1] - pair[2]];
            total += pair[0] * pair[1] + scaled[0] * scaled[1];
        }

        return total;
    }

    [Differentiable]
    public static double Dot2(double a, double b) => a * b + 0.5 * a;

    [Differentiable]
    public static double Sum(double[] v)
    {
        double s = 0;
        foreach (var e in v)
        {
            s += e * e;
        }

        return s;
    }

    /// <summary>Indices from the end ('^k'): of an array parameter, a span parameter and a local array, read and written.</summary>
    [Differentiable]
    public static double FromEnd(double[] w, ReadOnlySpan<double> v)
    {
        double[] h = new double[3];
        h[^1] = w[^1] * v[^1];
        h[^2] = w[^2] + v[0];
        h[0] = h[^1] * h[^2];
        int k = 1;
        return h[^3] + w[^(k + 1)] * v[^k];
    }

    /// <summary>Fills, clears and copies into local arrays and spans, then reads them back.</summary>
    [Differentiable]
    public static double BulkWrites(double[] w, ReadOnlySpan<double> v)
    {
        Span<double> a = stackalloc double[v.Length];
        v.CopyTo(a);
        double[] b = new double[w.Length + 2];
        w.CopyTo(b, 1);
        double[] c = new double[3];
        Array.Copy(w, c, 2);
        double s = 0;
        for (int r = 0; r < 2; r++)
        {
            c.AsSpan().Fill(c[0] * 2 + r);
            for (int i = 0; i < a.Length; i++)
            {
                s += a[i] * b[i + 1] * c[i % 3];
            }

            Array.Fill(b, w[0] * 0.5);
        }

        a.Clear();
        w.AsSpan().CopyTo(b);
        Array.Clear(c);
        return s + b[0] * b[^1] + a[0] + c[1];
    }
}
