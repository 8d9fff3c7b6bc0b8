using System.Collections.Generic;
using System.Linq;
using GradGen.Generator.Helpers;
using GradGen.Generator.Model;

namespace GradGen.Generator.Differentiation;

/// <summary>
/// Which loops are counted loops the reverse sweep can replay by stepping their counter back, and what stays put
/// while it does: values fixed for the whole method (literals, lengths, variables assigned once outside loops) and the
/// counters of enclosing counted loops (held at each iteration's value while that iteration is reversed).
/// Shared by <see cref="RecordAnalysis"/> (what needs recording) and <see cref="AdjointWriter"/> (what is written).
/// </summary>
internal sealed class LoopShapes
{
    private readonly HashSet<int> _fixed;
    private readonly Dictionary<LoopStmt, CountedLoop> _counted = new(ReferenceComparer<LoopStmt>.Instance);
    private readonly Dictionary<LoopStmt, int> _fills = new(ReferenceComparer<LoopStmt>.Instance);
    private readonly Dictionary<int, Expr> _arrayLengths = new();

    public LoopShapes(MethodModel model)
    {
        _fixed = FixedVariables(model);
        foreach (var declaration in model.Body.OfType<ArrayDeclStmt>())
        {
            _arrayLengths[declaration.ArrayId] = declaration.Length;
        }

        Walk(model.Body, new HashSet<int>(), inLoop: false);
    }

    /// <summary>
    /// The local array a counted loop 'for (i = 0; i &lt; length; i++) { a[i] = …; … }' writes whole (every element,
    /// unconditionally, with the length it was declared with), or -1. Such a loop overwrites the array like an
    /// assignment overwrites a variable: what it overwrote is given back by its own statements' restores.
    /// </summary>
    public int FilledArray(LoopStmt loop) => _fills.TryGetValue(loop, out var array) ? array : -1;

    /// <summary>
    /// A loop 'i = a; while (i &lt; b) { body; i++; }' (or i--) whose body never assigns i, with a and b fixed or
    /// enclosing counters. <paramref name="Exit"/> is set for loops nested in another loop: the value the counter has
    /// when the loop ends (max(a, b) for 'i &lt; b'), which the reverse sweep gives the counter itself instead of taping
    /// the counter before every re-entry. <paramref name="Trips"/>, set for top-level loops too, is the number of iterations
    /// when it is positive (bound − start going up, start − bound going down; zero or negative when the loop does not run).
    /// </summary>
    internal readonly record struct CountedLoop(int Counter, Expr Start, int Step, Expr? Exit, Expr? Trips = null);

    public CountedLoop? Of(LoopStmt loop) => _counted.TryGetValue(loop, out var shape) ? shape : null;

    /// <summary>The counter the reverse sweep resets before replaying the loop, or -1.</summary>
    public int ResetCounter(LoopStmt loop) => Of(loop) is { Exit: not null } shape ? shape.Counter : -1;

    /// <summary>An expression with the same value wherever the reverse sweep evaluates it.</summary>
    public bool IsFixed(Expr expr) => IsStable(expr, _fixed);

    private static bool IsStable(Expr expr, ISet<int> stable) => expr switch
    {
        LiteralExpr or LengthExpr { Row: null } => true,
        LengthExpr { Row: { } row } => IsStable(row, stable),
        VariableExpr v => stable.Contains(v.VariableId),
        BinaryExpr { Op: BinaryOp.Add or BinaryOp.Subtract or BinaryOp.Multiply or BinaryOp.Divide } b => IsStable(b.Left, stable) && IsStable(b.Right, stable),
        UnaryExpr or ConversionExpr => ExprWalker.Children(expr).All(child => IsStable(child, stable)),
        _ => false,
    };

    private void Walk(IReadOnlyList<Stmt> statements, HashSet<int> counters, bool inLoop)
    {
        Stmt? previous = null;
        foreach (var statement in statements)
        {
            if (statement is LoopStmt loop)
            {
                var stable = new HashSet<int>(_fixed);
                stable.UnionWith(counters);
                var inner = counters;
                if (Counted(loop, previous, stable, inLoop) is { } shape)
                {
                    _counted[loop] = shape;
                    inner = new HashSet<int>(counters) { shape.Counter };
                    if (Filled(loop, shape) is { } array)
                    {
                        _fills[loop] = array;
                    }
                }

                Walk(loop.Body, inner, inLoop: true);
                Walk(loop.Increment, inner, inLoop: true);
            }
            else
            {
                foreach (var nested in StatementWalker.Nested(statement))
                {
                    Walk(nested, counters, inLoop);
                }
            }

            previous = statement;
        }
    }

