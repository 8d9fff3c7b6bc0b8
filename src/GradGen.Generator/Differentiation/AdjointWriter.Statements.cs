using System;
using System.Collections.Generic;
using System.Linq;
using System.Threading;
using GradGen.Generator.Differentiation.Adjoint;
using GradGen.Generator.Helpers;
using GradGen.Generator.Model;

namespace GradGen.Generator.Differentiation;

/// <summary>
/// Statements: each visit returns the statement's forward code and its reverse code together, so what the
/// forward sweep records (a saved value, a branch, a trip count) and what the reverse sweep reads back are
/// decided in one place. <c>depth</c> counts enclosing blocks, <c>loops</c> enclosing loops.
/// </summary>
internal sealed partial class AdjointWriter
{
    /// <summary>
    /// Forward code now; reverse code as a function run later, last statement first, so the reverse sweep's
    /// locals are numbered in the order a reader meets them. The values a statement saves for the reverse sweep are
    /// recorded as early in the block as they can be (above statements that neither change them nor use the same
    /// tape): a tape push can call into the pool, and a call between a loop's accumulator and the loop would keep
    /// the accumulator out of registers for the whole loop.
    /// </summary>
    private (LineList Forward, Func<LineList> Reverse) VisitBlock(IReadOnlyList<Stmt> statements, int depth, int loops)
    {
        var entries = new List<Entry>();
        var reverses = new List<Func<LineList>>();
        Stmt? previous = null;
        foreach (var statement in statements)
        {
            _cancellationToken.ThrowIfCancellationRequested();
            var (recorded, f, r) = Visit(statement, depth, loops, previous);
            var saves = recorded.Saves;
            var entry = new Entry(statement, saves, f, recorded.Tapes);
            var position = entries.Count;
            if (saves.Count > 0 && entry.Tapes.Count > 0)
            {
                var reads = SaveReads(statement);
                while (position > 0 && entries[position - 1].Movable && !entries[position - 1].Writes.Overlaps(reads) && !entries[position - 1].Tapes.Overlaps(entry.Tapes))
                {
                    position--;
                }

                if (position < entries.Count)
                {
                    entries[position].Prefix.Append(saves);
                    entry = entry with { Saves = new LineList() };
                }
            }

            entries.Add(entry);
            reverses.Add(r);
            previous = statement;
        }

        var forward = new LineList();
        var afterBlock = false;
        foreach (var entry in entries)
        {
            var lines = new LineList();
            lines.Append(entry.Prefix);
            lines.Append(entry.Saves);
            lines.Append(entry.Forward);
            if (afterBlock && lines.Count > 0)
            {
                forward.Blank();
            }

            forward.Append(lines);
            afterBlock = lines.Count > 0 ? lines.Last is Close : afterBlock;
        }

        return (forward, () =>
        {
            var reverse = new LineList();
            for (var i = reverses.Count - 1; i >= 0; i--)
            {
                reverse.Append(reverses[i]());
            }

            return reverse;
        });
    }

    /// <summary>
    /// What one statement records for the reverse sweep before it runs (<see cref="Saves"/>: the old values it overwrites),
    /// which may move up its block, and the tapes those saves and its own pushes use (<see cref="Tapes"/>: a save cannot
    /// move above a statement that uses one of them, which would change the order of the tape).
    /// </summary>
    private sealed record Recorded(LineList Saves, HashSet<string> Tapes)
    {
        public Recorded()
            : this(new LineList(), new HashSet<string>())
        {
        }
    }

    /// <summary>One statement's forward code in a block: saves moved up from later statements, its own saves, its code.</summary>
    private sealed record Entry(Stmt Statement, LineList Saves, LineList Forward, HashSet<string> Tapes)
    {
        public LineList Prefix { get; } = new();

        public bool Movable => Statement is AssignStmt or ElementAssignStmt or ExpressionStmt;

        public HashSet<int> Writes { get; } = Statement switch
        {
            AssignStmt a => new HashSet<int> { a.VariableId },
            ElementAssignStmt e => new HashSet<int> { e.ArrayId },
            _ => new HashSet<int>(),
        };
    }

