using System.Collections.Generic;
using System.Collections.Immutable;
using System.Linq;
using GradGen.Fuzz.Tests.Programs;
using static GradGen.Fuzz.Tests.Generation.ExprGen;

namespace GradGen.Fuzz.Tests.Generation;

/// <summary>
/// The everyday constructs of issues 18 and 19 that README's "What differentiates today" lists: tuple deconstruction,
/// assignment and swap, tuple-returning local functions; switch expressions and <c>is</c> patterns; guards and throws
/// (never taken, and with <see cref="FuzzOptions.TakenThrows"/> taken at some points); logging that does not flow back;
/// LINQ over arrays with expression lambdas, lambdas held in <c>Func</c> locals.
/// </summary>
internal static class Everyday
{
    /// <summary>Statements generated together, spliced into the block by <see cref="StmtGen.Statements"/>.</summary>
    internal sealed record Seq(ImmutableArray<Stmt> Items) : Stmt;

    /// <summary>The feature of a program that may throw at a test point (<see cref="TakenExceptions"/> only).</summary>
    public const string ThrowTaken = "throw taken";

    /// <summary>
    /// The exception types of throws that may be taken. Never-taken guards use other types
    /// (<c>ArgumentException</c>, <c>ArgumentNullException</c>, <c>NotSupportedException</c>), so that one of those thrown is a tester bug.
    /// </summary>
    public static readonly string[] TakenExceptions = { "System.InvalidOperationException", "System.ArgumentOutOfRangeException" };

    private static readonly double[] Thresholds = { -1.0, -0.5, 0.0, 0.5, 1.0 };

    /// <summary>One everyday statement, or null when nothing fits (the caller makes an ordinary one).</summary>
    public static Stmt? Statement(GenContext c)
    {
        int choice = c.Random.Next(100);
        return choice switch
        {
            < 24 => Tuple(c),
            < 42 => Log(c),
            < 56 => NeverTakenGuard(c),
            < 63 when c.Options.TakenThrows => TakenGuard(c),
            < 78 when c.NestedArrays => FuncLocal(c),
            < 86 when c.NestedArrays => IncrementValue(c),
            < 92 when c.NestedArrays => BulkWrite(c),
            _ => Declare(c, Expression(c, 3, c.T, true)),
        };
    }

    /// <summary>
    /// <c>double v = (u++) * e;</c> or <c>(--u)</c>: an increment of a real local used as a value, leftmost so that
    /// nothing in the statement reads <c>u</c> before it (GradGen refuses that with GG0004). Not in local functions or
    /// lambdas (refused there too).
    /// </summary>
    private static Stmt? IncrementValue(GenContext c)
    {
        var mutable = c.Scope.Reals().Where(v => v.Mutable && v.Type == c.T && !v.ByRef).ToList();
        if (mutable.Count == 0)
        {
            return null;
        }

        var u = c.Pick(mutable);
        var prefix = c.Chance(0.5);
        var op = c.Chance(0.5) ? "++" : "--";
        c.Feature(prefix ? "prefix increment as a value" : "postfix increment as a value");
        var rest = Real(c, 2, c.T, true);
        return Declare(c, new Bin(c.T, c.Chance(0.5) ? "*" : "+", new StepValue(c.T, u.Name, op, prefix), rest));
    }

    /// <summary>
    /// A local array given its values where it is declared, a third of the time: <c>{ e, … }</c> ("array
    /// initializer"), <c>new double[] { e, … }</c> ("array creation with values"), <c>[e, …]</c> ("collection
    /// expression"), or <c>Span&lt;double&gt; b = [e, …]</c> ("collection expression span"). Null otherwise.
    /// </summary>
    public static ArrayDecl? GivenValues(GenContext c, string name, int length, bool span)
    {
        if (!c.Chance(0.33))
        {
            return null;
        }

        var values = Enumerable.Range(0, length).Select(_ => Real(c, 1, c.T, false)).ToImmutableArray();
        int form = span ? 2 : c.Random.Next(3);
        c.Feature(span ? "collection expression span" : form switch { 0 => "array initializer", 1 => "array creation with values", _ => "collection expression" });
        return new ArrayDecl(c.T, name, L(Ty.Int, length), span, values, form);
    }

