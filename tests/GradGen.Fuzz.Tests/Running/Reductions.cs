using System.Collections.Generic;
using System.Collections.Immutable;
using System.Linq;
using System.Text;
using System.Text.RegularExpressions;
using GradGen.Fuzz.Tests.Programs;

namespace GradGen.Fuzz.Tests.Running;

/// <summary>
/// One-step reductions of a program, biggest first: drop a method nothing calls, drop a statement (a declaration
/// only when nothing uses its name), replace an <c>if</c> by one branch, cut a loop to one iteration, replace an
/// expression by one of its operands or by a literal. A reduction that no longer compiles simply does not fail the
/// same way.
/// </summary>
internal static class Reductions
{
    public static IEnumerable<FuzzProgram> Of(FuzzProgram program)
    {
        for (int m = 0; m < program.Methods.Length - 1; m++)
        {
            var name = program.Methods[m].Name;
            if (!program.Methods.Where((_, k) => k != m).Any(o => Uses(o.Body, name + "(")))
            {
                yield return program with { Methods = program.Methods.RemoveAt(m) };
            }
        }

        for (int m = 0; m < program.Methods.Length; m++)
        {
            var method = program.Methods[m];

            // R's first statement stops its recursion: never touched.
            int keep = method.Name == "R" ? 1 : 0;
            foreach (var body in Block(method.Body.RemoveRange(0, keep), method.Body))
            {
                yield return program with { Methods = program.Methods.SetItem(m, method with { Body = method.Body.Take(keep).Concat(body).ToImmutableArray() }) };
            }
        }
    }

    private static bool Uses(ImmutableArray<Stmt> body, string text)
    {
        var sb = new StringBuilder();
        Printer.Print(sb, body, 0);
        return sb.ToString().Contains(text, System.StringComparison.Ordinal);
    }

    private static bool UsesName(ImmutableArray<Stmt> body, string name)
    {
        var sb = new StringBuilder();
        Printer.Print(sb, body, 0);
        return Regex.IsMatch(sb.ToString(), $@"\b{Regex.Escape(name)}\b");
    }

    private static string[] Declared(Stmt s) => s switch
    {
        Decl d => new[] { d.Name },
        ArrayDecl a => new[] { a.Name },
        ViewDecl v => new[] { v.Name },
        While w => new[] { w.Guard },
        LocalFunc lf => new[] { lf.Function.Name },
        TupleDecl td => new[] { td.First, td.Second },
        TupleFunc tf => new[] { tf.Name },
        FuncDecl fd => new[] { fd.Name },
        _ => System.Array.Empty<string>(),
    };

    private static IEnumerable<ImmutableArray<Stmt>> Block(ImmutableArray<Stmt> block, ImmutableArray<Stmt> method)
    {
        for (int i = 0; i < block.Length; i++)
        {
            var s = block[i];
            var without = block.RemoveAt(i);
            if (!Declared(s).Any(name => UsesName(without, name)))
            {
                yield return without;
            }

            if (s is If @if)
            {
                yield return block.RemoveAt(i).InsertRange(i, @if.Then);
                if (@if.Else.Length > 0)
                {
                    yield return block.RemoveAt(i).InsertRange(i, @if.Else);
                }
            }
        }

        for (int i = 0; i < block.Length; i++)
        {
            foreach (var s in Statement(block[i], method))
            {
                yield return block.SetItem(i, s);
            }
        }
    }

    private static IEnumerable<Stmt> Statement(Stmt s, ImmutableArray<Stmt> method)
    {
        switch (s)
        {
            case If i:
                foreach (var b in Block(i.Then, method)) { yield return i with { Then = b }; }
                foreach (var b in Block(i.Else, method)) { yield return i with { Else = b }; }
                foreach (var e in Expressions.Of(i.Condition)) { yield return i with { Condition = e }; }
                break;
            case For f:
                if (f.Bound is not Lit { Value: 1 } && f.Increment == "++") { yield return f with { Bound = new Lit(Ty.Int, 1) }; }
                foreach (var b in Block(f.Body, method)) { yield return f with { Body = b }; }
                break;
            case While w:
                if (w.Limit > 1) { yield return w with { Limit = 1 }; }
                foreach (var b in Block(w.Body, method)) { yield return w with { Body = b }; }
                foreach (var e in Expressions.Of(w.Condition)) { yield return w with { Condition = e }; }
                break;
            case Foreach fe:
                foreach (var b in Block(fe.Body, method)) { yield return fe with { Body = b }; }
                break;
            case Switch sw:
                foreach (var b in Block(sw.Default, method)) { yield return sw with { Default = b }; }
                for (int k = 0; k < sw.Cases.Length; k++)
                {
                    foreach (var b in Block(sw.Cases[k], method)) { yield return sw with { Cases = sw.Cases.SetItem(k, b) }; }
                }

                break;
            case Decl d:
                foreach (var e in Expressions.Of(d.Init)) { yield return d with { Init = e }; }
                break;
            case Assign a:
                foreach (var e in Expressions.Of(a.Value))
                {
                    if (!(a.Op == "=" && e is VarRef v && a.Target is VarRef t && v.Name == t.Name))
                    {
                        yield return a with { Value = e };
                    }
                }

                if (a.Op != "=") { yield return a with { Op = "=" }; }
                break;
            case Return r:
                foreach (var e in Expressions.Of(r.Value)) { yield return r with { Value = e }; }
                break;
            case TupleDecl td:
                foreach (var e in Expressions.Of(td.Init)) { yield return td with { Init = e }; }
                break;
            case TupleAssign ta:
                foreach (var e in Expressions.Of(ta.Value)) { yield return ta with { Value = e }; }
                break;
            case TupleFunc tf:
                foreach (var e in Expressions.Of(tf.First)) { yield return tf with { First = e }; }
                foreach (var e in Expressions.Of(tf.Second)) { yield return tf with { Second = e }; }
                break;
            case FuncDecl fd:
                foreach (var e in Expressions.Of(fd.Body)) { yield return fd with { Body = e }; }
                break;
            case Log lg:
                foreach (var e in Expressions.Of(lg.Value)) { yield return lg with { Value = e }; }
                break;
            case LocalFunc lf:
                foreach (var b in Block(lf.Function.Body, method)) { yield return lf with { Function = lf.Function with { Body = b } }; }
                break;
        }
    }
}
