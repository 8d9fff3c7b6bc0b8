using System;
using BenchmarkDotNet.Attributes;
using GradGen.Benchmarks.Models;

namespace GradGen.Benchmarks;

/// <summary>
/// Mean logistic loss over M = 100 samples (<see cref="SecondOrder.MeanLoss"/>, the same function and data as
/// <see cref="LogisticLossBenchmark"/>): one Pushforward and one Hessian-vector product against one objective call.
/// </summary>
public class LogisticLossSecondOrderBenchmark : SecondOrderBenchmark
{
    private const int M = 100;

    private double[] w = [];
    private double[] x = [];
    private double[] y = [];

    [Params(100)]
    public int N { get; set; }

    [GlobalSetup]
    public void Setup()
    {
        x = Data.Uniform(1, M * N, -1, 1);
        y = Data.PlusMinusOne(2, M);
        w = Data.Uniform(3, N, -2 / Math.Sqrt(N), 2 / Math.Sqrt(N));
        Initialize(w);
    }

    [Benchmark(Baseline = true)]
    public double Objective() => SecondOrder.MeanLoss(w, x, y, M);

    [Benchmark]
    public double Gradient() => SecondOrder.MeanLossGradient(w, x, y, M, GradientBuffer);

    [Benchmark]
    public double Pushforward() => SecondOrder.MeanLossPushforward(w, x, y, M, Direction, out _);

    [Benchmark]
    public double HessianVectorProduct() => SecondOrder.MeanLossHessianVectorProduct(w, x, y, M, Direction, GradientBuffer, ProductBuffer);

    protected override double Evaluate(ReadOnlySpan<double> point) => SecondOrder.MeanLoss(point, x, y, M);

    protected override double EvaluateGradient(ReadOnlySpan<double> point, Span<double> gradient) => SecondOrder.MeanLossGradient(point, x, y, M, gradient);

    protected override double EvaluatePushforward(ReadOnlySpan<double> point, ReadOnlySpan<double> direction, out double derivative) =>
        SecondOrder.MeanLossPushforward(point, x, y, M, direction, out derivative);

    protected override double EvaluateHessianVectorProduct(ReadOnlySpan<double> point, ReadOnlySpan<double> direction, Span<double> gradient, Span<double> product) =>
        SecondOrder.MeanLossHessianVectorProduct(point, x, y, M, direction, gradient, product);
}