    /// <summary>
    /// A whole-array write into a local array or span: <c>Array.Fill(a1, e);</c>, <c>a1.AsSpan().Fill(e);</c> /
    /// <c>b2.Fill(e);</c> ("Fill"), <c>Array.Clear(a1);</c> / <c>b2.Clear();</c> ("Clear"), or a copy from another local
    /// no longer than it, <c>a2.CopyTo(a1, 0);</c> / <c>b3.CopyTo(b2);</c> ("CopyTo"). Not in local functions.
    /// </summary>
    private static Stmt? BulkWrite(GenContext c)
    {
        var locals = c.Scope.RealArrays().Where(a => a.Writable && a.Element == c.T && !a.IsView).ToList();
        if (locals.Count == 0)
        {
            return null;
        }

        var a = c.Pick(locals);
        var sources = locals.Where(s => s.Name != a.Name && s.Length > 0 && s.Length <= a.Length).ToList();
        switch (c.Random.Next(4))
        {
            case 0:
            case 1:
                c.Feature("Fill");
                var value = Printer.Print(Real(c, 2, c.T, true));
                return new RawStmt(a.IsSpan ? $"{a.Name}.Fill({value});" : c.Chance(0.5) ? $"Array.Fill({a.Name}, {value});" : $"{a.Name}.AsSpan().Fill({value});");
            case 2:
                c.Feature("Clear");
                return new RawStmt(a.IsSpan ? $"{a.Name}.Clear();" : $"Array.Clear({a.Name});");
            default:
                if (sources.Count == 0)
                {
                    return null;
                }

                var from = c.Pick(sources);
                c.Feature("CopyTo");
                return new RawStmt(from.IsSpan || a.IsSpan ? $"{from.Name}.CopyTo({a.Name});" : $"{from.Name}.CopyTo({a.Name}, 0);");
        }
    }

    private static Stmt? Declare(GenContext c, Expr? init)
    {
        if (init is null)
        {
            return null;
        }

        string name = c.Scope.Fresh("v");
        c.Scope.Add(new ScalarVar(name, c.T, true));
        return new Decl(c.T, name, init);
    }

    /// <summary>
    /// <c>var (u1, u2) = (Math.Sin(e), Math.Cos(e));</c>, <c>var (u1, u2) = TF0(e);</c>, <c>(a, b) = (b, a);</c> or
    /// <c>(a, b) = (e1, e2);</c>.
    /// </summary>
    private static Stmt? Tuple(GenContext c)
    {
        var mutable = c.Scope.Reals().Where(v => v.Mutable && v.Type == c.T).ToList();
        if (c.TupleFunctions.Count > 0 && c.Chance(0.5))
        {
            return CallTupleFunction(c);
        }

        if (mutable.Count >= 2 && c.Chance(0.45))
        {
            var a = c.Pick(mutable);
            var b = c.Pick(mutable.Where(v => v.Name != a.Name).ToList());
            var ra = new VarRef(c.T, a.Name);
            var rb = new VarRef(c.T, b.Name);
            if (c.Chance(0.5))
            {
                c.Feature("tuple swap");
                return new TupleAssign(ra, rb, new TupleExpr(rb, ra));
            }

            c.Feature("tuple assignment");
            return new TupleAssign(ra, rb, new TupleExpr(Real(c, 2, c.T, true), Real(c, 2, c.T, true)));
        }

        c.Feature("tuple deconstruction");
        if (c.Chance(0.6))
        {
            var e = Real(c, 2, c.T, true);
            return DeclarePair(c, new TupleExpr(M(c.T, "Sin", e), M(c.T, "Cos", e)));
        }

        return DeclarePair(c, new TupleExpr(Real(c, 2, c.T, true), Real(c, 2, c.T, true)));
    }

    /// <summary><c>var (u1, u2) = TF0(e);</c></summary>
    public static Stmt CallTupleFunction(GenContext c)
    {
        var (fn, arity) = c.Pick(c.TupleFunctions);
        var args = Enumerable.Range(0, arity).Select(_ => Real(c, 2, c.T, true)).ToImmutableArray();
        c.Feature("tuple-returning local function");
        return DeclarePair(c, new Call(Ty.Tuple, CallTarget.User, fn, args));
    }

    private static Stmt DeclarePair(GenContext c, Expr init)
    {
        // 'var' takes each element's C# type: '(x0, …)' with a float parameter x0 in a double method would make a float local.
        if (init is TupleExpr pair)
        {
            init = new TupleExpr(Typed(pair.First, c.T), Typed(pair.Second, c.T));
        }

        string first = c.Scope.Fresh("u");
        string second = c.Scope.Fresh("u");
        c.Scope.Add(new ScalarVar(first, c.T, true));
        c.Scope.Add(new ScalarVar(second, c.T, true));
        return new TupleDecl(first, second, init);
    }

