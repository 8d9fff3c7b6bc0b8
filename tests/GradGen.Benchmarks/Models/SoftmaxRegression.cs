using System;

namespace GradGen.Benchmarks.Models;

/// <summary>
/// Mean cross-entropy of softmax regression: K classes, d features, <c>theta</c> the K×d weights row-major, samples
/// <c>x</c> (M×d row-major) with integer labels held as doubles. Written the way it is usually written, with a fresh
/// array of logits for each sample (<c>new double[k]</c> inside the sample loop).
/// </summary>
public static partial class SoftmaxRegression
{
    [Differentiable]
    public static double Loss(ReadOnlySpan<double> theta, [NoDerivative] ReadOnlySpan<double> x, [NoDerivative] ReadOnlySpan<double> labels, [NoDerivative] int k)
    {
        int m = labels.Length;
        int d = theta.Length / k;
        double loss = 0;
        for (int s = 0; s < m; s++)
        {
            double[] logits = new double[k];
            for (int c = 0; c < k; c++)
            {
                double z = 0;
                for (int j = 0; j < d; j++)
                {
                    z += theta[c * d + j] * x[s * d + j];
                }

                logits[c] = z;
            }

            double sum = 0;
            for (int c = 0; c < k; c++)
            {
                sum += Math.Exp(logits[c]);
            }

            loss += Math.Log(sum) - logits[(int)labels[s]];
        }

        return loss / m;
    }

    /// <summary>
    /// The gradient by hand: per sample, the softmax probabilities p in a scratch span allocated once, then
    /// ∂/∂θ[c, j] += (p[c] − [c = label]) x[s, j] / m. Allocates nothing for k ≤ 256.
    /// </summary>
    public static double LossGradientByHand(ReadOnlySpan<double> theta, ReadOnlySpan<double> x, ReadOnlySpan<double> labels, int k, Span<double> gradient)
    {
        int m = labels.Length;
        int d = theta.Length / k;
        gradient.Clear();
        Span<double> p = k <= 256 ? stackalloc double[k] : new double[k];
        double loss = 0;
        for (int s = 0; s < m; s++)
        {
            ReadOnlySpan<double> xs = x.Slice(s * d, d);
            double sum = 0;
            for (int c = 0; c < k; c++)
            {
                ReadOnlySpan<double> row = theta.Slice(c * d, d);
                double z = 0;
                for (int j = 0; j < d; j++)
                {
                    z += row[j] * xs[j];
                }

                p[c] = z;
            }

            int label = (int)labels[s];
            double zLabel = p[label];
            for (int c = 0; c < k; c++)
            {
                double e = Math.Exp(p[c]);
                p[c] = e;
                sum += e;
            }

            loss += Math.Log(sum) - zLabel;
            double inv = 1.0 / (sum * m);
            for (int c = 0; c < k; c++)
            {
                double g = p[c] * inv - (c == label ? 1.0 / m : 0.0);
                Span<double> gRow = gradient.Slice(c * d, d);
                for (int j = 0; j < d; j++)
                {
                    gRow[j] += g * xs[j];
                }
            }
        }

        return loss / m;
    }
}
