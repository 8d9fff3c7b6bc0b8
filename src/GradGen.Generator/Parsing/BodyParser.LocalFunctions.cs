using System.Collections.Generic;
using System.Linq;
using GradGen.Generator.Diagnostics;
using GradGen.Generator.Model;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp.Syntax;
using Microsoft.CodeAnalysis.Operations;

namespace GradGen.Generator.Parsing;

/// <summary>
/// Local functions, static or capturing, are inlined at each call, so their adjoint is part of the method's. The
/// arguments are evaluated once, in order, into fresh locals bound to the parameters (a variable is used as it is
/// when nothing can change it meanwhile); an expression body that writes nothing is then parsed in place, like a
/// lambda's, and any other body is lowered statement by statement before the statement that calls it, its returns
/// lowered like the method's early returns (a result, a 'done' flag and 'if (!done)' around what follows).
/// A captured variable is the caller's own variable, so a write to it is exact where the call runs as a statement
/// of its own; elsewhere in an expression it would move before reads C# makes first, so it is refused (GG0040),
/// with recursion, ref and out parameters, generic functions and uses as delegates. A limit on the inlined size
/// (GG0041) keeps a chain of functions that call each other several times from exploding.
/// </summary>
internal sealed partial class BodyParser
{
    private readonly Dictionary<IMethodSymbol, ILocalFunctionOperation> _localFunctions = new(SymbolEqualityComparer.Default);
    private readonly Dictionary<IMethodSymbol, HashSet<ISymbol>> _writes = new(SymbolEqualityComparer.Default);
    private readonly Dictionary<IMethodSymbol, (int Nodes, int Depth)> _expansions = new(SymbolEqualityComparer.Default);
    private readonly List<IMethodSymbol> _inlining = new();
    private ILocalFunctionOperation? _inlined;
    private List<int>? _resultElements;
    private int _inlinedNodes;
    private int _inlinedDepth;
    private int _methodNodes;

    private bool IsLocalFunctionCall(IInvocationOperation call) =>
        call.TargetMethod.MethodKind == MethodKind.LocalFunction && _localFunctions.ContainsKey(call.TargetMethod.OriginalDefinition);

    /// <summary>A call of a local function: its value (a placeholder for a void function or a refused call), its statements pending.</summary>
    private Expr ParseLocalFunctionCall(IInvocationOperation call, bool discarded)
    {
        var function = _localFunctions[call.TargetMethod.OriginalDefinition];
        if (Refusal(call, function) is { } refused)
        {
            return refused;
        }

        var expressionBody = discarded ? null : ExpressionBodyOf(function);
        if (expressionBody is null && _noHoistDepth > 0)
        {
            // Its statements would have to run before the loop condition or guard, once instead of each time.
            RefuseLocal(call.Syntax, function, "is called " + _noHoistPlace + " and has statements of its own", "compute its value into a local first, or give it an expression body that writes nothing");
            return new LiteralExpr("0", TypeRefs.From(call.Type), IsNegative: false);
        }

        return Inline(call, function, () =>
        {
            if (expressionBody is not null)
            {
                return ParseExpression(expressionBody, isRoot: false);
            }

            var type = TypeRefs.From(function.Symbol.ReturnType);
            var result = function.Symbol.ReturnsVoid ? (int?)null : DeclareTemporary(type, "_" + function.Symbol.Name);
            InlineStatements(function, result, null);
            return result is { } id ? Var(id) : new LiteralExpr("0", type, IsNegative: false);
        }) ?? new LiteralExpr("0", TypeRefs.From(call.Type), IsNegative: false);
    }

    /// <summary>'var (x, y) = Polar(r, t);': the values of the elements, or null when something was reported.</summary>
    private List<Expr>? ParseLocalTupleCall(IInvocationOperation call, int arity)
    {
        var function = _localFunctions[call.TargetMethod.OriginalDefinition];
        if (call.TargetMethod.ReturnType is not INamedTypeSymbol { IsTupleType: true } tuple || tuple.TupleElements.Length != arity
            || tuple.TupleElements.Any(e => e.Type.IsTupleType))
        {
            RefuseLocal(call.Syntax, function, "returns a tuple that is not deconstructed element by element", "deconstruct its result into as many locals as it has elements: 'var (a, b) = " + function.Symbol.Name + "(…);'");
            return null;
        }

        if (Refusal(call, function, deconstructed: true) is not null)
        {
            return null;
        }

        var elements = tuple.TupleElements.Select(e => DeclareTemporary(TypeRefs.From(e.Type), "_" + function.Symbol.Name + "_" + e.Name)).ToList();
        var inlined = Inline(call, function, () =>
        {
            InlineStatements(function, null, elements);
            return new LiteralExpr("0", TypeRef.Int, IsNegative: false);
        });
        return inlined is null ? null : elements.Select(Var).Cast<Expr>().ToList();
    }