    /// <summary>
    /// <c>[static] (T, T) TF0(T p0[, T p1]) => (e1, e2);</c> at the top of <c>Main</c>, reading its parameters and, unless
    /// static, <c>Main</c>'s parameters; deconstructed at each call by <see cref="Tuple"/>.
    /// </summary>
    public static Stmt TupleFunction(GenContext c)
    {
        bool isStatic = c.Chance(0.4);
        var local = new GenContext(c.Random, c.Options, c.T, c.Callable, c.Features) { Scope = new Scope(200), NestedArrays = false };
        if (!isStatic)
        {
            foreach (var v in c.Scope.Scalars)
            {
                local.Scope.Add(v with { Mutable = false });
            }

            foreach (var a in c.Scope.RealArrays().Where(a => !a.IsSpan))
            {
                local.Scope.Add(a with { Writable = false });
            }
        }
        else
        {
            foreach (var a in c.Scope.RealArrays().Where(a => a.Name.StartsWith('K')))
            {
                local.Scope.Add(a);
            }
        }

        var ps = Enumerable.Range(0, c.Random.Next(1, 3)).Select(k => new Param(ParamKind.Scalar, c.T, "q" + k, 1)).ToImmutableArray();
        foreach (var p in ps)
        {
            local.Scope.Add(new ScalarVar(p.Name, p.Type, false));
        }

        string name = "TF" + c.TupleFunctions.Count;
        c.TupleFunctions.Add((name, ps.Length));
        return new TupleFunc(name, c.T, ps, Real(local, 2, c.T, true), Real(local, 2, c.T, true), isStatic);
    }

    /// <summary>Logging whose result is discarded: a string local never read, <c>_ = e.ToString()</c>, <c>Debug.WriteLine(e)</c>.</summary>
    private static Stmt Log(GenContext c)
    {
        int form = c.Random.Next(6);
        c.Feature(form switch
        {
            0 => "log: interpolated string",
            1 or 5 => "log: ToString",
            2 => "log: Debug.WriteLine",
            3 => "log: string concatenation",
            _ => "log: string.Format",
        });
        return new Log(form, c.Scope.Fresh("lg"), Real(c, 2, c.T, c.Chance(0.3)));
    }

    /// <summary>
    /// A guard that is never taken: <c>if (w0.Length == 0) throw new ArgumentException(…);</c>,
    /// <c>_ = w0 ?? throw new ArgumentNullException(nameof(w0));</c>, <c>if (i &gt;= 1000) throw new NotSupportedException(…);</c> in a loop.
    /// </summary>
    private static Stmt? NeverTakenGuard(GenContext c)
    {
        var arrays = c.Scope.RealArrays();
        var counters = c.Scope.Ints().Where(v => v.Name.StartsWith('i') || v.Name.StartsWith('g')).ToList();
        int choice = c.Random.Next(3);
        if (choice == 0 && counters.Count > 0)
        {
            c.Feature("throw in a loop");
            var i = c.Pick(counters);
            return new Guard(B(Ty.Bool, ">=", new VarRef(Ty.Int, i.Name), L(Ty.Int, 1000)), "NotSupportedException(\"too many steps\")");
        }

        // A static readonly field is not a parameter or local: GG0004 ("test a parameter or local in its own statement").
        var plain = arrays.Where(a => !a.IsSpan && !IsStatic(a)).ToList();
        if (choice == 1 && plain.Count > 0)
        {
            c.Feature("null guard");
            var a = c.Pick(plain);
            return new RawStmt($"_ = {a.Name} ?? throw new ArgumentNullException(nameof({a.Name}));");
        }

        if (arrays.Count > 0)
        {
            c.Feature("guard throw");
            var a = c.Pick(arrays);
            return new Guard(B(Ty.Bool, "==", new VarRef(Ty.Int, a.Name + ".Length"), L(Ty.Int, 0)), $"ArgumentException(\"empty\", nameof({a.Name}))");
        }

        return null;
    }

    /// <summary><c>if (v &gt; 1.0) throw new InvalidOperationException(…);</c>: taken at some test points.</summary>
    private static Stmt? TakenGuard(GenContext c)
    {
        var reals = c.Scope.Reals();
        if (reals.Count == 0)
        {
            return null;
        }

        c.Feature(ThrowTaken);
        var v = c.Pick(reals);
        var condition = B(Ty.Bool, ">", new VarRef(v.Type, v.Name), L(v.Type, c.Pick(new[] { 0.8, 1.0, 1.2, 2.0 })));
        return new Guard(condition, c.Chance(0.5) ? $"ArgumentOutOfRangeException(nameof({v.Name}))" : "InvalidOperationException(\"diverged\")");
    }