    /// <summary>What a statement's save reads: the variable, or the array and the index's variables.</summary>
    private static HashSet<int> SaveReads(Stmt statement)
    {
        var reads = new HashSet<int>();
        switch (statement)
        {
            case AssignStmt a:
                reads.Add(a.VariableId);
                break;
            case ElementAssignStmt e:
                reads.Add(e.ArrayId);
                ExprWalker.CollectVariables(e.Index, reads);
                if (e.Column is not null)
                {
                    ExprWalker.CollectVariables(e.Column, reads);
                }

                break;
        }

        return reads;
    }

    private (Recorded Recorded, LineList Forward, Func<LineList> Reverse) Visit(Stmt statement, int depth, int loops, Stmt? previous)
    {
        var forward = new LineList();
        var recorded = new Recorded();
        Action<ReverseScope>? reverse = null;
        switch (statement)
        {
            case AssignStmt assign:
                reverse = VisitAssign(assign, forward, recorded, depth, loops);
                break;
            case ElementAssignStmt element:
                reverse = VisitElementAssign(element, forward, recorded, depth, loops);
                break;
            case ArrayDeclStmt array:
                VisitArrayDecl(array, forward);
                break;
            case ExpressionStmt expression:
                forward.Add(new Evaluate(_printer.Print(expression.Value)));
                break;
            case ReturnStmt ret:
                if (_mode != SweepMode.Pullback)
                {
                    _valueName = _names.Fresh("_value");
                    forward.Add(new Declare(_model.ReturnType.Text, _valueName, _printer.Print(_returnedValue ?? ret.Value)));
                }
                else if (Throws.In(ret.Value))
                {
                    // A Pullback returns no value, but must throw where the method throws.
                    forward.Add(new Assign(Target.Of("_"), "=", _printer.Print(ret.Value)));
                }

                if (_activity.IsActive(ret.Value))
                {
                    reverse = scope =>
                    {
                        scope.Lines.Comment(ret.Source.StartsWith("(", StringComparison.Ordinal) ? "return " + _printer.Print(ret.Value).Text + "; " + ret.Source : ret.Source);
                        var seed = _mode == SweepMode.Gradient ? Literal(_model.ReturnType, 1) : Code.Name(Naming.Escape(_model.SeedName));
                        Backprop(scope, ret.Value, seed);
                    };
                }

                break;
            case IfStmt branch:
                var (ifForward, ifReverse) = VisitIf(branch, depth, loops);
                return (recorded, ifForward, ifReverse);
            case LoopStmt loop:
                var (loopForward, loopReverse) = VisitLoop(loop, depth, loops, previous);
                return (recorded, loopForward, loopReverse);
        }

        return (recorded, forward, () =>
        {
            var scope = new ReverseScope(trackReads: ReadsAudit is not null);
            reverse?.Invoke(scope);
            if (scope.Reads is not null && StatementWalker.Expressions(statement).Any())
            {
                ReadsAudit!(statement, scope.Reads, _records.ReverseReads(statement));
            }

            return scope.Lines;
        });
    }

    /// <summary>
    /// Sees, for every simple statement's reverse, the variables its derivatives read and those
    /// <see cref="RecordAnalysis.ReverseReads"/> assumed they read. Null in the product; the generator's tests check that
    /// the first are among the second: a read the analysis missed is a value the reverse sweep may find overwritten.
    /// </summary>
    internal static Action<Stmt, ISet<int>, ISet<int>>? ReadsAudit { get; set; }

    /// <summary>Whether a statement has anything to do in the reverse sweep (decides whether branches and trip counts are recorded).</summary>
    private bool HasReverse(Stmt statement) => statement switch
    {
        AssignStmt a => (_records.NeedsRestore(a) && !_recomputed.Contains(a)) || (_activity.IsActive(a.VariableId) && !IsLinearWithConstant(a)),
        ElementAssignStmt e => _activity.IsActive(e.ArrayId) || _records.NeedsRestore(e),
        ReturnStmt r => _activity.IsActive(r.Value),
        IfStmt i => i.Then.Any(HasReverse) || i.Else.Any(HasReverse),
        LoopStmt l => l.Body.Any(HasReverse) || l.Increment.Any(HasReverse),
        _ => false,
    };
}

internal static class RestoreExtensions
{
    public static void AddTo(this Line? restore, LineList buffer)
    {
        if (restore is not null)
        {
            buffer.Add(restore);
        }
    }
}
