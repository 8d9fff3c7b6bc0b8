using System.Collections.Generic;
using System.Collections.Immutable;
using System.Linq;
using GradGen.Fuzz.Tests.Programs;

namespace GradGen.Fuzz.Tests.Generation;

/// <summary>
/// Random expressions. Reals stay finite and mostly of order one (domains are guarded in <see cref="MathGen"/>);
/// ints are never negative, so <c>e % n</c> is a valid index.
/// </summary>
internal static class ExprGen
{
    private static readonly double[] Literals = { 0.5, 1.5, 2.0, 0.25, 3.0, 0.75, 1.25, -0.5, -1.5, 0.1, -2.0, 1.0 };

    public static Expr L(Ty t, double v) => new Lit(t, v);

    public static Expr B(Ty t, string op, Expr l, Expr r) => new Bin(t, op, l, r);

    public static Expr M(Ty t, string name, params Expr[] args) => new Call(t, CallTarget.Math, name, args.ToImmutableArray());

    /// <summary><paramref name="e"/> as a <paramref name="t"/>: a cast where C# has no implicit conversion.</summary>
    public static Expr Convert(Expr e, Ty t) =>
        e.Type == t || (t == Ty.Double && e.Type is Ty.Float or Ty.Int) || (t == Ty.Float && e.Type == Ty.Int)
            ? e
            : new Cast(t, e);

    public static Expr Literal(GenContext c, Ty t) =>
        c.Chance(0.7) ? L(t, c.Pick(Literals)) : L(t, System.Math.Round((c.Random.NextDouble() * 4) - 2, 2));

    public static Expr Real(GenContext c, int depth, Ty t, bool calls)
    {
        if (depth <= 0 || c.Chance(0.2))
        {
            return Leaf(c, t);
        }

        if (c.Options.MustRefuse && c.Chance(0.12) && RefusalGen.Expression(c, t) is { } refused)
        {
            return refused;
        }

        if (c.Chance(c.Options.EverydayProbability * 0.5) && Everyday.Expression(c, depth, t, calls) is { } everyday)
        {
            return everyday;
        }

        int choice = c.Random.Next(100);
        return choice switch
        {
            < 16 => B(t, c.Chance(0.5) ? "+" : "-", Real(c, depth - 1, t, calls), Real(c, depth - 1, t, calls)),
            < 30 => B(t, "*", Real(c, depth - 1, t, calls), Real(c, depth - 1, t, calls)),
            < 36 => B(t, "/", Real(c, depth - 1, t, calls), Positive(c, depth - 1, t, calls)),
            < 40 => Negate(t, Real(c, depth - 1, t, calls)),
            < 70 => MathGen.Call(c, depth, t, calls),
            < 77 => Conditional(c, depth, t, calls),
            < 86 when calls => UserCall(c, depth, t) ?? Leaf(c, t),
            < 90 when t == Ty.Float => new Cast(Ty.Float, Real(c, depth - 1, Ty.Double, calls)),
            < 94 => B(t, "*", Real(c, depth - 1, t, calls), Convert(Int(c, 1), t)),
            < 96 => B(t, "%", Real(c, depth - 1, t, calls), L(t, 1.75)),
            _ => Leaf(c, t),
        };
    }

    /// <summary>
    /// <c>c ? a : b</c>; where calls are allowed, the branches may call methods of the program, which must then run only on
    /// the branch taken.
    /// </summary>
    private static Expr Conditional(GenContext c, int depth, Ty t, bool calls)
    {
        bool inBranches = calls && c.Options.CallsInBranches && c.Chance(0.5);
        var then = inBranches && c.Chance(0.5) ? UserCall(c, depth, t) : null;
        var e = new Cond(t, Condition(c, 1), then ?? Real(c, depth - 1, t, inBranches), Real(c, depth - 1, t, inBranches));
        if (CallsUser(e.Then) || CallsUser(e.Else))
        {
            c.Feature("call in ?:");
        }

        return e;
    }

