using System.Collections.Generic;
using System.Linq;
using System.Text.RegularExpressions;
using System.Threading;
using GradGen.Generator.Diagnostics;
using GradGen.Generator.Differentiation;
using GradGen.Generator.Helpers;
using GradGen.Generator.Model;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.Operations;

namespace GradGen.Generator.Parsing;

/// <summary>A call GradGen does not differentiate, remembered so it can be reported if an active value reaches it.</summary>
internal sealed record CallSite(LocationInfo? Location, string Callee, string[] ArgumentTexts, string[] ParameterNames);

/// <summary>
/// Walks the IOperation tree of a method body into <see cref="Stmt"/>s and <see cref="Expr"/>s.
/// Anything outside the supported subset becomes a GG0004/GG0005 diagnostic at its own syntax;
/// parsing goes on so one build shows every problem of the method.
/// </summary>
internal sealed class BodyParser
{
    private static readonly Regex Whitespace = new(@"\s+", RegexOptions.Compiled);

    private readonly IMethodSymbol _method;
    private readonly List<DiagnosticInfo> _diagnostics;
    private readonly CancellationToken _cancellationToken;
    private readonly Dictionary<ISymbol, int> _ids = new(SymbolEqualityComparer.Default);
    private readonly HashSet<int> _declaredWithoutValue = new();
    private readonly List<Stmt> _pending = new();
    private int _temporaryCount;
    private int _noHoistDepth;
    private string _source = string.Empty;
    private bool _returned;

    public BodyParser(IMethodSymbol method, List<DiagnosticInfo> diagnostics, CancellationToken cancellationToken)
    {
        _method = method;
        _diagnostics = diagnostics;
        _cancellationToken = cancellationToken;
    }

    public List<Variable> Variables { get; } = new();

    public List<Stmt> Statements { get; } = new();

    public List<CallSite> CallSites { get; } = new();

    public int DeclareParameter(IParameterSymbol parameter) => Declare(parameter, parameter.Name, parameter.Type, VariableKind.Parameter);

    public void ParseBody(IBlockOperation block)
    {
        ParseBlock(block);
        if (!_returned && _diagnostics.Count == 0)
        {
            // Every path of a method that returns a value ends in a return, so reaching here means
            // the body ends some other way (a throw); that construct was reported already.
            Unsupported(block, "a body that does not end in 'return'", "end the method with a return statement");
        }
    }

    private int Declare(ISymbol symbol, string name, ITypeSymbol type, VariableKind kind)
    {
        var id = Variables.Count;
        Variables.Add(new Variable(id, name, TypeRefs.From(type), kind));
        _ids[symbol] = id;
        return id;
    }

    private int DeclareTemporary(TypeRef type)
    {
        var id = Variables.Count;
        Variables.Add(new Variable(id, "_t" + _temporaryCount++, type, VariableKind.Temporary));
        return id;
    }

    private void ParseBlock(IBlockOperation block)
    {
        foreach (var operation in block.Operations)
        {
            _cancellationToken.ThrowIfCancellationRequested();
            if (_returned)
            {
                // Unreachable code after the return: the compiler already warns about it, and it never runs.
                return;
            }

            ParseStatement(operation);
        }
    }

    private void ParseStatement(IOperation operation)
    {
        _source = OneLine(operation.Syntax.ToString());
        switch (operation)
        {
            case IBlockOperation block:
                ParseBlock(block);
                break;
            case IEmptyOperation:
                break;
            case IVariableDeclarationGroupOperation group:
                foreach (var declaration in group.Declarations)
                {
                    foreach (var declarator in declaration.Declarators)
                    {
                        ParseDeclarator(declarator, declaration.Initializer);
                    }
                }

                break;
            case IExpressionStatementOperation expressionStatement:
                ParseExpressionStatement(expressionStatement.Operation);
                break;
            case IReturnOperation { ReturnedValue: { } value } ret:
                if (ret.IsImplicit)
                {
                    _source = "return " + OneLine(value.Syntax.ToString()) + ";";
                }

                var returned = ParseExpression(value, isRoot: true);
                Flush();
                Statements.Add(new ReturnStmt(returned, _source));
                _returned = true;
                break;
            default:
                Unsupported(operation, Describe(operation), AdviceFor(operation));
                break;
        }
    }

