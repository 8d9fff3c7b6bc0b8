using System;
using System.Collections.Generic;
using System.Linq;
using GradGen.Generator.Helpers;
using GradGen.Generator.Model;

namespace GradGen.Generator.Analysis;

/// <summary>Rebuilds statements with some expressions replaced (the model is immutable).</summary>
internal static class ModelRewriter
{
    /// <param name="replace">Returns the replacement of an expression, or null to keep it and look inside.</param>
    public static EquatableArray<Stmt> Rewrite(IReadOnlyList<Stmt> statements, Func<Expr, Expr?> replace) =>
        statements.Select(s => Rewrite(s, replace)).ToEquatableArray();

    private static Stmt Rewrite(Stmt statement, Func<Expr, Expr?> replace) => statement switch
    {
        AssignStmt a => a with { Value = Rewrite(a.Value, replace) },
        ElementAssignStmt e => e with { Index = Rewrite(e.Index, replace), Value = Rewrite(e.Value, replace), Column = e.Column is null ? null : Rewrite(e.Column, replace) },
        ArrayDeclStmt d => d with { Length = Rewrite(d.Length, replace), Columns = d.Columns is null ? null : Rewrite(d.Columns, replace) },
        ExpressionStmt x => x with { Value = Rewrite(x.Value, replace) },
        ReturnStmt r => r with { Value = Rewrite(r.Value, replace) },
        IfStmt i => i with { Condition = Rewrite(i.Condition, replace), Then = Rewrite(i.Then, replace), Else = Rewrite(i.Else, replace) },
        LoopStmt l => l with { Condition = Rewrite(l.Condition, replace), Body = Rewrite(l.Body, replace), Increment = Rewrite(l.Increment, replace) },
        _ => statement,
    };

    public static Expr Rewrite(Expr expr, Func<Expr, Expr?> replace)
    {
        if (replace(expr) is { } replaced)
        {
            return replaced;
        }

        EquatableArray<Expr> All(EquatableArray<Expr> items) => items.Select(e => Rewrite(e, replace)).ToEquatableArray();

        return expr switch
        {
            BinaryExpr b => b with { Left = Rewrite(b.Left, replace), Right = Rewrite(b.Right, replace) },
            UnaryExpr u => u with { Operand = Rewrite(u.Operand, replace) },
            ConversionExpr c => c with { Operand = Rewrite(c.Operand, replace) },
            ConditionalExpr c => c with { Condition = Rewrite(c.Condition, replace), WhenTrue = Rewrite(c.WhenTrue, replace), WhenFalse = Rewrite(c.WhenFalse, replace) },
            MathCallExpr m => m with { Arguments = All(m.Arguments) },
            DifferentiableCallExpr d => d with { Arguments = All(d.Arguments) },
            NumericCallExpr n => n with { Arguments = All(n.Arguments) },
            OpaqueExpr o => o with { Receiver = o.Receiver is null ? null : Rewrite(o.Receiver, replace), Arguments = All(o.Arguments) },
            ElementExpr e => e with { Index = Rewrite(e.Index, replace), Column = e.Column is null ? null : Rewrite(e.Column, replace) },
            LengthExpr { Row: { } row } l => l with { Row = Rewrite(row, replace) },
            ViewExpr view => view with { Start = Rewrite(view.Start, replace), Count = Rewrite(view.Count, replace) },
            _ => expr,
        };
    }
}
