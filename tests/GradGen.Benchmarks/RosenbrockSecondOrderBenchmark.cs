using System;
using BenchmarkDotNet.Attributes;
using GradGen.Benchmarks.Models;

namespace GradGen.Benchmarks;

/// <summary>
/// Extended Rosenbrock (<see cref="SecondOrder.Rosenbrock"/>, the same function as <see cref="RosenbrockBenchmark"/>):
/// one Pushforward and one Hessian-vector product against one objective call.
/// </summary>
public class RosenbrockSecondOrderBenchmark : SecondOrderBenchmark
{
    private double[] x = [];

    [Params(100, 10_000)]
    public int N { get; set; }

    [GlobalSetup]
    public void Setup()
    {
        x = Data.Uniform(4, N, -1.5, 1.5);
        Initialize(x);
    }

    [Benchmark(Baseline = true)]
    public double Objective() => SecondOrder.Rosenbrock(x);

    [Benchmark]
    public double Gradient() => SecondOrder.RosenbrockGradient(x, GradientBuffer);

    [Benchmark]
    public double Pushforward() => SecondOrder.RosenbrockPushforward(x, Direction, out _);

    [Benchmark]
    public double HessianVectorProduct() => SecondOrder.RosenbrockHessianVectorProduct(x, Direction, GradientBuffer, ProductBuffer);

    protected override double Evaluate(ReadOnlySpan<double> point) => SecondOrder.Rosenbrock(point);

    protected override double EvaluateGradient(ReadOnlySpan<double> point, Span<double> gradient) => SecondOrder.RosenbrockGradient(point, gradient);

    protected override double EvaluatePushforward(ReadOnlySpan<double> point, ReadOnlySpan<double> direction, out double derivative) =>
        SecondOrder.RosenbrockPushforward(point, direction, out derivative);

    protected override double EvaluateHessianVectorProduct(ReadOnlySpan<double> point, ReadOnlySpan<double> direction, Span<double> gradient, Span<double> product) =>
        SecondOrder.RosenbrockHessianVectorProduct(point, direction, gradient, product);
}