    private static bool CallsUser(Expr e) => e switch
    {
        Call { Target: CallTarget.User } => true,
        Call call => call.Args.Any(CallsUser),
        Bin b => CallsUser(b.Left) || CallsUser(b.Right),
        Unary u => CallsUser(u.Operand),
        Cast k => CallsUser(k.Operand),
        Cond k => CallsUser(k.Condition) || CallsUser(k.Then) || CallsUser(k.Else),
        _ => false,
    };

    /// <summary><c>-e</c>, also of a negation: <c>x = -(-x)</c> printed as <c>x = x</c> (CS1717) was finding F8.</summary>
    private static Expr Negate(Ty t, Expr e) => new Unary(t, "-", e);

    /// <summary>An expression at least 0.5: <c>(k + e·e)</c>, for denominators and <c>/=</c>.</summary>
    public static Expr Positive(GenContext c, int depth, Ty t, bool calls)
    {
        var e = Real(c, depth, t, calls);
        return B(t, "+", L(t, c.Pick(new[] { 0.5, 1.0, 1.5, 2.0 })), B(t, "*", e, e));
    }

    public static Expr Leaf(GenContext c, Ty t)
    {
        var reals = c.Scope.Reals();
        var arrays = c.Scope.RealArrays();
        int choice = c.Random.Next(10);
        if (choice < 5 && reals.Count > 0)
        {
            var v = c.Pick(reals);
            return Convert(new VarRef(v.Type, v.Name), t);
        }

        if (choice == 7 && c.Scope.Matrices.Count > 0)
        {
            var m = c.Pick(c.Scope.Matrices);
            var row = IndexBelow(c, m.Rows);
            // A jagged row's own length bounds the column too ('jag0[i][k % jag0[i].Length]').
            var column = m.Jagged && c.Chance(0.5) ? B(Ty.Int, "%", Int(c, 2), new VarRef(Ty.Int, $"{m.Name}[{Printer.Print(row)}].Length")) : IndexBelow(c, m.Columns);
            return Convert(new ElemRef(m.Element, m.Name, row, column, m.Jagged), t);
        }

        if (choice < 8 && arrays.Count > 0)
        {
            var a = c.Pick(arrays);
            return Convert(Element(c, a), t);
        }

        return Literal(c, t);
    }

    public static Expr Element(GenContext c, ArrayVar a)
    {
        // Reading the same element again (w[k[0] % 3] ... w[k[0] % 3]) is what lets the reverse sweep merge two
        // updates of one adjoint element, and what an index changed in between must stop.
        var index = c.LastIndex.TryGetValue(a.Name, out var last) && InScope(c, last) && c.Chance(0.5) ? last : Index(c, a);
        c.LastIndex[a.Name] = index;
        if (a.Active && ContainsIntArrayRead(index))
        {
            c.ReadThroughIntArray = true;
        }

        return new ElemRef(a.Element, a.Name, index);
    }

    private static bool InScope(GenContext c, Expr e) => e switch
    {
        VarRef v => c.Scope.Scalars.Any(s => s.Name == v.Name) || c.Scope.Arrays.Any(a => v.Name == a.Name + ".Length"),
        ElemRef r => c.Scope.Arrays.Any(a => a.Name == r.Array) && InScope(c, r.Index),
        Bin b => InScope(c, b.Left) && InScope(c, b.Right),
        _ => true,
    };

    private static bool ContainsIntArrayRead(Expr e) => e switch
    {
        ElemRef => true,
        Bin b => ContainsIntArrayRead(b.Left) || ContainsIntArrayRead(b.Right),
        _ => false,
    };