    /// <summary><c>Func&lt;T, T&gt; fn1 = q1 => e;</c>, <c>e</c> over <c>q1</c> and captured scalars and arrays; called later as <c>fn1(e)</c>.</summary>
    private static Stmt FuncLocal(GenContext c)
    {
        string name = c.Scope.Fresh("fn");
        string param = c.Scope.Fresh("q");
        var body = Real(Lambda(c, (param, c.T, 0)), 2, c.T, false);
        var declaration = new FuncDecl(c.T, name, param, body);
        c.Scope.Add(new FuncVar(name, c.T));
        c.Feature("Func local");

        // Called at once (a lambda never called is not inlined anywhere: GG0004), later statements may call it again.
        var use = Declare(c, FuncCall(c, 2, true, name))!;
        return new Seq(ImmutableArray.Create<Stmt>(declaration, use));
    }

    /// <summary>The context of a lambda's body: its parameters, and what it may capture (scalars other than <c>in</c> parameters, arrays).</summary>
    private static GenContext Lambda(GenContext c, params (string Name, Ty Type, int Bound)[] parameters)
    {
        var scope = new Scope(300);
        foreach (var v in c.Scope.Scalars.Where(v => v.Type is Ty.Double or Ty.Float or Ty.Int && !v.ByRef))
        {
            if (c.Chance(0.5))
            {
                scope.Add(v with { Mutable = false });
            }
        }

        // A span, a ref struct, cannot be captured (CS8175).
        foreach (var a in c.Scope.RealArrays().Where(a => !a.IsSpan))
        {
            scope.Add(a with { Writable = false });
        }

        foreach (var (name, type, bound) in parameters)
        {
            scope.Add(new ScalarVar(name, type, false, bound));
        }

        return new GenContext(c.Random, c.Options, c.T, new List<Method>(), c.Features) { Scope = scope, NestedArrays = false, InLambda = true };
    }

    /// <summary>Whether <paramref name="a"/> is a <c>static readonly</c> field (<c>K0</c>).</summary>
    public static bool IsStatic(ArrayVar a) => a.Name.StartsWith('K');

    /// <summary>An everyday expression of type <paramref name="t"/>, or null when nothing fits.</summary>
    public static Expr? Expression(GenContext c, int depth, Ty t, bool calls)
    {
        int choice = c.Random.Next(100);
        Expr? e = choice switch
        {
            < 22 => SwitchOnReal(c, depth, t, calls),
            < 32 => SwitchOnInt(c, depth, t, calls),
            < 70 when !c.InLambda && !c.InLoopCondition => LinqExpr(c),
            < 85 when !c.InLambda && !c.InLoopCondition && c.Scope.Funcs.Any() => FuncCall(c, depth, calls),
            < 100 when !c.InLambda => ThrowExpression(c, depth, t, calls),
            _ => null,
        };
        return e is null ? null : Convert(e, t);
    }

    /// <summary><c>(e switch { &lt; -0.5 => a, &lt; 0.5 => b, _ => d })</c> on a real.</summary>
    private static Expr? SwitchOnReal(GenContext c, int depth, Ty t, bool calls)
    {
        var on = Exactly(Real(c, depth - 1, c.T, false), c.T);
        if (IsConstant(on))
        {
            return null;
        }

        c.Feature("switch expression on a real");
        var cuts = Thresholds.OrderBy(_ => c.Random.Next()).Take(c.Random.Next(1, 3)).OrderBy(x => x).ToList();
        var patterns = cuts.Select(x => "< " + Constant(c.T, x)).ToList();
        if (c.Chance(0.3))
        {
            // A band above the cuts first: never subsumed by the cuts after it.
            patterns.Insert(0, $"> {Constant(c.T, 1.0)} and < {Constant(c.T, 1.5)}");
        }

        var arms = patterns.Select(_ => Real(c, depth - 1, t, calls)).ToImmutableArray();
        return new SwitchExpr(t, on, patterns.ToImmutableArray(), arms, Real(c, depth - 1, t, calls));
    }

