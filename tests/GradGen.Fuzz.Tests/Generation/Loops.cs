using System.Collections.Generic;
using System.Collections.Immutable;
using System.Linq;
using GradGen.Fuzz.Tests.Programs;
using static GradGen.Fuzz.Tests.Generation.ExprGen;

namespace GradGen.Fuzz.Tests.Generation;

/// <summary>Counted loops (up and down, over literals, array lengths and int parameters), data-dependent
/// <c>while</c>/<c>do</c> loops with a guard, <c>foreach</c> over arrays and spans, and <c>switch</c> on an int.</summary>
internal static class Loops
{
    public static Stmt Counted(GenContext c)
    {
        var (bound, value) = Bound(c);
        var outer = Outer(c);
        string name = c.Scope.Fresh("i");
        bool down = c.Chance(0.3);
        var row = !down && c.Chance(0.25) ? RowOf(c) : null;
        if (row is { } r)
        {
            // for (int i = 0; i < a.Length - o; i++): o + i is in range (and the loop may not run).
            bound = B(Ty.Int, "-", new VarRef(Ty.Int, r.Array.Name + ".Length"), r.Offset);
            value = r.Array.Length > 0 ? r.Array.Length : 1000;
        }

        c.Feature(down ? "for down" : "for");
        c.LoopDepth++;
        c.BlockDepth++;
        c.Scope.Push();
        c.Scope.Add(new ScalarVar(name, Ty.Int, false, value));
        var work = Work(c, outer);
        var read = row is { } rowOf ? RowWork(c, outer, name, rowOf.Array, rowOf.Offset) : null;
        var body = WithWork(c, outer, work, StmtGen.LoopBody(c, c.Random.Next(1, 4)));
        if (read is not null)
        {
            body = body.Insert(0, read);
        }

        c.Scope.Pop();
        c.BlockDepth--;
        c.LoopDepth--;
        return down
            ? new For(name, B(Ty.Int, "-", bound, L(Ty.Int, 1)), ">=", L(Ty.Int, 0), "--", body)
            : new For(name, L(Ty.Int, 0), "<", bound, "++", body);
    }

    /// <summary>A trip count: a literal, the length of an array in scope, or an int parameter; and its largest value.</summary>
    private static (Expr Bound, int Value) Bound(GenContext c)
    {
        var arrays = c.Scope.RealArrays();
        var ints = c.Scope.Ints().Where(v => v.Name.StartsWith('n')).ToList();
        int choice = c.Random.Next(10);
        if (choice < 4 && arrays.Count > 0)
        {
            var a = c.Pick(arrays);
            return (new VarRef(Ty.Int, a.Name + ".Length"), a.Length > 0 ? a.Length : 1000);
        }

        if (choice < 5 && ints.Count > 0)
        {
            var n = c.Pick(ints);
            return (new VarRef(Ty.Int, n.Name), n.Bound - 1);
        }

        int k = c.Random.Next(1, c.LoopDepth > 0 ? 4 : 6);
        return (L(Ty.Int, k), k);
    }

    public static Stmt DataDependent(GenContext c)
    {
        bool isDo = c.Chance(0.3);
        c.Feature(isDo ? "do/while" : "while");
        string guard = c.Scope.Fresh("g");
        int limit = c.Random.Next(2, 6);
        c.InLoopCondition = true;
        var condition = Condition(c, 1);
        c.InLoopCondition = false;
        var outer = Outer(c);
        c.LoopDepth++;
        c.BlockDepth++;
        c.Scope.Push();
        c.Scope.Add(new ScalarVar(guard, Ty.Int, false, limit + 1));
        var work = Work(c, outer);
        var body = WithWork(c, outer, work, StmtGen.LoopBody(c, c.Random.Next(1, 4)));
        c.Scope.Pop();
        c.BlockDepth--;
        c.LoopDepth--;
        return new While(guard, limit, condition, body, isDo);
    }

    public static Stmt Foreach(GenContext c)
    {
        // Not over a static readonly field: GG0004 ("loop over an array or span parameter or local").
        var a = c.Pick(c.Scope.RealArrays().Where(a => !Everyday.IsStatic(a)).ToList());
        c.Feature(a.IsView ? "foreach over a view local" : "foreach");
        string name = c.Scope.Fresh("e");
        var outer = Outer(c);
        c.LoopDepth++;
        c.BlockDepth++;
        c.Scope.Push();
        c.Scope.Add(new ScalarVar(name, a.Element, false));
        var work = Work(c, outer);
        var body = WithWork(c, outer, work, StmtGen.Statements(c, c.Random.Next(1, 3)));
        c.Scope.Pop();
        c.BlockDepth--;
        c.LoopDepth--;
        return new Foreach(a.Element, name, a.Name, body);
    }

