using System.Collections.Generic;
using GradGen.Generator.Diagnostics;
using GradGen.Generator.Model;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.Operations;

namespace GradGen.Generator.Parsing;

/// <summary>
/// Rectangular (<c>double[,]</c>) and jagged (<c>double[][]</c>) arrays of double or float: read element by element
/// (<c>a[i, j]</c>, <c>a[i][j]</c>) and measured (<c>a.Length</c>, <c>a.GetLength(d)</c>, <c>a[i].Length</c>). Their gradient is
/// an array of the same shape, so anything that uses one as a whole (a row <c>a[i]</c> as an array, the array passed to a
/// method that differentiates it, <c>foreach</c>) has no adjoint to give it and is GG0038 at that spot.
/// </summary>
internal sealed partial class BodyParser
{
    /// <summary>Locals holding a row of a jagged array: the array, and the int temporary that holds the row's index.</summary>
    private readonly Dictionary<ILocalSymbol, (int Jagged, int Index)> _rows = new(SymbolEqualityComparer.Default);

    /// <summary>The rectangular or jagged array variable <paramref name="operation"/> names, of the given kind.</summary>
    private int? TwoIndexVariable(IOperation operation, CollectionKind kind) =>
        CollectionVariable(Strip(operation)) is { } id && Variables[id].Type.Collection == kind ? id : null;

    /// <summary>
    /// Element reads and lengths of a rectangular or jagged array; a jagged row used on its own is GG0038. Null when
    /// <paramref name="operation"/> is none of these.
    /// </summary>
    private Expr? ParseTwoIndex(IOperation operation)
    {
        switch (operation)
        {
            case IArrayElementReferenceOperation { Indices.Length: 1, ArrayReference: ILocalReferenceOperation local } cell when _rows.TryGetValue(local.Local, out var row) && !IsRange(cell.Indices[0]):
                return ParseRowElement(cell, row, cell.Indices[0]);
            case IPropertyReferenceOperation { Property.IsIndexer: true, Arguments.Length: 1, Instance: ILocalReferenceOperation local } cell when _rows.TryGetValue(local.Local, out var row) && !IsRange(cell.Arguments[0].Value):
                return ParseRowElement(cell, row, cell.Arguments[0].Value);
            case IPropertyReferenceOperation { Property.Name: "Length", Instance: ILocalReferenceOperation local } when _rows.TryGetValue(local.Local, out var row):
                return new LengthExpr(row.Jagged, TypeRef.Int, Row: Var(row.Index));
            case ILocalReferenceOperation local when _rows.TryGetValue(local.Local, out var row):
                return RefuseWhole(operation, row.Jagged, "through its row '" + local.Local.Name + "' as an array");
            case IArrayElementReferenceOperation { Indices.Length: 2 } cell when TwoIndexVariable(cell.ArrayReference, CollectionKind.Matrix) is { } matrix:
                return ParseTwoIndexElement(cell, matrix, cell.Indices[0], cell.Indices[1], jagged: false);
            case IArrayElementReferenceOperation { Indices.Length: 1, ArrayReference: IArrayElementReferenceOperation { Indices.Length: 1 } row } cell
                when TwoIndexVariable(row.ArrayReference, CollectionKind.Jagged) is { } jagged && !IsRange(row.Indices[0]) && !IsRange(cell.Indices[0]):
                return ParseTwoIndexElement(cell, jagged, row.Indices[0], cell.Indices[0], jagged: true);
            case IPropertyReferenceOperation { Property.Name: "Length", Instance: IArrayElementReferenceOperation { Indices.Length: 1 } row }
                when TwoIndexVariable(row.ArrayReference, CollectionKind.Jagged) is { } rows && !IsRange(row.Indices[0]):
                return ParseIndex(row, row.Indices[0]) is { } r ? new LengthExpr(rows, TypeRef.Int, Row: r) : Unsupported(operation, "the length '" + OneLine(operation.Syntax.ToString()) + "'", "index the row with an int expression");
            case IInvocationOperation { TargetMethod.Name: "GetLength", Instance: { } instance, Arguments.Length: 1 } getLength
                when CollectionVariable(Strip(instance)) is { } measured && Variables[measured].Type.IsTwoIndex
                && getLength.Arguments[0].Value.ConstantValue is { HasValue: true, Value: int dimension }
                && (dimension == 0 || dimension == 1 && Variables[measured].Type.Collection == CollectionKind.Matrix):
                return new LengthExpr(measured, TypeRef.Int, Dimension: dimension);
            case IArrayElementReferenceOperation { Indices.Length: 1 } wholeRow when TwoIndexVariable(wholeRow.ArrayReference, CollectionKind.Jagged) is { } rowOf && !IsRange(wholeRow.Indices[0]):
                return RefuseWhole(wholeRow, rowOf, "through its row '" + OneLine(wholeRow.Syntax.ToString()) + "' as an array");
            default:
                return null;
        }
    }

    /// <summary>'row[j]' of a local holding a row of a jagged array: the element a[r][j], r as recorded at the declaration.</summary>
    private Expr ParseRowElement(IOperation access, (int Jagged, int Index) row, IOperation column) =>
        ParseIndex(access, column) is { } columnExpr
            ? new ElementExpr(row.Jagged, Var(row.Index), Variables[row.Jagged].Type.Element!, columnExpr, Jagged: true)
            : Unsupported(access, "the element access '" + OneLine(access.Syntax.ToString()) + "'", "index with an int expression");

