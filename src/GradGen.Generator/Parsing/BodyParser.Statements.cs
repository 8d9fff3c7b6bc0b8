using System.Collections.Generic;
using System.Linq;
using GradGen.Generator.Helpers;
using GradGen.Generator.Model;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.Operations;

namespace GradGen.Generator.Parsing;

/// <summary>
/// Statements: blocks, the dispatch over statement kinds, 'if', and the lowering of jumps to flags (see the class
/// summary in BodyParser.cs) so the model holds only structured if and loop statements. Loops, switches, declarations
/// and assignments have files of their own.
/// </summary>
internal sealed partial class BodyParser
{
    /// <summary>Parses statements into the current list; returns whether they end in a top-level return.</summary>
    private bool ParseBlock(IEnumerable<IOperation> operations)
    {
        var list = operations.ToList();
        for (var i = 0; i < list.Count; i++)
        {
            _cancellationToken.ThrowIfCancellationRequested();
            var operation = list[i];
            ParseStatement(operation);
            if (operation is IReturnOperation or IBranchOperation || IsThrowStatement(operation))
            {
                // What follows a jump in the same block never runs (the compiler warns about it).
                return operation is IReturnOperation && _doneId is null;
            }

            var exits = ExitFlags(operation);
            if (exits.Count > 0 && i + 1 < list.Count)
            {
                // The rest of the block runs only if the statement above did not return, break or continue.
                var rest = ParseNested(() => ParseBlock(list.Skip(i + 1)));
                Add(new IfStmt(NoneSet(exits), rest, EquatableArray<Stmt>.Empty, "(unless " + string.Join(" or ", exits.Select(f => Variables[f].Name.TrimStart('_'))) + ")"));
                return false;
            }
        }

        return false;
    }

    private EquatableArray<Stmt> ParseNested(System.Action parse)
    {
        var outer = _current;
        var list = new List<Stmt>();
        _current = list;
        parse();
        Flush();
        _current = outer;
        return list.ToEquatableArray();
    }

    /// <summary>The flags a statement may set that make the rest of its block skip: return, and jumps out of enclosing loops.</summary>
    private List<int> ExitFlags(IOperation operation)
    {
        var flags = new List<int>();
        foreach (var node in operation.DescendantsAndSelf())
        {
            // Asked for every statement of a nest, each time of all the statements inside it.
            _cancellationToken.ThrowIfCancellationRequested();
            int flag;
            switch (node)
            {
                case IReturnOperation ownReturn when _doneId is { } done && IsOwnReturn(ownReturn):
                    flag = done;
                    break;
                case IBranchOperation { BranchKind: BranchKind.Break } branch when _breakFlags.TryGetValue(branch.Target, out var b):
                    flag = b;
                    break;
                case IBranchOperation { BranchKind: BranchKind.Continue } branch when _continueFlags.TryGetValue(branch.Target, out var c):
                    flag = c;
                    break;
                default:
                    continue;
            }

            if (!flags.Contains(flag))
            {
                flags.Add(flag);
            }
        }

        flags.Sort();
        return flags;
    }

    /// <summary>!(a || b || …) as '!a &amp;&amp; !b', the way a person writes it.</summary>
    private Expr NoneSet(IEnumerable<int> flags)
    {
        Expr? result = null;
        foreach (var flag in flags)
        {
            var not = new UnaryExpr(UnaryOp.Not, Var(flag), TypeRef.Bool);
            result = result is null ? not : new BinaryExpr(BinaryOp.ConditionalAnd, result, not, TypeRef.Bool);
        }

        return result ?? BoolLiteral(true);
    }

    private static LiteralExpr BoolLiteral(bool value) => new(value ? "true" : "false", TypeRef.Bool, IsNegative: false);

    private static LiteralExpr Zero(TypeRef type) => new(type.Kind switch
    {
        NumericKind.Float => "0f",
        NumericKind.Double => "0.0",
        _ => "0",
    }, type, IsNegative: false);

