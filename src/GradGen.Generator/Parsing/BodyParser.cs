using System.Collections.Generic;
using System.Linq;
using System.Text.RegularExpressions;
using System.Threading;
using GradGen.Generator.Diagnostics;
using GradGen.Generator.Differentiation;
using GradGen.Generator.Helpers;
using GradGen.Generator.Model;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp.Syntax;
using Microsoft.CodeAnalysis.Operations;

namespace GradGen.Generator.Parsing;

/// <summary>A call GradGen does not differentiate, remembered so it can be reported if an active value reaches it.</summary>
internal sealed record CallSite(LocationInfo? Location, string Callee, string[] ArgumentTexts, string[] ParameterNames);

/// <summary>
/// Walks the IOperation tree of a method body into <see cref="Stmt"/>s and <see cref="Expr"/>s.
/// Anything outside the supported subset becomes a GG0004/GG0005 diagnostic at its own syntax;
/// parsing goes on so one build shows every problem of the method.
/// Jumps are lowered here so the transform sees only structured statements: 'return e' inside a branch or loop
/// becomes '_result = e; _done = true;', 'break' and 'continue' set flags, and whatever follows a statement
/// that may set a flag is wrapped in 'if (!flag)'; loop conditions test the flags first.
/// </summary>
internal sealed partial class BodyParser
{
    private static readonly Regex Whitespace = new(@"\s+", RegexOptions.Compiled);

    private readonly IMethodSymbol _method;
    private readonly List<DiagnosticInfo> _diagnostics;
    private readonly CancellationToken _cancellationToken;
    private readonly Dictionary<ISymbol, int> _ids = new(SymbolEqualityComparer.Default);
    private readonly HashSet<int> _declaredWithoutValue = new();
    private readonly List<Stmt> _pending = new();
    private readonly Dictionary<ILabelSymbol, int> _breakFlags = new(SymbolEqualityComparer.Default);
    private readonly Dictionary<ILabelSymbol, int> _continueFlags = new(SymbolEqualityComparer.Default);
    private readonly HashSet<ILabelSymbol> _switchExits = new(SymbolEqualityComparer.Default);
    private List<Stmt> _current;
    private int _temporaryCount;
    private int _noHoistDepth;
    private string _noHoistPlace = "inside '?:', '&&' or '||'";
    private int _loopDepth;
    private int? _resultId;
    private int? _doneId;
    private string _source = string.Empty;

    public BodyParser(IMethodSymbol method, List<DiagnosticInfo> diagnostics, CancellationToken cancellationToken)
    {
        _method = method;
        _diagnostics = diagnostics;
        _cancellationToken = cancellationToken;
        _current = Statements;
    }

    public List<Variable> Variables { get; } = new();

    public List<Stmt> Statements { get; } = new();

    public List<CallSite> CallSites { get; } = new();

    public int DeclareParameter(IParameterSymbol parameter) => Declare(parameter, parameter.Name, parameter.Type, VariableKind.Parameter);

    public void ParseBody(IBlockOperation block)
    {
        // Only a return that ends the body stays a return; any other needs the result and a 'done' flag.
        var earlyReturn = block.Descendants().OfType<IReturnOperation>().Any(r => r.Parent != block);
        if (earlyReturn)
        {
            var returnType = TypeRefs.From(_method.ReturnType);
            _resultId = DeclareTemporary(returnType, "_result");
            _doneId = DeclareTemporary(TypeRef.Bool, "_done");
            Statements.Add(new AssignStmt(_resultId.Value, Zero(returnType), IsDeclaration: true, "(the result of an early return)"));
            Statements.Add(new AssignStmt(_doneId.Value, BoolLiteral(false), IsDeclaration: true, "(set when a return has run)"));
        }

        var returns = ParseBlock(block.Operations);
        if (earlyReturn)
        {
            Statements.Add(new ReturnStmt(Var(_resultId!.Value), "(return the value of the return that ran)"));
        }
        else if (!returns && _diagnostics.Count == 0)
        {
            // Every path of a method that returns a value ends in a return, so reaching here means
            // the body ends some other way (a throw); that construct was reported already.
            Unsupported(block, "a body that does not end in 'return'", "end the method with a return statement");
        }
    }

