using GradGen.Generator.Helpers;

namespace GradGen.Generator.Model;

/// <summary>
/// The expressions GradGen understands. Everything else is reported by the parser and never reaches the model.
/// Records compare by value, so an unchanged method body yields an equal model and a cached output.
/// </summary>
internal abstract record Expr(TypeRef Type);

/// <summary>A constant, already spelled as C# (culture-invariant, typed suffix).</summary>
internal sealed record LiteralExpr(string Text, TypeRef Type, bool IsNegative) : Expr(Type);

internal sealed record VariableExpr(int VariableId, TypeRef Type) : Expr(Type);

internal enum BinaryOp
{
    Add,
    Subtract,
    Multiply,
    Divide,
    Remainder,
    Equals,
    NotEquals,
    LessThan,
    LessThanOrEqual,
    GreaterThan,
    GreaterThanOrEqual,
    ConditionalAnd,
    ConditionalOr,
    And,
    Or,
    ExclusiveOr,
    LeftShift,
    RightShift,
}

/// <summary>
/// Integer overflow checking where the user's code differs from the compilation's default (a <c>checked(…)</c> or
/// <c>unchecked(…)</c> around it): generated code says so too, or it would throw where the method does not, or not throw.
/// </summary>
internal enum Overflow
{
    Default,
    Checked,
    Unchecked,
}

internal sealed record BinaryExpr(BinaryOp Op, Expr Left, Expr Right, TypeRef Type, Overflow Overflow = Overflow.Default) : Expr(Type);

internal enum UnaryOp
{
    Negate,
    Plus,
    Not,
    BitwiseNot,
}

internal sealed record UnaryExpr(UnaryOp Op, Expr Operand, TypeRef Type, Overflow Overflow = Overflow.Default) : Expr(Type);

/// <summary>A numeric conversion, written as an explicit cast in generated code; <see cref="Site"/> locates a user-written one.</summary>
internal sealed record ConversionExpr(Expr Operand, TypeRef Type, int Site = -1, Overflow Overflow = Overflow.Default) : Expr(Type);

internal sealed record ConditionalExpr(Expr Condition, Expr WhenTrue, Expr WhenFalse, TypeRef Type) : Expr(Type);

/// <summary>A call to System.Math or System.MathF whose derivative rule lives in the rule table.</summary>
internal sealed record MathCallExpr(string ClassName, string Function, EquatableArray<Expr> Arguments, TypeRef Type, int Site = -1) : Expr(Type);

/// <summary>
/// A call with a known pullback: another [Differentiable] method (through its generated Pullback) or a method
/// with a custom derivative ([DerivativeOf]). <see cref="Target"/> is the receiver's text (a global::-qualified
/// type, or 'this'); the reverse sweep calls <c>PullbackTarget.PullbackName(arguments, seed, adjoints)</c>.
/// <see cref="HasPushforward"/>: the callee has a generated Pushforward (it asked for forward mode or a forward caller
/// raised it), which a forward sweep calls instead of going through the Pullback.
/// <see cref="ThroughParameters"/>: the callee's [NoDerivative] parameters of a differentiable type that an internal
/// pullback of the callee can differentiate (its body is in this compilation and it does not dispatch virtually);
/// empty where there is none (Analysis/ThroughCalls).
/// </summary>
internal sealed record DifferentiableCallExpr(
    string Target,
    string Name,
    EquatableArray<Expr> Arguments,
    EquatableArray<bool> DifferentiableParameters,
    int CallSite,
    TypeRef Type,
    string PullbackTarget,
    string PullbackName,
    string? CalleeKey = null,
    bool HasPushforward = false,
    EquatableArray<bool> ThroughParameters = default) : Expr(Type);

/// <summary>
/// A call, field or property read that GradGen does not differentiate: its value is a constant for the gradient.
/// <see cref="Target"/> is a global::-qualified type for static members; otherwise <see cref="Receiver"/> holds the instance.
/// <see cref="CallSite"/> numbers the call so it can be reported if an active value flows into it; for a static
/// method, <see cref="CalleeKey"/> (its documentation id) lets a custom derivative be found for it later, and
/// <see cref="RealParameters"/> says which parameters a pullback would have adjoints for.
/// </summary>
internal sealed record OpaqueExpr(
    string? Target,
    Expr? Receiver,
    string Member,
    bool IsInvocation,
    EquatableArray<Expr> Arguments,
    int CallSite,
    TypeRef Type,
    string? CalleeKey = null,
    EquatableArray<bool> RealParameters = default) : Expr(Type);

/// <summary>
/// A call to a static method with no derivative, in a method that opted into
/// <c>DerivativeFallback.FiniteDifferences</c>: the reverse sweep differentiates it numerically in each active argument.
/// </summary>
internal sealed record NumericCallExpr(string Target, string Member, EquatableArray<Expr> Arguments, TypeRef Type) : Expr(Type);

/// <summary>'this', or 'base' (<see cref="IsBase"/>): a call through 'base' is not virtual, and must stay so.</summary>
internal sealed record ThisExpr(TypeRef Type, bool IsBase = false) : Expr(Type);

/// <summary>
/// An element of an array or span parameter or local: 'w[i * n + j]'; of a rectangular array 'a[i, j]', of a jagged one
/// 'a[i][j]' (<see cref="Column"/> is then the second index, and <see cref="Jagged"/> says how it is written).
/// Any pass that looks at <see cref="Index"/> must look at <see cref="Column"/> too.
/// </summary>
internal sealed record ElementExpr(int ArrayId, Expr Index, TypeRef Type, Expr? Column = null, bool Jagged = false) : Expr(Type)
{
    /// <summary>The subscript after the array's name, each index printed by <paramref name="print"/>.</summary>
    public string Subscript(System.Func<Expr, string> print) =>
        Column is null ? "[" + print(Index) + "]"
        : Jagged ? "[" + print(Index) + "][" + print(Column) + "]"
        : "[" + print(Index) + ", " + print(Column) + "]";
}

/// <summary>
/// 'a.Length' of an array or span variable; 'a.GetLength(d)' when <see cref="Dimension"/> is 0 or 1; 'a[r].Length',
/// the length of a row of a jagged array, when <see cref="Row"/> is set (then it is not fixed: it depends on r).
/// </summary>
internal sealed record LengthExpr(int ArrayId, TypeRef Type, int Dimension = -1, Expr? Row = null) : Expr(Type);

/// <summary>
/// A view of a differentiable one-dimensional parameter passed whole to a [Differentiable] callee:
/// <c>w.Slice(a, n)</c>, <c>w[a..b]</c>, <c>w.AsSpan(a, n)</c> or a view local, as <c>w.Slice(Start, Count)</c> with
/// <see cref="Start"/> and <see cref="Count"/> int expressions (the count already checked against the view's bounds).
/// Its adjoint is the same slice of the parameter's adjoint, its tangent the same slice of the tangent.
/// <see cref="Type"/> is the span type the callee takes; <see cref="Cast"/> says the array or span must be converted to
/// it before slicing (an array, or a span of the other kind).
/// </summary>
internal sealed record ViewExpr(int ArrayId, Expr Start, Expr Count, TypeRef Type, bool Cast) : Expr(Type);
