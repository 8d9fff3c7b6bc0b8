namespace GradGen;

/// <summary>What a <see cref="DifferentiableAttribute">[Differentiable]</see> method does with a call that has no derivative.</summary>
public enum DerivativeFallback
{
    /// <summary>A call with an argument that depends on a differentiable parameter is a compile-time error (GG0006).</summary>
    None = 0,

    /// <summary>
    /// Such a call is differentiated numerically at run time by five-point finite differences in each dependent
    /// <c>double</c>/<c>float</c> argument (four extra calls per argument, about 10 correct digits), and each call site
    /// gets a warning (GG0013) naming the callee, so it is visible where precision and speed are traded away.
    /// </summary>
    FiniteDifferences = 1,
}
