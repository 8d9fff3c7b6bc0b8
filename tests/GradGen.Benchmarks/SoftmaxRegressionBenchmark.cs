using System;
using BenchmarkDotNet.Attributes;
using GradGen.Benchmarks.Models;

namespace GradGen.Benchmarks;

/// <summary>
/// Softmax regression with K = 10 classes, d = 20 features and M = 100 samples (200 weights), the model written with
/// a fresh <c>new double[k]</c> of logits per sample: the original allocates M arrays per call, the generated gradient
/// declares that array once (see docs/design.md, "Local arrays in loops and branches").
/// </summary>
public class SoftmaxRegressionBenchmark : GradientBenchmark
{
    private const int K = 10;
    private const int D = 20;
    private const int M = 100;

    private double[] theta = [];
    private double[] x = [];
    private double[] labels = [];

    [GlobalSetup]
    public void Setup()
    {
        x = Data.Uniform(1, M * D, -1, 1);
        labels = Array.ConvertAll(Data.Uniform(2, M, 0, K), v => Math.Floor(v));
        theta = Data.Uniform(3, K * D, -0.5, 0.5);
        Initialize(theta);
    }

    [Benchmark(Baseline = true)]
    public double Objective() => SoftmaxRegression.Loss(theta, x, labels, K);

    [Benchmark]
    public double GradGen() => SoftmaxRegression.LossGradient(theta, x, labels, K, GradientBuffer);

    [Benchmark]
    public double HandWritten() => SoftmaxRegression.LossGradientByHand(theta, x, labels, K, GradientBuffer);

    protected override double Evaluate(ReadOnlySpan<double> point) => SoftmaxRegression.Loss(point, x, labels, K);

    protected override double EvaluateGenerated(ReadOnlySpan<double> point, Span<double> gradient) =>
        SoftmaxRegression.LossGradient(point, x, labels, K, gradient);

    protected override double EvaluateByHand(ReadOnlySpan<double> point, Span<double> gradient) =>
        SoftmaxRegression.LossGradientByHand(point, x, labels, K, gradient);
}
