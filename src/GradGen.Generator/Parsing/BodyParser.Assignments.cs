using GradGen.Generator.Diagnostics;
using GradGen.Generator.Model;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.Operations;

namespace GradGen.Generator.Parsing;

/// <summary>
/// Expression statements and assignments: simple and compound assignments to scalars and elements, and
/// the targets they write.
/// </summary>
internal sealed partial class BodyParser
{
    private void ParseExpressionStatement(IOperation operation)
    {
        if (TryParseMemberWrite(operation))
        {
            return;
        }

        switch (operation)
        {
            case IThrowOperation thrown:
                ParseThrowStatement(thrown);
                break;
            case ISimpleAssignmentOperation { Target: IDiscardOperation } discard:
                ParseDiscard(discard);
                break;
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
                    var type = incrementTarget.Type;
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

                    AddAssignment(incrementTarget, new BinaryExpr(op, incrementTarget.Read, one, type, OverflowOf(increment, increment.IsChecked)));
                }

                break;
            case IDeconstructionAssignmentOperation deconstruction:
                ParseDeconstruction(deconstruction);
                break;
            case IInvocationOperation localCall when IsLocalFunctionCall(localCall):
                ParseLocalFunctionCall(localCall, discarded: true);
                Flush();
                break;
            case IInvocationOperation bulk when TryLowerBulkWrite(bulk):
                break;
            case IInvocationOperation invocation:
                var call = ParseInvocation(invocation, hoist: false, discarded: true);
                Flush();
                Add(new ExpressionStmt(call, _source));
                break;
            default:
                Unsupported(operation, Describe(operation), AdviceFor(operation));
                break;
        }
    }

    /// <summary>What an assignment writes: a variable, or an element of a local array or span.</summary>
    private sealed record Target(int Id, Expr? Index, TypeRef Type, Expr? Column = null)
    {
        public Expr Read => Index is null ? new VariableExpr(Id, Type) : new ElementExpr(Id, Index, Type, Column);
    }

    private void AddAssignment(Target target, Expr value)
    {
        Flush();
        if (target.Index is not null)
        {
            Add(new ElementAssignStmt(target.Id, target.Index, value, _source, target.Column));
            return;
        }

        var isDeclaration = _declaredWithoutValue.Remove(target.Id);
        if (!isDeclaration && value is VariableExpr { VariableId: var same } && same == target.Id)
        {
            // 'x = x;' does nothing (the user may have silenced CS1717 for it); copied, it would warn in the generated file.
            return;
        }

        Add(new AssignStmt(target.Id, value, isDeclaration, _source));
    }

    /// <summary>Compound assignment 'x op= v' is 'x = (T)(x op v)', computed in the wider of the two floating-point types.</summary>
    private Expr Compound(ICompoundAssignmentOperation compound, Target target)
    {
        var targetType = target.Type;
        var right = ParseExpression(compound.Value, isRoot: false);
        var op = MapBinary(compound.OperatorKind);
        if (compound.OperatorMethod is not null || op is null)
        {
            return Unsupported(compound, "the compound assignment '" + _source + "'", "write the assignment out with double or float arithmetic");
        }

        var left = target.Read;
        if (!targetType.IsReal && !right.Type.IsReal)
        {
            return right.Type == targetType
                ? new BinaryExpr(op.Value, left, right, targetType, OverflowOf(compound, compound.IsChecked))
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

    private Target? TargetOf(IOperation target, IOperation assignment)
    {
        switch (target)
        {
            case ILocalReferenceOperation local when _ids.TryGetValue(local.Local, out var localId):
                return Scalar(localId, assignment);
            case IParameterReferenceOperation parameter when _ids.TryGetValue(parameter.Parameter, out var parameterId):
                return Scalar(parameterId, assignment);
            case IArrayElementReferenceOperation { Indices.Length: 1 } element:
                return ElementTarget(element.ArrayReference, element.Indices[0], assignment);
            case IArrayElementReferenceOperation { Indices.Length: 2 } cell when TwoIndexVariable(cell.ArrayReference, CollectionKind.Matrix) is { } matrix:
                return MatrixTarget(cell, matrix, assignment);
            case IPropertyReferenceOperation { Property.IsIndexer: true, Arguments.Length: 1, Instance: { } instance } indexer when IsCollectionVariable(instance):
                return ElementTarget(instance, indexer.Arguments[0].Value, assignment);
            case IImplicitIndexerReferenceOperation { Instance: { } fromEndInstance, Argument: var fromEnd } when IsFromEnd(fromEnd) && IsCollectionVariable(fromEndInstance):
                return ElementTarget(fromEndInstance, fromEnd, assignment);
            case ILocalReferenceOperation rejected when _rejected.Contains(rejected.Local):
                // Reported once, where it was declared.
                return null;
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

    private Target? Scalar(int id, IOperation assignment)
    {
        if (Variables[id].Type.Collection != CollectionKind.None)
        {
            Unsupported(assignment, "the assignment of a whole array or span to '" + Variables[id].Name + "'", "declare a new local array and copy the elements in a loop");
            return null;
        }

        return RefStructInLoop(id, assignment) ? null : new Target(id, null, Variables[id].Type);
    }

    /// <summary>
    /// A ref struct written in a loop: the reverse sweep may need its old values back, and neither a tape nor an
    /// array can hold a ref struct.
    /// </summary>
    private bool RefStructInLoop(int id, IOperation operation)
    {
        if (_loopDepth == 0 || !_refStructs.Contains(id))
        {
            return false;
        }

        Unsupported(operation, "a write inside a loop to '" + Variables[id].Name + "', a local of the ref struct type '" + Variables[id].Type.Text.Replace("global::", string.Empty) + "'",
            "compute the numbers you need from it into ordinary locals, or write it before the loop");
        return true;
    }

    private Target? ElementTarget(IOperation array, IOperation index, IOperation assignment)
    {
        var id = CollectionVariable(array);
        if (id is null)
        {
            Unsupported(assignment, "an assignment to '" + OneLine(array.Syntax.ToString()) + "[…]'", "write into a local array or span declared in this method");
            return null;
        }

        if (Variables[id.Value].Kind == VariableKind.Parameter && !(_output is not null && Variables[id.Value].Name == _output.Name))
        {
            Unsupported(assignment, "a write into the parameter '" + Variables[id.Value].Name + "'", "copy it into a local array (new double[n] or stackalloc) and write there; parameters are inputs");
            return null;
        }

        var indexExpr = IndexOfWrite(id.Value, ParseIndex(id.Value, index));
        return new Target(id.Value, indexExpr, Variables[id.Value].Type.Element!);
    }

    /// <summary>
    /// The index of a write into <paramref name="array"/>, held in an int temporary when it reads that array
    /// (<c>k[(k[0] + 2) % 2] = 5</c>): the reverse sweep restores the element after the write, when the index would read
    /// the new value and restore another element.
    /// </summary>
    private Expr IndexOfWrite(int array, Expr index)
    {
        if (!ExprWalker.Reads(index, array))
        {
            return index;
        }

        var temporary = DeclareTemporary(TypeRef.Int, "_index");
        _pending.Add(new AssignStmt(temporary, index, IsDeclaration: true, _source));
        return Var(temporary);
    }

    private bool IsCollectionVariable(IOperation operation) => CollectionVariable(operation) is not null;

    private int? CollectionVariable(IOperation operation)
    {
        var id = operation switch
        {
            ILocalReferenceOperation local when _ids.TryGetValue(local.Local, out var l) => l,
            IParameterReferenceOperation parameter when _ids.TryGetValue(parameter.Parameter, out var p) => p,
            _ => -1,
        };
        return id >= 0 && Variables[id].Type.Collection != CollectionKind.None ? id : null;
    }
}
