using System.Collections.Generic;
using System.Linq;
using GradGen.Generator.Model;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.Operations;

namespace GradGen.Generator.Parsing;

/// <summary>
/// Patterns lowered to the conditions they test: 'x switch { &lt; 0 =&gt; a, _ =&gt; b }' becomes 'x &lt; 0 ? a : b' (an
/// if/else chain when an arm's value needs statements, BodyParser.Branches.cs),
/// 't is &gt; 0 and &lt; 1' becomes 't &gt; 0 &amp;&amp; t &lt; 1', and a switch statement's pattern labels become the
/// conditions of its if/else chain. A pattern's derivative is that of a comparison (none), so the lowering changes
/// nothing for the transform; the value a pattern tests is evaluated once, as C# evaluates it.
/// </summary>
internal sealed partial class BodyParser
{
    private Expr ParseSwitchExpression(ISwitchExpressionOperation switchExpression, TypeRef type)
    {
        // Exhaustive with an unguarded last arm, the last arm runs whenever the others do not match: it is the 'else'.
        var arms = switchExpression.Arms;
        if (arms.Length == 0 || !switchExpression.IsExhaustive || arms[arms.Length - 1].Guard is not null)
        {
            return Unsupported(
                switchExpression,
                "a 'switch' expression that does not cover every value",
                "end it with a '_ => …' arm (an unmatched value would throw SwitchExpressionException, which the gradient does not reproduce)");
        }

        var uses = arms.Take(arms.Length - 1).Count(a => a.Pattern is not IDiscardPatternOperation);
        var value = PatternInput(switchExpression.Value, uses);
        var conditions = new List<Expr>();
        var values = new List<(Expr Value, Helpers.EquatableArray<Stmt> Before)>();
        foreach (var arm in arms)
        {
            var condition = arm == arms[arms.Length - 1] ? BoolLiteral(true) : PatternCondition(arm.Pattern, value);
            if (arm.Guard is { } guard)
            {
                // A guard runs only when its pattern matches, and is not lowered: nothing in it may be lifted.
                var place = _noHoistPlace;
                _noHoistDepth++;
                _noHoistPlace = "in a 'switch' expression guard";
                condition = new BinaryExpr(BinaryOp.ConditionalAnd, condition, ParseExpression(guard, isRoot: false), TypeRef.Bool);
                _noHoistPlace = place;
                _noHoistDepth--;
            }

            conditions.Add(condition);

            // An arm's value runs only when its arm is chosen (BodyParser.Branches.cs).
            values.Add(ParseTaken(arm.Value));
        }

        if (values.Any(v => v.Before.Count > 0))
        {
            return LowerArms(switchExpression, conditions, values, type);
        }

        // Built from the last arm up.
        var result = values[values.Count - 1].Value;
        for (var i = arms.Length - 2; i >= 0; i--)
        {
            result = new ConditionalExpr(conditions[i], values[i].Value, result, type);
        }

        return result;
    }

    private Expr ParseIsPattern(IIsPatternOperation isPattern) =>
        PatternCondition(isPattern.Pattern, PatternInput(isPattern.Value, Uses(isPattern.Pattern)));

    /// <summary>
    /// The value a pattern tests. Tested more than once ('&gt; 0 and &lt; 1', several arms), it must still run once:
    /// arithmetic on variables and elements is repeated (it has no effect), anything else goes into a temporary before
    /// the statement, or, where nothing may be lifted (inside '?:', '&amp;&amp;', a loop condition), is repeated if it
    /// calls nothing but Math.
    /// </summary>
    private Expr PatternInput(IOperation operation, int uses)
    {
        var value = ParseExpression(operation, isRoot: false);
        if (uses <= 1 || Cheap(value))
        {
            // Arithmetic on variables is repeated rather than kept in a temporary, which would be an active local
            // whose adjoint the reverse sweep carries for nothing (a comparison passes no derivative).
            return value;
        }

        if (_noHoistDepth == 0)
        {
            var id = DeclareTemporary(value.Type);
            _pending.Add(new AssignStmt(id, value, IsDeclaration: true, OneLine(operation.Syntax.ToString()) + " (in: " + _source + ")"));
            return Var(id);
        }

        return CallsNothing(value)
            ? value
            : Unsupported(operation, "the value '" + OneLine(operation.Syntax.ToString()) + "', tested by several patterns " + _noHoistPlace, "compute it into a local first");
    }

    private static bool Cheap(Expr expr) =>
        expr is VariableExpr or LiteralExpr or LengthExpr { Row: null or VariableExpr or LiteralExpr } or ElementExpr { Index: VariableExpr or LiteralExpr, Column: null or VariableExpr or LiteralExpr }
        || expr is BinaryExpr or UnaryExpr or ConversionExpr && ExprWalker.Children(expr).All(Cheap);

    private static bool CallsNothing(Expr expr) =>
        expr is not (OpaqueExpr { IsInvocation: true } or DifferentiableCallExpr or NumericCallExpr)
        && ExprWalker.Children(expr).All(CallsNothing);

    private static int Uses(IPatternOperation pattern) => pattern switch
    {
        IBinaryPatternOperation binary => Uses(binary.LeftPattern) + Uses(binary.RightPattern),
        INegatedPatternOperation negated => Uses(negated.Pattern),
        IDiscardPatternOperation => 0,
        IConstantPatternOperation { Value.ConstantValue: { HasValue: true, Value: double.NaN or float.NaN } } => 2, // v != v
        _ => 1,
    };

    private Expr PatternCondition(IPatternOperation pattern, Expr value)
    {
        switch (pattern)
        {
            case IDiscardPatternOperation:
                return BoolLiteral(true);
            case IConstantPatternOperation constant:
                return EqualsConstant(value, constant.Value);
            case IRelationalPatternOperation relational when MapBinary(relational.OperatorKind) is { } op:
                return new BinaryExpr(op, value, ParseExpression(relational.Value, isRoot: false), TypeRef.Bool);
            case INegatedPatternOperation negated:
                return new UnaryExpr(UnaryOp.Not, PatternCondition(negated.Pattern, value), TypeRef.Bool);
            case IBinaryPatternOperation binary:
                var left = PatternCondition(binary.LeftPattern, value);
                var right = PatternCondition(binary.RightPattern, value);
                var combine = binary.OperatorKind == BinaryOperatorKind.Or ? BinaryOp.ConditionalOr : BinaryOp.ConditionalAnd;
                return new BinaryExpr(combine, left, right, TypeRef.Bool);
            default:
                if (pattern is IDeclarationPatternOperation { DeclaredSymbol: { } declared })
                {
                    _rejected.Add(declared); // its uses would only repeat this diagnostic
                }

                return Unsupported(
                    pattern,
                    "the pattern '" + OneLine(pattern.Syntax.ToString()) + "'",
                    "use constant ('0'), relational ('< 1.5'), 'and', 'or', 'not' and discard ('_') patterns, or if/else");
        }
    }

    /// <summary>A constant pattern or case label: '==', except that the constant NaN matches NaN (as C# patterns do).</summary>
    private Expr EqualsConstant(Expr value, IOperation constant)
    {
        if (constant.ConstantValue is { HasValue: true, Value: double d } && double.IsNaN(d)
            || constant.ConstantValue is { HasValue: true, Value: float f } && float.IsNaN(f))
        {
            return new BinaryExpr(BinaryOp.NotEquals, value, value, TypeRef.Bool);
        }

        return new BinaryExpr(BinaryOp.Equals, value, ParseExpression(constant, isRoot: false), TypeRef.Bool);
    }
}
