using System;
using System.Numerics;

namespace GradGen;

/// <summary>The dot-product test: the analytic gradient against directional finite differences.</summary>
public static partial class GradientCheck
{
    /// <summary>
    /// Checks <c>∇f(x)·v</c>, computed from the analytic gradient, against the directional finite difference of
    /// <paramref name="f"/> along <paramref name="directions"/> random unit directions <c>v</c>: 2 evaluations per
    /// direction (central differences) instead of 2N, so it suits large N. An error in the gradient passes
    /// unnoticed only if it is orthogonal to every direction, which for random directions has probability zero;
    /// but a small error in one component of a large gradient is diluted by about <c>1/√N</c>, so use
    /// <see cref="Compare(ScalarFunction, GradientFunction, ReadOnlySpan{double}, GradientCheckOptions?)"/>
    /// when N is small enough.
    /// </summary>
    /// <param name="f">The function.</param>
    /// <param name="gradient">The analytic gradient: called once with a zero-filled span; must return <c>f(x)</c>.</param>
    /// <param name="x">The point.</param>
    /// <param name="directions">How many random directions to test (at least 1).</param>
    /// <param name="seed">Seed of the <see cref="Random"/> that draws the directions (normalised Gaussian vectors,
    /// uniform on the unit sphere); the same seed reproduces the same directions.</param>
    /// <param name="options">Scheme, step and tolerances; <see langword="null"/> for central differences with atol 1e-6, rtol 1e-5.
    /// The step is the largest coordinate displacement, as in <see cref="FiniteDifferences.DirectionalDerivative(ScalarFunction, ReadOnlySpan{double}, ReadOnlySpan{double}, FiniteDifferenceScheme, double?)"/>.</param>
    /// <returns>The report, one row per direction.</returns>
    /// <exception cref="ArgumentNullException"><paramref name="f"/> or <paramref name="gradient"/> is null.</exception>
    /// <exception cref="ArgumentOutOfRangeException"><paramref name="directions"/> is less than 1, or an option is out of range.</exception>
    public static GradientCheckReport DotProductTest(
        ScalarFunction f,
        GradientFunction gradient,
        ReadOnlySpan<double> x,
        int directions = 2,
        int seed = 12345,
        GradientCheckOptions? options = null)
    {
        ArgumentNullException.ThrowIfNull(f);
        ArgumentNullException.ThrowIfNull(gradient);
        return DotProductCore(new DoubleFunction(f), new DoubleGradient(gradient), x, directions, seed, options);
    }

    /// <summary>
    /// The dot-product test for a single-precision gradient, with float tolerances (atol 1e-3, rtol 1e-2 unless
    /// <paramref name="options"/> says otherwise); see
    /// <see cref="DotProductTest(ScalarFunction, GradientFunction, ReadOnlySpan{double}, int, int, GradientCheckOptions?)"/>.
    /// </summary>
    /// <param name="f">The function.</param>
    /// <param name="gradient">The analytic gradient.</param>
    /// <param name="x">The point.</param>
    /// <param name="directions">How many random directions to test (at least 1).</param>
    /// <param name="seed">Seed of the random directions.</param>
    /// <param name="options">Scheme, step and tolerances; tolerances left null take the float defaults.</param>
    /// <returns>The report, one row per direction.</returns>
    /// <exception cref="ArgumentNullException"><paramref name="f"/> or <paramref name="gradient"/> is null.</exception>
    /// <exception cref="ArgumentOutOfRangeException"><paramref name="directions"/> is less than 1, or an option is out of range.</exception>
    public static GradientCheckReport DotProductTest(
        ScalarFunctionF f,
        GradientFunctionF gradient,
        ReadOnlySpan<float> x,
        int directions = 2,
        int seed = 12345,
        GradientCheckOptions? options = null)
    {
        ArgumentNullException.ThrowIfNull(f);
        ArgumentNullException.ThrowIfNull(gradient);
        return DotProductCore(new SingleFunction(f), new SingleGradient(gradient), x, directions, seed, options);
    }

    private static GradientCheckReport DotProductCore<T, TFunction, TGradient>(
        TFunction f,
        TGradient gradient,
        ReadOnlySpan<T> x,
        int directions,
        int seed,
        GradientCheckOptions? options)
        where T : unmanaged, IFloatingPointIeee754<T>
        where TFunction : IScalarFunction<T>
        where TGradient : IGradientFunction<T>
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(directions, 1);
        bool single = typeof(T) == typeof(float);
        GradientCheckOptions resolved = (options ?? new GradientCheckOptions()).Resolve(single);
        int n = x.Length;
        var analyticGradient = new T[n];
        double value = double.CreateTruncating(gradient.Invoke(x, analyticGradient));
        double numericValue = double.CreateTruncating(f.Invoke(x));
        int evaluations = 1;

        int rows = n == 0 ? 0 : directions;
        var analytic = new double[rows];
        var numeric = new double[rows];
        var random = new Random(seed);
        var direction = new T[n];
        for (int k = 0; k < rows; k++)
        {
            RandomUnitVector(random, direction);
            double dot = 0.0;
            for (int j = 0; j < n; j++)
            {
                dot += double.CreateTruncating(analyticGradient[j]) * double.CreateTruncating(direction[j]);
            }

            analytic[k] = dot;
            numeric[k] = FiniteDifferences.DirectionalCore(f, x, direction, resolved.Scheme, resolved.Step, out int used);
            evaluations += used;
        }

        return new GradientCheckReport(GradientCheckMethod.DotProduct, single, resolved, analytic, numeric, value, numericValue, evaluations);
    }

    /// <summary>Fills <paramref name="v"/> with a direction uniform on the unit sphere (normalised Box–Muller Gaussians).</summary>
    private static void RandomUnitVector<T>(Random random, T[] v)
        where T : unmanaged, IFloatingPointIeee754<T>
    {
        Span<double> gaussian = v.Length <= FiniteDifferences.StackallocLimit ? stackalloc double[v.Length] : new double[v.Length];
        double norm;
        do
        {
            for (int j = 0; j < gaussian.Length; j++)
            {
                double radius = Math.Sqrt(-2.0 * Math.Log(1.0 - random.NextDouble()));
                gaussian[j] = radius * Math.Cos(2.0 * Math.PI * random.NextDouble());
            }

            double sum = 0.0;
            foreach (double g in gaussian)
            {
                sum += g * g;
            }

            norm = Math.Sqrt(sum);
        }
        while (!(norm > 0.0));

        for (int j = 0; j < v.Length; j++)
        {
            v[j] = T.CreateTruncating(gaussian[j] / norm);
        }
    }
}
