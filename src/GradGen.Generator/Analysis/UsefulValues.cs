using System.Collections.Generic;
using System.Linq;
using GradGen.Generator.Model;

namespace GradGen.Generator.Analysis;

/// <summary>
/// Which variables can reach a returned value (the "useful" half of activity analysis; <see cref="ActivityAnalysis"/>
/// is the "varied" half). A variable that no returned value reads, directly or through the assignments of other
/// variables, has a zero adjoint everywhere: its reverse statements only add zero products. The model of a
/// Hessian-vector product returns the tangent ∇f·v, so the method's own result (the sum the tangent is the derivative
/// of) is such a variable. Flow-insensitive, like the activity analysis: a variable is useful if any assignment to a
/// useful variable reads it. Null where the body has what the analysis does not follow: a write that is not an
/// assignment of a scalar or an element (a call's tangents), or an array or span assigned to a variable (an alias,
/// whose element writes reach another array).
/// </summary>
internal static class UsefulValues
{
    public static HashSet<int>? Find(IReadOnlyList<Stmt> body, IReadOnlyList<Variable> variables)
    {
        var useful = new HashSet<int>();
        var writes = new List<(int Target, Expr Value)>();
        foreach (var statement in StatementWalker.Preorder(body))
        {
            switch (statement)
            {
                case AssignStmt assign when variables[assign.VariableId].Type.Collection != CollectionKind.None:
                    return null;
                case AssignStmt assign:
                    writes.Add((assign.VariableId, assign.Value));
                    if (HasCall(assign.Value))
                    {
                        // A call may write into the arrays it is passed: everything it reads counts.
                        ExprWalker.CollectVariables(assign.Value, useful);
                    }

                    break;
                case ElementAssignStmt element:
                    writes.Add((element.ArrayId, element.Value));
                    if (HasCall(element.Value) || HasCall(element.Index))
                    {
                        ExprWalker.CollectVariables(element.Value, useful);
                        ExprWalker.CollectVariables(element.Index, useful);
                    }

                    break;
                case ReturnStmt ret:
                    ExprWalker.CollectVariables(ret.Value, useful);
                    break;
                case ExpressionStmt expression:
                    ExprWalker.CollectVariables(expression.Value, useful);
                    break;
                case IfStmt or LoopStmt or ArrayDeclStmt:
                    break;
                default:
                    return null;
            }
        }

        bool changed;
        do
        {
            changed = false;
            foreach (var (target, value) in writes)
            {
                if (useful.Contains(target))
                {
                    var before = useful.Count;
                    ExprWalker.CollectVariables(value, useful);
                    changed |= useful.Count != before;
                }
            }
        }
        while (changed);

        return useful;
    }

    private static bool HasCall(Expr expr) => expr is DifferentiableCallExpr or OpaqueExpr or NumericCallExpr or MemberWriteExpr
        || ExprWalker.Children(expr).Any(HasCall);
}
