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
        BinaryExpr { Overflow: not Overflow.Default } b => Code.Call(Keyword(b.Overflow), code),
        UnaryExpr { Overflow: not Overflow.Default } u => Code.Call(Keyword(u.Overflow), code),
        ConversionExpr { Overflow: not Overflow.Default } c => Code.Call(Keyword(c.Overflow), code),
        _ => code,
    };

    private static string Keyword(Overflow overflow) => overflow == Overflow.Checked ? "checked" : "unchecked";

    private Code PrintNode(Expr expr) => expr switch
    {
        LiteralExpr l => Code.Literal(l.Text, l.IsNegative),
        VariableExpr v => Code.Atom(_name(v.VariableId)),
        ThisExpr t => Code.Atom(t.IsBase ? "base" : "this"),
        BinaryExpr b => PrintBinary(b),
        UnaryExpr u => u.Op switch
        {
            UnaryOp.Negate => Code.Negate(Print(u.Operand)),
            UnaryOp.Not => new Code("!" + Print(u.Operand).At(Precedence.Unary), Precedence.Unary),
            UnaryOp.BitwiseNot => new Code("~" + Print(u.Operand).At(Precedence.Unary), Precedence.Unary),
            _ => Print(u.Operand),
        },
        ConversionExpr c => Code.Cast(c.Type.Text, Print(c.Operand)),
        ConditionalExpr c => Code.Conditional(Print(c.Condition), Print(c.WhenTrue), Print(c.WhenFalse)),
        MathCallExpr m => Code.Call(m.ClassName + "." + m.Function, m.Arguments.Select(Print).ToArray()),
        DifferentiableCallExpr d => Code.Call(d.Target + "." + d.Name, d.Arguments.Select(Print).ToArray()),
        OpaqueExpr o => PrintOpaque(o),
        NumericCallExpr n => Code.Call(n.Target + "." + n.Member, n.Arguments.Select(Print).ToArray()),
        ElementExpr e => Code.Atom(_name(e.ArrayId) + e.Subscript(i => Print(i).Text)),
        LengthExpr { Row: { } row } l => Code.Atom(_name(l.ArrayId) + "[" + Print(row).Text + "].Length"),
        LengthExpr { Dimension: >= 0 } l => Code.Atom(_name(l.ArrayId) + ".GetLength(" + l.Dimension.ToString(System.Globalization.CultureInfo.InvariantCulture) + ")"),
        LengthExpr l => Code.Atom(_name(l.ArrayId) + ".Length"),
        ViewExpr view => Code.Atom(Slice(view.Cast ? "((" + view.Type.Text + ")" + _name(view.ArrayId) + ")" : _name(view.ArrayId), view)),
        ThrowExpr t => new Code("throw new " + t.ExceptionType + "(" + string.Join(", ", t.Arguments.Select(a => Print(a).Text)) + ")", Precedence.Primary), // never parenthesized: '(throw …)' does not compile
        InterpolatedStringExpr s => Code.Atom(PrintInterpolated(s)),
        MemberElementExpr e => Code.Atom(Print(e.Collection).At(Precedence.Primary) + "[" + Print(e.Index).Text + "]"),
        MemberWriteExpr w => new Code(Print(w.Target).At(Precedence.Primary)
            + (w.Indices.Count > 0 ? "[" + string.Join(", ", w.Indices.Select(i => Print(i).Text)) + "]" : string.Empty)
            + (w.Value is null ? w.Operator : " " + w.Operator + " " + Print(w.Value).Text), Precedence.Conditional),
        _ => throw new InvalidOperationException("Unknown expression " + expr.GetType().Name),
    };

    /// <summary>'<paramref name="span"/>.Slice(start, count)' of a view: the view itself, or the same slice of its adjoint or tangent.</summary>
    public string Slice(string span, ViewExpr view) => span + ".Slice(" + Print(view.Start).Text + ", " + Print(view.Count).Text + ")";

    /// <summary>A hole in parentheses unless it is an atom without ':' ('global::' would start the format).</summary>
    private string PrintInterpolated(InterpolatedStringExpr s)
    {
        var text = new System.Text.StringBuilder("$\"").Append(s.Texts[0]);
        for (var i = 0; i < s.Values.Count; i++)
        {
            var value = Print(s.Values[i]);
            var hole = value.Precedence == Precedence.Primary && value.Text.IndexOf(':') < 0 ? value.Text : "(" + value.Text + ")";
            text.Append('{').Append(hole).Append(s.Formats[i]).Append('}').Append(s.Texts[i + 1]);
        }

        return text.Append('"').ToString();
    }

    private Code PrintOpaque(OpaqueExpr o)
    {
        var target = o.Receiver is null ? o.Target! : Print(o.Receiver).At(Precedence.Primary);
        var member = target + "." + o.Member;
        return o.IsInvocation ? Code.Call(member, o.Arguments.Select(Print).ToArray()) : Code.Atom(member);
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
