using GradGen.Generator.Model;
using Microsoft.CodeAnalysis;

namespace GradGen.Generator.Parsing;

internal static class TypeRefs
{
    public static TypeRef From(ITypeSymbol? type)
    {
        if (type is null)
        {
            return new TypeRef("object", NumericKind.Other);
        }

        return type.SpecialType switch
        {
            SpecialType.System_Double => TypeRef.Double,
            SpecialType.System_Single => TypeRef.Float,
            SpecialType.System_Int32 => TypeRef.Int,
            SpecialType.System_Boolean => TypeRef.Bool,
            _ => new TypeRef(type.ToDisplayString(SymbolNames.Qualified), NumericKind.Other),
        };
    }
}
