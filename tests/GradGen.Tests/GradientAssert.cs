using System;
using GradGen;

namespace GradGen.Tests;

/// <summary>
/// Compares a generated gradient with central finite differences (from the runtime) at several random points.
/// Central differences with GradGen's default step are good to about 1e-9 relative on these smooth functions,
/// so the tolerance leaves room for their error and nothing more: a wrong derivative fails by orders of magnitude.
/// </summary>
internal static class GradientAssert
{
    public const double RelativeTolerance = 1e-6;
    public const double AbsoluteTolerance = 1e-7;

    /// <param name="sample">Draws one coordinate of a test point (keeps points inside the function's domain).</param>
    public static void MatchesFiniteDifferences(
        ScalarFunction f,
        GradientFunction gradient,
        int dimension,
        Func<Random, int, double>? sample = null,
        int points = 5,
        int seed = 20261129)
    {
        sample ??= (random, _) => random.NextDouble() * 4 - 2;
        var random = new Random(seed);
        var x = new double[dimension];
        var analytic = new double[dimension];
        var numeric = new double[dimension];
        for (var p = 0; p < points; p++)
        {
            for (var i = 0; i < dimension; i++)
            {
                x[i] = sample(random, i);
            }

            var value = gradient(x, analytic);
            var expected = f(x);
            Assert.True(
                Math.Abs(value - expected) <= 1e-12 * Math.Max(1, Math.Abs(expected)),
                $"Gradient returned {value:R} but the function gives {expected:R} at {Format(x)}");

            FiniteDifferences.Gradient(f, x, numeric, FiniteDifferenceScheme.Central);
            for (var i = 0; i < dimension; i++)
            {
                var error = Math.Abs(analytic[i] - numeric[i]);
                Assert.True(
                    error <= AbsoluteTolerance + RelativeTolerance * Math.Abs(numeric[i]),
                    $"∂f/∂x[{i}] at {Format(x)}: generated {analytic[i]:R}, finite differences {numeric[i]:R} (error {error:E2})");
            }
        }
    }

    /// <summary>For float methods: float rounding limits finite differences to about 3 digits.</summary>
    public static void MatchesFiniteDifferencesF(ScalarFunctionF f, GradientFunctionF gradient, int dimension, int points = 5, int seed = 20261129)
    {
        var random = new Random(seed);
        var x = new float[dimension];
        var analytic = new float[dimension];
        var numeric = new float[dimension];
        for (var p = 0; p < points; p++)
        {
            for (var i = 0; i < dimension; i++)
            {
                x[i] = (float)(random.NextDouble() * 2 - 1);
            }

            var value = gradient(x, analytic);
            Assert.Equal(f(x), value, 5);
            FiniteDifferences.Gradient(f, x, numeric, FiniteDifferenceScheme.FivePoint);
            for (var i = 0; i < dimension; i++)
            {
                var error = Math.Abs(analytic[i] - numeric[i]);
                Assert.True(error <= 2e-3 + 2e-3 * Math.Abs(numeric[i]), $"∂f/∂x[{i}]: generated {analytic[i]:R}, finite differences {numeric[i]:R}");
            }
        }
    }

    /// <summary>A generated Pullback: adds seed × the gradient at x to <paramref name="gradient"/>.</summary>
    public delegate void PullbackFunction(ReadOnlySpan<double> x, double seed, Span<double> gradient);

    /// <summary>The pullback adds seed × gradient to adjoints that already hold values (ones), with a seed other than 1.</summary>
    public static void PullbackAdds(double[] point, GradientFunction gradient, PullbackFunction pullback, double seed = 2.5)
    {
        var expected = new double[point.Length];
        gradient(point, expected);
        var accumulated = new double[point.Length];
        Array.Fill(accumulated, 1.0);

        pullback(point, seed, accumulated);

        Assert.Contains(expected, d => d != 0); // a zero gradient would prove nothing
        for (var i = 0; i < point.Length; i++)
        {
            Close(1 + (seed * expected[i]), accumulated[i], 1e-10);
        }
    }

    public static void Close(double expected, double actual, double relative = 1e-12)
    {
        Assert.True(
            Math.Abs(expected - actual) <= relative * Math.Max(1, Math.Abs(expected)),
            $"expected {expected:R}, got {actual:R}");
    }

    private static string Format(double[] x) => "(" + string.Join(", ", Array.ConvertAll(x, v => v.ToString("G6", System.Globalization.CultureInfo.InvariantCulture))) + ")";
}
