using GradGen.Generator.Helpers;

namespace GradGen.Generator.Model;

/// <summary>
/// <c>y = G(arguments)</c> in forward mode, with G another [Differentiable] method or one with a custom derivative:
/// y and its tangent <c>dy = Σ ∂G/∂aᵢ · daᵢ</c>. <see cref="ArgumentTangents"/> has one entry per argument: the
/// tangent (a scalar, or an array or span of tangents); where <see cref="HasTangent"/> is false it is zero or the
/// parameter has no derivative, and the entry is the argument itself.
/// Only forward-mode models hold it.
/// </summary>
internal sealed record TangentCallStmt(
    int ResultId,
    int TangentId,
    DifferentiableCallExpr Call,
    EquatableArray<Expr> ArgumentTangents,
    EquatableArray<bool> HasTangent,
    bool IsDeclaration,
    string Source) : Stmt(Source);
