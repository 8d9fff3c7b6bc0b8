using System;

namespace GradGen.Tests.Models;

/// <summary>
/// Fused loops whose bodies hold loops that record values (AdjointWriter.Slots): in a rectangular nest the values go into
/// arrays indexed by the iteration, which a wrong index, trip count or start would read back from the wrong iteration;
/// in other nests they stay on tapes. Generator.Tests' LoopFusionTests checks which of these use slots; here every model
/// is checked against finite differences.
/// </summary>
public static partial class SlotModels
{
    /// <summary>
    /// An inner loop from 1 up to and including <c>groups</c>, and one inside it counting down: a recurrence that
    /// overwrites <c>v</c> (its old value recorded per iteration) and a kept exponential.
    /// </summary>
    [Differentiable]
    public static double Offsets(ReadOnlySpan<double> w, [NoDerivative] int groups)
    {
        double loss = 0;
        for (int s = 0; s < 3; s++)
        {
            double v = 0.5 + s;
            for (int g = 1; g <= groups; g++)
            {
                for (int i = w.Length - 1; i >= 0; i--)
                {
                    v = v * Math.Sin(w[i] + 0.25 * g) + Math.Exp(-w[i] * v) * 0.5;
                }
            }

            loss += v * v;
        }

        return loss;
    }

    /// <summary>Three nested loops in the fused body (index (a·m + b)·n + c), the innermost recording only in a branch.</summary>
    [Differentiable]
    public static double ThreeLevels(ReadOnlySpan<double> w, [NoDerivative] ReadOnlySpan<double> data, [NoDerivative] int m)
    {
        int n = w.Length;
        double loss = 0;
        for (int p = 0; p < data.Length; p++)
        {
            double acc = data[p];
            for (int a = 0; a < 2; a++)
            {
                for (int b = 0; b < m; b++)
                {
                    for (int c = 0; c < n; c++)
                    {
                        if (data[(p + b + c) % data.Length] > 0)
                        {
                            acc = Math.Tanh(acc * w[c] + a - b * 0.1);
                        }
                        else
                        {
                            acc += w[c] * 0.3;
                        }
                    }
                }
            }

            loss += acc;
        }

        return loss;
    }

    /// <summary>
    /// The GMM's shape at a size past the stack slots (groups × w.Length elements in a pooled array when above 128):
    /// scratch rewritten per group, a running maximum from the second group, exponentials kept per group.
    /// </summary>
    [Differentiable]
    public static double Mixture(ReadOnlySpan<double> w, [NoDerivative] ReadOnlySpan<double> data, [NoDerivative] int groups)
    {
        int n = w.Length;
        Span<double> y = stackalloc double[n];
        Span<double> terms = stackalloc double[groups];
        double total = 0;
        for (int p = 0; p < data.Length; p++)
        {
            for (int g = 0; g < groups; g++)
            {
                for (int i = 0; i < n; i++)
                {
                    y[i] = w[i] * (data[p] - 0.1 * g) + w[(i + g) % n];
                }

                double norm = 0;
                for (int i = 0; i < n; i++)
                {
                    norm += y[i] * y[i];
                }

                terms[g] = -0.5 * norm / n;
            }

            double max = terms[0];
            for (int g = 1; g < groups; g++)
            {
                max = Math.Max(max, terms[g]);
            }

            double sum = 0;
            for (int g = 0; g < groups; g++)
            {
                sum += Math.Exp(terms[g] - max);
            }

            total += Math.Log(sum) + max;
        }

        return total;
    }

    /// <summary>An inner loop whose start is the enclosing counter (a triangle): not rectangular, so it tapes.</summary>
    [Differentiable]
    public static double Triangle(ReadOnlySpan<double> w, [NoDerivative] ReadOnlySpan<double> data)
    {
        int n = w.Length;
        double loss = 0;
        for (int p = 0; p < data.Length; p++)
        {
            double v = data[p];
            for (int i = 0; i < n; i++)
            {
                for (int j = i; j < n; j++)
                {
                    v = Math.Sin(v * w[j]) + w[i];
                }
            }

            loss += v;
        }

        return loss;
    }

    /// <summary>
    /// A top-level recurrence whose trip count reads locals (<c>m = n - 1</c>, <c>n = w.Length</c>): its slots are declared
    /// before the forward sweep, sized by the locals' definitions (<c>w.Length - 1</c>).
    /// </summary>
    [Differentiable]
    public static double LocalBound(ReadOnlySpan<double> w)
    {
        int n = w.Length;
        int m = n - 1;
        double p = 0.5;
        for (int i = 0; i < m; i++)
        {
            p = Math.Sin(p * w[i]) + w[i + 1];
        }

        return p * p;
    }
}
