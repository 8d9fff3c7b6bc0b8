using System.Collections.Generic;
using System.Linq;
using System.Threading;
using GradGen.Generator.Analysis;
using GradGen.Generator.Helpers;
using GradGen.Generator.Model;

namespace GradGen.Generator.Differentiation;

/// <summary>
/// Loop fusion: which top-level loops can run each iteration's reverse right after its forward, in one pass over the
/// data, instead of a forward loop and then a reverse loop that replays it (and tapes what the replay cannot recompute).
/// <para>
/// That is sound for a counted loop whose iterations share nothing but sums: every variable it writes is the counter,
/// declared in its body (C# gives each iteration a fresh one, written before read), a local array every iteration
/// rewrites whole before reading it, or an accumulator <c>s += f</c> that nothing in the loop reads except its own
/// updates (so the reverse never reads s and never changes s̄). The adjoint of each accumulator must be known before the
/// loop: it comes from the return alone, whose reverse reads nothing the loop writes (<c>return sum;</c>,
/// <c>return loss / n;</c>), and nothing before the loop reads what it writes. Such loops are moved (with their
/// initialisation) just before the return, past statements that neither read nor write what they touch, so a
/// loop followed by independent code (the GMM's point loop, then its prior) still qualifies; a loop that calls
/// methods other than System.Math's fuses only where it is (moving it would change the order of the calls).
/// </para>
/// Then the writer emits: the code before the loops; the return's reverse (seeding the accumulators' adjoints);
/// each loop as <c>while (cond) { body forward; body reverse; step }</c>; the value; the reverse of the code before.
/// Inside a fused body, restores serve only the same iteration (<see cref="RecordAnalysis"/> stops its search at the
/// body's start), and what is saved lives in locals, not on tapes.
/// </summary>
internal static class LoopFusion
{
    /// <summary>The model with fusable loops moved just before the return (the same object if nothing moved), and those loops.</summary>
    /// <param name="Shapes">The loop shapes of <paramref name="Model"/> (computed here already).</param>
    internal sealed record Plan(MethodModel Model, IReadOnlyCollection<LoopStmt> Loops, LoopShapes? Shapes);

    public static Plan Of(MethodModel model, CancellationToken cancellationToken = default)
    {
        cancellationToken.ThrowIfCancellationRequested();
        var body = model.Body;
        var none = new Plan(model, new LoopStmt[0], null);
        if (body.Count < 3 || body[body.Count - 1] is not ReturnStmt ret || !body.Any(s => s is LoopStmt))
        {
            return none;
        }

        var shapes = new LoopShapes(model);
        var returnReads = new HashSet<int>();
        RecordAnalysis.BackpropReads(ret.Value, returnReads, new ActivityView(model));
        var returnMentions = new HashSet<int>();
        ExprWalker.CollectVariables(ret.Value, returnMentions);

        // Units: a counted loop with the initialisation of its counter, or one other statement.
        var units = new List<Unit>();
        for (var i = 0; i < body.Count - 1; i++)
        {
            if (i + 1 < body.Count - 1 && body[i + 1] is LoopStmt loop && shapes.Of(loop) is { } shape
                && body[i] is AssignStmt { IsDeclaration: true } init && init.VariableId == shape.Counter)
            {
                units.Add(new Unit(new Stmt[] { init, loop }));
                i++;
            }
            else
            {
                units.Add(new Unit(new[] { body[i] }));
            }
        }

        var tail = new List<Unit>();
        for (var u = units.Count - 1; u >= 0; u--)
        {
            var unit = units[u];
            if (unit.Loop is not { } loop
                || Throws.Anywhere(unit.Statements)
                || Accumulators(model, shapes, loop, unit) is not { } accumulators
                || (unit.HasCalls && units.Skip(u + 1).Any(after => !tail.Contains(after)))
                || returnReads.Overlaps(unit.Writes)
                || returnMentions.Any(v => unit.Writes.Contains(v) && !accumulators.Contains(v))
                || units.Take(u).Any(before => before.Reads.Overlaps(unit.Writes))
                || units.Skip(u + 1).Any(after => !Independent(model, unit, after)))
            {
                continue;
            }

            tail.Insert(0, unit);
        }

        if (tail.Count == 0)
        {
            return none with { Shapes = shapes };
        }

        var order = units.Where(u => !tail.Contains(u)).Concat(tail).SelectMany(u => u.Statements).Concat(new Stmt[] { ret }).ToArray();
        var unchanged = order.SequenceEqual(body, ReferenceComparer<Stmt>.Instance);
        return new Plan(unchanged ? model : model with { Body = new EquatableArray<Stmt>(order) }, tail.Select(u => u.Loop!).ToArray(), unchanged ? shapes : null);
    }

