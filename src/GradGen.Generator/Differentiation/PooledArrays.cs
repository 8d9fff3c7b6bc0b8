using System.Collections.Generic;
using GradGen.Generator.Model;

namespace GradGen.Generator.Differentiation;

/// <summary>
/// The local heap arrays (<c>double[] logits = new double[k];</c>, or a Span local given one) that generated code can take from
/// <c>ArrayPool</c> as a span instead of allocating: the method only reads and writes their elements and their length,
/// which a <c>Span</c> over a rented array does alike, so the generated methods allocate nothing once the pool is warm
/// even where the method allocates (a nested array is one allocation per iteration in the method, none here).
/// An array that is used whole anywhere (passed to a call, assigned, viewed) keeps its <c>new</c>: a callee may keep it.
/// </summary>
internal static class PooledArrays
{
    /// <param name="returnedValue">
    /// What the generated method returns where it is not the model's return (a Hessian-vector product returns the
    /// method's value, printed from the original return expression): an array it holds whole keeps its <c>new</c> too.
    /// </param>
    public static HashSet<int> Of(MethodModel model, Expr? returnedValue = null)
    {
        var declarations = new Dictionary<int, int>();
        foreach (var statement in StatementWalker.Preorder(model.Body))
        {
            if (statement is ArrayDeclStmt { IsStackAlloc: false, Columns: null } declaration
                && model.Variables[declaration.ArrayId].Type is { Collection: CollectionKind.Array or CollectionKind.Span, Element: { IsManaged: false, Collection: CollectionKind.None } })
            {
                declarations.TryGetValue(declaration.ArrayId, out var count);
                declarations[declaration.ArrayId] = count + 1;
            }
        }

        var pooled = new HashSet<int>();
        foreach (var pair in declarations)
        {
            if (pair.Value == 1)
            {
                pooled.Add(pair.Key);
            }
        }

        if (pooled.Count == 0)
        {
            return pooled;
        }

        var pending = new Stack<Expr>();
        foreach (var statement in StatementWalker.Preorder(model.Body))
        {
            switch (statement)
            {
                case AssignStmt assign:
                    pooled.Remove(assign.VariableId);
                    break;
                case ElementAssignStmt or ArrayDeclStmt or ExpressionStmt or ReturnStmt or IfStmt or LoopStmt:
                    break;
                default:
                    // A statement this query does not know (a forward model's tangent call) may hold an array whole.
                    pooled.Clear();
                    return pooled;
            }

            foreach (var expression in StatementWalker.Expressions(statement))
            {
                pending.Push(expression);
            }

            RemoveWholeUses(pending, pooled);
        }

        if (returnedValue is not null)
        {
            pending.Push(returnedValue);
            RemoveWholeUses(pending, pooled);
        }

        return pooled;
    }

    /// <summary>Drops from <paramref name="pooled"/> every array the pending expressions use whole (not by element or length).</summary>
    private static void RemoveWholeUses(Stack<Expr> pending, HashSet<int> pooled)
    {
        // An explicit stack: expressions may be nested as deep as the parser's limit.
        while (pending.Count > 0)
        {
            var expression = pending.Pop();
            switch (expression)
            {
                case VariableExpr variable:
                    pooled.Remove(variable.VariableId);
                    break;
                case ViewExpr view:
                    pooled.Remove(view.ArrayId);
                    break;
            }

            foreach (var child in ExprWalker.Children(expression))
            {
                pending.Push(child);
            }
        }
    }
}
