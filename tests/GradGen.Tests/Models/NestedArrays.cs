using System;

// The user code under test: a stackalloc in a loop, which the generated gradient hoists (it never has one in a loop).
#pragma warning disable CA2014

namespace GradGen.Tests.Models;

/// <summary>
/// Local arrays and spans declared inside loops and branches: each run of the declaration must start from a fresh
/// array of zeros, and the reverse sweep of an iteration must see that iteration's elements.
/// </summary>
public static partial class NestedArrays
{
    /// <summary>Softmax regression: the logits of each sample in a fresh array declared in the sample loop.</summary>
    [Differentiable]
    public static double SoftmaxRegression(ReadOnlySpan<double> theta, [NoDerivative] ReadOnlySpan<double> x, [NoDerivative] int classes)
    {
        int d = theta.Length / classes;
        int m = x.Length / d;
        double loss = 0;
        for (int s = 0; s < m; s++)
        {
            double[] logits = new double[classes];
            for (int c = 0; c < classes; c++)
            {
                double z = 0;
                for (int j = 0; j < d; j++)
                {
                    z += theta[c * d + j] * x[s * d + j];
                }

                logits[c] = z;
            }

            double sum = 0;
            for (int c = 0; c < classes; c++)
            {
                sum += Math.Exp(logits[c]);
            }

            loss += Math.Log(sum) - logits[s % classes];
        }

        return loss / m;
    }

    /// <summary>The same in float, with a stackalloc span.</summary>
    [Differentiable]
    public static float SoftmaxRegressionF(ReadOnlySpan<float> theta, [NoDerivative] ReadOnlySpan<float> x, [NoDerivative] int classes)
    {
        int d = theta.Length / classes;
        int m = x.Length / d;
        float loss = 0;
        for (int s = 0; s < m; s++)
        {
            Span<float> logits = stackalloc float[classes];
            for (int c = 0; c < classes; c++)
            {
                for (int j = 0; j < d; j++)
                {
                    logits[c] += theta[c * d + j] * x[s * d + j];
                }
            }

            float sum = 0;
            for (int c = 0; c < classes; c++)
            {
                sum += MathF.Exp(logits[c]);
            }

            loss += MathF.Log(sum) - logits[s % classes];
        }

        return loss / m;
    }

    /// <summary>
    /// A span declared in a branch of a loop body, written only in part and accumulated into with '+=': what its
    /// elements hold relies on every run of the declaration giving zeros, and its elements are overwritten later in the iteration.
    /// </summary>
    [Differentiable]
    public static double SpanInBranch(ReadOnlySpan<double> w)
    {
        double acc = 0;
        for (int s = 0; s < w.Length; s++)
        {
            if (w[s] > -0.25)
            {
                Span<double> z = stackalloc double[3];
                z[s % 3] += w[s] * w[(s + 1) % w.Length];
                z[1] += z[0] * w[0] + Math.Sin(z[2]);
                acc += z[0] * z[1] + z[2] * acc;
                z[1] = z[1] * z[1];
                acc += z[1] * 0.5;
            }
            else
            {
                acc -= w[s] * acc;
            }
        }

        return acc;
    }

    /// <summary>A branch outside any loop: the span is declared at most once.</summary>
    [Differentiable]
    public static double ArrayInBranch(ReadOnlySpan<double> w, [NoDerivative] int mode)
    {
        double r = w[0];
        if (mode > 0)
        {
            double[] h = new double[w.Length];
            for (int i = 0; i < w.Length; i++)
            {
                h[i] = Math.Tanh(w[i] * r);
            }

            r = 0;
            for (int i = 0; i < w.Length; i++)
            {
                r += h[i] * h[(i + 1) % w.Length];
            }
        }

        return r;
    }

    /// <summary>An array declared in the inner of two nested loops, filled by a recurrence that reads it back.</summary>
    [Differentiable]
    public static double NestedLoops(ReadOnlySpan<double> w, [NoDerivative] int rounds)
    {
        const int Width = 4;
        double total = 0;
        for (int a = 0; a < rounds; a++)
        {
            for (int b = 0; b < w.Length; b++)
            {
                double[] h = new double[Width];
                h[0] = w[b] + 0.1 * a;
                for (int i = 1; i < Width; i++)
                {
                    h[i] = Math.Sin(h[i - 1] * w[(b + i) % w.Length]) + total * 0.01;
                }

                total += h[Width - 1] * h[1];
            }
        }

        return total;
    }