    /// <summary>The mutable reals and writable arrays in scope before a loop.</summary>
    private static HashSet<string> Outer(GenContext c) =>
        c.Scope.Reals().Where(v => v.Mutable).Select(v => v.Name)
            .Concat(c.Scope.RealArrays().Where(a => a.Writable).Select(a => a.Name))
            .ToHashSet();

    /// <summary>
    /// Known finding F2: a loop whose body writes nothing declared outside it (no reverse work) gets generated
    /// code that uses a local, flag or temporary it never declares (CS0103). Unless <see cref="FuzzOptions.LoopsWithoutWork"/>,
    /// such a body gets <c>outer += e</c> first.
    /// </summary>
    private static ImmutableArray<Stmt> WithWork(GenContext c, HashSet<string> outer, Stmt? work, ImmutableArray<Stmt> body)
    {
        if (c.Options.LoopsWithoutWork || body.Any(s => Writes(s, outer)))
        {
            return body;
        }

        if (work is null)
        {
            c.Feature("loop without work");
            return body;
        }

        return body.Insert(0, work);
    }

    /// <summary><c>outer += e</c>, drawn before the body so that it reads only what is declared before it.</summary>
    private static Stmt? Work(GenContext c, HashSet<string> outer)
    {
        var target = c.Scope.Reals().FirstOrDefault(v => outer.Contains(v.Name));
        return target is null ? null : new Assign(new VarRef(c.T, target.Name), "+=", Real(c, 2, c.T, true));
    }

    /// <summary>An array and an offset o for a loop over a row of it: a literal, or an enclosing counter.</summary>
    private static (ArrayVar Array, Expr Offset)? RowOf(GenContext c)
    {
        var arrays = c.Scope.RealArrays();
        if (arrays.Count == 0)
        {
            return null;
        }

        var a = c.Pick(arrays);
        var enclosing = c.Scope.Ints().Where(u => u.Name.StartsWith('i')).ToList();
        return (a, enclosing.Count > 0 && c.Chance(0.4) ? new VarRef(Ty.Int, c.Pick(enclosing).Name) : L(Ty.Int, c.Random.Next(0, 3)));
    }

    /// <summary>
    /// <c>s += a[o + i] * e;</c> first in a loop over <c>a.Length - o</c>: the loop reads a row of the array in every
    /// iteration, which its reverse sweep reads and writes through row views. Drawn before the body, like <see cref="Work"/>.
    /// </summary>
    private static Stmt? RowWork(GenContext c, HashSet<string> outer, string counter, ArrayVar a, Expr offset)
    {
        var target = c.Scope.Reals().FirstOrDefault(v => outer.Contains(v.Name));
        if (target is null)
        {
            return null;
        }

        var index = c.Chance(0.5) ? B(Ty.Int, "+", offset, new VarRef(Ty.Int, counter)) : B(Ty.Int, "+", new VarRef(Ty.Int, counter), offset);
        c.Feature("row loop");
        var element = Convert(new ElemRef(a.Element, a.Name, index), c.T);
        return new Assign(new VarRef(c.T, target.Name), "+=", B(c.T, "*", element, Real(c, 1, c.T, true)));
    }

    private static bool Writes(Stmt s, HashSet<string> outer) => s switch
    {
        Assign { Target: VarRef v } => outer.Contains(v.Name),
        Assign { Target: ElemRef e } => outer.Contains(e.Array),
        Step { Target: VarRef v } => outer.Contains(v.Name),
        If i => i.Then.Any(x => Writes(x, outer)) || i.Else.Any(x => Writes(x, outer)),
        For f => f.Body.Any(x => Writes(x, outer)),
        While w => w.Body.Any(x => Writes(x, outer)),
        Foreach fe => fe.Body.Any(x => Writes(x, outer)),
        Switch sw => sw.Default.Any(x => Writes(x, outer)) || sw.Cases.Any(b => b.Any(x => Writes(x, outer))),
        _ => false,
    };

    /// <summary><c>switch (e % 3)</c> with sections 0, 1 and default; no jumps inside (a break would end the section early).</summary>
    public static Stmt SwitchOnInt(GenContext c)
    {
        c.Feature("switch");
        bool wasInSwitch = c.InSwitch;
        c.InSwitch = true;
        var on = B(Ty.Int, "%", Int(c, 1), L(Ty.Int, 3));
        var cases = ImmutableArray.Create(StmtGen.Block(c, c.Random.Next(1, 3)), StmtGen.Block(c, c.Random.Next(1, 3)));
        var otherwise = StmtGen.Block(c, c.Random.Next(1, 2));
        c.InSwitch = wasInSwitch;
        return new Switch(on, cases, otherwise);
    }
}
