using System;
using BenchmarkDotNet.Attributes;
using GradGen.Benchmarks.Models;

namespace GradGen.Benchmarks;

/// <summary>
/// Extended Rosenbrock in N = 10 … 10,000 dimensions: an O(N) objective of a few flops per element, where the
/// constant cost of a reverse sweep shows most; finite differences cost O(N²).
/// </summary>
public class RosenbrockBenchmark : GradientBenchmark
{
    private double[] x = [];

    [Params(10, 100, 1_000, 10_000)]
    public int N { get; set; }

    [GlobalSetup]
    public void Setup()
    {
        x = Data.Uniform(4, N, -1.5, 1.5);
        Initialize(x);
    }

    [Benchmark(Baseline = true)]
    public double Objective() => Rosenbrock.Value(x);

    [Benchmark]
    public double GradGen() => Rosenbrock.ValueGradient(x, GradientBuffer);

    [Benchmark]
    public double HandWritten() => Rosenbrock.ValueGradientByHand(x, GradientBuffer);

    protected override double Evaluate(ReadOnlySpan<double> point) => Rosenbrock.Value(point);

    protected override double EvaluateGenerated(ReadOnlySpan<double> point, Span<double> gradient) => Rosenbrock.ValueGradient(point, gradient);

    protected override double EvaluateByHand(ReadOnlySpan<double> point, Span<double> gradient) => Rosenbrock.ValueGradientByHand(point, gradient);
}
