using System;
using GradGen.Tests.Models;

namespace GradGen.Tests;

/// <summary>
/// ADBench's Gaussian mixture model objective (<see cref="Gmm"/>): its value and gradient at ADBench's small test
/// input against the golden values ADBench's own module tests use, the generated gradient against finite differences
/// and against the gradient by hand.
/// </summary>
public class GmmTests
{
    // ADBench's small test input (its data/gmm/test.txt): d = 2, K = 3, n = 1, Wishart γ = 1, m = 0.
    private const int TestD = 2;
    private const int TestK = 3;
    private const double TestGamma = 1.0;
    private const double TestM = 0;
    private static readonly double[] TestAlphas = [-0.649014, 1.181166, -0.758453];
    private static readonly double[] TestMeans = [0.092339, 0.186260, 0.345561, 0.396767, 0.538817, 0.419195];
    private static readonly double[] TestIcf =
    [
        0.586443, -0.851887, 0.800321,
        -1.509405, 0.875874, -0.242790,
        0.166813, -1.965419, -1.270071,
    ];

    private static readonly double[] TestX = [1.175171, 2.029160];

    /// <summary>ADBench's golden objective for that input.</summary>
    private const double GoldenObjective = 8.07380408004975791;

    /// <summary>ADBench's golden gradient for that input: ∂/∂alphas, ∂/∂means, ∂/∂icf, in that order.</summary>
    private static readonly double[] GoldenGradient =
    [
        1.08662855508652456e-01, -7.41270039523898472e-01, 6.32607184015246071e-01,
        1.11692576532787013e+00, 1.63333013551455269e-01, -2.19989824071193142e-02,
        2.27778292254236098e-01, 1.20963025612832187e+00, -6.06375920733956339e-02,
        2.58529994051162237e+00, 1.12632694524213789e-01, 3.85744309849611777e-01,
        7.35180573182305508e-02, 5.41836362715595232e+00, -3.21494409677446469e-01,
        1.71892309775004937e+00, 8.60091090790866875e-01, -9.94640930466322848e-01,
    ];

    [Fact]
    public void Objective_matches_ADBench_golden_value()
    {
        var value = Gmm.Objective(TestAlphas, TestMeans, TestIcf, TestX, TestGamma, TestM);
        GradientAssert.Close(GoldenObjective, value, relative: 1e-12);
    }

    [Fact]
    public void Gradient_matches_ADBench_golden_gradient()
    {
        var gradient = new double[GoldenGradient.Length];
        var value = Gradient(TestAlphas, TestMeans, TestIcf, TestX, TestGamma, TestM, gradient, byHand: false);

        GradientAssert.Close(GoldenObjective, value, relative: 1e-12);
        for (var i = 0; i < gradient.Length; i++)
        {
            GradientAssert.Close(GoldenGradient[i], gradient[i], relative: 1e-12);
        }
    }

    [Fact]
    public void Gradient_by_hand_matches_ADBench_golden_gradient()
    {
        var gradient = new double[GoldenGradient.Length];
        var value = Gradient(TestAlphas, TestMeans, TestIcf, TestX, TestGamma, TestM, gradient, byHand: true);

        GradientAssert.Close(GoldenObjective, value, relative: 1e-12);
        for (var i = 0; i < gradient.Length; i++)
        {
            GradientAssert.Close(GoldenGradient[i], gradient[i], relative: 1e-12);
        }
    }

    [Fact]
    public void Gradient_matches_finite_differences_at_ADBench_test_input()
    {
        var theta = Pack(TestAlphas, TestMeans, TestIcf);
        var analytic = new double[theta.Length];
        var numeric = new double[theta.Length];
        Gradient(TestAlphas, TestMeans, TestIcf, TestX, TestGamma, TestM, analytic, byHand: false);
        FiniteDifferences.Gradient(t => Objective(t, TestK, TestD, TestX, TestGamma, TestM), theta, numeric, FiniteDifferenceScheme.Central);

        for (var i = 0; i < theta.Length; i++)
        {
            var error = Math.Abs(analytic[i] - numeric[i]);
            Assert.True(
                error <= GradientAssert.AbsoluteTolerance + GradientAssert.RelativeTolerance * Math.Abs(numeric[i]),
                $"∂E/∂θ[{i}]: generated {analytic[i]:R}, finite differences {numeric[i]:R} (error {error:E2})");
        }
    }

