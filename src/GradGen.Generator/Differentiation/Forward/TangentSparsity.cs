using System.Collections.Generic;
using System.Linq;
using GradGen.Generator.Helpers;
using GradGen.Generator.Model;

namespace GradGen.Generator.Differentiation.Forward;

/// <summary>
/// One column of a Jacobian known at compile time: the differentiable input at <see cref="Parameter"/> (its position
/// among the differentiable parameters) itself when <see cref="Index"/> is -1 (a scalar), else its element
/// <see cref="Index"/>.
/// </summary>
internal readonly record struct TangentColumn(int Parameter, int Index) : System.IComparable<TangentColumn>
{
    /// <summary>Jacobian order: by input, then by element.</summary>
    public int CompareTo(TangentColumn other) => Parameter != other.Parameter ? Parameter.CompareTo(other.Parameter) : Index.CompareTo(other.Index);
}

/// <summary>
/// A read of one column of a tangent that <see cref="TangentSparsity.Component"/> kept: <see cref="Read"/> is the
/// scalar tangent (a variable) or the output's tangent element it reads. Only printed, never analysed.
/// </summary>
internal sealed record TangentColumnExpr(Expr Read, TangentColumn Column, TypeRef Type) : Expr(Type);

/// <summary>
/// Which columns of each tangent of a vector forward sweep (<c>TangentColumns</c>) can be non-zero, proven on the
/// forward model. The seeds are unit directions: the tangent of a scalar input is its own column, of an element read
/// with a constant index <c>p[2]</c> the column of p[2]; every tangent statement is linear in the tangents it reads
/// (partials are tangent-free factors), so a tangent can be non-zero only in the union of the columns of what it reads,
/// over all statements that assign it (a flow-insensitive fixpoint, sound across loops and branches). When every
/// tangent has a small set of known columns, each is printed as one scalar per column and all other columns are not
/// computed: the zero columns of the n-wide sweep are exact zeros (a finite factor times zero), so the non-zero ones are
/// the same values. Null (<see cref="Analyse"/>) where some tangent reads a parameter's element at an index not known
/// at compile time, or where the sweep does something the analysis does not model: the sweep then stays n wide.
/// </summary>
internal sealed class TangentSparsity
{
    /// <summary>More known columns than this in one tangent: the n-wide sweep (loops) is shorter code.</summary>
    public const int MaxColumns = 16;

    private readonly Dictionary<int, SortedSet<TangentColumn>> _sets = new();
    private readonly HashSet<int> _scalars;
    private readonly Dictionary<int, int> _directions = new();
    private readonly int _output;

    private TangentSparsity(HashSet<int> scalars, IReadOnlyList<int> tangentParameters, HashSet<int> directions, int output)
    {
        _scalars = scalars;
        _output = output;
        for (var i = 0; i < tangentParameters.Count; i++)
        {
            if (directions.Contains(tangentParameters[i]))
            {
                _directions[tangentParameters[i]] = i;
            }
        }
    }

    /// <summary>The columns in which the tangent <paramref name="id"/> (a scalar or the output's) may be non-zero, in order.</summary>
    public IReadOnlyCollection<TangentColumn> Columns(int id) => _sets.TryGetValue(id, out var set) ? set : (IReadOnlyCollection<TangentColumn>)new TangentColumn[0];

