using System.Linq;
using Microsoft.CodeAnalysis;

namespace GradGen.Generator.Parsing;

/// <summary>How generated code and diagnostics spell symbols.</summary>
internal static class SymbolNames
{
    public const string DifferentiableAttribute = "GradGen.DifferentiableAttribute";
    public const string NoDerivativeAttribute = "GradGen.NoDerivativeAttribute";
    public const string DifferentiableOutputAttribute = "GradGen.DifferentiableOutputAttribute";

    /// <summary>global::-qualified, keywords for special types, nullable annotations kept (generated code is #nullable enable).</summary>
    public static readonly SymbolDisplayFormat Qualified = SymbolDisplayFormat.FullyQualifiedFormat
        .AddMiscellaneousOptions(SymbolDisplayMiscellaneousOptions.IncludeNullableReferenceTypeModifier);

    /// <summary>Short names for messages: 'Helper(double)', 'Output(double[,])' (not the error format's 'double[*,*]').</summary>
    public static readonly SymbolDisplayFormat Message = SymbolDisplayFormat.CSharpShortErrorMessageFormat
        .RemoveMiscellaneousOptions(SymbolDisplayMiscellaneousOptions.UseAsterisksInMultiDimensionalArrays);

    public static bool HasAttribute(ISymbol symbol, string metadataName)
    {
        foreach (var attribute in symbol.GetAttributes())
        {
            if (attribute.AttributeClass?.ToDisplayString() == metadataName)
            {
                return true;
            }
        }

        return false;
    }

    public static bool IsDifferentiableParameter(IParameterSymbol parameter) =>
        parameter.RefKind is RefKind.None or RefKind.In or RefKind.RefReadOnlyParameter
        && (parameter.Type.SpecialType is SpecialType.System_Double or SpecialType.System_Single || TypeRefs.From(parameter.Type).IsRealCollection)
        && !HasAttribute(parameter, NoDerivativeAttribute)
        && !HasAttribute(parameter, DifferentiableOutputAttribute);

    /// <summary>The [DifferentiableOutput] parameter of a method, if it has one.</summary>
    public static IParameterSymbol? OutputParameter(IMethodSymbol method) =>
        method.Parameters.FirstOrDefault(p => HasAttribute(p, DifferentiableOutputAttribute));
}
