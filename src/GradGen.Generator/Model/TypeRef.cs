namespace GradGen.Generator.Model;

/// <summary>A type as generated code spells it (global::-qualified) and what kind of number it is.</summary>
internal sealed record TypeRef(string Text, NumericKind Kind)
{
    public static readonly TypeRef Double = new("double", NumericKind.Double);
    public static readonly TypeRef Float = new("float", NumericKind.Float);
    public static readonly TypeRef Int = new("int", NumericKind.Int);
    public static readonly TypeRef Bool = new("bool", NumericKind.Bool);

    public bool IsReal => Kind.IsReal();
}
