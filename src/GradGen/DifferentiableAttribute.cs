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

    /// <summary>
    /// Also generate forward mode: <c>FPushforward(…, dA, dW, out dResult)</c> returns <c>F(…)</c> and the directional
    /// derivative along the tangents (one forward sweep, no tape). For a method with a
    /// <see cref="DifferentiableOutputAttribute">[DifferentiableOutput]</see> span, <c>FPushforward</c> and
    /// <c>FJacobian</c> are generated whatever this says.
    /// </summary>
    public bool Forward { get; set; }

    /// <summary>
    /// Also generate second derivatives: <c>FHessianVectorProduct(…, vA, vW, out dA, dW, out hvA, hvW)</c>, which
    /// writes the gradient and the Hessian times a direction (forward over reverse), and <c>FHessian(…, hessian)</c>,
    /// which writes the full symmetric Hessian row-major over the flattened differentiable inputs. Implies
    /// <see cref="Forward"/>.
    /// </summary>
    public bool HessianVectorProduct { get; set; }
}
