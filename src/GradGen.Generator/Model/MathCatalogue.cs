using System.Collections.Generic;

namespace GradGen.Generator.Model;

/// <summary>
/// The <c>Math</c>/<c>MathF</c> functions (and <c>double</c>'s and <c>float</c>'s static ones of the same names) GradGen
/// differentiates, by name and arity. The parser asks here which calls it keeps as <see cref="MathCallExpr"/>;
/// <c>Differentiation/DerivativeRules</c> holds one rule for each entry (a generator test checks that the two lists agree),
/// so parsing does not depend on differentiation.
/// </summary>
internal static class MathCatalogue
{
    private static readonly HashSet<string> Known = new()
    {
        "Sin/1", "Cos/1", "Tan/1", "Asin/1", "Acos/1", "Atan/1", "Atan2/2",
        "Sinh/1", "Cosh/1", "Tanh/1", "Asinh/1", "Acosh/1", "Atanh/1",
        "Exp/1", "Log/1", "Log/2", "Log10/1", "Log2/1", "Sqrt/1", "Cbrt/1", "Pow/2",
        "Abs/1", "Min/2", "Max/2", "FusedMultiplyAdd/3",
        "Exp2/1", "Exp10/1", "ExpM1/1", "Exp2M1/1", "Exp10M1/1", "LogP1/1", "Log2P1/1", "Log10P1/1",
        "SinPi/1", "CosPi/1", "TanPi/1", "AsinPi/1", "AcosPi/1", "AtanPi/1", "Atan2Pi/2",
        "Hypot/2", "RootN/2", "ScaleB/2", "CopySign/2", "Clamp/3",
        "MaxMagnitude/2", "MinMagnitude/2", "MaxNumber/2", "MinNumber/2", "MaxMagnitudeNumber/2", "MinMagnitudeNumber/2",
        "Lerp/3", "DegreesToRadians/1", "RadiansToDegrees/1", "IEEERemainder/2", "Ieee754Remainder/2",
        "Floor/1", "Ceiling/1", "Round/1", "Round/2", "Truncate/1",
    };

    /// <summary>Every function, as "Name/arity".</summary>
    public static IReadOnlyCollection<string> Functions => Known;

    /// <summary>The functions with an int parameter, and their signature ('r' a double or float, 'i' an int).</summary>
    private static readonly Dictionary<string, string> IntegerArguments = new()
    {
        ["RootN/2"] = "ri",
        ["ScaleB/2"] = "ri",
        ["Round/2"] = "ri",
    };

    /// <summary>
    /// Whether <paramref name="function"/> is differentiated for these parameters: <paramref name="signature"/> has one
    /// letter per parameter, 'r' for double/float and 'i' for int. Only the int parameters an entry declares are
    /// accepted (RootN's n, ScaleB's n, Round's digits), so an overload such as <c>Round(double, MidpointRounding)</c> never takes the rule of another
    /// arity or type.
    /// </summary>
    public static bool IsKnown(string function, string signature)
    {
        var key = function + "/" + signature.Length;
        return Known.Contains(key) && signature == (IntegerArguments.TryGetValue(key, out var expected) ? expected : new string('r', signature.Length));
    }
}
