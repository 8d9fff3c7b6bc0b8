using System.Linq;
using System.Collections.Immutable;

namespace GradGen.Fuzz.Tests.Programs;

/// <summary>The types a generated expression can have. Arrays and spans only appear as call arguments.</summary>
internal enum Ty
{
    Double,
    Float,
    Int,
    Bool,
    Array,

    /// <summary>A pair <c>(a, b)</c>: only as the value of a tuple declaration or assignment.</summary>
    Tuple,
}

/// <summary>
/// A generated expression. Records, so the shrinker can rebuild a tree with one node replaced; every node prints
/// itself fully parenthesised where precedence could matter (see <see cref="Printer"/>).
/// </summary>
internal abstract record Expr(Ty Type);

/// <summary>A numeric literal (int, double or float by <see cref="Expr.Type"/>).</summary>
internal sealed record Lit(Ty Type, double Value) : Expr(Type);

/// <summary>A scalar local, parameter or loop counter, or any other text of that type (<c>w.Length</c>).</summary>
internal sealed record VarRef(Ty Type, string Name) : Expr(Type);

/// <summary>
/// An element read <c>Array[Index]</c>, or <c>Array[Index, Column]</c> of a rectangular array, <c>Array[Index][Column]</c>
/// of a jagged one (<see cref="Jagged"/>).
/// </summary>
internal sealed record ElemRef(Ty Type, string Array, Expr Index, Expr? Column = null, bool Jagged = false) : Expr(Type);

/// <summary>Unary minus or logical not.</summary>
internal sealed record Unary(Ty Type, string Op, Expr Operand) : Expr(Type);

/// <summary>A binary operator, arithmetic (<c>+ - * / %</c>), comparison or <c>&amp;&amp;</c>/<c>||</c>.</summary>
internal sealed record Bin(Ty Type, string Op, Expr Left, Expr Right) : Expr(Type);

/// <summary>
/// A call: <c>Math.F</c>/<c>MathF.F</c> when <see cref="Target"/> is <see cref="CallTarget.Math"/> (chosen by the
/// type of the first argument), a method of the program, or an extension/instance call on the first argument.
/// </summary>
internal sealed record Call(Ty Type, CallTarget Target, string Name, ImmutableArray<Expr> Args) : Expr(Type);

/// <summary><c>Condition ? Then : Else</c>.</summary>
internal sealed record Cond(Ty Type, Expr Condition, Expr Then, Expr Else) : Expr(Type);

/// <summary>An explicit conversion <c>(Type)Operand</c>.</summary>
internal sealed record Cast(Ty Type, Expr Operand) : Expr(Type);

/// <summary><c>(First, Second)</c>: the right of a tuple declaration or assignment.</summary>
internal sealed record TupleExpr(Expr First, Expr Second) : Expr(Ty.Tuple);

/// <summary>
/// <c>On switch { Patterns[0] => Arms[0], …, _ => Default }</c>: patterns are text (<c>&lt; -0.5</c>, <c>1</c>,
/// <c>&gt; 0.0 and &lt; 1.0</c>), in an order where none subsumes a later one.
/// </summary>
internal sealed record SwitchExpr(Ty Type, Expr On, ImmutableArray<string> Patterns, ImmutableArray<Expr> Arms, Expr Default) : Expr(Type);

/// <summary><c>On is Pattern</c> (<c>x is &gt; 0.0 and &lt; 1.0</c>, <c>x is not &lt; 0.5</c>).</summary>
internal sealed record IsPattern(Expr On, string Pattern) : Expr(Ty.Bool);

/// <summary><c>(Condition ? Value : throw new Exception)</c>, the throw in the branch not taken (or, with the feature "throw taken", at times taken).</summary>
internal sealed record ThrowIf(Ty Type, Expr Condition, Expr Value, string Exception) : Expr(Type);

/// <summary><c>in Operand</c>: a variable passed to an <c>in</c> parameter by reference.</summary>
internal sealed record InArg(Expr Operand) : Expr(Operand.Type);

