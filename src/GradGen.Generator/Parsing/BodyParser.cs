using System.Collections.Generic;
using System.Linq;
using System.Text.RegularExpressions;
using System.Threading;
using GradGen.Generator.Diagnostics;
using GradGen.Generator.Helpers;
using GradGen.Generator.Model;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp.Syntax;
using Microsoft.CodeAnalysis.Operations;

namespace GradGen.Generator.Parsing;

/// <summary>
/// Walks the IOperation tree of a method body into <see cref="Stmt"/>s and <see cref="Expr"/>s.
/// Anything outside the supported subset becomes a GG0004/GG0005 diagnostic at its own syntax;
/// parsing goes on so one build shows every problem of the method.
/// Jumps are lowered here so the transform sees only structured statements: 'return e' inside a branch or loop
/// becomes '_result = e; _done = true;', 'break' and 'continue' set flags, and whatever follows a statement
/// that may set a flag is wrapped in 'if (!flag)'; loop conditions test the flags first.
/// </summary>
internal sealed partial class BodyParser
{
    private static readonly Regex Whitespace = new(@"\s+", RegexOptions.Compiled);

    private readonly IMethodSymbol _method;
    private readonly List<DiagnosticInfo> _diagnostics;
    private readonly CancellationToken _cancellationToken;
    private readonly Dictionary<ISymbol, int> _ids = new(SymbolEqualityComparer.Default);
    private readonly HashSet<int> _declaredWithoutValue = new();
    private readonly HashSet<int> _refStructs = new();
    private readonly HashSet<ISymbol> _rejected = new(SymbolEqualityComparer.Default);
    private readonly List<Stmt> _pending = new();
    private readonly Dictionary<ILabelSymbol, int> _breakFlags = new(SymbolEqualityComparer.Default);
    private readonly Dictionary<ILabelSymbol, int> _continueFlags = new(SymbolEqualityComparer.Default);
    private readonly HashSet<ILabelSymbol> _switchExits = new(SymbolEqualityComparer.Default);
    private List<Stmt> _current;
    private int _temporaryCount;
    private int _noHoistDepth;
    private string _noHoistPlace = "inside '?:', '&&' or '||'";
    private int _loopDepth;
    private int? _resultId;
    private int? _doneId;
    private string _source = string.Empty;

    /// <summary>The [DifferentiableOutput] span of a vector-valued method: written, never read.</summary>
    private readonly IParameterSymbol? _output;

    public BodyParser(IMethodSymbol method, List<DiagnosticInfo> diagnostics, CancellationToken cancellationToken, IParameterSymbol? output = null)
    {
        _output = output;
        _method = method;
        _diagnostics = diagnostics;
        _cancellationToken = cancellationToken;
        _current = Statements;
    }

    public List<Variable> Variables { get; } = new();

    public List<Stmt> Statements { get; } = new();

    public List<CallSite> CallSites { get; } = new();

    public int DeclareParameter(IParameterSymbol parameter) => Declare(parameter, parameter.Name, parameter.Type, VariableKind.Parameter);

    public void ParseBody(IBlockOperation block)
    {
        _body = block;
        // Only a return that ends the body stays a return; any other needs the result and a 'done' flag. The same walk
        // finds the local functions, inlined where they are called.
        var earlyReturn = false;
        foreach (var operation in block.Descendants())
        {
            earlyReturn |= operation is IReturnOperation ret && ret.Parent != block && IsOwnReturn(ret);
            if (operation is ILocalFunctionOperation function)
            {
                _localFunctions[function.Symbol] = function;
            }
        }

        if (_localFunctions.Count > 0)
        {
            _methodNodes = MethodLimits.Measure(block.Syntax, _cancellationToken).Nodes;
        }

        if (earlyReturn)
        {
            if (!_method.ReturnsVoid)
            {
                var returnType = TypeRefs.From(_method.ReturnType);
                _resultId = DeclareTemporary(returnType, "_result");
                Statements.Add(new AssignStmt(_resultId.Value, Zero(returnType), IsDeclaration: true, "(the result of an early return)"));
            }

            _doneId = DeclareTemporary(TypeRef.Bool, "_done");
            Statements.Add(new AssignStmt(_doneId.Value, BoolLiteral(false), IsDeclaration: true, "(set when a return has run)"));
        }

        var returns = ParseBlock(block.Operations);
        CheckMemberWrites();
        if (_localFunctions.Count > 0)
        {
            // A local function inlined at several calls would repeat each problem of its body once per call.
            var distinct = _diagnostics.Distinct().ToList();
            _diagnostics.Clear();
            _diagnostics.AddRange(distinct);
        }

        if (_method.ReturnsVoid)
        {
            // A vector-valued method: the model still ends in a return, of a constant nothing differentiates.
            Statements.Add(new ReturnStmt(Zero(TypeRef.Double), "(the end of the method)"));
        }
        else if (earlyReturn)
        {
            Statements.Add(new ReturnStmt(Var(_resultId!.Value), "(the return that ran)"));
        }
        else if (!returns && _diagnostics.Count == 0)
        {
            // Every path of a method that returns a value ends in a return, so reaching here means
            // the body ends some other way (a throw); that construct was reported already.
            Unsupported(block, "a body that does not end in 'return'", "end the method with a return statement");
        }
    }

