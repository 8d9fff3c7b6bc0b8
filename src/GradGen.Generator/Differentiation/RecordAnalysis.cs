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
internal sealed partial class RecordAnalysis
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

    /// <summary>An int stepped by a constant, which the reverse sweep undoes by the opposite step (see AdjointWriter.InverseStep).</summary>
    internal static bool IsInverseStep(Stmt statement) => SelfUpdates.IntStep(statement) is not null;
}
