using System;

namespace GradGen;

/// <summary>
/// A scalar function of several double-precision variables, <c>f : ℝⁿ → ℝ</c>.
/// </summary>
/// <param name="x">The point at which to evaluate the function. The callee must not keep the span.</param>
/// <returns>The value <c>f(x)</c>.</returns>
public delegate double ScalarFunction(ReadOnlySpan<double> x);

/// <summary>
/// A scalar function of several single-precision variables, <c>f : ℝⁿ → ℝ</c>.
/// </summary>
/// <param name="x">The point at which to evaluate the function. The callee must not keep the span.</param>
/// <returns>The value <c>f(x)</c>.</returns>
public delegate float ScalarFunctionF(ReadOnlySpan<float> x);

/// <summary>
/// A scalar function of several double-precision variables together with its gradient, the shape
/// of a GradGen-generated gradient method.
/// </summary>
/// <param name="x">The point at which to evaluate the function and its gradient.</param>
/// <param name="gradient">
/// Receives <c>∂f/∂xᵢ</c> in element <c>i</c>; it has the same length as <paramref name="x"/>.
/// The gradient checks in <see cref="GradientCheck"/> pass a zero-filled span, so an implementation
/// may either assign or accumulate into it.
/// </param>
/// <returns>The value <c>f(x)</c>.</returns>
public delegate double GradientFunction(ReadOnlySpan<double> x, Span<double> gradient);

/// <summary>
/// A scalar function of several single-precision variables together with its gradient, the shape
/// of a GradGen-generated gradient method.
/// </summary>
/// <param name="x">The point at which to evaluate the function and its gradient.</param>
/// <param name="gradient">
/// Receives <c>∂f/∂xᵢ</c> in element <c>i</c>; it has the same length as <paramref name="x"/>.
/// The gradient checks in <see cref="GradientCheck"/> pass a zero-filled span, so an implementation
/// may either assign or accumulate into it.
/// </param>
/// <returns>The value <c>f(x)</c>.</returns>
public delegate float GradientFunctionF(ReadOnlySpan<float> x, Span<float> gradient);
