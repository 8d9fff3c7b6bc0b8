using System;
using System.Linq;
using GradGen.Generator.Helpers;
using GradGen.Generator.Model;

namespace GradGen.Generator.Emission;

/// <summary>Prints model expressions as C#, with variables spelled by the emitter's unique names.</summary>
internal sealed class ExprPrinter
{
    private readonly Func<int, string> _name;

    public ExprPrinter(Func<int, string> name) => _name = name;

    private Func<Expr, Code?>? _substitute;

    /// <summary>Prints <paramref name="expr"/>, letting <paramref name="substitute"/> replace subexpressions (already computed values).</summary>
    public Code Print(Expr expr, Func<Expr, Code?> substitute)
    {
        var previous = _substitute;
        _substitute = substitute;
        try
        {
            return Print(expr);
        }
        finally
        {
            _substitute = previous;
        }
    }

    public Code Print(Expr expr) => _substitute?.Invoke(expr) ?? WithOverflow(expr, PrintNode(expr));

    private static Code WithOverflow(Expr expr, Code code) => expr switch
    {
        BinaryExpr { Overflow: not Overflow.Default } b => Overflowing(b.Overflow, code),
        UnaryExpr { Overflow: not Overflow.Default } u => Overflowing(u.Overflow, code),
        ConversionExpr { Overflow: not Overflow.Default } c => Overflowing(c.Overflow, code),
        _ => code,
    };

    private static Code Overflowing(Overflow overflow, Code code) => code.Wrap((overflow == Overflow.Checked ? "checked" : "unchecked") + "(" + code.Text + ")", Precedence.Primary);

    private Code PrintNode(Expr expr) => expr switch
    {
        LiteralExpr l => Code.Literal(l.Text, l.IsNegative),
        VariableExpr v => Code.Name(_name(v.VariableId)),
        ThisExpr t => Code.Atom(t.IsBase ? "base" : "this"),
        BinaryExpr b => PrintBinary(b),
        UnaryExpr u => u.Op switch
        {
            UnaryOp.Negate => Code.Negate(Print(u.Operand)),
            UnaryOp.Not => Code.Not(Print(u.Operand)),
            UnaryOp.BitwiseNot => Complement(Print(u.Operand)),
            _ => Print(u.Operand),
        },
        ConversionExpr c => Code.Cast(c.Type.Text, Print(c.Operand)),
        ConditionalExpr c => Code.Conditional(Print(c.Condition), Print(c.WhenTrue), Print(c.WhenFalse)),
        MathCallExpr m => Code.PureCall(m.ClassName + "." + m.Function, m.Arguments.Select(Print).ToArray()),
        DifferentiableCallExpr d => Code.Call(d.Target + "." + d.Name, d.Arguments.Select(Print).ToArray()),
        OpaqueExpr o => PrintOpaque(o),
        NumericCallExpr n => Code.Call(n.Target + "." + n.Member, n.Arguments.Select(Print).ToArray()),
        ElementExpr e => Element(_name(e.ArrayId), e),
        LengthExpr { Row: { } row } l => RowLength(l, row),
        LengthExpr { Dimension: >= 0 } l => Code.Atom(_name(l.ArrayId) + ".GetLength(" + l.Dimension.ToString(System.Globalization.CultureInfo.InvariantCulture) + ")", NameSet.Of(_name(l.ArrayId))),
        LengthExpr l => Code.Atom(_name(l.ArrayId) + ".Length", NameSet.Of(_name(l.ArrayId))),
        ViewExpr view => Slice(view.Cast ? Code.Name(_name(view.ArrayId)).Wrap("((" + view.Type.Text + ")" + _name(view.ArrayId) + ")", Precedence.Primary) : Code.Name(_name(view.ArrayId)), view),
        ThrowExpr t => Throw(t),
        InterpolatedStringExpr s => PrintInterpolated(s),
        MemberElementExpr e => MemberElement(e),
        MemberWriteExpr w => PrintMemberWrite(w),
        _ => throw new InvalidOperationException("Unknown expression " + expr.GetType().Name),
    };