    private int Declare(ISymbol symbol, string name, ITypeSymbol type, VariableKind kind)
    {
        var id = Variables.Count;
        if (type.IsRefLikeType && TypeRefs.From(type).Collection == CollectionKind.None)
        {
            _refStructs.Add(id);
        }

        Variables.Add(new Variable(id, name, TypeRefs.From(type), kind));
        _ids[symbol] = id;
        return id;
    }

    private int DeclareTemporary(TypeRef type, string? name = null)
    {
        var id = Variables.Count;
        Variables.Add(new Variable(id, name ?? "_t" + _temporaryCount++, type, VariableKind.Temporary));
        return id;
    }

    private VariableExpr Var(int id) => new(id, Variables[id].Type);

    private void Add(Stmt statement) => _current.Add(statement);

    /// <remarks>
    /// Recursive once per level of the expression, so its frame is kept small (every case is a call): the stack a
    /// long sum takes is this frame times its length (<see cref="MethodLimits"/>).
    /// </remarks>
    private Expr ParseExpression(IOperation operation, bool isRoot)
    {
        _cancellationToken.ThrowIfCancellationRequested();
        if (operation.ConstantValue.HasValue && operation.Type is not null)
        {
            return ParseConstant(operation);
        }

        // The operators that nest deep in real code go straight to their parser: what nests recurses through this small
        // frame and theirs, never through ParseOther's large one (MethodLimits' depth limit counts on it).
        return operation switch
        {
            IBinaryOperation binary => ParseBinary(binary, TypeRefs.From(operation.Type)),
            IParenthesizedOperation parenthesized => ParseExpression(parenthesized.Operand, isRoot),
            IConditionalOperation { WhenFalse: { } whenFalse, Type: { } type } conditional => ParseConditional(conditional, whenFalse, TypeRefs.From(type)),
            _ => ParseOther(operation, isRoot),
        };
    }

    private static Expr ParseConstant(IOperation operation)
    {
        var type = TypeRefs.From(operation.Type);
        var text = CSharpLiterals.Constant(operation.ConstantValue.Value, operation.Type!, type.Text);
        return new LiteralExpr(text, type, CSharpLiterals.IsNegative(text));
    }

