using System.Collections.Generic;
using System.Collections.Immutable;
using System.Linq;
using GradGen.Fuzz.Tests.Programs;
using static GradGen.Fuzz.Tests.Generation.ExprGen;

namespace GradGen.Fuzz.Tests.Generation;

/// <summary>
/// Must-refuse-or-exact mode: expressions through which an active array reaches code GradGen does not
/// differentiate (LINQ, <c>IEnumerable&lt;double&gt;</c> parameters of ordinary methods, span views passed to
/// <c>[Differentiable]</c> callees, lambdas). Each such program must get a GG error or an exact gradient.
/// </summary>
internal static class RefusalGen
{
    /// <summary>Every shape, by the name the report and <see cref="FuzzOptions.ExcludedRefusalShapes"/> use.</summary>
    public static readonly string[] Shapes =
    {
        "w.Sum()", "w.Average()", "w.Max()", "w.AsEnumerable().Sum()", "w.Select(lambda).Sum()", "w.Select(f).Sum()",
        "IEnumerable parameter", "H(w.Slice(..)) of a parameter", "H(a.Slice(..)) of a local span", "H(w.AsSpan(..))",
    };

    public static Expr? Expression(GenContext c, Ty t)
    {
        var shapes = Shapes.Where(s => !c.Options.ExcludedRefusalShapes.Contains(s)).ToList();
        if (shapes.Count == 0)
        {
            return null;
        }

        string shape = c.Pick(shapes);
        var arrays = c.Scope.RealArrays().Where(a => a.Active && a.Element == c.T).ToList();
        var plain = arrays.Where(a => !a.IsSpan).ToList();
        Expr? e = shape switch
        {
            "w.Sum()" or "w.Average()" or "w.Max()" when plain.Count > 0 => Member(c.T, c.Pick(plain), shape[2..^2]),
            "w.AsEnumerable().Sum()" when plain.Count > 0 => new Call(c.T, CallTarget.Member, "Sum", ImmutableArray.Create(Member(Ty.Array, c.Pick(plain), "AsEnumerable"))),
            "w.Select(lambda).Sum()" when plain.Count > 0 => Raw(c.T, $"{c.Pick(plain).Name}.Select(v => v * v).Sum()"),
            "w.Select(f).Sum()" when plain.Count > 0 && c.Scope.Scalars.Any(v => v.Name == "f0") => Raw(c.T, $"{c.Pick(plain).Name}.Select(f0).Sum()"),
            "IEnumerable parameter" when plain.Count > 0 => new Call(c.T, CallTarget.User, "FuzzSupport.SumSquares", ImmutableArray.Create<Expr>(new VarRef(Ty.Array, c.Pick(plain).Name))),
            "H(w.Slice(..)) of a parameter" => ViewToCallee(c, arrays.Where(a => a.IsSpan && !a.Writable && a.Length > 1).ToList(), "Slice"),
            "H(a.Slice(..)) of a local span" => ViewToCallee(c, arrays.Where(a => a.IsSpan && a.Writable && a.Length > 1).ToList(), "Slice"),
            "H(w.AsSpan(..))" => ViewToCallee(c, plain.Where(a => a.Length > 1).ToList(), "AsSpan"),
            _ => null,
        };
        if (e is not null)
        {
            c.Feature("refusal: " + shape);
        }

        return e is null ? null : Convert(e, t);
    }

    private static Expr Member(Ty t, ArrayVar a, string name) =>
        new Call(t, CallTarget.Member, name, ImmutableArray.Create<Expr>(new VarRef(Ty.Array, a.Name)));

    /// <summary>Text printed as is, for shapes the tree has no node for (lambdas).</summary>
    private static Expr Raw(Ty t, string text) => new VarRef(t, text);

    /// <summary><c>H(w.Slice(1, n - 1), …)</c>: a view of an active array handed to a callee with a span parameter.</summary>
    private static Expr? ViewToCallee(GenContext c, List<ArrayVar> arrays, string view)
    {
        var callees = c.Callable.Where(m => m.Params.Any(p => p.Kind == ParamKind.ReadOnlySpan) && m.Params.All(p => p.Kind != ParamKind.Int)).ToList();
        if (arrays.Count == 0 || callees.Count == 0)
        {
            return null;
        }

        var a = c.Pick(arrays);
        var m = c.Pick(callees);
        var args = m.Params.Select(p => p.Kind switch
        {
            ParamKind.ReadOnlySpan => new Call(Ty.Array, CallTarget.Member, view, ImmutableArray.Create<Expr>(new VarRef(Ty.Array, a.Name), L(Ty.Int, 1), L(Ty.Int, a.Length - 1))),
            ParamKind.Scalar => Real(c, 1, p.Type, false),
            _ => Literal(c, p.Type),
        });
        return new Call(m.Return, CallTarget.User, m.Name, args.ToImmutableArray());
    }
}
