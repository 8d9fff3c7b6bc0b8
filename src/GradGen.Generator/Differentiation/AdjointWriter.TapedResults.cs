using System.Collections.Generic;
using GradGen.Generator.Differentiation.Adjoint;
using GradGen.Generator.Helpers;
using GradGen.Generator.Model;

namespace GradGen.Generator.Differentiation;

/// <summary>
/// The values of Exp, Tanh, Sqrt, Cbrt and Tan calls that are not the whole right-hand side
/// (<c>sumExp += Math.Exp(t - max)</c>, <c>Math.Log(1 + Math.Exp(-z))</c>) are kept for the statement's reverse instead of
/// calling the function a second time there: in a local where the statement runs at most once before its reverse (outside
/// loops, or in the body of a fused loop), else in a slot (AdjointWriter.Slots) or pushed on a tape and popped (a push
/// and a pop cost a fraction of an exponential). (A call that is the whole right-hand side is read back from its target: RecordAnalysis.ReusesResult.)
/// </summary>
internal sealed partial class AdjointWriter
{
    private readonly Dictionary<Stmt, List<(MathCallExpr Call, Code? Read, string Local)>> _tapedResults = new(ReferenceComparer<Stmt>.Instance);

    /// <summary>
    /// Computes the statement's taped calls into locals and pushes them (innermost first); returns the value with those
    /// calls replaced by the locals. Forward: saves, then these pushes, then the assignment; the reverse pops them first,
    /// then restores, so the tape stays last in, first out.
    /// </summary>
    private Code PrintTapingResults(Stmt statement, Expr value, int target, LineList forward, HashSet<string> tapes, int depth, int loops)
    {
        var calls = new List<MathCallExpr>();
        if (!_recomputed.Contains(statement) && !_records.ReusesResult(statement)
            && _activity.IsActive(target) && _activity.IsActive(value))
        {
            Collect(value, calls);
        }

        if (calls.Count == 0)
        {
            return _printer.Print(value, Invariant);
        }

        var locals = new Dictionary<Expr, Code>(ReferenceComparer<Expr>.Instance);
        var taped = new List<(MathCallExpr, Code?, string)>();
        foreach (var call in calls)
        {
            var local = _names.FreshNumbered("_e");
            var computed = _printer.Print(call, sub => !ReferenceEquals(sub, call) && locals.TryGetValue(sub, out var known) ? known : Invariant(sub));
            var site = _storage.Place(call.Type, depth, loops, () => local);
            if (site is RecordSite.Local)
            {
                forward.Add(site.Record(computed));
            }
            else
            {
                if (site is RecordSite.Tape tape)
                {
                    tapes.Add(tape.Name);
                }

                forward.Add(new Declare(call.Type.Text, local, computed));
                forward.Add(site.Record(Code.Name(local)));
            }

            Code? read = site is RecordSite.Local ? null : site.Read;
            locals[call] = Code.Name(local);
            taped.Add((call, read, local));
        }

        _tapedResults[statement] = taped;
        return _printer.Print(value, sub => locals.TryGetValue(sub, out var known) ? known : Invariant(sub));
    }

    /// <summary>The reverse's first step for a statement with taped calls: pop their values, last pushed first, and bind them.</summary>
    private void PopTapedResults(ReverseScope scope, Stmt statement)
    {
        if (!_tapedResults.TryGetValue(statement, out var taped))
        {
            return;
        }

        for (var i = taped.Count - 1; i >= 0; i--)
        {
            var (call, read, local) = taped[i];
            if (read is not { } value)
            {
                scope.Bound[call] = Code.Name(local);
                continue;
            }

            var name = _names.FreshNumbered("_t");
            scope.Lines.Add(new Declare(call.Type.Text, name, value, IsTemp: true));
            scope.Bound[call] = Code.Name(name);
        }
    }

    /// <summary>Active value-only calls outside '?:' branches and call arguments, innermost first.</summary>
    private void Collect(Expr expr, List<MathCallExpr> calls)
    {
        switch (expr)
        {
            case ConditionalExpr or DifferentiableCallExpr or NumericCallExpr or OpaqueExpr:
                return;
        }

        foreach (var child in ExprWalker.Children(expr))
        {
            Collect(child, calls);
        }

        if (expr is MathCallExpr call && DerivativeRules.UsesOnlyResult(call.Function, call.Arguments.Count) && _activity.IsActive(call))
        {
            calls.Add(call);
        }
    }
}