    private Expr ParseOther(IOperation operation, bool isRoot)
    {
        var type = TypeRefs.From(operation.Type);
        switch (operation)
        {
            case IArrayElementReferenceOperation or IPropertyReferenceOperation or IInvocationOperation or ILocalReferenceOperation when ParseTwoIndex(operation) is { } twoIndex:
                return twoIndex;
            case IArrayElementReferenceOperation or IPropertyReferenceOperation or ILocalReferenceOperation when ParseViewUse(operation) is { } viewUse:
                return viewUse;
            case IThrowOperation or IConversionOperation { Operand: IThrowOperation }:
                return ParseThrow(Thrown(operation)!);
            case ICoalesceOperation coalesce when Thrown(coalesce.WhenNull) is not null:
                return ParseCoalesceThrow(coalesce, isRoot);
            case IInterpolatedStringOperation interpolated:
                return ParseInterpolatedString(interpolated, type);
            case ILocalReferenceOperation local when _ids.TryGetValue(local.Local, out var localId):
                return new VariableExpr(localId, Variables[localId].Type);
            case IParameterReferenceOperation parameter when _ids.TryGetValue(parameter.Parameter, out var parameterId):
                return new VariableExpr(parameterId, Variables[parameterId].Type);
            case IArrayElementReferenceOperation { Indices.Length: 1 } range when IsRange(range.Indices[0]) && CollectionVariable(range.ArrayReference) is { } rangedArray:
                return RefuseView(range, rangedArray);
            case IImplicitIndexerReferenceOperation { Instance: { } rangedInstance } rangeIndexer when IsRange(rangeIndexer.Argument) && CollectionVariable(rangedInstance) is { } rangedSpan:
                return RefuseView(rangeIndexer, rangedSpan);
            case IImplicitIndexerReferenceOperation { Instance: { } fromEndInstance, Argument: var fromEnd } fromEndIndexer when IsFromEnd(fromEnd) && CollectionVariable(fromEndInstance) is { } fromEndId:
                return ParseElement(fromEndIndexer, fromEndId, fromEnd);
            case IArrayElementReferenceOperation { Indices.Length: 1 } element when CollectionVariable(element.ArrayReference) is { } arrayId:
                return ParseElement(element, arrayId, element.Indices[0]);
            case IPropertyReferenceOperation { Property.IsIndexer: true, Arguments.Length: 1, Instance: { } spanInstance } indexer when CollectionVariable(spanInstance) is { } spanId:
                return ParseElement(indexer, spanId, indexer.Arguments[0].Value);
            case IPropertyReferenceOperation { Property.Name: "Length", Instance: { } lengthInstance } when CollectionVariable(lengthInstance) is { } lengthId:
                return new LengthExpr(lengthId, TypeRef.Int);
            case ILocalReferenceOperation rejected when _rejected.Contains(rejected.Local):
                return new LiteralExpr("0", type, IsNegative: false);
            case IUnaryOperation unary:
                return ParseUnary(unary, type);
            case IConversionOperation conversion:
                return ParseConversion(conversion, type, isRoot);
            case IInvocationOperation { TargetMethod.MethodKind: MethodKind.DelegateInvoke, Instance: ILocalReferenceOperation callee } lambdaCall when _lambdas.TryGetValue(callee.Local, out var lambda):
                return InlineLambdaCall(lambdaCall, lambda);
            case IInvocationOperation localCall when IsLocalFunctionCall(localCall):
                return ParseLocalFunctionCall(localCall, discarded: false);
            case IDelegateCreationOperation { Target: IMethodReferenceOperation { Method.MethodKind: MethodKind.LocalFunction } reference }:
                return RefuseLocalDelegate(reference, type);
            case IInvocationOperation linq when TryParseLinq(linq, out var lowered):
                return lowered;
            case IInvocationOperation invocation:
                return ParseInvocation(invocation, hoist: !isRoot, discarded: false);
            case IArrayElementReferenceOperation { Indices.Length: 1 } memberElement when ParseMemberElement(memberElement.ArrayReference, memberElement.Indices[0], type) is { } constantElement:
                return constantElement;
            case IPropertyReferenceOperation { Property.IsIndexer: true, Arguments.Length: 1, Instance: { } memberSpan } memberIndexer when ParseMemberElement(memberSpan, memberIndexer.Arguments[0].Value, type) is { } constantSpanElement:
                return constantSpanElement;
            case IFieldReferenceOperation field:
                return ParseMember(field, type);
            case IPropertyReferenceOperation property when property.Arguments.Length == 0:
                return ParseMember(property, type);
            case IInstanceReferenceOperation { ReferenceKind: InstanceReferenceKind.ContainingTypeInstance }:
                return new ThisExpr(type, operation.Syntax is BaseExpressionSyntax);
            case IConditionalOperation { WhenFalse: { } whenFalse } conditional when conditional.Type is not null:
                return ParseConditional(conditional, whenFalse, type);
            case ISwitchExpressionOperation switchExpression when switchExpression.Type is not null:
                return ParseSwitchExpression(switchExpression, type);
            case IIsPatternOperation isPattern:
                return ParseIsPattern(isPattern);
            case IIncrementOrDecrementOperation step:
                return ParseIncrementValue(step);
            default:
                return Unsupported(operation, Describe(operation), AdviceFor(operation));
        }
    }

    /// <summary>A field or property read: a constant for the gradient.</summary>
    private Expr ParseMember(IMemberReferenceOperation reference, TypeRef type)
    {
        NoteMemberRead(reference);
        var member = reference.Member;
        return member.IsStatic
            ? new OpaqueExpr(member.ContainingType.ToDisplayString(SymbolNames.Qualified), null, Naming.Escape(member.Name), false, EquatableArray<Expr>.Empty, -1, type)
            : new OpaqueExpr(null, ParseExpression(reference.Instance!, isRoot: false), Naming.Escape(member.Name), false, EquatableArray<Expr>.Empty, AddMemberSite(reference), type);
    }

