using System;

namespace GradGen;

/// <summary>
/// Finite-difference derivatives, gradients, directional derivatives, Jacobians and Hessian-vector products: the
/// numerical reference that GradGen's generated derivatives are checked against (see <see cref="GradientCheck"/>).
/// </summary>
/// <remarks>
/// <para>
/// <b>Steps.</b> Unless a step is given, component <c>xᵢ</c> is perturbed by
/// <c>h = DefaultRelativeStep(scheme)·max(1, |xᵢ|)</c>: <c>√ε</c> for forward and backward differences,
/// <c>∛ε</c> for central differences and <c>ε^(1/5)</c> for the five-point stencil, where <c>ε</c> is the machine
/// epsilon of the precision (2⁻⁵² for <see cref="double"/>, 2⁻²³ for <see cref="float"/>). These balance the
/// truncation error of each formula against the round-off error <c>≈ ε·|f|/h</c> of the subtraction.
/// The step, default or explicit, is then made exactly representable, <c>h = (x + h) − x</c>
/// (<c>h = x − (x − h)</c> for backward differences), so that the divisor is the step actually taken;
/// if that rounds to zero (an explicit step below half an ulp of <c>x</c>) one ulp of <c>x</c> is used.
/// An explicit step is an absolute displacement of the coordinate and must be positive and finite.
/// </para>
/// <para>
/// <b>Allocation.</b> No method allocates on the managed heap. <see cref="Gradient(ScalarFunction, ReadOnlySpan{double}, Span{double}, FiniteDifferenceScheme, double?)"/>
/// perturbs a private copy of <c>x</c> (on the stack for up to 512 components, rented from
/// <see cref="System.Buffers.ArrayPool{T}.Shared"/> above), one component at a time, restoring it after each
/// component, so the caller's <c>x</c> is never written.
/// </para>
/// </remarks>
public static partial class FiniteDifferences
{
    /// <summary>Machine epsilon of <see cref="double"/>, 2⁻⁵² (not <see cref="double.Epsilon"/>, which is the smallest subnormal).</summary>
    public const double MachineEpsilon = 2.220446049250313e-16;

    /// <summary>Machine epsilon of <see cref="float"/>, 2⁻²³ (not <see cref="float.Epsilon"/>, which is the smallest subnormal).</summary>
    public const float MachineEpsilonF = 1.1920929e-7f;

    /// <summary>
    /// Relative initial step of <see cref="FiniteDifferenceScheme.Richardson"/>: Ridders' method starts at
    /// <c>0.1·max(1, |x|)</c> and shrinks the step by 1.4 per tableau row (at most 10 rows).
    /// </summary>
    public const double RichardsonInitialRelativeStep = 0.1;

    /// <summary>The largest number of components whose scratch copy goes on the stack; larger inputs rent from the array pool.</summary>
    internal const int StackallocLimit = 512;

    private static readonly double ForwardRelative = Math.Sqrt(MachineEpsilon);
    private static readonly double CentralRelative = Math.Cbrt(MachineEpsilon);
    private static readonly double FivePointRelative = Math.Pow(MachineEpsilon, 0.2);
    private static readonly float ForwardRelativeF = (float)Math.Sqrt(MachineEpsilonF);
    private static readonly float CentralRelativeF = (float)Math.Cbrt(MachineEpsilonF);
    private static readonly float FivePointRelativeF = (float)Math.Pow(MachineEpsilonF, 0.2);

    /// <summary>
    /// The default relative step of <paramref name="scheme"/> in double precision; the absolute step at
    /// <c>x</c> is this times <c>max(1, |x|)</c>.
    /// </summary>
    /// <param name="scheme">The finite-difference scheme.</param>
    /// <returns>
    /// <c>√ε ≈ 1.49e-8</c> (forward, backward), <c>∛ε ≈ 6.06e-6</c> (central), <c>ε^(1/5) ≈ 7.40e-4</c> (five-point),
    /// or <see cref="RichardsonInitialRelativeStep"/> (Richardson's initial step), with <c>ε = 2⁻⁵²</c>.
    /// </returns>
    /// <exception cref="ArgumentOutOfRangeException"><paramref name="scheme"/> is not a defined scheme.</exception>
    public static double DefaultRelativeStep(FiniteDifferenceScheme scheme) => scheme switch
    {
        FiniteDifferenceScheme.Forward or FiniteDifferenceScheme.Backward => ForwardRelative,
        FiniteDifferenceScheme.Central => CentralRelative,
        FiniteDifferenceScheme.FivePoint => FivePointRelative,
        FiniteDifferenceScheme.Richardson => RichardsonInitialRelativeStep,
        _ => throw UnknownScheme(scheme),
    };

