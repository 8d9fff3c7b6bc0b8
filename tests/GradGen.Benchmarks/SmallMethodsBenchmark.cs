using System;
using BenchmarkDotNet.Attributes;
using GradGen.Benchmarks.Models;

namespace GradGen.Benchmarks;

/// <summary>
/// A tiny [Differentiable] method called N times (<see cref="SmallMethods"/>): through a caller's gradient (its Pullback,
/// <c>GradGen</c>) and from a user's loop (its Gradient, <c>GradGenPerElement</c>).
/// </summary>
public class SmallMethodsBenchmark : GradientBenchmark
{
    private double[] w = [];

    [Params(100)]
    public int N { get; set; }

    [GlobalSetup]
    public void Setup()
    {
        w = Data.Uniform(11, N, -2, 2);
        Initialize(w);
    }

    [Benchmark(Baseline = true)]
    public double Objective() => SmallMethods.Loss(w);

    [Benchmark]
    public double GradGen() => SmallMethods.LossGradient(w, GradientBuffer);

    [Benchmark]
    public double GradGenPerElement() => SmallMethods.SumOfGradients(w, GradientBuffer);

    [Benchmark]
    public double HandWritten() => SmallMethods.LossGradientByHand(w, GradientBuffer);

    protected override double Evaluate(ReadOnlySpan<double> point) => SmallMethods.Loss(point);

    protected override double EvaluateGenerated(ReadOnlySpan<double> point, Span<double> gradient) => SmallMethods.LossGradient(point, gradient);

    protected override double EvaluateByHand(ReadOnlySpan<double> point, Span<double> gradient) => SmallMethods.LossGradientByHand(point, gradient);
}