    private void ParseDeclarator(IVariableDeclaratorOperation declarator, IVariableInitializerOperation? sharedInitializer)
    {
        var local = declarator.Symbol;
        if (local.IsConst)
        {
            // Every read of a constant is already its value.
            return;
        }

        if (local.IsRef)
        {
            Unsupported(declarator, "the ref local '" + local.Name + "'", "declare an ordinary local");
            return;
        }

        var id = Declare(local, local.Name, local.Type, VariableKind.Local);
        var initializer = declarator.Initializer ?? sharedInitializer;
        if (initializer is null)
        {
            _declaredWithoutValue.Add(id);
            return;
        }

        var value = ParseExpression(initializer.Value, isRoot: true);
        Flush();
        Statements.Add(new AssignStmt(id, value, IsDeclaration: true, _source));
    }

    private void ParseExpressionStatement(IOperation operation)
    {
        switch (operation)
        {
            case ISimpleAssignmentOperation assignment:
                if (TargetOf(assignment.Target, assignment) is { } target)
                {
                    var value = ParseExpression(assignment.Value, isRoot: true);
                    AddAssignment(target, value);
                }

                break;
            case ICompoundAssignmentOperation compound:
                if (TargetOf(compound.Target, compound) is { } compoundTarget)
                {
                    AddAssignment(compoundTarget, Compound(compound, compoundTarget));
                }

                break;
            case IIncrementOrDecrementOperation increment:
                if (TargetOf(increment.Target, increment) is { } incrementTarget)
                {
                    var type = Variables[incrementTarget].Type;
                    var one = new LiteralExpr(type.Kind switch
                    {
                        NumericKind.Double => "1.0",
                        NumericKind.Float => "1f",
                        _ => "1",
                    }, type, IsNegative: false);
                    var op = increment.Kind == OperationKind.Increment ? BinaryOp.Add : BinaryOp.Subtract;
                    if (type.Kind is not (NumericKind.Double or NumericKind.Float or NumericKind.Int))
                    {
                        Unsupported(increment, "'" + _source + "' on a value of type '" + type.Text + "'", "write the assignment out with '+ 1'");
                        break;
                    }

                    AddAssignment(incrementTarget, new BinaryExpr(op, new VariableExpr(incrementTarget, type), one, type));
                }

                break;
            case IInvocationOperation invocation:
                var call = ParseInvocation(invocation, hoist: false, discarded: true);
                Flush();
                Statements.Add(new ExpressionStmt(call, _source));
                break;
            default:
                Unsupported(operation, Describe(operation), AdviceFor(operation));
                break;
        }
    }

    private void AddAssignment(int target, Expr value)
    {
        Flush();
        var isDeclaration = _declaredWithoutValue.Remove(target);
        Statements.Add(new AssignStmt(target, value, isDeclaration, _source));
    }

    /// <summary>Compound assignment 'x op= v' is 'x = (T)(x op v)', computed in the wider of the two floating-point types.</summary>
    private Expr Compound(ICompoundAssignmentOperation compound, int target)
    {
        var targetType = Variables[target].Type;
        var right = ParseExpression(compound.Value, isRoot: false);
        var op = MapBinary(compound.OperatorKind);
        if (compound.OperatorMethod is not null || op is null)
        {
            return Unsupported(compound, "the compound assignment '" + _source + "'", "write the assignment out with double or float arithmetic");
        }

        Expr left = new VariableExpr(target, targetType);
        if (!targetType.IsReal && !right.Type.IsReal)
        {
            return right.Type == targetType
                ? new BinaryExpr(op.Value, left, right, targetType)
                : Unsupported(compound, "the compound assignment '" + _source + "' between different types", "write the assignment out with an explicit cast");
        }

        var operandType = targetType.Kind == NumericKind.Double || right.Type.Kind == NumericKind.Double ? TypeRef.Double : TypeRef.Float;
        if (targetType != operandType)
        {
            left = new ConversionExpr(left, operandType);
        }

        if (right.Type != operandType)
        {
            right = new ConversionExpr(right, operandType);
        }

        Expr result = new BinaryExpr(op.Value, left, right, operandType);
        return operandType == targetType ? result : new ConversionExpr(result, targetType);
    }

    private int? TargetOf(IOperation target, IOperation assignment)
    {
        switch (target)
        {
            case ILocalReferenceOperation local when _ids.TryGetValue(local.Local, out var localId):
                return localId;
            case IParameterReferenceOperation parameter when _ids.TryGetValue(parameter.Parameter, out var parameterId):
                return parameterId;
            case IFieldReferenceOperation field:
                _diagnostics.Add(DiagnosticInfo.Create(DiagnosticDescriptors.AssignmentToMember, LocationInfo.From(assignment.Syntax), _method.Name, "field", field.Field.Name));
                return null;
            case IPropertyReferenceOperation property:
                _diagnostics.Add(DiagnosticInfo.Create(DiagnosticDescriptors.AssignmentToMember, LocationInfo.From(assignment.Syntax), _method.Name, "property", property.Property.Name));
                return null;
            default:
                Unsupported(assignment, "an assignment to '" + OneLine(target.Syntax.ToString()) + "'", "assign a local or a parameter");
                return null;
        }
    }

