using System;
using GradGen.Fuzz.Tests.Programs;
using static GradGen.Fuzz.Tests.Generation.ExprGen;

namespace GradGen.Fuzz.Tests.Generation;

/// <summary>
/// Calls to every Math/MathF function GradGen differentiates and to the static math of double/float itself
/// (docs/derivatives.md), each with its argument kept in
/// the function's smooth domain: <c>Log(1 + e·e)</c>, <c>Asin(0.9·Tanh(e))</c>, <c>Acosh(1.5 + e·e)</c>, …
/// The non-smooth ones (Abs, Min, Max, Floor, …) appear bare: the oracle skips points near their kinks.
/// </summary>
internal static class MathGen
{
    private static readonly string[] Functions =
    {
        "Sin", "Cos", "Tan", "Asin", "Acos", "Atan", "Atan2", "Sinh", "Cosh", "Tanh", "Asinh", "Acosh", "Atanh",
        "Exp", "Log", "Log2Args", "Log10", "Log2", "Sqrt", "Cbrt", "Pow", "Abs", "Min", "Max", "FusedMultiplyAdd",
        "Floor", "Ceiling", "Round", "Truncate",
        "Exp2", "Exp10", "ExpM1", "LogP1", "SinPi", "CosPi", "Hypot", "RootN", "Lerp", "Clamp", "ScaleB",
        "MaxMagnitude", "DegreesToRadians",
    };

    public static Expr Call(GenContext c, int depth, Ty t, bool calls)
    {
        string f = c.Pick(Functions);
        c.Feature("Math." + f);
        Func<Expr> e = () => Real(c, depth - 1, t, calls);
        Func<Expr> bounded = () => c.Chance(0.5) ? M(t, "Tanh", e()) : M(t, "Sin", e());
        return f switch
        {
            "Sin" or "Cos" or "Atan" or "Asinh" or "Tanh" => M(t, f, e()),
            "Tan" => M(t, f, M(t, "Sin", e())),
            "Asin" or "Acos" => M(t, f, B(t, "*", L(t, 0.9), bounded())),
            "Atanh" => M(t, f, B(t, "*", L(t, 0.8), bounded())),
            "Atan2" => c.Chance(0.7) ? M(t, f, e(), Positive(c, depth - 1, t, calls)) : M(t, f, e(), e()),
            "Sinh" or "Cosh" => M(t, f, B(t, "*", L(t, 2), bounded())),
            "Acosh" => M(t, f, B(t, "+", L(t, 1), Positive(c, depth - 1, t, calls))),
            "Exp" => M(t, f, c.Chance(0.5) ? bounded() : B(t, "-", L(t, 0), Square(e(), t))),
            "Log" or "Log10" or "Log2" or "Sqrt" => M(t, f, PositiveOrSoft(c, depth, t, calls)),
            "Log2Args" => M(t, "Log", PositiveOrSoft(c, depth, t, calls), B(t, "+", L(t, 1.5), Square(e(), t))),
            "Cbrt" => M(t, f, c.Chance(0.7) ? Positive(c, depth - 1, t, calls) : e()),
            "Pow" => Pow(c, depth, t, calls),
            "Abs" => M(t, f, e()),
            "Min" or "Max" => M(t, f, e(), e()),
            "FusedMultiplyAdd" => M(t, f, e(), e(), e()),

            // The static math of double and float themselves (double.Exp2, float.SinPi, …).
            "Exp2" or "Exp10" or "ExpM1" or "SinPi" or "CosPi" or "DegreesToRadians" => N(t, f, bounded()),
            "LogP1" => N(t, f, PositiveOrSoft(c, depth, t, calls)),
            "Hypot" => N(t, f, e(), B(t, "+", L(t, 0.5), Positive(c, depth - 1, t, calls))),
            "RootN" => N(t, f, Positive(c, depth - 1, t, calls), L(Ty.Int, 3)),
            "Lerp" => N(t, f, e(), e(), bounded()),
            "Clamp" => N(t, f, e(), L(t, -0.5), L(t, 0.5)),
            "ScaleB" => N(t, f, e(), L(Ty.Int, c.Pick(new[] { -1.0, 2.0 }))),
            "MaxMagnitude" => N(t, f, e(), e()),
            _ => M(t, f, e()),
        };
    }

    private static Expr N(Ty t, string name, params Expr[] args) => new Call(t, CallTarget.Numeric, name, System.Collections.Immutable.ImmutableArray.Create(args));

    private static Expr Square(Expr e, Ty t) => B(t, "*", e, e);

    /// <summary>A positive argument: <c>k + e·e</c>, <c>2 + sin e</c> or <c>exp(tanh e)</c>.</summary>
    private static Expr PositiveOrSoft(GenContext c, int depth, Ty t, bool calls) => c.Random.Next(3) switch
    {
        0 => Positive(c, depth - 1, t, calls),
        1 => B(t, "+", L(t, 2), M(t, "Sin", Real(c, depth - 1, t, calls))),
        _ => M(t, "Exp", M(t, "Tanh", Real(c, depth - 1, t, calls))),
    };

    /// <summary><c>Pow(positive, bounded)</c>, or an integer power of anything.</summary>
    private static Expr Pow(GenContext c, int depth, Ty t, bool calls) => c.Chance(0.5)
        ? M(t, "Pow", Positive(c, depth - 1, t, calls), B(t, "*", L(t, 1.5), M(t, "Sin", Real(c, depth - 1, t, calls))))
        : M(t, "Pow", Real(c, depth - 1, t, calls), L(t, c.Pick(new[] { 2.0, 3.0 })));
}
