using System.Collections.Generic;
using System.Linq;
using GradGen.Generator.Diagnostics;
using GradGen.Generator.Helpers;
using GradGen.Generator.Model;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp.Syntax;
using Microsoft.CodeAnalysis.Operations;

namespace GradGen.Generator.Parsing;

/// <summary>
/// Statements: blocks, declarations, assignments, and the lowering of jumps to flags (see the class summary in
/// BodyParser.cs) so the model holds only structured if and loop statements.
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

    /// <summary>
    /// One loop shape for all: flags for 'break' and 'continue' are declared only if the body uses them; the
    /// condition tests them (and the 'done' flag of an early return) before the user's condition.
    /// </summary>
    private void ParseLoop(
        ILoopOperation loop,
        IOperation? conditionOperation,
        List<Stmt>? prelude,
        IOperation body,
        IEnumerable<IOperation> atBottom,
        bool conditionAtEnd,
        Expr? loweredCondition = null,
        Stmt? loweredIncrement = null)
    {
        var source = Header(loop, body, conditionAtEnd ? conditionOperation : null);
        var jumps = loop.Body.DescendantsAndSelf().OfType<IBranchOperation>().ToList();
        var returns = _doneId is { } done && loop.Body.DescendantsAndSelf().OfType<IReturnOperation>().Any(IsOwnReturn) ? done : (int?)null;
        int? breakFlag = null;
        int? continueFlag = null;
        if (jumps.Any(j => j.BranchKind == BranchKind.Break && SymbolEqualityComparer.Default.Equals(j.Target, loop.ExitLabel)))
        {
            breakFlag = DeclareTemporary(TypeRef.Bool, "_break");
            Add(new AssignStmt(breakFlag.Value, BoolLiteral(false), IsDeclaration: true, "(set by 'break')"));
            _breakFlags[loop.ExitLabel] = breakFlag.Value;
        }

        if (jumps.Any(j => j.BranchKind == BranchKind.Continue && SymbolEqualityComparer.Default.Equals(j.Target, loop.ContinueLabel)))
        {
            // Declared in the body (below), where each iteration resets it: the loop keeps its counted shape.
            continueFlag = DeclareTemporary(TypeRef.Bool, "_continue");
            _continueFlags[loop.ContinueLabel] = continueFlag.Value;
        }

        var stops = new[] { returns, breakFlag }.Where(f => f is not null).Select(f => f!.Value).OrderBy(f => f).ToList();

        // The condition runs once per iteration: calls in it stay where they are instead of being lifted before the loop.
        var condition = loweredCondition ?? BoolLiteral(true);
        if (conditionOperation is not null)
        {
            _noHoistDepth++;
            var place = _noHoistPlace;
            _noHoistPlace = "in a loop condition";
            condition = ParseExpression(conditionOperation, isRoot: false);
            _noHoistPlace = place;
            _noHoistDepth--;
        }

        if (stops.Count > 0)
        {
            condition = condition is LiteralExpr ? NoneSet(stops) : new BinaryExpr(BinaryOp.ConditionalAnd, NoneSet(stops), condition, TypeRef.Bool);
        }

        RefuseThrowingLoopBody(body);
        _loopDepth++;
        var bodyStatements = ParseNested(() =>
        {
            if (continueFlag is { } c)
            {
                Add(new AssignStmt(c, BoolLiteral(false), IsDeclaration: true, "(set by 'continue')"));
            }

            if (prelude is not null)
            {
                _current.AddRange(prelude);
            }

            ParseBranch(body);
        });
        var increment = ParseNested(() =>
        {
            foreach (var operation in atBottom)
            {
                ParseStatement(operation);
            }

            if (loweredIncrement is not null)
            {
                Add(loweredIncrement);
            }
        });
        _loopDepth--;
        _breakFlags.Remove(loop.ExitLabel);
        _continueFlags.Remove(loop.ContinueLabel);

        if (increment.Count > 0 && stops.Count > 0)
        {
            // After 'break' or a return the increment must not run: the loop variable keeps the value it had.
            increment = new EquatableArray<Stmt>(new Stmt[] { new IfStmt(NoneSet(stops), increment, EquatableArray<Stmt>.Empty, "(unless " + string.Join(" or ", stops.Select(f => Variables[f].Name.TrimStart('_'))) + ")") });
        }

        Add(new LoopStmt(condition, bodyStatements, increment, conditionAtEnd, source));
    }

    /// <summary>'foreach (var v in a)' over an array or span is 'for (int i = 0; i &lt; a.Length; i++) { var v = a[i]; … }'.</summary>
    private void ParseForEach(IForEachLoopOperation loop)
    {
        var collection = loop.Collection;
        while (collection is IConversionOperation { IsImplicit: true } conversion)
        {
            collection = conversion.Operand;
        }

        var arrayId = collection switch
        {
            ILocalReferenceOperation local when _ids.TryGetValue(local.Local, out var id) => id,
            IParameterReferenceOperation parameter when _ids.TryGetValue(parameter.Parameter, out var id) => id,
            _ => -1,
        };
        var whole = collection is ILocalReferenceOperation rowLocal && _rows.TryGetValue(rowLocal.Local, out var row) ? row.Jagged
            : arrayId >= 0 && Variables[arrayId].Type.IsTwoIndex ? arrayId : -1;
        if (whole >= 0)
        {
            // A row local or a rectangular or jagged array: element by element only (GG0038).
            RefuseWhole(loop.Collection, whole, "in a 'foreach'");
            return;
        }

        if (arrayId < 0 || Variables[arrayId].Type.Collection == CollectionKind.None
            || loop.LoopControlVariable is not IVariableDeclaratorOperation declarator || loop.IsAsynchronous)
        {
            Unsupported(loop.Collection, "'foreach' over '" + OneLine(loop.Collection.Syntax.ToString()) + "'", "loop over an array or span parameter or local, or use a 'for' loop");
            return;
        }

        var elementType = Variables[arrayId].Type.Element!;
        var index = DeclareTemporary(TypeRef.Int, "_i");
        Add(new AssignStmt(index, new LiteralExpr("0", TypeRef.Int, IsNegative: false), IsDeclaration: true, "(the position in " + Variables[arrayId].Name + ")"));
        var element = Declare(declarator.Symbol, declarator.Symbol.Name, declarator.Symbol.Type, VariableKind.Local);
        Expr value = new ElementExpr(arrayId, Var(index), elementType);
        if (Variables[element].Type != elementType)
        {
            value = new ConversionExpr(value, Variables[element].Type);
        }

        var header = Header(loop, loop.Body, null);
        var prelude = new List<Stmt> { new AssignStmt(element, value, IsDeclaration: true, header) };
        var condition = new BinaryExpr(BinaryOp.LessThan, Var(index), new LengthExpr(arrayId, TypeRef.Int), TypeRef.Bool);
        var increment = new AssignStmt(index, new BinaryExpr(BinaryOp.Add, Var(index), new LiteralExpr("1", TypeRef.Int, IsNegative: false), TypeRef.Int), IsDeclaration: false, "(next element)");
        ParseLoop(loop, null, prelude, loop.Body, Enumerable.Empty<IOperation>(), conditionAtEnd: false, condition, increment);
    }

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

    private static string Header(IOperation loop, IOperation body, IOperation? conditionAtEnd)
    {
        if (conditionAtEnd is not null)
        {
            return "do … while (" + OneLine(conditionAtEnd.Syntax.ToString()) + ")";
        }

        var text = loop.Syntax.ToString();
        var length = body.Syntax.SpanStart - loop.Syntax.SpanStart;
        return OneLine(length > 0 && length <= text.Length ? text.Substring(0, length) : text);
    }

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

    private void ParseExpressionStatement(IOperation operation)
    {
        if (TryParseMemberWrite(operation))
        {
            return;
        }

        switch (operation)
        {
            case IThrowOperation thrown:
                ParseThrowStatement(thrown);
                break;
            case ISimpleAssignmentOperation { Target: IDiscardOperation } discard:
                ParseDiscard(discard);
                break;
            case ISimpleAssignmentOperation assignment:
                if (TargetOf(assignment.Target, assignment) is { } target)
                {
                    var value = ParseExpression(assignment.Value, isRoot: true);
                    AddAssignment(target, value);
                }

                break;
            case ICompoundAssignmentOperation compound:
                if (TargetOf(compound.Target, compound) is { } compoundTarget)
                {
                    AddAssignment(compoundTarget, Compound(compound, compoundTarget));
                }

                break;
            case IIncrementOrDecrementOperation increment:
                if (TargetOf(increment.Target, increment) is { } incrementTarget)
                {
                    var type = incrementTarget.Type;
                    var one = new LiteralExpr(type.Kind switch
                    {
                        NumericKind.Double => "1.0",
                        NumericKind.Float => "1f",
                        _ => "1",
                    }, type, IsNegative: false);
                    var op = increment.Kind == OperationKind.Increment ? BinaryOp.Add : BinaryOp.Subtract;
                    if (type.Kind is not (NumericKind.Double or NumericKind.Float or NumericKind.Int))
                    {
                        Unsupported(increment, "'" + _source + "' on a value of type '" + type.Text + "'", "write the assignment out with '+ 1'");
                        break;
                    }

                    AddAssignment(incrementTarget, new BinaryExpr(op, incrementTarget.Read, one, type, OverflowOf(increment, increment.IsChecked)));
                }

                break;
            case IDeconstructionAssignmentOperation deconstruction:
                ParseDeconstruction(deconstruction);
                break;
            case IInvocationOperation localCall when IsLocalFunctionCall(localCall):
                ParseLocalFunctionCall(localCall, discarded: true);
                Flush();
                break;
            case IInvocationOperation bulk when TryLowerBulkWrite(bulk):
                break;
            case IInvocationOperation invocation:
                var call = ParseInvocation(invocation, hoist: false, discarded: true);
                Flush();
                Add(new ExpressionStmt(call, _source));
                break;
            default:
                Unsupported(operation, Describe(operation), AdviceFor(operation));
                break;
        }
    }

    /// <summary>What an assignment writes: a variable, or an element of a local array or span.</summary>
    private sealed record Target(int Id, Expr? Index, TypeRef Type, Expr? Column = null)
    {
        public Expr Read => Index is null ? new VariableExpr(Id, Type) : new ElementExpr(Id, Index, Type, Column);
    }

    private void AddAssignment(Target target, Expr value)
    {
        Flush();
        if (target.Index is not null)
        {
            Add(new ElementAssignStmt(target.Id, target.Index, value, _source, target.Column));
            return;
        }

        var isDeclaration = _declaredWithoutValue.Remove(target.Id);
        if (!isDeclaration && value is VariableExpr { VariableId: var same } && same == target.Id)
        {
            // 'x = x;' does nothing (the user may have silenced CS1717 for it); copied, it would warn in the generated file.
            return;
        }

        Add(new AssignStmt(target.Id, value, isDeclaration, _source));
    }

    /// <summary>Compound assignment 'x op= v' is 'x = (T)(x op v)', computed in the wider of the two floating-point types.</summary>
    private Expr Compound(ICompoundAssignmentOperation compound, Target target)
    {
        var targetType = target.Type;
        var right = ParseExpression(compound.Value, isRoot: false);
        var op = MapBinary(compound.OperatorKind);
        if (compound.OperatorMethod is not null || op is null)
        {
            return Unsupported(compound, "the compound assignment '" + _source + "'", "write the assignment out with double or float arithmetic");
        }

        var left = target.Read;
        if (!targetType.IsReal && !right.Type.IsReal)
        {
            return right.Type == targetType
                ? new BinaryExpr(op.Value, left, right, targetType, OverflowOf(compound, compound.IsChecked))
                : Unsupported(compound, "the compound assignment '" + _source + "' between different types", "write the assignment out with an explicit cast");
        }

        var operandType = targetType.Kind == NumericKind.Double || right.Type.Kind == NumericKind.Double ? TypeRef.Double : TypeRef.Float;
        if (targetType != operandType)
        {
            left = new ConversionExpr(left, operandType);
        }

        if (right.Type != operandType)
        {
            right = new ConversionExpr(right, operandType);
        }

        Expr result = new BinaryExpr(op.Value, left, right, operandType);
        return operandType == targetType ? result : new ConversionExpr(result, targetType);
    }

    private Target? TargetOf(IOperation target, IOperation assignment)
    {
        switch (target)
        {
            case ILocalReferenceOperation local when _ids.TryGetValue(local.Local, out var localId):
                return Scalar(localId, assignment);
            case IParameterReferenceOperation parameter when _ids.TryGetValue(parameter.Parameter, out var parameterId):
                return Scalar(parameterId, assignment);
            case IArrayElementReferenceOperation { Indices.Length: 1 } element:
                return ElementTarget(element.ArrayReference, element.Indices[0], assignment);
            case IArrayElementReferenceOperation { Indices.Length: 2 } cell when TwoIndexVariable(cell.ArrayReference, CollectionKind.Matrix) is { } matrix:
                return MatrixTarget(cell, matrix, assignment);
            case IPropertyReferenceOperation { Property.IsIndexer: true, Arguments.Length: 1, Instance: { } instance } indexer when IsCollectionVariable(instance):
                return ElementTarget(instance, indexer.Arguments[0].Value, assignment);
            case IImplicitIndexerReferenceOperation { Instance: { } fromEndInstance, Argument: var fromEnd } when IsFromEnd(fromEnd) && IsCollectionVariable(fromEndInstance):
                return ElementTarget(fromEndInstance, fromEnd, assignment);
            case ILocalReferenceOperation rejected when _rejected.Contains(rejected.Local):
                // Reported once, where it was declared.
                return null;
            case IFieldReferenceOperation field:
                _diagnostics.Add(DiagnosticInfo.Create(DiagnosticDescriptors.AssignmentToMember, LocationInfo.From(assignment.Syntax), _method.Name, "field", field.Field.Name));
                return null;
            case IPropertyReferenceOperation property:
                _diagnostics.Add(DiagnosticInfo.Create(DiagnosticDescriptors.AssignmentToMember, LocationInfo.From(assignment.Syntax), _method.Name, "property", property.Property.Name));
                return null;
            default:
                Unsupported(assignment, "an assignment to '" + OneLine(target.Syntax.ToString()) + "'", "assign a local or a parameter");
                return null;
        }
    }

    private Target? Scalar(int id, IOperation assignment)
    {
        if (Variables[id].Type.Collection != CollectionKind.None)
        {
            Unsupported(assignment, "the assignment of a whole array or span to '" + Variables[id].Name + "'", "declare a new local array and copy the elements in a loop");
            return null;
        }

        return RefStructInLoop(id, assignment) ? null : new Target(id, null, Variables[id].Type);
    }

    /// <summary>
    /// A ref struct written in a loop: the reverse sweep may need its old values back, and neither a tape nor an
    /// array can hold a ref struct.
    /// </summary>
    private bool RefStructInLoop(int id, IOperation operation)
    {
        if (_loopDepth == 0 || !_refStructs.Contains(id))
        {
            return false;
        }

        Unsupported(operation, "a write inside a loop to '" + Variables[id].Name + "', a local of the ref struct type '" + Variables[id].Type.Text.Replace("global::", string.Empty) + "'",
            "compute the numbers you need from it into ordinary locals, or write it before the loop");
        return true;
    }

    private Target? ElementTarget(IOperation array, IOperation index, IOperation assignment)
    {
        var id = CollectionVariable(array);
        if (id is null)
        {
            Unsupported(assignment, "an assignment to '" + OneLine(array.Syntax.ToString()) + "[…]'", "write into a local array or span declared in this method");
            return null;
        }

        if (Variables[id.Value].Kind == VariableKind.Parameter && !(_output is not null && Variables[id.Value].Name == _output.Name))
        {
            Unsupported(assignment, "a write into the parameter '" + Variables[id.Value].Name + "'", "copy it into a local array (new double[n] or stackalloc) and write there; parameters are inputs");
            return null;
        }

        var indexExpr = IndexOfWrite(id.Value, ParseIndex(id.Value, index));
        return new Target(id.Value, indexExpr, Variables[id.Value].Type.Element!);
    }

    /// <summary>
    /// The index of a write into <paramref name="array"/>, held in an int temporary when it reads that array
    /// (<c>k[(k[0] + 2) % 2] = 5</c>): the reverse sweep restores the element after the write, when the index would read
    /// the new value and restore another element.
    /// </summary>
    private Expr IndexOfWrite(int array, Expr index)
    {
        if (!ExprWalker.Reads(index, array))
        {
            return index;
        }

        var temporary = DeclareTemporary(TypeRef.Int, "_index");
        _pending.Add(new AssignStmt(temporary, index, IsDeclaration: true, _source));
        return Var(temporary);
    }

    private bool IsCollectionVariable(IOperation operation) => CollectionVariable(operation) is not null;

    private int? CollectionVariable(IOperation operation)
    {
        var id = operation switch
        {
            ILocalReferenceOperation local when _ids.TryGetValue(local.Local, out var l) => l,
            IParameterReferenceOperation parameter when _ids.TryGetValue(parameter.Parameter, out var p) => p,
            _ => -1,
        };
        return id >= 0 && Variables[id].Type.Collection != CollectionKind.None ? id : null;
    }
}
