using GradGen.Generator.Model;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp.Syntax;
using Microsoft.CodeAnalysis.Operations;

namespace GradGen.Generator.Parsing;

/// <summary>
/// An increment or decrement used as a value (<c>a[k++] = v;</c>, <c>if (i++ &gt;= n) break;</c>,
/// <c>double y = --x;</c>) of a local or parameter: it becomes statements before the one it is in
/// (<c>t = k; k = k + 1;</c> for a postfix, <c>k = k + 1; t = k;</c> for a prefix) and its value the temporary, like a
/// lifted call. That is the same program only if nothing in the expression reads the variable before the increment
/// runs: C# evaluates operands left to right, so the variable may not appear before the increment in the expression
/// (after it, it reads the stepped value, as the statements give), nor may a lambda or local function be called before
/// it (its inlined body could read the variable); and only if the statements run exactly
/// when the increment does, which the taken-operand lowering of '?:', '&amp;&amp;' and '||' gives, but not a loop
/// condition, a 'when' guard, a lambda or an inlined local function (there it stays an error).
/// </summary>
internal sealed partial class BodyParser
{
    private Expr ParseIncrementValue(IIncrementOrDecrementOperation step)
    {
        var text = OneLine(step.Syntax.ToString());
        var symbol = step.Target switch
        {
            ILocalReferenceOperation local => (ISymbol)local.Local,
            IParameterReferenceOperation parameter => parameter.Parameter,
            _ => null,
        };
        if (symbol is null || !_ids.TryGetValue(symbol, out var id) || step.OperatorMethod is not null
            || Variables[id].Type is not { Collection: CollectionKind.None, Kind: NumericKind.Double or NumericKind.Float or NumericKind.Int } type)
        {
            return Unsupported(step, "'" + text + "' used as a value", "increment a local or parameter of type int, double or float, or write the increment as a statement of its own");
        }

        if (_noHoistDepth > 0 || _inlined is not null || ExpressionRoot(step) is not { } root)
        {
            return Unsupported(step, "'" + text + "' used as a value here", "increment it in a statement of its own (for a loop condition: before the loop and at the end of its body)");
        }

        if (ReadBefore(root, symbol, step.Syntax.SpanStart))
        {
            return Unsupported(step, "'" + text + "' in an expression that reads '" + symbol.Name + "' before it", "increment it in a statement of its own, before or after this one");
        }

        if (CallsInlinedCodeBefore(root, step.Syntax.SpanStart))
        {
            // A lambda or local function is inlined where it is called; its body may read the variable, and would
            // then see the stepped value where the original read the old one.
            return Unsupported(step, "'" + text + "' after a call to a lambda or local function in the same expression", "increment it in a statement of its own, before or after this one");
        }

        var one = new LiteralExpr(type.Kind switch { NumericKind.Double => "1.0", NumericKind.Float => "1f", _ => "1" }, type, IsNegative: false);
        var op = step.Kind == OperationKind.Increment ? BinaryOp.Add : BinaryOp.Subtract;
        var source = text + " (in: " + _source + ")";
        var stepped = new AssignStmt(id, new BinaryExpr(op, Var(id), one, type, OverflowOf(step, step.IsChecked)), IsDeclaration: false, source);
        var value = DeclareTemporary(type);
        if (step.IsPostfix)
        {
            _pending.Add(new AssignStmt(value, Var(id), IsDeclaration: true, source));
            _pending.Add(stepped);
        }
        else
        {
            _pending.Add(stepped);
            _pending.Add(new AssignStmt(value, Var(id), IsDeclaration: true, source));
        }

        return Var(value);
    }

    /// <summary>The outermost operation of the expression holding <paramref name="operation"/>; null inside a lambda or local function.</summary>
    private static IOperation? ExpressionRoot(IOperation operation)
    {
        var current = operation;
        while (current.Parent is { } parent && parent.Syntax is not StatementSyntax)
        {
            if (parent is IAnonymousFunctionOperation or ILocalFunctionOperation)
            {
                return null;
            }

            current = parent;
        }

        return current;
    }

    /// <summary>Whether the expression calls a lambda local or a local function (or makes a delegate of one) before <paramref name="position"/>.</summary>
    private static bool CallsInlinedCodeBefore(IOperation root, int position)
    {
        foreach (var operation in root.DescendantsAndSelf())
        {
            if (operation.Syntax.SpanStart < position
                && (operation is IInvocationOperation { TargetMethod.MethodKind: MethodKind.LocalFunction or MethodKind.DelegateInvoke } or IDelegateCreationOperation))
            {
                return true;
            }
        }

        return false;
    }

    /// <summary>Whether the expression mentions <paramref name="symbol"/> before <paramref name="position"/> (left-to-right evaluation order).</summary>
    private static bool ReadBefore(IOperation root, ISymbol symbol, int position)
    {
        foreach (var operation in root.DescendantsAndSelf())
        {
            if (operation.Syntax.SpanStart < position
                && (operation is ILocalReferenceOperation local && SymbolEqualityComparer.Default.Equals(local.Local, symbol)
                    || operation is IParameterReferenceOperation parameter && SymbolEqualityComparer.Default.Equals(parameter.Parameter, symbol)))
            {
                return true;
            }
        }

        return false;
    }
}
