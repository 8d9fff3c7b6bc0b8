using System.Collections.Generic;
using GradGen.Generator.Helpers;

namespace GradGen.Generator.Differentiation;

/// <summary>
/// What a derivative rule may ask for (the call's arguments and value) and the algebra it writes its partial derivative
/// in. The same rule serves the reverse sweep, which prints C# (<c>T</c> = <see cref="Code"/>, arguments bound to locals
/// when not simple), and forward mode, which builds model expressions (<c>T</c> = <see cref="Model.Expr"/>) that can be
/// differentiated again.
/// </summary>
internal interface IRuleContext<T>
{
    T Arg(int index);

    T Result();

    T Literal(double value);

    /// <summary>A call on the same class as the differentiated call (Math or MathF).</summary>
    T Call(string function, params T[] arguments);

    T Add(T left, T right);

    T Subtract(T left, T right);

    T Multiply(T left, T right);

    T Divide(T left, T right);

    T Negate(T operand);

    T Conditional(T condition, T whenTrue, T whenFalse);

    /// <summary>A comparison: <paramref name="op"/> is one of ==, &lt;, &gt;, &lt;=, &gt;=.</summary>
    T Compare(T left, string op, T right);
}

/// <summary>
/// The derivative of every System.Math / System.MathF function GradGen knows, one rule per function
/// (JAX's one-rule-per-primitive table). A rule returns ∂f/∂argument; a null rule (and <c>ZeroArguments</c>) marks a zero derivative.
/// Conventions at non-smooth points (documented in docs/derivatives.md):
/// Abs'(0) = 0; Min and Max give the whole adjoint to the first argument on ties; Floor, Ceiling, Round and
/// Truncate have derivative 0; Pow's derivative in the exponent is taken as 0 where the base is not positive.
/// </summary>
internal static class DerivativeRules
{
    private const double Pi = 3.141592653589793;
    private const double Ln2 = 0.6931471805599453;
    private const double Ln10 = 2.302585092994046;

    /// <summary>The table, once per algebra: <see cref="Code"/> for the reverse sweep, model expressions for forward mode.</summary>
    private static class Table<T>
    {
        public delegate T Rule(IRuleContext<T> c, int argument);

        private static T ChosenArgument(IRuleContext<T> c, int argument) => c.Conditional(
            c.Compare(c.Result(), "==", c.Arg(0)),
            c.Literal(argument == 0 ? 1 : 0),
            c.Literal(argument == 0 ? 0 : 1));

        private static T IeeeRemainder(IRuleContext<T> c, int argument) =>
            argument == 0 ? c.Literal(1) : c.Negate(c.Call("Round", c.Divide(c.Arg(0), c.Arg(1))));

