namespace GradGen.Generator.Model;

/// <summary>What the transform needs to know of a type: only float and double carry derivatives.</summary>
internal enum NumericKind
{
    Other,
    Double,
    Float,
    Int,
    Bool,
}

internal static class NumericKindExtensions
{
    public static bool IsReal(this NumericKind kind) => kind is NumericKind.Double or NumericKind.Float;
}
