using System.Linq;
using GradGen.Generator.Differentiation.Adjoint;
using GradGen.Generator.Helpers;
using GradGen.Generator.Model;

namespace GradGen.Generator.Differentiation;

/// <summary>Elements as assignment targets: the element a write stores to, and the adjoint element it adds into.</summary>
internal sealed partial class AdjointWriter
{
    /// <summary>The element an element write stores to, as the method writes it: 'a[i]', 'a[i, j]'.</summary>
    private Target PrimalElement(ElementAssignStmt assign) => Target.Element(
        _printer.Element(_names.Variable(assign.ArrayId), new ElementExpr(assign.ArrayId, assign.Index, TypeRef.Double, assign.Column)),
        _names.Variable(assign.ArrayId),
        PlainIndex(assign.Index, assign.Column, jagged: false));

    /// <summary>Indices that read no array element, of an element that is not in a jagged row.</summary>
    private static bool PlainIndex(Expr index, Expr? column, bool jagged) =>
        !jagged && !ReadsElement(index) && (column is null || !ReadsElement(column));

    private static bool ReadsElement(Expr expr) =>
        expr is ElementExpr or MemberElementExpr or LengthExpr { Row: not null } || ExprWalker.Children(expr).Any(ReadsElement);

    /// <summary>
    /// The adjoint of an element: at the same indices in a gradient array or span, except for a local rectangular array,
    /// whose adjoint is a flat pooled span (row-major, as the array itself): 'a[i, j]' has '_d_a[i * a.GetLength(1) + j]'.
    /// </summary>
    private Target AdjointElement(int arrayId, Expr index, Expr? column, bool jagged)
    {
        var variable = _model.Variables[arrayId];
        var adjoint = AdjointName(arrayId);
        var plain = PlainIndex(index, column, jagged);
        if (column is not null && variable.Kind != VariableKind.Parameter && variable.Type.Collection == CollectionKind.Matrix)
        {
            var columns = Code.Atom(_names.Variable(arrayId) + ".GetLength(1)", NameSet.Of(_names.Variable(arrayId)));
            var flat = Code.Add(Code.Multiply(_printer.Print(index), columns), _printer.Print(column));
            return Target.Element(Code.Atom(adjoint + "[" + flat.Text + "]", NameSet.Union(NameSet.Of(adjoint), flat.Names), flat), adjoint, plain);
        }

        var element = new ElementExpr(arrayId, index, variable.Type.Element!, column, jagged);
        var code = _printer.Element(adjoint, element);
        return Target.Element(code, _printer.RowOf(adjoint, element) ?? adjoint, plain);
    }
}
