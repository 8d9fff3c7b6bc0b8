using System;
using System.Buffers;

namespace GradGen;

/// <summary>Finite-difference Jacobians of vector functions and Hessian-vector products from gradients.</summary>
public static partial class FiniteDifferences
{
    /// <summary>
    /// Approximates the Jacobian of <paramref name="f"/> at <paramref name="x"/> by finite differences, one column
    /// (one input) at a time: every output is differentiated from the same evaluations.
    /// </summary>
    /// <param name="f">The vector function; called with a zero-filled result span of <c>m</c> elements.</param>
    /// <param name="x">The point, <c>n</c> elements; it is copied, never written.</param>
    /// <param name="jacobian">
    /// Receives the <c>m × n</c> Jacobian row-major, element <c>i·n + j</c> being <c>∂rᵢ/∂xⱼ</c>. Its length fixes
    /// the number of outputs <c>m</c>: it must be a positive multiple of <c>n</c> (empty when <c>n</c> is zero).
    /// </param>
    /// <param name="scheme">
    /// The formula; central differences by default. Column <c>j</c> uses the step <see cref="Gradient(ScalarFunction, ReadOnlySpan{double}, Span{double}, FiniteDifferenceScheme, double?)"/>
    /// uses for <c>xⱼ</c>, so each output's row is exactly what <c>Gradient</c> computes for that output alone
    /// (with Richardson, each output keeps its own tableau and stops on its own).
    /// </param>
    /// <param name="step">An explicit positive step for every input (the initial step for Richardson), or <see langword="null"/> for the default.</param>
    /// <returns>
    /// The number of evaluations of <paramref name="f"/>: <c>n + 1</c> (forward, backward), <c>2n</c> (central),
    /// <c>4n</c> (five-point), or the actual count for Richardson (at most <c>20n</c>); see <see cref="EvaluationsForGradient"/>.
    /// </returns>
    /// <remarks>
    /// Allocation-free: the perturbed copy of <paramref name="x"/> and the scratch outputs (<c>n + 4m</c> values, and
    /// <c>n + 26m</c> for Richardson) live on the stack up to 1,536 values and in a pooled array above that.
    /// </remarks>
    /// <exception cref="ArgumentNullException"><paramref name="f"/> is null.</exception>
    /// <exception cref="ArgumentException">The length of <paramref name="jacobian"/> is not a positive multiple of the length of <paramref name="x"/>.</exception>
    /// <exception cref="ArgumentOutOfRangeException">Unknown scheme, or a step that is not positive and finite.</exception>
    public static int Jacobian(
        VectorFunction f,
        ReadOnlySpan<double> x,
        Span<double> jacobian,
        FiniteDifferenceScheme scheme = FiniteDifferenceScheme.Central,
        double? step = null)
    {
        ArgumentNullException.ThrowIfNull(f);
        ValidateScheme(scheme);
        ValidateStep(step);
        int n = x.Length;
        bool fits = n == 0 ? jacobian.IsEmpty : jacobian.Length > 0 && jacobian.Length % n == 0;
        if (!fits)
        {
            throw new ArgumentException(
                $"The Jacobian has {jacobian.Length} elements but x has {n}; it must hold m × {n} elements for m ≥ 1 outputs.",
                nameof(jacobian));
        }

        if (n == 0)
        {
            return 0;
        }

        int m = jacobian.Length / n;
        int length = n + VectorScratchLength(scheme, m);
        double[]? rented = null;
        Span<double> work = length <= 3 * StackallocLimit
            ? stackalloc double[length]
            : (rented = ArrayPool<double>.Shared.Rent(length)).AsSpan(0, length);
        try
        {
            return JacobianColumns(f, x, jacobian, scheme, step, work.Slice(0, n), work.Slice(n), m);
        }
        finally
        {
            if (rented is not null)
            {
                ArrayPool<double>.Shared.Return(rented);
            }
        }
    }

