using System;
using System.Buffers;
using System.Numerics;

namespace GradGen;

/// <summary>Finite-difference gradients of functions of several variables.</summary>
public static partial class FiniteDifferences
{
    /// <summary>
    /// Approximates the gradient of <paramref name="f"/> at <paramref name="x"/> by finite differences, one
    /// component at a time.
    /// </summary>
    /// <param name="f">The function.</param>
    /// <param name="x">The point; it is copied, never written.</param>
    /// <param name="gradient">Receives <c>∂f/∂xᵢ</c>; must have the length of <paramref name="x"/> (it may alias it).</param>
    /// <param name="scheme">The formula; central differences by default (about 10 correct digits, 2N evaluations).</param>
    /// <param name="step">
    /// An explicit positive step applied to every component (the initial step for Richardson), or
    /// <see langword="null"/> for <c>DefaultRelativeStep(scheme)·max(1, |xᵢ|)</c> per component.
    /// </param>
    /// <returns>
    /// The number of evaluations of <paramref name="f"/>: <c>N + 1</c> (forward, backward), <c>2N</c> (central),
    /// <c>4N</c> (five-point), or the actual count for Richardson; see <see cref="EvaluationsForGradient"/>.
    /// </returns>
    /// <remarks>Allocation-free for every scheme: the perturbed copy of <paramref name="x"/> lives on the stack up to
    /// 512 components and in a pooled array above that.</remarks>
    /// <exception cref="ArgumentNullException"><paramref name="f"/> is null.</exception>
    /// <exception cref="ArgumentException"><paramref name="gradient"/> does not have the length of <paramref name="x"/>.</exception>
    /// <exception cref="ArgumentOutOfRangeException">Unknown scheme, or a step that is not positive and finite.</exception>
    public static int Gradient(
        ScalarFunction f,
        ReadOnlySpan<double> x,
        Span<double> gradient,
        FiniteDifferenceScheme scheme = FiniteDifferenceScheme.Central,
        double? step = null)
    {
        ArgumentNullException.ThrowIfNull(f);
        return GradientCore(new DoubleFunction(f), x, gradient, scheme, step);
    }

    /// <summary>
    /// Approximates the gradient of a single-precision function by finite differences, with steps scaled by the
    /// machine epsilon of <see cref="float"/> (see <see cref="DefaultRelativeStepF"/>).
    /// </summary>
    /// <param name="f">The function.</param>
    /// <param name="x">The point; it is copied, never written.</param>
    /// <param name="gradient">Receives <c>∂f/∂xᵢ</c>; must have the length of <paramref name="x"/>.</param>
    /// <param name="scheme">The formula; central differences by default.</param>
    /// <param name="step">An explicit positive step for every component, or <see langword="null"/> for the default.</param>
    /// <returns>The number of evaluations of <paramref name="f"/>.</returns>
    /// <exception cref="ArgumentNullException"><paramref name="f"/> is null.</exception>
    /// <exception cref="ArgumentException"><paramref name="gradient"/> does not have the length of <paramref name="x"/>.</exception>
    /// <exception cref="ArgumentOutOfRangeException">Unknown scheme, or a step that is not positive and finite.</exception>
    public static int Gradient(
        ScalarFunctionF f,
        ReadOnlySpan<float> x,
        Span<float> gradient,
        FiniteDifferenceScheme scheme = FiniteDifferenceScheme.Central,
        double? step = null)
    {
        ArgumentNullException.ThrowIfNull(f);
        return GradientCore(new SingleFunction(f), x, gradient, scheme, step);
    }

    internal static int GradientCore<T, TFunction>(
        TFunction f,
        ReadOnlySpan<T> x,
        Span<T> gradient,
        FiniteDifferenceScheme scheme,
        double? step)
        where T : unmanaged, IFloatingPointIeee754<T>
        where TFunction : IScalarFunction<T>
    {
        ValidateScheme(scheme);
        ValidateStep(step);
        if (gradient.Length != x.Length)
        {
            throw new ArgumentException(
                $"The gradient has {gradient.Length} elements but x has {x.Length}; they must have the same length.",
                nameof(gradient));
        }

        int n = x.Length;
        if (n == 0)
        {
            return 0;
        }

        T[]? rented = null;
        Span<T> work = n <= StackallocLimit
            ? stackalloc T[n]
            : (rented = ArrayPool<T>.Shared.Rent(n)).AsSpan(0, n);
        try
        {
            x.CopyTo(work);
            int evaluations = 0;
            bool shareValue = scheme is FiniteDifferenceScheme.Forward or FiniteDifferenceScheme.Backward;
            T value = T.Zero;
            if (shareValue)
            {
                value = f.Invoke(work);
                evaluations++;
            }

            for (int i = 0; i < n; i++)
            {
                T origin = work[i];
                var line = new ComponentLine<T, TFunction>(f, i, origin);
                double rawStep = RawStep<T>(scheme, double.CreateTruncating(T.Abs(origin)), step);
                double derivative = Differentiate(ref line, work, scheme, origin, rawStep, shareValue, value, ref evaluations, out _);
                gradient[i] = T.CreateTruncating(derivative);
            }

            return evaluations;
        }
        finally
        {
            if (rented is not null)
            {
                ArrayPool<T>.Shared.Return(rented);
            }
        }
    }
}