    /// <summary><c>((k % 3) switch { 0 => a, 1 => b, _ => d })</c> on an int.</summary>
    private static Expr? SwitchOnInt(GenContext c, int depth, Ty t, bool calls)
    {
        var on = B(Ty.Int, "%", Int(c, 1), L(Ty.Int, 3));
        if (IsConstant(on))
        {
            var arrays = c.Scope.Arrays.ToList();
            if (arrays.Count == 0)
            {
                return null;
            }

            on = B(Ty.Int, "%", B(Ty.Int, "+", new VarRef(Ty.Int, c.Pick(arrays).Name + ".Length"), Int(c, 0)), L(Ty.Int, 3));
        }

        c.Feature("switch expression on an int");
        var patterns = c.Random.Next(3) switch
        {
            0 => ImmutableArray.Create("0", "1"),
            1 => ImmutableArray.Create("< 1", "2"),
            _ => ImmutableArray.Create("1 or 2"),
        };
        var arms = patterns.Select(_ => Real(c, depth - 1, t, calls)).ToImmutableArray();
        return new SwitchExpr(t, on, patterns, arms, Real(c, depth - 1, t, calls));
    }

    /// <summary>
    /// A condition with a pattern: <c>e is &gt; 0.0 and &lt; 1.0</c>, <c>e is &lt; -0.5 or &gt; 0.5</c>, <c>e is not &lt; 0.5</c>,
    /// <c>e is not (&gt; 0.0 and &lt; 1.0)</c>, <c>(k % 4) is 1 or 2</c>, <c>(k % 4) is not 0</c>; null when nothing fits.
    /// </summary>
    public static Expr? Pattern(GenContext c, int depth)
    {
        var ints = c.Scope.Ints();
        if (ints.Count > 0 && c.Chance(0.2))
        {
            var on = B(Ty.Int, "%", new VarRef(Ty.Int, c.Pick(ints).Name), L(Ty.Int, 4));
            bool negated = c.Chance(0.5);
            c.Feature(negated ? "is not pattern" : "is pattern");
            return new IsPattern(on, negated ? "not 0" : "1 or 2");
        }

        var real = Exactly(Real(c, depth, c.T, false), c.T);
        if (IsConstant(real))
        {
            return null;
        }

        var cuts = Thresholds.OrderBy(_ => c.Random.Next()).Take(2).OrderBy(x => x).ToList();
        string lo = Constant(c.T, cuts[0]);
        string hi = Constant(c.T, cuts[1]);
        int form = c.Random.Next(5);
        c.Feature(form >= 3 ? "is not pattern" : "is pattern");
        return new IsPattern(real, form switch
        {
            0 => $"> {lo} and < {hi}",
            1 => $"< {lo} or > {hi}",
            2 => $">= {hi}",
            3 => $"not < {lo}",
            _ => $"not (> {lo} and < {hi})",
        });
    }

    /// <summary>
    /// <paramref name="e"/> cast to <paramref name="t"/>: the tree's types say what was asked for, not what C# infers
    /// ('x0 * x0' of a float parameter in a double method is a float, and a pattern's double constant is CS0266 there).
    /// </summary>
    private static Expr Exactly(Expr e, Ty t) => e is Cast k && k.Type == t ? e : new Cast(t, e);

    /// <summary><paramref name="e"/> cast to <paramref name="t"/> unless it is a literal or a math call, whose C# type is the tree's.</summary>
    private static Expr Typed(Expr e, Ty t) => e is Lit || (e is Call { Target: CallTarget.Math or CallTarget.Numeric } && e.Type == t) ? e : Exactly(e, t);

    /// <summary>A pattern's constant: a literal without the parentheses <see cref="Printer.Literal"/> puts around a negative one.</summary>
    private static string Constant(Ty t, double x) => Printer.Literal(t, x).Trim('(', ')');