    /// <summary>
    /// Approximates the Hessian-vector product <c>H(x)·v</c> by a finite difference of the gradient along
    /// <c>v</c>: with central differences <c>(∇f(x + t·v) − ∇f(x − t·v)) / 2t</c>, 2 evaluations of the gradient.
    /// </summary>
    /// <param name="gradient">The gradient of <c>f</c>; called with a zero-filled span.</param>
    /// <param name="x">The point.</param>
    /// <param name="direction">The direction <c>v</c>; it need not be a unit vector (the result scales with it).</param>
    /// <param name="result">Receives <c>H(x)·v</c>; it must have the length of <paramref name="x"/>.</param>
    /// <param name="scheme">The formula; central differences by default.</param>
    /// <param name="step">
    /// The largest displacement of any coordinate, or <see langword="null"/> for
    /// <c>DefaultRelativeStep(scheme)·max(1, ‖x‖∞)</c>; the step in <c>t</c> is this divided by <c>‖v‖∞</c>, as in
    /// <see cref="DirectionalDerivative(ScalarFunction, ReadOnlySpan{double}, ReadOnlySpan{double}, FiniteDifferenceScheme, double?)"/>,
    /// so component <c>i</c> of the result is exactly the directional derivative of <c>∂f/∂xᵢ</c> along <c>v</c>.
    /// </param>
    /// <returns>
    /// The number of evaluations of <paramref name="gradient"/>: 2 (forward, backward: <c>∇f(x)</c> and one more),
    /// 2 (central), 4 (five-point), or the actual count for Richardson (at most 20); zero, with a zero result, when
    /// <c>v = 0</c>.
    /// </returns>
    /// <remarks>Allocation-free: scratch of <c>7n</c> values (<c>29n</c> for Richardson) lives on the stack up to 1,536 values and in a pooled array above that.</remarks>
    /// <exception cref="ArgumentNullException"><paramref name="gradient"/> is null.</exception>
    /// <exception cref="ArgumentException"><paramref name="direction"/> or <paramref name="result"/> does not have the length of <paramref name="x"/>.</exception>
    /// <exception cref="ArgumentOutOfRangeException">Unknown scheme, or a step that is not positive and finite.</exception>
    public static int HessianVectorProduct(
        GradientFunction gradient,
        ReadOnlySpan<double> x,
        ReadOnlySpan<double> direction,
        Span<double> result,
        FiniteDifferenceScheme scheme = FiniteDifferenceScheme.Central,
        double? step = null)
    {
        ArgumentNullException.ThrowIfNull(gradient);
        ValidateScheme(scheme);
        ValidateStep(step);
        RequireLength(direction.Length, x.Length, nameof(direction));
        RequireLength(result.Length, x.Length, nameof(result));
        int n = x.Length;
        double directionNorm = MaxAbs(direction);
        if (n == 0 || directionNorm == 0.0)
        {
            result.Clear();
            return 0;
        }

        int length = (3 * n) + VectorScratchLength(scheme, n);
        double[]? rented = null;
        Span<double> work = length <= 3 * StackallocLimit
            ? stackalloc double[length]
            : (rented = ArrayPool<double>.Shared.Rent(length)).AsSpan(0, length);
        try
        {
            Span<double> line = work.Slice(0, 3 * n);
            Span<double> scratch = work.Slice(3 * n);
            x.CopyTo(line.Slice(n, n));
            direction.CopyTo(line.Slice(2 * n, n));
            var along = new GradientDirectionLine(gradient, n);
            int evaluations = 0;
            if (scheme is FiniteDifferenceScheme.Forward or FiniteDifferenceScheme.Backward)
            {
                EvaluateVector(ref along, line, 0.0, scratch.Slice(n, n), ref evaluations);
            }

            double rawStep = RawStep<double>(scheme, MaxAbs(x), step) / directionNorm;
            DifferentiateVector(ref along, line, scheme, 0.0, rawStep, scratch, n, ref evaluations);
            scratch.Slice(0, n).CopyTo(result);
            return evaluations;
        }
        finally
        {
            if (rented is not null)
            {
                ArrayPool<double>.Shared.Return(rented);
            }
        }
    }

    /// <summary>The columns of the Jacobian; <paramref name="point"/> and <paramref name="scratch"/> are caller-owned.</summary>
    private static int JacobianColumns(
        VectorFunction f,
        ReadOnlySpan<double> x,
        Span<double> jacobian,
        FiniteDifferenceScheme scheme,
        double? step,
        Span<double> point,
        Span<double> scratch,
        int m)
    {
        int n = x.Length;
        x.CopyTo(point);
        int evaluations = 0;
        if (scheme is FiniteDifferenceScheme.Forward or FiniteDifferenceScheme.Backward)
        {
            Span<double> center = scratch.Slice(m, m);
            center.Clear();
            f(point, center);
            evaluations++;
        }

        for (int j = 0; j < n; j++)
        {
            double origin = point[j];
            var line = new VectorComponentLine(f, j, origin);
            DifferentiateVector(ref line, point, scheme, origin, RawStep<double>(scheme, Math.Abs(origin), step), scratch, m, ref evaluations);
            for (int i = 0; i < m; i++)
            {
                jacobian[(i * n) + j] = scratch[i];
            }
        }

        return evaluations;
    }

    private static void RequireLength(int length, int expected, string name)
    {
        if (length != expected)
        {
            throw new ArgumentException(
                $"{name} has {length} elements but x has {expected}; they must have the same length.",
                name);
        }
    }
}
