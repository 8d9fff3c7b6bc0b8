using System;

namespace GradGen.Tests.Models;

/// <summary>
/// Views of differentiable parameters held in locals (<c>w.Slice(a, n)</c>, <c>w[a..b]</c>, <c>w[..k]</c>, <c>w[k..]</c>,
/// <c>w[^k..]</c>, <c>w.AsSpan(…)</c>) and read element by element: the gradient reaches the viewed elements of the
/// parameter. Weights depend on the position in the view, so a gradient at the wrong offset would be wrong.
/// </summary>
public static partial class Views
{
    /// <summary>Σᵢ (i + 1)·h[i]² + sin(h[last]) over h = w.Slice(a, n), plus w[0].</summary>
    [Differentiable]
    public static double SliceLocal(ReadOnlySpan<double> w, int a, int n)
    {
        var head = w.Slice(a, n);
        double sum = w[0];
        for (int i = 0; i < head.Length; i++)
        {
            sum += (i + 1) * head[i] * head[i];
        }

        return sum + Math.Sin(head[head.Length - 1]);
    }

    /// <summary>Σᵢ exp(v[i]/(i + 2)) over v = w[a..b] of an array, and Σ over the tail w.Slice(a).</summary>
    [Differentiable]
    public static double RangeLocal(double[] w, int a, int b)
    {
        var v = w[a..b];
        ReadOnlySpan<double> tail = w.AsSpan(a);
        double sum = 0;
        for (int i = 0; i < v.Length; i++)
        {
            sum += Math.Exp(v[i] / (i + 2));
        }

        for (int i = 0; i < tail.Length; i++)
        {
            sum += (i + 3) * tail[i] * v[0];
        }

        return sum;
    }

    /// <summary>Products of w[..k], w[k..] and w[^k..], each weighted by its position.</summary>
    [Differentiable]
    public static double PrefixSuffix(ReadOnlySpan<double> w, int k)
    {
        var first = w[..k];
        var rest = w[k..];
        var last = w[^k..];
        double sum = 0;
        for (int i = 0; i < first.Length; i++)
        {
            sum += (i + 1) * first[i] * last[i];
        }

        for (int j = 0; j < rest.Length; j++)
        {
            sum += Math.Cos(rest[j] * (j + 1));
        }

        return sum;
    }

    /// <summary>array.AsSpan(a, n), array.AsSpan(a) and array.AsSpan() of one parameter.</summary>
    [Differentiable]
    public static double AsSpans(double[] w, int a, int n)
    {
        Span<double> part = w.AsSpan(a, n);
        ReadOnlySpan<double> from = w.AsSpan(a);
        var all = w.AsSpan();
        double sum = 0;
        for (int i = 0; i < part.Length; i++)
        {
            sum += part[i] * from[from.Length - 1 - i] * (i + 1);
        }

        return sum + all[all.Length - 1] * all[0];
    }

    /// <summary>A float view: Σᵢ (i + 1)·h[i]³ over h = w[a..(a + n)].</summary>
    [Differentiable]
    public static float SliceFloat(Span<float> w, int a, int n)
    {
        var h = w[a..(a + n)];
        float sum = 0;
        for (int i = 0; i < h.Length; i++)
        {
            sum += (i + 1) * h[i] * h[i] * h[i];
        }

        return sum;
    }

    /// <summary>h[i]·h[0] over h = w.Slice(a, n): an index past the view throws even when it is inside w.</summary>
    [Differentiable]
    public static double ReadAt(ReadOnlySpan<double> w, int a, int n, int i)
    {
        var h = w.Slice(a, n);
        return h[i] * h[0];
    }
}
