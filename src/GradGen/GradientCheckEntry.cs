namespace GradGen;

/// <summary>
/// One row of a <see cref="GradientCheckReport"/>: one derivative compared with its reference. What a row is depends
/// on the check (<see cref="GradientCheckReport.Method"/>): a gradient component (<c>Compare</c>), a random direction
/// (<c>DotProductTest</c>, <c>PushforwardTest</c>), a Jacobian entry (<c>CompareJacobian</c>) or a component of
/// <c>H·v</c> or of the gradient written with it (<c>CompareHessianVectorProduct</c>).
/// </summary>
/// <param name="Index">The row number, from zero.</param>
/// <param name="Label">
/// How the row is shown: <c>x[i]</c> for a component, <c>dir[k]</c> for a direction, <c>J[i,j]</c> for the entry
/// <c>∂rᵢ/∂xⱼ</c>, <c>Hv&lt;k&gt;[i]</c> for <c>(H·vₖ)ᵢ</c> and <c>g&lt;k&gt;[i]</c> for the gradient written with <c>vₖ</c>.
/// </param>
/// <param name="Analytic">
/// The derivative checked: a gradient component, <c>∇f·v</c> computed from the gradient, a pushforward's derivative,
/// a Jacobian entry, or a component of <c>H·v</c> or of the gradient a Hessian-vector product wrote.
/// </param>
/// <param name="Numeric">
/// The reference: a finite difference, except in the <c>PushforwardTest</c> against a gradient (<c>∇f·v</c> from the
/// gradient) and in the gradient rows of <c>CompareHessianVectorProduct</c> (the gradient function's component).
/// </param>
/// <param name="AbsoluteError"><c>|Analytic − Numeric|</c>.</param>
/// <param name="RelativeError"><c>|Analytic − Numeric| / max(|Analytic|, |Numeric|)</c>, zero when both are zero.</param>
/// <param name="ToleranceRatio">
/// <c>AbsoluteError / (atol + rtol·|Numeric|)</c>: the error in units of what is allowed; the row passes when it is
/// at most 1, and the row with the largest ratio is the report's worst (NaN counts as infinite).
/// </param>
/// <param name="Passed">Whether <c>AbsoluteError ≤ atol + rtol·|Numeric|</c>.</param>
public sealed record GradientCheckEntry(
    int Index,
    string Label,
    double Analytic,
    double Numeric,
    double AbsoluteError,
    double RelativeError,
    double ToleranceRatio,
    bool Passed);
