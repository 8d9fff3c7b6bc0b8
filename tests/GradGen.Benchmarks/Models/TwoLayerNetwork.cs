using System;

namespace GradGen.Benchmarks.Models;

/// <summary>
/// Mean squared error of a two-layer network written with matrices, as a user would: <c>W1</c> (H×d) and <c>b1</c> (H),
/// a tanh hidden layer, <c>W2</c> (O×H) and <c>b2</c> (O), a linear output layer; the S samples are the rows of
/// <c>inputs</c> (S×d) and <c>targets</c> (S×O). The output of sample s is <c>W2 tanh(W1 xₛ + b1) + b2</c>.
/// </summary>
public static partial class TwoLayerNetwork
{
    /// <summary>
    /// (1/(S·O)) Σₛ Σₒ (outputₛₒ − targetₛₒ)². The hidden activations live in a stackalloc'd span that every sample
    /// overwrites.
    /// </summary>
    [Differentiable]
    public static double Loss(double[,] w1, double[] b1, double[,] w2, double[] b2, [NoDerivative] double[,] inputs, [NoDerivative] double[,] targets)
    {
        int samples = inputs.GetLength(0);
        int d = inputs.GetLength(1);
        int hidden = w1.GetLength(0);
        int outputs = w2.GetLength(0);

        Span<double> h = stackalloc double[hidden];
        double loss = 0;
        for (int s = 0; s < samples; s++)
        {
            for (int k = 0; k < hidden; k++)
            {
                double a = b1[k];
                for (int j = 0; j < d; j++)
                {
                    a += w1[k, j] * inputs[s, j];
                }

                h[k] = Math.Tanh(a);
            }

            for (int o = 0; o < outputs; o++)
            {
                double output = b2[o];
                for (int k = 0; k < hidden; k++)
                {
                    output += w2[o, k] * h[k];
                }

                double error = output - targets[s, o];
                loss += error * error;
            }
        }

        return loss / (samples * outputs);
    }

    /// <summary>
    /// The loss and its gradient by backpropagation, one sample at a time: with <c>gₒ = 2(outputₒ − targetₒ)/(S·O)</c>,
    /// ∂b2ₒ += gₒ, ∂W2ₒₖ += gₒhₖ, <c>δₖ = (Σₒ gₒW2ₒₖ)(1 − hₖ²)</c>, ∂b1ₖ += δₖ, ∂W1ₖⱼ += δₖxₛⱼ. Indexes the matrices
    /// as the model does (<c>w1[k, j]</c>), keeps h and δ in stackalloc'd spans (allocates nothing for H ≤ 256)
    /// and overwrites the four gradients.
    /// </summary>
    public static double LossGradientByHand(
        double[,] w1, double[] b1, double[,] w2, double[] b2, double[,] inputs, double[,] targets,
        double[,] dW1, Span<double> dB1, double[,] dW2, Span<double> dB2)
    {
        int samples = inputs.GetLength(0);
        int d = inputs.GetLength(1);
        int hidden = w1.GetLength(0);
        int outputs = w2.GetLength(0);
        if (w1.GetLength(1) != d || b1.Length != hidden || w2.GetLength(1) != hidden || b2.Length != outputs
            || targets.GetLength(0) != samples || targets.GetLength(1) != outputs)
        {
            throw new ArgumentException("The weights, inputs and targets do not fit together.");
        }

        if (dW1.GetLength(0) != hidden || dW1.GetLength(1) != d || dB1.Length != hidden
            || dW2.GetLength(0) != outputs || dW2.GetLength(1) != hidden || dB2.Length != outputs)
        {
            throw new ArgumentException("A gradient does not have the shape of its weights.");
        }

        if (hidden > 256)
        {
            throw new ArgumentException("At most 256 hidden units (the scratch spans are on the stack).");
        }

        // Zeroed with loops and Fill, not Clear: on AVX-512 hosts a small Clear makes the Math.Tanh calls after it
        // stall (docs/benchmarks.md, softmax section), which would measure that and not the gradient.
        for (int k = 0; k < hidden; k++)
        {
            for (int j = 0; j < d; j++)
            {
                dW1[k, j] = 0;
            }
        }

        for (int o = 0; o < outputs; o++)
        {
            for (int k = 0; k < hidden; k++)
            {
                dW2[o, k] = 0;
            }
        }

        dB1.Fill(0.0);
        dB2.Fill(0.0);

        Span<double> h = stackalloc double[hidden];
        Span<double> delta = stackalloc double[hidden];
        double scale = 2.0 / (samples * outputs);
        double loss = 0;
        for (int s = 0; s < samples; s++)
        {
            for (int k = 0; k < hidden; k++)
            {
                double a = b1[k];
                for (int j = 0; j < d; j++)
                {
                    a += w1[k, j] * inputs[s, j];
                }

                h[k] = Math.Tanh(a);
            }

            delta.Fill(0.0);
            for (int o = 0; o < outputs; o++)
            {
                double output = b2[o];
                for (int k = 0; k < hidden; k++)
                {
                    output += w2[o, k] * h[k];
                }

                double error = output - targets[s, o];
                loss += error * error;

                double go = scale * error;
                dB2[o] += go;
                for (int k = 0; k < hidden; k++)
                {
                    dW2[o, k] += go * h[k];
                    delta[k] += go * w2[o, k];
                }
            }

            for (int k = 0; k < hidden; k++)
            {
                double dk = delta[k] * (1 - h[k] * h[k]);
                dB1[k] += dk;
                for (int j = 0; j < d; j++)
                {
                    dW1[k, j] += dk * inputs[s, j];
                }
            }
        }

        return loss / (samples * outputs);
    }
}