    /// <summary>A valid index of <paramref name="a"/>: a counter known to be in range, else some int expression modulo the length.</summary>
    public static Expr Index(GenContext c, ArrayVar a)
    {
        var inRange = c.Scope.Ints().Where(v => a.Length > 0 && v.Bound > 0 && v.Bound <= a.Length).ToList();
        if (inRange.Count > 0 && c.Chance(0.5))
        {
            var v = c.Pick(inRange);
            return c.Chance(0.3) ? B(Ty.Int, "-", L(Ty.Int, a.Length - 1), new VarRef(Ty.Int, v.Name)) : new VarRef(Ty.Int, v.Name);
        }

        // 'o + i' or 'i + o', o a literal or another counter: an element of a row, which the reverse sweep may read
        // through a row view of the array.
        var shifted = c.Scope.Ints().Where(v => v.Bound > 0 && v.Bound < a.Length).ToList();
        if (shifted.Count > 0 && c.Chance(0.25))
        {
            // Mostly the innermost counter: the row of the loop being generated.
            var v = shifted[^1].Name.StartsWith('i') && c.Chance(0.6) ? shifted[^1] : c.Pick(shifted);
            var others = c.Scope.Ints().Where(u => u != v && u.Bound > 0 && u.Bound + v.Bound - 2 <= a.Length - 1).ToList();
            var offset = others.Count > 0 && c.Chance(0.5) ? new VarRef(Ty.Int, c.Pick(others).Name) : L(Ty.Int, c.Random.Next(1, a.Length - v.Bound + 1));
            c.Feature("row index");
            return c.Chance(0.5) ? B(Ty.Int, "+", offset, new VarRef(Ty.Int, v.Name)) : B(Ty.Int, "+", new VarRef(Ty.Int, v.Name), offset);
        }

        var locals = c.Scope.Ints().Where(v => v.Name.StartsWith('m')).ToList();
        if (locals.Count > 0 && c.Chance(0.4))
        {
            return B(Ty.Int, "%", new VarRef(Ty.Int, c.Pick(locals).Name), a.LengthExpr);
        }

        if (a.Length > 0 && c.Chance(0.3))
        {
            return L(Ty.Int, c.Random.Next(a.Length));
        }

        return B(Ty.Int, "%", Int(c, 2), a.LengthExpr);
    }

    /// <summary>An index in [0, <paramref name="length"/>): a counter known to be in range, a literal, or an int modulo the length.</summary>
    private static Expr IndexBelow(GenContext c, int length)
    {
        var inRange = c.Scope.Ints().Where(v => v.Bound > 0 && v.Bound <= length).ToList();
        if (inRange.Count > 0 && c.Chance(0.5))
        {
            var v = c.Pick(inRange);
            return c.Chance(0.3) ? B(Ty.Int, "-", L(Ty.Int, length - 1), new VarRef(Ty.Int, v.Name)) : new VarRef(Ty.Int, v.Name);
        }

        return c.Chance(0.3) ? L(Ty.Int, c.Random.Next(length)) : B(Ty.Int, "%", Int(c, 2), L(Ty.Int, length));
    }

    /// <summary>A non-negative int: literals, counters, int-array elements, sums and products of them.</summary>
    public static Expr Int(GenContext c, int depth)
    {
        if (depth > 0 && c.Chance(0.4))
        {
            return B(Ty.Int, c.Chance(0.6) ? "+" : "*", Int(c, depth - 1), Int(c, depth - 1));
        }

        var ints = c.Scope.Ints();
        var intArrays = c.Scope.IntArrays();
        int choice = c.Random.Next(10);
        if (choice < 4 && ints.Count > 0)
        {
            return new VarRef(Ty.Int, c.Pick(ints).Name);
        }

        if (choice < 7 && intArrays.Count > 0)
        {
            var k = c.Pick(intArrays);
            return new ElemRef(Ty.Int, k.Name, c.Chance(0.5) ? L(Ty.Int, c.Random.Next(k.Length)) : B(Ty.Int, "%", Int(c, 0), L(Ty.Int, k.Length)));
        }

        return L(Ty.Int, c.Random.Next(6));
    }

