using System.Collections.Generic;
using System.Linq;
using System.Threading;
using GradGen.Generator.Analysis;
using GradGen.Generator.Helpers;
using GradGen.Generator.Model;

namespace GradGen.Generator.Differentiation;

/// <summary>
/// To-be-recorded analysis: which assignments must give the reverse sweep back the value they overwrote.
/// The reverse sweep undoes writes in the opposite order; after it undoes a write w of v, the reverse of the
/// statements that ran before w reads v. Walking backward from w through everything that may have run before
/// it (earlier statements, enclosing branches, previous iterations of enclosing loops), the old value is needed
/// if some statement's reverse reads v before a statement that certainly overwrote v is met: that statement
/// restores v itself (before its own reverse reads it). A running sum 's += x[i] * w[i]' is never restored (nothing reads s), a
/// local declared in a loop body is restored only if a later part of that body reads it.
/// </summary>
internal sealed class RecordAnalysis
{
    private readonly Dictionary<Stmt, Node> _nodes = new(ReferenceComparer<Stmt>.Instance);
    private readonly Dictionary<Stmt, bool> _needsRestore = new(ReferenceComparer<Stmt>.Instance);
    private readonly ActivityView _activity;
    private readonly LoopShapes _loops;
    private readonly ISet<LoopStmt> _fused;
    private readonly CancellationToken _cancellationToken;

    /// <summary>For each variable, the preorder number of the first statement whose reverse reads it (own reads only).</summary>
    private readonly Dictionary<int, int> _firstRead = new();
    private int _order;

    /// <param name="fused">Loops whose every iteration is reversed right after it runs (<see cref="LoopFusion"/>).</param>
    public RecordAnalysis(IReadOnlyList<Stmt> body, ActivityView activity, LoopShapes loops, ISet<LoopStmt> fused, CancellationToken cancellationToken = default)
    {
        _cancellationToken = cancellationToken;
        _activity = activity;
        _loops = loops;
        _fused = fused;
        Build(body, owner: null, BlockRole.Top);
    }

    private enum BlockRole
    {
        Top,
        Branch,
        Body,
        Increment,

        /// <summary>The body of a fused loop: the reverse of each iteration runs right after it, so nothing before it reads what it writes.</summary>
        FusedBody,
    }

    /// <summary>Whether the reverse sweep must restore the value the write <paramref name="statement"/> overwrites.</summary>
    /// <remarks>
    /// Remembered: the transform asks again for every enclosing branch and loop, and one search walks up every
    /// enclosing level (in a nest d deep, d searches of d levels each, for each of the d levels that asks).
    /// </remarks>
    public bool NeedsRestore(Stmt statement)
    {
        if (!_needsRestore.TryGetValue(statement, out var needed))
        {
            needed = ComputeNeedsRestore(statement);
            _needsRestore[statement] = needed;
        }

        return needed;
    }

    private bool ComputeNeedsRestore(Stmt statement)
    {
        var node = _nodes[statement];
        var variable = statement switch
        {
            AssignStmt a => a.VariableId,
            ElementAssignStmt e => e.ArrayId,
            _ => -1,
        };
        if (variable < 0)
        {
            return false;
        }

        // An element of a rectangular array is searched for as the whole array: every read of it counts (conservative).
        var index = statement is ElementAssignStmt { Column: null } element ? element.Index : null;
        if (node.OwnReads.Contains(variable))
        {
            return true;
        }

        // Outside loops the search only visits statements before this one in preorder: when none of them reads the
        // variable (a local declared here, used only later), it cannot find a read. Saves a walk back to the method's
        // start for each such declaration (quadratic in straight-line code).
        if (!node.InLoop && (!_firstRead.TryGetValue(variable, out var first) || first >= node.Order))
        {
            return false;
        }

        return Search(node.Block, node.Index - 1, variable, index, new HashSet<int>(), new HashSet<Node>(), crossed: -1);
    }

    /// <summary>Variables the reverse sweep of a simple statement reads (nested statements excluded).</summary>
    public ISet<int> ReverseReads(Stmt statement) => _nodes[statement].OwnReads;