    /// <summary>
    /// LINQ over a (non-span) array in scope: <c>w.Sum()</c>, <c>w.Average()</c>, <c>w.Max()</c>, <c>w.Min()</c>,
    /// <c>w.Sum(q => e)</c>, <c>w.Select(q => e).Sum()</c>, <c>w.Zip(x, (q1, q2) => e).Sum()</c>,
    /// <c>Enumerable.Range(0, n).Select(i => w[i] * e).Sum()</c>.
    /// </summary>
    private static Expr? LinqExpr(GenContext c)
    {
        // Over parameters and locals: LINQ over a static readonly field is GG0004 (README: "LINQ over arrays" are those).
        var arrays = c.Scope.RealArrays().Where(a => !a.IsSpan && !IsStatic(a)).ToList();
        if (arrays.Count == 0)
        {
            return null;
        }

        var a = c.Pick(arrays);
        var t = a.Element;
        int form = c.Random.Next(8);
        switch (form)
        {
            case 0 or 1:
            {
                string op = c.Pick(new[] { "Sum", "Sum", "Average", "Max", "Min" });
                c.Feature("LINQ " + op + "()");
                return new Linq(t, $"{a.Name}.{op}(", string.Empty, null, ")");
            }

            case 2:
            {
                string q = c.Scope.Fresh("q");
                c.Feature("LINQ Sum(selector)");
                return new Linq(t, $"{a.Name}.Sum(", q, Real(Lambda(c, (q, t, 0)), 2, t, false), ")");
            }

            case 3 or 4:
            {
                string q = c.Scope.Fresh("q");
                string op = c.Pick(new[] { "Sum", "Sum", "Max", "Average" });
                c.Feature("LINQ Select(…)." + op + "()");
                return new Linq(t, $"{a.Name}.Select(", q, Real(Lambda(c, (q, t, 0)), 2, t, false), $").{op}()");
            }

            case 5:
            {
                var other = c.Pick(arrays.Where(x => x.Element == t).ToList());
                string q1 = c.Scope.Fresh("q");
                string q2 = c.Scope.Fresh("q");
                var body = c.Chance(0.5)
                    ? B(t, "*", new VarRef(t, q1), new VarRef(t, q2))
                    : Real(Lambda(c, (q1, t, 0), (q2, t, 0)), 2, t, false);
                c.Feature("LINQ Zip(…).Sum()");
                return new Linq(t, $"{a.Name}.Zip({other.Name}, ", $"({q1}, {q2})", body, ").Sum()");
            }

            default:
            {
                // n is a's length; the body reads a[i] and, through the lambda's int i (in range of arrays at least as long), others.
                string i = c.Scope.Fresh("q");
                string n = a.Length > 0 && c.Chance(0.5) ? a.Length.ToString(System.Globalization.CultureInfo.InvariantCulture) : a.Name + ".Length";
                var lambda = Lambda(c, (i, Ty.Int, a.Length));
                var body = B(t, "*", new ElemRef(t, a.Name, new VarRef(Ty.Int, i)), Real(lambda, 1, t, false));
                c.Feature("LINQ Enumerable.Range(…).Select(…).Sum()");
                return new Linq(t, $"Enumerable.Range(0, {n}).Select(", i, body, ").Sum()");
            }
        }
    }

    /// <summary><c>fn1(e)</c>: a call of a lambda held in a local.</summary>
    private static Expr FuncCall(GenContext c, int depth, bool calls, string? name = null)
    {
        var f = name is null ? c.Pick(c.Scope.Funcs.ToList()) : c.Scope.Funcs.First(f => f.Name == name);
        c.Feature("Func local call");
        return new Call(f.Type, CallTarget.User, f.Name, ImmutableArray.Create(Convert(Real(c, depth - 1, f.Type, calls), f.Type)));
    }

    /// <summary>
    /// <c>(w0.Length &gt; 0 ? e : throw new ArgumentException(…))</c>, the throw never taken, or with
    /// <see cref="FuzzOptions.TakenThrows"/> at times <c>(v &lt; 1.2 ? e : throw new InvalidOperationException(…))</c>, taken at some points.
    /// </summary>
    private static Expr? ThrowExpression(GenContext c, int depth, Ty t, bool calls)
    {
        var reals = c.Scope.Reals();
        if (c.Options.TakenThrows && reals.Count > 0 && c.Chance(0.3))
        {
            var v = c.Pick(reals);
            c.Feature(ThrowTaken);
            c.Feature("throw in ?:");
            var condition = B(Ty.Bool, "<", new VarRef(v.Type, v.Name), L(v.Type, c.Pick(new[] { 1.0, 1.2, 2.0 })));
            return new ThrowIf(t, condition, Real(c, depth - 1, t, calls), "InvalidOperationException(\"out of range\")");
        }

        var arrays = c.Scope.Arrays.Where(a => a.Element is Ty.Double or Ty.Float).ToList();
        if (arrays.Count == 0)
        {
            return null;
        }

        var a = c.Pick(arrays);
        c.Feature("throw in ?:");
        return new ThrowIf(t, B(Ty.Bool, ">", new VarRef(Ty.Int, a.Name + ".Length"), L(Ty.Int, 0)), Real(c, depth - 1, t, calls), $"ArgumentException(\"empty\", nameof({a.Name}))");
    }
}
