using System.Collections.Generic;
using GradGen.Generator.Model;

namespace GradGen.Generator.Model;

/// <summary>Structural queries over statements, shared by the analyses.</summary>
internal static class StatementWalker
{
    /// <summary>Every statement, nested ones included, in the order they appear in the source.</summary>
    /// <remarks>
    /// An explicit stack: nested iterators would cost each statement one step per enclosing level (cubic time over
    /// the per-loop walks of a deep nest) and a frame per level.
    /// </remarks>
    public static IEnumerable<Stmt> Preorder(IEnumerable<Stmt> statements)
    {
        var pending = new Stack<IEnumerator<Stmt>>();
        pending.Push(statements.GetEnumerator());
        while (pending.Count > 0)
        {
            var current = pending.Peek();
            if (!current.MoveNext())
            {
                pending.Pop();
                continue;
            }

            var statement = current.Current;
            yield return statement;
            switch (statement)
            {
                case IfStmt branch:
                    pending.Push(Concat(branch.Then, branch.Else).GetEnumerator());
                    break;
                case LoopStmt loop:
                    pending.Push(Concat(loop.Body, loop.Increment).GetEnumerator());
                    break;
            }
        }
    }

    private static IEnumerable<Stmt> Concat(IReadOnlyList<Stmt> first, IReadOnlyList<Stmt> second)
    {
        for (var i = 0; i < first.Count; i++)
        {
            yield return first[i];
        }

        for (var i = 0; i < second.Count; i++)
        {
            yield return second[i];
        }
    }

    public static IEnumerable<IReadOnlyList<Stmt>> Nested(Stmt statement)
    {
        switch (statement)
        {
            case IfStmt branch:
                yield return branch.Then;
                yield return branch.Else;
                break;
            case LoopStmt loop:
                yield return loop.Body;
                yield return loop.Increment;
                break;
        }
    }

    /// <summary>The expressions a statement evaluates itself (not those of nested statements).</summary>
    public static IEnumerable<Expr> Expressions(Stmt statement)
    {
        switch (statement)
        {
            case AssignStmt assign:
                yield return assign.Value;
                break;
            case ElementAssignStmt element:
                yield return element.Index;
                if (element.Column is not null)
                {
                    yield return element.Column;
                }

                yield return element.Value;
                break;
            case ArrayDeclStmt array:
                yield return array.Length;
                if (array.Columns is not null)
                {
                    yield return array.Columns;
                }

                break;
            case ExpressionStmt expression:
                yield return expression.Value;
                break;
            case ReturnStmt ret:
                yield return ret.Value;
                break;
            case IfStmt branch:
                yield return branch.Condition;
                break;
            case LoopStmt loop:
                yield return loop.Condition;
                break;
        }
    }
}
