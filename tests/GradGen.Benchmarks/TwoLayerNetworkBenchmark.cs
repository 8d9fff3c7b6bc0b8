using System;
using BenchmarkDotNet.Attributes;
using GradGen.Benchmarks.Models;

namespace GradGen.Benchmarks;

/// <summary>
/// A two-layer network with <c>double[,]</c> weights (<see cref="TwoLayerNetwork"/>): d = 20 inputs, H = 32 tanh hidden
/// units, O = 4 linear outputs, S = 64 samples; H·d + H + O·H + O = 804 parameters in four arrays. The generated
/// gradient writes gradients of the weights' own shapes (<c>double[,] dW1</c>, <c>Span&lt;double&gt; dB1</c>, …).
/// </summary>
public class TwoLayerNetworkBenchmark : GradientBenchmark
{
    private const int Inputs = 20;
    private const int Hidden = 32;
    private const int Outputs = 4;
    private const int Samples = 64;

    private const int W1Size = Hidden * Inputs;
    private const int W2Size = Outputs * Hidden;
    private const int ParameterCount = W1Size + Hidden + W2Size + Outputs;

    private double[,] w1 = new double[0, 0];
    private double[] b1 = [];
    private double[,] w2 = new double[0, 0];
    private double[] b2 = [];
    private double[,] inputs = new double[0, 0];
    private double[,] targets = new double[0, 0];

    private double[,] dW1 = new double[0, 0];
    private double[] dB1 = [];
    private double[,] dW2 = new double[0, 0];
    private double[] dB2 = [];

    // The flat-point versions, which only the setup check and the finite-difference benchmarks call, copy the point
    // into these (and the gradient out of dW1 … dB2) without allocating.
    private double[,] scratchW1 = new double[0, 0];
    private double[] scratchB1 = [];
    private double[,] scratchW2 = new double[0, 0];
    private double[] scratchB2 = [];

    [GlobalSetup]
    public void Setup()
    {
        inputs = Matrix(Data.Uniform(11, Samples * Inputs, -1, 1), Samples, Inputs);
        targets = Matrix(Data.Uniform(12, Samples * Outputs, -1, 1), Samples, Outputs);
        var point = Data.Uniform(13, ParameterCount, -0.5, 0.5);

        w1 = new double[Hidden, Inputs];
        b1 = new double[Hidden];
        w2 = new double[Outputs, Hidden];
        b2 = new double[Outputs];
        Unflatten(point, w1, b1, w2, b2);

        dW1 = new double[Hidden, Inputs];
        dB1 = new double[Hidden];
        dW2 = new double[Outputs, Hidden];
        dB2 = new double[Outputs];
        scratchW1 = new double[Hidden, Inputs];
        scratchB1 = new double[Hidden];
        scratchW2 = new double[Outputs, Hidden];
        scratchB2 = new double[Outputs];

        Initialize(point);
    }

    [Benchmark(Baseline = true)]
    public double Objective() => TwoLayerNetwork.Loss(w1, b1, w2, b2, inputs, targets);

    [Benchmark]
    public double GradGen() => TwoLayerNetwork.LossGradient(w1, b1, w2, b2, inputs, targets, dW1, dB1, dW2, dB2);

    [Benchmark]
    public double HandWritten() => TwoLayerNetwork.LossGradientByHand(w1, b1, w2, b2, inputs, targets, dW1, dB1, dW2, dB2);

    protected override double Evaluate(ReadOnlySpan<double> point)
    {
        Unflatten(point, scratchW1, scratchB1, scratchW2, scratchB2);
        return TwoLayerNetwork.Loss(scratchW1, scratchB1, scratchW2, scratchB2, inputs, targets);
    }

    protected override double EvaluateGenerated(ReadOnlySpan<double> point, Span<double> gradient)
    {
        Unflatten(point, scratchW1, scratchB1, scratchW2, scratchB2);
        double value = TwoLayerNetwork.LossGradient(scratchW1, scratchB1, scratchW2, scratchB2, inputs, targets, dW1, dB1, dW2, dB2);
        Flatten(dW1, dB1, dW2, dB2, gradient);
        return value;
    }

    protected override double EvaluateByHand(ReadOnlySpan<double> point, Span<double> gradient)
    {
        Unflatten(point, scratchW1, scratchB1, scratchW2, scratchB2);
        double value = TwoLayerNetwork.LossGradientByHand(scratchW1, scratchB1, scratchW2, scratchB2, inputs, targets, dW1, dB1, dW2, dB2);
        Flatten(dW1, dB1, dW2, dB2, gradient);
        return value;
    }

    private static double[,] Matrix(double[] values, int rows, int cols)
    {
        var matrix = new double[rows, cols];
        Buffer.BlockCopy(values, 0, matrix, 0, values.Length * sizeof(double));
        return matrix;
    }

    /// <summary>The flat point is [W1 row-major, b1, W2 row-major, b2].</summary>
    private static void Unflatten(ReadOnlySpan<double> point, double[,] w1, double[] b1, double[,] w2, double[] b2)
    {
        int at = 0;
        for (int k = 0; k < Hidden; k++)
        {
            for (int j = 0; j < Inputs; j++)
            {
                w1[k, j] = point[at++];
            }
        }

        point.Slice(at, Hidden).CopyTo(b1);
        at += Hidden;
        for (int o = 0; o < Outputs; o++)
        {
            for (int k = 0; k < Hidden; k++)
            {
                w2[o, k] = point[at++];
            }
        }

        point.Slice(at, Outputs).CopyTo(b2);
    }

    private static void Flatten(double[,] dW1, double[] dB1, double[,] dW2, double[] dB2, Span<double> gradient)
    {
        int at = 0;
        for (int k = 0; k < Hidden; k++)
        {
            for (int j = 0; j < Inputs; j++)
            {
                gradient[at++] = dW1[k, j];
            }
        }

        dB1.CopyTo(gradient.Slice(at, Hidden));
        at += Hidden;
        for (int o = 0; o < Outputs; o++)
        {
            for (int k = 0; k < Hidden; k++)
            {
                gradient[at++] = dW2[o, k];
            }
        }

        dB2.CopyTo(gradient.Slice(at, Outputs));
    }
}