    /// <summary>
    /// A condition on reals (or on a counter). Only the condition of an <c>if</c> (<paramref name="calls"/>) may call a
    /// method of the program, on the right of <c>&amp;&amp;</c> or <c>||</c>; a loop condition never does.
    /// </summary>
    public static Expr Condition(GenContext c, int depth, bool calls = false)
    {
        string[] comparisons = { "<", ">", "<=", ">=" };
        var ints = c.Scope.Ints();
        Expr condition = ints.Count > 0 && c.Chance(0.2)
            ? B(Ty.Bool, "==", B(Ty.Int, "%", new VarRef(Ty.Int, c.Pick(ints).Name), L(Ty.Int, 2)), L(Ty.Int, 0))
            : B(Ty.Bool, c.Pick(comparisons), Real(c, depth, c.T, false), Real(c, depth, c.T, false));
        if (!c.InLoopCondition && c.Chance(c.Options.EverydayProbability * 1.5) && Everyday.Pattern(c, depth) is { } pattern)
        {
            condition = pattern;
        }

        if (c.Chance(0.15))
        {
            condition = B(Ty.Bool, c.Chance(0.5) ? "&&" : "||", condition, B(Ty.Bool, c.Pick(comparisons), Leaf(c, c.T), Literal(c, c.T)));
        }

        if (calls && c.Options.CallsInBranches && c.Chance(0.2) && UserCall(c, 2, c.T) is { } call)
        {
            c.Feature("call in && or ||");
            condition = B(Ty.Bool, c.Chance(0.5) ? "&&" : "||", condition, B(Ty.Bool, c.Pick(comparisons), call, Literal(c, c.T)));
        }

        // A C# constant condition (1.5 < 2.0) makes the generated code's "unreachable code" warning CS0162:
        // known finding F3, kept out of CI until fixed.
        if (IsConstant(condition) && !c.Options.ConstantConditions)
        {
            var reals = c.Scope.Reals();
            condition = reals.Count > 0
                ? B(Ty.Bool, "<", Convert(new VarRef(reals[0].Type, reals[0].Name), c.T), Literal(c, c.T))
                : B(Ty.Bool, "<", M(c.T, "Sin", Literal(c, c.T)), Literal(c, c.T));
        }

        return c.Chance(0.1) ? new Unary(Ty.Bool, "!", condition) : condition;
    }

    /// <summary>Whether C# sees <paramref name="e"/> as a constant (literals and operators on them).</summary>
    public static bool IsConstant(Expr e) => e switch
    {
        Lit => true,
        Unary u => IsConstant(u.Operand),
        Bin b => IsConstant(b.Left) && IsConstant(b.Right),
        Cast k => IsConstant(k.Operand),
        _ => false,
    };

    /// <summary>
    /// What a view may be taken of: <c>Main</c>'s differentiable array and span parameters (<c>w0</c>, …) and view locals,
    /// of a length known when generating. Not in local functions (<see cref="GenContext.NestedArrays"/> is off there), and
    /// never of local arrays, which GradGen refuses to view (GG0004).
    /// </summary>
    public static List<ArrayVar> Viewable(GenContext c) =>
        c.NestedArrays
            ? c.Scope.RealArrays().Where(a => a.Active && !a.Writable && a.Length > 0 && (a.IsView || a.Name.StartsWith('w'))).ToList()
            : new List<ArrayVar>();

    /// <summary>
    /// A view of <paramref name="a"/> with at least one element, and its length (0 where it varies): <c>a.Slice(s, n)</c> of
    /// a span, <c>a.AsSpan(s, n)</c> of an array, <c>a[s..e]</c>, <c>a[..n]</c>, <c>a[s..]</c>, <c>a[^n..]</c>, or from a
    /// counter in range, <c>a[i..]</c> and <c>a.Slice(i, L - i)</c> (the reverse sweep needs each start back).
    /// </summary>
    public static (Expr View, int Length) View(GenContext c, ArrayVar a)
    {
        int length = a.Length;
        Expr Slice(Expr start, Expr count) =>
            new Call(Ty.Array, CallTarget.Member, a.IsSpan ? "Slice" : "AsSpan", ImmutableArray.Create<Expr>(new VarRef(Ty.Array, a.Name), start, count));
        var counters = c.Scope.Ints().Where(v => v.Bound > 0 && v.Bound <= length).ToList();
        if (counters.Count > 0 && c.Chance(0.5))
        {
            var v = c.Pick(counters).Name;
            c.Feature("view from a counter");
            return c.Chance(0.5)
                ? (new VarRef(Ty.Array, $"{a.Name}[{v}..]"), 0)
                : (Slice(new VarRef(Ty.Int, v), B(Ty.Int, "-", L(Ty.Int, length), new VarRef(Ty.Int, v))), 0);
        }

        int s = c.Random.Next(length);
        int n = c.Random.Next(1, length - s + 1);
        return c.Random.Next(5) switch
        {
            0 => (Slice(L(Ty.Int, s), L(Ty.Int, n)), n),
            1 => (new VarRef(Ty.Array, $"{a.Name}[{s}..{s + n}]"), n),
            2 => (new VarRef(Ty.Array, $"{a.Name}[..{n}]"), n),
            3 => (new VarRef(Ty.Array, $"{a.Name}[{s}..]"), length - s),
            _ => (new VarRef(Ty.Array, $"{a.Name}[^{n}..]"), n),
        };
    }