    /// <summary>A top-level scratch array of a length the caller gives: a negative one throws, as 'new' does.</summary>
    [Differentiable]
    public static double ScratchOfLength(ReadOnlySpan<double> w, [NoDerivative] int n)
    {
        double[] h = new double[n];
        for (int i = 0; i < n; i++)
        {
            h[i] = w[i % w.Length] * w[(i + 1) % w.Length];
        }

        double r = 0;
        for (int i = 0; i < h.Length; i++)
        {
            r += Math.Sin(h[i]);
        }

        return r;
    }

    /// <summary>
    /// Arrays a statement fills right after their declaration, which needs no clear: a loop up to the array's own
    /// length, a loop up to the declared length, and an initializer.
    /// </summary>
    [Differentiable]
    public static double FilledBeforeRead(ReadOnlySpan<double> w, [NoDerivative] int k)
    {
        double total = 0;
        for (int s = 0; s < w.Length; s++)
        {
            double[] h = new double[k + 1];
            for (int c = 0; c < h.Length; c++)
            {
                double z = w[(s + c) % w.Length];
                for (int j = 0; j < 2; j++)
                {
                    if (z > 1)
                    {
                        break;
                    }

                    z += 0.5 * z * w[j];
                }

                h[c] = Math.Sin(z) + total * 0.1;
            }

            Span<double> g = stackalloc double[k];
            for (int c = 0; c < k; c++)
            {
                g[c] = h[c] * h[c + 1];
            }

            double[] pair = { w[s], h[0] * w[s] };
            for (int c = 0; c < k; c++)
            {
                total += g[c] * pair[c % 2];
            }
        }

        return total;
    }

    // Loops right after the declaration that leave an element unwritten in some iteration: each needs the clear, or the
    // element would keep the previous iteration's value.

    /// <summary>A 'continue' skips one element.</summary>
    [Differentiable]
    public static double SkipsAnElement(ReadOnlySpan<double> w, [NoDerivative] int k)
    {
        double total = 0;
        for (int s = 0; s < w.Length; s++)
        {
            double[] h = new double[k];
            for (int c = 0; c < k; c++)
            {
                if (c == s % k)
                {
                    continue;
                }

                h[c] = w[(s + c) % w.Length] * (1 + total);
            }

            for (int c = 0; c < k; c++)
            {
                total += Math.Sin(h[c]) * w[c % w.Length];
            }
        }

        return total;
    }

    /// <summary>A 'break' leaves the last elements unwritten.</summary>
    [Differentiable]
    public static double BreaksEarly(ReadOnlySpan<double> w, [NoDerivative] int k)
    {
        double total = 0;
        for (int s = 0; s < w.Length; s++)
        {
            double[] h = new double[k];
            for (int c = 0; c < k; c++)
            {
                if (c > s % k)
                {
                    break;
                }

                h[c] = w[(s + c) % w.Length] * (1 + total);
            }

            for (int c = 0; c < k; c++)
            {
                total += Math.Sin(h[c]) * w[c % w.Length];
            }
        }

        return total;
    }

    /// <summary>The loop stops one element short of the length, and the last element is written later in the iteration.</summary>
    [Differentiable]
    public static double StopsOneShort(ReadOnlySpan<double> w, [NoDerivative] int k)
    {
        double total = 0;
        for (int s = 0; s < w.Length; s++)
        {
            double[] h = new double[k];
            for (int c = 0; c < k - 1; c++)
            {
                h[c] = w[(s + c) % w.Length] * (1 + total);
            }

            for (int c = 0; c < k; c++)
            {
                total += Math.Sin(h[c]) * w[c % w.Length];
            }

            h[k - 1] = total;
        }

        return total;
    }

    /// <summary>The write sits under a condition.</summary>
    [Differentiable]
    public static double WritesUnderCondition(ReadOnlySpan<double> w, [NoDerivative] int k)
    {
        double total = 0;
        for (int s = 0; s < w.Length; s++)
        {
            double[] h = new double[k];
            for (int c = 0; c < k; c++)
            {
                if (c != s % k)
                {
                    h[c] = w[(s + c) % w.Length] * (1 + total);
                }
            }

            for (int c = 0; c < k; c++)
            {
                total += Math.Sin(h[c]) * w[c % w.Length];
            }
        }

        return total;
    }

    /// <summary>A local function reads the array before the loop writes its last element.</summary>
    [Differentiable]
    public static double LocalFunctionReads(ReadOnlySpan<double> w, [NoDerivative] int k)
    {
        double total = 0;
        for (int s = 0; s < w.Length; s++)
        {
            double[] h = new double[k];
            for (int c = 0; c < k; c++)
            {
                h[c] = w[(s + c) % w.Length] * (1 + total) + Last();
            }

            double Last() => h[k - 1];

            for (int c = 0; c < k; c++)
            {
                total += Math.Sin(h[c]) * w[c % w.Length];
            }
        }

        return total;
    }
}
