using System;

namespace GradGen.Tests.Models;

/// <summary>
/// Shapes where the reverse sweep reads the value an assignment of Exp/Tanh/Sqrt/Cbrt/Tan stored instead of calling the
/// function again, and where later code overwrites that value (so it must be given back), and loops whose counters and
/// scratch arrays are reset instead of taped. Every model is checked against finite differences.
/// </summary>
public static partial class StoredValues
{
    /// <summary>v holds Exp(x) for the reverse of its first assignment only after the Sin overwrite is undone.</summary>
    [Differentiable]
    public static double OverwrittenAfter(double x, double y)
    {
        var v = Math.Exp(x * y);
        var r = v * 2;
        v = Math.Sin(x) + v;
        v = Math.Sqrt(v * v + 1);
        return r * v + Math.Tanh(v);
    }

    /// <summary>An element of a scratch span written by Tanh, then overwritten by a later pass, in a loop.</summary>
    [Differentiable]
    public static double ElementsOverwritten(ReadOnlySpan<double> x)
    {
        Span<double> h = stackalloc double[x.Length];
        double sum = 0;
        for (int pass = 0; pass < 3; pass++)
        {
            for (int i = 0; i < x.Length; i++)
            {
                h[i] = Math.Tanh(x[i] * (pass + 1) + (i > 0 ? h[i - 1] : 0));
            }

            for (int i = 0; i < x.Length; i++)
            {
                sum += h[i] * x[i];
                h[i] = Math.Cbrt(h[i] + 2);
            }

            for (int i = 0; i < x.Length; i++)
            {
                sum += Math.Tan(h[i] * 0.3);
            }
        }

        return sum;
    }

    /// <summary>A local in a loop body written twice, the first time by Exp; the value is read after the loop too.</summary>
    [Differentiable]
    public static double LoopLocal(ReadOnlySpan<double> x, double scale)
    {
        double t = 0;
        double sum = 0;
        for (int i = 0; i < x.Length; i++)
        {
            t = Math.Exp(scale * x[i]);
            sum += t * x[i];
            t = Math.Sqrt(t + sum * sum);
            sum += t;
        }

        return sum + t * scale;
    }

    /// <summary>Nested canonical loops with a shared counter reset in every outer iteration, and a bound read from a local.</summary>
    [Differentiable]
    public static double NestedCounters(ReadOnlySpan<double> w, int rows)
    {
        int cols = w.Length / rows;
        double total = 0;
        int j;
        for (int r = 0; r < rows; r++)
        {
            double acc = 0;
            for (j = 0; j < cols; j++)
            {
                acc += Math.Exp(w[r * cols + j] * 0.5) * (j + 1);
            }

            total += Math.Log(acc) * (r + 1);
            for (j = r; j < cols; j++)
            {
                total += w[r * cols + j] * acc;
            }
        }

        return total;
    }

    /// <summary>
    /// Every iteration scales its element by a factor read from element 0, which the first iteration overwrote: the
    /// reverse restores s[0] in its last iteration, so what it computes from s[0] must stay in the loop (InvariantTemps).
    /// </summary>
    [Differentiable]
    public static double ReadsRestoredElement(ReadOnlySpan<double> w)
    {
        Span<double> s = stackalloc double[w.Length];
        for (int j = 0; j < w.Length; j++)
        {
            s[j] = w[j];
        }

        for (int j = 0; j < s.Length; j++)
        {
            s[j] = s[j] * Math.Sin(s[0] * 0.5 - 1);
        }

        double total = 0;
        for (int j = 0; j < s.Length; j++)
        {
            total += s[j] * (j + 1);
        }

        return total * total;
    }

    /// <summary>
    /// The inner loop reads w[i + 1], out of range in the last outer iteration, where the inner loop does not run: what
    /// the reverse computes from it once per inner loop must not be computed when that loop does not run.
    /// </summary>
    [Differentiable]
    public static double NextElementTriangle(ReadOnlySpan<double> w)
    {
        double total = 0;
        for (int i = 0; i < w.Length; i++)
        {
            for (int j = i + 1; j < w.Length; j++)
            {
                total += Math.Sin(w[j]) * (w[i + 1] - 0.5);
            }
        }

        return total;
    }

    /// <summary>A scratch span refilled at the start of every outer iteration, then updated in place (the GMM's pattern).</summary>
    [Differentiable]
    public static double RefilledScratch(ReadOnlySpan<double> a, ReadOnlySpan<double> b)
    {
        int d = b.Length;
        int n = a.Length / d;
        Span<double> y = stackalloc double[d];
        double total = 0;
        for (int p = 0; p < n; p++)
        {
            for (int i = 0; i < d; i++)
            {
                y[i] = a[p * d + i] * b[i];
            }

            for (int i = 0; i < d; i++)
            {
                for (int j = i + 1; j < d; j++)
                {
                    y[j] += a[p * d + i] * y[i];
                }
            }

            double norm = 0;
            for (int i = 0; i < d; i++)
            {
                norm += y[i] * y[i];
            }

            total += Math.Sqrt(norm + 1);
        }

        return total;
    }

