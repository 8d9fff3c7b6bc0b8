using System.Collections.Generic;
using GradGen.Generator.Helpers;
using GradGen.Generator.Diagnostics;
using GradGen.Generator.Model;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.Operations;

namespace GradGen.Generator.Parsing;

/// <summary>
/// A local holding a view of a differentiable one-dimensional parameter (<c>var head = w.Slice(a, n);</c>, <c>w[a..b]</c>,
/// <c>w[..k]</c>, <c>w[k..]</c>, <c>w[^k..]</c>, <c>w.AsSpan(a, n)</c>, <c>w.AsSpan(a)</c>, <c>w.AsSpan()</c>): no span
/// local, but two int temporaries, its start and its count, through which <c>head[i]</c> reads <c>w[start + i]</c> and
/// <c>head.Length</c> is the count. The reads are element reads of the parameter, so the reverse sweep, forward mode
/// and second derivatives need nothing new. The view's bounds are checked where the original checks them
/// (GradGen.SpanViews throws the same exception types). Any other use of the local is GG0017.
/// </summary>
internal sealed partial class BodyParser
{
    /// <summary>Locals holding a view of a parameter: the parameter, and the int temporaries holding start and count.</summary>
    private readonly Dictionary<ILocalSymbol, (int Viewed, int Start, int Count)> _views = new(SymbolEqualityComparer.Default);

    private const string SpanViews = "global::GradGen.SpanViews";

    private bool TryDeclareView(IVariableDeclaratorOperation declarator, IVariableInitializerOperation? initializer)
    {
        if (initializer is null || ViewOf(Strip(initializer.Value)) is not { } view
            || TypeRefs.From(declarator.Symbol.Type) is not { Collection: CollectionKind.Array or CollectionKind.Span or CollectionKind.ReadOnlySpan } type
            || type.Element != Variables[view.Base.Viewed].Type.Element)
        {
            return false;
        }

        _views[declarator.Symbol] = DeclareView(view, declarator.Symbol.Name);
        return true;
    }

    /// <summary>The start and count temporaries of a view held by the local <paramref name="name"/>, assigned here.</summary>
    private (int Viewed, int Start, int Count) DeclareView(ViewShape view, string name)
    {
        var start = DeclareTemporary(TypeRef.Int, "_" + name + "Start");
        var count = DeclareTemporary(TypeRef.Int, "_" + name + "Count");
        var relative = RelativeStart(view);

        // The start is stored where it lies in the parameter; the count is checked against the viewed span with the
        // start relative to it, read back from the temporary (each bound is evaluated once, as in the original).
        var startValue = view.Base.Offset is null ? relative : new BinaryExpr(BinaryOp.Add, view.Base.Offset, relative, TypeRef.Int);
        Expr storedRelative = view.Base.Offset is null ? Var(start) : new BinaryExpr(BinaryOp.Subtract, Var(start), view.Base.Offset, TypeRef.Int);
        var countValue = CheckedCount(view, storedRelative);

        Flush();
        Add(new AssignStmt(start, startValue, IsDeclaration: true, _source));
        Add(new AssignStmt(count, countValue, IsDeclaration: true, _source));
        return (view.Base.Viewed, start, count);
    }

    private enum ViewKind
    {
        Whole,
        From,
        StartCount,
        Range,
    }

    /// <summary>
    /// What a view views: a differentiable parameter (<see cref="Offset"/> null, <see cref="Length"/> its length), or a
    /// view local of one (its start in the parameter and its count).
    /// </summary>
    private readonly record struct ViewBase(int Viewed, Expr? Offset, Expr Length);

    private readonly record struct ViewShape(ViewBase Base, ViewKind Kind, IOperation? First, IOperation? Second);

    /// <summary>
    /// The parameter (or view local of one, or view of one: <c>w.AsSpan().Slice(a, n)</c>, <c>w[1..][..n]</c>)
    /// <paramref name="operation"/> names, as the base of a view.
    /// </summary>
    private ViewBase? ViewBaseOf(IOperation operation)
    {
        var stripped = Strip(operation);
        if (stripped is ILocalReferenceOperation local && _views.TryGetValue(local.Local, out var outer))
        {
            return new ViewBase(outer.Viewed, Var(outer.Start), Var(outer.Count));
        }

        if (ViewOf(stripped) is { } inner)
        {
            // The inner view's start is part of the outer view's offset, which is read more than once (start and count);
            // its checked count is the outer view's length, so its bounds are checked before the outer view's, as the
            // original checks them.
            var relative = RelativeStart(inner);
            if (!Duplicable(relative) || inner.Base.Offset is { } offset && !Duplicable(offset))
            {
                return null;
            }

            var start = inner.Base.Offset is null ? relative : new BinaryExpr(BinaryOp.Add, inner.Base.Offset, relative, TypeRef.Int);
            return new ViewBase(inner.Base.Viewed, start, CheckedCount(inner, relative));
        }

        return ViewedParameter(stripped) is { } id ? new ViewBase(id, null, new LengthExpr(id, TypeRef.Int)) : null;
    }

