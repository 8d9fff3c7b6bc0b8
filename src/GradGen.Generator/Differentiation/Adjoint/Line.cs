using GradGen.Generator.Helpers;

namespace GradGen.Generator.Differentiation.Adjoint;

/// <summary>
/// One statement or block boundary of a generated method body, as the adjoint transform builds it: what it is (a
/// declaration, an assignment to a variable or an element, a step, a call, a block) and the code in it, which knows the
/// names it mentions. The clean-up passes (<see cref="ElementAdjointMerger"/>, <see cref="InvariantTemps"/>,
/// <see cref="AdjointLocals"/>) ask a line what it reads and may write; only <see cref="Emission.AdjointLinePrinter"/>
/// turns lines into text.
/// </summary>
internal abstract record Line
{
    /// <summary>Every name the line mentions.</summary>
    public abstract NameSet Mentions { get; }

    /// <summary>Whether the line calls something other than a pure function (then it may write whatever it mentions).</summary>
    public virtual bool Calls => false;

    /// <summary>Whether the line pops a tape.</summary>
    public virtual bool Pops => false;

    /// <summary>Whether running the line may change <paramref name="name"/> or an element of it. Conservative.</summary>
    public abstract bool MayWrite(string name);

    /// <summary>Whether the line is a statement (not a comment, a blank line or a block boundary).</summary>
    public virtual bool IsStatement => true;

    /// <summary>A call in <paramref name="code"/> may write any name it mentions (a span passed whole, a ref argument).</summary>
    protected static bool CallMayWrite(Code code, string name) => (code.Calls || code.Pops) && code.Names.Contains(name);
}

/// <summary>'<c>Type Name = Value;</c>'. <see cref="IsTemp"/>: a value the reverse sweep computes once for the derivatives of one statement.</summary>
internal sealed record Declare(string Type, string Name, Code Value, bool IsTemp = false) : Line
{
    public override NameSet Mentions => NameSet.Union(NameSet.Of(Name), Value.Names);

    public override bool Calls => Value.Calls;

    public override bool Pops => Value.Pops;

    public override bool MayWrite(string name) => name == Name || CallMayWrite(Value, name);
}

/// <summary>The target of an <see cref="Assign"/>: a variable, or an element '<c>Array[…]</c>' of one.</summary>
/// <param name="Code">The target as printed ('x', 'a[i]', '_slots0[i * n + j]').</param>
/// <param name="Variable">The variable it changes (the array for an element).</param>
/// <param name="IsElement">Whether it is an element of <paramref name="Variable"/>.</param>
/// <param name="PlainIndex">For an element: whether its indices read no array element and it is not a jagged row's element.</param>
internal sealed record Target(Code Code, string Variable, bool IsElement, bool PlainIndex = true)
{
    public static Target Of(string variable) => new(Code.Name(variable), variable, false);

    public static Target Element(Code element, string array, bool plainIndex) => new(element, array, true, plainIndex);
}

/// <summary>'<c>Target Op Value;</c>' with Op one of =, +=, -=, *=, /=.</summary>
internal sealed record Assign(Target Target, string Op, Code Value) : Line
{
    public override NameSet Mentions => NameSet.Union(Target.Code.Names, Value.Names);

    public override bool Calls => Value.Calls || Target.Code.Calls;

    public override bool Pops => Value.Pops || Target.Code.Pops;

    /// <summary>'a[i] += e' or 'a[i] -= e': an addition into an element.</summary>
    public bool IsElementAccumulation => Target.IsElement && Op is "+=" or "-=";

    public override bool MayWrite(string name) => name == Target.Variable || CallMayWrite(Value, name) || CallMayWrite(Target.Code, name);
}

/// <summary>'<c>Name++;</c>' or '<c>Name--;</c>'.</summary>
internal sealed record Step(string Name, bool Up) : Line
{
    public override NameSet Mentions => NameSet.Of(Name);

    public override bool MayWrite(string name) => name == Name;
}

/// <summary>'<c>Value;</c>': a call, a tape's pop whose value is not needed, a throw.</summary>
internal sealed record Evaluate(Code Value) : Line
{
    public override NameSet Mentions => Value.Names;

    public override bool Calls => Value.Calls;

    public override bool Pops => Value.Pops;

    public override bool MayWrite(string name) => CallMayWrite(Value, name);
}

/// <summary>A statement the passes do not look into: it may write every name it mentions, and counts as a call.</summary>
internal sealed record Opaque(string Text, NameSet Names) : Line
{
    public override NameSet Mentions => Names;

    public override bool Calls => true;

    public override bool MayWrite(string name) => Names.Contains(name);
}

/// <summary>'<c>// Text</c>'.</summary>
internal sealed record Comment(string Text) : Line
{
    public override NameSet Mentions => NameSet.Empty;

    public override bool IsStatement => false;

    public override bool MayWrite(string name) => false;
}

/// <summary>An empty line between groups of statements.</summary>
internal sealed record Blank : Line
{
    public static readonly Blank Line = new();

    public override NameSet Mentions => NameSet.Empty;

    public override bool IsStatement => false;

    public override bool MayWrite(string name) => false;
}

internal enum BlockKind
{
    If,
    Else,
    While,
    Do,

    /// <summary>'<c>for (; Step &gt; 0; Step--)</c>': a replay of a recorded trip count.</summary>
    CountDown,
}

/// <summary>The header and '{' of a block; its statements are one level deeper, up to the matching <see cref="Close"/>.</summary>
/// <param name="Condition">The condition of an if or a while; null for else and do.</param>
/// <param name="Counter">The counter a <see cref="BlockKind.CountDown"/> steps.</param>
internal sealed record Open(BlockKind Kind, Code? Condition = null, string? Counter = null) : Line
{
    public override NameSet Mentions => NameSet.Union(Condition?.Names ?? NameSet.Empty, Counter is null ? NameSet.Empty : NameSet.Of(Counter));

    public override bool Calls => Condition?.Calls ?? false;

    public override bool Pops => Condition?.Pops ?? false;

    public override bool IsStatement => false;

    public override bool MayWrite(string name) => name == Counter || (Condition is { } c && CallMayWrite(c, name));
}

/// <summary>The '}' of a block, or '<c>} while (Condition);</c>' closing a do.</summary>
internal sealed record Close(Code? DoCondition = null) : Line
{
    public static readonly Close Brace = new();

    public override NameSet Mentions => DoCondition?.Names ?? NameSet.Empty;

    public override bool Calls => DoCondition?.Calls ?? false;

    public override bool Pops => DoCondition?.Pops ?? false;

    public override bool IsStatement => false;

    public override bool MayWrite(string name) => DoCondition is { } c && CallMayWrite(c, name);
}
