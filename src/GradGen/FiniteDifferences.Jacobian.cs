using System;
using System.Buffers;
using System.Numerics;

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
    /// Allocation-free: the perturbed copy of <paramref name="x"/> and the evaluated outputs (<c>n + 5m</c> values)
    /// and the derivatives (<c>m</c>, or <c>23m</c> for Richardson's tableaux) live on the stack up to 1,536 values
    /// each and in pooled arrays above that.
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
        return JacobianCore(new DoubleVector(f), x, jacobian, scheme, step);
    }

    /// <summary>
    /// Approximates the Jacobian of a single-precision vector function by finite differences, with steps scaled by
    /// the machine epsilon of <see cref="float"/>; see <see cref="Jacobian(VectorFunction, ReadOnlySpan{double}, Span{double}, FiniteDifferenceScheme, double?)"/>.
    /// The difference quotients are formed in double precision from the single-precision values.
    /// </summary>
    /// <param name="f">The vector function; called with a zero-filled result span of <c>m</c> elements.</param>
    /// <param name="x">The point, <c>n</c> elements.</param>
    /// <param name="jacobian">Receives the <c>m × n</c> Jacobian row-major; its length must be a positive multiple of <c>n</c>.</param>
    /// <param name="scheme">The formula; central differences by default.</param>
    /// <param name="step">An explicit positive step for every input, or <see langword="null"/> for the default.</param>
    /// <returns>The number of evaluations of <paramref name="f"/>.</returns>
    /// <exception cref="ArgumentNullException"><paramref name="f"/> is null.</exception>
    /// <exception cref="ArgumentException">The length of <paramref name="jacobian"/> is not a positive multiple of the length of <paramref name="x"/>.</exception>
    /// <exception cref="ArgumentOutOfRangeException">Unknown scheme, or a step that is not positive and finite.</exception>
    public static int Jacobian(
        VectorFunctionF f,
        ReadOnlySpan<float> x,
        Span<float> jacobian,
        FiniteDifferenceScheme scheme = FiniteDifferenceScheme.Central,
        double? step = null)
    {
        ArgumentNullException.ThrowIfNull(f);
        return JacobianCore(new SingleVector(f), x, jacobian, scheme, step);
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
    /// <remarks>Allocation-free: the points and evaluated gradients (<c>8n</c> values) and the derivatives (<c>n</c>, or
    /// <c>23n</c> for Richardson's tableaux) live on the stack up to 1,536 values each and in pooled arrays above that.</remarks>
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
        return HessianVectorProductCore(new DoubleGradient(gradient), x, direction, result, scheme, step);
    }

    /// <summary>
    /// Approximates the Hessian-vector product of a single-precision function from its gradient, with steps scaled by
    /// the machine epsilon of <see cref="float"/>; see
    /// <see cref="HessianVectorProduct(GradientFunction, ReadOnlySpan{double}, ReadOnlySpan{double}, Span{double}, FiniteDifferenceScheme, double?)"/>.
    /// </summary>
    /// <param name="gradient">The gradient of <c>f</c>; called with a zero-filled span.</param>
    /// <param name="x">The point.</param>
    /// <param name="direction">The direction <c>v</c>.</param>
    /// <param name="result">Receives <c>H(x)·v</c>; it must have the length of <paramref name="x"/>.</param>
    /// <param name="scheme">The formula; central differences by default.</param>
    /// <param name="step">The largest displacement of any coordinate, or <see langword="null"/> for the default.</param>
    /// <returns>The number of evaluations of <paramref name="gradient"/>.</returns>
    /// <exception cref="ArgumentNullException"><paramref name="gradient"/> is null.</exception>
    /// <exception cref="ArgumentException"><paramref name="direction"/> or <paramref name="result"/> does not have the length of <paramref name="x"/>.</exception>
    /// <exception cref="ArgumentOutOfRangeException">Unknown scheme, or a step that is not positive and finite.</exception>
    public static int HessianVectorProduct(
        GradientFunctionF gradient,
        ReadOnlySpan<float> x,
        ReadOnlySpan<float> direction,
        Span<float> result,
        FiniteDifferenceScheme scheme = FiniteDifferenceScheme.Central,
        double? step = null)
    {
        ArgumentNullException.ThrowIfNull(gradient);
        return HessianVectorProductCore(new SingleGradient(gradient), x, direction, result, scheme, step);
    }

    internal static int JacobianCore<T, TVector>(
        TVector f,
        ReadOnlySpan<T> x,
        Span<T> jacobian,
        FiniteDifferenceScheme scheme,
        double? step)
        where T : unmanaged, IFloatingPointIeee754<T>
        where TVector : IVectorFunction<T>
    {
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
        int valueLength = n + VectorValueScratchLength(m);
        int derivativeLength = VectorDerivativeScratchLength(scheme, m);
        T[]? rentedValues = null;
        double[]? rentedDerivatives = null;
        Span<T> values = valueLength <= 3 * StackallocLimit
            ? stackalloc T[valueLength]
            : (rentedValues = ArrayPool<T>.Shared.Rent(valueLength)).AsSpan(0, valueLength);
        Span<double> derivatives = derivativeLength <= 3 * StackallocLimit
            ? stackalloc double[derivativeLength]
            : (rentedDerivatives = ArrayPool<double>.Shared.Rent(derivativeLength)).AsSpan(0, derivativeLength);
        try
        {
            return JacobianColumns(f, x, jacobian, scheme, step, values.Slice(0, n), values.Slice(n), derivatives, m);
        }
        finally
        {
            Return(rentedValues, rentedDerivatives);
        }
    }

    internal static int HessianVectorProductCore<T, TGradient>(
        TGradient gradient,
        ReadOnlySpan<T> x,
        ReadOnlySpan<T> direction,
        Span<T> result,
        FiniteDifferenceScheme scheme,
        double? step)
        where T : unmanaged, IFloatingPointIeee754<T>
        where TGradient : IGradientFunction<T>
    {
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

        int valueLength = (3 * n) + VectorValueScratchLength(n);
        int derivativeLength = VectorDerivativeScratchLength(scheme, n);
        T[]? rentedValues = null;
        double[]? rentedDerivatives = null;
        Span<T> values = valueLength <= 3 * StackallocLimit
            ? stackalloc T[valueLength]
            : (rentedValues = ArrayPool<T>.Shared.Rent(valueLength)).AsSpan(0, valueLength);
        Span<double> derivatives = derivativeLength <= 3 * StackallocLimit
            ? stackalloc double[derivativeLength]
            : (rentedDerivatives = ArrayPool<double>.Shared.Rent(derivativeLength)).AsSpan(0, derivativeLength);
        try
        {
            Span<T> line = values.Slice(0, 3 * n);
            Span<T> scratch = values.Slice(3 * n);
            x.CopyTo(line.Slice(n, n));
            direction.CopyTo(line.Slice(2 * n, n));
            var along = new GradientDirectionLine<T, TGradient>(gradient, n);
            int evaluations = 0;
            if (scheme is FiniteDifferenceScheme.Forward or FiniteDifferenceScheme.Backward)
            {
                EvaluateVector(ref along, line, T.Zero, scratch.Slice(0, n), ref evaluations);
            }

            double rawStep = RawStep<T>(scheme, MaxAbs(x), step) / directionNorm;
            DifferentiateVector(ref along, line, scheme, T.Zero, rawStep, scratch, derivatives, n, ref evaluations);
            for (int i = 0; i < n; i++)
            {
                result[i] = T.CreateTruncating(derivatives[i]);
            }

            return evaluations;
        }
        finally
        {
            Return(rentedValues, rentedDerivatives);
        }
    }

    /// <summary>The columns of the Jacobian; <paramref name="point"/> and the scratch are caller-owned.</summary>
    private static int JacobianColumns<T, TVector>(
        TVector f,
        ReadOnlySpan<T> x,
        Span<T> jacobian,
        FiniteDifferenceScheme scheme,
        double? step,
        Span<T> point,
        Span<T> values,
        Span<double> derivatives,
        int m)
        where T : unmanaged, IFloatingPointIeee754<T>
        where TVector : IVectorFunction<T>
    {
        int n = x.Length;
        x.CopyTo(point);
        int evaluations = 0;
        if (scheme is FiniteDifferenceScheme.Forward or FiniteDifferenceScheme.Backward)
        {
            Span<T> center = values.Slice(0, m);
            center.Clear();
            f.Invoke(point, center);
            evaluations++;
        }

        for (int j = 0; j < n; j++)
        {
            T origin = point[j];
            var line = new VectorComponentLine<T, TVector>(f, j, origin);
            double rawStep = RawStep<T>(scheme, double.CreateTruncating(T.Abs(origin)), step);
            DifferentiateVector(ref line, point, scheme, origin, rawStep, values, derivatives, m, ref evaluations);
            for (int i = 0; i < m; i++)
            {
                jacobian[(i * n) + j] = T.CreateTruncating(derivatives[i]);
            }
        }

        return evaluations;
    }

    private static void Return<T>(T[]? values, double[]? derivatives)
    {
        if (values is not null)
        {
            ArrayPool<T>.Shared.Return(values);
        }

        if (derivatives is not null)
        {
            ArrayPool<double>.Shared.Return(derivatives);
        }
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
