using System;
using BenchmarkDotNet.Attributes;
using BenchmarkDotNet.Parameters;
using GradGen.Tests.Models;

namespace GradGen.Benchmarks;

/// <summary>
/// ADBench's Gaussian mixture model objective (<see cref="Gmm"/>, shared with the tests, which check it against
/// ADBench's golden values) on n = 1,000 points in d dimensions with K components: K(1 + d + d(d+1)/2) parameters
/// (alphas, means, inverse covariance factors), O(n·K·d²) work per objective. Random data and parameters, seeded;
/// Wishart γ = 1, m = 0 as in ADBench's inputs. Finite differences run up to 1,000 parameters
/// (<see cref="FiniteDifferenceLimit"/>; d = 10, K = 25 has 1,650).
/// </summary>
[Config(typeof(Limit))]
public class GmmBenchmark : GradientBenchmark
{
    private const int Points = 1_000;
    private const double WishartGamma = 1.0;
    private const double WishartM = 0.0;

    private double[] alphas = [];
    private double[] means = [];
    private double[] icf = [];
    private double[] x = [];

    [Params(2, 10)]
    public int D { get; set; }

    [Params(5, 25)]
    public int K { get; set; }

    private int MeansLength => K * D;

    private int IcfLength => K * D * (D + 1) / 2;

    [GlobalSetup]
    public void Setup()
    {
        alphas = Data.Uniform(8, K, -1, 1);
        means = Data.Uniform(9, MeansLength, -1, 1);
        icf = Data.Uniform(10, IcfLength, -0.5, 0.5);
        x = Data.Uniform(11, Points * D, -1.5, 1.5);

        var point = new double[K + MeansLength + IcfLength];
        alphas.CopyTo(point, 0);
        means.CopyTo(point, K);
        icf.CopyTo(point, K + MeansLength);
        Initialize(point);
    }

    [Benchmark(Baseline = true)]
    public double Objective() => Gmm.Objective(alphas, means, icf, x, WishartGamma, WishartM);

    [Benchmark]
    public double GradGen()
    {
        Span<double> gradient = GradientBuffer;
        return Gmm.ObjectiveGradient(
            alphas, means, icf, x, WishartGamma, WishartM,
            gradient[..K], gradient.Slice(K, MeansLength), gradient[(K + MeansLength)..]);
    }

    [Benchmark]
    public double HandWritten()
    {
        Span<double> gradient = GradientBuffer;
        return Gmm.ObjectiveGradientByHand(
            alphas, means, icf, x, WishartGamma, WishartM,
            gradient[..K], gradient.Slice(K, MeansLength), gradient[(K + MeansLength)..]);
    }

    private static int Dimension(int d, int k) => k * (1 + d + d * (d + 1) / 2);

    private sealed class Limit : FiniteDifferenceLimit
    {
        protected override int Dimension(ParameterInstances parameters) =>
            GmmBenchmark.Dimension((int)parameters[nameof(D)]!, (int)parameters[nameof(K)]!);
    }

    protected override double Evaluate(ReadOnlySpan<double> point) =>
        Gmm.Objective(point[..K], point.Slice(K, MeansLength), point[(K + MeansLength)..], x, WishartGamma, WishartM);

    protected override double EvaluateGenerated(ReadOnlySpan<double> point, Span<double> gradient) =>
        Gmm.ObjectiveGradient(
            point[..K], point.Slice(K, MeansLength), point[(K + MeansLength)..], x, WishartGamma, WishartM,
            gradient[..K], gradient.Slice(K, MeansLength), gradient[(K + MeansLength)..]);

    protected override double EvaluateByHand(ReadOnlySpan<double> point, Span<double> gradient) =>
        Gmm.ObjectiveGradientByHand(
            point[..K], point.Slice(K, MeansLength), point[(K + MeansLength)..], x, WishartGamma, WishartM,
            gradient[..K], gradient.Slice(K, MeansLength), gradient[(K + MeansLength)..]);
}
