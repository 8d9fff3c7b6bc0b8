using System.Collections.Generic;
using GradGen.Generator.Model;

namespace GradGen.Generator.Model;

/// <summary>Structural queries over expressions, shared by the analyses.</summary>
internal static class ExprWalker
{
    public static IEnumerable<Expr> Children(Expr expr)
    {
        switch (expr)
        {
            case BinaryExpr b:
                yield return b.Left;
                yield return b.Right;
                break;
            case UnaryExpr u:
                yield return u.Operand;
                break;
            case ConversionExpr c:
                yield return c.Operand;
                break;
            case ConditionalExpr c:
                yield return c.Condition;
                yield return c.WhenTrue;
                yield return c.WhenFalse;
                break;
            case MathCallExpr m:
                foreach (var a in m.Arguments)
                {
                    yield return a;
                }

                break;
            case DifferentiableCallExpr d:
                foreach (var a in d.Arguments)
                {
                    yield return a;
                }

                break;
            case ElementExpr e:
                yield return e.Index;
                if (e.Column is not null)
                {
                    yield return e.Column;
                }

                break;
            case LengthExpr { Row: { } row }:
                yield return row;
                break;
            case ViewExpr view:
                yield return view.Start;
                yield return view.Count;
                break;
            case NumericCallExpr n:
                foreach (var a in n.Arguments)
                {
                    yield return a;
                }

                break;
            case ThrowExpr t:
                foreach (var a in t.Arguments)
                {
                    yield return a;
                }

                break;
            case MemberElementExpr e:
                yield return e.Collection;
                yield return e.Index;
                break;
            case MemberWriteExpr w:
                yield return w.Target;
                foreach (var a in w.Indices)
                {
                    yield return a;
                }

                if (w.Value is not null)
                {
                    yield return w.Value;
                }

                break;
            case InterpolatedStringExpr s:
                foreach (var a in s.Values)
                {
                    yield return a;
                }

                break;
            case OpaqueExpr o:
                if (o.Receiver is not null)
                {
                    yield return o.Receiver;
                }

                foreach (var a in o.Arguments)
                {
                    yield return a;
                }

                break;
        }
    }

    public static bool Reads(Expr expr, int variableId)
    {
        if (expr is VariableExpr v)
        {
            return v.VariableId == variableId;
        }

        if (expr is ElementExpr e && e.ArrayId == variableId || expr is ViewExpr view && view.ArrayId == variableId)
        {
            return true;
        }

        foreach (var child in Children(expr))
        {
            if (Reads(child, variableId))
            {
                return true;
            }
        }

        return false;
    }

    public static void CollectVariables(Expr expr, ISet<int> into)
    {
        if (expr is VariableExpr v)
        {
            into.Add(v.VariableId);
            return;
        }

        if (expr is ElementExpr e)
        {
            into.Add(e.ArrayId);
        }
        else if (expr is ViewExpr view)
        {
            into.Add(view.ArrayId);
        }

        foreach (var child in Children(expr))
        {
            CollectVariables(child, into);
        }
    }
}