/// <summary><c>(u++)</c>, <c>(--u)</c>: an increment or decrement of a local used as a value.</summary>
internal sealed record StepValue(Ty Type, string Name, string Op, bool Prefix) : Expr(Type);

/// <summary>
/// A LINQ expression with at most one lambda: <c>Prefix + Lambda + " => " + Body + Suffix</c>, or <c>Prefix + Suffix</c>
/// without a body (<c>w0.Sum()</c>). <c>Lambda</c> is the parameter list (<c>q1</c>, <c>(q1, q2)</c>).
/// </summary>
internal sealed record Linq(Ty Type, string Prefix, string Lambda, Expr? Body, string Suffix) : Expr(Type);

/// <summary>How a <see cref="Call"/> is printed.</summary>
internal enum CallTarget
{
    /// <summary><c>Math.Name(args)</c> for double, <c>MathF.Name(args)</c> for float.</summary>
    Math,

    /// <summary><c>double.Name(args)</c> or <c>float.Name(args)</c>: the static math of the type itself.</summary>
    Numeric,

    /// <summary><c>Name(args)</c>: a method of the same class.</summary>
    User,

    /// <summary><c>args[0].Name(args[1..])</c>: an extension or instance method (LINQ, Slice).</summary>
    Member,
}

/// <summary>A generated statement.</summary>
internal abstract record Stmt;

/// <summary><c>Type Name = Init;</c></summary>
internal sealed record Decl(Ty Type, string Name, Expr Init) : Stmt;

/// <summary><c>double[] Name = new double[Length];</c> or <c>Span&lt;double&gt; Name = stackalloc double[Length];</c></summary>
/// <param name="Values">Given values (then <paramref name="Length"/> is their count), printed by <paramref name="Form"/>: 0 <c>{ … }</c>, 1 <c>new T[] { … }</c>, 2 <c>[…]</c> (a Span when <paramref name="Stackalloc"/>).</param>
internal sealed record ArrayDecl(Ty Element, string Name, Expr Length, bool Stackalloc, ImmutableArray<Expr> Values = default, int Form = 0) : Stmt;

/// <summary><c>ReadOnlySpan&lt;Element&gt; Name = View;</c>: a view local (<c>w0.Slice(1, 3)</c>, <c>w0[^2..]</c>, <c>s1[1..]</c>).</summary>
internal sealed record ViewDecl(Ty Element, string Name, Expr View) : Stmt;

/// <summary><c>var (First, Second) = Init;</c> (a <see cref="TupleExpr"/> or a call of a tuple-returning local function).</summary>
internal sealed record TupleDecl(string First, string Second, Expr Init) : Stmt;

/// <summary><c>(First, Second) = Value;</c> (a swap when the value is <c>(Second, First)</c>).</summary>
internal sealed record TupleAssign(Expr First, Expr Second, Expr Value) : Stmt;

/// <summary><c>[static] (T, T) Name(T p0, …) => (First, Second);</c>: a local function returning a tuple.</summary>
internal sealed record TupleFunc(string Name, Ty Type, ImmutableArray<Param> Params, Expr First, Expr Second, bool Static) : Stmt;

/// <summary><c>Func&lt;T, T&gt; Name = Param => Body;</c>: a lambda held in a local, called as <c>Name(e)</c>.</summary>
internal sealed record FuncDecl(Ty Type, string Name, string Param, Expr Body) : Stmt;

/// <summary><c>if (Condition) throw new Exception;</c></summary>
internal sealed record Guard(Expr Condition, string Exception) : Stmt;