    /// <summary>The view <paramref name="operation"/> makes of a differentiable 1-D parameter or of a view local, with its int bound operands.</summary>
    private ViewShape? ViewOf(IOperation operation)
    {
        switch (operation)
        {
            case IArrayElementReferenceOperation { Indices.Length: 1 } range when IsRange(range.Indices[0]) && ViewBaseOf(range.ArrayReference) is { } array:
                return RangeView(array, range.Indices[0]);
            case IImplicitIndexerReferenceOperation { Instance: { } instance } indexer when IsRange(indexer.Argument) && ViewBaseOf(instance) is { } span:
                return RangeView(span, indexer.Argument);
            case IInvocationOperation { TargetMethod.Name: "Slice" or "AsSpan" } call:
                var receiver = call.Instance ?? (call.TargetMethod.IsExtensionMethod && call.Arguments.Length > 0 ? call.Arguments[0].Value : null);
                var skip = call.Instance is null ? 1 : 0;
                if (receiver is null || ViewBaseOf(receiver) is not { } viewed || call.TargetMethod.Name == "AsSpan" && call.Instance is not null)
                {
                    return null;
                }

                var count = call.Arguments.Length - skip;
                for (var i = skip; i < call.Arguments.Length; i++)
                {
                    if (call.Arguments[i].Value.Type?.SpecialType != SpecialType.System_Int32)
                    {
                        return null;
                    }
                }

                return count switch
                {
                    0 when call.TargetMethod.Name == "AsSpan" => new ViewShape(viewed, ViewKind.Whole, null, null),
                    1 => new ViewShape(viewed, ViewKind.From, call.Arguments[skip].Value, null),
                    2 => new ViewShape(viewed, ViewKind.StartCount, call.Arguments[skip].Value, call.Arguments[skip + 1].Value),
                    _ => null,
                };
            default:
                return null;
        }
    }

    /// <summary>The view's start relative to what it views.</summary>
    private Expr RelativeStart(ViewShape view) =>
        view.Kind == ViewKind.Whole || view.First is null ? Int("0") : ParseViewBound(view.First, view.Base.Length);

    /// <summary>The view's count, checked as the original checks it, given its start relative to what it views.</summary>
    private Expr CheckedCount(ViewShape view, Expr relativeStart)
    {
        var length = view.Base.Length;
        switch (view.Kind)
        {
            case ViewKind.Whole:
                return length;
            case ViewKind.From:
                return new NumericCallExpr(SpanViews, "Rest", new Expr[] { length, relativeStart }.ToEquatableArray(), TypeRef.Int);
            case ViewKind.StartCount:
                return new NumericCallExpr(SpanViews, "Count", new Expr[] { length, relativeStart, ParseViewBound(view.Second!, length) }.ToEquatableArray(), TypeRef.Int);
            default:
                var end = view.Second is null ? length : ParseViewBound(view.Second, length);
                return new NumericCallExpr(SpanViews, "Range", new Expr[] { length, relativeStart, end }.ToEquatableArray(), TypeRef.Int);
        }
    }

    /// <summary>
    /// A view passed to a differentiable span parameter of a [Differentiable] callee (<c>Dot(w.Slice(a, n), x)</c>,
    /// <c>Dot(w[..n], x)</c>, <c>Dot(head, x)</c> with a view local <c>head</c>): a <see cref="ViewExpr"/>, whose adjoint
    /// is the same slice of the parameter's gradient. Null when the argument is no view of a differentiable parameter, or
    /// the callee takes an array (an array range is a copy: left to the refusal of views, GG0017).
    /// </summary>
    private Expr? ParseViewArgument(IArgumentOperation argument)
    {
        if (argument.Parameter is not { } parameter || !SymbolNames.IsDifferentiableParameter(parameter)
            || TypeRefs.From(parameter.Type) is not { Collection: CollectionKind.Span or CollectionKind.ReadOnlySpan } type)
        {
            return null;
        }

        var value = Strip(argument.Value);
        if (value is ILocalReferenceOperation local && _views.TryGetValue(local.Local, out var held))
        {
            return type.Element != Variables[held.Viewed].Type.Element
                ? null
                : new ViewExpr(held.Viewed, Var(held.Start), Var(held.Count), type, NeedsCast(held.Viewed, type));
        }

        if (ViewOf(value) is not { } view || type.Element != Variables[view.Base.Viewed].Type.Element)
        {
            return null;
        }

        // Printed inline as 'w.Slice(start, count)': the start is read twice (for the slice and for the count's check),
        // so it must be free of side effects and calls.
        var relative = RelativeStart(view);
        if (!Duplicable(relative))
        {
            return Unsupported(value, "the view '" + OneLine(value.Syntax.ToString()) + "' with the start '" + OneLine(view.First!.Syntax.ToString()) + "'",
                "compute the start into an int local first, or hold the view in a local");
        }

        var start = view.Base.Offset is null ? relative : new BinaryExpr(BinaryOp.Add, view.Base.Offset, relative, TypeRef.Int);
        return new ViewExpr(view.Base.Viewed, start, CheckedCount(view, relative), type, NeedsCast(view.Base.Viewed, type));
    }

