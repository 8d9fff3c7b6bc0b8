using GradGen.Generator.Diagnostics;
using GradGen.Generator.Helpers;

namespace GradGen.Generator.Model;

/// <summary>
/// A user's [DerivativeOf] pullback for the method with documentation id <see cref="Key"/>: calls to that method
/// differentiate through <c>PullbackTarget.PullbackName</c>.
/// </summary>
internal sealed record CustomDerivative(string Key, string PullbackTarget, string PullbackName);

/// <summary>What the parser found on one [DerivativeOf] method: the derivative if valid, its diagnostics, and names for duplicate reports.</summary>
internal sealed record CustomDerivativeResult(
    CustomDerivative? Derivative,
    EquatableArray<DiagnosticInfo> Diagnostics,
    LocationInfo? Location,
    string DerivativeName,
    string TargetName);