    /// <summary>
    /// The default relative step of <paramref name="scheme"/> in single precision; the absolute step at
    /// <c>x</c> is this times <c>max(1, |x|)</c>.
    /// </summary>
    /// <param name="scheme">The finite-difference scheme.</param>
    /// <returns>
    /// <c>√ε ≈ 3.45e-4</c> (forward, backward), <c>∛ε ≈ 4.92e-3</c> (central), <c>ε^(1/5) ≈ 4.12e-2</c> (five-point),
    /// or <see cref="RichardsonInitialRelativeStep"/> (Richardson's initial step), with <c>ε = 2⁻²³</c>.
    /// </returns>
    /// <exception cref="ArgumentOutOfRangeException"><paramref name="scheme"/> is not a defined scheme.</exception>
    public static float DefaultRelativeStepF(FiniteDifferenceScheme scheme) => scheme switch
    {
        FiniteDifferenceScheme.Forward or FiniteDifferenceScheme.Backward => ForwardRelativeF,
        FiniteDifferenceScheme.Central => CentralRelativeF,
        FiniteDifferenceScheme.FivePoint => FivePointRelativeF,
        FiniteDifferenceScheme.Richardson => (float)RichardsonInitialRelativeStep,
        _ => throw UnknownScheme(scheme),
    };

    /// <summary>
    /// The step <paramref name="scheme"/> takes at <paramref name="x"/> when no step is given:
    /// <c>DefaultRelativeStep(scheme)·max(1, |x|)</c>, made exactly representable. For
    /// <see cref="FiniteDifferenceScheme.Richardson"/> it is the initial (largest) step.
    /// </summary>
    /// <param name="scheme">The finite-difference scheme.</param>
    /// <param name="x">The point.</param>
    /// <returns>The step actually used; <c>(x + h) − x == h</c> holds exactly (<c>x − (x − h) == h</c> for backward differences).</returns>
    public static double DefaultStep(FiniteDifferenceScheme scheme, double x) => EffectiveStep(scheme, x, null);

    /// <summary>
    /// The single-precision step <paramref name="scheme"/> takes at <paramref name="x"/> when no step is given:
    /// <c>DefaultRelativeStepF(scheme)·max(1, |x|)</c>, made exactly representable in <see cref="float"/>.
    /// </summary>
    /// <param name="scheme">The finite-difference scheme.</param>
    /// <param name="x">The point.</param>
    /// <returns>The step actually used.</returns>
    public static float DefaultStep(FiniteDifferenceScheme scheme, float x) => EffectiveStep(scheme, x, null);

    /// <summary>
    /// The step actually taken at <paramref name="x"/>: <paramref name="step"/> (or the default step when it is
    /// <see langword="null"/>), made exactly representable as <c>(x + h) − x</c> (<c>x − (x − h)</c> for
    /// backward differences), or one ulp of <c>x</c> if that rounds to zero.
    /// </summary>
    /// <param name="scheme">The finite-difference scheme.</param>
    /// <param name="x">The point.</param>
    /// <param name="step">An explicit positive, finite step, or <see langword="null"/> for the default.</param>
    /// <returns>The step used by <see cref="Derivative(Func{double, double}, double, FiniteDifferenceScheme, double?)"/>
    /// and, per component, by <see cref="Gradient(ScalarFunction, ReadOnlySpan{double}, Span{double}, FiniteDifferenceScheme, double?)"/>.</returns>
    /// <exception cref="ArgumentOutOfRangeException">Unknown scheme, or a step that is not positive and finite.</exception>
    public static double EffectiveStep(FiniteDifferenceScheme scheme, double x, double? step = null)
    {
        ValidateScheme(scheme);
        ValidateStep(step);
        return Representable(x, RawStep<double>(scheme, Math.Abs(x), step), scheme == FiniteDifferenceScheme.Backward);
    }