    /// <summary>
    /// Row views in scope (<c>AdjointWriter.RowViews</c>): an element <c>array[index]</c> with one of them prints as
    /// <c>row[counter]</c>. The writer enters them only for the lines of the loop whose guard declares the rows.
    /// </summary>
    private readonly System.Collections.Generic.Dictionary<(string Array, Expr Index), RowView> _rows = new();

    public void EnterRow(RowView row) => _rows[(row.Array, row.Index)] = row;

    public void LeaveRow(RowView row) => _rows.Remove((row.Array, row.Index));

    /// <summary>The row view an element of <paramref name="array"/> is printed through, named on first use; null if none.</summary>
    public string? RowOf(string array, ElementExpr element) =>
        _rows.Count > 0 && element.Column is null && !element.Jagged && _rows.TryGetValue((array, element.Index), out var row) ? row.Use() : null;

    /// <summary>'<paramref name="array"/>[i]', '[i, j]' or '[i][j]' at the element's indices, mentioning the array and the indices' names.</summary>
    public Code Element(string array, ElementExpr element)
    {
        if (RowOf(array, element) is { } viewed)
        {
            return Code.Atom(viewed + "[" + _rows[(array, element.Index)].Counter + "]", NameSet.Of(viewed, _rows[(array, element.Index)].Counter));
        }

        var indices = new System.Collections.Generic.List<Code>();
        var text = array + element.Subscript(i =>
        {
            var index = Print(i);
            indices.Add(index);
            return index.Text;
        });
        return Code.Atom(text, NameSet.Union(indices.Select(i => i.Names).Prepend(NameSet.Of(array))), indices.ToArray());
    }

    private Code RowLength(LengthExpr length, Expr row)
    {
        var r = Print(row);
        return Code.Atom(_name(length.ArrayId) + "[" + r.Text + "].Length", NameSet.Union(NameSet.Of(_name(length.ArrayId)), r.Names), r);
    }

    private Code MemberElement(MemberElementExpr e)
    {
        var collection = Print(e.Collection);
        var index = Print(e.Index);
        return Code.Atom(collection.At(Precedence.Primary) + "[" + index.Text + "]", NameSet.Union(collection.Names, index.Names), collection, index);
    }

    private static Code Complement(Code operand) => operand.Wrap("~" + operand.At(Precedence.Unary), Precedence.Unary);

    private Code Throw(ThrowExpr t)
    {
        // Never parenthesized: '(throw …)' does not compile.
        var arguments = t.Arguments.Select(Print).ToArray();
        return Code.Atom("throw new " + t.ExceptionType + "(" + string.Join(", ", arguments.Select(a => a.Text)) + ")", NameSet.Union(arguments.Select(a => a.Names)), arguments) with { Calls = true };
    }

    private Code PrintMemberWrite(MemberWriteExpr w)
    {
        var target = Print(w.Target);
        var indices = w.Indices.Select(Print).ToArray();
        var value = w.Value is null ? (Code?)null : Print(w.Value);
        var text = target.At(Precedence.Primary)
            + (indices.Length > 0 ? "[" + string.Join(", ", indices.Select(i => i.Text)) + "]" : string.Empty)
            + (value is null ? w.Operator : " " + w.Operator + " " + value.Value.Text);
        var parts = indices.Prepend(target).Concat(value is null ? Array.Empty<Code>() : new[] { value.Value }).ToArray();
        return new Code(text, Precedence.Conditional) { Names = NameSet.Union(parts.Select(p => p.Names)), Calls = true };
    }

