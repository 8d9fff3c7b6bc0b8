using System.Collections.Generic;
using GradGen.Generator.Model;

namespace GradGen.Generator.Differentiation;

/// <summary>Structural queries over statements, shared by the analyses.</summary>
internal static class StatementWalker
{
    /// <summary>Every statement, nested ones included, in the order they appear in the source.</summary>
    public static IEnumerable<Stmt> Preorder(IEnumerable<Stmt> statements)
    {
        foreach (var statement in statements)
        {
            yield return statement;
            foreach (var nested in Nested(statement))
            {
                foreach (var inner in Preorder(nested))
                {
                    yield return inner;
                }
            }
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
                yield return element.Value;
                break;
            case ArrayDeclStmt array:
                yield return array.Length;
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

/// <summary>Identity comparison for statements: records compare by value, but two equal statements in different places are different positions.</summary>
internal sealed class ReferenceComparer<T> : IEqualityComparer<T>
    where T : class
{
    public static readonly ReferenceComparer<T> Instance = new();

    public bool Equals(T? x, T? y) => ReferenceEquals(x, y);

    public int GetHashCode(T obj) => System.Runtime.CompilerServices.RuntimeHelpers.GetHashCode(obj);
}
