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
        if (initializer is null || ViewOfParameter(Strip(initializer.Value)) is not { } view
            || TypeRefs.From(declarator.Symbol.Type) is not { Collection: CollectionKind.Array or CollectionKind.Span or CollectionKind.ReadOnlySpan } type
            || type.Element != Variables[view.Viewed].Type.Element)
        {
            return false;
        }

        var length = new LengthExpr(view.Viewed, TypeRef.Int);
        var start = DeclareTemporary(TypeRef.Int, "_" + declarator.Symbol.Name + "Start");
        var count = DeclareTemporary(TypeRef.Int, "_" + declarator.Symbol.Name + "Count");
        Expr startValue;
        Expr countValue;
        switch (view.Kind)
        {
            case ViewKind.Whole:
                startValue = Int("0");
                countValue = length;
                break;
            case ViewKind.From:
                startValue = ParseViewBound(view.First!, length);
                countValue = new NumericCallExpr(SpanViews, "Rest", new Expr[] { length, Var(start) }.ToEquatableArray(), TypeRef.Int);
                break;
            case ViewKind.StartCount:
                startValue = ParseViewBound(view.First!, length);
                countValue = new NumericCallExpr(SpanViews, "Count", new Expr[] { length, Var(start), ParseViewBound(view.Second!, length) }.ToEquatableArray(), TypeRef.Int);
                break;
            default:
                startValue = view.First is null ? Int("0") : ParseViewBound(view.First, length);
                var end = view.Second is null ? length : ParseViewBound(view.Second, length);
                countValue = new NumericCallExpr(SpanViews, "Range", new Expr[] { length, Var(start), end }.ToEquatableArray(), TypeRef.Int);
                break;
        }

        Flush();
        Add(new AssignStmt(start, startValue, IsDeclaration: true, _source));
        Add(new AssignStmt(count, countValue, IsDeclaration: true, _source));
        _views[declarator.Symbol] = (view.Viewed, start, count);
        return true;
    }

    private enum ViewKind
    {
        Whole,
        From,
        StartCount,
        Range,
    }

    /// <summary>The view <paramref name="operation"/> makes of a differentiable 1-D parameter, with its int bound operands.</summary>
    private (int Viewed, ViewKind Kind, IOperation? First, IOperation? Second)? ViewOfParameter(IOperation operation)
    {
        switch (operation)
        {
            case IArrayElementReferenceOperation { Indices.Length: 1 } range when IsRange(range.Indices[0]) && ViewedParameter(range.ArrayReference) is { } array:
                return RangeView(array, range.Indices[0]);
            case IImplicitIndexerReferenceOperation { Instance: { } instance } indexer when IsRange(indexer.Argument) && ViewedParameter(instance) is { } span:
                return RangeView(span, indexer.Argument);
            case IInvocationOperation { TargetMethod.Name: "Slice" or "AsSpan" } call:
                var receiver = call.Instance ?? (call.TargetMethod.IsExtensionMethod && call.Arguments.Length > 0 ? call.Arguments[0].Value : null);
                var skip = call.Instance is null ? 1 : 0;
                if (receiver is null || ViewedParameter(receiver) is not { } viewed || call.TargetMethod.Name == "AsSpan" && call.Instance is not null)
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
                    0 when call.TargetMethod.Name == "AsSpan" => (viewed, ViewKind.Whole, null, null),
                    1 => (viewed, ViewKind.From, call.Arguments[skip].Value, null),
                    2 => (viewed, ViewKind.StartCount, call.Arguments[skip].Value, call.Arguments[skip + 1].Value),
                    _ => null,
                };
            default:
                return null;
        }
    }

    private (int, ViewKind, IOperation?, IOperation?)? RangeView(int viewed, IOperation range) =>
        Strip(range) is IRangeOperation r ? (viewed, ViewKind.Range, r.LeftOperand, r.RightOperand) : null;

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
