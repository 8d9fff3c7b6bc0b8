using System;

namespace GradGen;

/// <summary>
/// Marks the <c>Span&lt;double&gt;</c> (or <c>Span&lt;float&gt;</c>) parameter a
/// <see cref="DifferentiableAttribute">[Differentiable]</see> method returning <c>void</c> writes its vector result into,
/// for example the residuals of a model fitted to data. GradGen then generates <c>FJacobian</c>, <c>FPullback</c>
/// (adds Jᵀ·seed) and <c>FPushforward</c> (writes J·direction) instead of <c>FGradient</c>.
/// </summary>
/// <remarks>
/// The method must write every element of the span before reading it, and the span must not alias an input.
/// </remarks>
[AttributeUsage(AttributeTargets.Parameter, AllowMultiple = false, Inherited = false)]
public sealed class DifferentiableOutputAttribute : Attribute
{
}
