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

/// <summary>
/// A piece of C# expression text with its precedence; the combinators add parentheses only where C# needs them. Beside
/// the text it keeps what passes over generated code need to know without reading the text: the names it mentions, and
/// whether it calls anything other than a pure function (a call may write any array it can reach) or pops a tape.
/// </summary>
internal readonly record struct Code(string Text, Precedence Precedence, bool IsOne = false, bool IsNegative = false)
{
    // Kept small: printing recurses over deep expressions, and each frame holds a few of these.
    private readonly NameSet? _names;
    private readonly Flags _flags;
    private readonly Parts? _parts;

    [System.Flags]
    private enum Flags : byte
    {
        None = 0,
        Calls = 1,
        Pops = 2,
        IsName = 4,
        IsLiteral = 8,
    }

    /// <summary>Every name the text mentions (variables, locals, tapes), not the members after a '.'.</summary>
    public NameSet Names
    {
        get => _names ?? NameSet.Empty;
        init => _names = value;
    }

    /// <summary>Calls something other than a System.Math function: may write any memory it reaches.</summary>
    public bool Calls
    {
        get => (_flags & Flags.Calls) != 0;
        init => _flags = value ? _flags | Flags.Calls : _flags & ~Flags.Calls;
    }

    /// <summary>Pops a tape (changes the tape, nothing else).</summary>
    public bool Pops
    {
        get => (_flags & Flags.Pops) != 0;
        init => _flags = value ? _flags | Flags.Pops : _flags & ~Flags.Pops;
    }

    /// <summary>One identifier.</summary>
    public bool IsName
    {
        get => (_flags & Flags.IsName) != 0;
        init => _flags = value ? _flags | Flags.IsName : _flags & ~Flags.IsName;
    }

    /// <summary>A numeric literal (with its sign).</summary>
    public bool IsLiteral
    {
        get => (_flags & Flags.IsLiteral) != 0;
        init => _flags = value ? _flags | Flags.IsLiteral : _flags & ~Flags.IsLiteral;
    }

    /// <summary>For 'a op b': op (so 'v = v * e' can be written 'v *= e' without reading the text).</summary>
    public string? Operator => _parts?.Operator;

    /// <summary>For 'a op b': a.</summary>
    public Code? Left => _parts is { Operator: not null } p ? p.First : null;

    /// <summary>For 'a op b': b.</summary>
    public Code? Right => _parts is { Operator: not null } p ? p.Second : null;

    /// <summary>For 'a op b': b as printed there, in parentheses where it needs them.</summary>
    public string? RightText => _parts?.RightText;

    /// <summary>For '!x': x.</summary>
    public Code? Complemented => _parts is { Kind: PartsKind.Not } p ? p.First : null;

    private Parts? Structure
    {
        init => _parts = value;
    }

    private enum PartsKind
    {
        Binary,
        Not,
        Negation,
    }

    /// <summary>What the code is made of, where a later step needs it: the operands of a binary, the operand of '!' or '-'.</summary>
    private sealed class Parts
    {
        public Parts(PartsKind kind, Code first, Code second, string? op = null, string? rightText = null)
        {
            Kind = kind;
            First = first;
            Second = second;
            Operator = op;
            RightText = rightText;
        }

        public PartsKind Kind { get; }

        public Code First { get; }

        public Code Second { get; }

        public string? Operator { get; }

        public string? RightText { get; }
    }

    public static Code Atom(string text) => new(text, Precedence.Primary);

    /// <summary>Primary text that mentions <paramref name="names"/> (and calls or pops as <paramref name="parts"/> do).</summary>
    public static Code Atom(string text, NameSet names, params Code[] parts) =>
        new(text, Precedence.Primary) { Names = names, Calls = AnyCalls(parts), Pops = AnyPops(parts) };

    /// <summary>An identifier: a variable, a local, a tape.</summary>
    public static Code Name(string name) => new(name, Precedence.Primary) { Names = NameSet.Of(name), IsName = true };

    /// <summary>'tape.Pop()': the next value off a tape.</summary>
    public static Code Pop(string tape) => new(tape + ".Pop()", Precedence.Primary) { Names = NameSet.Of(tape), Pops = true };

    public static Code Literal(string text, bool isNegative) =>
        new(text, isNegative ? Precedence.Unary : Precedence.Primary, IsOne: text is "1.0" or "1f" or "1", IsNegative: isNegative) { IsLiteral = true };

    /// <summary>Whether this is a name or a literal, or the negation of one: what needs no local of its own.</summary>
    public bool IsSimple => IsName || IsLiteral || (Negated() is { } inner && (inner.IsName || inner.IsLiteral));

    /// <summary>Text that can stand where <paramref name="needed"/> is required.</summary>
    public string At(Precedence needed) => Precedence >= needed ? Text : "(" + Text + ")";

    /// <summary>This code with <paramref name="text"/> around it (the same names, calls and pops).</summary>
    public Code Wrap(string text, Precedence precedence) => new(text, precedence) { Names = Names, Calls = Calls, Pops = Pops };

    public static Code Binary(Code left, string op, Code right, Precedence precedence)
    {
        // Left-associative: the right operand must bind tighter, or (a - b) - c and a - (b - c) would print alike.
        var rightText = right.Precedence > precedence ? right.Text : "(" + right.Text + ")";
        return Combine(left.At(precedence) + " " + op + " " + rightText, precedence, left, right) with { Structure = new Parts(PartsKind.Binary, left, right, op, rightText) };
    }

    /// <summary>'!x'.</summary>
    public static Code Not(Code operand) => operand.Wrap("!" + operand.At(Precedence.Unary), Precedence.Unary) with { Structure = new Parts(PartsKind.Not, operand, operand) };

    private static Code Combine(string text, Precedence precedence, params Code[] parts) =>
        new(text, precedence) { Names = NameSet.Union(System.Linq.Enumerable.Select(parts, p => p.Names)), Calls = AnyCalls(parts), Pops = AnyPops(parts) };

    private static bool AnyCalls(Code[] parts) => System.Array.Exists(parts, p => p.Calls);

    private static bool AnyPops(Code[] parts) => System.Array.Exists(parts, p => p.Pops);

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
        return new Code("-" + text, Precedence.Unary, IsNegative: true) { Names = operand.Names, Calls = operand.Calls, Pops = operand.Pops, Structure = new Parts(PartsKind.Negation, operand, operand) };
    }

    /// <summary>x when this is '-x', else null.</summary>
    public Code? Negated() => _parts is { Kind: PartsKind.Negation } p ? p.First : null;

    public static Code Cast(string type, Code operand) =>
        operand.Wrap("(" + type + ")" + (operand.Precedence >= Precedence.Primary ? operand.Text : "(" + operand.Text + ")"), Precedence.Unary);

    /// <summary>A call of anything but a pure function (see <see cref="PureCall"/>).</summary>
    public static Code Call(string target, params Code[] arguments) => CallOf(target, arguments) with { Calls = true };

    /// <summary>A call of a System.Math function or another function that only computes its value.</summary>
    public static Code PureCall(string target, params Code[] arguments) => CallOf(target, arguments);

    /// <summary>A call on a receiver: its names are mentioned too.</summary>
    public static Code Call(Code receiver, string member, params Code[] arguments)
    {
        var call = Call(receiver.At(Precedence.Primary) + "." + member, arguments);
        return call with { Names = NameSet.Union(receiver.Names, call.Names), Pops = call.Pops || receiver.Pops };
    }

    private static Code CallOf(string target, Code[] arguments)
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

        return Combine(text.Append(')').ToString(), Precedence.Primary, arguments);
    }

    public static Code Conditional(Code condition, Code whenTrue, Code whenFalse) =>
        Combine(condition.At(Precedence.ConditionalOr) + " ? " + whenTrue.At(Precedence.ConditionalOr) + " : " + whenFalse.At(Precedence.Conditional), Precedence.Conditional, condition, whenTrue, whenFalse);

    public override string ToString() => Text;
}
