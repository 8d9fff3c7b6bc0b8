using System;
using System.Collections.Generic;
using System.Linq;
using GradGen.Generator.Helpers;
using GradGen.Generator.Model;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.Operations;

namespace GradGen.Generator.Parsing;

/// <summary>
/// LINQ over arrays, lowered to counted loops written before the statement (like a lifted call), so the transform
/// differentiates ordinary loops and the gradient allocates no enumerators or delegates. The loops reproduce
/// System.Linq's results exactly: Sum adds from +0 (float values in a double); Average divides that sum by the
/// count when the source is the array itself and otherwise starts from the first value (a sum started at -0 is the
/// same); Min and Max keep the first of equal values, Min returns NaN as soon as one value is NaN and Max skips NaNs
/// unless all are; an empty source makes Min, Max, Average and Aggregate without a seed throw the same
/// InvalidOperationException, by calling Enumerable.Min on an empty array. Anything else (a Func parameter or
/// method group as selector, a List source, a statement lambda) is left to the ordinary call path, where an active
/// value reaching it is an error.
/// </summary>
internal sealed partial class BodyParser
{
    private static readonly LiteralExpr IntZero = new("0", TypeRef.Int, IsNegative: false);
    private static readonly LiteralExpr IntOne = new("1", TypeRef.Int, IsNegative: false);

    /// <summary>A sequence the lowering can walk: its length bounds and how to compute element k inside the loop body.</summary>
    private sealed record LinqSource(List<Expr> Bounds, Func<Expr, Expr> Element, TypeRef ElementType, bool IsArray);

    private static bool IsEnumerable(IMethodSymbol method) =>
        method.ContainingType is { Name: "Enumerable", ContainingNamespace: { Name: "Linq", ContainingNamespace: { Name: "System", ContainingNamespace.IsGlobalNamespace: true } } };

    /// <summary>Lowers a LINQ aggregate over arrays; false leaves the call to <see cref="ParseInvocation"/>.</summary>
    private bool TryParseLinq(IInvocationOperation call, out Expr result)
    {
        result = null!;
        var target = call.TargetMethod;
        if (!IsEnumerable(target) || target.Name is not ("Sum" or "Average" or "Min" or "Max" or "Count" or "Aggregate"))
        {
            return false;
        }

        var arguments = call.Arguments.OrderBy(a => a.Parameter?.Ordinal ?? int.MaxValue).Select(a => a.Value).ToList();
        // Count() walks nothing, so only the array's own Count() is exact; Aggregate with a result selector is left alone.
        if (arguments.Count < 2 && target.Name is "Aggregate" || arguments.Count > 3
            || arguments.Count == 3 && target.Name != "Aggregate"
            || target.Name == "Count" && arguments.Count == 1 && CollectionVariable(Strip(arguments[0])) is null)
        {
            return false;
        }

        var seed = target.Name == "Aggregate" && arguments.Count == 3 ? arguments[1] : null;
        if (!IsLowerable(arguments[0]) || arguments.Skip(1).Any(a => a != seed && LambdaOf(a) is null))
        {
            return false;
        }

        // Where nothing may be lifted (a loop condition, a switch arm), or over int values (whose sums are checked), the
        // call stays an ordinary call: accepted in a condition, GG0006 where an active value reaches the result.
        if (_noHoistDepth > 0 || target.Name is "Sum" or "Average" or "Min" or "Max" && ElementTypeOf(arguments) is not { IsReal: true })
        {
            return false;
        }

        var source = LinqSourceOf(arguments[0]);
        if (source is null)
        {
            result = new LiteralExpr("0", TypeRefs.From(call.Type), IsNegative: false);
            return true;
        }

        if (target.Name is not ("Count" or "Aggregate") && arguments.Count == 2)
        {
            // Sum(selector), Min(selector), …: the same as Select(selector) then the aggregate (never the array itself).
            source = Selected(source, arguments[1]);
            if (source is null)
            {
                result = new LiteralExpr("0", TypeRefs.From(call.Type), IsNegative: false);
                return true;
            }
        }

        result = target.Name switch
        {
            "Count" => LowerCount(call, source, arguments.Count == 2 ? arguments[1] : null),
            "Aggregate" => LowerAggregate(call, source, arguments),
            _ => LowerArithmetic(call, source, target.Name),
        };
        return true;
    }