    private Expr ParseElement(IOperation access, int arrayId, IOperation index)
    {
        if (_output is not null && Variables[arrayId].Kind == VariableKind.Parameter && Variables[arrayId].Name == _output.Name)
        {
            _diagnostics.Add(DiagnosticInfo.Create(DiagnosticDescriptors.OutputRead, LocationInfo.From(access.Syntax), OneLine(access.Syntax.ToString()), _method.Name, _output.Name));
            return new LiteralExpr("0", Variables[arrayId].Type.Element!, IsNegative: false);
        }

        var indexExpr = ParseIndex(arrayId, index);
        if (indexExpr.Type.Kind != NumericKind.Int)
        {
            return Unsupported(access, "the element access '" + OneLine(access.Syntax.ToString()) + "'", "index with an int expression");
        }

        return new ElementExpr(arrayId, indexExpr, Variables[arrayId].Type.Element!);
    }

    private static bool IsFromEnd(IOperation index) => Strip(index) is IUnaryOperation { OperatorKind: UnaryOperatorKind.Hat };

    /// <summary>An index of a one-dimensional array or span: an int, or <c>^k</c> from the end, which is <c>a.Length - k</c>.</summary>
    private Expr ParseIndex(int arrayId, IOperation index)
    {
        if (Strip(index) is IUnaryOperation { OperatorKind: UnaryOperatorKind.Hat, OperatorMethod: null } fromEnd)
        {
            var k = ParseExpression(fromEnd.Operand, isRoot: false);
            return k.Type.Kind == NumericKind.Int ? new BinaryExpr(BinaryOp.Subtract, new LengthExpr(arrayId, TypeRef.Int), k, TypeRef.Int) : k;
        }

        return ParseExpression(index, isRoot: false);
    }

    private Expr ParseBinary(IBinaryOperation binary, TypeRef type)
    {
        var op = MapBinary(binary.OperatorKind);
        if (binary.OperatorMethod is not null || binary.IsLifted || op is null)
        {
            return UnsupportedBinary(binary);
        }

        var left = ParseExpression(binary.LeftOperand, isRoot: false);
        if (op is BinaryOp.ConditionalAnd or BinaryOp.ConditionalOr)
        {
            // The right operand runs only when the left does not decide (BodyParser.Branches.cs).
            var (taken, before) = ParseTaken(binary.RightOperand);
            return before.Count == 0 ? new BinaryExpr(op.Value, left, taken, type) : ShortCircuit(binary, op.Value, left, taken, before);
        }

        var right = ParseExpression(binary.RightOperand, isRoot: false);
        return new BinaryExpr(op.Value, left, right, type, OverflowOf(binary, binary.IsChecked));
    }

    /// <summary>The overflow context of an operation where it is not the compilation's default.</summary>
    private static Overflow OverflowOf(IOperation operation, bool isChecked) =>
        operation.Type?.SpecialType is SpecialType.System_Double or SpecialType.System_Single or SpecialType.System_Boolean
        || isChecked == (operation.SemanticModel?.Compilation.Options.CheckOverflow ?? false) ? Overflow.Default
        : isChecked ? Overflow.Checked : Overflow.Unchecked;

    private Expr UnsupportedBinary(IBinaryOperation binary) =>
        binary.OperatorMethod is not null
            ? Unsupported(binary, "the user-defined operator '" + binary.OperatorMethod.ToDisplayString(SymbolNames.Message) + "'", "use double or float arithmetic")
            : binary.IsLifted
                ? Unsupported(binary, "an operator on nullable values", "use double or float values that are not nullable")
                : Unsupported(binary, "the operator in '" + OneLine(binary.Syntax.ToString()) + "'", "use +, -, *, /, % and comparisons");

    private Expr ParseUnary(IUnaryOperation unary, TypeRef type)
    {
        if (unary.OperatorMethod is not null || unary.IsLifted)
        {
            return Unsupported(unary, "the operator in '" + OneLine(unary.Syntax.ToString()) + "'", "use double or float arithmetic");
        }

        UnaryOp? op = unary.OperatorKind switch
        {
            UnaryOperatorKind.Minus => UnaryOp.Negate,
            UnaryOperatorKind.Plus => UnaryOp.Plus,
            UnaryOperatorKind.Not => UnaryOp.Not,
            UnaryOperatorKind.BitwiseNegation => UnaryOp.BitwiseNot,
            _ => null,
        };
        if (op is null)
        {
            return Unsupported(unary, "the operator in '" + OneLine(unary.Syntax.ToString()) + "'", "use unary minus or '!'");
        }

        var operand = ParseExpression(unary.Operand, isRoot: false);
        return op == UnaryOp.Plus ? operand : new UnaryExpr(op.Value, operand, type, OverflowOf(unary, unary.IsChecked));
    }

