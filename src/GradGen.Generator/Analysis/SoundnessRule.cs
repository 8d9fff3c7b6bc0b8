using System;
using System.Collections.Generic;
using System.Linq;
using GradGen.Generator.Model;

namespace GradGen.Generator.Analysis;

/// <summary>
/// The soundness rule: an active value that reaches an operation GradGen does not differentiate is an error at that
/// operation, never a derivative of zero (docs/design.md, "Soundness rule"). An operation with no derivative is an
/// opaque call or member read, a conversion back to floating point from a type with no derivative, or a parameter of a
/// differentiable callee that has no derivative. It loses a derivative when an input carries an active value (any
/// argument, the receiver, an extension method's <c>this</c>) and its result is <em>needed</em>: of a type that is not
/// inert and able to reach the method's result (directly, or through variables that do). Conditions, indices, lengths,
/// discarded results and operands of inert operations (comparisons, casts to int) are not needed: the derivative of a
/// piecewise-constant value is zero. A call with an inert result is still an error when it hands a value derived from
/// an active one to another object (a receiver or argument it might keep it in: <c>list.Add(x)</c>, <c>Log(x)</c> on
/// <c>this</c>), which the method could read back as a constant.
/// <para>
/// Each loss is reported once, at the innermost operation: the result of an opaque call does not carry (the call is
/// reported instead), so <c>w.Select(f).Sum()</c> reports <c>w.Select(f)</c> and not the <c>Sum</c> around it.
/// </para>
/// </summary>
internal static class SoundnessRule
{
    internal enum Kind
    {
        /// <summary>GG0006: an opaque call or member read.</summary>
        NoDerivative,

        /// <summary>GG0009: a parameter of a differentiable callee that has no derivative.</summary>
        ToNoDerivativeParameter,

        /// <summary>GG0017: an opaque call whose result is a view or copy of an active array or span.</summary>
        ViewOrCopy,

        /// <summary>GG0018: a conversion to floating point from a type with no derivative (decimal, object).</summary>
        Conversion,

        /// <summary>GG0005: a write of a value derived from an active one to a field or property, or at such an index.</summary>
        MemberWrite,
    }

    /// <summary>A loss at <paramref name="Site"/> (a call site); <paramref name="Input"/> is the argument that carries it, -1 the receiver.</summary>
    internal readonly record struct Loss(int Site, int Input, Kind Kind);

    /// <param name="outputId">A vector-valued method's [DifferentiableOutput] span: its result, needed from the start.</param>
    public static List<Loss> Find(IReadOnlyList<Stmt> body, ActivityAnalysis activity, int outputId = -1)
    {
        var statements = StatementWalker.Preorder(body).ToList();
        var needed = NeededVariables(statements, outputId);
        var found = new List<Loss>();
        foreach (var statement in statements)
        {
            foreach (var (root, isNeeded) in Roots(statement, needed))
            {
                Visit(root, isNeeded, activity, found);
            }
        }

        return found.Distinct().ToList();
    }

    /// <summary>The expressions a statement evaluates, and whether each one's value can reach the result.</summary>
    private static IEnumerable<(Expr Root, bool Needed)> Roots(Stmt statement, ISet<int> needed)
    {
        switch (statement)
        {
            case AssignStmt assign:
                yield return (assign.Value, needed.Contains(assign.VariableId));
                break;
            case ElementAssignStmt element:
                yield return (element.Index, false);
                if (element.Column is not null)
                {
                    yield return (element.Column, false);
                }

                yield return (element.Value, needed.Contains(element.ArrayId));
                break;
            case ReturnStmt ret:
                yield return (ret.Value, true);
                break;
            default:
                // Conditions, array lengths, calls whose result is discarded.
                foreach (var expr in StatementWalker.Expressions(statement))
                {
                    yield return (expr, false);
                }

                break;
        }
    }

    /// <summary>Variables whose value can reach the result through operations whose result is not inert (a fixpoint).</summary>
    private static HashSet<int> NeededVariables(List<Stmt> statements, int outputId)
    {
        var needed = outputId >= 0 ? new HashSet<int> { outputId } : new HashSet<int>();
        bool changed;
        do
        {
            var before = needed.Count;
            foreach (var statement in statements)
            {
                foreach (var (root, isNeeded) in Roots(statement, needed).ToList())
                {
                    if (isNeeded)
                    {
                        CollectNeeded(root, needed);
                    }
                }
            }

            changed = needed.Count != before;
        }
        while (changed);

        return needed;
    }

    private static void CollectNeeded(Expr expr, HashSet<int> into)
    {
        if (expr.Type.IsInert)
        {
            return;
        }

        switch (expr)
        {
            case VariableExpr v:
                into.Add(v.VariableId);
                return;
            case ElementExpr e:
                into.Add(e.ArrayId);
                return;
            case ViewExpr view:
                into.Add(view.ArrayId);
                return;
        }

        foreach (var (child, isNeeded) in Children(expr, needed: true))
        {
            if (isNeeded)
            {
                CollectNeeded(child, into);
            }
        }
    }