    private int? Filled(LoopStmt loop, CountedLoop shape)
    {
        if (shape.Step != 1 || shape.Start is not LiteralExpr { Text: "0" }
            || loop.Condition is not BinaryExpr { Op: BinaryOp.LessThan, Left: VariableExpr counter, Right: var bound }
            || counter.VariableId != shape.Counter)
        {
            return null;
        }

        foreach (var statement in loop.Body)
        {
            if (statement is ElementAssignStmt { Index: VariableExpr index, Column: null } write
                && index.VariableId == shape.Counter
                && _arrayLengths.TryGetValue(write.ArrayId, out var length)
                && (bound is LengthExpr { ArrayId: var of } ? of == write.ArrayId : bound == length && IsFixed(length)))
            {
                return write.ArrayId;
            }
        }

        return null;
    }

    private static CountedLoop? Counted(LoopStmt loop, Stmt? previous, HashSet<int> stable, bool inLoop)
    {
        if (loop.ConditionAtEnd || loop.Increment.Count != 1
            || SelfUpdates.IntStep(loop.Increment[0]) is not { Right: LiteralExpr { Text: "1" } } step
            || loop.Increment[0] is not AssignStmt increment
            || previous is not AssignStmt init || init.VariableId != increment.VariableId
            || StatementWalker.Preorder(loop.Body).Any(s => s is AssignStmt a && a.VariableId == increment.VariableId)
            || ExprWalker.Reads(init.Value, increment.VariableId)
            || !IsStable(init.Value, stable))
        {
            return null;
        }

        var up = step.Op == BinaryOp.Add;
        Expr? exit = null;
        Expr? trips = null;
        if (loop.Condition is BinaryExpr { Left: VariableExpr counter } condition
            && counter.VariableId == increment.VariableId
            && condition.Right.Type.Kind == NumericKind.Int
            && !ExprWalker.Reads(condition.Right, increment.VariableId)
            && IsStable(condition.Right, stable))
        {
            var one = new LiteralExpr("1", TypeRef.Int, false);
            var bound = (up, condition.Op) switch
            {
                (true, BinaryOp.LessThan) => condition.Right,
                (true, BinaryOp.LessThanOrEqual) => new BinaryExpr(BinaryOp.Add, condition.Right, one, TypeRef.Int),
                (false, BinaryOp.GreaterThan) => condition.Right,
                (false, BinaryOp.GreaterThanOrEqual) => new BinaryExpr(BinaryOp.Subtract, condition.Right, one, TypeRef.Int),
                _ => null,
            };
            if (bound is not null && inLoop)
            {
                exit = new MathCallExpr("global::System.Math", up ? "Max" : "Min", new EquatableArray<Expr>(new[] { init.Value, bound }), TypeRef.Int);
            }

            if (bound is not null)
            {
                var inclusive = condition.Op is BinaryOp.LessThanOrEqual or BinaryOp.GreaterThanOrEqual;
                trips = up ? Difference(condition.Right, init.Value, inclusive) : Difference(init.Value, condition.Right, inclusive);
            }
        }

        return new CountedLoop(increment.VariableId, init.Value, up ? 1 : -1, exit, trips);
    }

    /// <summary><c>high − low</c>, plus one when <paramref name="inclusive"/>, without the '− 0' and '− 1 + 1' a reader would not write.</summary>
    private static Expr Difference(Expr high, Expr low, bool inclusive)
    {
        if (inclusive)
        {
            if (high is BinaryExpr { Op: BinaryOp.Subtract, Right: LiteralExpr { Text: "1" } } minusOne)
            {
                high = minusOne.Left;
            }
            else if (low is LiteralExpr { Text: "1" })
            {
                return high;
            }
            else
            {
                high = new BinaryExpr(BinaryOp.Add, high, new LiteralExpr("1", TypeRef.Int, false), TypeRef.Int);
            }
        }

        return low is LiteralExpr { Text: "0" } ? high : new BinaryExpr(BinaryOp.Subtract, high, low, TypeRef.Int);
    }

    private static HashSet<int> FixedVariables(MethodModel model)
    {
        var writes = new Dictionary<int, int>();
        var inLoops = new HashSet<int>();
        void Walk(IReadOnlyList<Stmt> statements, bool inLoop)
        {
            foreach (var statement in statements)
            {
                if (statement is AssignStmt a)
                {
                    writes[a.VariableId] = writes.TryGetValue(a.VariableId, out var n) ? n + 1 : 1;
                    if (inLoop)
                    {
                        inLoops.Add(a.VariableId);
                    }
                }

                foreach (var nested in StatementWalker.Nested(statement))
                {
                    Walk(nested, inLoop || statement is LoopStmt);
                }
            }
        }

        Walk(model.Body, inLoop: false);
        var result = new HashSet<int>();
        foreach (var variable in model.Variables)
        {
            var count = writes.TryGetValue(variable.Id, out var n) ? n : 0;
            var isParameter = variable.Kind == VariableKind.Parameter;
            if (!inLoops.Contains(variable.Id) && (isParameter ? count == 0 : count == 1))
            {
                result.Add(variable.Id);
            }
        }

        return result;
    }
}