    /// <summary>
    /// The single-precision step actually taken at <paramref name="x"/>; see
    /// <see cref="EffectiveStep(FiniteDifferenceScheme, double, double?)"/>.
    /// </summary>
    /// <param name="scheme">The finite-difference scheme.</param>
    /// <param name="x">The point.</param>
    /// <param name="step">An explicit positive, finite step, or <see langword="null"/> for the default.</param>
    /// <returns>The step used in single precision.</returns>
    /// <exception cref="ArgumentOutOfRangeException">Unknown scheme, or a step that is not positive and finite.</exception>
    public static float EffectiveStep(FiniteDifferenceScheme scheme, float x, double? step = null)
    {
        ValidateScheme(scheme);
        ValidateStep(step);
        return Representable(x, (float)RawStep<float>(scheme, Math.Abs(x), step), scheme == FiniteDifferenceScheme.Backward);
    }

    /// <summary>
    /// The number of function evaluations <see cref="Gradient(ScalarFunction, ReadOnlySpan{double}, Span{double}, FiniteDifferenceScheme, double?)"/>
    /// performs for <paramref name="n"/> variables.
    /// </summary>
    /// <param name="scheme">The finite-difference scheme.</param>
    /// <param name="n">The number of variables.</param>
    /// <returns>
    /// <c>n + 1</c> for forward and backward differences (<c>f(x)</c> is shared), <c>2n</c> for central differences,
    /// <c>4n</c> for the five-point stencil, and the upper bound <c>20n</c> for Richardson (Ridders' tableau usually
    /// stops earlier; <c>Gradient</c> returns the actual count). Zero when <paramref name="n"/> is zero.
    /// </returns>
    /// <exception cref="ArgumentOutOfRangeException">Unknown scheme or negative <paramref name="n"/>.</exception>
    public static int EvaluationsForGradient(FiniteDifferenceScheme scheme, int n)
    {
        ValidateScheme(scheme);
        ArgumentOutOfRangeException.ThrowIfNegative(n);
        if (n == 0)
        {
            return 0;
        }

        return scheme switch
        {
            FiniteDifferenceScheme.Forward or FiniteDifferenceScheme.Backward => n + 1,
            FiniteDifferenceScheme.Central => 2 * n,
            FiniteDifferenceScheme.FivePoint => 4 * n,
            _ => 2 * RiddersRows * n,
        };
    }

    /// <summary>
    /// Approximates <c>f′(x)</c> by finite differences.
    /// </summary>
    /// <param name="f">The function.</param>
    /// <param name="x">The point.</param>
    /// <param name="scheme">The formula; central differences by default (about 10 correct digits, 2 evaluations).</param>
    /// <param name="step">An explicit positive step, or <see langword="null"/> for <see cref="DefaultStep(FiniteDifferenceScheme, double)"/>.
    /// For <see cref="FiniteDifferenceScheme.Richardson"/> it is the initial step.</param>
    /// <returns>The approximate derivative.</returns>
    /// <exception cref="ArgumentNullException"><paramref name="f"/> is null.</exception>
    /// <exception cref="ArgumentOutOfRangeException">Unknown scheme, or a step that is not positive and finite.</exception>
    public static double Derivative(
        Func<double, double> f,
        double x,
        FiniteDifferenceScheme scheme = FiniteDifferenceScheme.Central,
        double? step = null)
    {
        ArgumentNullException.ThrowIfNull(f);
        ValidateScheme(scheme);
        ValidateStep(step);
        var line = new PointLine<double>(f, x);
        int evaluations = 0;
        return Differentiate(ref line, Span<double>.Empty, scheme, x, RawStep<double>(scheme, Math.Abs(x), step), false, 0.0, ref evaluations, out _);
    }