    /// <summary>
    /// 'v = Exp(e)' (or Tanh, Sqrt, …: <see cref="DerivativeRules.UsesOnlyResult"/>) with both sides active: the reverse
    /// sweep reads the value the statement stored in v (or the element) before restoring it, instead of the arguments.
    /// </summary>
    public bool ReusesResult(Stmt statement) => ReusedResult(statement) is not null;

    private MathCallExpr? ReusedResult(Stmt statement)
    {
        var (target, value) = statement switch
        {
            AssignStmt a => (a.VariableId, a.Value),
            ElementAssignStmt e => (e.ArrayId, e.Value),
            _ => (-1, null!),
        };
        return target >= 0
            && value is MathCallExpr call
            && DerivativeRules.UsesOnlyResult(call.Function, call.Arguments.Count)
            && _activity.IsActive(target)
            && _activity.IsActive(value)
            && !ExprWalker.Reads(value, target)
                ? call
                : null;
    }

    /// <param name="index">For an element write, its index: an earlier write of the same element overwrites it too,
    /// provided nothing the index reads was assigned in between (<paramref name="written"/>).</param>
    /// <param name="crossed">The counter of the loop whose previous iteration <paramref name="block"/> is being searched
    /// (-1 if none or not a counter stepped by one): an element write indexed by it wrote another element back then.</param>
    private bool Search(Block block, int from, int variable, Expr? index, HashSet<int> written, HashSet<Node> wrapped, int crossed)
    {
        _cancellationToken.ThrowIfCancellationRequested();
        for (var j = from; j >= 0; j--)
        {
            // An earlier write of the variable restores it before its own reverse reads it: the search ends there,
            // unless that write's reverse reads the value it stored, before restoring it.
            var node = block.Items[j];
            var otherElement = index is not null && node.WritesOtherElement(variable, index, crossed, written);
            if (node.ResultReads.Contains(variable) && !otherElement)
            {
                return true;
            }

            if (node.Overwrites(variable) || (index is not null && node.OverwritesElement(variable, index, written)))
            {
                return false;
            }

            if ((node.Blocks.Count == 0 ? node.OwnReads : node.Reads).Contains(variable)
                && !(index is not null && node.ReadsOtherElement(variable, index, crossed, written)))
            {
                return true;
            }

            written.UnionWith(node.Writes);
        }

        var owner = block.Owner;
        if (owner is null)
        {
            return false;
        }

        switch (block.Role)
        {
            case BlockRole.FusedBody:
                return false;
            case BlockRole.Increment:
                // Before the increment: the body of the same iteration.
                return Search(owner.Blocks[0], owner.Blocks[0].Items.Count - 1, variable, index, written, wrapped, crossed);
            case BlockRole.Body:
                // Before the body: the previous iteration (its increment, then its body), or the code before the loop.
                var previous = wrapped.Add(owner)
                    && Search(owner.Blocks[1], owner.Blocks[1].Items.Count - 1, variable, index, new HashSet<int>(written), wrapped, owner.StepCounter());
                return previous || Search(owner.Block, owner.Index - 1, variable, index, written, wrapped, crossed: -1);
            default:
                return Search(owner.Block, owner.Index - 1, variable, index, written, wrapped, crossed);
        }
    }

