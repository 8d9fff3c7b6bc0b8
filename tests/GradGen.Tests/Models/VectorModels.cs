using System;

namespace GradGen.Tests.Models;

/// <summary>Vector-valued methods ([DifferentiableOutput]): Jacobian, Pullback and Pushforward are compared with finite differences in VectorTests.</summary>
public static partial class VectorModels
{
    /// <summary>The contract shape: residuals of a sum of two decaying exponentials fitted to data.</summary>
    [Differentiable]
    public static void Residuals(ReadOnlySpan<double> p, [NoDerivative] ReadOnlySpan<double> t, [NoDerivative] ReadOnlySpan<double> y, [DifferentiableOutput] Span<double> r)
    {
        for (int i = 0; i < t.Length; i++)
        {
            r[i] = p[0] * Math.Exp(-p[1] * t[i]) + p[2] * Math.Exp(-p[3] * t[i]) - y[i];
        }
    }

    /// <summary>Scalars and an array in, outputs overwritten, written in branches, one never written, an early return.</summary>
    [Differentiable]
    public static void Mixed(double a, double[] w, [DifferentiableOutput] Span<double> r)
    {
        double s = 0;
        for (int i = 0; i < w.Length; i++)
        {
            s += Math.Sin(a * w[i]);
        }

        r[0] = s * s;
        r[0] = Math.Sqrt(1 + r.Length + s * s);
        if (a > 0)
        {
            r[1] = a * s;
        }
        else
        {
            r[1] = Math.Exp(a) - s;
        }

        if (r.Length < 4)
        {
            return;
        }

        for (int i = 3; i < r.Length; i++)
        {
            r[i] = w[i % w.Length] * a + i;
        }
    }

    /// <summary>
    /// A ?: whose branches have different partials, a Math call read twice, and a call of another [Differentiable]
    /// method in a second output: the Jacobian's forward strategy then takes one Pushforward per column.
    /// </summary>
    [Differentiable]
    public static void Branchy(double a, ReadOnlySpan<double> w, [DifferentiableOutput] Span<double> r)
    {
        for (int i = 0; i < r.Length; i++)
        {
            double z = w[i % w.Length] * a;
            r[i] = z > 0 ? Math.Log(1 + z) * Math.Log(1 + z) : Math.Sin(z) / (1 + a * a);
        }
    }

    [Differentiable]
    public static void WithCall(double a, ReadOnlySpan<double> w, [DifferentiableOutput] Span<double> r)
    {
        for (int i = 0; i < r.Length; i++)
        {
            r[i] = Softplus(w[i % w.Length] * a) + a;
        }
    }

    [Differentiable]
    public static double Softplus(double z) => Math.Log(1 + Math.Exp(z));

    /// <summary>Views of the parameters: a view local read by index, and views passed to a differentiable callee.</summary>
    [Differentiable]
    public static void WithViews(ReadOnlySpan<double> w, [DifferentiableOutput] Span<double> r)
    {
        var tail = w[1..];
        for (int i = 0; i < r.Length; i++)
        {
            r[i] = tail[i % tail.Length] * w[0] + Dot(w.Slice(0, 2), tail[..2]) * i;
        }
    }

    [Differentiable]
    public static double Dot(ReadOnlySpan<double> a, ReadOnlySpan<double> b)
    {
        double sum = 0;
        for (int i = 0; i < a.Length; i++)
        {
            sum += a[i] * b[i];
        }

        return sum;
    }

    /// <summary>
    /// Elements of w read at constant indices only, so the Jacobian's forward sweep knows each tangent's non-zero
    /// columns: s carries columns from one iteration to the next (the analysis needs its fixpoint to see them in r),
    /// the input a is assigned, and odd outputs overwritten with fewer columns (the others must become zero).
    /// </summary>
    [Differentiable]
    public static void KnownColumns(double a, ReadOnlySpan<double> w, [DifferentiableOutput] Span<double> r)
    {
        double s = 0;
        double u = w[0];
        for (int i = 0; i < r.Length; i++)
        {
            r[i] = s * a + u * Math.Cos(i);
            s = s * 0.5 + w[1] * Math.Sin(a * i);
            u = i > 2 ? u * w[2] : u - w[3] / (1 + a * a);
            if (i % 2 == 1)
            {
                r[i] = w[3] * Math.Cos(i);
            }

            a = a + 0.1 * w[0];
        }
    }

    [Differentiable]
    public static void Single(ReadOnlySpan<float> p, [DifferentiableOutput] Span<float> r)
    {
        for (int i = 0; i < r.Length; i++)
        {
            r[i] = MathF.Tanh(p[0] * i + p[1]);
        }
    }
}