    /// <summary>
    /// The accumulators of a loop whose iterations are independent otherwise (see the class summary), or null if some
    /// variable it writes is none of: its counter, declared in its body, a local array rewritten whole before it is
    /// read in each iteration, an accumulator.
    /// </summary>
    private static HashSet<int>? Accumulators(MethodModel model, LoopShapes shapes, LoopStmt loop, Unit unit)
    {
        var counter = shapes.Of(loop)!.Value.Counter;
        var statements = StatementWalker.Preorder(loop.Body).Concat(StatementWalker.Preorder(loop.Increment)).ToList();
        var declared = new HashSet<int>(statements.OfType<AssignStmt>().Where(a => a.IsDeclaration).Select(a => a.VariableId));
        var accumulators = new HashSet<int>();
        foreach (var written in unit.Writes)
        {
            if (written == counter || declared.Contains(written))
            {
                continue;
            }

            var type = model.Variables[written].Type;
            if (type.IsRealCollection && model.Body.Any(s => s is ArrayDeclStmt d && d.ArrayId == written))
            {
                if (!RewrittenBeforeRead(shapes, loop.Body, written) || Mentions(loop.Condition, written) || loop.Increment.Any(s => Mentions(s, written)))
                {
                    return null;
                }

                continue;
            }

            if (!type.IsReal || statements.Any(s => s is ElementAssignStmt e && e.ArrayId == written))
            {
                return null;
            }

            accumulators.Add(written);
        }

        // Every write of an accumulator adds to it, and nothing else in the loop reads one: its reverse neither reads
        // the sum nor changes the sum's adjoint, and no sum depends on another.
        foreach (var statement in statements)
        {
            if (statement is AssignStmt a && accumulators.Contains(a.VariableId))
            {
                if (SelfUpdates.Accumulation(a) is not { } update
                    || update.Type != model.Variables[a.VariableId].Type
                    || accumulators.Any(v => ExprWalker.Reads(update.Right, v)))
                {
                    return null;
                }
            }
            else if (StatementWalker.Expressions(statement).Any(e => accumulators.Any(v => ExprWalker.Reads(e, v))))
            {
                return null;
            }
        }

        return accumulators.Any(v => ExprWalker.Reads(loop.Condition, v)) ? null : accumulators;
    }

    /// <summary>
    /// Whether each run of <paramref name="statements"/> writes every element of <paramref name="array"/> before it reads
    /// any: the first statement that mentions the array is a loop filling it whole (LoopShapes.FilledArray) that reads
    /// no element it has not written yet, or a counted loop whose body does that, with no mention after it (a loop that
    /// ran zero times wrote nothing).
    /// </summary>
    private static bool RewrittenBeforeRead(LoopShapes shapes, IReadOnlyList<Stmt> statements, int array)
    {
        for (var i = 0; i < statements.Count; i++)
        {
            if (!Mentions(statements[i], array))
            {
                continue;
            }

            if (statements[i] is not LoopStmt loop || shapes.Of(loop) is not { } shape
                || Mentions(loop.Condition, array) || loop.Increment.Any(s => Mentions(s, array)))
            {
                return false;
            }

            if (shapes.FilledArray(loop) == array)
            {
                return FillsBeforeReading(loop, shape.Counter, array);
            }

            return RewrittenBeforeRead(shapes, loop.Body, array) && !statements.Skip(i + 1).Any(s => Mentions(s, array));
        }

        return true;
    }