    [Fact]
    public void Gradient_matches_finite_differences_on_a_larger_mixture()
    {
        const int d = 3, k = 4, n = 10;
        var x = Uniform(201, n * d, -2, 2);
        GradientAssert.MatchesFiniteDifferences(
            theta => Objective(theta, k, d, x, 1.3, 2),
            (theta, g) => Gradient(theta, k, d, x, 1.3, 2, g, byHand: false),
            dimension: Dimension(k, d),
            sample: (r, _) => r.NextDouble() * 2 - 1);
    }

    [Fact]
    public void Gradient_matches_the_gradient_by_hand()
    {
        const int d = 5, k = 6, n = 40;
        var x = Uniform(202, n * d, -2, 2);
        var theta = Uniform(203, Dimension(k, d), -1, 1);
        var generated = new double[theta.Length];
        var byHand = new double[theta.Length];

        var value = Gradient(theta, k, d, x, 0.7, 1, generated, byHand: false);
        var expected = Gradient(theta, k, d, x, 0.7, 1, byHand, byHand: true);

        GradientAssert.Close(expected, value);
        GradientAssert.Close(Objective(theta, k, d, x, 0.7, 1), value);
        for (var i = 0; i < theta.Length; i++)
        {
            GradientAssert.Close(byHand[i], generated[i], relative: 1e-11);
        }
    }

    [Theory]
    [InlineData(1.0, 0.0)]
    [InlineData(2.0, 0.0)]
    [InlineData(0.5, 0.572364942924700087072)] // log √π
    [InlineData(1.5, -0.120782237635245222346)] // log(√π / 2)
    [InlineData(10.0, 12.8018274800814696112)] // log 9!
    [InlineData(0.3, 1.09579799481807552168)]
    [InlineData(3.7, 1.42807232666538792187)]
    [InlineData(25.25, 55.585686044869429708)]
    public void LogGamma_is_accurate(double x, double expected) =>
        Assert.True(
            Math.Abs(Gmm.LogGamma(x) - expected) <= 1e-14 * Math.Max(1, Math.Abs(expected)),
            $"LogGamma({x}) = {Gmm.LogGamma(x):R}, expected {expected:R}");

    private static int Dimension(int k, int d) => k * (1 + d + (d * (d + 1) / 2));

    private static double[] Pack(double[] alphas, double[] means, double[] icf)
    {
        var theta = new double[alphas.Length + means.Length + icf.Length];
        alphas.CopyTo(theta, 0);
        means.CopyTo(theta, alphas.Length);
        icf.CopyTo(theta, alphas.Length + means.Length);
        return theta;
    }

    /// <summary>The objective of a packed θ = [alphas, means, icf].</summary>
    private static double Objective(ReadOnlySpan<double> theta, int k, int d, double[] x, double gamma, double m) =>
        Gmm.Objective(theta[..k], theta.Slice(k, k * d), theta[(k + (k * d))..], x, gamma, m);

    private static double Gradient(ReadOnlySpan<double> theta, int k, int d, double[] x, double gamma, double m, Span<double> gradient, bool byHand)
    {
        var alphas = theta[..k];
        var means = theta.Slice(k, k * d);
        var icf = theta[(k + (k * d))..];
        var dAlphas = gradient[..k];
        var dMeans = gradient.Slice(k, k * d);
        var dIcf = gradient[(k + (k * d))..];
        return byHand
            ? Gmm.ObjectiveGradientByHand(alphas, means, icf, x, gamma, m, dAlphas, dMeans, dIcf)
            : Gmm.ObjectiveGradient(alphas, means, icf, x, gamma, m, dAlphas, dMeans, dIcf);
    }

    private static double Gradient(double[] alphas, double[] means, double[] icf, double[] x, double gamma, double m, Span<double> gradient, bool byHand) =>
        Gradient(Pack(alphas, means, icf), alphas.Length, means.Length / alphas.Length, x, gamma, m, gradient, byHand);

    private static double[] Uniform(int seed, int length, double low, double high)
    {
        var random = new Random(seed);
        var values = new double[length];
        for (var i = 0; i < length; i++)
        {
            values[i] = low + ((high - low) * random.NextDouble());
        }

        return values;
    }
}
