using GradGen.Generator.Helpers;

namespace GradGen.Generator.Model;

/// <summary>
/// <c>throw new T(arguments)</c>, as a statement (inside an <see cref="ExpressionStmt"/>) or as a branch of <c>?:</c>.
/// It produces no value, so its type is void (inert): a path that throws never reaches the reverse sweep and needs no
/// adjoint. <see cref="ExceptionType"/> is global::-qualified.
/// </summary>
internal sealed record ThrowExpr(string ExceptionType, EquatableArray<Expr> Arguments, TypeRef Type) : Expr(Type)
{
    public static readonly TypeRef Void = new("void", NumericKind.Other, Discrete: true);
}

/// <summary>
/// An interpolated string <c>$"loss {loss,8:F4}"</c>: <see cref="Texts"/> holds the text around the holes, already
/// escaped for a regular <c>$"…"</c> (one more than <see cref="Values"/>), <see cref="Formats"/> each hole's
/// alignment and format (",8:F4", or empty). A string has no derivative: the soundness rule reports it where it
/// could reach the result (<c>double.Parse($"{x}")</c>).
/// </summary>
internal sealed record InterpolatedStringExpr(EquatableArray<string> Texts, EquatableArray<Expr> Values, EquatableArray<string> Formats, TypeRef Type) : Expr(Type);

/// <summary>
/// An element of an array or span the method does not own, read from a field or property (<c>Table[i]</c> on a
/// <c>static readonly double[]</c>): a constant for the gradient, like the field itself.
/// </summary>
internal sealed record MemberElementExpr(Expr Collection, Expr Index, TypeRef Type) : Expr(Type);

/// <summary>
/// A write to a field or property, or to an element or indexer of one (<c>Evaluations++</c>, <c>_cache[key] = v</c>),
/// run by the forward sweep only. <see cref="Operator"/> is "=", "+=", … or "++"/"--" (no <see cref="Value"/>).
/// The soundness rule makes it GG0005 when the value or the index carries an active value. <see cref="Site"/>
/// locates it.
/// </summary>
internal sealed record MemberWriteExpr(Expr Target, EquatableArray<Expr> Indices, string Operator, Expr? Value, int Site, TypeRef Type) : Expr(Type);