    private Expr ParseExpression(IOperation operation, bool isRoot)
    {
        _cancellationToken.ThrowIfCancellationRequested();
        var type = TypeRefs.From(operation.Type);
        if (operation.ConstantValue.HasValue && operation.Type is not null)
        {
            var value = operation.ConstantValue.Value;
            return new LiteralExpr(CSharpLiterals.Constant(value, type.Text), type, CSharpLiterals.IsNegative(value));
        }

        switch (operation)
        {
            case ILocalReferenceOperation local when _ids.TryGetValue(local.Local, out var localId):
                return new VariableExpr(localId, Variables[localId].Type);
            case IParameterReferenceOperation parameter when _ids.TryGetValue(parameter.Parameter, out var parameterId):
                return new VariableExpr(parameterId, Variables[parameterId].Type);
            case IBinaryOperation binary:
                return ParseBinary(binary, type);
            case IUnaryOperation unary:
                return ParseUnary(unary, type);
            case IConversionOperation conversion:
                return ParseConversion(conversion, type, isRoot);
            case IInvocationOperation invocation:
                return ParseInvocation(invocation, hoist: !isRoot, discarded: false);
            case IFieldReferenceOperation field:
                return field.Field.IsStatic
                    ? new OpaqueExpr(field.Field.ContainingType.ToDisplayString(SymbolNames.Qualified), null, Naming.Escape(field.Field.Name), false, EquatableArray<Expr>.Empty, -1, type)
                    : new OpaqueExpr(null, ParseExpression(field.Instance!, isRoot: false), Naming.Escape(field.Field.Name), false, EquatableArray<Expr>.Empty, -1, type);
            case IPropertyReferenceOperation property when property.Arguments.Length == 0:
                return property.Property.IsStatic
                    ? new OpaqueExpr(property.Property.ContainingType.ToDisplayString(SymbolNames.Qualified), null, Naming.Escape(property.Property.Name), false, EquatableArray<Expr>.Empty, -1, type)
                    : new OpaqueExpr(null, ParseExpression(property.Instance!, isRoot: false), Naming.Escape(property.Property.Name), false, EquatableArray<Expr>.Empty, -1, type);
            case IInstanceReferenceOperation { ReferenceKind: InstanceReferenceKind.ContainingTypeInstance }:
                return new ThisExpr(type);
            case IConditionalOperation { WhenFalse: { } whenFalse } conditional when conditional.Type is not null:
                var condition = ParseExpression(conditional.Condition, isRoot: false);
                _noHoistDepth++;
                var whenTrue = ParseExpression(conditional.WhenTrue, isRoot: false);
                var otherwise = ParseExpression(whenFalse, isRoot: false);
                _noHoistDepth--;
                return new ConditionalExpr(condition, whenTrue, otherwise, type);
            case IParenthesizedOperation parenthesized:
                return ParseExpression(parenthesized.Operand, isRoot);
            default:
                return Unsupported(operation, Describe(operation), AdviceFor(operation));
        }
    }

