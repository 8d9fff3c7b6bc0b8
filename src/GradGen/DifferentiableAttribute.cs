using System;

namespace GradGen;

/// <summary>
/// Marks a method whose reverse-mode gradient GradGen generates at compile time.
/// </summary>
/// <remarks>
/// For <c>static double F(double a, double b)</c> in a <c>partial</c> type the generator adds
/// <c>FGradient(a, b, out dA, out dB)</c>, which returns <c>F(a, b)</c> and writes its partial derivatives,
/// and <c>FPullback(a, b, seed, ref dA, ref dB)</c>, which adds <c>seed</c> times them to <c>dA</c> and <c>dB</c>.
/// </remarks>
[AttributeUsage(AttributeTargets.Method, AllowMultiple = false, Inherited = false)]
public sealed class DifferentiableAttribute : Attribute
{
    /// <summary>
    /// What to do with a call, inside the method, to a method that has no derivative (neither [Differentiable] nor
    /// given one with <see cref="DerivativeOfAttribute"/>) when an argument depends on a differentiable parameter.
    /// The default is an error; <see cref="DerivativeFallback.FiniteDifferences"/> opts into numeric derivatives.
    /// </summary>
    public DerivativeFallback Fallback { get; set; }
}
