namespace GradGen.Generator.Helpers;

/// <summary>C# operator precedence, loosest first, so printed expressions get exactly the parentheses they need.</summary>
internal enum Precedence
{
    Conditional,
    ConditionalOr,
    ConditionalAnd,
    Or,
    ExclusiveOr,
    And,
    Equality,
    Relational,
    Shift,
    Additive,
    Multiplicative,
    Unary,
    Primary,
}

/// <summary>A piece of C# expression text with its precedence; the combinators add parentheses only where C# needs them.</summary>
internal readonly record struct Code(string Text, Precedence Precedence, bool IsOne = false, bool IsNegative = false)
{
    /// <summary>For '-x': the text and precedence of x, so a second negation gives x back instead of '-(-x)'.</summary>
    private string? NegationOf { get; init; }

    private Precedence NegationOfPrecedence { get; init; }

    public static Code Atom(string text) => new(text, Precedence.Primary);

    public static Code Literal(string text, bool isNegative) =>
        new(text, isNegative ? Precedence.Unary : Precedence.Primary, IsOne: text is "1.0" or "1f" or "1", IsNegative: isNegative);

    /// <summary>Text that can stand where <paramref name="needed"/> is required.</summary>
    public string At(Precedence needed) => Precedence >= needed ? Text : "(" + Text + ")";

    public static Code Binary(Code left, string op, Code right, Precedence precedence)
    {
        // Left-associative: the right operand must bind tighter, or (a - b) - c and a - (b - c) would print alike.
        var rightText = right.Precedence > precedence ? right.Text : "(" + right.Text + ")";
        return new Code(left.At(precedence) + " " + op + " " + rightText, precedence);
    }

    public static Code Add(Code left, Code right) => Binary(left, "+", right, Precedence.Additive);

    public static Code Subtract(Code left, Code right) => Binary(left, "-", right, Precedence.Additive);

    public static Code Multiply(Code left, Code right)
    {
        if (left.IsOne)
        {
            return right;
        }

        if (right.IsOne)
        {
            return left;
        }

        // (-a)·b = -(a·b): keeps signs at the front, where two of them cancel.
        if (left.Negated() is { } a)
        {
            return Negate(Multiply(a, right));
        }

        if (right.Negated() is { } b)
        {
            return Negate(Multiply(left, b));
        }

        return Binary(left, "*", right, Precedence.Multiplicative);
    }

    public static Code Divide(Code left, Code right)
    {
        if (right.IsOne)
        {
            return left;
        }

        if (left.Negated() is { } a)
        {
            return Negate(Divide(a, right));
        }

        return Binary(left, "/", right, Precedence.Multiplicative);
    }

    public static Code Negate(Code operand)
    {
        if (operand.Negated() is { } inner)
        {
            return inner;
        }

        // '- -x' would print as '--x', a decrement: anything that starts with a sign gets parentheses.
        var text = operand.Precedence >= Precedence.Unary && !operand.Text.StartsWith("-", System.StringComparison.Ordinal) && !operand.Text.StartsWith("+", System.StringComparison.Ordinal)
            ? operand.Text
            : "(" + operand.Text + ")";
        return new Code("-" + text, Precedence.Unary, IsNegative: true) { NegationOf = operand.Text, NegationOfPrecedence = operand.Precedence };
    }

    /// <summary>x when this is '-x', else null.</summary>
    public Code? Negated() => NegationOf is null ? null : new Code(NegationOf, NegationOfPrecedence, IsOne: NegationOf is "1.0" or "1f" or "1");

    public static Code Cast(string type, Code operand) =>
        new("(" + type + ")" + (operand.Precedence >= Precedence.Primary ? operand.Text : "(" + operand.Text + ")"), Precedence.Unary);

    public static Code Call(string target, params Code[] arguments)
    {
        var text = new System.Text.StringBuilder(target).Append('(');
        for (var i = 0; i < arguments.Length; i++)
        {
            if (i > 0)
            {
                text.Append(", ");
            }

            text.Append(arguments[i].Text);
        }

        return new Code(text.Append(')').ToString(), Precedence.Primary);
    }

    public static Code Conditional(Code condition, Code whenTrue, Code whenFalse) =>
        new(condition.At(Precedence.ConditionalOr) + " ? " + whenTrue.At(Precedence.ConditionalOr) + " : " + whenFalse.At(Precedence.Conditional), Precedence.Conditional);

    public override string ToString() => Text;
}
