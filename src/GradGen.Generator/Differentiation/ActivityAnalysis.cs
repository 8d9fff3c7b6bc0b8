using System.Collections.Generic;
using System.Linq;
using System.Threading;
using GradGen.Generator.Model;

namespace GradGen.Generator.Differentiation;

/// <summary>
/// Which values vary with the differentiable parameters. Only those need adjoints; everything else
/// (integers, [NoDerivative] data, constants) runs as it is. Flow-insensitive: a variable is active if any
/// assignment makes it so, which is exact for straight-line code and safe (never too few) with loops.
/// </summary>
internal sealed class ActivityAnalysis
{
    private readonly bool[] _active;

    private ActivityAnalysis(bool[] active) => _active = active;

    public bool IsActive(int variableId) => _active[variableId];

    public bool IsActive(Expr expr) => ActivityView.IsActive(expr, IsActive);

    public static ActivityAnalysis Run(IReadOnlyList<Variable> variables, IReadOnlyList<Stmt> body, IEnumerable<int> differentiableParameters, CancellationToken cancellationToken = default)
    {
        var active = new bool[variables.Count];
        foreach (var id in differentiableParameters)
        {
            active[id] = true;
        }

        var analysis = new ActivityAnalysis(active);
        var statements = StatementWalker.Preorder(body).ToList();
        bool changed;
        do
        {
            cancellationToken.ThrowIfCancellationRequested();
            changed = false;
            foreach (var statement in statements)
            {
                var (target, value) = statement switch
                {
                    AssignStmt a => (a.VariableId, a.Value),
                    ElementAssignStmt e => (e.ArrayId, e.Value),
                    _ => (-1, null!),
                };
                if (target >= 0 && !active[target] && variables[target].Type.CarriesDerivative && analysis.IsActive(value))
                {
                    active[target] = true;
                    changed = true;
                }
            }
        }
        while (changed);

        return analysis;
    }

    /// <summary>
    /// An active value passed where its derivative would be lost: to a method with no derivative whose result
    /// feeds an active computation, or to a [NoDerivative] floating-point parameter of a differentiable method.
    /// </summary>
    public readonly record struct BlockingCall(int CallSite, int ArgumentIndex, bool ToNoDerivativeParameter);

    public static IEnumerable<BlockingCall> FindCallsWithoutDerivative(IReadOnlyList<Stmt> body, ActivityAnalysis activity)
    {
        var found = new List<BlockingCall>();
        foreach (var statement in StatementWalker.Preorder(body))
        {
            switch (statement)
            {
                case AssignStmt assign:
                    Find(assign.Value, assign.Value.Type.IsReal, activity, found);
                    break;
                case ElementAssignStmt element:
                    Find(element.Index, realContext: false, activity, found);
                    Find(element.Value, element.Value.Type.IsReal, activity, found);
                    break;
                case ReturnStmt ret:
                    Find(ret.Value, realContext: true, activity, found);
                    break;
                default:
                    foreach (var expr in StatementWalker.Expressions(statement))
                    {
                        Find(expr, realContext: false, activity, found);
                    }

                    break;
            }
        }

        return found;
    }

    private static void Find(Expr expr, bool realContext, ActivityAnalysis activity, List<BlockingCall> found)
    {
        realContext &= expr.Type.IsReal;
        if (realContext && expr is OpaqueExpr { IsInvocation: true } call)
        {
            for (var i = 0; i < call.Arguments.Count; i++)
            {
                if (activity.IsActive(call.Arguments[i]))
                {
                    found.Add(new BlockingCall(call.CallSite, i, ToNoDerivativeParameter: false));
                    break;
                }
            }
        }

        if (expr is DifferentiableCallExpr differentiable)
        {
            for (var i = 0; i < differentiable.Arguments.Count; i++)
            {
                if (!differentiable.DifferentiableParameters[i] && activity.IsActive(differentiable.Arguments[i]))
                {
                    found.Add(new BlockingCall(differentiable.CallSite, i, ToNoDerivativeParameter: true));
                }
            }
        }

        if (expr is ConditionalExpr conditional)
        {
            Find(conditional.Condition, realContext: false, activity, found);
            Find(conditional.WhenTrue, realContext, activity, found);
            Find(conditional.WhenFalse, realContext, activity, found);
            return;
        }

        foreach (var child in ExprWalker.Children(expr))
        {
            Find(child, realContext, activity, found);
        }
    }
}
