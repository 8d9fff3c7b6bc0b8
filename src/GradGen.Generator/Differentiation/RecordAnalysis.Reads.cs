using System.Collections.Generic;
using GradGen.Generator.Analysis;
using GradGen.Generator.Model;

namespace GradGen.Generator.Differentiation;

/// <summary>
/// What the reverse sweep of a statement reads: its own reads, and the values an adjoint pushed through an expression needs.
/// </summary>
internal sealed partial class RecordAnalysis
{
    private void CollectOwnReads(Stmt statement, ISet<int> reads)
    {
        switch (statement)
        {
            case AssignStmt assign when ReusedResult(assign) is { } call:
                // The derivative comes from the stored value; only the arguments' own derivatives read anything.
                foreach (var argument in call.Arguments)
                {
                    BackpropReads(argument, reads);
                }

                break;
            case AssignStmt assign when _activity.IsActive(assign.VariableId) && _activity.IsActive(assign.Value):
                BackpropReads(assign.Value, reads);
                break;
            case ElementAssignStmt element:
                // The index is read to restore the element or to find its adjoint.
                ExprWalker.CollectVariables(element.Index, reads);
                if (element.Column is not null)
                {
                    ExprWalker.CollectVariables(element.Column, reads);
                }

                if (ReusedResult(element) is { } elementCall)
                {
                    foreach (var argument in elementCall.Arguments)
                    {
                        BackpropReads(argument, reads);
                    }
                }
                else if (_activity.IsActive(element.ArrayId) && _activity.IsActive(element.Value))
                {
                    BackpropReads(element.Value, reads);
                }

                break;
            case ReturnStmt ret when _activity.IsActive(ret.Value):
                BackpropReads(ret.Value, reads);
                break;
        }
    }

    /// <summary>What the reverse sweep reads to push an adjoint through <paramref name="expr"/>: values in nonlinear positions and indices.</summary>
    private void BackpropReads(Expr expr, ISet<int> reads) => BackpropReads(expr, reads, _activity);

    /// <summary>What the reverse sweep reads to push an adjoint through <paramref name="expr"/> (see the instance overload).</summary>
    internal static void BackpropReads(Expr expr, ISet<int> reads, ActivityView activity)
    {
        if (!activity.IsActive(expr))
        {
            return;
        }

        switch (expr)
        {
            case VariableExpr:
                return;
            case ElementExpr element:
                // Both indices of a[i, j] or a[i][j] locate its adjoint.
                ExprWalker.CollectVariables(element.Index, reads);
                if (element.Column is not null)
                {
                    ExprWalker.CollectVariables(element.Column, reads);
                }

                return;
            case BinaryExpr { Op: BinaryOp.Add or BinaryOp.Subtract }:
            case UnaryExpr:
            case ConversionExpr:
                break;
            case BinaryExpr { Op: BinaryOp.Multiply } multiply:
                if (activity.IsActive(multiply.Left))
                {
                    ExprWalker.CollectVariables(multiply.Right, reads);
                }

                if (activity.IsActive(multiply.Right))
                {
                    ExprWalker.CollectVariables(multiply.Left, reads);
                }

                break;
            case BinaryExpr { Op: BinaryOp.Divide } divide:
                ExprWalker.CollectVariables(divide.Right, reads);
                if (activity.IsActive(divide.Right))
                {
                    ExprWalker.CollectVariables(divide.Left, reads);
                }

                break;
            case ConditionalExpr conditional:
                ExprWalker.CollectVariables(conditional.Condition, reads);
                break;
            default:
                // Math functions, calls through pullbacks, remainders: every argument value.
                foreach (var child in ExprWalker.Children(expr))
                {
                    ExprWalker.CollectVariables(child, reads);
                }

                break;
        }

        foreach (var child in ExprWalker.Children(expr))
        {
            BackpropReads(child, reads, activity);
        }
    }
}
