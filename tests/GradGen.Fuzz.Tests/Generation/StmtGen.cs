using System.Collections.Immutable;
using System.Linq;
using GradGen.Fuzz.Tests.Programs;
using static GradGen.Fuzz.Tests.Generation.ExprGen;

namespace GradGen.Fuzz.Tests.Generation;

/// <summary>
/// Random statements: declarations, (compound) assignments of scalars and local-array elements, if/else, counted,
/// data-dependent and foreach loops, switch, break/continue/early return. A jump is always the last statement of
/// its own <c>if</c> block, so nothing is unreachable.
/// </summary>
internal static class StmtGen
{
    public static ImmutableArray<Stmt> Block(GenContext c, int count)
    {
        c.Scope.Push();
        c.BlockDepth++;
        var body = c.NestedArrays && c.Chance(0.12) ? FreshArray(c) : ImmutableArray<Stmt>.Empty;
        body = body.AddRange(Statements(c, count));
        c.BlockDepth--;
        c.Scope.Pop();
        return body;
    }

    /// <summary>The statements of a loop body, at times starting with a fresh local array (<see cref="FreshArray"/>).</summary>
    public static ImmutableArray<Stmt> LoopBody(GenContext c, int count)
    {
        var head = c.NestedArrays && c.Chance(0.2) ? FreshArray(c) : ImmutableArray<Stmt>.Empty;
        return head.AddRange(Statements(c, count));
    }

    /// <summary>Up to <paramref name="count"/> statements in the current frame (the method's top level uses this directly).</summary>
    public static ImmutableArray<Stmt> Statements(GenContext c, int count)
    {
        var body = ImmutableArray.CreateBuilder<Stmt>();
        for (int k = 0; k < count && c.Budget > 0; k++)
        {
            c.Budget--;
            var s = Statement(c);
            if (s is Everyday.Seq seq)
            {
                body.AddRange(seq.Items);
            }
            else
            {
                body.Add(s);
            }
        }

        return body.ToImmutable();
    }

    private static Stmt Statement(GenContext c)
    {
        if (c.Chance(c.Options.EverydayProbability) && Everyday.Statement(c) is { } everyday)
        {
            return everyday;
        }

        var mutable = c.Scope.Reals().Where(v => v.Mutable).ToList();
        var writable = c.Scope.RealArrays().Where(a => a.Writable).ToList();
        bool nest = c.BlockDepth < 3;
        int choice = c.Random.Next(100);
        return choice switch
        {
            < 14 => Declare(c),
            < 20 when Viewable(c).Count > 0 => DeclareView(c),
            < 40 when mutable.Count > 0 => AssignScalar(c, c.Pick(mutable)),
            < 52 when writable.Count > 0 => AssignElement(c, c.Pick(writable)),
            < 56 when c.Options.IntArrayRewrites && c.Scope.IntArrays().Count > 0 => WriteIntArray(c, c.Pick(c.Scope.IntArrays())),
            < 58 when mutable.Count > 0 => new Step(new VarRef(c.T, c.Pick(mutable).Name), c.Chance(0.5) ? "++" : "--"),
            < 62 => DeclareInt(c),
            < 64 when mutable.Count > 0 => IndexChangedBetweenReads(c, c.Pick(mutable)),
            < 66 when c.Scope.Ints().Any(v => v.Name.StartsWith('m')) => AssignInt(c, c.Pick(c.Scope.Ints().Where(v => v.Name.StartsWith('m')).ToList())),
            < 68 when nest => IfElse(c),
            < 77 when nest && c.LoopDepth < 2 => Loops.Counted(c),
            < 81 when nest && c.LoopDepth < 2 => Loops.DataDependent(c),
            < 84 when nest && c.LoopDepth < 2 && c.Scope.RealArrays().Any(a => !Everyday.IsStatic(a)) => Loops.Foreach(c),
            < 87 when nest => Loops.SwitchOnInt(c),
            < 93 when c.LoopDepth > 0 && !c.InSwitch => Jump(c, c.Chance(0.5) ? new Break() : new Continue()),
            < 96 when !c.InSwitch => Jump(c, new Return(Real(c, 2, c.T, true))),
            < 98 when c.BlockDepth > 0 && c.NestedArrays => NestedArray(c),
            _ => Declare(c),
        };
    }

