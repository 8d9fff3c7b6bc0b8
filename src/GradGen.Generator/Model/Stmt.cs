using GradGen.Generator.Helpers;

namespace GradGen.Generator.Model;

/// <summary>
/// A statement of the method. <see cref="Source"/> is the statement as the user wrote it, on one line,
/// so generated code can say which original statement each adjoint block belongs to.
/// Only structured control flow reaches the model: the parser lowers 'return', 'break' and 'continue' inside
/// branches and loops to assignments of flags, and guards what follows them with <see cref="IfStmt"/>s.
/// </summary>
internal abstract record Stmt(string Source);

/// <summary>Assigns a local, parameter or temporary; <see cref="IsDeclaration"/> marks its declaration.</summary>
internal sealed record AssignStmt(int VariableId, Expr Value, bool IsDeclaration, string Source) : Stmt(Source);

/// <summary>
/// 'a[i] = v' on a local array or span (parameters are read-only for the transform); 'a[i, j] = v' on a local
/// rectangular array, <see cref="Column"/> then the second index. Any pass that looks at <see cref="Index"/> must look
/// at <see cref="Column"/> too.
/// </summary>
internal sealed record ElementAssignStmt(int ArrayId, Expr Index, Expr Value, string Source, Expr? Column = null) : Stmt(Source);

/// <summary>
/// A local array ('new T[n]') or span ('stackalloc T[n]') declared with its length, outside any loop; a local
/// rectangular array ('new T[n, m]') has <see cref="Length"/> n rows of <see cref="Columns"/> m.
/// </summary>
internal sealed record ArrayDeclStmt(int ArrayId, Expr Length, bool IsStackAlloc, string Source, Expr? Columns = null) : Stmt(Source);

/// <summary>A call whose result is discarded (logging, assertions): run forward only, no derivative needed.</summary>
internal sealed record ExpressionStmt(Expr Value, string Source) : Stmt(Source);

/// <summary>The method's single return, always the last top-level statement after lowering.</summary>
internal sealed record ReturnStmt(Expr Value, string Source) : Stmt(Source);

internal sealed record IfStmt(Expr Condition, EquatableArray<Stmt> Then, EquatableArray<Stmt> Else, string Source) : Stmt(Source);

/// <summary>
/// Every loop shape (for, while, do, foreach) lowered to one: the initialisation is ordinary statements before
/// it; then <c>while (Condition) { Body; Increment; }</c>, or with the test after the body when
/// <see cref="ConditionAtEnd"/> (a 'do' loop).
/// </summary>
internal sealed record LoopStmt(Expr Condition, EquatableArray<Stmt> Body, EquatableArray<Stmt> Increment, bool ConditionAtEnd, string Source) : Stmt(Source);
