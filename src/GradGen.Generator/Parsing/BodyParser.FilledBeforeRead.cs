using System.Linq;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.Operations;

namespace GradGen.Generator.Parsing;

/// <summary>
/// When a nested local array needs no clear where it is declared: the statement right after its declaration writes
/// every element before anything reads the array (softmax's <c>for (int c = 0; c &lt; k; c++) { …; logits[c] = z; }</c>).
/// The zeros of the fresh array are then never read, and the reverse of that loop resets every element's adjoint, so
/// neither sweep needs the clear (nor a forward-mode tangent). Proven on the operation tree, conservatively:
/// <list type="bullet">
/// <item>the loop is <c>for (int c = 0; c &lt; n; c++)</c> with <c>n</c> the declared length (the same fixed-length
/// expression) or <c>a.Length</c>, and nothing in the body assigns <c>c</c>;</item>
/// <item>the body's top level holds <c>a[c] = e;</c>, and the array is named nowhere else in the body (not in <c>e</c>);</item>
/// <item>nothing can leave an iteration early: no <c>return</c>, no <c>goto</c>, no <c>break</c> or <c>continue</c> of
/// this loop (those of inner loops are fine); a <c>throw</c> ends the whole call, so it needs no clear either;</item>
/// <item>no lambda and no local function call in the body (either could read the array unseen).</item>
/// </list>
/// </summary>
internal sealed partial class BodyParser
{
    private bool IsFilledBeforeRead(IVariableDeclaratorOperation declarator, IOperation length)
    {
        var array = declarator.Symbol;
        if (declarator.Parent is not IVariableDeclarationOperation { Declarators.Length: 1 } declaration
            || declaration.Parent is not IVariableDeclarationGroupOperation { Declarations.Length: 1 } group
            || group.Parent is not IBlockOperation block)
        {
            return false;
        }

        var index = block.Operations.IndexOf(group);
        if (index < 0 || index + 1 >= block.Operations.Length || block.Operations[index + 1] is not IForLoopOperation loop)
        {
            return false;
        }

        if (loop.Before.Length != 1
            || loop.Before[0] is not IVariableDeclarationGroupOperation { Declarations.Length: 1 } counterGroup
            || counterGroup.Declarations[0].Declarators.Length != 1
            || counterGroup.Declarations[0].Declarators[0] is not { } counterDeclarator
            || counterDeclarator.Initializer?.Value.ConstantValue is not { HasValue: true, Value: 0 }
            || loop.Condition is not IBinaryOperation { OperatorKind: BinaryOperatorKind.LessThan } condition
            || !Refers(Unwrap(condition.LeftOperand), counterDeclarator.Symbol)
            || !IsDeclaredLength(Unwrap(condition.RightOperand), length, array)
            || loop.AtLoopBottom.Length != 1
            || loop.AtLoopBottom[0] is not IExpressionStatementOperation { Operation: IIncrementOrDecrementOperation { Kind: OperationKind.Increment } step }
            || !Refers(step.Target, counterDeclarator.Symbol)
            || loop.Body is not IBlockOperation body)
        {
            return false;
        }

        var counter = counterDeclarator.Symbol;
        var writes = body.Operations.Count(o => IsElementWrite(o, array, counter));
        var mentions = body.Descendants().Count(o => o is ILocalReferenceOperation l && SymbolEqualityComparer.Default.Equals(l.Local, array));
        return writes == 1 && mentions == 1
            && !IsWrittenIn(body, counter)
            && !body.Descendants().Any(o => LeavesIteration(o, loop)
                || o is IAnonymousFunctionOperation or ILocalFunctionOperation
                || o is IInvocationOperation { TargetMethod.MethodKind: MethodKind.LocalFunction });
    }

    /// <summary>'a[c] = e;' as a statement, for an array or a span local.</summary>
    private static bool IsElementWrite(IOperation statement, ILocalSymbol array, ILocalSymbol counter)
    {
        if (statement is not IExpressionStatementOperation { Operation: ISimpleAssignmentOperation assignment })
        {
            return false;
        }

        var (instance, index) = assignment.Target switch
        {
            IArrayElementReferenceOperation { Indices.Length: 1 } element => (element.ArrayReference, element.Indices[0]),
            IPropertyReferenceOperation { Property.IsIndexer: true, Arguments.Length: 1, Instance: { } span } indexer => (span, indexer.Arguments[0].Value),
            _ => (null, null),
        };

        return instance is ILocalReferenceOperation local && SymbolEqualityComparer.Default.Equals(local.Local, array)
            && index is not null && Refers(Unwrap(index), counter);
    }

    private static bool LeavesIteration(IOperation operation, IForLoopOperation loop) => operation switch
    {
        IReturnOperation => true,
        IBranchOperation { BranchKind: BranchKind.GoTo } => true,
        IBranchOperation branch => SymbolEqualityComparer.Default.Equals(branch.Target, loop.ExitLabel)
            || SymbolEqualityComparer.Default.Equals(branch.Target, loop.ContinueLabel),
        _ => false,
    };

    /// <summary>Whether the loop bound is the array's length: its own '.Length', or the same fixed expression it was declared with.</summary>
    private bool IsDeclaredLength(IOperation bound, IOperation length, ILocalSymbol array)
    {
        if (bound is IPropertyReferenceOperation { Property.Name: "Length", Instance: { } instance } && Refers(Unwrap(instance), array))
        {
            return true;
        }

        return IsFixedLength(bound) && SameValue(bound, Unwrap(length));
    }

    /// <summary>Structural equality of two fixed-length expressions (<see cref="IsFixedLength"/>: constants, unwritten parameters and locals, lengths, + − × ÷).</summary>
    private static bool SameValue(IOperation a, IOperation b)
    {
        a = Unwrap(a);
        b = Unwrap(b);
        if (a.ConstantValue.HasValue || b.ConstantValue.HasValue)
        {
            return a.ConstantValue.HasValue && b.ConstantValue.HasValue && Equals(a.ConstantValue.Value, b.ConstantValue.Value);
        }

        return (a, b) switch
        {
            (IParameterReferenceOperation p, _) => Refers(b, p.Parameter),
            (ILocalReferenceOperation l, _) => Refers(b, l.Local),
            (IPropertyReferenceOperation { Property.Name: "Length", Instance: { } x }, IPropertyReferenceOperation { Property.Name: "Length", Instance: { } y })
                => SameValue(x, y),
            (IBinaryOperation x, IBinaryOperation y) => x.OperatorKind == y.OperatorKind && SameValue(x.LeftOperand, y.LeftOperand) && SameValue(x.RightOperand, y.RightOperand),
            _ => false,
        };
    }

    private static IOperation Unwrap(IOperation operation) => operation switch
    {
        IConversionOperation { IsImplicit: true } conversion => Unwrap(conversion.Operand),
        IParenthesizedOperation parenthesized => Unwrap(parenthesized.Operand),
        _ => operation,
    };
}
