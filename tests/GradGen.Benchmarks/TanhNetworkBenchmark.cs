using System;
using BenchmarkDotNet.Attributes;
using GradGen.Benchmarks.Models;

namespace GradGen.Benchmarks;

/// <summary>
/// One-hidden-layer tanh network with squared error: d = 10 inputs, H = 32 hidden units, a batch of S = 32 samples;
/// theta has H(d + 2) + 1 = 385 entries.
/// </summary>
public class TanhNetworkBenchmark : GradientBenchmark
{
    private const int Inputs = 10;
    private const int Hidden = 32;
    private const int Samples = 32;

    private double[] theta = [];
    private double[] inputs = [];
    private double[] targets = [];
    private double[] scratch = [];

    [GlobalSetup]
    public void Setup()
    {
        inputs = Data.Uniform(5, Samples * Inputs, -1, 1);
        targets = Data.Uniform(6, Samples, -1, 1);
        theta = Data.Uniform(7, TanhNetwork.ParameterCount(Inputs, Hidden), -0.5, 0.5);
        scratch = new double[theta.Length];
        Initialize(theta);
    }

    [Benchmark(Baseline = true)]
    public double Objective() => TanhNetwork.Loss(theta, inputs, targets, Hidden);

    [Benchmark]
    public double GradGen() => TanhNetwork.LossGradient(theta, inputs, targets, Hidden, GradientBuffer);

    [Benchmark]
    public double HandWritten() => TanhNetwork.LossGradientByHand(theta, inputs, targets, Hidden, GradientBuffer);

    // The model takes double[] (as a user's network would): the flat-point versions, which only the
    // finite-difference benchmarks call, copy the point into a scratch array (385 doubles, without allocating).
    protected override double Evaluate(ReadOnlySpan<double> point) => TanhNetwork.Loss(Scratch(point), inputs, targets, Hidden);

    protected override double EvaluateGenerated(ReadOnlySpan<double> point, Span<double> gradient) =>
        TanhNetwork.LossGradient(Scratch(point), inputs, targets, Hidden, gradient);

    protected override double EvaluateByHand(ReadOnlySpan<double> point, Span<double> gradient) =>
        TanhNetwork.LossGradientByHand(Scratch(point), inputs, targets, Hidden, gradient);

    private double[] Scratch(ReadOnlySpan<double> point)
    {
        point.CopyTo(scratch);
        return scratch;
    }
}
