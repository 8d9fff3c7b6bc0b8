using System.Collections.Generic;
using System.Linq;
using System.Threading;
using GradGen.Generator.Model;

namespace GradGen.Generator.Analysis;

/// <summary>
/// Which values vary with the differentiable parameters. Only those need adjoints; everything else
/// (integers, [NoDerivative] data, constants) runs as it is. Flow-insensitive: a variable is active if any
/// assignment makes it so, which is exact for straight-line code and safe (never too few) with loops.
/// <para>
/// Two wider notions serve the soundness rule (<see cref="SoundnessRule"/>): a value <em>carries</em> an active value
/// when it is computed from one by operations other than opaque calls, whatever its type (an active array converted to
/// <c>IEnumerable&lt;double&gt;</c>, a double cast to decimal); it is <em>tainted</em> when it is computed from one by
/// any operation at all (also <c>x.ToString()</c>). Values of inert types (<see cref="TypeRef.IsInert"/>) do neither.
/// </para>
/// </summary>
internal sealed class ActivityAnalysis
{
    private readonly bool[] _active;
    private readonly bool[] _carries;
    private readonly bool[] _tainted;

    private ActivityAnalysis(bool[] active, bool[] carries, bool[] tainted)
    {
        _active = active;
        _carries = carries;
        _tainted = tainted;
    }

    public bool IsActive(int variableId) => _active[variableId];

    public bool IsActive(Expr expr) => ActivityView.IsActive(expr, IsActive);

    /// <summary>Whether the value is computed from an active value through anything but opaque calls.</summary>
    public bool Carries(Expr expr) => Flows(expr, throughOpaque: false);

    /// <summary>Whether the value is computed from an active value through anything, opaque calls included.</summary>
    public bool IsTainted(Expr expr) => Flows(expr, throughOpaque: true);

    public static ActivityAnalysis Run(IReadOnlyList<Variable> variables, IReadOnlyList<Stmt> body, IEnumerable<int> differentiableParameters, CancellationToken cancellationToken = default)
    {
        var active = new bool[variables.Count];
        foreach (var id in differentiableParameters)
        {
            active[id] = true;
        }

        var analysis = new ActivityAnalysis(active, new bool[variables.Count], new bool[variables.Count]);
        var assignments = StatementWalker.Preorder(body)
            .Select(statement => statement switch
            {
                AssignStmt a => (Target: a.VariableId, Value: a.Value),
                ElementAssignStmt e => (Target: e.ArrayId, Value: e.Value),
                _ => (Target: -1, Value: (Expr)null!),
            })
            .Where(a => a.Target >= 0)
            .ToList();
        bool changed;
        do
        {
            cancellationToken.ThrowIfCancellationRequested();
            changed = false;
            foreach (var (target, value) in assignments)
            {
                changed |= analysis.Update(variables[target].Type, target, value);
            }
        }
        while (changed);

        return analysis;
    }

    private bool Update(TypeRef type, int target, Expr value)
    {
        var changed = false;
        if (!_active[target] && type.CarriesDerivative && IsActive(value))
        {
            _active[target] = changed = true;
        }

        if (!_carries[target] && !type.IsInert && Carries(value))
        {
            _carries[target] = changed = true;
        }

        if (!_tainted[target] && !type.IsInert && IsTainted(value))
        {
            _tainted[target] = changed = true;
        }

        return changed;
    }

    private bool Flows(Expr expr, bool throughOpaque)
    {
        if (expr.Type.IsInert)
        {
            return false;
        }

        return expr switch
        {
            VariableExpr v => _active[v.VariableId] || _carries[v.VariableId] || (throughOpaque && _tainted[v.VariableId]),
            ElementExpr e => _active[e.ArrayId] || _carries[e.ArrayId] || (throughOpaque && _tainted[e.ArrayId]),
            ViewExpr view => _active[view.ArrayId] || _carries[view.ArrayId] || (throughOpaque && _tainted[view.ArrayId]),
            LiteralExpr or LengthExpr or ThisExpr => false,
            OpaqueExpr when !throughOpaque => false,
            ConditionalExpr c => Flows(c.WhenTrue, throughOpaque) || Flows(c.WhenFalse, throughOpaque),
            _ => ExprWalker.Children(expr).Any(child => Flows(child, throughOpaque)),
        };
    }
}
