using System.Collections.Generic;
using System.Linq;
using GradGen.Generator.Helpers;
using GradGen.Generator.Model;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.Operations;

namespace GradGen.Generator.Parsing;

/// <summary>
/// Switch statements on an inactive value, lowered to an if / else-if chain.
/// </summary>
internal sealed partial class BodyParser
{
    /// <summary>A switch on an inactive value becomes an if / else-if chain; each section ends in its only 'break' (or a jump).</summary>
    private void ParseSwitch(ISwitchOperation switchOperation)
    {
        var value = ParseExpression(switchOperation.Value, isRoot: false);
        Flush();
        if (value is not (VariableExpr or LiteralExpr))
        {
            // Evaluated once, like the switch itself evaluates it.
            var temp = DeclareTemporary(value.Type);
            Add(new AssignStmt(temp, value, IsDeclaration: true, "switch (" + OneLine(switchOperation.Value.Syntax.ToString()) + ")"));
            value = Var(temp);
        }

        _switchExits.Add(switchOperation.ExitLabel);
        var sections = new List<(Expr? Condition, EquatableArray<Stmt> Body, string Source)>();
        foreach (var section in switchOperation.Cases)
        {
            Expr? condition = null;
            var isDefault = false;
            foreach (var clause in section.Clauses)
            {
                switch (clause)
                {
                    case IDefaultCaseClauseOperation:
                        isDefault = true;
                        break;
                    case ISingleValueCaseClauseOperation single:
                        condition = Either(condition, EqualsConstant(value, single.Value));
                        break;
                    case IPatternCaseClauseOperation { Pattern: IDiscardPatternOperation, Guard: null }:
                        isDefault = true;
                        break;
                    case IPatternCaseClauseOperation patternClause:
                        var test = PatternCondition(patternClause.Pattern, value);
                        if (patternClause.Guard is { } guard)
                        {
                            _noHoistDepth++;
                            test = new BinaryExpr(BinaryOp.ConditionalAnd, test, ParseExpression(guard, isRoot: false), TypeRef.Bool);
                            _noHoistDepth--;
                        }

                        condition = Either(condition, test);
                        break;
                    default:
                        Unsupported(clause, "the case label '" + OneLine(clause.Syntax.ToString()) + "'", "use constant case labels, or if/else");
                        break;
                }
            }

            var body = section.Body.ToList();
            if (body.Count == 1 && body[0] is IBlockOperation braces)
            {
                // 'case 0: { …; break; }' is the same section written in braces.
                body = braces.Operations.ToList();
            }

            if (body.Count > 0 && body[body.Count - 1] is IBranchOperation { BranchKind: BranchKind.Break } last
                && SymbolEqualityComparer.Default.Equals(last.Target, switchOperation.ExitLabel))
            {
                body.RemoveAt(body.Count - 1);
            }

            var source = string.Join(" ", section.Clauses.Select(c => OneLine(c.Syntax.ToString())));
            var statements = ParseNested(() => ParseBlock(body));
            sections.Add((isDefault ? null : condition, statements, source));
        }

        _switchExits.Remove(switchOperation.ExitLabel);

        // Built from the last section up: the default (wherever it was written) is the final 'else'.
        var chain = sections.Where(s => s.Condition is null).Select(s => s.Body).FirstOrDefault();
        foreach (var section in sections.Where(s => s.Condition is not null).Reverse())
        {
            var ifStmt = new IfStmt(section.Condition!, section.Body, chain, section.Source);
            chain = new EquatableArray<Stmt>(new Stmt[] { ifStmt });
        }

        foreach (var statement in chain)
        {
            Add(statement);
        }
    }

    private static Expr Either(Expr? condition, Expr test) =>
        condition is null ? test : new BinaryExpr(BinaryOp.ConditionalOr, condition, test, TypeRef.Bool);
}