    /// <summary>In the filling loop's body: nothing mentions the array before 'a[i] = v' (v not reading it), and after it only a[i] is used.</summary>
    private static bool FillsBeforeReading(LoopStmt loop, int counter, int array)
    {
        var filled = false;
        foreach (var statement in loop.Body)
        {
            if (!filled)
            {
                if (statement is ElementAssignStmt { Index: VariableExpr index, Column: null } write && write.ArrayId == array && index.VariableId == counter)
                {
                    if (ExprWalker.Reads(write.Value, array))
                    {
                        return false;
                    }

                    filled = true;
                }
                else if (Mentions(statement, array))
                {
                    return false;
                }

                continue;
            }

            foreach (var nested in StatementWalker.Preorder(new[] { statement }))
            {
                if ((nested is ElementAssignStmt e && e.ArrayId == array && !(e.Index is VariableExpr v && v.VariableId == counter && e.Column is null))
                    || StatementWalker.Expressions(nested).Any(x => !OnlyAt(x, array, counter)))
                {
                    return false;
                }
            }
        }

        return filled;
    }

    /// <summary>The expression reads the array only as a[counter].</summary>
    private static bool OnlyAt(Expr expr, int array, int counter) => expr switch
    {
        ElementExpr e when e.ArrayId == array => e.Index is VariableExpr v && v.VariableId == counter && e.Column is null,
        VariableExpr v => v.VariableId != array,
        _ => ExprWalker.Children(expr).All(child => OnlyAt(child, array, counter)),
    };

    private static bool Mentions(Stmt statement, int variable) =>
        StatementWalker.Preorder(new[] { statement }).Any(s =>
            s switch
            {
                AssignStmt a when a.VariableId == variable => true,
                ElementAssignStmt e when e.ArrayId == variable => true,
                ArrayDeclStmt d when d.ArrayId == variable => true,
                _ => StatementWalker.Expressions(s).Any(e => Mentions(e, variable)),
            });

    private static bool Mentions(Expr expr, int variable) => ExprWalker.Reads(expr, variable);

    /// <summary>
    /// Whether a loop unit can trade places with another statement: neither writes what the other reads or writes,
    /// and where the other calls out (a call might see or change an array), the unit touches no array the other
    /// mentions and no mutable parameter array.
    /// </summary>
    private static bool Independent(MethodModel model, Unit unit, Unit other)
    {
        if (unit.Writes.Overlaps(other.Reads) || unit.Writes.Overlaps(other.Writes) || other.Writes.Overlaps(unit.Reads)
            || other.Statements.Any(s => StatementWalker.Preorder(new[] { s }).Any(n => n is ExpressionStmt))
            || Throws.Anywhere(other.Statements))
        {
            return false;
        }

        if (!other.HasCalls)
        {
            return true;
        }

        // Scalars are beyond a callee's reach, and so is a local array the other statement does not pass it.
        return unit.Reads.All(v =>
        {
            var variable = model.Variables[v];
            return variable.Type.Collection switch
            {
                CollectionKind.None => true,
                CollectionKind.ReadOnlySpan when variable.Kind == VariableKind.Parameter => true,
                _ => variable.Kind != VariableKind.Parameter && !other.Reads.Contains(v) && !other.Writes.Contains(v),
            };
        });
    }

    /// <summary>Top-level statements that move together: a counted loop and the initialisation of its counter, or one statement.</summary>
    private sealed class Unit
    {
        public Unit(IReadOnlyList<Stmt> statements)
        {
            Statements = statements;
            Loop = statements.Count == 2 ? statements[1] as LoopStmt : null;
            foreach (var statement in StatementWalker.Preorder(statements))
            {
                switch (statement)
                {
                    case AssignStmt a:
                        Writes.Add(a.VariableId);
                        break;
                    case ElementAssignStmt e:
                        // Part of the array keeps its old value: a read as well as a write.
                        Writes.Add(e.ArrayId);
                        Reads.Add(e.ArrayId);
                        break;
                    case ArrayDeclStmt d:
                        Writes.Add(d.ArrayId);
                        break;
                }

                foreach (var expression in StatementWalker.Expressions(statement))
                {
                    ExprWalker.CollectVariables(expression, Reads);
                    HasCalls |= HasCall(expression);
                }
            }
        }

        public IReadOnlyList<Stmt> Statements { get; }

        public LoopStmt? Loop { get; }

        public HashSet<int> Reads { get; } = new();

        public HashSet<int> Writes { get; } = new();

        /// <summary>Calls anything but System.Math: they might have effects the order of statements shows.</summary>
        public bool HasCalls { get; }

        private static bool HasCall(Expr expr) =>
            expr is DifferentiableCallExpr or OpaqueExpr or NumericCallExpr || ExprWalker.Children(expr).Any(HasCall);
    }
}
