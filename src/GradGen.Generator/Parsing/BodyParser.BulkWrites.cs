using System.Collections.Generic;
using System.Linq;
using GradGen.Generator.Helpers;
using GradGen.Generator.Model;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.Operations;

namespace GradGen.Generator.Parsing;

/// <summary>
/// Calls that write a whole local array or span, as statements: <c>Array.Fill(h, v)</c>, <c>h.AsSpan().Fill(v)</c>,
/// <c>Array.Clear(h)</c>, <c>s.Clear()</c>, <c>w.CopyTo(h)</c>, <c>w.CopyTo(h, k)</c>, <c>w.AsSpan().CopyTo(h)</c> and
/// <c>Array.Copy(w, h, n)</c>. Each becomes the counted loop of element writes it performs, so the reverse sweep sees
/// every write (a call GradGen does not look into would be GG0004: it may write the array). The value of a fill is
/// evaluated once; a copy first checks the lengths and throws the exception type the call throws (ArgumentException,
/// or ArgumentOutOfRangeException for a negative count or offset). The source may be any array or span parameter or
/// local (not a view or row local); the destination must be a local array or span declared in the method, and another
/// one than the source.
/// </summary>
internal sealed partial class BodyParser
{
    private bool TryLowerBulkWrite(IInvocationOperation call)
    {
        if (_inlined is not null)
        {
            // Inside an inlined local function the destination may be the caller's: left to the rules for captured writes.
            return false;
        }

        var method = call.TargetMethod;
        var arguments = call.Arguments.OrderBy(a => a.Parameter?.Ordinal ?? int.MaxValue).Select(a => a.Value).ToList();
        var type = method.ContainingType.OriginalDefinition.ToDisplayString();
        switch (type, method.Name, arguments.Count, method.IsStatic)
        {
            case ("System.Array", "Fill", 2, true):
                return LowerFill(call, arguments[0], arguments[1]);
            case ("System.Array", "Clear", 1, true):
            case ("System.Span<T>", "Clear", 0, false):
                return LowerFill(call, method.IsStatic ? arguments[0] : call.Instance!, null);
            case ("System.Span<T>", "Fill", 1, false):
                return LowerFill(call, call.Instance!, arguments[0]);
            case ("System.Span<T>" or "System.ReadOnlySpan<T>", "CopyTo", 1, false):
                return LowerCopy(call, call.Instance!, arguments[0], null, null);
            case ("System.MemoryExtensions", "CopyTo", 2, true):
                return LowerCopy(call, arguments[0], arguments[1], null, null);
            case ("System.Array", "CopyTo", 2, false) when arguments[1].Type?.SpecialType == SpecialType.System_Int32:
                return LowerCopy(call, call.Instance!, arguments[0], arguments[1], null);
            case ("System.Array", "Copy", 3, true) when arguments[2].Type?.SpecialType == SpecialType.System_Int32:
                return LowerCopy(call, arguments[0], arguments[1], null, arguments[2]);
            default:
                return false;
        }
    }

    private bool LowerFill(IInvocationOperation call, IOperation target, IOperation? value)
    {
        if (WritableLocal(target) is not { } destination)
        {
            return false;
        }

        var element = Variables[destination].Type.Element!;
        var fill = value is null ? Zero(element) : Stable(AsElement(ParseExpression(value, isRoot: false), element), "_fill", call);
        var source = new LinqSource(new List<Expr> { new LengthExpr(destination, TypeRef.Int) }, _ => fill, element, IsArray: false);
        WriteLinqLoop(call, source, (v, k) => _pending.Add(new ElementAssignStmt(destination, k, v, _source)));
        Flush();
        return true;
    }