    /// <summary>The same element written by Exp in every iteration: each reverse iteration needs its own value back.</summary>
    [Differentiable]
    public static double SameElementEachIteration(ReadOnlySpan<double> x)
    {
        Span<double> h = stackalloc double[2];
        double sum = 0;
        for (int i = 0; i < x.Length; i++)
        {
            h[1] = Math.Exp(x[i] * 0.7);
            sum += h[1] * 2;
        }

        return sum;
    }

    /// <summary>A refill that stops one element short: the last element carries over between iterations and must be given back.</summary>
    [Differentiable]
    public static double PartlyRefilled(ReadOnlySpan<double> a, ReadOnlySpan<double> b)
    {
        int d = b.Length;
        int n = a.Length / d;
        Span<double> y = stackalloc double[d];
        double total = 0;
        for (int p = 0; p < n; p++)
        {
            for (int i = 0; i < d - 1; i++)
            {
                y[i] = a[p * d + i] * b[i];
            }

            for (int j = 0; j < d; j++)
            {
                y[j] += a[p * d + j] * b[j];
            }

            for (int i = 0; i < d; i++)
            {
                total += y[i] * y[i];
            }
        }

        return total;
    }

    /// <summary>
    /// Exp, Tanh, Sqrt values inside larger expressions in a loop, taped when computed and popped by the reverse: with a
    /// restore of the same statement (t), nested in Log, two in one element write, and one under ?: (not taped).
    /// </summary>
    [Differentiable]
    public static double TapedInLoops(ReadOnlySpan<double> x, double s)
    {
        double t = 1;
        double acc = 0;
        Span<double> h = stackalloc double[x.Length];
        for (int i = 0; i < x.Length; i++)
        {
            t = t * Math.Exp(x[i] * s) + 0.1;
            acc += Math.Log(1 + Math.Exp(-t * x[i]));
            h[i] = 0.5 * Math.Tanh(acc) + Math.Sqrt(t * t + 1);
            acc += h[i] * (x[i] > 0 ? Math.Exp(x[i]) : Math.Cbrt(x[i] - 2));
        }

        return acc + t;
    }

    /// <summary>w[k − 1] in every iteration: its adjoint is summed across the loop and stored once, not at all when k = 0.</summary>
    [Differentiable]
    public static double InvariantElementInLoop(ReadOnlySpan<double> w, [NoDerivative] ReadOnlySpan<double> x, int k)
    {
        double s = 0;
        for (int j = 0; j < k; j++)
        {
            s += w[k - 1] * x[j] * w[j];
        }

        return s + w[0] * w[0];
    }

    /// <summary>A refill by Tanh, whose reverse reads the values it stored, then an in-place update: the update must be undone.</summary>
    [Differentiable]
    public static double RefilledByTanh(ReadOnlySpan<double> a, ReadOnlySpan<double> b)
    {
        int d = b.Length;
        int n = a.Length / d;
        Span<double> h = stackalloc double[d];
        double total = 0;
        for (int p = 0; p < n; p++)
        {
            for (int i = 0; i < d; i++)
            {
                h[i] = Math.Tanh(a[p * d + i] * b[i]);
            }

            for (int i = 0; i < d; i++)
            {
                h[i] += b[i];
            }

            for (int i = 0; i < d; i++)
            {
                total += h[i] * h[i];
            }
        }

        return total;
    }

    /// <summary>The same element written and read squared in every iteration: each reverse iteration needs its own value back.</summary>
    [Differentiable]
    public static double SameElementRead(ReadOnlySpan<double> x)
    {
        Span<double> h = stackalloc double[2];
        double sum = 0;
        for (int i = 0; i < x.Length; i++)
        {
            h[1] = x[i] * 2;
            sum += h[1] * h[1];
        }

        return sum;
    }

    /// <summary>Iteration i reads h[i + 1], which iteration i + 1 overwrites: that old value must be given back.</summary>
    [Differentiable]
    public static double ReadsAhead(ReadOnlySpan<double> x)
    {
        Span<double> h = stackalloc double[x.Length + 1];
        double sum = 0;
        for (int i = 0; i < x.Length; i++)
        {
            h[i] = x[i] * x[i];
            sum += h[i] * h[i + 1];
        }

        return sum;
    }
}
