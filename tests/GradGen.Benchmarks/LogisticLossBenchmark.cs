using System;
using BenchmarkDotNet.Attributes;
using BenchmarkDotNet.Parameters;
using GradGen.Demo.Models;

namespace GradGen.Benchmarks;

/// <summary>
/// Mean logistic loss over M = 100 samples with N = 10 … 10,000 weights: an O(N·M) objective, so finite
/// differences cost O(N²·M). Their benchmarks run up to N = 1,000 (<see cref="FiniteDifferenceLimit"/>): at
/// N = 10,000 one objective takes milliseconds and one finite-difference gradient a minute or more.
/// </summary>
[Config(typeof(Limit))]
public class LogisticLossBenchmark : GradientBenchmark
{
    private const int M = 100;

    private double[] w = [];
    private double[] x = [];
    private double[] y = [];

    [Params(10, 100, 1_000, 10_000)]
    public int N { get; set; }

    [GlobalSetup]
    public void Setup()
    {
        // Features in [−1, 1] and weights of size 1/√N keep wᵀx of order one at every N.
        x = Data.Uniform(1, M * N, -1, 1);
        y = Data.PlusMinusOne(2, M);
        w = Data.Uniform(3, N, -2 / Math.Sqrt(N), 2 / Math.Sqrt(N));
        Initialize(w);
    }

    [Benchmark(Baseline = true)]
    public double Objective() => Logistic.MeanLoss(w, x, y, M);

    [Benchmark]
    public double GradGen() => Logistic.MeanLossGradient(w, x, y, M, GradientBuffer);

    [Benchmark]
    public double HandWritten() => Logistic.MeanLossGradientByHand(w, x, y, M, GradientBuffer);

    private sealed class Limit : FiniteDifferenceLimit
    {
        protected override int Dimension(ParameterInstances parameters) => (int)parameters[nameof(N)]!;
    }

    protected override double Evaluate(ReadOnlySpan<double> point) => Logistic.MeanLoss(point, x, y, M);

    protected override double EvaluateGenerated(ReadOnlySpan<double> point, Span<double> gradient) =>
        Logistic.MeanLossGradient(point, x, y, M, gradient);

    protected override double EvaluateByHand(ReadOnlySpan<double> point, Span<double> gradient) =>
        Logistic.MeanLossGradientByHand(point, x, y, M, gradient);
}