    private Expr ParseConversion(IConversionOperation conversion, TypeRef type, bool isRoot)
    {
        if (conversion.Operand.Type is { } from && TypeRefs.From(from) is { Collection: not CollectionKind.None } source
            && type.Collection is not CollectionKind.None && source.Element == type.Element)
        {
            // double[] to ReadOnlySpan<double>, Span to ReadOnlySpan: the same elements, converted implicitly where used.
            return ParseExpression(conversion.Operand, isRoot);
        }

        if (conversion.OperatorMethod is not null)
        {
            return Unsupported(conversion, "the user-defined conversion '" + conversion.OperatorMethod.ToDisplayString(SymbolNames.Message) + "'", "convert between double and float only");
        }

        var operand = ParseExpression(conversion.Operand, isRoot: isRoot && conversion.Conversion.IsIdentity);
        if (conversion.Conversion.IsIdentity || operand.Type == type)
        {
            return operand;
        }

        if (operand.Type.IsReal && !conversion.Conversion.IsNumeric && !IsBoxedArgument(conversion))
        {
            return Unsupported(conversion, "the conversion of a floating-point value to '" + type.Text + "'", "keep the value a double or float");
        }

        if (operand.Type.IsReal && !type.IsReal)
        {
            // A cast such as (int)x: remembered so a cast of a differentiable value can be warned about.
            CallSites.Add(new CallSite(LocationInfo.From(conversion.Syntax), "the conversion to '" + type.Text + "'", EquatableArray<string>.Empty, EquatableArray<string>.Empty));
            return new ConversionExpr(operand, type, CallSites.Count - 1, OverflowOf(conversion, conversion.IsChecked));
        }

        if (type.CarriesDerivative && !operand.Type.CarriesDerivative && !operand.Type.IsInert)
        {
            // Back to floating point from decimal or object: remembered so an active value that went that way can be reported.
            CallSites.Add(new CallSite(LocationInfo.From(conversion.Syntax), operand.Type.Text.Replace("global::", string.Empty), new EquatableArray<string>(new[] { OneLine(conversion.Operand.Syntax.ToString()) }), EquatableArray<string>.Empty, OneLine(conversion.Syntax.ToString())));
            return new ConversionExpr(operand, type, CallSites.Count - 1, Overflow: OverflowOf(conversion, conversion.IsChecked));
        }

        return new ConversionExpr(operand, type, Overflow: OverflowOf(conversion, conversion.IsChecked));
    }

    /// <summary>The classes whose static functions the rule table covers: Math, MathF, and double's and float's own (printed as keywords, which nothing can shadow).</summary>
    private static string? MathClass(IMethodSymbol target) => target.ContainingType switch
    {
        { SpecialType: SpecialType.System_Double } => "double",
        { SpecialType: SpecialType.System_Single } => "float",
        { Name: "Math" or "MathF", ContainingNamespace: { Name: "System", ContainingNamespace.IsGlobalNamespace: true } } type => "global::System." + type.Name,
        _ => null,
    };

    /// <summary>A Math-like function's parameters as <see cref="DerivativeRules.IsKnown"/> reads them: 'r' floating point, 'i' int.</summary>
    private static string MathSignature(IMethodSymbol target) =>
        new(target.Parameters.Select(p => p.Type.SpecialType switch
        {
            SpecialType.System_Double or SpecialType.System_Single => 'r',
            SpecialType.System_Int32 => 'i',
            _ => '?',
        }).ToArray());