    /// <summary>The type of the values Sum, Average, Min or Max reads: the selector's result, or the source's elements.</summary>
    private TypeRef? ElementTypeOf(List<IOperation> arguments)
    {
        if (arguments.Count == 2)
        {
            return TypeRefs.From(LambdaOf(arguments[1])!.Symbol.ReturnType);
        }

        var source = Strip(arguments[0]);
        if (CollectionVariable(source) is { } id)
        {
            return Variables[id].Type.Element;
        }

        return source is IInvocationOperation { TargetMethod.Name: "Select" or "Zip" } invocation
            ? TypeRefs.From(LambdaOf(invocation.Arguments.OrderBy(a => a.Parameter?.Ordinal ?? int.MaxValue).Last().Value)!.Symbol.ReturnType)
            : TypeRef.Int;
    }

    /// <summary>Whether a source is one this lowering walks: an array variable, or Select/Zip/Range over such.</summary>
    private bool IsLowerable(IOperation operation)
    {
        operation = Strip(operation);
        if (CollectionVariable(operation) is { } id)
        {
            return Variables[id].Type.Collection == CollectionKind.Array;
        }

        if (operation is not IInvocationOperation { TargetMethod: var method } invocation || !IsEnumerable(method))
        {
            return false;
        }

        var arguments = invocation.Arguments.OrderBy(a => a.Parameter?.Ordinal ?? int.MaxValue).Select(a => a.Value).ToList();
        return method.Name switch
        {
            "Range" => arguments.Count == 2,
            "Select" => arguments.Count == 2 && IsLowerable(arguments[0]) && LambdaOf(arguments[1]) is not null,
            "Zip" => arguments.Count == 3 && IsLowerable(arguments[0]) && IsLowerable(arguments[1]) && LambdaOf(arguments[2]) is not null,
            _ => false,
        };
    }

    /// <summary>Evaluates a lowerable source's setup (before the loop) and returns how to read its elements; null if refused.</summary>
    private LinqSource? LinqSourceOf(IOperation operation)
    {
        operation = Strip(operation);
        if (CollectionVariable(operation) is { } arrayId)
        {
            var elementType = Variables[arrayId].Type.Element!;
            return new LinqSource(new List<Expr> { new LengthExpr(arrayId, TypeRef.Int) }, k => new ElementExpr(arrayId, k, elementType), elementType, IsArray: true);
        }

        var invocation = (IInvocationOperation)operation;
        var arguments = invocation.Arguments.OrderBy(a => a.Parameter?.Ordinal ?? int.MaxValue).Select(a => a.Value).ToList();
        switch (invocation.TargetMethod.Name)
        {
            case "Range":
                return RangeSource(invocation, arguments[0], arguments[1]);
            case "Select":
                return LinqSourceOf(arguments[0]) is { } inner ? Selected(inner, arguments[1]) : null;
            default:
                var first = LinqSourceOf(arguments[0]);
                var second = LinqSourceOf(arguments[1]);
                return first is null || second is null ? null : Zipped(first, second, arguments[2]);
        }
    }

    /// <summary>Enumerable.Range(start, count): element k is start + k; the arguments are evaluated once, and checked as Range checks them.</summary>
    private LinqSource RangeSource(IInvocationOperation invocation, IOperation startOperation, IOperation countOperation)
    {
        var start = Stable(ParseExpression(startOperation, isRoot: false), "_start", invocation);
        var count = Stable(ParseExpression(countOperation, isRoot: false), "_count", invocation);
        var maximum = new LiteralExpr("2147483647", TypeRef.Int, IsNegative: false);
        var invalid = new BinaryExpr(
            BinaryOp.ConditionalOr,
            new BinaryExpr(BinaryOp.LessThan, count, IntZero, TypeRef.Bool),
            new BinaryExpr(
                BinaryOp.ConditionalAnd,
                new BinaryExpr(BinaryOp.GreaterThan, count, IntZero, TypeRef.Bool),
                new BinaryExpr(BinaryOp.GreaterThan, start, new BinaryExpr(BinaryOp.Add, new BinaryExpr(BinaryOp.Subtract, maximum, count, TypeRef.Int), IntOne, TypeRef.Int), TypeRef.Bool),
                TypeRef.Bool),
            TypeRef.Bool);
        var range = new OpaqueExpr("global::System.Linq.Enumerable", null, "Range", true, new EquatableArray<Expr>(new[] { start, count }), -1, new TypeRef("global::System.Collections.Generic.IEnumerable<int>", NumericKind.Other));
        _pending.Add(new IfStmt(invalid, new EquatableArray<Stmt>(new Stmt[] { new ExpressionStmt(range, "(throws as Enumerable.Range does)") }), EquatableArray<Stmt>.Empty, "(the arguments of " + OneLine(invocation.Syntax.ToString()) + ")"));
        return new LinqSource(new List<Expr> { count }, k => new BinaryExpr(BinaryOp.Add, start, k, TypeRef.Int), TypeRef.Int, IsArray: false);
    }