    private static Stmt Declare(GenContext c)
    {
        var init = Real(c, 3, c.T, true);
        string name = c.Scope.Fresh("v");
        c.Scope.Add(new ScalarVar(name, c.T, true));
        return new Decl(c.T, name, init);
    }

    /// <summary>
    /// <c>ReadOnlySpan&lt;T&gt; s = view;</c>: a view of a differentiable parameter or of another view local, read element by
    /// element and passed to callees by later statements of the block (issue 19).
    /// </summary>
    private static Stmt DeclareView(GenContext c)
    {
        var a = c.Pick(Viewable(c));
        var (view, length) = View(c, a);
        string name = c.Scope.Fresh("s");
        c.Scope.Add(new ArrayVar(name, a.Element, length, false, true, true, IsView: true));
        c.Feature(a.IsView ? "view of a view" : c.LoopDepth > 0 ? "view local in a loop" : "view local");
        return new ViewDecl(a.Element, name, view);
    }

    /// <summary>
    /// A local array or span declared in a loop body or branch (a fresh array of zeros each time it runs), of a literal
    /// length or the length of an array in scope; later statements of the block write and read it.
    /// </summary>
    private static Stmt NestedArray(GenContext c)
    {
        // Not of a static readonly field's length: GG0004 (a nested array's length must be fixed for the whole method).
        var sized = c.Scope.RealArrays().Where(a => a.Length > 0 && !a.Name.StartsWith('b') && !a.IsView && !Everyday.IsStatic(a)).ToList();
        var of = sized.Count > 0 && c.Chance(0.3) ? c.Pick(sized) : null;
        int length = of?.Length ?? c.Random.Next(1, 5);
        bool span = c.Chance(0.4);
        string name = c.Scope.Fresh("b");
        var given = of is null ? Everyday.GivenValues(c, name, length, span) : null;
        c.Scope.Add(new ArrayVar(name, c.T, length, true, given?.Stackalloc ?? span, true));
        c.Feature(c.LoopDepth > 0 ? "local array in a loop" : "local array in a branch");
        return given ?? new ArrayDecl(c.T, name, of is null ? L(Ty.Int, length) : new VarRef(Ty.Int, of.Name + ".Length"), span);
    }

    /// <summary>
    /// A block that starts with a local array and adds into one of its elements: reads the zero a fresh array holds,
    /// which an array kept from the previous iteration would not.
    /// </summary>
    private static ImmutableArray<Stmt> FreshArray(GenContext c)
    {
        var declaration = (ArrayDecl)NestedArray(c);
        var array = c.Scope.RealArrays().Single(a => a.Name == declaration.Name);
        var head = ImmutableArray.Create<Stmt>(declaration);
        if (declaration.Values.IsDefault && c.Chance(0.4))
        {
            head = head.Add(FillLoop(c, array, c.Chance(0.5) ? declaration.Length : new VarRef(Ty.Int, array.Name + ".Length")));
        }

        var target = new ElemRef(array.Element, array.Name, Index(c, array));
        var add = new Assign(target, "+=", Convert(Real(c, 2, c.T, true), array.Element));
        var mutable = c.Scope.Reals().Where(v => v.Mutable).ToList();
        if (mutable.Count == 0)
        {
            return head.Add(add);
        }

        // Into a variable that outlives the block, so what the element held reaches the result.
        var into = c.Pick(mutable);
        return head.AddRange(new Stmt[] { add, new Assign(new VarRef(into.Type, into.Name), "+=", Convert(target, into.Type)) });
    }

