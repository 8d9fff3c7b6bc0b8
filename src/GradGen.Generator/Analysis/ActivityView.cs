using System;
using System.Linq;
using GradGen.Generator.Model;

namespace GradGen.Generator.Analysis;

/// <summary>Activity as recorded in the model (the parser ran the analysis), asked of variables and expressions.</summary>
internal sealed class ActivityView
{
    private readonly MethodModel _model;

    public ActivityView(MethodModel model) => _model = model;

    public bool IsActive(int variableId) => _model.Variables[variableId].IsActive;

    public bool IsActive(Expr expr) => IsActive(expr, IsActive);

    /// <summary>
    /// An expression is active when it is floating point and reads an active variable; a condition never
    /// makes its conditional active (the derivative of a branch choice is zero).
    /// </summary>
    public static bool IsActive(Expr expr, Func<int, bool> isActiveVariable)
    {
        if (expr is VariableExpr { Type.IsRealCollection: true } collection)
        {
            // An array or span passed whole (to a differentiable callee) is active when its elements are.
            return isActiveVariable(collection.VariableId);
        }

        if (expr is ViewExpr view)
        {
            // A view of an active parameter (passed to a differentiable callee) is active as the parameter is.
            return isActiveVariable(view.ArrayId);
        }

        if (!expr.Type.IsReal)
        {
            return false;
        }

        return expr switch
        {
            VariableExpr v => isActiveVariable(v.VariableId),
            ElementExpr e => isActiveVariable(e.ArrayId),
            LiteralExpr or LengthExpr or ThisExpr or OpaqueExpr => false,
            ConditionalExpr c => IsActive(c.WhenTrue, isActiveVariable) || IsActive(c.WhenFalse, isActiveVariable),
            _ => ExprWalker.Children(expr).Any(e => IsActive(e, isActiveVariable)),
        };
    }
}