    /// <summary>Checks the size limits, binds the arguments, and runs <paramref name="body"/> with the function on the inlining stack.</summary>
    private Expr? Inline(IInvocationOperation call, ILocalFunctionOperation function, System.Func<Expr> body)
    {
        var callDepth = CallDepth(call);
        var expansion = Expansion(function.Symbol);
        var inlinedDepth = _inlinedDepth + callDepth + expansion.Depth;
        var inlinedNodes = (long)_methodNodes + _inlinedNodes + expansion.Nodes;
        if (inlinedDepth > MethodLimits.MaxDepth || inlinedNodes > MethodLimits.MaxNodes)
        {
            // Checked with everything the call would inline, so it is reported at the outermost call that is too large.
            var tooDeep = inlinedDepth > MethodLimits.MaxDepth;
            _diagnostics.Add(DiagnosticInfo.Create(
                DiagnosticDescriptors.LocalFunctionTooLarge, LocationInfo.From(call.Syntax), function.Symbol.Name, _method.Name,
                tooDeep ? Count(inlinedDepth) + " levels deep" : Count(inlinedNodes) + " syntax nodes",
                tooDeep ? Count(MethodLimits.MaxDepth) + " levels" : Count(MethodLimits.MaxNodes) + " nodes"));
            return null;
        }

        var mark = _pending.Count;
        BindArguments(call, function);
        if (_noHoistDepth > 0 && _pending.Count > mark)
        {
            // Nothing may run before a loop condition or a guard: only an expression body on variables fits there.
            _pending.RemoveRange(mark, _pending.Count - mark);
            RefuseLocal(call.Syntax, function, "is called " + _noHoistPlace + " with an argument that is not a variable", "compute the argument into a local first");
            return null;
        }

        _inlinedNodes += MethodLimits.Measure(function.Syntax, _cancellationToken).Nodes;
        var savedDepth = _inlinedDepth;
        _inlinedDepth += callDepth;
        _inlining.Add(function.Symbol);
        var value = body();
        _inlining.RemoveAt(_inlining.Count - 1);
        _inlinedDepth = savedDepth;
        return value;
    }

    /// <summary>
    /// Each parameter gets its argument, evaluated here in the order C# evaluates it: a variable as it is when the
    /// function writes neither the parameter nor anything it captures (so the variable cannot change meanwhile), and
    /// an array or span always (it is a reference either way); anything else through a fresh local. The parameters are
    /// bound once every argument is parsed: an argument that calls the same function ('F(x, F(y, z))') binds them for
    /// its own call, which must not leak into this one.
    /// </summary>
    private void BindArguments(IInvocationOperation call, ILocalFunctionOperation function)
    {
        var writes = Writes(function.Symbol);
        var writesOutside = WrittenOutside(function.Symbol) is not null;
        var bindings = new List<(IParameterSymbol Parameter, int Id)>();
        foreach (var argument in call.Arguments)
        {
            var parameter = argument.Parameter!;
            var value = ParseExpression(argument.Value, isRoot: false);
            var type = TypeRefs.From(parameter.Type);
            // An array or span is the caller's storage whatever its declared type says ('double[]?', a Span given to a ReadOnlySpan).
            if (value is VariableExpr variable
                && (type.Collection != CollectionKind.None
                    ? variable.Type.Collection != CollectionKind.None && variable.Type.Element == type.Element
                    : variable.Type == type && !writesOutside && !writes.Contains(parameter)))
            {
                bindings.Add((parameter, variable.VariableId));
                continue;
            }

            if (type.Collection != CollectionKind.None)
            {
                RefuseLocal(argument.Syntax, function, "is given '" + OneLine(argument.Syntax.ToString()) + "' for its array or span parameter '" + parameter.Name + "'", "pass an array or span parameter or local of the method");
                continue;
            }

            var id = Declare(parameter, parameter.Name, parameter.Type, VariableKind.Local);
            bindings.Add((parameter, id));
            var converted = value.Type == type ? value : new ConversionExpr(value, type);
            _pending.Add(new AssignStmt(id, converted, IsDeclaration: true, OneLine(call.Syntax.ToString()) + " (its parameter " + parameter.Name + ", in: " + _source + ")"));
        }

        foreach (var (parameter, id) in bindings)
        {
            _ids[parameter] = id;
        }
    }