    private int Declare(ISymbol symbol, string name, ITypeSymbol type, VariableKind kind)
    {
        var id = Variables.Count;
        Variables.Add(new Variable(id, name, TypeRefs.From(type), kind));
        _ids[symbol] = id;
        return id;
    }

    private int DeclareTemporary(TypeRef type, string? name = null)
    {
        var id = Variables.Count;
        Variables.Add(new Variable(id, name ?? "_t" + _temporaryCount++, type, VariableKind.Temporary));
        return id;
    }

    private VariableExpr Var(int id) => new(id, Variables[id].Type);

    private void Add(Stmt statement) => _current.Add(statement);

    /// <summary>Parses statements into the current list; returns whether they end in a top-level return.</summary>
    private bool ParseBlock(IEnumerable<IOperation> operations)
    {
        var list = operations.ToList();
        for (var i = 0; i < list.Count; i++)
        {
            _cancellationToken.ThrowIfCancellationRequested();
            var operation = list[i];
            ParseStatement(operation);
            if (operation is IReturnOperation or IBranchOperation)
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
            int flag;
            switch (node)
            {
                case IReturnOperation when _doneId is { } done:
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
        switch (operation)
        {
            case IBlockOperation block:
                ParseBlock(block.Operations);
                break;
            case IEmptyOperation:
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
        var returns = _doneId is { } done && loop.Body.DescendantsAndSelf().OfType<IReturnOperation>().Any() ? done : (int?)null;
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
            continueFlag = DeclareTemporary(TypeRef.Bool, "_continue");
            Add(new AssignStmt(continueFlag.Value, BoolLiteral(false), IsDeclaration: true, "(set by 'continue')"));
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

        _loopDepth++;
        var bodyStatements = ParseNested(() =>
        {
            if (continueFlag is { } c)
            {
                Add(new AssignStmt(c, BoolLiteral(false), IsDeclaration: false, "(a new iteration)"));
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

        var prelude = new List<Stmt> { new AssignStmt(element, value, IsDeclaration: true, "var " + declarator.Symbol.Name + " = " + Variables[arrayId].Name + "[…]") };
        var condition = new BinaryExpr(BinaryOp.LessThan, Var(index), new LengthExpr(arrayId, TypeRef.Int), TypeRef.Bool);
        var increment = new AssignStmt(index, new BinaryExpr(BinaryOp.Add, Var(index), new LiteralExpr("1", TypeRef.Int, IsNegative: false), TypeRef.Int), IsDeclaration: false, "(next element)");
        ParseLoop(loop, null, prelude, loop.Body, Enumerable.Empty<IOperation>(), conditionAtEnd: false, condition, increment);
    }

    /// <summary>A switch on an inactive value becomes an if / else-if chain; each section ends in its only 'break' (or a jump).</summary>
    private void ParseSwitch(ISwitchOperation switchOperation)
    {
        var value = ParseExpression(switchOperation.Value, isRoot: false);
        if (value.Type.IsReal)
        {
            Unsupported(switchOperation.Value, "a 'switch' on the floating-point value '" + OneLine(switchOperation.Value.Syntax.ToString()) + "'", "switch on an integer, or use if/else");
            return;
        }

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
                        var test = new BinaryExpr(BinaryOp.Equals, value, ParseExpression(single.Value, isRoot: false), TypeRef.Bool);
                        condition = condition is null ? test : new BinaryExpr(BinaryOp.ConditionalOr, condition, test, TypeRef.Bool);
                        break;
                    default:
                        Unsupported(clause, "the case label '" + OneLine(clause.Syntax.ToString()) + "'", "use constant case labels, or if/else");
                        break;
                }
            }

            var body = section.Body.ToList();
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

        if (local.IsRef)
        {
            Unsupported(declarator, "the ref local '" + local.Name + "'", "declare an ordinary local");
            return;
        }

        var id = Declare(local, local.Name, local.Type, VariableKind.Local);
        var initializer = declarator.Initializer ?? sharedInitializer;
        if (Variables[id].Type.Collection != CollectionKind.None)
        {
            ParseArrayDeclaration(declarator, id, initializer);
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
        var stackAlloc = false;
        if (value is IArrayCreationOperation { DimensionSizes.Length: 1, Initializer: null } creation)
        {
            length = creation.DimensionSizes[0];
        }
        else if (value?.Syntax is StackAllocArrayCreationExpressionSyntax { Type: ArrayTypeSyntax { RankSpecifiers.Count: 1 } arrayType, Initializer: null }
            && arrayType.RankSpecifiers[0].Sizes.Count == 1)
        {
            length = value.SemanticModel?.GetOperation(arrayType.RankSpecifiers[0].Sizes[0], _cancellationToken);
            stackAlloc = true;
        }

        if (length is null)
        {
            Unsupported(declarator, "the array or span local '" + name + "'" + (value is null ? string.Empty : " initialised with '" + OneLine(value.Syntax.ToString()) + "'"),
                "declare it as 'new double[n]' or 'stackalloc double[n]' and fill it element by element");
            return;
        }

        if (_loopDepth > 0)
        {
            Unsupported(declarator, "the array or span local '" + name + "' declared inside a loop", "declare it once before the loop and reuse it");
            return;
        }

        if (!ReferenceEquals(_current, Statements))
        {
            // Its adjoint storage must live as long as the whole reverse sweep.
            Unsupported(declarator, "the array or span local '" + name + "' declared inside a block", "declare it at the top level of the method, before any statement that may return");
            return;
        }

        var lengthExpr = ParseExpression(length, isRoot: false);
        Flush();
        Add(new ArrayDeclStmt(id, lengthExpr, stackAlloc, _source));
    }

    private void ParseExpressionStatement(IOperation operation)
    {
        switch (operation)
        {
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

                    AddAssignment(incrementTarget, new BinaryExpr(op, incrementTarget.Read, one, type));
                }

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
    private sealed record Target(int Id, Expr? Index, TypeRef Type)
    {
        public Expr Read => Index is null ? new VariableExpr(Id, Type) : new ElementExpr(Id, Index, Type);
    }

    private void AddAssignment(Target target, Expr value)
    {
        Flush();
        if (target.Index is not null)
        {
            Add(new ElementAssignStmt(target.Id, target.Index, value, _source));
            return;
        }

        var isDeclaration = _declaredWithoutValue.Remove(target.Id);
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
                ? new BinaryExpr(op.Value, left, right, targetType)
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
            case IPropertyReferenceOperation { Property.IsIndexer: true, Arguments.Length: 1, Instance: { } instance } indexer when IsCollectionVariable(instance):
                return ElementTarget(instance, indexer.Arguments[0].Value, assignment);
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

        return new Target(id, null, Variables[id].Type);
    }

    private Target? ElementTarget(IOperation array, IOperation index, IOperation assignment)
    {
        var id = CollectionVariable(array);
        if (id is null)
        {
            Unsupported(assignment, "an assignment to '" + OneLine(array.Syntax.ToString()) + "[…]'", "write into a local array or span declared in this method");
            return null;
        }

        if (Variables[id.Value].Kind == VariableKind.Parameter)
        {
            Unsupported(assignment, "a write into the parameter '" + Variables[id.Value].Name + "'", "copy it into a local array (new double[n] or stackalloc) and write there; parameters are inputs");
            return null;
        }

        var indexExpr = ParseExpression(index, isRoot: false);
        return new Target(id.Value, indexExpr, Variables[id.Value].Type.Element!);
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

    private Expr ParseExpression(IOperation operation, bool isRoot)
    {
        _cancellationToken.ThrowIfCancellationRequested();
        var type = TypeRefs.From(operation.Type);
        if (operation.ConstantValue.HasValue && operation.Type is not null)
        {
            var value = operation.ConstantValue.Value;
            return new LiteralExpr(CSharpLiterals.Constant(value, type.Text), type, CSharpLiterals.IsNegative(value));
        }

        switch (operation)
        {
            case ILocalReferenceOperation local when _ids.TryGetValue(local.Local, out var localId):
                return new VariableExpr(localId, Variables[localId].Type);
            case IParameterReferenceOperation parameter when _ids.TryGetValue(parameter.Parameter, out var parameterId):
                return new VariableExpr(parameterId, Variables[parameterId].Type);
            case IArrayElementReferenceOperation { Indices.Length: 1 } element when CollectionVariable(element.ArrayReference) is { } arrayId:
                return ParseElement(element, arrayId, element.Indices[0]);
            case IPropertyReferenceOperation { Property.IsIndexer: true, Arguments.Length: 1, Instance: { } spanInstance } indexer when CollectionVariable(spanInstance) is { } spanId:
                return ParseElement(indexer, spanId, indexer.Arguments[0].Value);
            case IPropertyReferenceOperation { Property.Name: "Length", Instance: { } lengthInstance } when CollectionVariable(lengthInstance) is { } lengthId:
                return new LengthExpr(lengthId, TypeRef.Int);
            case IBinaryOperation binary:
                return ParseBinary(binary, type);
            case IUnaryOperation unary:
                return ParseUnary(unary, type);
            case IConversionOperation conversion:
                return ParseConversion(conversion, type, isRoot);
            case IInvocationOperation invocation:
                return ParseInvocation(invocation, hoist: !isRoot, discarded: false);
            case IFieldReferenceOperation field:
                return field.Field.IsStatic
                    ? new OpaqueExpr(field.Field.ContainingType.ToDisplayString(SymbolNames.Qualified), null, Naming.Escape(field.Field.Name), false, EquatableArray<Expr>.Empty, -1, type)
                    : new OpaqueExpr(null, ParseExpression(field.Instance!, isRoot: false), Naming.Escape(field.Field.Name), false, EquatableArray<Expr>.Empty, -1, type);
            case IPropertyReferenceOperation property when property.Arguments.Length == 0:
                return property.Property.IsStatic
                    ? new OpaqueExpr(property.Property.ContainingType.ToDisplayString(SymbolNames.Qualified), null, Naming.Escape(property.Property.Name), false, EquatableArray<Expr>.Empty, -1, type)
                    : new OpaqueExpr(null, ParseExpression(property.Instance!, isRoot: false), Naming.Escape(property.Property.Name), false, EquatableArray<Expr>.Empty, -1, type);
            case IInstanceReferenceOperation { ReferenceKind: InstanceReferenceKind.ContainingTypeInstance }:
                return new ThisExpr(type);
            case IConditionalOperation { WhenFalse: { } whenFalse } conditional when conditional.Type is not null:
                var condition = ParseExpression(conditional.Condition, isRoot: false);
                _noHoistDepth++;
                var whenTrue = ParseExpression(conditional.WhenTrue, isRoot: false);
                var otherwise = ParseExpression(whenFalse, isRoot: false);
                _noHoistDepth--;
                return new ConditionalExpr(condition, whenTrue, otherwise, type);
            case IParenthesizedOperation parenthesized:
                return ParseExpression(parenthesized.Operand, isRoot);
            default:
                return Unsupported(operation, Describe(operation), AdviceFor(operation));
        }
    }

    private Expr ParseElement(IOperation access, int arrayId, IOperation index)
    {
        var indexExpr = ParseExpression(index, isRoot: false);
        if (indexExpr.Type.Kind != NumericKind.Int)
        {
            return Unsupported(access, "the element access '" + OneLine(access.Syntax.ToString()) + "'", "index with an int expression");
        }

        return new ElementExpr(arrayId, indexExpr, Variables[arrayId].Type.Element!);
    }

    private Expr ParseBinary(IBinaryOperation binary, TypeRef type)
    {
        if (binary.OperatorMethod is not null)
        {
            return Unsupported(binary, "the user-defined operator '" + binary.OperatorMethod.ToDisplayString(SymbolNames.Message) + "'", "use double or float arithmetic");
        }

        if (binary.IsLifted)
        {
            return Unsupported(binary, "an operator on nullable values", "use double or float values that are not nullable");
        }

        var op = MapBinary(binary.OperatorKind);
        if (op is null)
        {
            return Unsupported(binary, "the operator in '" + OneLine(binary.Syntax.ToString()) + "'", "use +, -, *, /, % and comparisons");
        }

        var left = ParseExpression(binary.LeftOperand, isRoot: false);
        var shortCircuit = op is BinaryOp.ConditionalAnd or BinaryOp.ConditionalOr;
        if (shortCircuit)
        {
            _noHoistDepth++;
        }

        var right = ParseExpression(binary.RightOperand, isRoot: false);
        if (shortCircuit)
        {
            _noHoistDepth--;
        }

        return new BinaryExpr(op.Value, left, right, type);
    }

    private Expr ParseUnary(IUnaryOperation unary, TypeRef type)
    {
        if (unary.OperatorMethod is not null || unary.IsLifted)
        {
            return Unsupported(unary, "the operator in '" + OneLine(unary.Syntax.ToString()) + "'", "use double or float arithmetic");
        }

        UnaryOp? op = unary.OperatorKind switch
        {
            UnaryOperatorKind.Minus => UnaryOp.Negate,
            UnaryOperatorKind.Plus => UnaryOp.Plus,
            UnaryOperatorKind.Not => UnaryOp.Not,
            UnaryOperatorKind.BitwiseNegation => UnaryOp.BitwiseNot,
            _ => null,
        };
        if (op is null)
        {
            return Unsupported(unary, "the operator in '" + OneLine(unary.Syntax.ToString()) + "'", "use unary minus or '!'");
        }

        var operand = ParseExpression(unary.Operand, isRoot: false);
        return op == UnaryOp.Plus ? operand : new UnaryExpr(op.Value, operand, type);
    }

    private Expr ParseConversion(IConversionOperation conversion, TypeRef type, bool isRoot)
    {
        if (conversion.Operand.Type is { } from && TypeRefs.From(from) is { Collection: not CollectionKind.None } source
            && type.Collection is not CollectionKind.None && source.Element == type.Element)
        {
            // double[] to ReadOnlySpan<double>, Span to ReadOnlySpan: the same elements, converted implicitly where used.
            return ParseExpression(conversion.Operand, isRoot);
        }

        if (conversion.OperatorMethod is not null)
        {
            return Unsupported(conversion, "the user-defined conversion '" + conversion.OperatorMethod.ToDisplayString(SymbolNames.Message) + "'", "convert between double and float only");
        }

        var operand = ParseExpression(conversion.Operand, isRoot: isRoot && conversion.Conversion.IsIdentity);
        if (conversion.Conversion.IsIdentity || operand.Type == type)
        {
            return operand;
        }

        if (operand.Type.IsReal && !conversion.Conversion.IsNumeric)
        {
            return Unsupported(conversion, "the conversion of a floating-point value to '" + type.Text + "'", "keep the value a double or float");
        }

        return new ConversionExpr(operand, type);
    }

    private Expr ParseInvocation(IInvocationOperation invocation, bool hoist, bool discarded)
    {
        var target = invocation.TargetMethod;
        var arguments = new List<Expr>();
        var argumentTexts = new List<string>();
        foreach (var argument in invocation.Arguments.OrderBy(a => a.Parameter?.Ordinal ?? int.MaxValue))
        {
            if (argument.Parameter is { RefKind: not RefKind.None } refParameter)
            {
                arguments.Add(Unsupported(argument, "the '" + refParameter.RefKind.ToString().ToLowerInvariant() + "' argument '" + OneLine(argument.Syntax.ToString()) + "'", "pass arguments by value"));
                continue;
            }

            if (argument.ArgumentKind == ArgumentKind.ParamArray)
            {
                arguments.Add(Unsupported(argument, "a 'params' argument list", "pass an explicit array or spell out the call"));
                continue;
            }

            arguments.Add(ParseExpression(argument.Value, isRoot: false));
            argumentTexts.Add(argument.IsImplicit ? "(default)" : OneLine(argument.Value.Syntax.ToString()));
        }

        var type = TypeRefs.From(invocation.Type);
        var containing = target.ContainingType?.ToDisplayString() ?? string.Empty;
        if ((containing is "System.Math" or "System.MathF")
            && type.IsReal
            && target.Parameters.All(p => p.Type.SpecialType is SpecialType.System_Double or SpecialType.System_Single)
            && DerivativeRules.IsKnown(target.Name, target.Parameters.Length))
        {
            return new MathCallExpr("global::" + containing, target.Name, arguments.ToEquatableArray(), type);
        }

        if (!discarded && type.IsReal && !target.IsGenericMethod && SymbolNames.HasAttribute(target, SymbolNames.DifferentiableAttribute))
        {
            string? receiver = null;
            if (target.IsStatic)
            {
                receiver = target.ContainingType!.ToDisplayString(SymbolNames.Qualified);
            }
            else if (invocation.Instance is IInstanceReferenceOperation { ReferenceKind: InstanceReferenceKind.ContainingTypeInstance })
            {
                receiver = "this";
            }

            if (receiver is null)
            {
                return Unsupported(invocation, "a call to the [Differentiable] method '" + target.Name + "' on another instance", "call it on 'this' or make it static");
            }

            if (_noHoistDepth > 0)
            {
                return Unsupported(invocation, "a call to the [Differentiable] method '" + target.Name + "' " + _noHoistPlace, "compute it into a local first");
            }

            var call = new DifferentiableCallExpr(
                receiver,
                Naming.Escape(target.Name),
                arguments.ToEquatableArray(),
                target.Parameters.Select(SymbolNames.IsDifferentiableParameter).ToEquatableArray(),
                AddCallSite(invocation, argumentTexts),
                type);
            return hoist ? Hoist(call, invocation) : call;
        }

        Expr? instance = null;
        string? staticTarget = null;
        if (target.IsStatic || invocation.Instance is null)
        {
            staticTarget = target.ContainingType!.ToDisplayString(SymbolNames.Qualified);
        }
        else
        {
            instance = ParseExpression(invocation.Instance, isRoot: false);
        }

        var member = Naming.Escape(target.Name);
        if (target.IsGenericMethod)
        {
            member += "<" + string.Join(", ", target.TypeArguments.Select(t => t.ToDisplayString(SymbolNames.Qualified))) + ">";
        }

        var site = AddCallSite(invocation, argumentTexts);
        var opaque = new OpaqueExpr(staticTarget, instance, member, true, arguments.ToEquatableArray(), site, type);
        return hoist && _noHoistDepth == 0 && invocation.Type is { SpecialType: not SpecialType.System_Void } ? Hoist(opaque, invocation) : opaque;
    }

    private int AddCallSite(IInvocationOperation invocation, List<string> argumentTexts)
    {
        var target = invocation.TargetMethod;
        CallSites.Add(new CallSite(
            LocationInfo.From(invocation.Syntax),
            target.ContainingType?.Name + "." + target.Name,
            argumentTexts.ToArray(),
            target.Parameters.Select(p => p.Name).ToArray()));
        return CallSites.Count - 1;
    }

    /// <summary>
    /// Lifts a call out of its expression into a temporary assigned just before the statement,
    /// so the call runs once and the reverse sweep reads its value instead of calling again.
    /// </summary>
    private Expr Hoist(Expr call, IOperation invocation)
    {
        var id = DeclareTemporary(call.Type);
        _pending.Add(new AssignStmt(id, call, IsDeclaration: true, OneLine(invocation.Syntax.ToString()) + " (in: " + _source + ")"));
        return new VariableExpr(id, call.Type);
    }

    private void Flush()
    {
        _current.AddRange(_pending);
        _pending.Clear();
    }

    private Expr Unsupported(IOperation operation, string construct, string advice)
    {
        _diagnostics.Add(DiagnosticInfo.Create(DiagnosticDescriptors.UnsupportedConstruct, LocationInfo.From(operation.Syntax), construct, _method.Name, advice));
        return new LiteralExpr("0", TypeRefs.From(operation.Type), IsNegative: false);
    }

    private static BinaryOp? MapBinary(BinaryOperatorKind kind) => kind switch
    {
        BinaryOperatorKind.Add => BinaryOp.Add,
        BinaryOperatorKind.Subtract => BinaryOp.Subtract,
        BinaryOperatorKind.Multiply => BinaryOp.Multiply,
        BinaryOperatorKind.Divide => BinaryOp.Divide,
        BinaryOperatorKind.Remainder => BinaryOp.Remainder,
        BinaryOperatorKind.Equals => BinaryOp.Equals,
        BinaryOperatorKind.NotEquals => BinaryOp.NotEquals,
        BinaryOperatorKind.LessThan => BinaryOp.LessThan,
        BinaryOperatorKind.LessThanOrEqual => BinaryOp.LessThanOrEqual,
        BinaryOperatorKind.GreaterThan => BinaryOp.GreaterThan,
        BinaryOperatorKind.GreaterThanOrEqual => BinaryOp.GreaterThanOrEqual,
        BinaryOperatorKind.ConditionalAnd => BinaryOp.ConditionalAnd,
        BinaryOperatorKind.ConditionalOr => BinaryOp.ConditionalOr,
        BinaryOperatorKind.And => BinaryOp.And,
        BinaryOperatorKind.Or => BinaryOp.Or,
        BinaryOperatorKind.ExclusiveOr => BinaryOp.ExclusiveOr,
        BinaryOperatorKind.LeftShift => BinaryOp.LeftShift,
        BinaryOperatorKind.RightShift => BinaryOp.RightShift,
        _ => null,
    };

    private static string OneLine(string text) => Whitespace.Replace(text, " ").Trim();

    /// <summary>Names the construct the way a user would say it.</summary>
    internal static string Describe(IOperation operation) => operation switch
    {
        IForLoopOperation => "a 'for' loop",
        IForEachLoopOperation => "a 'foreach' loop",
        IWhileLoopOperation { ConditionIsTop: true } => "a 'while' loop",
        IWhileLoopOperation => "a 'do' loop",
        IConditionalOperation { Type: null } => "an 'if' statement",
        ISwitchOperation => "a 'switch' statement",
        ISwitchExpressionOperation => "a 'switch' expression",
        IBranchOperation branch => "a '" + branch.Syntax.ToString().TrimEnd(';').Trim() + "' statement",
        IThrowOperation => "a 'throw'",
        ITryOperation => "a 'try' statement",
        IUsingOperation => "a 'using' statement",
        ILockOperation => "a 'lock' statement",
        ILocalFunctionOperation => "a local function",
        IAnonymousFunctionOperation or IDelegateCreationOperation => "a lambda or anonymous function",
        IArrayElementReferenceOperation => "the array element access '" + OneLine(operation.Syntax.ToString()) + "'",
        IArrayCreationOperation => "the array creation '" + OneLine(operation.Syntax.ToString()) + "'",
        IObjectCreationOperation => "the object creation '" + OneLine(operation.Syntax.ToString()) + "'",
        IInterpolatedStringOperation => "an interpolated string",
        IIsPatternOperation or IIsTypeOperation => "a type or pattern test",
        IPropertyReferenceOperation => "the indexer access '" + OneLine(operation.Syntax.ToString()) + "'",
        IDynamicInvocationOperation or IDynamicMemberReferenceOperation => "a dynamic operation",
        _ => "'" + OneLine(operation.Syntax.ToString()) + "'",
    };

    private static string AdviceFor(IOperation operation) => operation switch
    {
        IBranchOperation or ISwitchOperation =>
            "use if/else, loops with 'break' and 'continue', 'return', and 'switch' on integers with constant labels",
        IArrayElementReferenceOperation or IArrayCreationOperation or IPropertyReferenceOperation =>
            "read elements of array or span parameters and locals with an int index, or declare local arrays with 'new double[n]' or 'stackalloc double[n]'",
        _ => "rewrite it with locals, arithmetic, System.Math calls and calls to [Differentiable] methods, or move it into a method whose arguments do not depend on differentiable parameters",
    };
}
