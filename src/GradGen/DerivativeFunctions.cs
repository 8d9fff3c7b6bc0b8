using System;

namespace GradGen;

/// <summary>
/// A scalar function of several double-precision variables with its directional derivative, the shape of a
/// GradGen-generated <c>FPushforward</c> method (forward mode) over flattened inputs.
/// </summary>
/// <param name="x">The point.</param>
/// <param name="direction">The tangent <c>v</c>, of the length of <paramref name="x"/>.</param>
/// <param name="derivative">Receives the directional derivative <c>∇f(x)·v</c>.</param>
/// <returns>The value <c>f(x)</c>.</returns>
public delegate double PushforwardFunction(ReadOnlySpan<double> x, ReadOnlySpan<double> direction, out double derivative);

/// <summary>
/// A scalar function of several single-precision variables with its directional derivative, the shape of a
/// GradGen-generated <c>FPushforward</c> method over flattened <see cref="float"/> inputs.
/// </summary>
/// <param name="x">The point.</param>
/// <param name="direction">The tangent <c>v</c>, of the length of <paramref name="x"/>.</param>
/// <param name="derivative">Receives the directional derivative <c>∇f(x)·v</c>.</param>
/// <returns>The value <c>f(x)</c>.</returns>
public delegate float PushforwardFunctionF(ReadOnlySpan<float> x, ReadOnlySpan<float> direction, out float derivative);

/// <summary>
/// A vector function of several double-precision variables, <c>r : ℝⁿ → ℝᵐ</c>, for example the residuals of a
/// model fitted to data.
/// </summary>
/// <param name="x">The point. The callee must not keep the span.</param>
/// <param name="result">
/// Receives <c>r(x)</c>, <c>m</c> elements. <see cref="FiniteDifferences"/> and <see cref="GradientCheck"/> pass a
/// zero-filled span, so an implementation may either assign or accumulate into it.
/// </param>
public delegate void VectorFunction(ReadOnlySpan<double> x, Span<double> result);

/// <summary>
/// A vector function together with its Jacobian, the shape of a GradGen-generated <c>FJacobian</c> method over
/// flattened inputs.
/// </summary>
/// <param name="x">The point, <c>n</c> elements.</param>
/// <param name="result">Receives <c>r(x)</c>, <c>m</c> elements.</param>
/// <param name="jacobian">
/// Receives the <c>m × n</c> Jacobian row-major: element <c>i·n + j</c> is <c>∂rᵢ/∂xⱼ</c>. <see cref="GradientCheck"/>
/// passes zero-filled spans for <paramref name="result"/> and <paramref name="jacobian"/>.
/// </param>
public delegate void JacobianFunction(ReadOnlySpan<double> x, Span<double> result, Span<double> jacobian);

/// <summary>
/// A scalar function with its gradient and the product of its Hessian with a direction, the shape of a
/// GradGen-generated <c>FHessianVectorProduct</c> method over flattened inputs.
/// </summary>
/// <param name="x">The point, <c>n</c> elements.</param>
/// <param name="direction">The direction <c>v</c>, <c>n</c> elements.</param>
/// <param name="gradient">Receives <c>∇f(x)</c>, <c>n</c> elements.</param>
/// <param name="hessianVector">
/// Receives <c>H(x)·v</c>, <c>n</c> elements, <c>H</c> the Hessian of <c>f</c>. <see cref="GradientCheck"/> passes
/// zero-filled spans for <paramref name="gradient"/> and <paramref name="hessianVector"/>.
/// </param>
/// <returns>The value <c>f(x)</c>.</returns>
public delegate double HessianVectorProductFunction(ReadOnlySpan<double> x, ReadOnlySpan<double> direction, Span<double> gradient, Span<double> hessianVector);

/// <summary>
/// A vector function of several single-precision variables, <c>r : ℝⁿ → ℝᵐ</c>; see <see cref="VectorFunction"/>.
/// </summary>
/// <param name="x">The point. The callee must not keep the span.</param>
/// <param name="result">Receives <c>r(x)</c>, <c>m</c> elements; passed zero-filled by the checks and finite differences.</param>
public delegate void VectorFunctionF(ReadOnlySpan<float> x, Span<float> result);

/// <summary>
/// A single-precision vector function together with its Jacobian; see <see cref="JacobianFunction"/>.
/// </summary>
/// <param name="x">The point, <c>n</c> elements.</param>
/// <param name="result">Receives <c>r(x)</c>, <c>m</c> elements.</param>
/// <param name="jacobian">Receives the <c>m × n</c> Jacobian row-major: element <c>i·n + j</c> is <c>∂rᵢ/∂xⱼ</c>.</param>
public delegate void JacobianFunctionF(ReadOnlySpan<float> x, Span<float> result, Span<float> jacobian);

/// <summary>
/// A single-precision scalar function with its gradient and Hessian-vector product; see <see cref="HessianVectorProductFunction"/>.
/// </summary>
/// <param name="x">The point, <c>n</c> elements.</param>
/// <param name="direction">The direction <c>v</c>, <c>n</c> elements.</param>
/// <param name="gradient">Receives <c>∇f(x)</c>, <c>n</c> elements.</param>
/// <param name="hessianVector">Receives <c>H(x)·v</c>, <c>n</c> elements.</param>
/// <returns>The value <c>f(x)</c>.</returns>
public delegate float HessianVectorProductFunctionF(ReadOnlySpan<float> x, ReadOnlySpan<float> direction, Span<float> gradient, Span<float> hessianVector);
