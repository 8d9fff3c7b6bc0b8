using System.Collections.Generic;
using System.Linq;
using GradGen.Generator.Helpers;
using GradGen.Generator.Model;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.Operations;

namespace GradGen.Generator.Parsing;

/// <summary>
/// Guards and throws: <c>throw new E(…)</c> as a statement, as a branch of <c>?:</c>, and <c>v ?? throw new E(…)</c>.
/// A throw ends the path: the forward sweep throws exactly where the original does, and the reverse sweep, which runs
/// only after a forward sweep that returned, needs no code for it. The exception must be created in the throw itself
/// (object creation is refused anywhere else).
/// </summary>
internal sealed partial class BodyParser
{
    /// <summary>The throw in a throw expression, which the compiler may wrap in a conversion to the other operand's type.</summary>
    private static IThrowOperation? Thrown(IOperation? operation) => operation switch
    {
        IThrowOperation thrown => thrown,
        IConversionOperation { Operand: IThrowOperation thrown } => thrown,
        _ => null,
    };

    private static bool IsThrowStatement(IOperation operation) =>
        operation is IThrowOperation or IExpressionStatementOperation { Operation: IThrowOperation };

    private void ParseThrowStatement(IThrowOperation thrown)
    {
        var value = ParseThrow(thrown);
        Flush();
        Add(new ExpressionStmt(value, _source));
    }

    private Expr ParseThrow(IThrowOperation thrown)
    {
        var exception = thrown.Exception;
        while (exception is IConversionOperation { IsImplicit: true } conversion)
        {
            exception = conversion.Operand;
        }

        if (exception is not IObjectCreationOperation { Initializer: null, Constructor: { } constructor } creation || creation.Type is null)
        {
            Unsupported(thrown, "the throw '" + OneLine(thrown.Syntax.ToString()) + "'", "throw a new exception created in the throw: 'throw new ArgumentException(\"…\")'");
            return new ThrowExpr("global::System.Exception", EquatableArray<Expr>.Empty, ThrowExpr.Void);
        }

        var arguments = new List<Expr>();
        foreach (var argument in creation.Arguments.OrderBy(a => a.Parameter?.Ordinal ?? int.MaxValue))
        {
            if (argument.Parameter is { RefKind: not RefKind.None } || argument.ArgumentKind == ArgumentKind.ParamArray)
            {
                arguments.Add(Unsupported(argument, "the argument '" + OneLine(argument.Syntax.ToString()) + "' of '" + constructor.ContainingType.Name + "'", "pass exception arguments by value, without 'params'"));
                continue;
            }

            arguments.Add(ParseExpression(argument.Value, isRoot: false));
        }

        return new ThrowExpr(creation.Type.ToDisplayString(SymbolNames.Qualified), arguments.ToEquatableArray(), ThrowExpr.Void);
    }

    /// <summary>
    /// <c>v ?? throw new E(…)</c> on a parameter or local: the test becomes a guard just before the statement,
    /// <c>if (v == null) throw new E(…);</c>, and the expression is <c>v</c>.
    /// </summary>
    private Expr ParseCoalesceThrow(ICoalesceOperation coalesce, bool isRoot)
    {
        var value = ParseExpression(coalesce.Value, isRoot);
        if (value is not VariableExpr variable || _noHoistDepth > 0)
        {
            return Unsupported(coalesce, "'" + OneLine(coalesce.Syntax.ToString()) + "'",
                "test a parameter or local in its own statement: 'if (w is null) throw new ArgumentNullException(nameof(w));'");
        }

        var thrown = ParseThrow(Thrown(coalesce.WhenNull)!);
        var isNull = new BinaryExpr(BinaryOp.Equals, variable, new LiteralExpr("null", variable.Type, IsNegative: false), TypeRef.Bool);
        var body = new EquatableArray<Stmt>(new Stmt[] { new ExpressionStmt(thrown, OneLine(coalesce.WhenNull.Syntax.ToString()) + ";") });
        _pending.Add(new IfStmt(isNull, body, EquatableArray<Stmt>.Empty, "if (" + Variables[variable.VariableId].Name + " is null)"));
        return value;
    }

    /// <summary>'_ = w ?? throw …;': only the guard remains.</summary>
    private void ParseDiscard(ISimpleAssignmentOperation assignment)
    {
        if (Strip(assignment.Value) is ICoalesceOperation coalesce && Thrown(coalesce.WhenNull) is not null)
        {
            ParseCoalesceThrow(coalesce, isRoot: false);
            Flush();
            return;
        }

        Unsupported(assignment, "the discard '" + _source + "'", "call the method as a statement, or drop the assignment");
    }

    /// <summary>
    /// A loop body that always throws would leave the generated loop step unreachable (a compiler warning in generated
    /// code), and runs at most once: refused at its first throw.
    /// </summary>
    private bool RefuseThrowingLoopBody(IOperation body)
    {
        if (!AlwaysThrows(body))
        {
            return false;
        }

        var first = body.DescendantsAndSelf().OfType<IThrowOperation>().First();
        Unsupported(first, "a loop body that always throws", "throw under an 'if', so that the loop can go on to its next iteration");
        return true;
    }

    /// <summary>Whether a statement never completes normally because every path through it throws.</summary>
    private static bool AlwaysThrows(IOperation operation) => operation switch
    {
        IThrowOperation or IExpressionStatementOperation { Operation: IThrowOperation } => true,
        IBlockOperation block => block.Operations.Any(AlwaysThrows),
        IConditionalOperation { Type: null, WhenFalse: { } whenFalse } branch => AlwaysThrows(branch.WhenTrue) && AlwaysThrows(whenFalse),
        ISwitchOperation switchOperation => switchOperation.Cases.Any(c => c.Clauses.Any(IsDefault))
            && switchOperation.Cases.All(c => c.Body.Any(AlwaysThrows)),
        _ => false,
    };

    private static bool IsDefault(ICaseClauseOperation clause) =>
        clause is IDefaultCaseClauseOperation or IPatternCaseClauseOperation { Pattern: IDiscardPatternOperation, Guard: null };
}
