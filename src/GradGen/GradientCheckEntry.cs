namespace GradGen;

/// <summary>
/// One row of a <see cref="GradientCheckReport"/>: a gradient component (<see cref="GradientCheck.Compare(ScalarFunction, GradientFunction, System.ReadOnlySpan{double}, GradientCheckOptions?)"/>)
/// or a random direction (<see cref="GradientCheck.DotProductTest(ScalarFunction, GradientFunction, System.ReadOnlySpan{double}, int, int, GradientCheckOptions?)"/>).
/// </summary>
/// <param name="Index">The component or direction number, from zero.</param>
/// <param name="Label">How the row is shown: <c>x[i]</c> for a component, <c>dir[k]</c> for a direction.</param>
/// <param name="Analytic">The gradient component, or <c>∇f·v</c> computed from the analytic gradient.</param>
/// <param name="Numeric">The finite-difference reference.</param>
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
