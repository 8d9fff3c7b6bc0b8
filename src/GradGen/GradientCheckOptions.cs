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
/// <b>Double precision: atol = 1e-6, rtol = 1e-5.</b> With the default central step <c>h = ∛ε·max(1, |xᵢ|)</c>
/// the finite difference is accurate to about <c>ε·|f|/h + h²·|f‴|/6 ≈ 4e-11·(|f| + |f‴|)</c>, about 10 digits.
/// Measured with these defaults: on Rosenbrock in 2 variables the worst row uses 6e-6 of its allowance; in 64
/// variables at random points in [-2, 2] (|f| ≈ 3e4) the largest error is 8e-7 absolute, 4e-8 relative, and the
/// worst row uses 4e-3 of its allowance. False failures thus need errors hundreds of times larger than measured,
/// while a component wrong by more than about 0.001 % fails (PyTorch's <c>gradcheck</c>, atol 1e-5 and rtol 1e-3 with
/// a fixed step 1e-6 good for about 7 digits, lets errors up to 0.1 % through). Round-off grows with <c>|f|</c>: for
/// functions whose values are far larger than their derivatives raise <c>atol</c> to about <c>1e-10·|f(x)|</c>.
/// </para>
/// <para>
/// <b>Single precision: atol = 1e-3, rtol = 1e-2.</b> With <c>ε = 2⁻²³</c> the default central step is
/// <c>4.9e-3·max(1, |xᵢ|)</c>, round-off alone is about <c>2.4e-5·|f|</c>, and the analytic gradient computed in
/// float carries rounding of its own. Measured on Rosenbrock in 2 variables (|f| up to 100) the largest error is
/// 9e-5 relative and the worst row uses 2e-2 of its allowance; a float check is therefore about a thousand times
/// coarser than a double one, of the order of JAX's <c>check_grads</c> float tolerance (2e-3), and still catches a
/// component wrong by a few percent. For large sums in float (Rosenbrock in 64 variables, |f| ≈ 3e4) round-off
/// reaches about 0.7 absolute and no useful tolerance separates right from wrong: check such gradients in double
/// precision, or raise <c>atol</c> to about <c>1e-4·|f(x)|</c>.
/// </para>
/// <para>
/// <b>Jacobians, Hessian-vector products and pushforwards</b> use the same defaults. A Jacobian entry is an ordinary
/// first derivative of one output, with round-off scaling with <c>|rᵢ|</c>: on a 3 × 3 and a 4 × 2 residual model at
/// 1,000 random points each the worst entry uses 2e-4 of its allowance. A component of <c>H·v</c> is the directional
/// difference of a gradient component, with round-off <c>≈ ε·|∇f|/h</c>: on Rosenbrock in 2 variables (1,000 random
/// points in [-2, 2], 3 directions each, <c>|H·v|</c> up to 5e3) the largest error is 1.3e-7 absolute and the worst
/// row uses 4e-3 of its allowance, in 64 variables (200 points) 6e-3, so a false failure needs an error about 170
/// times the largest measured; with forward differences 6 of 100 points in 64 variables fail, so second derivatives
/// need central or five-point differences. For gradients far larger than the Hessian raise <c>atol</c> to about
/// <c>1e-10·|∇f(x)|</c>. In float, differences of gradients lose more: the float defaults fail falsely at 3 of 1,000
/// points on Rosenbrock in 2 variables and 19 of 200 in 64 (<c>|∇f|</c> up to 6e3), and none fail with
/// <c>atol = 1e-3·‖∇f(x)‖∞</c>; a float Jacobian of the 3 × 3 model passes at all 1,000 points, the worst entry using a
/// third of its allowance. A pushforward checked against a gradient compares two exact derivatives: on Rosenbrock in 64
/// variables the largest difference is 3e-12 (4e-9 of the allowance; in float 1.4e-3 of the float allowance), so tighter tolerances such as
/// <c>atol = rtol = 1e-10</c> are safe there; checked against finite differences it has the dot-product test's
/// reference and its limits, float ones included.
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
    /// (<see langword="true"/> by default); likewise every value a pushforward or Hessian-vector product returns and
    /// every output a Jacobian function writes must equal its reference. It is always reported.
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
