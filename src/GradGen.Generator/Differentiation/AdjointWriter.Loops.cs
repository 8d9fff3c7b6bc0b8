using System;
using System.Collections.Generic;
using System.Linq;
using GradGen.Generator.Differentiation.Adjoint;
using GradGen.Generator.Helpers;
using GradGen.Generator.Model;

namespace GradGen.Generator.Differentiation;

/// <summary>
/// Loops: the reverse sweep runs the body's adjoint once per iteration, last iteration first. A canonical counted loop
/// steps its counter back (no trip count); any other loop counts its iterations (a local, or a tape inside a loop).
/// </summary>
internal sealed partial class AdjointWriter
{
    private (LineList Forward, Func<LineList> Reverse) VisitLoop(LoopStmt loop, int depth, int loops, Stmt? previous)
    {
        var recompute = Canonical(loop, previous) is { } counterLoop ? Recomputable(loop, counterLoop.Counter) : new List<AssignStmt>();
        foreach (var statement in recompute)
        {
            _recomputed.Add(statement);
        }

        var invariants = HoistInvariants(loop);
        var invariantLines = invariants.Select(h => h.Declaration).ToList();
        var forwardRows = EnterForwardRows(loop);
        (LineList, Func<LineList>, LineList, Func<LineList>) VisitBody()
        {
            var (bodyForward, bodyReverse) = _storage.InLevel(loop, () => VisitBlock(loop.Body, depth + 1, loops + 1));
            var (stepForward, stepReverse) = _storage.InLevel(null, () => VisitBlock(loop.Increment, depth + 1, loops + 1));
            return (bodyForward, bodyReverse, stepForward, stepReverse);
        }

        // A top-level loop starts a nest of slots (StorageAllocation).
        var (bodyForward, bodyReverse, stepForward, stepReverse) = !_storage.InAnyNest && depth == 0 && loops == 0
            ? _storage.InNest(fusedBody: false, VisitBody)
            : VisitBody();
        invariantLines.AddRange(LeaveForwardRows(forwardRows, loop));
        ForgetInvariants(invariants);
        var condition = _printer.Print(loop.Condition);
        var forward = new LineList();

        var canonical = HasReverse(loop) ? Canonical(loop, previous) : null;
        var counter = HasReverse(loop) && canonical is null ? TripCounter(forward, depth, loops) : null;
        WriteLoopForward(forward, loop, condition, invariantLines, counter, bodyForward, stepForward);
        if (canonical is { } c)
        {
            return (forward, () => ReplayCountedLoop(loop, c, recompute, bodyReverse));
        }

        if (counter is null)
        {
            return (forward, () => ResetCounter(loop));
        }

        string? counts = null;
        if (loops > 0)
        {
            counts = _storage.Tape("int");
            forward.Add(new RecordSite.Tape(counts).Record(Code.Name(counter)));
        }

        return (forward, () =>
        {
            var reverse = new LineList();
            reverse.Comment(loop.Source);
            if (counts is not null)
            {
                reverse.Add(new Declare("int", counter, Code.Pop(counts)));
            }

            reverse.Open(new Open(BlockKind.CountDown, Counter: counter));
            reverse.Append(stepReverse());
            reverse.Append(bodyReverse());
            reverse.Close();
            return reverse;
        });
    }

    /// <summary>The trip count: the reverse sweep runs the body's adjoint that many times, last iteration first.</summary>
    private string TripCounter(LineList forward, int depth, int loops)
    {
        var counter = _names.FreshNumbered("_n");
        if (loops == 0 && depth > 0)
        {
            Hoist("int", counter, "0");
        }
        else
        {
            forward.Add(new Declare("int", counter, Code.Literal("0", false)));
        }

        return counter;
    }

    private static void WriteLoopForward(LineList forward, LoopStmt loop, Code condition, List<Line> invariantLines, string? counter, LineList body, LineList step)
    {
        var guarded = invariantLines.Count > 0 && !loop.ConditionAtEnd;
        if (guarded)
        {
            // The invariants are computed only if the loop runs: an index valid in every iteration need not be otherwise.
            forward.Open(new Open(BlockKind.If, condition));
        }

        foreach (var line in invariantLines)
        {
            forward.Add(line);
        }

        forward.Open(loop.ConditionAtEnd ? new Open(BlockKind.Do) : new Open(BlockKind.While, condition));
        if (counter is not null)
        {
            forward.Add(new Step(counter, Up: true));
        }

        forward.Append(body);
        forward.Append(step);
        if (loop.ConditionAtEnd)
        {
            forward.Close(new Close(condition));
        }
        else
        {
            forward.Close();
        }

        if (guarded)
        {
            forward.Close();
        }
    }

