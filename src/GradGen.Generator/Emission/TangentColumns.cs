using System.Collections.Generic;
using System.Linq;
using GradGen.Generator.Differentiation;
using GradGen.Generator.Differentiation.Forward;
using GradGen.Generator.Helpers;
using GradGen.Generator.Model;

namespace GradGen.Generator.Emission;

/// <summary>
/// Forward mode along n directions at once (vector forward mode, as Enzyme's): every scalar tangent is a span of n
/// values, one per direction, and each tangent statement runs as a loop over the directions after the parts of it that
/// read no tangent (partial derivatives, values) are computed once. A Jacobian with n ≤ m then costs one sweep of the
/// method plus n cheap tangent updates per statement, instead of n Pushforwards that each recompute the values.
/// Direction arrays and the output's tangents are n wide too: element i of direction j is <c>d[i * n + j]</c>, and the
/// output's tangents are the Jacobian itself, row-major.
/// </summary>
/// <param name="Scalars">Tangent variables that are scalars (each printed as a span of n).</param>
/// <param name="Directions">Tangents of array and span parameters (len × n, row-major).</param>
/// <param name="Output">The tangent of the [DifferentiableOutput] span: written into <paramref name="Jacobian"/>.</param>
/// <param name="Sparsity">The columns each tangent may be non-zero in, where all are known (<see cref="TangentSparsity"/>):
/// each scalar tangent is then one local per column and no statement loops over the n columns; null for the n-wide sweep.</param>
/// <param name="Inputs">For each differentiable input, in order: its name and the text of its first column.</param>
internal sealed record TangentColumns(HashSet<int> Scalars, HashSet<int> Directions, int Output, int Jacobian, int Width, int Index, TangentSparsity? Sparsity = null, IReadOnlyList<(string Name, string Column)>? Inputs = null)
{
    /// <summary>The column of <paramref name="column"/> in a row of the Jacobian, as C#.</summary>
    public string ColumnText(TangentColumn column)
    {
        var first = Inputs![column.Parameter].Column;
        var offset = column.Index < 0 ? 0 : column.Index;
        var index = offset.ToString(System.Globalization.CultureInfo.InvariantCulture);
        return int.TryParse(first, System.Globalization.NumberStyles.None, System.Globalization.CultureInfo.InvariantCulture, out var constant)
            ? (constant + offset).ToString(System.Globalization.CultureInfo.InvariantCulture)
            : offset == 0 ? first : first + " + " + index;
    }

    /// <summary>
    /// Whether the forward model fits: tangents are scalars, parameter directions or the output's, and no tangent call
    /// (a callee's Pushforward takes one direction) and no tangent array of a local array.
    /// </summary>
    public static bool Fits(ForwardModel forward, int output)
    {
        var directions = new HashSet<int>(forward.TangentParameters);
        foreach (var id in forward.Tangents)
        {
            var type = forward.Model.Variables[id].Type;
            var scalar = type.Collection == CollectionKind.None && type.Kind is NumericKind.Double or NumericKind.Float;
            if (!scalar && !directions.Contains(id) && id != output)
            {
                return false;
            }
        }

        return !StatementWalker.Preorder(forward.Model.Body).Any(s => s is TangentCallStmt);
    }
}

/// <summary>The printing of <see cref="TangentColumns"/> statements, for <see cref="ForwardPrinter"/>.</summary>
internal sealed class TangentColumnsPrinter
{
    private readonly TangentColumns _columns;
    private readonly NameTable _names;
    private readonly ExprPrinter _printer;
    private readonly LineBuffer _out;
    private readonly Dictionary<Expr, string> _hoisted = new(ReferenceComparer<Expr>.Instance);
    private readonly List<Expr> _hoistedInOrder = new();
    private readonly Dictionary<Expr, string> _hoistedByValue = new();

    public TangentColumnsPrinter(TangentColumns columns, NameTable names, ExprPrinter printer, LineBuffer output)
    {
        _columns = columns;
        _names = names;
        _printer = printer;
        _out = output;
    }

