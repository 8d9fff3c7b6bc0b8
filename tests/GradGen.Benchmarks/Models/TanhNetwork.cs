using System;

namespace GradGen.Benchmarks.Models;

/// <summary>
/// Mean squared error of a network with one hidden tanh layer over a batch of samples. With d inputs and H hidden
/// units, all weights are in one <c>theta = [W1 (H×d row-major), b1 (H), w2 (H), b2]</c> of length H(d + 2) + 1;
/// the output is <c>w2ᵀ tanh(W1 xₛ + b1) + b2</c>.
/// </summary>
public static partial class TanhNetwork
{
    public static int ParameterCount(int inputs, int hidden) => hidden * (inputs + 2) + 1;

    /// <summary>
    /// (1/S) Σₛ ½(outputₛ − targetₛ)²; <c>inputs</c> is S×d row-major with S = <c>targets.Length</c>. The hidden
    /// activations live in a stackalloc'd span that every sample overwrites.
    /// </summary>
    [Differentiable]
    public static double Loss(double[] theta, [NoDerivative] ReadOnlySpan<double> inputs, [NoDerivative] ReadOnlySpan<double> targets, int hidden)
    {
        int samples = targets.Length;
        int d = inputs.Length / samples;
        int b1 = hidden * d;
        int w2 = b1 + hidden;
        int b2 = w2 + hidden;

        Span<double> h = stackalloc double[hidden];
        double loss = 0;
        for (int s = 0; s < samples; s++)
        {
            for (int k = 0; k < hidden; k++)
            {
                double a = theta[b1 + k];
                for (int j = 0; j < d; j++)
                {
                    a += theta[k * d + j] * inputs[s * d + j];
                }

                h[k] = Math.Tanh(a);
            }

            double output = theta[b2];
            for (int k = 0; k < hidden; k++)
            {
                output += theta[w2 + k] * h[k];
            }

            double error = output - targets[s];
            loss += 0.5 * error * error;
        }

        return loss / samples;
    }

    /// <summary>
    /// The loss and its gradient by backpropagation, per sample: <c>e = (output − target)/S</c>; ∂b2 += e,
    /// ∂w2ₖ += e·hₖ, <c>δₖ = e·w2ₖ(1 − hₖ²)</c>, ∂b1ₖ += δₖ, ∂W1ₖⱼ += δₖxⱼ. Overwrites <paramref name="dTheta"/>.
    /// </summary>
    public static double LossGradientByHand(double[] theta, ReadOnlySpan<double> inputs, ReadOnlySpan<double> targets, int hidden, Span<double> dTheta)
    {
        if (dTheta.Length != theta.Length)
        {
            throw new ArgumentException("The gradient must have the length of theta.", nameof(dTheta));
        }

        int samples = targets.Length;
        int d = inputs.Length / samples;
        int b1 = hidden * d;
        int w2 = b1 + hidden;
        int b2 = w2 + hidden;

        dTheta.Clear();
        Span<double> h = stackalloc double[hidden];
        double loss = 0;
        for (int s = 0; s < samples; s++)
        {
            ReadOnlySpan<double> input = inputs.Slice(s * d, d);
            double output = theta[b2];
            for (int k = 0; k < hidden; k++)
            {
                ReadOnlySpan<double> row = theta.AsSpan(k * d, d);
                double a = theta[b1 + k];
                for (int j = 0; j < d; j++)
                {
                    a += row[j] * input[j];
                }

                h[k] = Math.Tanh(a);
                output += theta[w2 + k] * h[k];
            }

            double error = output - targets[s];
            loss += 0.5 * error * error;

            double e = error / samples;
            dTheta[b2] += e;
            for (int k = 0; k < hidden; k++)
            {
                dTheta[w2 + k] += e * h[k];
                double delta = e * theta[w2 + k] * (1 - h[k] * h[k]);
                dTheta[b1 + k] += delta;
                Span<double> dRow = dTheta.Slice(k * d, d);
                for (int j = 0; j < d; j++)
                {
                    dRow[j] += delta * input[j];
                }
            }
        }

        return loss / samples;
    }
}
