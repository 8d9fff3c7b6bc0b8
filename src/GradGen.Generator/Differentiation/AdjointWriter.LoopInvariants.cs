using System.Collections.Generic;
using System.Linq;
using GradGen.Generator.Differentiation.Adjoint;
using GradGen.Generator.Helpers;
using GradGen.Generator.Model;

namespace GradGen.Generator.Differentiation;

/// <summary>
/// Loop-invariant values of the forward sweep: a subexpression of a loop's body that reads array elements (or calls a
/// Math function) and nothing the loop changes is computed once before the loop, in a local the body's forward code
/// reads (<c>x[p * d + i] - means[c * d + i]</c> in the GMM's triangle, once per row instead of once per element). The
/// JIT cannot do this itself: it does not move a load past the loop's stores to another span, which it cannot prove
/// distinct. The generator can: the only arrays a differentiable method writes are its own locals (parameters are
/// read-only to the transform), so an array the loop does not write cannot change while it runs, and a loop without
/// calls other than System.Math changes nothing else. Only the forward sweep reads these locals; the reverse sweep
/// prints from the model (the reverse's own invariants are <see cref="InvariantTemps"/>'s).
/// </summary>
internal sealed partial class AdjointWriter
{
    /// <summary>Hoisted values of the loops being visited, by value: an equal expression anywhere in their bodies reads the local.</summary>
    private readonly Dictionary<Expr, string> _invariants = new();

    /// <summary>The forward printing of a statement's value: hoisted invariants of the enclosing loops are read from their locals.</summary>
    private Code? Invariant(Expr expr) =>
        _invariants.Count > 0 && _invariants.TryGetValue(expr, out var name) ? Code.Name(name) : null;

    /// <summary>
    /// The invariant subexpressions of <paramref name="loop"/> worth a local, each with its name and declaration, registered in
    /// <see cref="_invariants"/> until <see cref="ForgetInvariants"/>. Only expressions of statements the body runs in
    /// every iteration (its own assignments, not those under an 'if' or in a nested loop, not a '?:' branch or the right
    /// of '&amp;&amp;') are taken: computed before the first iteration (under the loop's condition), they fail exactly where the
    /// first iteration would have.
    /// </summary>
    private List<(Expr Value, string Name, Line Declaration)> HoistInvariants(LoopStmt loop)
    {
        var hoisted = new List<(Expr, string, Line)>();
        var statements = StatementWalker.Preorder(loop.Body).Concat(StatementWalker.Preorder(loop.Increment)).ToList();
        if (statements.Any(s => s is ExpressionStmt or ArrayDeclStmt or ReturnStmt)
            || statements.SelectMany(StatementWalker.Expressions).Append(loop.Condition).Any(CallsOutsideMath))
        {
            return hoisted;
        }

        var assigned = new HashSet<int>(statements.OfType<AssignStmt>().Select(a => a.VariableId));
        var written = new HashSet<int>(statements.OfType<ElementAssignStmt>().Select(e => e.ArrayId));
        var found = new List<Expr>();
        EveryIteration.Walk(loop.Body, Collect);

        foreach (var value in found)
        {
            // Printed before it is registered (it would read itself), with the enclosing loops' invariants.
            var name = _names.FreshNumbered("_inv");
            hoisted.Add((value, name, new Declare(value.Type.Text, name, _printer.Print(value, Invariant))));
        }

        foreach (var (value, name, _) in hoisted)
        {
            _invariants.Add(value, name);
        }

        return hoisted;

        // The largest invariant parts: an expression taken is not searched further.
        bool Collect(Expr expr)
        {
            if (expr.Type.Kind is NumericKind.Double or NumericKind.Float or NumericKind.Int
                && expr is not (VariableExpr or LiteralExpr or LengthExpr)
                && IsInvariant(expr) && Loads(expr))
            {
                if (!found.Contains(expr) && !_invariants.ContainsKey(expr))
                {
                    found.Add(expr);
                }

                return true;
            }

            return false;
        }

        bool IsInvariant(Expr expr) => expr switch
        {
            LiteralExpr or LengthExpr { Row: null } => true,
            LengthExpr { Row: { } row } => IsInvariant(row),
            VariableExpr v => !assigned.Contains(v.VariableId),
            ElementExpr e => !written.Contains(e.ArrayId) && IsInvariant(e.Index) && (e.Column is null || IsInvariant(e.Column)),
            BinaryExpr or UnaryExpr or ConversionExpr or ConditionalExpr or MathCallExpr => ExprWalker.Children(expr).All(IsInvariant),
            _ => false,
        };
    }

    private void ForgetInvariants(List<(Expr Value, string Name, Line Declaration)> hoisted)
    {
        foreach (var (value, _, _) in hoisted)
        {
            _invariants.Remove(value);
        }
    }

    /// <summary>Whether computing the expression reads memory or calls a function: what the JIT leaves inside the loop.</summary>
    private static bool Loads(Expr expr) =>
        expr is ElementExpr or MathCallExpr || ExprWalker.Children(expr).Any(Loads);

    private static bool CallsOutsideMath(Expr expr) =>
        expr is DifferentiableCallExpr or OpaqueExpr or NumericCallExpr or ThisExpr or ThrowExpr || ExprWalker.Children(expr).Any(CallsOutsideMath);
}