    /// <summary>
    /// for (i = a; …; i++): the counter itself says how many iterations ran. Stepping it back to a replays them, with i
    /// at each iteration's value, and leaves the loop in registers (no separate trip count).
    /// </summary>
    private LineList ReplayCountedLoop(LoopStmt loop, LoopShapes.CountedLoop c, List<AssignStmt> recompute, Func<LineList> bodyReverse)
    {
        var name = _names.Variable(c.Counter);
        var start = _printer.Print(c.Start);
        var reverse = new LineList();
        reverse.Comment(loop.Source);
        if (c.Exit is { } exit)
        {
            // Where the counter stopped, computed instead of taped before each re-entry of the loop.
            reverse.Add(new Assign(Target.Of(name), "=", _printer.Print(exit)));
        }

        var counterCode = Code.Name(name);
        var ran = Code.Atom(name + (c.Step > 0 ? " > " : " < ") + start.At(Precedence.Relational), NameSet.Union(counterCode.Names, start.Names), start);
        var rows = EnterRows(RowCandidates(loop, c), name);
        var replay = new LineList();
        replay.Open(new Open(BlockKind.While, ran));
        replay.Add(new Step(name, Up: c.Step < 0));
        foreach (var statement in recompute)
        {
            // Recomputed from inputs that do not change, instead of saved each iteration.
            replay.Add(new Assign(Target.Of(_names.Variable(statement.VariableId)), "=", _printer.Print(statement.Value)));
        }

        replay.Append(bodyReverse());
        replay.Close();
        var rowDeclarations = LeaveRows(rows);
        if (rowDeclarations.Count == 0)
        {
            reverse.Append(replay);
            return reverse;
        }

        // The rows exist only if the loop ran (AdjointWriter.RowViews).
        reverse.Open(new Open(BlockKind.If, ran));
        foreach (var declaration in rowDeclarations)
        {
            reverse.Add(declaration);
        }

        reverse.Append(replay);
        reverse.Close();
        return reverse;
    }

    /// <summary>Nothing to reverse; a counter the analysis expects this loop to reset is still reset (RecordAnalysis).</summary>
    private LineList ResetCounter(LoopStmt loop)
    {
        var reverse = new LineList();
        if (_loops.Of(loop) is { Exit: { } exit } shape)
        {
            reverse.Add(new Assign(Target.Of(_names.Variable(shape.Counter)), "=", _printer.Print(exit)));
        }

        return reverse;
    }

    private readonly HashSet<Stmt> _recomputed = new(ReferenceComparer<Stmt>.Instance);

    /// <summary>
    /// Locals a canonical loop's body declares first thing, from values that hold still during the reverse sweep
    /// (the counter, fixed values, parameters and their elements, earlier such locals) and never assigns again:
    /// the reverse sweep recomputes them at the start of each iteration instead of taping them.
    /// </summary>
    private List<AssignStmt> Recomputable(LoopStmt loop, int counter)
    {
        var result = new List<AssignStmt>();
        var allowed = new HashSet<int> { counter };
        var writes = StatementWalker.Preorder(loop.Body).OfType<AssignStmt>().GroupBy(a => a.VariableId).ToDictionary(g => g.Key, g => g.Count());
        foreach (var statement in loop.Body)
        {
            if (statement is not AssignStmt { IsDeclaration: true } declaration || writes[declaration.VariableId] != 1 || !Stable(declaration.Value, allowed))
            {
                break;
            }

            result.Add(declaration);
            allowed.Add(declaration.VariableId);
        }

        return result;
    }

    private bool Stable(Expr expr, HashSet<int> allowed) => expr switch
    {
        LiteralExpr or LengthExpr { Row: null } => true,
        LengthExpr { Row: { } row } => Stable(row, allowed),
        VariableExpr v => allowed.Contains(v.VariableId) || IsFixed(v),
        ElementExpr e => _model.Variables[e.ArrayId].Kind == VariableKind.Parameter && Stable(e.Index, allowed) && (e.Column is null || Stable(e.Column, allowed)),
        BinaryExpr or UnaryExpr or ConversionExpr or MathCallExpr => ExprWalker.Children(expr).All(c => Stable(c, allowed)),
        _ => false,
    };

    private LoopShapes.CountedLoop? Canonical(LoopStmt loop, Stmt? previous) => _loops.Of(loop);

    private bool IsFixed(Expr expr) => _loops.IsFixed(expr);
}