    /// <param name="scalars">Scalar tangents (the tangents of scalar inputs among them: their seed is their own column).</param>
    /// <param name="directions">Tangents of array and span inputs (read-only unit directions).</param>
    /// <param name="output">The output's tangent (the Jacobian's rows).</param>
    public static TangentSparsity? Analyse(ForwardModel forward, HashSet<int> scalars, HashSet<int> directions, int output)
    {
        var sparsity = new TangentSparsity(scalars, forward.TangentParameters, directions, output);
        for (var i = 0; i < forward.TangentParameters.Count; i++)
        {
            var id = forward.TangentParameters[i];
            if (scalars.Contains(id))
            {
                sparsity.Set(id).Add(new TangentColumn(i, -1));
            }
        }

        var writes = new List<(int Target, Expr Value)>();
        foreach (var statement in StatementWalker.Preorder(forward.Model.Body))
        {
            switch (statement)
            {
                case AssignStmt assign when scalars.Contains(assign.VariableId):
                    writes.Add((assign.VariableId, assign.Value));
                    break;
                case ElementAssignStmt element when element.ArrayId == output:
                    if (sparsity.ReadsTangent(element.Index))
                    {
                        return null;
                    }

                    writes.Add((output, element.Value));
                    break;
                case ElementAssignStmt element when directions.Contains(element.ArrayId):
                    return null;
                case TangentCallStmt:
                    return null;
            }
        }

        // Sets only grow and are bounded by the constant indices in the method: the fixpoint is reached.
        var changed = true;
        while (changed)
        {
            changed = false;
            foreach (var (target, value) in writes)
            {
                var columns = new SortedSet<TangentColumn>();
                if (!sparsity.Collect(value, columns))
                {
                    return null;
                }

                var set = sparsity.Set(target);
                var before = set.Count;
                set.UnionWith(columns);
                if (set.Count > MaxColumns)
                {
                    return null;
                }

                changed |= set.Count != before;
            }
        }

        return sparsity;
    }

    private SortedSet<TangentColumn> Set(int id)
    {
        if (!_sets.TryGetValue(id, out var set))
        {
            _sets[id] = set = new SortedSet<TangentColumn>();
        }

        return set;
    }

    /// <summary>
    /// Adds the columns <paramref name="tangent"/> reads; false where it is not a linear form the analysis knows (a
    /// tangent under a call, in a divisor or a condition, multiplied by a tangent, a non-zero constant, an element
    /// of a direction at an index not known at compile time).
    /// </summary>
    private bool Collect(Expr tangent, SortedSet<TangentColumn> into)
    {
        if (!ReadsTangent(tangent))
        {
            return IsZero(tangent);
        }

        switch (tangent)
        {
            case VariableExpr v when _scalars.Contains(v.VariableId):
                into.UnionWith(Columns(v.VariableId));
                return true;
            case ElementExpr e when _directions.TryGetValue(e.ArrayId, out var parameter):
                if (e.Column is not null || !TryConstantIndex(e.Index, out var index))
                {
                    return false;
                }

                into.Add(new TangentColumn(parameter, index));
                return true;
            case ElementExpr e when e.ArrayId == _output && e.Column is null && !ReadsTangent(e.Index):
                into.UnionWith(Columns(_output));
                return true;
            case UnaryExpr { Op: UnaryOp.Negate or UnaryOp.Plus } u:
                return Collect(u.Operand, into);
            case ConversionExpr c:
                return Collect(c.Operand, into);
            case BinaryExpr { Op: BinaryOp.Add or BinaryOp.Subtract } b:
                return Collect(b.Left, into) && Collect(b.Right, into);
            case BinaryExpr { Op: BinaryOp.Multiply } b:
                var left = ReadsTangent(b.Left);
                return left != ReadsTangent(b.Right) && Collect(left ? b.Left : b.Right, into);
            case BinaryExpr { Op: BinaryOp.Divide } b:
                return !ReadsTangent(b.Right) && Collect(b.Left, into);
            case ConditionalExpr c:
                return !ReadsTangent(c.Condition) && Collect(c.WhenTrue, into) && Collect(c.WhenFalse, into);
            default:
                return false;
        }
    }

