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

    /// <summary>Σᵢ (i + 1)·a[i]·sin(b[i]) over the shorter of the two: a [Differentiable] callee that views are passed to.</summary>
    [Differentiable(HessianVectorProduct = true)]
    public static double WeightedDot(ReadOnlySpan<double> a, ReadOnlySpan<double> b)
    {
        double s = 0;
        for (int i = 0; i < a.Length && i < b.Length; i++)
        {
            s += (i + 1) * a[i] * Math.Sin(b[i]);
        }

        return s;
    }

    /// <summary>Views passed straight to a [Differentiable] callee: w.Slice(a, n), w[..n], w[k..], w[^k..] and w.AsSpan(a, n).</summary>
    [Differentiable]
    public static double ViewArguments(double[] w, ReadOnlySpan<double> x, int a, int n)
    {
        double sum = WeightedDot(w.AsSpan(a, n), x.Slice(1, n));
        sum += WeightedDot(x[..n], w[^n..]);
        sum += WeightedDot(w[n..], x);
        sum += w[0] * WeightedDot(x.Slice(a), w[..n]);
        return sum;
    }

    /// <summary>
    /// Views of views written inline: <c>w.AsSpan().Slice(a, n)</c>, <c>x[1..][..n]</c>, <c>w.AsSpan(a)[..n]</c>, and a
    /// view local <c>w.AsSpan()[a..].Slice(1)</c> read element by element.
    /// </summary>
    [Differentiable]
    public static double ChainedViews(double[] w, ReadOnlySpan<double> x, int a, int n)
    {
        var tail = w.AsSpan()[a..].Slice(1);
        double s = 0;
        for (int i = 0; i < tail.Length; i++)
        {
            s += (i + 1) * tail[i] * tail[i];
        }

        return WeightedDot(w.AsSpan().Slice(a, n), x[..n]) + WeightedDot(x[1..][..n], w.AsSpan(a)[..n]) + s;
    }

    /// <summary>
    /// <c>foreach</c> over views: written in place (<c>w.Slice(a, n)</c>, <c>u.AsSpan()[1..]</c>), a view local, and a
    /// nested walk of the same view.
    /// </summary>
    [Differentiable]
    public static double ForEachViews(ReadOnlySpan<double> w, double[] u, int a, int n)
    {
        double s = 0;
        foreach (var v in w.Slice(a, n))
        {
            s += v * v * s + Math.Sin(v);
        }

        var head = u.AsSpan(a);
        foreach (double v in head)
        {
            foreach (var t in u.AsSpan()[1..])
            {
                s += v * t;
            }
        }

        return s;
    }

    /// <summary>
    /// A window that moves each iteration, walked by <c>foreach</c> with <c>break</c>, and the rest of the span walked
    /// with <c>continue</c>: the view's start and count are recorded per iteration like any int.
    /// </summary>
    [Differentiable]
    public static double ForEachWindow(ReadOnlySpan<double> w, int width)
    {
        double s = 0;
        for (int i = 0; i + width <= w.Length; i++)
        {
            var window = w.Slice(i, width);
            double m = 0;
            foreach (var v in window)
            {
                if (v > 0.45)
                {
                    break;
                }

                m += v * v;
            }

            foreach (var v in w.Slice(i))
            {
                if (v < -0.3)
                {
                    continue;
                }

                s += Math.Tanh(v * m);
            }
        }

        return s;
    }

    /// <summary>A view local passed to a callee, then read element by element; a view of the view passed on.</summary>
    [Differentiable]
    public static double ViewLocalArguments(ReadOnlySpan<double> w, int a, int n)
    {
        var head = w.Slice(a, n);
        var inner = head[1..];
        double sum = WeightedDot(head, w);
        sum += head[0] * WeightedDot(inner, head);
        sum += WeightedDot(inner.Slice(1), w[2..]);
        for (int i = 0; i < inner.Length; i++)
        {
            sum += inner[i] * inner[i];
        }

        return sum;
    }

    /// <summary>A view whose start changes in a loop, passed to a callee each iteration (the reverse sweep needs each start back).</summary>
    [Differentiable]
    public static double SlidingWindow(ReadOnlySpan<double> w, int width)
    {
        double sum = 0;
        int start = 0;
        while (start + width <= w.Length)
        {
            var window = w.Slice(start, width);
            sum = sum * 0.5 + WeightedDot(window, w[start..]) * Math.Cos(sum);
            start += 1 + start % 2;
        }

        return sum;
    }

    /// <summary>Views passed to callees, with forward mode and second derivatives.</summary>
    [Differentiable(HessianVectorProduct = true)]
    public static double ViewsSecondOrder(ReadOnlySpan<double> w, double t, int n)
    {
        var head = w[..n];
        double s = Math.Exp(t * WeightedDot(head, w.Slice(1, n)));
        return s + t * WeightedDot(w[n..], head) + WeightedDot(w.Slice(n - 1, 2), w);
    }

    /// <summary>A float view passed to a float callee.</summary>
    [Differentiable]
    public static float FloatViewArgument(float[] w, int n) => w[0] * FloatDot(w.AsSpan(1, n), w[..n]);

    [Differentiable]
    public static float FloatDot(ReadOnlySpan<float> a, ReadOnlySpan<float> b)
    {
        float s = 0;
        for (int i = 0; i < a.Length; i++)
        {
            s += a[i] * b[i] * b[i];
        }

        return s;
    }
}
