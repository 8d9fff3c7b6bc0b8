using System;
using System.Numerics;

namespace GradGen;

/// <summary>The pushforward test: a forward-mode directional derivative against a gradient or a finite difference.</summary>
public static partial class GradientCheck
{
    /// <summary>
    /// Checks a pushforward (forward mode) against a gradient (reverse mode): along <paramref name="directions"/>
    /// random unit directions <c>v</c>, the pushforward's derivative must equal <c>∇f(x)·v</c> formed from the
    /// gradient, and every value it returns the gradient's value. Both sides are exact derivatives, so no finite
    /// difference is involved and the tolerances only absorb rounding; a pushforward wrong in any direction the
    /// random ones are not orthogonal to (almost surely none) fails.
    /// </summary>
    /// <param name="gradient">The gradient, trusted or checked separately (for example with <see cref="Compare(ScalarFunction, GradientFunction, ReadOnlySpan{double}, GradientCheckOptions?)"/>): called once with a zero-filled span.</param>
    /// <param name="pushforward">The pushforward checked: called once per direction.</param>
    /// <param name="x">The point.</param>
    /// <param name="directions">How many random directions to test (at least 1).</param>
    /// <param name="seed">Seed of the <see cref="Random"/> that draws the directions (normalised Gaussian vectors, as in
    /// <see cref="DotProductTest(ScalarFunction, GradientFunction, ReadOnlySpan{double}, int, int, GradientCheckOptions?)"/>).</param>
    /// <param name="options">Tolerances; <see langword="null"/> for atol 1e-6, rtol 1e-5. The scheme and step are not used.</param>
    /// <returns>The report (<see cref="GradientCheckMethod.Pushforward"/>), one row per direction.</returns>
    /// <exception cref="ArgumentNullException"><paramref name="gradient"/> or <paramref name="pushforward"/> is null.</exception>
    /// <exception cref="ArgumentOutOfRangeException"><paramref name="directions"/> is less than 1, or a tolerance is out of range.</exception>
    public static GradientCheckReport PushforwardTest(
        GradientFunction gradient,
        PushforwardFunction pushforward,
        ReadOnlySpan<double> x,
        int directions = 2,
        int seed = 12345,
        GradientCheckOptions? options = null)
    {
        ArgumentNullException.ThrowIfNull(gradient);
        ArgumentNullException.ThrowIfNull(pushforward);
        return PushforwardAgainstGradient(new DoubleGradient(gradient), new DoublePushforward(pushforward), x, directions, seed, options);
    }

    /// <summary>
    /// Checks a single-precision pushforward against a single-precision gradient, with float tolerances (atol 1e-3,
    /// rtol 1e-2 unless <paramref name="options"/> says otherwise); see
    /// <see cref="PushforwardTest(GradientFunction, PushforwardFunction, ReadOnlySpan{double}, int, int, GradientCheckOptions?)"/>.
    /// </summary>
    /// <param name="gradient">The gradient: called once with a zero-filled span.</param>
    /// <param name="pushforward">The pushforward checked: called once per direction.</param>
    /// <param name="x">The point.</param>
    /// <param name="directions">How many random directions to test (at least 1).</param>
    /// <param name="seed">Seed of the random directions.</param>
    /// <param name="options">Tolerances; tolerances left null take the float defaults.</param>
    /// <returns>The report, one row per direction.</returns>
    /// <exception cref="ArgumentNullException"><paramref name="gradient"/> or <paramref name="pushforward"/> is null.</exception>
    /// <exception cref="ArgumentOutOfRangeException"><paramref name="directions"/> is less than 1, or a tolerance is out of range.</exception>
    public static GradientCheckReport PushforwardTest(
        GradientFunctionF gradient,
        PushforwardFunctionF pushforward,
        ReadOnlySpan<float> x,
        int directions = 2,
        int seed = 12345,
        GradientCheckOptions? options = null)
    {
        ArgumentNullException.ThrowIfNull(gradient);
        ArgumentNullException.ThrowIfNull(pushforward);
        return PushforwardAgainstGradient(new SingleGradient(gradient), new SinglePushforward(pushforward), x, directions, seed, options);
    }