    /// <summary>'<paramref name="span"/>.Slice(start, count)' of a view: the view itself, or the same slice of its adjoint or tangent.</summary>
    public Code Slice(Code span, ViewExpr view)
    {
        var start = Print(view.Start);
        var count = Print(view.Count);
        return Code.Atom(span.Text + ".Slice(" + start.Text + ", " + count.Text + ")", NameSet.Union(NameSet.Union(span.Names, start.Names), count.Names), span, start, count);
    }

    /// <summary>A hole in parentheses unless it is an atom without ':' ('global::' would start the format).</summary>
    private Code PrintInterpolated(InterpolatedStringExpr s)
    {
        var text = new System.Text.StringBuilder("$\"").Append(s.Texts[0]);
        var values = new Code[s.Values.Count];
        for (var i = 0; i < s.Values.Count; i++)
        {
            var value = values[i] = Print(s.Values[i]);
            var hole = value.Precedence == Precedence.Primary && !Qualified(s.Values[i]) ? value.Text : "(" + value.Text + ")";
            text.Append('{').Append(hole).Append(s.Formats[i]).Append('}').Append(s.Texts[i + 1]);
        }

        // Formatting calls ToString: counted as a call.
        return Code.Atom(text.Append('"').ToString(), NameSet.Union(values.Select(v => v.Names)), values) with { Calls = true };
    }

    /// <summary>
    /// Whether the printed expression may hold a 'global::' name, whose ':' would end an interpolation hole: calls, throws,
    /// casts and static members print their types qualified.
    /// </summary>
    private static bool Qualified(Expr expr) => expr switch
    {
        MathCallExpr or DifferentiableCallExpr or NumericCallExpr or ThrowExpr or InterpolatedStringExpr or ConversionExpr or OpaqueExpr { Receiver: null } => true,
        _ => ExprWalker.Children(expr).Any(Qualified),
    };

    private Code PrintOpaque(OpaqueExpr o)
    {
        if (o.Receiver is null)
        {
            var member = o.Target! + "." + o.Member;
            return o.IsInvocation ? Code.Call(member, o.Arguments.Select(Print).ToArray()) : Code.Atom(member) with { Calls = true };
        }

        var receiver = Print(o.Receiver);
        return o.IsInvocation
            ? Code.Call(receiver, o.Member, o.Arguments.Select(Print).ToArray())
            : receiver.Wrap(receiver.At(Precedence.Primary) + "." + o.Member, Precedence.Primary) with { Calls = true };
    }

    private Code PrintBinary(BinaryExpr b)
    {
        var (op, precedence) = b.Op switch
        {
            BinaryOp.Add => ("+", Precedence.Additive),
            BinaryOp.Subtract => ("-", Precedence.Additive),
            BinaryOp.Multiply => ("*", Precedence.Multiplicative),
            BinaryOp.Divide => ("/", Precedence.Multiplicative),
            BinaryOp.Remainder => ("%", Precedence.Multiplicative),
            BinaryOp.Equals => ("==", Precedence.Equality),
            BinaryOp.NotEquals => ("!=", Precedence.Equality),
            BinaryOp.LessThan => ("<", Precedence.Relational),
            BinaryOp.LessThanOrEqual => ("<=", Precedence.Relational),
            BinaryOp.GreaterThan => (">", Precedence.Relational),
            BinaryOp.GreaterThanOrEqual => (">=", Precedence.Relational),
            BinaryOp.ConditionalAnd => ("&&", Precedence.ConditionalAnd),
            BinaryOp.ConditionalOr => ("||", Precedence.ConditionalOr),
            BinaryOp.And => ("&", Precedence.And),
            BinaryOp.Or => ("|", Precedence.Or),
            BinaryOp.ExclusiveOr => ("^", Precedence.ExclusiveOr),
            BinaryOp.LeftShift => ("<<", Precedence.Shift),
            BinaryOp.RightShift => (">>", Precedence.Shift),
            _ => throw new InvalidOperationException("Unknown operator " + b.Op),
        };
        return Code.Binary(Print(b.Left), op, Print(b.Right), precedence);
    }
}