    /// <summary>
    /// <c>var row = a[i];</c> of a jagged array <c>a</c>: no array local, but an int local holding i, through which
    /// <c>row[j]</c> reads <c>a[i][j]</c> and <c>row.Length</c> is <c>a[i].Length</c> (the row a[i] itself is fetched at
    /// those reads; a parameter's rows never change). Any other use of the row is GG0038.
    /// </summary>
    private bool TryDeclareRow(IVariableDeclaratorOperation declarator, IVariableInitializerOperation? initializer)
    {
        if (initializer is null || Strip(initializer.Value) is not IArrayElementReferenceOperation { Indices.Length: 1 } access
            || TwoIndexVariable(access.ArrayReference, CollectionKind.Jagged) is not { } jagged || IsRange(access.Indices[0])
            || TypeRefs.From(declarator.Symbol.Type) is not { Collection: CollectionKind.Array or CollectionKind.Span or CollectionKind.ReadOnlySpan } type
            || type.Element != Variables[jagged].Type.Element)
        {
            return false;
        }

        var index = ParseIndex(access, access.Indices[0]);
        if (index is null)
        {
            Unsupported(access, "the row '" + OneLine(access.Syntax.ToString()) + "'", "index the rows with an int expression");
            return true;
        }

        var id = DeclareTemporary(TypeRef.Int, "_" + declarator.Symbol.Name + "Index");
        Flush();
        Add(new AssignStmt(id, index, IsDeclaration: true, _source));
        _rows[declarator.Symbol] = (jagged, id);
        return true;
    }

    /// <summary>'m[i, j] = v' into a local rectangular array; a parameter is an input (GG0004).</summary>
    private Target? MatrixTarget(IArrayElementReferenceOperation cell, int matrix, IOperation assignment)
    {
        if (Variables[matrix].Kind == VariableKind.Parameter)
        {
            Unsupported(assignment, "a write into the parameter '" + Variables[matrix].Name + "'", "copy it into a local array (new double[n, m]) and write there; parameters are inputs");
            return null;
        }

        var row = ParseIndex(cell, cell.Indices[0]);
        var column = ParseIndex(cell, cell.Indices[1]);
        if (row is null || column is null)
        {
            Unsupported(assignment, "the element access '" + OneLine(cell.Syntax.ToString()) + "'", "index with int expressions");
            return null;
        }

        return new Target(matrix, IndexOfWrite(matrix, row), Variables[matrix].Type.Element!, IndexOfWrite(matrix, column));
    }

    private Expr ParseTwoIndexElement(IOperation access, int arrayId, IOperation row, IOperation column, bool jagged)
    {
        var rowExpr = ParseIndex(access, row);
        var columnExpr = ParseIndex(access, column);
        return rowExpr is null || columnExpr is null
            ? Unsupported(access, "the element access '" + OneLine(access.Syntax.ToString()) + "'", "index with int expressions")
            : new ElementExpr(arrayId, rowExpr, Variables[arrayId].Type.Element!, columnExpr, jagged);
    }

    private Expr? ParseIndex(IOperation access, IOperation index)
    {
        var indexExpr = ParseExpression(index, isRoot: false);
        return indexExpr.Type.Kind == NumericKind.Int ? indexExpr : null;
    }

    /// <summary>A local array initialised with a row of a jagged array or with a whole rectangular or jagged one: GG0038.</summary>
    private bool RefuseTwoIndexInitializer(IOperation value, string local)
    {
        if (CollectionVariable(Strip(value)) is { } whole && Variables[whole].Type.IsTwoIndex)
        {
            RefuseWhole(value, whole, "as the value of the local '" + local + "'");
            return true;
        }

        return value is IArrayElementReferenceOperation && ParseTwoIndex(value) is not null;
    }

    /// <summary>
    /// A whole rectangular or jagged array passed to a differentiable parameter of a [Differentiable] method: the callee's
    /// Pullback adds into the gradient given with it, which only a differentiable parameter of this method has (its own
    /// gradient array). Data passed there would need a scratch array of its shape per call: GG0038.
    /// </summary>
    private Expr? RefuseTwoIndexData(IInvocationOperation invocation, IMethodSymbol target, List<Expr> arguments)
    {
        for (var i = 0; i < arguments.Count && i < target.Parameters.Length; i++)
        {
            if (arguments[i] is VariableExpr { Type.IsTwoIndex: true } whole && SymbolNames.IsDifferentiableParameter(target.Parameters[i]) && !IsDifferentiableParameter(whole.VariableId))
            {
                return RefuseWhole(invocation, whole.VariableId, "as data to the differentiable parameter '" + target.Parameters[i].Name + "' of the [Differentiable] method '" + target.Name + "' (mark that parameter [NoDerivative], or pass a differentiable parameter)");
            }
        }

        return null;
    }

    /// <summary>GG0038: a rectangular or jagged array (or a row of one) used as a whole, <paramref name="how"/>.</summary>
    private Expr RefuseWhole(IOperation operation, int arrayId, string how)
    {
        _diagnostics.Add(DiagnosticInfo.Create(DiagnosticDescriptors.WholeTwoIndexArray, LocationInfo.From(operation.Syntax), OneLine(operation.Syntax.ToString()), Variables[arrayId].Name, _method.Name, how));
        return new LiteralExpr("0", TypeRefs.From(operation.Type), IsNegative: false);
    }
}