    /// <summary>
    /// Checks a pushforward against finite differences of the plain function: along <paramref name="directions"/>
    /// random unit directions <c>v</c>, the pushforward's derivative must equal the directional finite difference of
    /// <paramref name="f"/> (2 evaluations per direction with central differences), and every value it returns
    /// <c>f(x)</c>. Use it when there is no trusted gradient; otherwise the test against the gradient is exact.
    /// </summary>
    /// <param name="f">The function.</param>
    /// <param name="pushforward">The pushforward checked: called once per direction.</param>
    /// <param name="x">The point.</param>
    /// <param name="directions">How many random directions to test (at least 1).</param>
    /// <param name="seed">Seed of the random directions (the same directions as <c>DotProductTest</c> with this seed).</param>
    /// <param name="options">Scheme, step and tolerances; <see langword="null"/> for central differences with atol 1e-6,
    /// rtol 1e-5 (justified on <see cref="GradientCheckOptions"/>). The step is the largest coordinate displacement, as in
    /// <see cref="FiniteDifferences.DirectionalDerivative(ScalarFunction, ReadOnlySpan{double}, ReadOnlySpan{double}, FiniteDifferenceScheme, double?)"/>.</param>
    /// <returns>The report (<see cref="GradientCheckMethod.PushforwardFiniteDifferences"/>), one row per direction.</returns>
    /// <exception cref="ArgumentNullException"><paramref name="f"/> or <paramref name="pushforward"/> is null.</exception>
    /// <exception cref="ArgumentOutOfRangeException"><paramref name="directions"/> is less than 1, or an option is out of range.</exception>
    public static GradientCheckReport PushforwardTest(
        ScalarFunction f,
        PushforwardFunction pushforward,
        ReadOnlySpan<double> x,
        int directions = 2,
        int seed = 12345,
        GradientCheckOptions? options = null)
    {
        ArgumentNullException.ThrowIfNull(f);
        ArgumentNullException.ThrowIfNull(pushforward);
        return PushforwardAgainstDifferences(new DoubleFunction(f), new DoublePushforward(pushforward), x, directions, seed, options);
    }

    /// <summary>
    /// Checks a single-precision pushforward against single-precision finite differences of the plain function, with
    /// float tolerances; see <see cref="PushforwardTest(ScalarFunction, PushforwardFunction, ReadOnlySpan{double}, int, int, GradientCheckOptions?)"/>.
    /// </summary>
    /// <param name="f">The function.</param>
    /// <param name="pushforward">The pushforward checked: called once per direction.</param>
    /// <param name="x">The point.</param>
    /// <param name="directions">How many random directions to test (at least 1).</param>
    /// <param name="seed">Seed of the random directions.</param>
    /// <param name="options">Scheme, step and tolerances; tolerances left null take the float defaults.</param>
    /// <returns>The report, one row per direction.</returns>
    /// <exception cref="ArgumentNullException"><paramref name="f"/> or <paramref name="pushforward"/> is null.</exception>
    /// <exception cref="ArgumentOutOfRangeException"><paramref name="directions"/> is less than 1, or an option is out of range.</exception>
    public static GradientCheckReport PushforwardTest(
        ScalarFunctionF f,
        PushforwardFunctionF pushforward,
        ReadOnlySpan<float> x,
        int directions = 2,
        int seed = 12345,
        GradientCheckOptions? options = null)
    {
        ArgumentNullException.ThrowIfNull(f);
        ArgumentNullException.ThrowIfNull(pushforward);
        return PushforwardAgainstDifferences(new SingleFunction(f), new SinglePushforward(pushforward), x, directions, seed, options);
    }

