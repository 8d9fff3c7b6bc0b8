using System.Collections.Generic;
using System.Linq;
using GradGen.Generator.Differentiation.Adjoint;
using GradGen.Generator.Emission;
using GradGen.Generator.Helpers;
using GradGen.Generator.Model;

namespace GradGen.Generator.Differentiation;

/// <summary>
/// Row views in the reverse sweep (and, for span parameters, the forward sweep: <see cref="EnterForwardRows"/>) of an
/// innermost counted loop <c>for (j = 0; j &lt; n; j++)</c>: an element <c>x[b + j]</c> of an
/// array parameter, with <c>b</c> fixed while the loop runs, is read through <c>x.Slice(b, j)</c> declared before the
/// replay, and its adjoint <c>dX[b + j]</c> written through <c>dX.Slice(b, j)</c>, as hand-written code slices rows of a
/// row-major matrix. The replay indexes the rows by the counter alone: no index arithmetic, and bounds the JIT can see.
/// <para>
/// Sound because the forward sweep proved the rows valid: the body reads <c>x[b + j]</c> in every iteration (in a statement
/// at its top level, outside a <c>?:</c> branch and the right of <c>&amp;&amp;</c>/<c>||</c>; a loop whose condition is
/// <c>j &lt; n</c> alone has no <c>break</c> or <c>return</c>, and a <c>continue</c> puts what follows it under a branch), so
/// when the replay starts with the counter at the trip count t &gt; 0, <c>x[b]</c> … <c>x[b + t - 1]</c> were all read:
/// <c>x.Slice(b, t)</c> cannot throw, and the gradient has the parameter's length. The rows are declared under
/// <c>if (j &gt; 0)</c>: with no iteration nothing was read. Parameters are never written by the transform and their
/// adjoints are only added to, so a row aliasing its array changes no result of the clean-up passes, which treat a row as
/// an array of its own.
/// </para>
/// </summary>
internal sealed partial class AdjointWriter
{
    /// <summary>Element types of the adjoint rows declared so far, by name: they are adjoint arrays to the clean-up passes.</summary>
    private readonly Dictionary<string, string> _adjointRows = new(System.StringComparer.Ordinal);

    /// <summary>The rows of the loop's array parameters its replay may use (entered in the printer by <see cref="EnterRows"/>).</summary>
    private List<(ElementExpr Element, Expr Base)> RowCandidates(LoopStmt loop, LoopShapes.CountedLoop shape)
    {
        var result = new List<(ElementExpr, Expr)>();
        if (shape.Step != 1 || shape.Start is not LiteralExpr { Text: "0" }
            || loop.Condition is not BinaryExpr { Op: BinaryOp.LessThan, Left: VariableExpr counter } || counter.VariableId != shape.Counter)
        {
            return result;
        }

        // Innermost loops only: an outer loop's replay runs once per row of the inner one, where two slices cost more than
        // they save (the tanh network's loop over hidden units measured 1-2% slower with them).
        var statements = StatementWalker.Preorder(loop.Body).Concat(StatementWalker.Preorder(loop.Increment)).ToList();
        if (statements.Any(s => s is ReturnStmt or LoopStmt))
        {
            return result;
        }

        var assigned = new HashSet<int>(statements.OfType<AssignStmt>().Select(a => a.VariableId)) { shape.Counter };
        EveryIteration.Walk(loop.Body, Collect);
        return result;

        bool Collect(Expr expr)
        {
            if (expr is ElementExpr { Column: null, Jagged: false } element && IsRowArray(element.ArrayId)
                && Base(element.Index) is { } start && !result.Any(r => r.Item1.ArrayId == element.ArrayId && r.Item1.Index.Equals(element.Index)))
            {
                result.Add((element, start));
            }

            return false;
        }

        // 'b + j' or 'j + b' with b an int the loop does not change (plain 'x[j]' keeps its own spelling).
        Expr? Base(Expr index) => index switch
        {
            BinaryExpr { Op: BinaryOp.Add, Overflow: Overflow.Default, Right: VariableExpr j } add when j.VariableId == shape.Counter && Fixed(add.Left) => add.Left,
            BinaryExpr { Op: BinaryOp.Add, Overflow: Overflow.Default, Left: VariableExpr j } add when j.VariableId == shape.Counter && Fixed(add.Right) => add.Right,
            _ => null,
        };

        bool Fixed(Expr expr) => FixedIn(expr, assigned);
    }