    private Block Build(IReadOnlyList<Stmt> statements, Node? owner, BlockRole role)
    {
        var block = new Block(owner, role);
        for (var i = 0; i < statements.Count; i++)
        {
            var statement = statements[i];
            var node = statement is LoopStmt counted
                ? new Node(statement, block, i, _loops.ResetCounter(counted), _loops.FilledArray(counted))
                : new Node(statement, block, i, -1, -1);
            _nodes[statement] = node;
            block.Items.Add(node);
            CollectOwnReads(statement, node.OwnReads);
            if (IsInverseStep(statement))
            {
                // 'i++' is undone by 'i--', which needs i to hold the value after the step: a read, not an overwrite.
                node.OwnReads.Add(((AssignStmt)statement).VariableId);
            }

            node.Reads.UnionWith(node.OwnReads);
            if (ReusedResult(statement) is not null)
            {
                node.ResultReads.Add(statement is AssignStmt a ? a.VariableId : ((ElementAssignStmt)statement).ArrayId);
                node.Reads.UnionWith(node.ResultReads);
            }

            // Preorder: the node before what it nests, so everything a search can visit outside loops comes earlier.
            node.Order = _order++;
            node.InLoop = role is BlockRole.Body or BlockRole.Increment || (owner?.InLoop ?? false);
            foreach (var read in node.OwnReads.Concat(node.ResultReads))
            {
                if (!_firstRead.ContainsKey(read))
                {
                    _firstRead[read] = node.Order;
                }
            }

            switch (statement)
            {
                case AssignStmt write:
                    node.Writes.Add(write.VariableId);
                    break;
                case ElementAssignStmt elementWrite:
                    node.Writes.Add(elementWrite.ArrayId);
                    break;
            }
            switch (statement)
            {
                case IfStmt branch:
                    node.Blocks.Add(Build(branch.Then, node, BlockRole.Branch));
                    node.Blocks.Add(Build(branch.Else, node, BlockRole.Branch));
                    break;
                case LoopStmt loop:
                    node.Blocks.Add(Build(loop.Body, node, _fused.Contains(loop) ? BlockRole.FusedBody : BlockRole.Body));
                    node.Blocks.Add(Build(loop.Increment, node, BlockRole.Increment));
                    break;
            }

            foreach (var nested in node.Blocks.SelectMany(b => b.Items))
            {
                // A counted loop that sets its counter itself before its reverse reads it exposes no read of it.
                node.Reads.UnionWith(nested.ResetCounter >= 0 ? nested.Reads.Where(v => v != nested.ResetCounter) : nested.Reads);
                node.Writes.UnionWith(nested.Writes);
            }
        }

        return block;
    }

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

    /// <summary>An int stepped by a constant, which the reverse sweep undoes by the opposite step (see AdjointWriter.InverseStep).</summary>
    internal static bool IsInverseStep(Stmt statement) =>
        statement is AssignStmt { Value: BinaryExpr { Op: BinaryOp.Add or BinaryOp.Subtract, Left: VariableExpr v, Right: LiteralExpr } b } a
        && v.VariableId == a.VariableId && b.Type.Kind == NumericKind.Int && v.Type.Kind == NumericKind.Int;

    private sealed class Block
    {
        public Block(Node? owner, BlockRole role)
        {
            Owner = owner;
            Role = role;
        }

        public Node? Owner { get; }

        public BlockRole Role { get; }

        public List<Node> Items { get; } = new();
    }

    private sealed class Node
    {
        public Node(Stmt statement, Block block, int index, int resetCounter, int filledArray)
        {
            Statement = statement;
            Block = block;
            Index = index;
            ResetCounter = resetCounter;
            FilledArray = filledArray;
        }

        /// <summary>For a counted loop that writes every element of a local array: that array (LoopShapes.FilledArray).</summary>
        public int FilledArray { get; }

        /// <summary>The node's number in preorder over the whole method.</summary>
        public int Order { get; set; }

        /// <summary>Whether some enclosing block is the body or increment of a loop that is not fused (its search wraps around).</summary>
        public bool InLoop { get; set; }

        /// <summary>For a counted loop whose reverse sets its counter to the exit value itself: that counter.</summary>
        public int ResetCounter { get; }

        public Stmt Statement { get; }

        public Block Block { get; }

        public int Index { get; }

        /// <summary>For an if: then, else. For a loop: body, increment.</summary>
        public List<Block> Blocks { get; } = new();

        public HashSet<int> OwnReads { get; } = new();

        /// <summary>The variable whose new value the reverse of this statement reads before restoring it (see ReusesResult).</summary>
        public HashSet<int> ResultReads { get; } = new();

        /// <summary>What the reverse of this statement and everything nested in it may read.</summary>
        public HashSet<int> Reads { get; } = new();

        /// <summary>Variables assigned by this statement or any statement nested in it.</summary>
        public HashSet<int> Writes { get; } = new();

        /// <summary>Certainly replaces the element <paramref name="index"/> of <paramref name="array"/>: the same index, computed from unchanged values.</summary>
        public bool OverwritesElement(int array, Expr index, HashSet<int> written)
        {
            if (Statement is not ElementAssignStmt e || e.ArrayId != array || e.Index != index || e.Column is not null)
            {
                return false;
            }

            var reads = new HashSet<int>();
            ExprWalker.CollectVariables(index, reads);
            return !reads.Overlaps(written);
        }