    /// <summary>A value evaluated once: literals and variables as they are, anything else into a temporary before the statement.</summary>
    private Expr Stable(Expr value, string name, IOperation site)
    {
        if (value is LiteralExpr or VariableExpr)
        {
            return value;
        }

        var id = DeclareTemporary(value.Type, name);
        _pending.Add(new AssignStmt(id, value, IsDeclaration: true, OneLine(site.Syntax.ToString()) + " (in: " + _source + ")"));
        return Var(id);
    }

    private LinqSource? Selected(LinqSource inner, IOperation selector)
    {
        var lambda = LambdaOf(selector)!;
        if (!CheckLambda(lambda))
        {
            return null;
        }

        var withIndex = lambda.Symbol.Parameters.Length == 2;
        return new LinqSource(
            inner.Bounds,
            k => InlineLambda(lambda, withIndex ? new[] { inner.Element(k), k } : new[] { inner.Element(k) }),
            TypeRefs.From(lambda.Symbol.ReturnType),
            IsArray: false);
    }

    private LinqSource? Zipped(LinqSource first, LinqSource second, IOperation selector)
    {
        var lambda = LambdaOf(selector)!;
        if (!CheckLambda(lambda))
        {
            return null;
        }

        return new LinqSource(
            first.Bounds.Concat(second.Bounds).ToList(),
            k => InlineLambda(lambda, new[] { first.Element(k), second.Element(k) }),
            TypeRefs.From(lambda.Symbol.ReturnType),
            IsArray: false);
    }

    /// <summary>
    /// Writes 'int _i = 0; while (_i &lt; bounds) { body(element); _i = _i + 1; }' before the statement;
    /// <paramref name="step"/> adds the aggregate's statements for one element to the loop body. Returns the counter.
    /// </summary>
    private int WriteLinqLoop(IInvocationOperation call, LinqSource source, Action<Expr, Expr> step)
    {
        var text = OneLine(call.Syntax.ToString());
        var index = DeclareTemporary(TypeRef.Int, "_i");
        _pending.Add(new AssignStmt(index, IntZero, IsDeclaration: true, "(the position in " + text + ")"));
        var outer = _pending.ToList();
        _pending.Clear();
        _loopDepth++;
        step(source.Element(Var(index)), Var(index));
        _loopDepth--;
        var body = _pending.ToEquatableArray();
        _pending.Clear();
        _pending.AddRange(outer);
        Expr? condition = null;
        foreach (var bound in source.Bounds)
        {
            var test = new BinaryExpr(BinaryOp.LessThan, Var(index), bound, TypeRef.Bool);
            condition = condition is null ? test : new BinaryExpr(BinaryOp.ConditionalAnd, condition, test, TypeRef.Bool);
        }

        var increment = new AssignStmt(index, new BinaryExpr(BinaryOp.Add, Var(index), IntOne, TypeRef.Int), IsDeclaration: false, "(next element)");
        _pending.Add(new LoopStmt(condition!, body, new EquatableArray<Stmt>(new Stmt[] { increment }), ConditionAtEnd: false, text + " (in: " + _source + ")"));
        return index;
    }

    /// <summary>After the loop: an empty source throws what Enumerable.Min throws on an empty sequence.</summary>
    private void ThrowIfEmpty(int index, TypeRef elementType)
    {
        var empty = new OpaqueExpr("global::System.Array", null, "Empty<" + elementType.Text + ">", true, EquatableArray<Expr>.Empty, -1, new TypeRef(elementType.Text + "[]", NumericKind.Other));
        var min = new OpaqueExpr("global::System.Linq.Enumerable", null, "Min", true, new EquatableArray<Expr>(new Expr[] { empty }), -1, elementType);
        _pending.Add(new IfStmt(
            new BinaryExpr(BinaryOp.Equals, Var(index), IntZero, TypeRef.Bool),
            new EquatableArray<Stmt>(new Stmt[] { new ExpressionStmt(min, "(throws InvalidOperationException: the sequence is empty)") }),
            EquatableArray<Stmt>.Empty,
            "(an empty sequence)"));
    }