    private Expr ParseInvocation(IInvocationOperation invocation, bool hoist, bool discarded)
    {
        var target = invocation.TargetMethod;
        var arguments = new List<Expr>();
        var argumentTexts = new List<string>();
        var type = TypeRefs.From(invocation.Type);
        var differentiableCall = !discarded && type.IsReal && !target.IsGenericMethod && SymbolNames.HasAttribute(target, SymbolNames.DifferentiableAttribute);
        foreach (var argument in invocation.Arguments.OrderBy(a => a.Parameter?.Ordinal ?? int.MaxValue))
        {
            if (argument.Parameter is { RefKind: not (RefKind.None or RefKind.In) } refParameter)
            {
                arguments.Add(Unsupported(argument, "the '" + (refParameter.RefKind == RefKind.RefReadOnlyParameter ? "ref readonly" : refParameter.RefKind.ToString().ToLowerInvariant()) + "' argument '" + OneLine(argument.Syntax.ToString()) + "'",
                    refParameter.RefKind == RefKind.RefReadOnlyParameter ? "make the callee's parameter 'in' or pass by value" : "pass arguments by value"));
                continue;
            }

            if (argument.ArgumentKind == ArgumentKind.ParamArray)
            {
                arguments.Add(Unsupported(argument, "a 'params' argument list", "pass an explicit array or spell out the call"));
                continue;
            }

            arguments.Add(differentiableCall && ParseViewArgument(argument) is { } view ? view : ParseExpression(argument.Value, isRoot: false));
            argumentTexts.Add(argument.ArgumentKind == ArgumentKind.DefaultValue ? "(default)" : OneLine(argument.Value.Syntax.ToString()));
        }

        if (MathClass(target) is { } mathClass
            && type.IsReal
            && !target.IsGenericMethod
            && MathCatalogue.IsKnown(target.Name, MathSignature(target)))
        {
            return new MathCallExpr(mathClass, target.Name, arguments.ToEquatableArray(), type, AddCallSite(invocation, argumentTexts));
        }

        if (differentiableCall)
        {
            string? receiver = null;
            if (target.IsStatic)
            {
                receiver = target.ContainingType!.ToDisplayString(SymbolNames.Qualified);
            }
            else if (invocation.Instance is IInstanceReferenceOperation { ReferenceKind: InstanceReferenceKind.ContainingTypeInstance } self)
            {
                // 'base.H(x)' calls the base's H and must pull back through the base's HPullback, not the override's.
                receiver = self.Syntax is BaseExpressionSyntax ? "base" : "this";
            }

            if (receiver is null)
            {
                return Unsupported(invocation, "a call to the [Differentiable] method '" + target.Name + "' on another instance", "call it on 'this' or make it static");
            }

            if (_noHoistDepth > 0)
            {
                return Unsupported(invocation, "a call to the [Differentiable] method '" + target.Name + "' " + _noHoistPlace, "compute it into a local first");
            }

            if (RefuseTwoIndexData(invocation, target, arguments) is { } refused)
            {
                return refused;
            }

            var call = new DifferentiableCallExpr(
                receiver,
                Naming.Escape(target.Name),
                arguments.ToEquatableArray(),
                target.Parameters.Select(SymbolNames.IsDifferentiableParameter).ToEquatableArray(),
                AddCallSite(invocation, argumentTexts),
                type,
                receiver,
                Naming.Escape(target.Name + "Pullback"),
                target.OriginalDefinition.GetDocumentationCommentId(),
                ThroughParameters: Analysis.ThroughCalls.Parameters(target));
            return hoist ? Hoist(call, invocation) : call;
        }

        Expr? instance = null;
        string? staticTarget = null;
        if (target.IsStatic || invocation.Instance is null)
        {
            staticTarget = target.ContainingType!.ToDisplayString(SymbolNames.Qualified);
        }
        else
        {
            instance = ParseExpression(invocation.Instance, isRoot: false);
        }

        var member = Naming.Escape(target.Name);
        if (target.IsGenericMethod)
        {
            member += "<" + string.Join(", ", target.TypeArguments.Select(t => t.ToDisplayString(SymbolNames.Qualified))) + ">";
        }

        if (ViewedCollection(invocation) is { } viewed && (IsDifferentiableParameter(viewed) || WrittenCollection(invocation) is not null))
        {
            return RefuseView(invocation, viewed);
        }

        if (WrittenCollection(invocation) is { } written)
        {
            return Unsupported(invocation, "the call '" + OneLine(invocation.Syntax.ToString()) + "', which may write the array or span '" + written + "'",
                "write its elements in a loop instead, so the reverse sweep sees every write");
        }

        var site = AddCallSite(invocation, argumentTexts);
        var opaque = target.IsStatic && !target.IsGenericMethod
            ? new OpaqueExpr(staticTarget, instance, member, true, arguments.ToEquatableArray(), site, type,
                target.OriginalDefinition.GetDocumentationCommentId(),
                target.Parameters.Select(p => p.RefKind == RefKind.None && (p.Type.SpecialType is SpecialType.System_Double or SpecialType.System_Single || TypeRefs.From(p.Type).IsRealCollection)).ToEquatableArray())
            : new OpaqueExpr(staticTarget, instance, member, true, arguments.ToEquatableArray(), site, type);
        return hoist && _noHoistDepth == 0 && _branchDepth == 0 && invocation.Type is { SpecialType: not SpecialType.System_Void } ? Hoist(opaque, invocation) : opaque;
    }

