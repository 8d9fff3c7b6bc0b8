using System.Collections.Generic;
using System.Linq;
using GradGen.Generator.Model;

namespace GradGen.Generator.Differentiation;

/// <summary>
/// The statement graph the search walks: blocks (a body, a branch, a loop's body or increment) and nodes (one per
/// statement), with what each node's reverse reads and writes and whether it certainly overwrites a variable or element.
/// </summary>
internal sealed partial class RecordAnalysis
{
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