    /// <summary>
    /// <c>for (int q = 0; q &lt; length; q++) { b[q] = e; }</c> right after a fresh array's declaration: every element
    /// written before any read, so the generator drops the array's per-iteration clear; or, half the time, one element
    /// skipped with <c>continue</c> (or the write under a condition), so the clear must stay.
    /// </summary>
    private static Stmt FillLoop(GenContext c, ArrayVar array, Expr length)
    {
        string name = c.Scope.Fresh("q");
        int form = c.Random.Next(4);
        c.Feature(form switch { 0 => "fill loop skipping an element", 1 => "fill loop writing under a condition", _ => "fill loop" });
        c.LoopDepth++;
        c.BlockDepth++;
        c.Scope.Push();
        c.Scope.Add(new ScalarVar(name, Ty.Int, false, array.Length));
        var write = new Assign(new ElemRef(array.Element, array.Name, new VarRef(Ty.Int, name)), "=", Convert(Real(c, 2, c.T, true), array.Element));
        var skip = B(Ty.Bool, "==", new VarRef(Ty.Int, name), B(Ty.Int, "%", Int(c, 1), L(Ty.Int, System.Math.Max(1, array.Length))));
        var body = form switch
        {
            0 => ImmutableArray.Create<Stmt>(new If(skip, ImmutableArray.Create<Stmt>(new Continue()), ImmutableArray<Stmt>.Empty), write),
            1 => ImmutableArray.Create<Stmt>(new If(skip, ImmutableArray<Stmt>.Empty, ImmutableArray.Create<Stmt>(write))),
            _ => ImmutableArray.Create<Stmt>(write),
        };
        c.Scope.Pop();
        c.BlockDepth--;
        c.LoopDepth--;
        return new For(name, L(Ty.Int, 0), "<", length, "++", body);
    }

    /// <summary><c>int m = e % 8;</c>: an int local for indices, which later statements may change.</summary>
    private static Stmt DeclareInt(GenContext c)
    {
        var init = B(Ty.Int, "%", Int(c, 1), L(Ty.Int, 8));
        string name = c.Scope.Fresh("m");
        c.Scope.Add(new ScalarVar(name, Ty.Int, false, 8));
        c.Feature("int local");
        return new Decl(Ty.Int, name, init);
    }

    /// <summary>
    /// <c>if (m >= 0) { s += w[m % n] * e; m = e' % 8; s += w[m % n] * e''; }</c> (always taken): one element read
    /// twice by the same index text with the index changed in between, which the reverse sweep's merging of element
    /// updates must not merge across. With <see cref="FuzzOptions.IntArrayRewrites"/>, through an int array element
    /// (finding F1).
    /// </summary>
    private static Stmt IndexChangedBetweenReads(GenContext c, ScalarVar s)
    {
        var arrays = c.Scope.RealArrays().Where(a => a.Active && !a.Writable).ToList();
        var intArrays = c.Scope.IntArrays();
        if (arrays.Count == 0)
        {
            return Declare(c);
        }

        var w = c.Pick(arrays);
        Expr index;
        Stmt change;
        if (c.Options.IntArrayRewrites && intArrays.Count > 0 && c.Chance(0.5))
        {
            var k = c.Pick(intArrays);
            index = new ElemRef(Ty.Int, k.Name, L(Ty.Int, 0));
            change = new Assign(index, "=", B(Ty.Int, "%", B(Ty.Int, "+", index, L(Ty.Int, 1)), L(Ty.Int, 8)));
            c.Feature("int array rewritten after an indexed read");
        }
        else
        {
            string m = c.Scope.Fresh("m");
            index = new VarRef(Ty.Int, m);
            change = new Assign(index, "=", B(Ty.Int, "%", B(Ty.Int, "+", index, L(Ty.Int, 1 + c.Random.Next(3))), L(Ty.Int, 8)));
            c.Feature("index changed between reads");
        }

        var at = new ElemRef(w.Element, w.Name, B(Ty.Int, "%", index, w.LengthExpr));
        var target = new VarRef(s.Type, s.Name);
        var body = ImmutableArray.Create<Stmt>(
            new Assign(target, "+=", B(c.T, "*", Convert(at, c.T), Real(c, 1, c.T, false))),
            change,
            new Assign(target, "+=", B(c.T, "*", Convert(at, c.T), Real(c, 1, c.T, false))));
        if (index is VarRef v)
        {
            body = body.Insert(0, new Decl(Ty.Int, v.Name, B(Ty.Int, "%", Int(c, 1), L(Ty.Int, 8))));
        }

        var always = B(Ty.Bool, ">", B(c.T, "+", L(c.T, 1), B(c.T, "*", target, target)), L(c.T, 0.5));
        return new If(always, body, ImmutableArray<Stmt>.Empty);
    }