    private static GradientCheckReport PushforwardAgainstGradient<T, TGradient, TPushforward>(
        TGradient gradient,
        TPushforward pushforward,
        ReadOnlySpan<T> x,
        int directions,
        int seed,
        GradientCheckOptions? options)
        where T : unmanaged, IFloatingPointIeee754<T>
        where TGradient : IGradientFunction<T>
        where TPushforward : IPushforwardFunction<T>
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(directions, 1);
        var g = new T[x.Length];
        double value = double.CreateTruncating(gradient.Invoke(x, g));
        var reference = new GradientDot<T>(g);
        return PushforwardCore(GradientCheckMethod.Pushforward, reference, pushforward, x, directions, seed, options, value, 1);
    }

    private static GradientCheckReport PushforwardAgainstDifferences<T, TFunction, TPushforward>(
        TFunction f,
        TPushforward pushforward,
        ReadOnlySpan<T> x,
        int directions,
        int seed,
        GradientCheckOptions? options)
        where T : unmanaged, IFloatingPointIeee754<T>
        where TFunction : IScalarFunction<T>
        where TPushforward : IPushforwardFunction<T>
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(directions, 1);
        double value = double.CreateTruncating(f.Invoke(x));
        var reference = new DirectionalDifference<T, TFunction>(f);
        return PushforwardCore(GradientCheckMethod.PushforwardFiniteDifferences, reference, pushforward, x, directions, seed, options, value, 1);
    }

    /// <summary>
    /// One row per direction: the pushforward's derivative against <paramref name="reference"/>'s; the value check
    /// keeps the returned value furthest from <paramref name="referenceValue"/>.
    /// </summary>
    private static GradientCheckReport PushforwardCore<T, TReference, TPushforward>(
        GradientCheckMethod method,
        TReference reference,
        TPushforward pushforward,
        ReadOnlySpan<T> x,
        int directions,
        int seed,
        GradientCheckOptions? options,
        double referenceValue,
        int evaluations)
        where T : unmanaged, IFloatingPointIeee754<T>
        where TReference : IDirectionalReference<T>
        where TPushforward : IPushforwardFunction<T>
    {
        bool single = typeof(T) == typeof(float);
        GradientCheckOptions resolved = (options ?? new GradientCheckOptions()).Resolve(single);
        var analytic = new double[directions];
        var numeric = new double[directions];
        var values = new double[directions];
        var random = new Random(seed);
        var direction = new T[x.Length];
        for (int k = 0; k < directions; k++)
        {
            if (direction.Length > 0)
            {
                RandomUnitVector(random, direction);
            }

            values[k] = double.CreateTruncating(pushforward.Invoke(x, direction, out T derivative));
            analytic[k] = double.CreateTruncating(derivative);
            numeric[k] = reference.Along(x, direction, resolved, ref evaluations);
        }

        int worst = WorstValue(values, referenceValue, resolved);
        return new GradientCheckReport(method, single, resolved, analytic, numeric, values[worst], referenceValue, evaluations, valueCount: directions);
    }

    /// <summary>
    /// The index of the value furthest from <paramref name="reference"/> in units of what the tolerances allow
    /// (NaN counts as infinitely far), so that it passes the value check exactly when all of them do.
    /// </summary>
    private static int WorstValue(ReadOnlySpan<double> values, double reference, GradientCheckOptions resolved)
    {
        int worst = 0;
        double worstRatio = double.NegativeInfinity;
        for (int i = 0; i < values.Length; i++)
        {
            double ratio = ToleranceRatio(values[i], reference, resolved);
            if (ratio > worstRatio)
            {
                worstRatio = ratio;
                worst = i;
            }
        }

        return worst;
    }

    private static double ToleranceRatio(double value, double reference, GradientCheckOptions resolved)
    {
        double absolute = Math.Abs(value - reference);
        double ratio = absolute == 0.0 ? 0.0 : absolute / (resolved.AbsoluteTolerance!.Value + (resolved.RelativeTolerance!.Value * Math.Abs(reference)));
        return double.IsNaN(ratio) ? double.PositiveInfinity : ratio;
    }
}

/// <summary>What a pushforward's directional derivative is compared with.</summary>
internal interface IDirectionalReference<T>
    where T : unmanaged, IFloatingPointIeee754<T>
{
    double Along(ReadOnlySpan<T> x, ReadOnlySpan<T> direction, GradientCheckOptions options, ref int evaluations);
}

/// <summary><c>∇f·v</c> from a gradient computed once, summed in double precision.</summary>
internal readonly struct GradientDot<T>(T[] gradient) : IDirectionalReference<T>
    where T : unmanaged, IFloatingPointIeee754<T>
{
    public double Along(ReadOnlySpan<T> x, ReadOnlySpan<T> direction, GradientCheckOptions options, ref int evaluations)
    {
        double dot = 0.0;
        for (int j = 0; j < direction.Length; j++)
        {
            dot += double.CreateTruncating(gradient[j]) * double.CreateTruncating(direction[j]);
        }

        return dot;
    }
}

/// <summary>The directional finite difference of <c>f</c> with the options' scheme and step.</summary>
internal readonly struct DirectionalDifference<T, TFunction>(TFunction f) : IDirectionalReference<T>
    where T : unmanaged, IFloatingPointIeee754<T>
    where TFunction : IScalarFunction<T>
{
    public double Along(ReadOnlySpan<T> x, ReadOnlySpan<T> direction, GradientCheckOptions options, ref int evaluations)
    {
        double derivative = FiniteDifferences.DirectionalCore(f, x, direction, options.Scheme, options.Step, out int used);
        evaluations += used;
        return derivative;
    }
}