    /// <summary>Each operand, and whether its value can reach the result when <paramref name="expr"/>'s can.</summary>
    private static IEnumerable<(Expr Child, bool Needed)> Children(Expr expr, bool needed)
    {
        var passes = needed && !expr.Type.IsInert;
        return expr switch
        {
            ConditionalExpr c => new[] { (c.Condition, false), (c.WhenTrue, passes), (c.WhenFalse, passes) },
            ElementExpr { Column: { } column } e => new[] { (e.Index, false), (column, false) },
            ElementExpr e => new[] { (e.Index, false) },
            ViewExpr view => new[] { (view.Start, false), (view.Count, false) },
            _ => ExprWalker.Children(expr).Select(child => (child, passes)),
        };
    }

    private static void Visit(Expr expr, bool needed, ActivityAnalysis activity, List<Loss> found)
    {
        switch (expr)
        {
            case OpaqueExpr opaque:
                CheckOpaque(opaque, needed, activity, found);
                break;
            case DifferentiableCallExpr call:
                for (var i = 0; i < call.Arguments.Count; i++)
                {
                    if (!call.DifferentiableParameters[i] && activity.Carries(call.Arguments[i]))
                    {
                        found.Add(new Loss(call.CallSite, i, Kind.ToNoDerivativeParameter));
                    }
                }

                break;
            case MemberWriteExpr write when write.Indices.Append(write.Value).Any(v => v is not null && activity.IsTainted(v)):
                found.Add(new Loss(write.Site, 0, Kind.MemberWrite));
                break;
            case ConversionExpr conversion when needed && conversion.Type.CarriesDerivative
                && !conversion.Operand.Type.CarriesDerivative && activity.Carries(conversion.Operand):
                found.Add(new Loss(conversion.Site, 0, Kind.Conversion));
                break;
        }

        foreach (var (child, isNeeded) in Children(expr, needed))
        {
            Visit(child, isNeeded, activity, found);
        }
    }

    private static void CheckOpaque(OpaqueExpr opaque, bool needed, ActivityAnalysis activity, List<Loss> found)
    {
        if ((needed && !opaque.Type.IsInert || Reinterprets(opaque)) && FirstInput(opaque, activity.Carries) is { } input)
        {
            found.Add(new Loss(opaque.CallSite, input, IsViewOrCopy(opaque.Type) ? Kind.ViewOrCopy : Kind.NoDerivative));
        }
        else if (FirstInput(opaque, activity.IsTainted) is { } tainted && !InspectionCalls.Contains(opaque.Target, opaque.Member)
            && Inputs(opaque).Any(i => MayKeep(i.Value) && !activity.IsTainted(i.Value)))
        {
            found.Add(new Loss(opaque.CallSite, tainted, Kind.NoDerivative));
        }
    }

    private static IEnumerable<(int Index, Expr Value)> Inputs(OpaqueExpr opaque)
    {
        if (opaque.Receiver is { } receiver)
        {
            yield return (-1, receiver);
        }

        for (var i = 0; i < opaque.Arguments.Count; i++)
        {
            yield return (i, opaque.Arguments[i]);
        }
    }

    private static int? FirstInput(OpaqueExpr opaque, Func<Expr, bool> carries)
    {
        foreach (var (index, value) in Inputs(opaque))
        {
            if (carries(value))
            {
                return index;
            }
        }

        return null;
    }

    /// <summary>
    /// An object a call could keep a value in, to be read back later as a constant: anything but numbers, inert values,
    /// strings, arrays and spans (a call that may write those is refused by the parser) and format providers.
    /// </summary>
    private static bool MayKeep(Expr input) =>
        !input.Type.IsInert && !input.Type.IsReal && input.Type.Collection == CollectionKind.None
        && input.Type.Text is not ("string" or "string?" or "global::System.IFormatProvider" or "global::System.IFormatProvider?"
            or "global::System.Globalization.CultureInfo" or "global::System.Globalization.CultureInfo?" or "global::System.Globalization.NumberFormatInfo");

    /// <summary>
    /// A call that reinterprets a value's bits (<c>BitConverter.DoubleToInt64Bits(x)</c>): its integer result is
    /// piecewise constant only between neighbouring floating-point numbers and holds the whole value, which a second
    /// call turns back into the same double, so it is not inert.
    /// </summary>
    private static bool Reinterprets(OpaqueExpr opaque) =>
        opaque.Target is "global::System.BitConverter" or "global::System.Runtime.CompilerServices.Unsafe" or "global::System.Runtime.InteropServices.MemoryMarshal";

    /// <summary>An array, span or memory of double or float: what a slice, range, AsSpan or ToArray returns.</summary>
    private static bool IsViewOrCopy(TypeRef type) =>
        type.IsRealCollection
        || type.Text is "global::System.Memory<double>" or "global::System.Memory<float>" or "global::System.ReadOnlyMemory<double>"
            or "global::System.ReadOnlyMemory<float>" or "global::System.ArraySegment<double>" or "global::System.ArraySegment<float>";
}
