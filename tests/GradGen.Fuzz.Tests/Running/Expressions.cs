using System.Collections.Generic;
using System.Collections.Immutable;
using GradGen.Fuzz.Tests.Generation;
using GradGen.Fuzz.Tests.Programs;

namespace GradGen.Fuzz.Tests.Running;

/// <summary>One-step reductions of an expression: an operand in its place (converted to its type), a literal, or a reduction of one operand.</summary>
internal static class Expressions
{
    public static IEnumerable<Expr> Of(Expr e)
    {
        if (e.Type is Ty.Double or Ty.Float && e is not Lit)
        {
            yield return new Lit(e.Type, 1.0);
        }

        foreach (var child in Children(e))
        {
            if (child.Type == e.Type || (e.Type is Ty.Double or Ty.Float && child.Type is Ty.Double or Ty.Float))
            {
                yield return ExprGen.Convert(child, e.Type);
            }
        }

        // Ints are left alone: an index could leave its array, a recursion depth stop decreasing.
        var children = Children(e);
        for (int k = 0; k < children.Length; k++)
        {
            if (children[k].Type == Ty.Int)
            {
                continue;
            }

            foreach (var reduced in Of(children[k]))
            {
                yield return With(e, k, reduced);
            }
        }
    }

    private static ImmutableArray<Expr> Children(Expr e) => e switch
    {
        Unary u => ImmutableArray.Create(u.Operand),
        Bin b => ImmutableArray.Create(b.Left, b.Right),
        Call c => c.Args,
        Cond c => ImmutableArray.Create(c.Condition, c.Then, c.Else),
        Cast c => ImmutableArray.Create(c.Operand),
        TupleExpr t => ImmutableArray.Create(t.First, t.Second),
        SwitchExpr sw => ImmutableArray.Create(sw.On).AddRange(sw.Arms).Add(sw.Default),
        IsPattern ip => ImmutableArray.Create(ip.On),
        ThrowIf ti => ImmutableArray.Create(ti.Value),
        Linq { Body: { } body } => ImmutableArray.Create(body),
        _ => ImmutableArray<Expr>.Empty,
    };

    private static Expr With(Expr e, int k, Expr child) => e switch
    {
        Unary u => u with { Operand = child },
        Bin b => k == 0 ? b with { Left = child } : b with { Right = child },
        Call c => c with { Args = c.Args.SetItem(k, child) },
        Cond c => k switch { 0 => c with { Condition = child }, 1 => c with { Then = child }, _ => c with { Else = child } },
        Cast c => c with { Operand = child },
        TupleExpr t => k == 0 ? t with { First = child } : t with { Second = child },
        SwitchExpr sw => k == 0 ? sw with { On = child }
            : k <= sw.Arms.Length ? sw with { Arms = sw.Arms.SetItem(k - 1, child) }
            : sw with { Default = child },
        IsPattern ip => ip with { On = child },
        ThrowIf ti => ti with { Value = child },
        Linq q => q with { Body = child },
        _ => e,
    };
}