    /// <summary>An int the loop does not change: literals, lengths, variables it does not assign, and + − × ÷ of them.</summary>
    private static bool FixedIn(Expr expr, HashSet<int> assigned) => expr.Type.Kind == NumericKind.Int && expr switch
    {
        LiteralExpr or LengthExpr { Row: null } => true,
        VariableExpr v => !assigned.Contains(v.VariableId),
        BinaryExpr { Op: BinaryOp.Add or BinaryOp.Subtract or BinaryOp.Multiply or BinaryOp.Divide } b => FixedIn(b.Left, assigned) && FixedIn(b.Right, assigned),
        _ => false,
    };

    /// <summary>A one-dimensional array or span parameter of reals the method never reassigns.</summary>
    private bool IsRowArray(int id)
    {
        var variable = _model.Variables[id];
        return variable.Kind == VariableKind.Parameter && !_reassignedParameters.Contains(id)
            && variable.Type.Collection is CollectionKind.Array or CollectionKind.Span or CollectionKind.ReadOnlySpan
            && variable.Type.Element is { IsReal: true };
    }

    /// <summary>Enters a row view of each candidate's parameter and, where the sweep has one, of its gradient.</summary>
    private List<(RowView Row, ElementExpr Element, Expr Base, bool Adjoint)> EnterRows(List<(ElementExpr Element, Expr Base)> candidates, string counter)
    {
        var rows = new List<(RowView, ElementExpr, Expr, bool)>();
        foreach (var (element, start) in candidates)
        {
            var primal = _names.Variable(element.ArrayId);
            var parameter = _model.Parameters.First(p => p.VariableId == element.ArrayId);
            rows.Add((new RowView(primal, element.Index, counter, () => _names.Fresh("_" + parameter.Name + "_row")), element, start, false));
            if (parameter.GradientName is { } gradient && !_copiedOutParameters.Contains(element.ArrayId))
            {
                rows.Add((new RowView(gradient, element.Index, counter, () => _names.Fresh("_d_" + parameter.Name + "_row")), element, start, true));
            }
        }

        foreach (var (row, _, _, _) in rows)
        {
            _printer.EnterRow(row);
        }

        return rows;
    }

    /// <summary>Leaves the rows and declares those the replay used: 'ReadOnlySpan&lt;double&gt; _xRow = x.Slice(b, j);'.</summary>
    private List<Line> LeaveRows(List<(RowView Row, ElementExpr Element, Expr Base, bool Adjoint)> rows)
    {
        var declarations = new List<Line>();
        foreach (var (row, element, start, adjoint) in rows)
        {
            _printer.LeaveRow(row);
            if (row.Name is not { } name)
            {
                continue;
            }

            var elementType = element.Type.Text;
            var array = _model.Variables[element.ArrayId];
            var first = _printer.Print(start);
            var names = NameSet.Union(first.Names, NameSet.Of(row.Array, row.Counter));
            var slice = !adjoint && array.Type.Collection == CollectionKind.Array
                ? "new global::System.ReadOnlySpan<" + elementType + ">(" + row.Array + ", " + first.Text + ", " + row.Counter + ")"
                : row.Array + ".Slice(" + first.Text + ", " + row.Counter + ")";
            var type = adjoint ? "global::System.Span<" + elementType + ">" : "global::System.ReadOnlySpan<" + elementType + ">";
            declarations.Add(new Declare(type, name, Code.Atom(slice, names, first)));
            if (adjoint)
            {
                _adjointRows[name] = elementType;
            }
        }

        return declarations;
    }