/// <summary>
/// Logging whose result is discarded: <c>string Name = $"loss {Value:F4}";</c> (form 0), <c>(Value).ToString();</c> (1),
/// <c>System.Diagnostics.Debug.WriteLine(Value);</c> (2), <c>string Name = "x = " + Value;</c> (3),
/// <c>string Name = string.Format("{0:F3}", Value);</c> (4), <c>string Name = (Value).ToString("F3");</c> (5).
/// (<c>_ = v.ToString();</c> is GG0004, "call the method as a statement": form 1 is <c>(Value).ToString();</c>.)
/// </summary>
internal sealed record Log(int Form, string Name, Expr Value) : Stmt;

/// <summary>A statement printed as is (<c>_ = w0 ?? throw new ArgumentNullException(nameof(w0));</c>).</summary>
internal sealed record RawStmt(string Text) : Stmt;

/// <summary><c>Target Op Value;</c> with <c>Op</c> one of <c>= += -= *= /=</c>; the target is a variable or element.</summary>
internal sealed record Assign(Expr Target, string Op, Expr Value) : Stmt;

/// <summary><c>Target++;</c> or <c>Target--;</c></summary>
internal sealed record Step(Expr Target, string Op) : Stmt;

/// <summary><c>if (Condition) { Then } else { Else }</c>; no else when <see cref="Else"/> is empty.</summary>
internal sealed record If(Expr Condition, ImmutableArray<Stmt> Then, ImmutableArray<Stmt> Else) : Stmt;

/// <summary><c>for (int Var = Start; Var Cmp Bound; Var Step) { Body }</c>.</summary>
internal sealed record For(string Var, Expr Start, string Cmp, Expr Bound, string Increment, ImmutableArray<Stmt> Body) : Stmt;

/// <summary>
/// A data-dependent loop: <c>int Guard = 0; while (Guard &lt; Limit &amp;&amp; Condition) { Guard++; Body }</c>, or the
/// <c>do</c> form. The guard is bumped first so a <c>continue</c> cannot make it spin.
/// </summary>
internal sealed record While(string Guard, int Limit, Expr Condition, ImmutableArray<Stmt> Body, bool Do) : Stmt;

/// <summary><c>foreach (Type Var in Array) { Body }</c>.</summary>
internal sealed record Foreach(Ty Type, string Var, string Array, ImmutableArray<Stmt> Body) : Stmt;

/// <summary><c>switch (On) { case 0: … break; case 1: … break; default: … break; }</c>.</summary>
internal sealed record Switch(Expr On, ImmutableArray<ImmutableArray<Stmt>> Cases, ImmutableArray<Stmt> Default) : Stmt;

/// <summary><c>break;</c></summary>
internal sealed record Break : Stmt;

/// <summary><c>continue;</c></summary>
internal sealed record Continue : Stmt;

/// <summary><c>return Value;</c></summary>
internal sealed record Return(Expr Value) : Stmt;

/// <summary>
/// A local function of <c>Main</c>, <c>[static] T Name(T p0, …) { Body }</c>, declared before the statements that call
/// it; unless <see cref="Static"/>, its body reads (never writes) the variables of <c>Main</c> in scope there.
/// </summary>
internal sealed record LocalFunc(Method Function, bool Static) : Stmt;

/// <summary>How a parameter is declared and what the driver passes.</summary>
internal enum ParamKind
{
    /// <summary><c>double</c>/<c>float</c>: differentiable.</summary>
    Scalar,

    /// <summary><c>in double</c>/<c>in float</c>: differentiable, read only (helpers only).</summary>
    InScalar,

    /// <summary><c>double[]</c>/<c>float[]</c>: differentiable.</summary>
    Array,

    /// <summary><c>ReadOnlySpan&lt;T&gt;</c>: differentiable.</summary>
    ReadOnlySpan,

    /// <summary><c>[NoDerivative] double</c>/<c>float</c>: a constant the driver passes.</summary>
    NoDerivative,

    /// <summary><c>[NoDerivative] ReadOnlySpan&lt;T&gt;</c> data.</summary>
    NoDerivativeData,

    /// <summary><c>int</c>: a depth or a count.</summary>
    Int,