    /// <summary>
    /// The function's statements, lowered into a list of their own that then follows what is pending: returns assign
    /// <paramref name="result"/> (or the <paramref name="elements"/> of a tuple) and, where more statements could
    /// follow, a 'done' flag of its own.
    /// </summary>
    private void InlineStatements(ILocalFunctionOperation function, int? result, List<int>? elements)
    {
        var saved = (_current, _resultId, _doneId, _inlined, _resultElements, _source, _branchDepth, _noHoistDepth);
        var outer = _pending.ToList();
        _pending.Clear();
        var body = new List<Stmt>();
        _current = body;
        _inlined = function;
        _branchDepth = 0;
        _noHoistDepth = 0;
        _resultId = result;
        _resultElements = elements;
        _doneId = null;
        var targets = elements ?? (result is { } r ? new List<int> { r } : new List<int>());
        var block = function.Body ?? function.IgnoredBody!;
        var earlyReturn = block.Descendants().OfType<IReturnOperation>().Any(ret => ret.Parent != block && IsOwnReturn(ret));
        foreach (var target in targets)
        {
            if (earlyReturn)
            {
                Add(new AssignStmt(target, Initial(Variables[target].Type), IsDeclaration: true, "(the result of " + function.Symbol.Name + ")"));
            }
            else
            {
                _declaredWithoutValue.Add(target);
            }
        }

        if (earlyReturn)
        {
            _doneId = DeclareTemporary(TypeRef.Bool, "_done");
            Add(new AssignStmt(_doneId.Value, BoolLiteral(false), IsDeclaration: true, "(set when a return of " + function.Symbol.Name + " has run)"));
        }

        ParseBlock(block.Operations);
        Flush();
        foreach (var target in targets.Where(_declaredWithoutValue.Remove))
        {
            // A body that ends in a throw never assigns its result: declared anyway, for the code that follows.
            Add(new AssignStmt(target, Initial(Variables[target].Type), IsDeclaration: true, "(the result of " + function.Symbol.Name + ")"));
        }

        (_current, _resultId, _doneId, _inlined, _resultElements, _source, _branchDepth, _noHoistDepth) = saved;
        _pending.AddRange(outer);
        _pending.AddRange(body);
    }

    /// <summary>'return e;' of the function being inlined: its value into the result, and the 'done' flag set.</summary>
    private void ParseInlinedReturn(IReturnOperation ret)
    {
        if (ret.ReturnedValue is { } value)
        {
            if (ret.IsImplicit)
            {
                _source = "return " + OneLine(value.Syntax.ToString()) + ";";
            }

            var targets = _resultElements ?? (_resultId is { } r ? new List<int> { r } : new List<int>());
            var values = _resultElements is null ? new List<IOperation> { value } : TupleElements(value, _resultElements.Count);
            if (values is null)
            {
                Unsupported(value, "the return of '" + OneLine(value.Syntax.ToString()) + "' from the local function '" + _inlined!.Symbol.Name + "'", "return a tuple literal, '(a, b)'");
                return;
            }

            var parsed = values.Select(v => ParseExpression(v, isRoot: _resultElements is null)).ToList();
            Flush();
            for (var i = 0; i < targets.Count; i++)
            {
                var type = Variables[targets[i]].Type;
                var converted = parsed[i].Type == type || parsed[i] is ThrowExpr ? parsed[i] : new ConversionExpr(parsed[i], type);
                Add(new AssignStmt(targets[i], converted, _declaredWithoutValue.Remove(targets[i]), _source));
            }
        }

        if (_doneId is { } done)
        {
            Add(new AssignStmt(done, BoolLiteral(true), IsDeclaration: false, _source));
        }
    }

    private static List<IOperation>? TupleElements(IOperation value, int arity)
    {
        while (value is IConversionOperation { IsImplicit: true } conversion)
        {
            value = conversion.Operand;
        }

        return value is ITupleOperation tuple && tuple.Elements.Length == arity && tuple.Elements.All(e => e is not ITupleOperation)
            ? tuple.Elements.ToList()
            : null;
    }

    /// <summary>An expression body, parsed in place of the call when it writes nothing.</summary>
    private IOperation? ExpressionBodyOf(ILocalFunctionOperation function) =>
        function.Syntax is LocalFunctionStatementSyntax { ExpressionBody: not null }
        && !function.Symbol.ReturnsVoid
        && function.Body is { Operations.Length: 1 } body && body.Operations[0] is IReturnOperation { ReturnedValue: { } value }
        && Writes(function.Symbol).Count == 0
            ? value
            : null;
}
