using System;

namespace GradGen;

/// <summary>
/// Excludes a parameter of a <see cref="DifferentiableAttribute">[Differentiable]</see> method from
/// differentiation: it passes through unchanged and gets no gradient parameter (data, labels, constants).
/// </summary>
[AttributeUsage(AttributeTargets.Parameter, AllowMultiple = false, Inherited = false)]
public sealed class NoDerivativeAttribute : Attribute
{
}