    private bool NeedsCast(int viewed, TypeRef type) => Variables[viewed].Type.Collection != type.Collection;

    /// <summary>An int expression that may be evaluated twice: names, literals, lengths, element reads and arithmetic on them.</summary>
    private static bool Duplicable(Expr expr) => expr switch
    {
        VariableExpr or LiteralExpr or LengthExpr { Row: null } => true,
        ElementExpr { Column: null } e => Duplicable(e.Index),
        BinaryExpr b => Duplicable(b.Left) && Duplicable(b.Right),
        UnaryExpr { Op: UnaryOp.Negate or UnaryOp.Plus or UnaryOp.BitwiseNot } u => Duplicable(u.Operand),
        ConversionExpr c => Duplicable(c.Operand),
        _ => false,
    };

    private static ViewShape? RangeView(ViewBase viewed, IOperation range) =>
        Strip(range) is IRangeOperation r ? new ViewShape(viewed, ViewKind.Range, r.LeftOperand, r.RightOperand) : null;

    /// <summary>The differentiable 1-D double or float parameter <paramref name="operation"/> names, if any.</summary>
    private int? ViewedParameter(IOperation operation) =>
        CollectionVariable(Strip(operation)) is { } id && IsDifferentiableParameter(id)
        && Variables[id].Type.Collection is CollectionKind.Array or CollectionKind.Span or CollectionKind.ReadOnlySpan ? id : null;

    /// <summary>An int bound, or an Index: 'k' as it is, '^k' as 'length - k'.</summary>
    private Expr ParseViewBound(IOperation bound, Expr length)
    {
        var stripped = Strip(bound);
        if (stripped is IUnaryOperation { OperatorKind: UnaryOperatorKind.Hat } hat)
        {
            return new BinaryExpr(BinaryOp.Subtract, length, ParseIntBound(hat.Operand), TypeRef.Int);
        }

        return ParseIntBound(stripped);
    }

    private Expr ParseIntBound(IOperation bound) =>
        ParseIndex(bound, bound) is { } index ? index : Unsupported(bound, "the bound '" + OneLine(bound.Syntax.ToString()) + "'", "give the view's bounds as int expressions");

    private static LiteralExpr Int(string text) => new(text, TypeRef.Int, IsNegative: false);

    /// <summary>'head[i]' and 'head.Length' of a view local; any other use is GG0017. Null when not a view local.</summary>
    private Expr? ParseViewUse(IOperation operation)
    {
        switch (operation)
        {
            case IArrayElementReferenceOperation { Indices.Length: 1, ArrayReference: ILocalReferenceOperation local } cell when _views.TryGetValue(local.Local, out var view) && !IsRange(cell.Indices[0]):
                return ParseViewElement(cell, view, cell.Indices[0]);
            case IPropertyReferenceOperation { Property.IsIndexer: true, Arguments.Length: 1, Instance: ILocalReferenceOperation local } cell when _views.TryGetValue(local.Local, out var view) && !IsRange(cell.Arguments[0].Value):
                return ParseViewElement(cell, view, cell.Arguments[0].Value);
            case IPropertyReferenceOperation { Property.Name: "Length", Instance: ILocalReferenceOperation local } when _views.TryGetValue(local.Local, out var view):
                return Var(view.Count);
            case ILocalReferenceOperation local when _views.TryGetValue(local.Local, out var view):
                return RefuseViewLocal(operation, view.Viewed);
            default:
                return null;
        }
    }

    private Expr ParseViewElement(IOperation access, (int Viewed, int Start, int Count) view, IOperation index)
    {
        if (ParseIndex(access, index) is not { } indexExpr)
        {
            return Unsupported(access, "the element access '" + OneLine(access.Syntax.ToString()) + "'", "index with an int expression");
        }

        var checkedIndex = new NumericCallExpr(SpanViews, "Element", new Expr[] { indexExpr, Var(view.Count) }.ToEquatableArray(), TypeRef.Int);
        return new ElementExpr(view.Viewed, new BinaryExpr(BinaryOp.Add, Var(view.Start), checkedIndex, TypeRef.Int), Variables[view.Viewed].Type.Element!);
    }

    private Expr RefuseViewLocal(IOperation use, int viewed)
    {
        var text = OneLine(use.Syntax.ToString());
        _diagnostics.Add(DiagnosticInfo.Create(DiagnosticDescriptors.ViewOfActiveArray, LocationInfo.From(use.Syntax), text, Variables[viewed].Name, _method.Name));
        return new LiteralExpr("0", TypeRefs.From(use.Type), IsNegative: false);
    }
}
