using GradGen.Generator.Model;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.Operations;

namespace GradGen.Generator.Parsing;

/// <summary>
/// Binary and unary operators, their overflow checking, and the map from Roslyn's operator kinds to the model's.
/// </summary>
internal sealed partial class BodyParser
{
    private Expr ParseBinary(IBinaryOperation binary, TypeRef type)
    {
        var op = MapBinary(binary.OperatorKind);
        if (binary.OperatorMethod is not null || binary.IsLifted || op is null)
        {
            return UnsupportedBinary(binary);
        }

        var left = ParseExpression(binary.LeftOperand, isRoot: false);
        if (op is BinaryOp.ConditionalAnd or BinaryOp.ConditionalOr)
        {
            // The right operand runs only when the left does not decide (BodyParser.Branches.cs).
            var (taken, before) = ParseTaken(binary.RightOperand);
            return before.Count == 0 ? new BinaryExpr(op.Value, left, taken, type) : ShortCircuit(binary, op.Value, left, taken, before);
        }

        var right = ParseExpression(binary.RightOperand, isRoot: false);
        return new BinaryExpr(op.Value, left, right, type, OverflowOf(binary, binary.IsChecked));
    }

    /// <summary>The overflow context of an operation where it is not the compilation's default.</summary>
    private static Overflow OverflowOf(IOperation operation, bool isChecked) =>
        operation.Type?.SpecialType is SpecialType.System_Double or SpecialType.System_Single or SpecialType.System_Boolean
        || isChecked == (operation.SemanticModel?.Compilation.Options.CheckOverflow ?? false) ? Overflow.Default
        : isChecked ? Overflow.Checked : Overflow.Unchecked;

    private Expr UnsupportedBinary(IBinaryOperation binary) =>
        binary.OperatorMethod is not null
            ? Unsupported(binary, "the user-defined operator '" + binary.OperatorMethod.ToDisplayString(SymbolNames.Message) + "'", "use double or float arithmetic")
            : binary.IsLifted
                ? Unsupported(binary, "an operator on nullable values", "use double or float values that are not nullable")
                : Unsupported(binary, "the operator in '" + OneLine(binary.Syntax.ToString()) + "'", "use +, -, *, /, % and comparisons");

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
        return op == UnaryOp.Plus ? operand : new UnaryExpr(op.Value, operand, type, OverflowOf(unary, unary.IsChecked));
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
}
