using System;
using BenchmarkDotNet.Attributes;
using GradGen.Benchmarks.Models;

namespace GradGen.Benchmarks;

/// <summary>
/// Horner's rule with N − 1 coefficients and x (N parameters): a recurrence, the case of a loop GradGen cannot fuse,
/// whose reverse sweep replays a tape of the overwritten values. O(N) objective of one multiply-add per coefficient.
/// </summary>
public class HornerBenchmark : GradientBenchmark
{
    private double[] c = [];
    private double x;

    [Params(10, 1_000)]
    public int N { get; set; }

    [GlobalSetup]
    public void Setup()
    {
        // |x| < 1 keeps xⁱ representable at every N.
        c = Data.Uniform(5, N - 1, -1, 1);
        x = 0.93;
        var point = new double[N];
        c.CopyTo(point, 0);
        point[N - 1] = x;
        Initialize(point);
    }

    [Benchmark(Baseline = true)]
    public double Objective() => Horner.Value(c, x);

    [Benchmark]
    public double GradGen() => Horner.ValueGradient(c, x, GradientBuffer.AsSpan(0, N - 1), out GradientBuffer[N - 1]);

    [Benchmark]
    public double HandWritten() => Horner.ValueGradientByHand(c, x, GradientBuffer.AsSpan(0, N - 1), out GradientBuffer[N - 1]);

    protected override double Evaluate(ReadOnlySpan<double> point) => Horner.Value(point[..^1], point[^1]);

    protected override double EvaluateGenerated(ReadOnlySpan<double> point, Span<double> gradient) =>
        Horner.ValueGradient(point[..^1], point[^1], gradient[..^1], out gradient[^1]);

    protected override double EvaluateByHand(ReadOnlySpan<double> point, Span<double> gradient) =>
        Horner.ValueGradientByHand(point[..^1], point[^1], gradient[..^1], out gradient[^1]);
}
