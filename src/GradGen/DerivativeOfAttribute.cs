using System;

namespace GradGen;

/// <summary>
/// Declares a hand-written derivative: the marked static method is the pullback of <c>Type.MethodName</c>, and
/// every <see cref="DifferentiableAttribute">[Differentiable]</see> method that calls <c>Type.MethodName</c>
/// differentiates the call through it. The target may be in this compilation or in a referenced assembly.
/// </summary>
/// <remarks>
/// The marked method must be <c>static void</c> with the pullback signature of the target: the target's parameters,
/// then the seed (of the target's return type), then for each <c>double</c>/<c>float</c> parameter a <c>ref</c>
/// adjoint and for each array or span parameter a <c>Span</c> adjoint, in parameter order. It adds
/// <c>seed</c> times the partial derivatives to the adjoints. For <c>static double Gamma(double x)</c>:
/// <code>
/// [DerivativeOf(typeof(Special), nameof(Special.Gamma))]
/// static void GammaPullback(double x, double seed, ref double dX) => dX += seed * Special.Gamma(x) * Special.Digamma(x);
/// </code>
/// A mismatched signature, a missing target or two derivatives of one method are compile-time errors.
/// </remarks>
[AttributeUsage(AttributeTargets.Method, AllowMultiple = false, Inherited = false)]
public sealed class DerivativeOfAttribute : Attribute
{
    /// <param name="type">The type that declares the method, for example <c>typeof(Special)</c>.</param>
    /// <param name="methodName">The method's name, best written <c>nameof(Special.Gamma)</c>.</param>
    public DerivativeOfAttribute(Type type, string methodName)
    {
        Type = type;
        MethodName = methodName;
    }

    /// <summary>The type that declares the method.</summary>
    public Type Type { get; }

    /// <summary>The method's name.</summary>
    public string MethodName { get; }
}