    private Expr ParseBinary(IBinaryOperation binary, TypeRef type)
    {
        if (binary.OperatorMethod is not null)
        {
            return Unsupported(binary, "the user-defined operator '" + binary.OperatorMethod.ToDisplayString(SymbolNames.Message) + "'", "use double or float arithmetic");
        }

        if (binary.IsLifted)
        {
            return Unsupported(binary, "an operator on nullable values", "use double or float values that are not nullable");
        }

        var op = MapBinary(binary.OperatorKind);
        if (op is null)
        {
            return Unsupported(binary, "the operator in '" + OneLine(binary.Syntax.ToString()) + "'", "use +, -, *, /, % and comparisons");
        }

        var left = ParseExpression(binary.LeftOperand, isRoot: false);
        var shortCircuit = op is BinaryOp.ConditionalAnd or BinaryOp.ConditionalOr;
        if (shortCircuit)
        {
            _noHoistDepth++;
        }

        var right = ParseExpression(binary.RightOperand, isRoot: false);
        if (shortCircuit)
        {
            _noHoistDepth--;
        }

        return new BinaryExpr(op.Value, left, right, type);
    }

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
        return op == UnaryOp.Plus ? operand : new UnaryExpr(op.Value, operand, type);
    }

    private Expr ParseConversion(IConversionOperation conversion, TypeRef type, bool isRoot)
    {
        if (conversion.OperatorMethod is not null)
        {
            return Unsupported(conversion, "the user-defined conversion '" + conversion.OperatorMethod.ToDisplayString(SymbolNames.Message) + "'", "convert between double and float only");
        }

        var operand = ParseExpression(conversion.Operand, isRoot: isRoot && conversion.Conversion.IsIdentity);
        if (conversion.Conversion.IsIdentity || operand.Type == type)
        {
            return operand;
        }

        if (operand.Type.IsReal && !conversion.Conversion.IsNumeric)
        {
            return Unsupported(conversion, "the conversion of a floating-point value to '" + type.Text + "'", "keep the value a double or float");
        }

        return new ConversionExpr(operand, type);
    }

    private Expr ParseInvocation(IInvocationOperation invocation, bool hoist, bool discarded)
    {
        var target = invocation.TargetMethod;
        var arguments = new List<Expr>();
        var argumentTexts = new List<string>();
        foreach (var argument in invocation.Arguments.OrderBy(a => a.Parameter?.Ordinal ?? int.MaxValue))
        {
            if (argument.Parameter is { RefKind: not RefKind.None } refParameter)
            {
                arguments.Add(Unsupported(argument, "the '" + refParameter.RefKind.ToString().ToLowerInvariant() + "' argument '" + OneLine(argument.Syntax.ToString()) + "'", "pass arguments by value"));
                continue;
            }

            if (argument.ArgumentKind == ArgumentKind.ParamArray)
            {
                arguments.Add(Unsupported(argument, "a 'params' argument list", "pass an explicit array or spell out the call"));
                continue;
            }

            arguments.Add(ParseExpression(argument.Value, isRoot: false));
            argumentTexts.Add(argument.IsImplicit ? "(default)" : OneLine(argument.Value.Syntax.ToString()));
        }

        var type = TypeRefs.From(invocation.Type);
        var containing = target.ContainingType?.ToDisplayString() ?? string.Empty;
        if ((containing is "System.Math" or "System.MathF")
            && type.IsReal
            && target.Parameters.All(p => p.Type.SpecialType is SpecialType.System_Double or SpecialType.System_Single)
            && DerivativeRules.IsKnown(target.Name, target.Parameters.Length))
        {
            return new MathCallExpr("global::" + containing, target.Name, arguments.ToEquatableArray(), type);
        }

        if (!discarded && type.IsReal && !target.IsGenericMethod && SymbolNames.HasAttribute(target, SymbolNames.DifferentiableAttribute))
        {
            string? receiver = null;
            if (target.IsStatic)
            {
                receiver = target.ContainingType!.ToDisplayString(SymbolNames.Qualified);
            }
            else if (invocation.Instance is IInstanceReferenceOperation { ReferenceKind: InstanceReferenceKind.ContainingTypeInstance })
            {
                receiver = "this";
            }

            if (receiver is null)
            {
                return Unsupported(invocation, "a call to the [Differentiable] method '" + target.Name + "' on another instance", "call it on 'this' or make it static");
            }

            if (_noHoistDepth > 0)
            {
                return Unsupported(invocation, "a call to the [Differentiable] method '" + target.Name + "' inside '?:', '&&' or '||'", "compute it into a local first");
            }

            var call = new DifferentiableCallExpr(
                receiver,
                Naming.Escape(target.Name),
                arguments.ToEquatableArray(),
                target.Parameters.Select(SymbolNames.IsDifferentiableParameter).ToEquatableArray(),
                AddCallSite(invocation, argumentTexts),
                type);
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

        var site = AddCallSite(invocation, argumentTexts);
        var opaque = new OpaqueExpr(staticTarget, instance, member, true, arguments.ToEquatableArray(), site, type);
        return hoist && _noHoistDepth == 0 && invocation.Type is { SpecialType: not SpecialType.System_Void } ? Hoist(opaque, invocation) : opaque;
    }

    private int AddCallSite(IInvocationOperation invocation, List<string> argumentTexts)
    {
        var target = invocation.TargetMethod;
        CallSites.Add(new CallSite(
            LocationInfo.From(invocation.Syntax),
            target.ContainingType?.Name + "." + target.Name,
            argumentTexts.ToArray(),
            target.Parameters.Select(p => p.Name).ToArray()));
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
        Statements.AddRange(_pending);
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
        ILoopOperation or IConditionalOperation or ISwitchOperation or IBranchOperation =>
            "control flow is not supported yet; write the computation as straight-line code, or move it into a method whose arguments do not depend on differentiable parameters",
        IArrayElementReferenceOperation or IArrayCreationOperation or IPropertyReferenceOperation =>
            "arrays, spans and indexers are not supported yet; pass the values as double or float parameters",
        _ => "rewrite it with locals, arithmetic, System.Math calls and calls to [Differentiable] methods, or move it into a method whose arguments do not depend on differentiable parameters",
    };
}