    private Expr LowerArithmetic(IInvocationOperation call, LinqSource source, string name)
    {
        var elementType = source.ElementType;
        var text = OneLine(call.Syntax.ToString()) + " (in: " + _source + ")";
        if (name is "Min" or "Max")
        {
            var best = DeclareTemporary(elementType, "_" + name.ToLowerInvariant());
            _pending.Add(new AssignStmt(best, Zero(elementType), IsDeclaration: true, text));
            var position = WriteLinqLoop(call, source, (element, k) =>
            {
                var value = Stable(element, "_v", call);
                _pending.Add(new IfStmt(BetterThan(name, value, Var(best), k), new EquatableArray<Stmt>(new Stmt[] { new AssignStmt(best, value, IsDeclaration: false, text) }), EquatableArray<Stmt>.Empty, "(the " + (name == "Min" ? "smallest" : "largest") + " so far)"));
            });
            ThrowIfEmpty(position, elementType);
            return Var(best);
        }

        // float values are summed in a double, as System.Linq does; Average's sum starts at -0 unless it reads the array itself.
        var startNegative = name == "Average" && !source.IsArray;
        var sum = DeclareTemporary(TypeRef.Double, "_sum");
        _pending.Add(new AssignStmt(sum, new LiteralExpr(startNegative ? "-0.0" : "0.0", TypeRef.Double, startNegative), IsDeclaration: true, text));
        var counter = WriteLinqLoop(call, source, (element, _) =>
        {
            var value = element.Type == TypeRef.Double ? element : new ConversionExpr(element, TypeRef.Double);
            _pending.Add(new AssignStmt(sum, new BinaryExpr(BinaryOp.Add, Var(sum), value, TypeRef.Double), IsDeclaration: false, text));
        });
        Expr result = Var(sum);
        if (name == "Average")
        {
            ThrowIfEmpty(counter, elementType);
            result = new BinaryExpr(BinaryOp.Divide, result, new ConversionExpr(Var(counter), TypeRef.Double), TypeRef.Double);
        }

        return elementType == TypeRef.Double ? result : new ConversionExpr(result, elementType);
    }

    /// <summary>
    /// When element k replaces the best so far: the first element; for Min a smaller one, or the first NaN (after
    /// which nothing is smaller); for Max a larger one, or any element while the best is NaN. Equal values keep the first.
    /// </summary>
    private static Expr BetterThan(string name, Expr value, Expr best, Expr k)
    {
        var first = new BinaryExpr(BinaryOp.Equals, k, IntZero, TypeRef.Bool);
        Expr better;
        if (name == "Min")
        {
            var firstNaN = new BinaryExpr(BinaryOp.ConditionalAnd, IsNaN(value), new UnaryExpr(UnaryOp.Not, IsNaN(best), TypeRef.Bool), TypeRef.Bool);
            better = new BinaryExpr(BinaryOp.ConditionalOr, new BinaryExpr(BinaryOp.LessThan, value, best, TypeRef.Bool), firstNaN, TypeRef.Bool);
        }
        else
        {
            better = new BinaryExpr(BinaryOp.ConditionalOr, new BinaryExpr(BinaryOp.GreaterThan, value, best, TypeRef.Bool), IsNaN(best), TypeRef.Bool);
        }

        return new BinaryExpr(BinaryOp.ConditionalOr, first, better, TypeRef.Bool);
    }

    private static Expr IsNaN(Expr value) =>
        new OpaqueExpr(value.Type.Text, null, "IsNaN", true, new EquatableArray<Expr>(new[] { value }), -1, TypeRef.Bool);