    /// <summary><c>Func&lt;T, T&gt;</c>: a selector (must-refuse mode); the driver passes <c>v => v * v</c>.</summary>
    Func,

    /// <summary><c>double[,]</c>/<c>float[,]</c>: differentiable, <see cref="Param.Length"/> elements in rows of <see cref="Param.Columns"/>.</summary>
    Matrix,

    /// <summary><c>double[][]</c>/<c>float[][]</c>: differentiable, rows of the lengths <see cref="Param.RowLengths"/>.</summary>
    Jagged,
}

/// <summary>A method parameter. <see cref="Length"/> is the element count the driver passes (arrays, spans, matrices).</summary>
internal sealed record Param(ParamKind Kind, Ty Type, string Name, int Length, int Columns = 0, ImmutableArray<int> RowLengths = default)
{
    public bool IsActive => Kind is ParamKind.Scalar or ParamKind.InScalar or ParamKind.Array or ParamKind.ReadOnlySpan or ParamKind.Matrix or ParamKind.Jagged;

    public int Rows => Columns > 0 ? Length / Columns : 0;

    public bool IsSequence => Kind is ParamKind.Array or ParamKind.ReadOnlySpan or ParamKind.NoDerivativeData;
}

/// <summary>A <c>[Differentiable]</c> method of a program.</summary>
internal sealed record Method(string Name, Ty Return, ImmutableArray<Param> Params, ImmutableArray<Stmt> Body);

/// <summary>
/// One generated program: a class of <c>[Differentiable]</c> methods, the last of which (<see cref="Main"/>) the
/// oracle calls through drivers, and the constant arguments the drivers pass to its inactive parameters.
/// </summary>
/// <param name="Seed">The seed this program was generated from (also seeds its test points).</param>
/// <param name="Methods">Helpers first, <c>Main</c> last.</param>
/// <param name="Constants">Per parameter of <c>Main</c>: the values passed to inactive parameters (one for a
/// scalar or int, the elements for data), empty for active ones.</param>
/// <param name="Features">The constructs the program uses (for the report and for must-refuse mode).</param>
internal sealed record FuzzProgram(
    int Seed,
    ImmutableArray<Method> Methods,
    ImmutableArray<ImmutableArray<double>> Constants,
    ImmutableArray<string> Features)
{
    /// <summary><c>private static readonly T[] K0 = { … };</c> fields of the class, read by index (name, element type, values).</summary>
    public ImmutableArray<(string Name, Ty Element, ImmutableArray<double> Values)> Statics { get; init; } = ImmutableArray<(string, Ty, ImmutableArray<double>)>.Empty;

    public Method Main => Methods[^1];

    /// <summary>
    /// Whether Main asks for forward mode (<c>Forward = true</c>): where no method has a rectangular or jagged array
    /// parameter, which forward mode refuses (GG0032), and no call may pass an active value to a [NoDerivative] parameter
    /// (differentiated through the callee's internal pullback in reverse mode only: GG0032 too).
    /// </summary>
    public bool Forward => Methods.All(m => m.Params.All(p => p.Kind is not (ParamKind.Matrix or ParamKind.Jagged)))
        && !Features.Contains(Generation.ExprGen.ActiveToNoDerivative);

    /// <summary>
    /// Whether Main asks for second derivatives (<c>HessianVectorProduct = true</c>, which its callees then get too): only
    /// where every method is double with double differentiable parameters, as second derivatives require.
    /// </summary>
    public bool SecondOrder => Forward && Methods.All(m => m.Return == Ty.Double && m.Params.Where(p => p.IsActive).All(p => p.Type == Ty.Double));

    /// <summary>Number of differentiable input components (scalars plus array elements) of <c>Main</c>.</summary>
    public int InputCount
    {
        get
        {
            int n = 0;
            foreach (var p in Main.Params)
            {
                n += p.Kind == ParamKind.Scalar ? 1 : p.IsActive ? p.Length : 0;
            }

            return n;
        }
    }
}