    /// <summary>
    /// Approximates <c>f′(x)</c> by finite differences in single precision, with steps scaled by the
    /// machine epsilon of <see cref="float"/> (see <see cref="DefaultRelativeStepF"/>). The difference quotient
    /// is formed in double precision from the single-precision function values.
    /// </summary>
    /// <param name="f">The function.</param>
    /// <param name="x">The point.</param>
    /// <param name="scheme">The formula; central differences by default (about 5 correct digits in single precision).</param>
    /// <param name="step">An explicit positive step, or <see langword="null"/> for <see cref="DefaultStep(FiniteDifferenceScheme, float)"/>.</param>
    /// <returns>The approximate derivative.</returns>
    /// <exception cref="ArgumentNullException"><paramref name="f"/> is null.</exception>
    /// <exception cref="ArgumentOutOfRangeException">Unknown scheme, or a step that is not positive and finite.</exception>
    public static float Derivative(
        Func<float, float> f,
        float x,
        FiniteDifferenceScheme scheme = FiniteDifferenceScheme.Central,
        double? step = null)
    {
        ArgumentNullException.ThrowIfNull(f);
        ValidateScheme(scheme);
        ValidateStep(step);
        var line = new PointLine<float>(f, x);
        int evaluations = 0;
        return (float)Differentiate(ref line, Span<float>.Empty, scheme, x, RawStep<float>(scheme, Math.Abs(x), step), false, 0f, ref evaluations, out _);
    }

    /// <summary>
    /// Approximates <c>f′(x)</c> and estimates the error of the approximation.
    /// </summary>
    /// <param name="f">The function.</param>
    /// <param name="x">The point.</param>
    /// <param name="scheme">
    /// The formula; Ridders' extrapolation by default, whose error estimate comes from its tableau. For the other
    /// schemes the value is the same as <see cref="Derivative(Func{double, double}, double, FiniteDifferenceScheme, double?)"/>
    /// and the formula is evaluated again at half the step to estimate the truncation error, to which a round-off
    /// estimate is added (see <see cref="FiniteDifferenceResult.ErrorEstimate"/>); this doubles the evaluations
    /// (forward and backward differences share <c>f(x)</c>: 3 evaluations).
    /// </param>
    /// <param name="step">An explicit positive step (the initial step for Richardson), or <see langword="null"/> for the default.</param>
    /// <returns>The derivative, the error estimate and the number of evaluations.</returns>
    /// <exception cref="ArgumentNullException"><paramref name="f"/> is null.</exception>
    /// <exception cref="ArgumentOutOfRangeException">Unknown scheme, or a step that is not positive and finite.</exception>
    public static FiniteDifferenceResult DerivativeWithError(
        Func<double, double> f,
        double x,
        FiniteDifferenceScheme scheme = FiniteDifferenceScheme.Richardson,
        double? step = null)
    {
        ArgumentNullException.ThrowIfNull(f);
        ValidateScheme(scheme);
        ValidateStep(step);
        var line = new PointLine<double>(f, x);
        int evaluations = 0;
        double raw = RawStep<double>(scheme, Math.Abs(x), step);
        if (scheme == FiniteDifferenceScheme.Richardson)
        {
            double value = Ridders(ref line, Span<double>.Empty, x, raw, ref evaluations, out double error);
            return new FiniteDifferenceResult(value, error, evaluations);
        }

        bool backward = scheme == FiniteDifferenceScheme.Backward;
        bool shareValue = scheme is FiniteDifferenceScheme.Forward or FiniteDifferenceScheme.Backward;
        double f0 = 0.0;
        if (shareValue)
        {
            f0 = f(x);
            evaluations++;
        }

        double full = Stencil(ref line, Span<double>.Empty, scheme, Representable(x, raw, backward), shareValue, f0, ref evaluations, out double roundOff);
        double half = Stencil(ref line, Span<double>.Empty, scheme, Representable(x, raw / 2, backward), shareValue, f0, ref evaluations, out _);
        double amplification = scheme switch
        {
            FiniteDifferenceScheme.Central => 4.0 / 3.0,
            FiniteDifferenceScheme.FivePoint => 16.0 / 15.0,
            _ => 2.0,
        };
        return new FiniteDifferenceResult(full, (Math.Abs(full - half) * amplification) + roundOff, evaluations);
    }

    private static void ValidateScheme(FiniteDifferenceScheme scheme)
    {
        if (scheme is < FiniteDifferenceScheme.Forward or > FiniteDifferenceScheme.Richardson)
        {
            throw UnknownScheme(scheme);
        }
    }

    private static ArgumentOutOfRangeException UnknownScheme(FiniteDifferenceScheme scheme) =>
        new(nameof(scheme), scheme, "Unknown finite-difference scheme.");

    private static void ValidateStep(double? step)
    {
        if (step is double h && !(h > 0 && double.IsFinite(h)))
        {
            throw new ArgumentOutOfRangeException(nameof(step), h, "The step must be positive and finite.");
        }
    }
}
