namespace GradGen.CodeFixes.Shared;

/// <summary>Diagnostic ids the fixes handle and the runtime attributes they add (see docs/diagnostics.md).</summary>
internal static class GradGenNames
{
    /// <summary>A type containing a [Differentiable] method is not partial (at the type's identifier).</summary>
    public const string TypeNotPartialId = "GG0001";

    /// <summary>A call passes an active value to a method with no known derivative (at the invocation).</summary>
    public const string NoKnownDerivativeId = "GG0006";

    /// <summary>A differentiable parameter the result does not depend on (at the parameter).</summary>
    public const string ParameterWithoutEffectId = "GG0014";

    public const string Namespace = "GradGen";

    public const string DifferentiableAttributeMetadataName = "GradGen.DifferentiableAttribute";

    public const string NoDerivativeAttributeMetadataName = "GradGen.NoDerivativeAttribute";

    /// <summary>The attribute names as written in code, without the "Attribute" suffix.</summary>
    public const string Differentiable = "Differentiable";

    public const string NoDerivative = "NoDerivative";
}