    /// <summary><c>m = e % 8;</c>: an index changed between two reads through it.</summary>
    private static Stmt AssignInt(GenContext c, ScalarVar m)
    {
        c.Feature("int local reassigned");
        return new Assign(new VarRef(Ty.Int, m.Name), "=", B(Ty.Int, "%", B(Ty.Int, "+", Int(c, 1), L(Ty.Int, 1)), L(Ty.Int, 8)));
    }

    private static Stmt AssignScalar(GenContext c, ScalarVar target)
    {
        int op = c.Random.Next(100);
        var to = new VarRef(target.Type, target.Name);
        return op switch
        {
            < 30 => new Assign(to, "=", NotItself(c, Real(c, 3, c.T, true), target)),
            < 60 => new Assign(to, "+=", Real(c, 3, c.T, true)),
            < 75 => new Assign(to, "-=", Real(c, 2, c.T, true)),
            < 90 => new Assign(to, "*=", Real(c, 2, c.T, true)),
            _ => new Assign(to, "/=", Positive(c, 1, c.T, true)),
        };
    }

    /// <summary><c>x = x</c> is warning CS1717 in the program itself: make it <c>x = x * 0.5</c>.</summary>
    private static Expr NotItself(GenContext c, Expr value, ScalarVar target) =>
        value is VarRef v && v.Name == target.Name ? B(c.T, "*", value, L(c.T, 0.5)) : value;

    private static Stmt AssignElement(GenContext c, ArrayVar a)
    {
        c.Feature(a.IsSpan ? "span write" : "array write");
        var target = new ElemRef(a.Element, a.Name, Index(c, a));
        string op = c.Pick(new[] { "=", "=", "+=", "-=", "*=" });
        return new Assign(target, op, Convert(Real(c, 2, c.T, true), a.Element));
    }

    /// <summary><c>k[j] = e % 8;</c> — an index array written after it may have been read (bug 3's shape).</summary>
    public static Stmt WriteIntArray(GenContext c, ArrayVar k)
    {
        if (c.ReadThroughIntArray)
        {
            c.Feature("int array rewritten after an indexed read");
        }

        var index = c.Chance(0.6) ? L(Ty.Int, c.Random.Next(k.Length)) : B(Ty.Int, "%", Int(c, 1), L(Ty.Int, k.Length));
        return new Assign(new ElemRef(Ty.Int, k.Name, index), "=", B(Ty.Int, "%", Int(c, 1), L(Ty.Int, 8)));
    }

    private static Stmt IfElse(GenContext c)
    {
        var condition = Condition(c, 1, calls: true);
        var then = Block(c, c.Random.Next(1, 4));
        var otherwise = c.Chance(0.5) ? Block(c, c.Random.Next(1, 3)) : ImmutableArray<Stmt>.Empty;
        c.Feature(otherwise.IsEmpty ? "if" : "if/else");
        // Out of budget, the branch still needs a statement; its local is not in scope after the block.
        var filler = new Decl(c.T, c.Scope.Fresh("v"), Literal(c, c.T));
        return new If(condition, then.IsEmpty ? ImmutableArray.Create<Stmt>(filler) : then, otherwise);
    }

    /// <summary><c>if (cond) { [an assignment] jump; }</c></summary>
    private static Stmt Jump(GenContext c, Stmt jump)
    {
        c.Feature(jump switch { Break => "break", Continue => "continue", _ => "early return" });
        var condition = Condition(c, 1, calls: true);
        var body = ImmutableArray.CreateBuilder<Stmt>();
        var mutable = c.Scope.Reals().Where(v => v.Mutable).ToList();
        if (jump is not Return && mutable.Count > 0 && c.Chance(0.4))
        {
            body.Add(AssignScalar(c, c.Pick(mutable)));
        }

        body.Add(jump);
        return new If(condition, body.ToImmutable(), ImmutableArray<Stmt>.Empty);
    }
}
