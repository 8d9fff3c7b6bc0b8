using System;
using System.Buffers;
using System.Numerics;

namespace GradGen;

/// <summary>Finite-difference directional derivatives.</summary>
public static partial class FiniteDifferences
{
    /// <summary>
    /// Approximates the directional derivative <c>∇f(x)·v</c>, the derivative of <c>t ↦ f(x + t·v)</c> at
    /// <c>t = 0</c>, with one one-dimensional finite difference (2 evaluations for central differences instead of
    /// the 2N of a full gradient).
    /// </summary>
    /// <param name="f">The function.</param>
    /// <param name="x">The point.</param>
    /// <param name="direction">The direction <c>v</c>; it need not be a unit vector (the result scales with it).</param>
    /// <param name="scheme">The formula; central differences by default.</param>
    /// <param name="step">
    /// The largest displacement of any coordinate, or <see langword="null"/> for
    /// <c>DefaultRelativeStep(scheme)·max(1, ‖x‖∞)</c>. The step in <c>t</c> is this divided by <c>‖v‖∞</c>, so
    /// that the point moves by the same amount as <see cref="Gradient(ScalarFunction, ReadOnlySpan{double}, Span{double}, FiniteDifferenceScheme, double?)"/>
    /// moves its largest coordinate whatever the length of <c>v</c>. Coordinates <c>xⱼ + t·vⱼ</c> are rounded, so
    /// only the step in <c>t</c>, not the displacement of each coordinate, is exact.
    /// </param>
    /// <returns>The approximate directional derivative; zero, without evaluating <paramref name="f"/>, when <c>v = 0</c>.</returns>
    /// <remarks>Allocation-free: the scratch point, <c>x</c> and <c>v</c> live on the stack up to 512 components and in a pooled array above that.</remarks>
    /// <exception cref="ArgumentNullException"><paramref name="f"/> is null.</exception>
    /// <exception cref="ArgumentException"><paramref name="direction"/> does not have the length of <paramref name="x"/>.</exception>
    /// <exception cref="ArgumentOutOfRangeException">Unknown scheme, or a step that is not positive and finite.</exception>
    public static double DirectionalDerivative(
        ScalarFunction f,
        ReadOnlySpan<double> x,
        ReadOnlySpan<double> direction,
        FiniteDifferenceScheme scheme = FiniteDifferenceScheme.Central,
        double? step = null)
    {
        ArgumentNullException.ThrowIfNull(f);
        return DirectionalCore(new DoubleFunction(f), x, direction, scheme, step, out _);
    }

    /// <summary>
    /// Approximates the directional derivative <c>∇f(x)·v</c> of a single-precision function; see
    /// <see cref="DirectionalDerivative(ScalarFunction, ReadOnlySpan{double}, ReadOnlySpan{double}, FiniteDifferenceScheme, double?)"/>.
    /// Steps are scaled by the machine epsilon of <see cref="float"/>.
    /// </summary>
    /// <param name="f">The function.</param>
    /// <param name="x">The point.</param>
    /// <param name="direction">The direction <c>v</c>.</param>
    /// <param name="scheme">The formula; central differences by default.</param>
    /// <param name="step">The largest displacement of any coordinate, or <see langword="null"/> for the default.</param>
    /// <returns>The approximate directional derivative.</returns>
    /// <exception cref="ArgumentNullException"><paramref name="f"/> is null.</exception>
    /// <exception cref="ArgumentException"><paramref name="direction"/> does not have the length of <paramref name="x"/>.</exception>
    /// <exception cref="ArgumentOutOfRangeException">Unknown scheme, or a step that is not positive and finite.</exception>
    public static float DirectionalDerivative(
        ScalarFunctionF f,
        ReadOnlySpan<float> x,
        ReadOnlySpan<float> direction,
        FiniteDifferenceScheme scheme = FiniteDifferenceScheme.Central,
        double? step = null)
    {
        ArgumentNullException.ThrowIfNull(f);
        return (float)DirectionalCore(new SingleFunction(f), x, direction, scheme, step, out _);
    }

    internal static double DirectionalCore<T, TFunction>(
        TFunction f,
        ReadOnlySpan<T> x,
        ReadOnlySpan<T> direction,
        FiniteDifferenceScheme scheme,
        double? step,
        out int evaluations)
        where T : unmanaged, IFloatingPointIeee754<T>
        where TFunction : IScalarFunction<T>
    {
        ValidateScheme(scheme);
        ValidateStep(step);
        if (direction.Length != x.Length)
        {
            throw new ArgumentException(
                $"The direction has {direction.Length} elements but x has {x.Length}; they must have the same length.",
                nameof(direction));
        }

        evaluations = 0;
        int n = x.Length;
        double directionNorm = MaxAbs(direction);
        if (directionNorm == 0.0)
        {
            return 0.0;
        }

        T[]? rented = null;
        Span<T> work = n <= StackallocLimit
            ? stackalloc T[3 * n]
            : (rented = ArrayPool<T>.Shared.Rent(3 * n)).AsSpan(0, 3 * n);
        try
        {
            x.CopyTo(work.Slice(n, n));
            direction.CopyTo(work.Slice(2 * n, n));
            double rawStep = RawStep<T>(scheme, MaxAbs(x), step) / directionNorm;
            var line = new DirectionLine<T, TFunction>(f, n);
            return Differentiate(ref line, work, scheme, T.Zero, rawStep, false, T.Zero, ref evaluations, out _);
        }
        finally
        {
            if (rented is not null)
            {
                ArrayPool<T>.Shared.Return(rented);
            }
        }
    }

    private static double MaxAbs<T>(ReadOnlySpan<T> values)
        where T : unmanaged, IFloatingPointIeee754<T>
    {
        double max = 0.0;
        foreach (T value in values)
        {
            max = Math.Max(max, double.CreateTruncating(T.Abs(value)));
        }

        return max;
    }
}
