using System.Linq;
using GradGen.Generator.Helpers;
using GradGen.Generator.Model;

namespace GradGen.Generator.Differentiation.Forward;

/// <summary>
/// Model expressions for tangents, with the simplifications that keep them short: a zero tangent is <c>null</c> and
/// disappears from sums and products, a factor of one is dropped. Nothing here prints C#: the tangent model can be
/// printed (Pushforward) or differentiated again in reverse (Hessian-vector products).
/// </summary>
internal static class TangentRules
{
    public static LiteralExpr Literal(TypeRef type, double value) => type.Kind == NumericKind.Float
        ? new LiteralExpr(CSharpLiterals.Float((float)value), TypeRef.Float, value < 0)
        : new LiteralExpr(CSharpLiterals.Double(value), TypeRef.Double, value < 0);

    public static bool IsOne(Expr expr) => expr is LiteralExpr { Text: "1d" or "1.0" or "1" or "1f" or "1.0f" or "1D" or "1F" };

    public static Expr? Add(Expr? left, Expr? right, TypeRef type) =>
        left is null ? right : right is null ? left : new BinaryExpr(BinaryOp.Add, left, right, type);

    public static Expr? Subtract(Expr? left, Expr? right, TypeRef type) =>
        right is null ? left : left is null ? Negate(right, type) : new BinaryExpr(BinaryOp.Subtract, left, right, type);

    public static Expr? Negate(Expr? operand, TypeRef type) => operand switch
    {
        null => null,
        UnaryExpr { Op: UnaryOp.Negate } inner => inner.Operand,
        _ => new UnaryExpr(UnaryOp.Negate, operand, type),
    };

    /// <summary>factor · tangent, or null when the tangent is zero.</summary>
    public static Expr? Scale(Expr factor, Expr? tangent, TypeRef type) =>
        tangent is null ? null : IsOne(factor) ? tangent : IsOne(tangent) ? factor : new BinaryExpr(BinaryOp.Multiply, factor, tangent, type);

    /// <summary>The derivative rules of <see cref="DerivativeRules"/>, building model expressions over the call's arguments.</summary>
    public sealed class Context : IRuleContext<Expr>
    {
        private readonly MathCallExpr _call;
        private readonly Expr _result;

        /// <param name="call">The call, its arguments already simple where they are read more than once.</param>
        /// <param name="result">Its value: a variable holding it, or the call itself where it cannot be bound.</param>
        public Context(MathCallExpr call, Expr result)
        {
            _call = call;
            _result = result;
        }

        private TypeRef Type => _call.Type;

        public Expr Arg(int index) => _call.Arguments[index];

        public Expr Result() => _result;

        public Expr Literal(double value) => TangentRules.Literal(Type, value);

        public Expr Call(string function, params Expr[] arguments) =>
            new MathCallExpr(_call.ClassName, function, arguments.ToEquatableArray(), Type);

        public Expr Add(Expr left, Expr right) => new BinaryExpr(BinaryOp.Add, left, right, Type);

        public Expr Subtract(Expr left, Expr right) => new BinaryExpr(BinaryOp.Subtract, left, right, Type);

        public Expr Multiply(Expr left, Expr right) =>
            IsOne(left) ? right : IsOne(right) ? left : new BinaryExpr(BinaryOp.Multiply, left, right, Type);

        public Expr Divide(Expr left, Expr right) => IsOne(right) ? left : new BinaryExpr(BinaryOp.Divide, left, right, Type);

        public Expr Negate(Expr operand) => TangentRules.Negate(operand, Type)!;

        public Expr Conditional(Expr condition, Expr whenTrue, Expr whenFalse) => new ConditionalExpr(condition, whenTrue, whenFalse, Type);

        public Expr Compare(Expr left, string op, Expr right) => new BinaryExpr(
            op switch
            {
                "==" => BinaryOp.Equals,
                "<" => BinaryOp.LessThan,
                ">" => BinaryOp.GreaterThan,
                "<=" => BinaryOp.LessThanOrEqual,
                _ => BinaryOp.GreaterThanOrEqual,
            },
            left,
            right,
            TypeRef.Bool);
    }
}
