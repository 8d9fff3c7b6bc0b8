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
}
