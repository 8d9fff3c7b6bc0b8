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
        string name = c.Scope.Fresh("i");
        bool down = c.Chance(0.3);
        c.Feature(down ? "for down" : "for");
        c.LoopDepth++;
        c.BlockDepth++;
        c.Scope.Push();
        c.Scope.Add(new ScalarVar(name, Ty.Int, false, value));
        var body = StmtGen.Statements(c, c.Random.Next(1, 4));
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
        var condition = Condition(c, 1);
        c.LoopDepth++;
        c.BlockDepth++;
        c.Scope.Push();
        c.Scope.Add(new ScalarVar(guard, Ty.Int, false, limit + 1));
        var body = StmtGen.Statements(c, c.Random.Next(1, 4));
        c.Scope.Pop();
        c.BlockDepth--;
        c.LoopDepth--;
        return new While(guard, limit, condition, body, isDo);
    }

    public static Stmt Foreach(GenContext c)
    {
        var a = c.Pick(c.Scope.RealArrays());
        c.Feature("foreach");
        string name = c.Scope.Fresh("e");
        c.LoopDepth++;
        c.BlockDepth++;
        c.Scope.Push();
        c.Scope.Add(new ScalarVar(name, a.Element, false));
        var body = StmtGen.Statements(c, c.Random.Next(1, 3));
        c.Scope.Pop();
        c.BlockDepth--;
        c.LoopDepth--;
        return new Foreach(a.Element, name, a.Name, body);
    }

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