    private void ParseStatement(IOperation operation)
    {
        _source = OneLine(operation.Syntax.ToString());
        if (ReferenceEquals(_current, Statements))
        {
            _hoistAt = Statements.Count;
        }

        switch (operation)
        {
            case IBlockOperation block:
                ParseBlock(block.Operations);
                break;
            case IEmptyOperation:
                break;
            case IThrowOperation thrown:
                ParseThrowStatement(thrown);
                break;
            case var _ when RefuseFixed(operation):
                break;
            case IVariableDeclarationGroupOperation group:
                foreach (var declaration in group.Declarations)
                {
                    foreach (var declarator in declaration.Declarators)
                    {
                        ParseDeclarator(declarator, declaration.Initializer);
                    }
                }

                break;
            case IExpressionStatementOperation expressionStatement:
                ParseExpressionStatement(expressionStatement.Operation);
                break;
            case ILocalFunctionOperation:
                // Inlined where it is called (BodyParser.LocalFunctions.cs).
                break;
            case IReturnOperation inlinedReturn when _inlined is not null:
                ParseInlinedReturn(inlinedReturn);
                break;
            case IReturnOperation { ReturnedValue: null } when _method.ReturnsVoid:
                // 'return;' of a vector-valued method: only what follows it must not run.
                if (_doneId is { } doneFlag)
                {
                    Add(new AssignStmt(doneFlag, BoolLiteral(true), IsDeclaration: false, _source));
                }

                break;
            case IReturnOperation { ReturnedValue: { } value } ret:
                if (ret.IsImplicit)
                {
                    _source = "return " + OneLine(value.Syntax.ToString()) + ";";
                }

                var returned = ParseExpression(value, isRoot: true);
                Flush();
                if (_resultId is { } result)
                {
                    Add(new AssignStmt(result, returned, IsDeclaration: false, _source));
                    Add(new AssignStmt(_doneId!.Value, BoolLiteral(true), IsDeclaration: false, _source));
                }
                else
                {
                    Add(new ReturnStmt(returned, _source));
                }

                break;
            case IConditionalOperation { Type: null } conditional:
                ParseIf(conditional);
                break;
            case IForLoopOperation loop:
                foreach (var before in loop.Before)
                {
                    ParseStatement(before);
                }

                ParseLoop(loop, loop.Condition, null, loop.Body, loop.AtLoopBottom, conditionAtEnd: false);
                break;
            case IWhileLoopOperation { ConditionIsUntil: false } loop:
                ParseLoop(loop, loop.Condition, null, loop.Body, Enumerable.Empty<IOperation>(), conditionAtEnd: !loop.ConditionIsTop);
                break;
            case IForEachLoopOperation loop:
                ParseForEach(loop);
                break;
            case IBranchOperation { BranchKind: BranchKind.Break } branch when _breakFlags.TryGetValue(branch.Target, out var breakFlag):
                Add(new AssignStmt(breakFlag, BoolLiteral(true), IsDeclaration: false, _source));
                break;
            case IBranchOperation { BranchKind: BranchKind.Continue } branch when _continueFlags.TryGetValue(branch.Target, out var continueFlag):
                Add(new AssignStmt(continueFlag, BoolLiteral(true), IsDeclaration: false, _source));
                break;
            case IBranchOperation { BranchKind: BranchKind.Break } branch when _switchExits.Contains(branch.Target):
                Unsupported(operation, "a 'break' before the end of a switch section", "end each switch section with its only 'break', or use if/else");
                break;
            case ISwitchOperation switchOperation:
                ParseSwitch(switchOperation);
                break;
            default:
                Unsupported(operation, Describe(operation), AdviceFor(operation));
                break;
        }
    }

    private void ParseIf(IConditionalOperation conditional)
    {
        var source = "if (" + OneLine(conditional.Condition.Syntax.ToString()) + ")";
        var condition = ParseExpression(conditional.Condition, isRoot: false);
        Flush();
        var then = ParseNested(() => ParseBranch(conditional.WhenTrue));
        var otherwise = conditional.WhenFalse is { } whenFalse ? ParseNested(() => ParseBranch(whenFalse)) : EquatableArray<Stmt>.Empty;
        Add(new IfStmt(condition, then, otherwise, source));
    }

    private void ParseBranch(IOperation branch) =>
        ParseBlock(branch is IBlockOperation block ? block.Operations : (IEnumerable<IOperation>)new[] { branch });
}
