using System.Collections.Generic;
using System.Linq;
using GradGen.Generator.Diagnostics;
using GradGen.Generator.Helpers;
using GradGen.Generator.Model;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp.Syntax;
using Microsoft.CodeAnalysis.Operations;
using Microsoft.CodeAnalysis.Text;

namespace GradGen.Generator.Parsing;

/// <summary>
/// Loops: 'for', 'while' and 'do' in the one flagged shape the model holds, 'foreach' over an array or span
/// lowered to an indexed 'for', and the header text a loop keeps as its source.
/// </summary>
internal sealed partial class BodyParser
{
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
        if (loop.LoopControlVariable is IVariableDeclaratorOperation { Symbol: { RefKind: RefKind.Ref } reference } variable)
        {
            // The loop below reads each element into a plain local: a write through a 'ref' variable would be lost.
            // Reported on 'ref var v' (the declarator's own syntax is only its type).
            var at = loop.Syntax is ForEachStatementSyntax statement
                ? Location.Create(statement.SyntaxTree, TextSpan.FromBounds(statement.Type.SpanStart, statement.Identifier.Span.End))
                : variable.Syntax.GetLocation();
            _diagnostics.Add(DiagnosticInfo.Create(DiagnosticDescriptors.UnsupportedConstruct, LocationInfo.From(at),
                "the 'ref' foreach variable '" + reference.Name + "'", _method.Name,
                "write into a local array by index ('h[i] = …'), or use 'foreach (var " + reference.Name + " in …)' to read"));
            return;
        }

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
        if (!loop.IsAsynchronous && loop.LoopControlVariable is IVariableDeclaratorOperation viewDeclarator && ForEachView(collection) is { } view)
        {
            ParseForEachView(loop, view, viewDeclarator);
            return;
        }

        if (arrayId >= 0 && Variables[arrayId].Type.Collection == CollectionKind.Jagged && !loop.IsAsynchronous
            && loop.LoopControlVariable is IVariableDeclaratorOperation rowDeclarator
            && TypeRefs.From(rowDeclarator.Symbol.Type) is { Collection: CollectionKind.Array or CollectionKind.Span or CollectionKind.ReadOnlySpan } rowType
            && rowType.Element == Variables[arrayId].Type.Element)
        {
            ParseForEachRow(loop, arrayId, rowDeclarator);
            return;
        }

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

    /// <summary>
    /// 'foreach (var row in a)' over a jagged array is 'for (int i = 0; i &lt; a.Length; i++) { var row = a[i]; … }': the row
    /// is a row local (<see cref="TryDeclareRow"/>), read element by element; any other use of it is GG0038.
    /// </summary>
    private void ParseForEachRow(IForEachLoopOperation loop, int jagged, IVariableDeclaratorOperation declarator)
    {
        var index = DeclareTemporary(TypeRef.Int, "_i");
        Add(new AssignStmt(index, new LiteralExpr("0", TypeRef.Int, IsNegative: false), IsDeclaration: true, "(the position in " + Variables[jagged].Name + ")"));
        var rowIndex = DeclareTemporary(TypeRef.Int, "_" + declarator.Symbol.Name + "Index");
        _rows[declarator.Symbol] = (jagged, rowIndex);
        var prelude = new List<Stmt> { new AssignStmt(rowIndex, Var(index), IsDeclaration: true, Header(loop, loop.Body, null)) };
        var condition = new BinaryExpr(BinaryOp.LessThan, Var(index), new LengthExpr(jagged, TypeRef.Int), TypeRef.Bool);
        var increment = new AssignStmt(index, new BinaryExpr(BinaryOp.Add, Var(index), new LiteralExpr("1", TypeRef.Int, IsNegative: false), TypeRef.Int), IsDeclaration: false, "(next row)");
        ParseLoop(loop, null, prelude, loop.Body, Enumerable.Empty<IOperation>(), conditionAtEnd: false, condition, increment);
    }

    /// <summary>
    /// The view a <c>foreach</c> walks: a view local (<c>foreach (var v in head)</c>), or a view of a differentiable
    /// parameter written in place (<c>foreach (var v in w.Slice(a, n))</c>), held in start and count temporaries here.
    /// </summary>
    private (int Viewed, int Start, int Count)? ForEachView(IOperation collection)
    {
        if (collection is ILocalReferenceOperation local && _views.TryGetValue(local.Local, out var held))
        {
            return held;
        }

        if (ViewOf(collection) is not { } view || collection.Type is not INamedTypeSymbol { Name: "Span" or "ReadOnlySpan" })
        {
            return null;
        }

        return DeclareView(view, "view");
    }

    /// <summary>'foreach (var v in view)' is 'for (int i = 0; i &lt; count; i++) { var v = w[start + i]; … }'.</summary>
    private void ParseForEachView(IForEachLoopOperation loop, (int Viewed, int Start, int Count) view, IVariableDeclaratorOperation declarator)
    {
        var index = DeclareTemporary(TypeRef.Int, "_i");
        Add(new AssignStmt(index, Int("0"), IsDeclaration: true, "(the position in the view)"));
        var element = Declare(declarator.Symbol, declarator.Symbol.Name, declarator.Symbol.Type, VariableKind.Local);
        var elementType = Variables[view.Viewed].Type.Element!;
        Expr value = new ElementExpr(view.Viewed, new BinaryExpr(BinaryOp.Add, Var(view.Start), Var(index), TypeRef.Int), elementType);
        if (Variables[element].Type != elementType)
        {
            value = new ConversionExpr(value, Variables[element].Type);
        }

        var prelude = new List<Stmt> { new AssignStmt(element, value, IsDeclaration: true, Header(loop, loop.Body, null)) };
        var condition = new BinaryExpr(BinaryOp.LessThan, Var(index), Var(view.Count), TypeRef.Bool);
        var increment = new AssignStmt(index, new BinaryExpr(BinaryOp.Add, Var(index), Int("1"), TypeRef.Int), IsDeclaration: false, "(next element)");
        ParseLoop(loop, null, prelude, loop.Body, Enumerable.Empty<IOperation>(), conditionAtEnd: false, condition, increment);
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
}
