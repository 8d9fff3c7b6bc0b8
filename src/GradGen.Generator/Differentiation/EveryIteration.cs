using System;
using System.Collections.Generic;
using GradGen.Generator.Model;

namespace GradGen.Generator.Differentiation;

/// <summary>
/// The expressions a loop evaluates in every iteration in which it runs to the end: those of the assignments at the top
/// level of its body (not under an 'if' or in a nested loop), outside the branches of '?:' and the right of '&amp;&amp;'
/// and '||'. What the forward sweep may compute, or check, once before the loop instead of in each iteration
/// (<see cref="AdjointWriter"/>'s loop invariants and row views).
/// </summary>
internal static class EveryIteration
{
    /// <summary>Visits those expressions outside in; <paramref name="visit"/> returns true to skip an expression's parts.</summary>
    public static void Walk(IEnumerable<Stmt> body, Func<Expr, bool> visit)
    {
        foreach (var statement in body)
        {
            switch (statement)
            {
                case AssignStmt assign:
                    Walk(assign.Value, visit);
                    break;
                case ElementAssignStmt element:
                    Walk(element.Value, visit);
                    break;
            }
        }
    }

    private static void Walk(Expr expr, Func<Expr, bool> visit)
    {
        if (visit(expr))
        {
            return;
        }

        switch (expr)
        {
            case ConditionalExpr conditional:
                Walk(conditional.Condition, visit);
                return;
            case BinaryExpr { Op: BinaryOp.ConditionalAnd or BinaryOp.ConditionalOr } logical:
                Walk(logical.Left, visit);
                return;
        }

        foreach (var child in ExprWalker.Children(expr))
        {
            Walk(child, visit);
        }
    }
}