    private Expr LowerCount(IInvocationOperation call, LinqSource source, IOperation? predicate)
    {
        if (predicate is null)
        {
            return source.Bounds[0];
        }

        var lambda = LambdaOf(predicate)!;
        if (!CheckLambda(lambda))
        {
            return IntZero;
        }

        var text = OneLine(call.Syntax.ToString()) + " (in: " + _source + ")";
        var count = DeclareTemporary(TypeRef.Int, "_count");
        _pending.Add(new AssignStmt(count, IntZero, IsDeclaration: true, text));
        WriteLinqLoop(call, source, (element, _) =>
        {
            var test = InlineLambda(lambda, new[] { element });
            var increment = new AssignStmt(count, new BinaryExpr(BinaryOp.Add, Var(count), IntOne, TypeRef.Int), IsDeclaration: false, text);
            _pending.Add(new IfStmt(test, new EquatableArray<Stmt>(new Stmt[] { increment }), EquatableArray<Stmt>.Empty, "(the predicate holds)"));
        });
        return Var(count);
    }

    /// <summary>Aggregate(seed, (acc, v) => …) and Aggregate((acc, v) => …), whose seed is the first element.</summary>
    private Expr LowerAggregate(IInvocationOperation call, LinqSource source, List<IOperation> arguments)
    {
        var lambda = LambdaOf(arguments[arguments.Count - 1])!;
        if (!CheckLambda(lambda))
        {
            return new LiteralExpr("0", TypeRefs.From(call.Type), IsNegative: false);
        }

        var text = OneLine(call.Syntax.ToString()) + " (in: " + _source + ")";
        var type = TypeRefs.From(call.Type);
        var accumulator = DeclareTemporary(type, "_acc");
        var seeded = arguments.Count == 3;
        var initial = seeded ? ParseExpression(arguments[1], isRoot: false) : Zero(type);
        _pending.Add(new AssignStmt(accumulator, initial, IsDeclaration: true, text));
        var counter = WriteLinqLoop(call, source, (element, k) =>
        {
            element = Stable(element, "_v", call);
            var next = InlineLambda(lambda, new Expr[] { Var(accumulator), element });
            var update = new AssignStmt(accumulator, next, IsDeclaration: false, text);
            if (seeded)
            {
                _pending.Add(update);
                return;
            }

            var first = new AssignStmt(accumulator, element.Type == type ? element : new ConversionExpr(element, type), IsDeclaration: false, text);
            _pending.Add(new IfStmt(new BinaryExpr(BinaryOp.Equals, k, IntZero, TypeRef.Bool), new EquatableArray<Stmt>(new Stmt[] { first }), new EquatableArray<Stmt>(new Stmt[] { update }), "(the first element is the seed)"));
        });
        if (!seeded)
        {
            ThrowIfEmpty(counter, type);
        }

        return Var(accumulator);
    }

    /// <summary>
    /// <c>double[] v = source.ToArray();</c> at the top level of the method, over a source this lowering walks (an
    /// array, <c>Select</c>, <c>Zip</c>, <c>Enumerable.Range(…).Select(…)</c>): a local array of the source's length,
    /// filled by a counted loop, so the values it holds are differentiated like any written element. False leaves the
    /// declaration to the usual refusal (inside a loop or branch the length would have to be fixed for the whole method).
    /// </summary>
    private bool TryLowerToArray(IInvocationOperation call, int id)
    {
        var arguments = call.Arguments.OrderBy(a => a.Parameter?.Ordinal ?? int.MaxValue).Select(a => a.Value).ToList();
        if (!IsEnumerable(call.TargetMethod) || call.TargetMethod.Name != "ToArray" || arguments.Count != 1
            || Variables[id].Type.Collection != CollectionKind.Array || _loopDepth > 0 || !ReferenceEquals(_current, Statements)
            || _noHoistDepth > 0 || !IsLowerable(arguments[0]))
        {
            return false;
        }

        var source = LinqSourceOf(arguments[0]);
        if (source is null)
        {
            return true;
        }

        var element = Variables[id].Type.Element!;
        Expr? length = null;
        foreach (var bound in source.Bounds)
        {
            length = length is null ? bound : new ConditionalExpr(new BinaryExpr(BinaryOp.LessThan, length, bound, TypeRef.Bool), length, bound, TypeRef.Int);
        }

        Flush();
        Add(new ArrayDeclStmt(id, length!, IsStackAlloc: false, _source));
        WriteLinqLoop(call, source, (value, index) => _pending.Add(new ElementAssignStmt(id, index, value.Type == element ? value : new ConversionExpr(value, element), _source)));
        Flush();
        return true;
    }
}