        /// <summary>
        /// This statement is the element write <c>array[index]</c> itself, met again in the previous iteration of the loop
        /// whose counter <paramref name="crossed"/> is stepped by one and indexes the element (<c>i</c> or <c>e + i</c>
        /// with e unchanged): it wrote another element then.
        /// </summary>
        public bool WritesOtherElement(int array, Expr index, int crossed, HashSet<int> written) =>
            crossed >= 0 && Statement is ElementAssignStmt { Column: null } e && e.ArrayId == array && e.Index == index && IndexAdvances(index, crossed, written);

        /// <summary>
        /// A simple statement met in the previous iteration of the loop stepped by <paramref name="crossed"/> that mentions
        /// <paramref name="array"/> only as <c>array[index]</c> (the index of the write being searched for, which advances
        /// with the counter): whatever it reads of the array, it read another element then.
        /// </summary>
        public bool ReadsOtherElement(int array, Expr index, int crossed, HashSet<int> written)
        {
            if (crossed < 0 || Blocks.Count > 0 || !IndexAdvances(index, crossed, written))
            {
                return false;
            }

            var expressions = Statement switch
            {
                AssignStmt a => new[] { a.Value },
                ElementAssignStmt e => e.Column is null ? new[] { e.Index, e.Value } : new[] { e.Index, e.Column, e.Value },
                ReturnStmt r => new[] { r.Value },
                ExpressionStmt x => new[] { x.Value },
                _ => null,
            };
            return expressions is not null && expressions.All(expression => OnlyAt(expression, array, index));
        }

        private static bool OnlyAt(Expr expr, int array, Expr index) => expr switch
        {
            ElementExpr e when e.ArrayId == array => e.Index == index && e.Column is null && !ExprWalker.Reads(e.Index, array),
            VariableExpr v => v.VariableId != array,
            LengthExpr { Row: null } => true,
            _ => ExprWalker.Children(expr).All(child => OnlyAt(child, array, index)),
        };

        /// <summary>The index is the counter, or an unchanged offset plus the counter: another element each iteration.</summary>
        private static bool IndexAdvances(Expr index, int crossed, HashSet<int> written)
        {
            Expr? offset = index switch
            {
                VariableExpr v when v.VariableId == crossed => null,
                BinaryExpr { Op: BinaryOp.Add, Right: VariableExpr v } b when v.VariableId == crossed => b.Left,
                BinaryExpr { Op: BinaryOp.Add, Left: VariableExpr v } b when v.VariableId == crossed => b.Right,
                _ => index,
            };
            if (ReferenceEquals(offset, index))
            {
                return false;
            }

            if (offset is null)
            {
                return true;
            }

            var reads = new HashSet<int>();
            ExprWalker.CollectVariables(offset, reads);
            return !reads.Contains(crossed) && !reads.Overlaps(written.Where(w => w != crossed));
        }

        /// <summary>For a loop stepped by 'i++' or 'i--' that its body never assigns: i; otherwise -1.</summary>
        public int StepCounter()
        {
            if (Statement is not LoopStmt { Increment: { Count: 1 } increment }
                || increment[0] is not AssignStmt { Value: BinaryExpr { Right: LiteralExpr { Text: "1" } } } step
                || !IsInverseStep(step)
                || Blocks[0].Items.Any(item => item.Writes.Contains(step.VariableId)))
            {
                return -1;
            }

            return step.VariableId;
        }

        /// <summary>Certainly replaces the whole value of <paramref name="variable"/> whenever it runs (and restores it absolutely).</summary>
        public bool Overwrites(int variable) => Statement switch
        {
            AssignStmt a => a.VariableId == variable && !IsInverseStep(a),
            ArrayDeclStmt d => d.ArrayId == variable,
            // A refill serves the readers before it with its own restores, unless its own reverse reads the array
            // (Tanh results it stored, say): then the values it wrote must still be there when its reverse starts.
            LoopStmt => ResetCounter == variable || (FilledArray == variable && !Reads.Contains(variable)),
            _ => false,
        };
    }
}