    /// <summary>
    /// Row views in the forward sweep of an innermost counted loop: <c>x[b + j]</c> of a span parameter read through
    /// <c>SpanViews.Row(x, b, n)</c>, declared under the loop's condition before it. The row is checked before the first
    /// iteration instead of element by element, which changes nothing observable only if the loop has no other effect
    /// before a read out of bounds and nothing else it does can throw something else: so the body reads only locals,
    /// span parameters and elements of them (spans cannot be null), calls nothing but Math functions, declares no array,
    /// throws nothing, divides no int and checks no overflow; then the first read outside the span, which
    /// <c>Row</c> anticipates, throws the same IndexOutOfRangeException as the check. Array parameters are left alone, and a
    /// loop that reads one is too: a null one throws NullReferenceException at its first read, perhaps after a row's check.
    /// </summary>
    private List<(RowView Row, ElementExpr Element, Expr Base, bool Adjoint)> EnterForwardRows(LoopStmt loop)
    {
        var rows = new List<(RowView, ElementExpr, Expr, bool)>();
        if (_loops.Of(loop) is not { } shape || loop.ConditionAtEnd)
        {
            return rows;
        }

        // The row's length is the bound as it is before the loop: a bound the loop changes would make it too long or short.
        var statements = StatementWalker.Preorder(loop.Body).Concat(StatementWalker.Preorder(loop.Increment)).ToList();
        var assigned = new HashSet<int>(statements.OfType<AssignStmt>().Select(a => a.VariableId));
        if (statements.Any(s => s is ExpressionStmt or ArrayDeclStmt)
            || statements.SelectMany(StatementWalker.Expressions).Append(loop.Condition).Any(MayThrowOtherwise)
            || loop.Condition is not BinaryExpr { Right: var bound } || !FixedIn(bound, assigned))
        {
            return rows;
        }

        foreach (var (element, start) in RowCandidates(loop, shape))
        {
            if (_model.Variables[element.ArrayId].Type.Collection is CollectionKind.Span or CollectionKind.ReadOnlySpan)
            {
                var name = _model.Parameters.First(p => p.VariableId == element.ArrayId).Name;
                var row = new RowView(_names.Variable(element.ArrayId), element.Index, _names.Variable(shape.Counter), () => _names.Fresh("_" + name + "_row"));
                _printer.EnterRow(row);
                rows.Add((row, element, start, false));
            }
        }

        return rows;
    }

    /// <summary>Leaves the forward rows and declares those used: 'ReadOnlySpan&lt;double&gt; _xRow = SpanViews.Row(x, b, n);'.</summary>
    private List<Line> LeaveForwardRows(List<(RowView Row, ElementExpr Element, Expr Base, bool Adjoint)> rows, LoopStmt loop)
    {
        var declarations = new List<Line>();
        foreach (var (row, element, start, _) in rows)
        {
            _printer.LeaveRow(row);
            if (row.Name is not { } name)
            {
                continue;
            }

            var bound = _printer.Print(((BinaryExpr)loop.Condition).Right);
            var first = _printer.Print(start);
            var call = "global::GradGen.SpanViews.Row<" + element.Type.Text + ">(" + row.Array + ", " + first.Text + ", " + bound.Text + ")";
            declarations.Add(new Declare("global::System.ReadOnlySpan<" + element.Type.Text + ">", name, Code.Atom(call, NameSet.Union(NameSet.Union(first.Names, bound.Names), NameSet.Of(row.Array)), first, bound)));
        }

        return declarations;
    }

    /// <summary>
    /// Whether evaluating the expression may throw anything but IndexOutOfRangeException (or call something that could):
    /// a call, a throw, an int division, checked arithmetic, a field's array, and an element or length of an array
    /// parameter (null, it throws NullReferenceException; spans and local arrays cannot be null).
    /// </summary>
    private bool MayThrowOtherwise(Expr expr) =>
        expr is DifferentiableCallExpr or OpaqueExpr or NumericCallExpr or ThisExpr or ThrowExpr or MemberElementExpr or MemberWriteExpr
            or InterpolatedStringExpr or ViewExpr
        || expr is ElementExpr element && MayBeNull(element.ArrayId)
        || expr is LengthExpr length && MayBeNull(length.ArrayId)
        || expr is BinaryExpr { Op: BinaryOp.Divide or BinaryOp.Remainder } division && division.Type.Kind != NumericKind.Double && division.Type.Kind != NumericKind.Float
        || expr is BinaryExpr { Overflow: Overflow.Checked } or UnaryExpr { Overflow: Overflow.Checked } or ConversionExpr { Overflow: Overflow.Checked }
        || ExprWalker.Children(expr).Any(MayThrowOtherwise);

    private bool MayBeNull(int arrayId) =>
        _model.Variables[arrayId] is { Kind: VariableKind.Parameter, Type.Collection: CollectionKind.Array or CollectionKind.Matrix or CollectionKind.Jagged };
}
