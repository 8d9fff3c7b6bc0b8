using System.Collections.Generic;
using System.Linq;
using GradGen.Generator.Model;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp.Syntax;
using Microsoft.CodeAnalysis.Operations;

namespace GradGen.Generator.Parsing;

/// <summary>
/// Local declarations: scalar and array locals, and the element-by-element writes of an array's initial elements.
/// </summary>
internal sealed partial class BodyParser
{
    private void ParseDeclarator(IVariableDeclaratorOperation declarator, IVariableInitializerOperation? sharedInitializer)
    {
        var local = declarator.Symbol;
        if (local.IsConst)
        {
            // Every read of a constant is already its value.
            return;
        }

        if (RefusePointerLocal(declarator))
        {
            return;
        }

        if (local.IsRef)
        {
            Unsupported(declarator, "the ref local '" + local.Name + "'", "declare an ordinary local");
            _rejected.Add(local);
            return;
        }

        var initializer = declarator.Initializer ?? sharedInitializer;
        if (TryDeclareLambda(declarator, initializer) || TryDeclareRow(declarator, initializer) || TryDeclareView(declarator, initializer))
        {
            return;
        }

        var id = Declare(local, local.Name, local.Type, VariableKind.Local);
        if (Variables[id].Type.Collection != CollectionKind.None)
        {
            ParseArrayDeclaration(declarator, id, initializer);
            return;
        }

        if (RefStructInLoop(id, declarator))
        {
            return;
        }

        if (initializer is null)
        {
            _declaredWithoutValue.Add(id);
            return;
        }

        var value = ParseExpression(initializer.Value, isRoot: true);
        Flush();
        Add(new AssignStmt(id, value, IsDeclaration: true, _source));
    }

    /// <summary>A local array or span must be new storage of a given length, so its adjoint can be storage of the same length.</summary>
    private void ParseArrayDeclaration(IVariableDeclaratorOperation declarator, int id, IVariableInitializerOperation? initializer)
    {
        var name = declarator.Symbol.Name;
        var value = initializer?.Value;
        while (value is IConversionOperation { IsImplicit: true } conversion)
        {
            value = conversion.Operand;
        }

        IOperation? length = null;
        IOperation? columns = null;
        var stackAlloc = false;
        var elements = InitialElements(value, id);
        if (value is IArrayCreationOperation { DimensionSizes.Length: 1, Initializer: null } creation && !Variables[id].Type.IsTwoIndex)
        {
            length = creation.DimensionSizes[0];
        }
        else if (elements is not null)
        {
            // '{ a, b }', 'new[] { a, b }', '[a, b]': an array of that many zeros, then each element written in order.
            // A collection expression given to a Span is stack memory in the method, and so here.
            length = value;
            stackAlloc = value is ICollectionExpressionOperation && Variables[id].Type.Collection == CollectionKind.Span;
        }
        else if (value is IArrayCreationOperation { DimensionSizes.Length: 2, Initializer: null } matrix && Variables[id].Type.Collection == CollectionKind.Matrix)
        {
            length = matrix.DimensionSizes[0];
            columns = matrix.DimensionSizes[1];
        }
        else if (value?.Syntax is StackAllocArrayCreationExpressionSyntax { Type: ArrayTypeSyntax { RankSpecifiers.Count: 1 } arrayType, Initializer: null }
            && arrayType.RankSpecifiers[0].Sizes.Count == 1)
        {
            length = value.SemanticModel?.GetOperation(arrayType.RankSpecifiers[0].Sizes[0], _cancellationToken);
            stackAlloc = true;
        }

        if (length is null && value is IInvocationOperation toArray && TryLowerToArray(toArray, id))
        {
            return;
        }

        if (length is null && value is not null && RefuseTwoIndexInitializer(value, name))
        {
            return;
        }

        if (length is null)
        {
            Unsupported(declarator, "the array or span local '" + name + "'" + (value is null ? string.Empty : " initialised with '" + OneLine(value.Syntax.ToString()) + "'"),
                "declare it as 'new double[n]' or 'stackalloc double[n]' and fill it element by element");
            return;
        }

        if (_loopDepth > 0 || !ReferenceEquals(_current, Statements))
        {
            // Its adjoint storage must live as long as the whole reverse sweep: declared at the top level instead.
            if (columns is not null)
            {
                Unsupported(declarator, "the rectangular array local '" + name + "' declared inside a loop or branch", "declare it at the top level of the method, before any statement that may return");
                return;
            }

            if (TryHoistArrayDeclaration(declarator, id, length, stackAlloc, elements?.Count))
            {
                WriteInitialElements(id, elements);
            }

            return;
        }

        var lengthExpr = elements is not null ? IntLiteral(elements.Count) : ParseExpression(length, isRoot: false);
        var columnsExpr = columns is null ? null : ParseExpression(columns, isRoot: false);
        Flush();
        Add(new ArrayDeclStmt(id, lengthExpr, stackAlloc, _source, columnsExpr));
        WriteInitialElements(id, elements);
    }

    /// <summary>
    /// The values of an array initializer (<c>{ a, b }</c>, <c>new double[] { a, b }</c>, <c>new[] { a, b }</c>) or a
    /// collection expression without spreads (<c>[a, b]</c>) given to a one-dimensional array or Span local; null for
    /// anything else. (A ReadOnlySpan local cannot be written element by element, so it keeps GG0004.)
    /// </summary>
    private IReadOnlyList<IOperation>? InitialElements(IOperation? value, int id)
    {
        if (Variables[id].Type.Collection is not (CollectionKind.Array or CollectionKind.Span))
        {
            return null;
        }

        return value switch
        {
            IArrayCreationOperation { DimensionSizes.Length: 1, Initializer: { } initializer } => initializer.ElementValues,
            ICollectionExpressionOperation collection when collection.Elements.All(e => e is not ISpreadOperation) => collection.Elements,
            _ => null,
        };
    }

    private void WriteInitialElements(int id, IReadOnlyList<IOperation>? elements)
    {
        if (elements is null)
        {
            return;
        }

        for (var k = 0; k < elements.Count; k++)
        {
            var element = ParseExpression(elements[k], isRoot: true);
            Flush();
            Add(new ElementAssignStmt(id, IntLiteral(k), element, _source));
        }
    }

    private static LiteralExpr IntLiteral(int value) => new(value.ToString(System.Globalization.CultureInfo.InvariantCulture), TypeRef.Int, IsNegative: false);
}