    /// <summary>The feature of a call that may pass an active value to a [NoDerivative] parameter (reverse mode only: GG0032 in forward mode).</summary>
    public const string ActiveToNoDerivative = "active argument to [NoDerivative]";

    /// <summary>A call to a method of the program this one may call, or null if no argument fits.</summary>
    public static Expr? UserCall(GenContext c, int depth, Ty t)
    {
        var callable = c.Callable.Concat(c.LocalFunctions).ToList();
        if (callable.Count == 0)
        {
            return null;
        }

        var m = c.Pick(callable);
        var args = ImmutableArray.CreateBuilder<Expr>();
        foreach (var p in m.Params)
        {
            switch (p.Kind)
            {
                case ParamKind.Scalar:
                    args.Add(Convert(Real(c, depth - 1, p.Type, true), p.Type));
                    break;
                case ParamKind.InScalar:
                    var arg = Convert(Real(c, depth - 1, p.Type, true), p.Type);
                    if (arg is VarRef v && c.Scope.Reals().Any(s => s.Name == v.Name && s.Type == p.Type) && c.Chance(0.5))
                    {
                        // By reference: a variable passed as 'in v'.
                        c.Feature("in argument");
                        arg = new InArg(arg);
                    }

                    args.Add(arg);
                    break;
                case ParamKind.NoDerivative when c.Chance(0.3):
                    // Differentiated through the callee's internal pullback when the value is active.
                    c.Feature(ActiveToNoDerivative);
                    args.Add(Convert(Real(c, depth - 1, p.Type, true), p.Type));
                    break;
                case ParamKind.NoDerivative:
                    args.Add(Literal(c, p.Type));
                    break;
                case ParamKind.Int:
                    args.Add(L(Ty.Int, c.Random.Next(3)));
                    break;
                default:
                    var bases = p.Kind == ParamKind.ReadOnlySpan ? Viewable(c).Where(a => a.Element == p.Type).ToList() : new List<ArrayVar>();
                    if (bases.Count > 0 && c.Chance(0.5))
                    {
                        // A view of a parameter passed to a differentiable span parameter: its gradient flows into the slice.
                        c.Feature("view argument");
                        args.Add(View(c, c.Pick(bases)).View);
                        break;
                    }

                    var activeData = p.Kind == ParamKind.NoDerivativeData && c.Chance(0.3);
                    var fits = c.Scope.RealArrays()
                        .Where(a => a.Element == p.Type && (p.Kind != ParamKind.Array || !a.IsSpan) && (p.Kind != ParamKind.NoDerivativeData || activeData || !a.Active))
                        .ToList();
                    if (fits.Count == 0)
                    {
                        return null;
                    }

                    var array = c.Pick(fits);
                    if (activeData && array.Active)
                    {
                        c.Feature(ActiveToNoDerivative);
                    }

                    args.Add(new VarRef(Ty.Array, array.Name));
                    break;
            }
        }

        c.Feature(c.LocalFunctions.Contains(m) ? "local function call" : "call");
        return Convert(new Call(m.Return, CallTarget.User, m.Name, args.ToImmutable()), t);
    }
}
