namespace GradGen.Generator.Model;

/// <summary>
/// A statement of the method. <see cref="Source"/> is the statement as the user wrote it, on one line,
/// so generated code can say which original statement each adjoint block belongs to.
/// </summary>
internal abstract record Stmt(string Source);

/// <summary>Assigns a local, parameter or temporary; <see cref="IsDeclaration"/> marks its declaration.</summary>
internal sealed record AssignStmt(int VariableId, Expr Value, bool IsDeclaration, string Source) : Stmt(Source);

/// <summary>A call whose result is discarded (logging, assertions): run forward only, no derivative needed.</summary>
internal sealed record ExpressionStmt(Expr Value, string Source) : Stmt(Source);

internal sealed record ReturnStmt(Expr Value, string Source) : Stmt(Source);