    /// <summary>
    /// The part of <paramref name="tangent"/> (accepted by the analysis) in one column, null where it is zero: seeds
    /// become 1 and vanish from products, reads of other columns and their terms vanish, other reads become
    /// <see cref="TangentColumnExpr"/>. Tangent-free factors are the same objects as in <paramref name="tangent"/>.
    /// </summary>
    public Expr? Component(Expr tangent, TangentColumn column)
    {
        var type = tangent.Type;
        switch (tangent)
        {
            case VariableExpr v when _scalars.Contains(v.VariableId):
                return Columns(v.VariableId).Contains(column) ? new TangentColumnExpr(v, column, type) : null;
            case ElementExpr e when _directions.TryGetValue(e.ArrayId, out var parameter):
                TryConstantIndex(e.Index, out var index);
                return column == new TangentColumn(parameter, index) ? TangentRules.Literal(type, 1) : null;
            case ElementExpr e when e.ArrayId == _output:
                return Columns(_output).Contains(column) ? new TangentColumnExpr(e, column, type) : null;
            case UnaryExpr { Op: UnaryOp.Negate } u:
                return TangentRules.Negate(Component(u.Operand, column), type);
            case UnaryExpr { Op: UnaryOp.Plus } u:
                return Component(u.Operand, column);
            case ConversionExpr c:
                return Component(c.Operand, column) is { } operand ? c with { Operand = operand } : null;
            case BinaryExpr { Op: BinaryOp.Add or BinaryOp.Subtract } b:
                return Sum(Component(b.Left, column), b.Op == BinaryOp.Subtract, Component(b.Right, column), type);
            case BinaryExpr { Op: BinaryOp.Multiply } b when ReadsTangent(b.Left):
                return Times(b.Right, Component(b.Left, column), factorFirst: false, type);
            case BinaryExpr { Op: BinaryOp.Multiply } b:
                return Times(b.Left, Component(b.Right, column), factorFirst: true, type);
            case BinaryExpr { Op: BinaryOp.Divide } b:
                return Component(b.Left, column) is { } numerator ? b with { Left = numerator } : null;
            case ConditionalExpr c:
                var whenTrue = Component(c.WhenTrue, column);
                var whenFalse = Component(c.WhenFalse, column);
                return whenTrue is null && whenFalse is null ? null : c with { WhenTrue = whenTrue ?? TangentRules.Literal(type, 0), WhenFalse = whenFalse ?? TangentRules.Literal(type, 0) };
            default:
                // A zero literal.
                return null;
        }
    }

    /// <summary>left ± right; a − (−b) is a + b and a + (−b) is a − b, exactly.</summary>
    private static Expr? Sum(Expr? left, bool subtract, Expr? right, TypeRef type)
    {
        if (left is not null && right is UnaryExpr { Op: UnaryOp.Negate } negated)
        {
            return new BinaryExpr(subtract ? BinaryOp.Add : BinaryOp.Subtract, left, negated.Operand, type);
        }

        return subtract ? TangentRules.Subtract(left, right, type) : TangentRules.Add(left, right, type);
    }

    /// <summary>factor · tangent in the operands' order; x·1 is x and x·(−1) is −x, exactly.</summary>
    private static Expr? Times(Expr factor, Expr? tangent, bool factorFirst, TypeRef type) => tangent switch
    {
        null => null,
        _ when TangentRules.IsOne(tangent) => factor,
        UnaryExpr { Op: UnaryOp.Negate, Operand: var one } when TangentRules.IsOne(one) => TangentRules.Negate(factor, type),
        _ => factorFirst ? new BinaryExpr(BinaryOp.Multiply, factor, tangent, type) : new BinaryExpr(BinaryOp.Multiply, tangent, factor, type),
    };

    /// <summary>Whether <paramref name="expr"/> reads a tangent: a scalar tangent, a direction or the output's tangent.</summary>
    public bool ReadsTangent(Expr expr) => expr switch
    {
        VariableExpr v => _scalars.Contains(v.VariableId) || _directions.ContainsKey(v.VariableId) || v.VariableId == _output,
        ElementExpr e when _directions.ContainsKey(e.ArrayId) || e.ArrayId == _output => true,
        ViewExpr view when _directions.ContainsKey(view.ArrayId) || view.ArrayId == _output => true,
        _ => ExprWalker.Children(expr).Any(ReadsTangent),
    };

    private static bool IsZero(Expr expr) => expr is LiteralExpr literal && literal.Text == TangentRules.Literal(literal.Type, 0).Text;

    private static bool TryConstantIndex(Expr index, out int value)
    {
        value = -1;
        return index is LiteralExpr { IsNegative: false } literal
            && literal.Type.Kind == NumericKind.Int
            && int.TryParse(literal.Text, System.Globalization.NumberStyles.None, System.Globalization.CultureInfo.InvariantCulture, out value);
    }
}