        public static readonly Dictionary<string, Rule?> Rules = new()
        {
            // sin' = cos, cos' = -sin, tan' = 1 + tan²
            ["Sin/1"] = (c, _) => c.Call("Cos", c.Arg(0)),
            ["Cos/1"] = (c, _) => c.Negate(c.Call("Sin", c.Arg(0))),
            ["Tan/1"] = (c, _) => c.Add(c.Literal(1), c.Multiply(c.Result(), c.Result())),

            // asin' = 1/√(1-x²), acos' = -1/√(1-x²), atan' = 1/(1+x²)
            ["Asin/1"] = (c, _) => c.Divide(c.Literal(1), c.Call("Sqrt", c.Subtract(c.Literal(1), c.Multiply(c.Arg(0), c.Arg(0))))),
            ["Acos/1"] = (c, _) => c.Negate(c.Divide(c.Literal(1), c.Call("Sqrt", c.Subtract(c.Literal(1), c.Multiply(c.Arg(0), c.Arg(0)))))),
            ["Atan/1"] = (c, _) => c.Divide(c.Literal(1), c.Add(c.Literal(1), c.Multiply(c.Arg(0), c.Arg(0)))),

            // atan2(y, x): ∂y = x/(x²+y²), ∂x = -y/(x²+y²)
            ["Atan2/2"] = (c, i) => i == 0
                ? c.Divide(c.Arg(1), c.Add(c.Multiply(c.Arg(1), c.Arg(1)), c.Multiply(c.Arg(0), c.Arg(0))))
                : c.Negate(c.Divide(c.Arg(0), c.Add(c.Multiply(c.Arg(1), c.Arg(1)), c.Multiply(c.Arg(0), c.Arg(0))))),

            // sinh' = cosh, cosh' = sinh, tanh' = 1 - tanh²
            ["Sinh/1"] = (c, _) => c.Call("Cosh", c.Arg(0)),
            ["Cosh/1"] = (c, _) => c.Call("Sinh", c.Arg(0)),
            ["Tanh/1"] = (c, _) => c.Subtract(c.Literal(1), c.Multiply(c.Result(), c.Result())),

            // asinh' = 1/√(x²+1), acosh' = 1/√(x²-1), atanh' = 1/(1-x²)
            ["Asinh/1"] = (c, _) => c.Divide(c.Literal(1), c.Call("Sqrt", c.Add(c.Multiply(c.Arg(0), c.Arg(0)), c.Literal(1)))),
            ["Acosh/1"] = (c, _) => c.Divide(c.Literal(1), c.Call("Sqrt", c.Subtract(c.Multiply(c.Arg(0), c.Arg(0)), c.Literal(1)))),
            ["Atanh/1"] = (c, _) => c.Divide(c.Literal(1), c.Subtract(c.Literal(1), c.Multiply(c.Arg(0), c.Arg(0)))),

            // exp' = exp; log' = 1/x; log_b(x) = ln x / ln b: ∂x = 1/(x ln b), ∂b = -ln x/(b ln² b)
            ["Exp/1"] = (c, _) => c.Result(),
            ["Log/1"] = (c, _) => c.Divide(c.Literal(1), c.Arg(0)),
            ["Log/2"] = (c, i) => i == 0
                ? c.Divide(c.Literal(1), c.Multiply(c.Arg(0), c.Call("Log", c.Arg(1))))
                : c.Negate(c.Divide(c.Result(), c.Multiply(c.Arg(1), c.Call("Log", c.Arg(1))))),
            ["Log10/1"] = (c, _) => c.Divide(c.Literal(1), c.Multiply(c.Arg(0), c.Literal(2.302585092994046))),
            ["Log2/1"] = (c, _) => c.Divide(c.Literal(1), c.Multiply(c.Arg(0), c.Literal(0.6931471805599453))),

            // √x' = 1/(2√x), ∛x' = 1/(3∛x²)
            ["Sqrt/1"] = (c, _) => c.Divide(c.Literal(0.5), c.Result()),
            ["Cbrt/1"] = (c, _) => c.Divide(c.Literal(1), c.Multiply(c.Literal(3), c.Multiply(c.Result(), c.Result()))),

            // pow(x, y): ∂x = y·pow(x, y-1), ∂y = pow(x, y)·ln x (0 where x ≤ 0, where ln x is not real)
            ["Pow/2"] = (c, i) => i == 0
                ? c.Multiply(c.Arg(1), c.Call("Pow", c.Arg(0), c.Subtract(c.Arg(1), c.Literal(1))))
                : c.Conditional(
                    c.Compare(c.Arg(0), ">", c.Literal(0)),
                    c.Multiply(c.Result(), c.Call("Log", c.Arg(0))),
                    c.Literal(0)),

            // |x|' = sign(x), with 0 at 0
            ["Abs/1"] = (c, _) => c.Conditional(
                c.Compare(c.Arg(0), ">", c.Literal(0)),
                c.Literal(1),
                c.Conditional(c.Compare(c.Arg(0), "<", c.Literal(0)), c.Literal(-1), c.Literal(0))),

            // min/max pass the adjoint to the argument they chose; ties go to the first
            ["Min/2"] = (c, i) => c.Conditional(
                c.Compare(c.Arg(0), "<=", c.Arg(1)),
                c.Literal(i == 0 ? 1 : 0),
                c.Literal(i == 0 ? 0 : 1)),
            ["Max/2"] = (c, i) => c.Conditional(
                c.Compare(c.Arg(0), ">=", c.Arg(1)),
                c.Literal(i == 0 ? 1 : 0),
                c.Literal(i == 0 ? 0 : 1)),

            // fma(a, b, c) = a·b + c
            ["FusedMultiplyAdd/3"] = (c, i) => i switch
            {
                0 => c.Arg(1),
                1 => c.Arg(0),
                _ => c.Literal(1),
            },

            // double/float-only exponentials and logarithms: exp2' = r·ln 2, exp10' = r·ln 10, (eˣ−1)' = r + 1, …
            ["Exp2/1"] = (c, _) => c.Multiply(c.Result(), c.Literal(Ln2)),
            ["Exp10/1"] = (c, _) => c.Multiply(c.Result(), c.Literal(Ln10)),
            ["ExpM1/1"] = (c, _) => c.Add(c.Result(), c.Literal(1)),
            ["Exp2M1/1"] = (c, _) => c.Multiply(c.Add(c.Result(), c.Literal(1)), c.Literal(Ln2)),
            ["Exp10M1/1"] = (c, _) => c.Multiply(c.Add(c.Result(), c.Literal(1)), c.Literal(Ln10)),
            ["LogP1/1"] = (c, _) => c.Divide(c.Literal(1), c.Add(c.Arg(0), c.Literal(1))),
            ["Log2P1/1"] = (c, _) => c.Divide(c.Literal(1), c.Multiply(c.Add(c.Arg(0), c.Literal(1)), c.Literal(Ln2))),
            ["Log10P1/1"] = (c, _) => c.Divide(c.Literal(1), c.Multiply(c.Add(c.Arg(0), c.Literal(1)), c.Literal(Ln10))),

            // sinπ(x)' = π cosπ(x), cosπ(x)' = −π sinπ(x), tanπ(x)' = π(1 + r²); asinπ = asin/π, …
            ["SinPi/1"] = (c, _) => c.Multiply(c.Literal(Pi), c.Call("CosPi", c.Arg(0))),
            ["CosPi/1"] = (c, _) => c.Negate(c.Multiply(c.Literal(Pi), c.Call("SinPi", c.Arg(0)))),
            ["TanPi/1"] = (c, _) => c.Multiply(c.Literal(Pi), c.Add(c.Literal(1), c.Multiply(c.Result(), c.Result()))),
            ["AsinPi/1"] = (c, _) => c.Divide(c.Literal(1), c.Multiply(c.Literal(Pi), c.Call("Sqrt", c.Subtract(c.Literal(1), c.Multiply(c.Arg(0), c.Arg(0)))))),
            ["AcosPi/1"] = (c, _) => c.Negate(c.Divide(c.Literal(1), c.Multiply(c.Literal(Pi), c.Call("Sqrt", c.Subtract(c.Literal(1), c.Multiply(c.Arg(0), c.Arg(0))))))),
            ["AtanPi/1"] = (c, _) => c.Divide(c.Literal(1), c.Multiply(c.Literal(Pi), c.Add(c.Literal(1), c.Multiply(c.Arg(0), c.Arg(0))))),
            ["Atan2Pi/2"] = (c, i) => c.Divide(
                i == 0 ? c.Arg(1) : c.Negate(c.Arg(0)),
                c.Multiply(c.Literal(Pi), c.Add(c.Multiply(c.Arg(1), c.Arg(1)), c.Multiply(c.Arg(0), c.Arg(0))))),

            // hypot(x, y) = √(x² + y²): ∂x = x/r, ∂y = y/r; rootN(x, n) = x^(1/n): ∂x = r/(n·x)
            ["Hypot/2"] = (c, i) => c.Divide(c.Arg(i), c.Result()),
            ["RootN/2"] = (c, _) => c.Divide(c.Result(), c.Multiply(c.Arg(1), c.Arg(0))),

            // scaleB(x, n) = x·2ⁿ; copySign(x, y) = |x|·sign(y): ∂x = ±1 (the sign r has over x), ∂y = 0 almost everywhere
            ["ScaleB/2"] = (c, _) => c.Call("ScaleB", c.Literal(1), c.Arg(1)),
            ["CopySign/2"] = (c, _) => c.Multiply(
                c.Call("CopySign", c.Literal(1), c.Arg(1)),
                c.Conditional(c.Compare(c.Arg(0), "<", c.Literal(0)), c.Literal(-1), c.Literal(1))),

            // clamp(x, lo, hi): the adjoint goes to whichever argument the value is (x on ties with a bound)
            ["Clamp/3"] = (c, i) => c.Conditional(
                c.Compare(c.Arg(0), "<", c.Arg(1)),
                c.Literal(i == 1 ? 1 : 0),
                c.Conditional(c.Compare(c.Arg(0), ">", c.Arg(2)), c.Literal(i == 2 ? 1 : 0), c.Literal(i == 0 ? 1 : 0))),

            // MaxMagnitude, MinNumber, …: the adjoint goes to the argument the value equals, the first on ties
            ["MaxMagnitude/2"] = ChosenArgument,
            ["MinMagnitude/2"] = ChosenArgument,
            ["MaxNumber/2"] = ChosenArgument,
            ["MinNumber/2"] = ChosenArgument,
            ["MaxMagnitudeNumber/2"] = ChosenArgument,
            ["MinMagnitudeNumber/2"] = ChosenArgument,

            // lerp(a, b, t) = a·(1 − t) + b·t
            ["Lerp/3"] = (c, i) => i switch
            {
                0 => c.Subtract(c.Literal(1), c.Arg(2)),
                1 => c.Arg(2),
                _ => c.Subtract(c.Arg(1), c.Arg(0)),
            },
            ["DegreesToRadians/1"] = (c, _) => c.Literal(Pi / 180),
            ["RadiansToDegrees/1"] = (c, _) => c.Literal(180 / Pi),

            // IEEE remainder x − y·round(x/y) (round half to even, as Math.Round): ∂x = 1, ∂y = −round(x/y)
            ["IEEERemainder/2"] = IeeeRemainder,
            ["Ieee754Remainder/2"] = IeeeRemainder,

            // Piecewise constant: derivative 0 almost everywhere.
            ["Floor/1"] = null,
            ["Ceiling/1"] = null,
            ["Round/1"] = null,
            ["Round/2"] = null,
            ["Truncate/1"] = null,
        };
    }

