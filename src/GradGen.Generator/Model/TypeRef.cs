namespace GradGen.Generator.Model;

/// <summary>
/// How a collection parameter or local holds its elements. The gradient of a one-dimensional one is a Span; that of a
/// <see cref="Matrix"/> or <see cref="Jagged"/> array (only of double or float, only parameters) an array of its shape.
/// </summary>
internal enum CollectionKind
{
    None,
    Array,
    Span,
    ReadOnlySpan,

    /// <summary>A rectangular array <c>T[,]</c>, read as <c>a[i, j]</c>.</summary>
    Matrix,

    /// <summary>A jagged array <c>T[][]</c>, read as <c>a[i][j]</c>; its <see cref="TypeRef.Element"/> is the scalar T.</summary>
    Jagged,
}

/// <summary>
/// A type as generated code spells it (global::-qualified) and what kind of number it is.
/// Arrays and spans also carry their element type, so a double[] or ReadOnlySpan&lt;double&gt; can be differentiated.
/// <see cref="Discrete"/> marks the other integral types, char, enums and void (see <see cref="IsInert"/>).
/// <see cref="IsManaged"/>: a reference, or a struct holding one, which stack memory (<c>stackalloc</c>, the stack buffer
/// of a <c>GradGen.Tape</c>) cannot hold, so a recorded value of this type goes into pooled arrays.
/// </summary>
internal sealed record TypeRef(string Text, NumericKind Kind, CollectionKind Collection = CollectionKind.None, TypeRef? Element = null, bool Discrete = false, bool IsManaged = false)
{
    public static readonly TypeRef Double = new("double", NumericKind.Double);
    public static readonly TypeRef Float = new("float", NumericKind.Float);
    public static readonly TypeRef Int = new("int", NumericKind.Int);
    public static readonly TypeRef Bool = new("bool", NumericKind.Bool);

    public bool IsReal => Kind.IsReal();

    /// <summary>A double or float array (of any kind above) or span: its elements carry derivatives.</summary>
    public bool IsRealCollection => Collection != CollectionKind.None && Element is { IsReal: true };

    /// <summary>
    /// bool, integral, char, enum or void: a value of such a type is piecewise constant in any floating-point input, so
    /// its derivative is zero wherever it has one, and it cannot hold a floating-point value to give back later. The
    /// soundness rule (docs/design.md) lets active values reach operations with such results.
    /// </summary>
    public bool IsInert => Kind is NumericKind.Int or NumericKind.Bool || Discrete;

    /// <summary>A rectangular or jagged array: its elements take two indices, and its gradient is an array of its shape.</summary>
    public bool IsTwoIndex => Collection is CollectionKind.Matrix or CollectionKind.Jagged;

    /// <summary>Scalars or collections of them: what can have an adjoint.</summary>
    public bool CarriesDerivative => IsReal || IsRealCollection;
}