    /// <summary>Prints <paramref name="statement"/> if it writes a tangent; false for the statements of the method itself.</summary>
    public bool TryWrite(Stmt statement)
    {
        if (_columns.Sparsity is { } sparsity)
        {
            return TryWriteColumns(statement, sparsity);
        }

        switch (statement)
        {
            case AssignStmt assign when _columns.Scalars.Contains(assign.VariableId):
                Write(_names.Variable(assign.VariableId) + "[" + Index + "]", assign.Value);
                return true;
            case ElementAssignStmt element when element.ArrayId == _columns.Output:
                Write(_names.Variable(_columns.Jacobian) + "[" + Row(element.Index) + "]", element.Value);
                return true;
            default:
                return false;
        }
    }

    private string Index => _names.Variable(_columns.Index);

    /// <summary>The local holding column <paramref name="column"/> of the scalar tangent <paramref name="id"/> (sparse sweep).</summary>
    public string ComponentName(int id, TangentColumn column)
    {
        if (!_componentNames.TryGetValue((id, column), out var name))
        {
            var input = _columns.Inputs![column.Parameter].Name;
            var suffix = column.Index < 0 ? input : input + column.Index.ToString(System.Globalization.CultureInfo.InvariantCulture);
            _componentNames[(id, column)] = name = _names.Fresh(_names.Variable(id).TrimStart('@') + "_" + suffix);
        }

        return name;
    }

    private readonly Dictionary<(int, TangentColumn), string> _componentNames = new();

    private bool TryWriteColumns(Stmt statement, TangentSparsity sparsity)
    {
        switch (statement)
        {
            case AssignStmt assign when _columns.Scalars.Contains(assign.VariableId):
                WriteColumns(c => ComponentName(assign.VariableId, c), sparsity.Columns(assign.VariableId), assign.Value, sparsity);
                return true;
            case ElementAssignStmt element when element.ArrayId == _columns.Output:
                // Every column any write may fill: an overwritten element's other columns become zero.
                WriteColumns(c => _names.Variable(_columns.Jacobian) + "[" + Row(element.Index, _columns.ColumnText(c)) + "]", sparsity.Columns(_columns.Output), element.Value, sparsity);
                return true;
            default:
                return false;
        }
    }

    /// <summary>One assignment per known column of the target; tangent-free parts computed once before them.</summary>
    private void WriteColumns(System.Func<TangentColumn, string> target, IReadOnlyCollection<TangentColumn> columns, Expr value, TangentSparsity sparsity)
    {
        if (value is ConditionalExpr choice)
        {
            _out.Open("if (" + _printer.Print(choice.Condition).Text + ")");
            WriteColumns(target, columns, choice.WhenTrue, sparsity);
            _out.Close();
            _out.Open("else");
            WriteColumns(target, columns, choice.WhenFalse, sparsity);
            _out.Close();
            return;
        }

        _hoisted.Clear();
        _hoistedInOrder.Clear();
        _hoistedByValue.Clear();
        Hoist(value, new Dictionary<Expr, bool>(ReferenceComparer<Expr>.Instance));
        foreach (var part in _hoistedInOrder)
        {
            _out.Line(part.Type.Text + " " + _hoisted[part] + " = " + _printer.Print(part).Text + ";");
        }

        foreach (var column in columns)
        {
            var component = sparsity.Component(value, column);
            var text = component is null ? ForwardPrinter.Zero(value.Type) : _printer.Print(component, SubstituteColumn).Text;
            if (text != target(column))
            {
                _out.Line(target(column) + " = " + text + ";");
            }
        }
    }

    private Code? SubstituteColumn(Expr expr) => expr switch
    {
        _ when _hoisted.TryGetValue(expr, out var name) => Code.Atom(name),
        TangentColumnExpr { Read: VariableExpr v } c => Code.Atom(ComponentName(v.VariableId, c.Column)),
        TangentColumnExpr { Read: ElementExpr e } c => Code.Atom(_names.Variable(_columns.Jacobian) + "[" + Row(e.Index, _columns.ColumnText(c.Column)) + "]"),
        _ => null,
    };

    /// <summary>Element <paramref name="index"/> of the output in column <paramref name="column"/>: <c>index * n + column</c>.</summary>
    private string Row(Expr index, string column) => index switch
    {
        LiteralExpr { Text: "0" } => column,
        LiteralExpr { Text: "1" } => _names.Variable(_columns.Width) + (column == "0" ? string.Empty : " + " + column),
        _ => _printer.Print(index).At(Precedence.Primary) + " * " + _names.Variable(_columns.Width) + (column == "0" ? string.Empty : " + " + column),
    };

