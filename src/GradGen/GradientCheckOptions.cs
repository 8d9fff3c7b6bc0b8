namespace GradGen;

/// <summary>
/// How <see cref="GradientCheck"/> computes the numerical reference and how close the analytic gradient must be.
/// </summary>
/// <remarks>
/// <para>
/// A component passes when <c>|analytic − numeric| ≤ atol + rtol·|numeric|</c> (the rule of PyTorch's
/// <c>gradcheck</c> and NumPy's <c>isclose</c>). Tolerances left <see langword="null"/> take the default of the
/// precision being checked.
/// </para>
/// <para>
/// <b>Double precision: atol = 1e-6, rtol = 1e-5.</b> With the default central step <c>∛ε·max(1, |x|)</c> the
/// finite difference is accurate to about <c>4e-11·(|f| + |f‴|)</c> (round-off <c>ε·|f|/h</c> plus truncation
/// <c>h²·|f‴|/6</c>); on the test functions of the runtime's test suite (Rosenbrock in 2 and 64 variables,
/// products of sines and exponentials, a log-sum-exp) the largest error measured is about 1e-8 absolute and
/// 1e-9 relative, so the defaults leave a margin of 100 to 1000 against false failures while catching any
/// component wrong by more than 0.001 % (PyTorch's atol 1e-5, rtol 1e-3 misses errors up to 0.1 %, because its
/// fixed step 1e-6 gives it only about 7 digits). Raise <c>atol</c> for functions whose values are much larger
/// than their derivatives (round-off grows with <c>|f|</c>): about <c>1e-9·|f|</c> is safe.
/// </para>
/// <para>
/// <b>Single precision: atol = 1e-3, rtol = 1e-2.</b> With <c>ε = 2⁻²³</c> the default central step is
/// <c>4.9e-3·max(1, |x|)</c> and round-off alone is about <c>2.4e-5·|f|</c>; the analytic gradient computed in
/// float carries its own rounding of the same relative size. On the test functions the largest error measured
/// is about 1e-4 absolute and 1e-3 relative, so float defaults must be about a thousand times looser than
/// double ones; they are of the order of JAX's <c>check_grads</c> float tolerance (2e-3) and still catch an
/// error of a few percent. Check in double precision when you can.
/// </para>
/// </remarks>
public sealed record GradientCheckOptions
{
    /// <summary>Default absolute tolerance when checking double-precision gradients.</summary>
    public const double DefaultAbsoluteTolerance = 1e-6;

    /// <summary>Default relative tolerance when checking double-precision gradients.</summary>
    public const double DefaultRelativeTolerance = 1e-5;

    /// <summary>Default absolute tolerance when checking single-precision gradients.</summary>
    public const double DefaultAbsoluteToleranceF = 1e-3;

    /// <summary>Default relative tolerance when checking single-precision gradients.</summary>
    public const double DefaultRelativeToleranceF = 1e-2;

    /// <summary>The finite-difference formula of the numerical reference; central differences by default.</summary>
    public FiniteDifferenceScheme Scheme { get; init; } = FiniteDifferenceScheme.Central;

    /// <summary>An explicit finite-difference step, or <see langword="null"/> (the default) for the scheme's default step.</summary>
    public double? Step { get; init; }

    /// <summary>The absolute tolerance <c>atol</c>, or <see langword="null"/> for the default of the precision checked.</summary>
    public double? AbsoluteTolerance { get; init; }

    /// <summary>The relative tolerance <c>rtol</c>, or <see langword="null"/> for the default of the precision checked.</summary>
    public double? RelativeTolerance { get; init; }

    /// <summary>
    /// Whether the value returned by the gradient function must equal <c>f(x)</c> within the same tolerance
    /// (<see langword="true"/> by default). It is always reported.
    /// </summary>
    public bool CheckValue { get; init; } = true;

    /// <summary>These options with the tolerances filled in for the precision checked.</summary>
    internal GradientCheckOptions Resolve(bool singlePrecision)
    {
        double atol = AbsoluteTolerance ?? (singlePrecision ? DefaultAbsoluteToleranceF : DefaultAbsoluteTolerance);
        double rtol = RelativeTolerance ?? (singlePrecision ? DefaultRelativeToleranceF : DefaultRelativeTolerance);
        if (!(atol >= 0 && double.IsFinite(atol)))
        {
            throw new System.ArgumentOutOfRangeException(nameof(AbsoluteTolerance), atol, "The absolute tolerance must be non-negative and finite.");
        }

        if (!(rtol >= 0 && double.IsFinite(rtol)))
        {
            throw new System.ArgumentOutOfRangeException(nameof(RelativeTolerance), rtol, "The relative tolerance must be non-negative and finite.");
        }

        return this with { AbsoluteTolerance = atol, RelativeTolerance = rtol };
    }
}