    /// <summary>
    /// An ordinary call that may write an array or span variable of the method (h.Clear(), x.CopyTo(h), Array.Fill(h, …)):
    /// the reverse sweep would neither restore nor differentiate what it wrote, so it is reported instead.
    /// </summary>
    private string? WrittenCollection(IInvocationOperation invocation)
    {
        if (invocation.TargetMethod.IsStatic && InspectionCalls.Contains(invocation.TargetMethod.ContainingType.ToDisplayString(SymbolNames.Qualified), invocation.TargetMethod.Name))
        {
            return null;
        }

        if (invocation.Instance is { } instance && CollectionVariable(Strip(instance)) is { } receiver
            && Variables[receiver].Type.Collection is CollectionKind.Array or CollectionKind.Span or CollectionKind.Matrix or CollectionKind.Jagged
            && invocation.TargetMethod.Name is not ("ToArray" or "ToString" or "GetHashCode" or "Equals" or "IndexOf" or "Contains" or "SequenceEqual" or "CopyTo" or "TryCopyTo"
                or "GetLength" or "GetLongLength" or "GetLowerBound" or "GetUpperBound"))
        {
            return Variables[receiver].Name;
        }

        foreach (var argument in invocation.Arguments)
        {
            var parameterType = argument.Parameter is { } parameter ? TypeRefs.From(parameter.Type) : null;
            // Whoever is given a jagged array can write its rows, whatever the parameter's type says.
            var writable = parameterType is { Collection: CollectionKind.Array or CollectionKind.Span or CollectionKind.Matrix or CollectionKind.Jagged } || MayWriteThrough(argument.Parameter?.Type)
                || CollectionVariable(Strip(argument.Value)) is { } given && Variables[given].Type.Collection == CollectionKind.Jagged;
            if (writable && CollectionVariable(Strip(argument.Value)) is { } id)
            {
                return Variables[id].Name;
            }
        }

        return null;
    }

    /// <summary>
    /// Parameter types through which a callee can write an array it is given: Array, object (cast back), and the
    /// collection interfaces with setters or Add/Clear (IList, ICollection, generic or not). IEnumerable and the
    /// read-only interfaces cannot.
    /// </summary>
    private static bool MayWriteThrough(ITypeSymbol? type) =>
        type is not null
        && (type.SpecialType is SpecialType.System_Array or SpecialType.System_Object
            || type.OriginalDefinition.SpecialType is SpecialType.System_Collections_Generic_IList_T or SpecialType.System_Collections_Generic_ICollection_T
            || type.ToDisplayString() is "System.Collections.IList" or "System.Collections.ICollection");

    private static IOperation Strip(IOperation operation)
    {
        while (operation is IConversionOperation { IsImplicit: true } conversion)
        {
            operation = conversion.Operand;
        }

        return operation;
    }

    private int AddCallSite(IInvocationOperation invocation, List<string> argumentTexts)
    {
        var target = invocation.TargetMethod;
        CallSites.Add(new CallSite(
            LocationInfo.From(invocation.Syntax),
            target.ContainingType?.Name + "." + target.Name,
            argumentTexts.ToEquatableArray(),
            target.Parameters.Select(p => p.Name).ToEquatableArray(),
            OneLine(invocation.Syntax.ToString()),
            ReceiverText(invocation.Instance),
            target.MethodKind == MethodKind.DelegateInvoke));
        return CallSites.Count - 1;
    }

    private static string? ReceiverText(IOperation? instance) =>
        instance is null ? null : instance.IsImplicit ? "this" : OneLine(instance.Syntax.ToString());

    /// <summary>A field or property read on an instance: a site, so an active receiver can be reported there.</summary>
    private int AddMemberSite(IMemberReferenceOperation member)
    {
        CallSites.Add(new CallSite(
            LocationInfo.From(member.Syntax),
            member.Member.ContainingType?.Name + "." + member.Member.Name,
            EquatableArray<string>.Empty,
            EquatableArray<string>.Empty,
            OneLine(member.Syntax.ToString()),
            ReceiverText(member.Instance)));
        return CallSites.Count - 1;
    }

    /// <summary>
    /// Lifts a call out of its expression into a temporary assigned just before the statement,
    /// so the call runs once and the reverse sweep reads its value instead of calling again.
    /// </summary>
    private Expr Hoist(Expr call, IOperation invocation)
    {
        var id = DeclareTemporary(call.Type);
        _pending.Add(new AssignStmt(id, call, IsDeclaration: true, OneLine(invocation.Syntax.ToString()) + " (in: " + _source + ")"));
        return new VariableExpr(id, call.Type);
    }