    /// <summary>
    /// Functions whose derivative is written with their value only (exp' = exp, tanh' = 1 − tanh², √' = 1/(2√),
    /// ∛' = 1/(3∛²), tan' = 1 + tan²). Where such a call is the whole right-hand side of an assignment, the reverse sweep
    /// reads the value the assignment stored instead of calling the function again, and needs no argument value at all.
    /// </summary>
    private static readonly HashSet<string> ValueOnly = new() { "Exp/1", "Tanh/1", "Sqrt/1", "Cbrt/1", "Tan/1", "Exp2/1", "Exp10/1", "ExpM1/1" };

    /// <summary>The functions with a rule, as "Name/arity" (<see cref="Model.MathCatalogue"/> lists the same ones).</summary>
    public static IEnumerable<string> Functions => Table<Code>.Rules.Keys;

    public static bool UsesOnlyResult(string function, int arity) => ValueOnly.Contains(function + "/" + arity);

    /// <summary>Arguments in which a function with a rule is piecewise constant: CopySign's sign argument.</summary>
    private static readonly HashSet<string> ZeroArguments = new() { "CopySign/2/1" };

    /// <summary>∂f/∂argument written in the context's algebra; false where it is zero (Floor, CopySign's sign, …).</summary>
    public static bool TryPartial<T>(string function, int arity, IRuleContext<T> context, int argument, out T partial)
    {
        var key = function + "/" + arity;
        if (Table<T>.Rules.TryGetValue(key, out var rule) && rule is not null
            && !ZeroArguments.Contains(key + "/" + argument.ToString(System.Globalization.CultureInfo.InvariantCulture)))
        {
            partial = rule(context, argument);
            return true;
        }

        partial = default!;
        return false;
    }
}