    private bool LowerCopy(IInvocationOperation call, IOperation from, IOperation to, IOperation? offsetOperation, IOperation? countOperation)
    {
        // A copy within one array (h.CopyTo(h, 1)) moves overlapping elements as if through a buffer; an element loop would
        // smear the first ones forward, so it is left to GG0004.
        if (WritableLocal(to) is not { } destination || ReadableCollection(from) is not { } origin || origin == destination
            || Variables[origin].Type.Element != Variables[destination].Type.Element)
        {
            return false;
        }

        var element = Variables[destination].Type.Element!;
        var offset = offsetOperation is null ? null : Stable(ParseExpression(offsetOperation, isRoot: false), "_offset", call);
        var count = countOperation is null ? new LengthExpr(origin, TypeRef.Int) : Stable(ParseExpression(countOperation, isRoot: false), "_count", call);
        var room = offset is null ? (Expr)new LengthExpr(destination, TypeRef.Int) : new BinaryExpr(BinaryOp.Subtract, new LengthExpr(destination, TypeRef.Int), offset, TypeRef.Int);
        Expr tooLong = new BinaryExpr(BinaryOp.GreaterThan, count, room, TypeRef.Bool);
        if (countOperation is not null)
        {
            tooLong = new BinaryExpr(BinaryOp.ConditionalOr, tooLong, new BinaryExpr(BinaryOp.GreaterThan, count, new LengthExpr(origin, TypeRef.Int), TypeRef.Bool), TypeRef.Bool);
        }

        if (offset is not null || countOperation is not null)
        {
            ThrowWhen(new BinaryExpr(BinaryOp.LessThan, offset ?? count, IntZero, TypeRef.Bool), "global::System.ArgumentOutOfRangeException", call);
        }

        ThrowWhen(tooLong, "global::System.ArgumentException", call);
        var source = new LinqSource(new List<Expr> { count }, k => new ElementExpr(origin, k, element), element, IsArray: true);
        WriteLinqLoop(call, source, (v, k) => _pending.Add(new ElementAssignStmt(destination, offset is null ? k : new BinaryExpr(BinaryOp.Add, offset, k, TypeRef.Int), v, _source)));
        Flush();
        return true;
    }

    private static Expr AsElement(Expr value, TypeRef element) => value.Type == element ? value : new ConversionExpr(value, element);

    private void ThrowWhen(Expr condition, string exception, IInvocationOperation call)
    {
        var text = OneLine(call.Syntax.ToString());
        var message = new LiteralExpr(Microsoft.CodeAnalysis.CSharp.SymbolDisplay.FormatLiteral(text + ": the destination is too short or the count out of range.", quote: true), new TypeRef("string", NumericKind.Other, IsManaged: true), IsNegative: false);
        var thrown = new ExpressionStmt(new ThrowExpr(exception, new EquatableArray<Expr>(new Expr[] { message }), ThrowExpr.Void), "(throws as " + text + " does)");
        _pending.Add(new IfStmt(condition, new EquatableArray<Stmt>(new Stmt[] { thrown }), EquatableArray<Stmt>.Empty, "(the lengths in " + text + ")"));
    }

    /// <summary>A local one-dimensional array or span of this method (not a parameter, view or row), seen through <c>AsSpan()</c>.</summary>
    private int? WritableLocal(IOperation operation) =>
        ReadableCollection(operation) is { } id && Variables[id].Kind != VariableKind.Parameter && Variables[id].Type.Collection is CollectionKind.Array or CollectionKind.Span ? id : null;

    private int? ReadableCollection(IOperation operation)
    {
        operation = Strip(operation);
        if (operation is IInvocationOperation { TargetMethod.Name: "AsSpan", Arguments.Length: 1 } asSpan
            && asSpan.TargetMethod.ContainingType.ToDisplayString() == "System.MemoryExtensions")
        {
            operation = Strip(asSpan.Arguments[0].Value);
        }

        if (operation is ILocalReferenceOperation local && (_views.ContainsKey(local.Local) || _rows.ContainsKey(local.Local)))
        {
            return null;
        }

        return CollectionVariable(operation) is { } id && Variables[id].Type.Collection is CollectionKind.Array or CollectionKind.Span or CollectionKind.ReadOnlySpan ? id : null;
    }
}
