using GradGen.Generator.Model;
using Microsoft.CodeAnalysis;

namespace GradGen.Generator.Parsing;

internal static class TypeRefs
{
    public static TypeRef From(ITypeSymbol? type)
    {
        if (type is null)
        {
            return new TypeRef("object", NumericKind.Other, IsManaged: true);
        }

        switch (type)
        {
            case IArrayTypeSymbol { Rank: 2, ElementType.SpecialType: SpecialType.System_Double or SpecialType.System_Single } matrix:
                return new TypeRef(type.ToDisplayString(SymbolNames.Qualified), NumericKind.Other, CollectionKind.Matrix, From(matrix.ElementType), IsManaged: true);
            case IArrayTypeSymbol { Rank: 1, ElementType: IArrayTypeSymbol { Rank: 1, ElementType.SpecialType: SpecialType.System_Double or SpecialType.System_Single } row }:
                return new TypeRef(type.ToDisplayString(SymbolNames.Qualified), NumericKind.Other, CollectionKind.Jagged, From(row.ElementType), IsManaged: true);
            case IArrayTypeSymbol { Rank: 1 } array:
                return new TypeRef(type.ToDisplayString(SymbolNames.Qualified), NumericKind.Other, CollectionKind.Array, From(array.ElementType), IsManaged: true);
            case INamedTypeSymbol { IsGenericType: true, TypeArguments.Length: 1 } named
                when named.ContainingNamespace?.ToDisplayString() == "System" && named.Name is "Span" or "ReadOnlySpan":
                var kind = named.Name == "Span" ? CollectionKind.Span : CollectionKind.ReadOnlySpan;
                return new TypeRef(type.ToDisplayString(SymbolNames.Qualified), NumericKind.Other, kind, From(named.TypeArguments[0]));
        }

        return type.SpecialType switch
        {
            SpecialType.System_Double => TypeRef.Double,
            SpecialType.System_Single => TypeRef.Float,
            SpecialType.System_Int32 => TypeRef.Int,
            SpecialType.System_Boolean => TypeRef.Bool,
            _ => new TypeRef(type.ToDisplayString(SymbolNames.Qualified), NumericKind.Other, Discrete: IsDiscrete(type), IsManaged: !type.IsUnmanagedType),
        };
    }

    private static bool IsDiscrete(ITypeSymbol type) =>
        type.TypeKind == TypeKind.Enum
        || type.SpecialType is SpecialType.System_SByte or SpecialType.System_Byte or SpecialType.System_Int16 or SpecialType.System_UInt16
            or SpecialType.System_UInt32 or SpecialType.System_Int64 or SpecialType.System_UInt64 or SpecialType.System_Char
            or SpecialType.System_IntPtr or SpecialType.System_UIntPtr or SpecialType.System_Void;

    /// <summary>The type of the gradient parameter or adjoint of a value of this type: an array of the same shape for a rectangular or jagged array.</summary>
    public static string GradientText(TypeRef type) =>
        type.IsRealCollection && !type.IsTwoIndex ? "global::System.Span<" + type.Element!.Text + ">" : type.Text;
}
