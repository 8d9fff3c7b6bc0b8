using System;

namespace GradGen.Tests.Models;

/// <summary>
/// Increments and decrements used as values: an index that advances as it is used (<c>h[k++] = …</c>), a counter tested
/// and stepped in one condition, in 'else if', in the taken operand of '?:' and '&amp;&amp;', prefix forms, and an
/// increment of a differentiable value. Compared with finite differences in IncrementTests.
/// </summary>
public static partial class Increments
{
    /// <summary>Packs the positive terms first (<c>h[k++] = …</c>), then reads them back with a decrementing index.</summary>
    [Differentiable]
    public static double Packed(double[] w)
    {
        double[] h = new double[w.Length];
        int k = 0;
        for (int i = 0; i < w.Length; i++)
        {
            if (w[i] > 0)
            {
                h[k++] = Math.Sqrt(w[i]) * w[(i + 1) % w.Length];
            }
        }

        double s = 0;
        int j = k;
        while (true)
        {
            if (--j < 0) break;
            s += h[j] * (j + 1);
        }

        return s;
    }

    /// <summary>A counter tested and stepped in 'if' and 'else if' conditions; the 'else if' runs only when the first test fails.</summary>
    [Differentiable]
    public static double Counters(double x, double y, [NoDerivative] int n)
    {
        int a = 0, b = 10;
        double r = 0;
        for (int i = 0; i < n; i++)
        {
            if (x * i > 1.5)
            {
                r += x * y;
            }
            else if (b-- > 7)
            {
                r += Math.Sin(x + b);
            }
            else
            {
                r -= y * 0.5;
            }

            if (a++ % 2 == 0)
            {
                r += y * a;
            }
        }

        return r + a + b;
    }

    /// <summary>Increments in operands that run only sometimes: the taken side of '?:' and the right of '&amp;&amp;'.</summary>
    [Differentiable]
    public static double Taken(double[] w, double x)
    {
        int k = 0, m = 0;
        double r = 0;
        for (int i = 0; i < w.Length; i++)
        {
            r += w[i] > 0 ? w[k++] * x : 0.25 * w[i];
            if (x > 0 && ++m < 3)
            {
                r += w[i] * m;
            }
        }

        return r + k * x + m;
    }

    /// <summary>Increments of a differentiable value used as values: 'x++', '--x' (each adds a constant, derivative 1).</summary>
    [Differentiable]
    public static double Active(double x, double t)
    {
        double y = x++ * t;
        double z = --x * x + t++;
        return y + z * t + x;
    }

    /// <summary>The same in float.</summary>
    [Differentiable]
    public static float ActiveF(ReadOnlySpan<float> p)
    {
        float f = p[0];
        float g = f++ * p[1];
        return g + --f * f;
    }
}