    /// <summary>Element <paramref name="index"/> in the direction of the loop: <c>index * n + j</c>.</summary>
    private string Row(Expr index) => index switch
    {
        LiteralExpr { Text: "0" } => Index,
        LiteralExpr { Text: "1" } => _names.Variable(_columns.Width) + " + " + Index,
        _ => _printer.Print(index).At(Precedence.Primary) + " * " + _names.Variable(_columns.Width) + " + " + Index,
    };

    private void Write(string target, Expr value)
    {
        if (value is ConditionalExpr choice)
        {
            // The condition once, not once per direction; each branch's partials then leave its loop.
            _out.Open("if (" + _printer.Print(choice.Condition).Text + ")");
            Write(target, choice.WhenTrue);
            _out.Close();
            _out.Open("else");
            Write(target, choice.WhenFalse);
            _out.Close();
            return;
        }

        _hoisted.Clear();
        _hoistedInOrder.Clear();
        _hoistedByValue.Clear();
        var readsTangent = new Dictionary<Expr, bool>(ReferenceComparer<Expr>.Instance);
        Hoist(value, readsTangent);
        foreach (var part in _hoistedInOrder)
        {
            _out.Line(part.Type.Text + " " + _hoisted[part] + " = " + _printer.Print(part).Text + ";");
        }

        _out.Open("for (int " + Index + " = 0; " + Index + " < " + _names.Variable(_columns.Width) + "; " + Index + "++)");
        _out.Line(target + " = " + _printer.Print(value, Substitute).Text + ";");
        _out.Close();
    }

    private Code? Substitute(Expr expr) => expr switch
    {
        _ when _hoisted.TryGetValue(expr, out var name) => Code.Atom(name),
        VariableExpr v when _columns.Scalars.Contains(v.VariableId) => Code.Atom(_names.Variable(v.VariableId) + "[" + Index + "]"),
        ElementExpr e when _columns.Directions.Contains(e.ArrayId) => Code.Atom(_names.Variable(e.ArrayId) + "[" + Row(e.Index) + "]"),
        _ => null,
    };

    /// <summary>
    /// Binds the largest floating-point parts of a tangent that read no tangent to locals computed before the loop.
    /// Not inside the branches of <c>?:</c>, which run only when taken.
    /// </summary>
    private void Hoist(Expr expr, Dictionary<Expr, bool> readsTangent)
    {
        if (!ReadsTangent(expr, readsTangent))
        {
            if (expr.Type.Collection == CollectionKind.None && expr.Type.Kind is NumericKind.Double or NumericKind.Float && !IsLoad(expr))
            {
                // A part that occurs twice (the two factors of log(1 + z)²) is computed once.
                if (_hoistedByValue.TryGetValue(expr, out var same))
                {
                    _hoisted[expr] = same;
                }
                else
                {
                    _hoisted[expr] = _hoistedByValue[expr] = _names.FreshNumbered("_p");
                    _hoistedInOrder.Add(expr);
                }
            }

            return;
        }

        if (expr is ConditionalExpr)
        {
            return;
        }

        foreach (var child in ExprWalker.Children(expr))
        {
            Hoist(child, readsTangent);
        }
    }

    private bool ReadsTangent(Expr expr, Dictionary<Expr, bool> memo)
    {
        if (memo.TryGetValue(expr, out var known))
        {
            return known;
        }

        var reads = expr switch
        {
            VariableExpr v => _columns.Scalars.Contains(v.VariableId),
            ElementExpr e when _columns.Directions.Contains(e.ArrayId) || e.ArrayId == _columns.Output => true,
            _ => false,
        };
        foreach (var child in ExprWalker.Children(expr))
        {
            reads |= ReadsTangent(child, memo);
        }

        memo[expr] = reads;
        return reads;
    }

    private static bool IsLoad(Expr expr) => expr is VariableExpr or LiteralExpr or LengthExpr or ThisExpr
        || expr is ElementExpr { Index: VariableExpr or LiteralExpr, Column: null }
        || expr is UnaryExpr { Op: UnaryOp.Negate or UnaryOp.Plus, Operand: VariableExpr or LiteralExpr };
}