    private void Flush()
    {
        _current.AddRange(_pending);
        _pending.Clear();
    }

    private Expr Unsupported(IOperation operation, string construct, string advice)
    {
        _diagnostics.Add(DiagnosticInfo.Create(DiagnosticDescriptors.UnsupportedConstruct, LocationInfo.From(operation.Syntax), construct, _method.Name, advice));
        return new LiteralExpr("0", TypeRefs.From(operation.Type), IsNegative: false);
    }

    private static BinaryOp? MapBinary(BinaryOperatorKind kind) => kind switch
    {
        BinaryOperatorKind.Add => BinaryOp.Add,
        BinaryOperatorKind.Subtract => BinaryOp.Subtract,
        BinaryOperatorKind.Multiply => BinaryOp.Multiply,
        BinaryOperatorKind.Divide => BinaryOp.Divide,
        BinaryOperatorKind.Remainder => BinaryOp.Remainder,
        BinaryOperatorKind.Equals => BinaryOp.Equals,
        BinaryOperatorKind.NotEquals => BinaryOp.NotEquals,
        BinaryOperatorKind.LessThan => BinaryOp.LessThan,
        BinaryOperatorKind.LessThanOrEqual => BinaryOp.LessThanOrEqual,
        BinaryOperatorKind.GreaterThan => BinaryOp.GreaterThan,
        BinaryOperatorKind.GreaterThanOrEqual => BinaryOp.GreaterThanOrEqual,
        BinaryOperatorKind.ConditionalAnd => BinaryOp.ConditionalAnd,
        BinaryOperatorKind.ConditionalOr => BinaryOp.ConditionalOr,
        BinaryOperatorKind.And => BinaryOp.And,
        BinaryOperatorKind.Or => BinaryOp.Or,
        BinaryOperatorKind.ExclusiveOr => BinaryOp.ExclusiveOr,
        BinaryOperatorKind.LeftShift => BinaryOp.LeftShift,
        BinaryOperatorKind.RightShift => BinaryOp.RightShift,
        _ => null,
    };

    private static string OneLine(string text) => Whitespace.Replace(text, " ").Trim();

    /// <summary>Names the construct the way a user would say it.</summary>
    internal static string Describe(IOperation operation) => operation switch
    {
        IForLoopOperation => "a 'for' loop",
        IForEachLoopOperation => "a 'foreach' loop",
        IWhileLoopOperation { ConditionIsTop: true } => "a 'while' loop",
        IWhileLoopOperation => "a 'do' loop",
        IConditionalOperation { Type: null } => "an 'if' statement",
        ISwitchOperation => "a 'switch' statement",
        ISwitchExpressionOperation => "a 'switch' expression",
        IBranchOperation branch => "a '" + branch.Syntax.ToString().TrimEnd(';').Trim() + "' statement",
        IThrowOperation => "a 'throw'",
        ITryOperation => "a 'try' statement",
        IUsingOperation => "a 'using' statement",
        ILockOperation => "a 'lock' statement",
        ILocalFunctionOperation => "a local function",
        IAnonymousFunctionOperation or IDelegateCreationOperation => "a lambda or anonymous function",
        IArrayElementReferenceOperation => "the array element access '" + OneLine(operation.Syntax.ToString()) + "'",
        IArrayCreationOperation => "the array creation '" + OneLine(operation.Syntax.ToString()) + "'",
        IObjectCreationOperation => "the object creation '" + OneLine(operation.Syntax.ToString()) + "'",
        IInterpolatedStringOperation => "an interpolated string",
        IIsPatternOperation or IIsTypeOperation => "a type or pattern test",
        IPropertyReferenceOperation => "the indexer access '" + OneLine(operation.Syntax.ToString()) + "'",
        IDynamicInvocationOperation or IDynamicMemberReferenceOperation => "a dynamic operation",
        _ => "'" + OneLine(operation.Syntax.ToString()) + "'",
    };

    private static string AdviceFor(IOperation operation) => operation switch
    {
        IBranchOperation or ISwitchOperation =>
            "use if/else, loops with 'break' and 'continue', 'return', and 'switch' on integers with constant labels",
        IArrayElementReferenceOperation or IArrayCreationOperation or IPropertyReferenceOperation =>
            "read elements of array or span parameters and locals with an int index, or declare local arrays with 'new double[n]' or 'stackalloc double[n]'",
        _ => "rewrite it with locals, arithmetic, System.Math calls and calls to [Differentiable] methods, or move it into a method whose arguments do not depend on differentiable parameters",
    };
}
