using GradGen.Generator.Diagnostics;
using GradGen.Generator.Helpers;
using GradGen.Generator.Model;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp.Syntax;
using Microsoft.CodeAnalysis.Operations;

namespace GradGen.Generator.Parsing;

/// <summary>
/// Expressions: the dispatch over operation kinds, constants, member and element reads, indices, and conversions.
/// </summary>
internal sealed partial class BodyParser
{
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
}
