using System;
using System.Globalization;
using Microsoft.CodeAnalysis.CSharp;

namespace GradGen.Generator.Helpers;

/// <summary>Spells constants as C# literals, independent of the machine's culture.</summary>
internal static class CSharpLiterals
{
    public static string Double(double value)
    {
        if (double.IsNaN(value))
        {
            return "global::System.Double.NaN";
        }

        if (double.IsPositiveInfinity(value))
        {
            return "global::System.Double.PositiveInfinity";
        }

        if (double.IsNegativeInfinity(value))
        {
            return "global::System.Double.NegativeInfinity";
        }

        var text = value.ToString("R", CultureInfo.InvariantCulture);
        if (text.IndexOfAny(new[] { '.', 'E', 'e' }) < 0)
        {
            text += ".0";
        }

        return text;
    }

    public static string Float(float value)
    {
        if (float.IsNaN(value))
        {
            return "global::System.Single.NaN";
        }

        if (float.IsPositiveInfinity(value))
        {
            return "global::System.Single.PositiveInfinity";
        }

        if (float.IsNegativeInfinity(value))
        {
            return "global::System.Single.NegativeInfinity";
        }

        return value.ToString("R", CultureInfo.InvariantCulture) + "f";
    }

    /// <summary>Spells any constant; <paramref name="typeText"/> is the global::-qualified type for a cast where C# has no suffix.</summary>
    public static string Constant(object? value, string typeText)
    {
        switch (value)
        {
            case null:
                return "default(" + typeText + ")";
            case double d:
                return Double(d);
            case float f:
                return Float(f);
            case int i:
                return i.ToString(CultureInfo.InvariantCulture);
            case long l:
                return l.ToString(CultureInfo.InvariantCulture) + "L";
            case uint u:
                return u.ToString(CultureInfo.InvariantCulture) + "U";
            case ulong ul:
                return ul.ToString(CultureInfo.InvariantCulture) + "UL";
            case decimal m:
                return m.ToString(CultureInfo.InvariantCulture) + "m";
            case bool b:
                return b ? "true" : "false";
            case string s:
                return SymbolDisplay.FormatLiteral(s, quote: true);
            case char c:
                return SymbolDisplay.FormatLiteral(c, quote: true);
            case short or ushort or byte or sbyte:
                return "((" + typeText + ")" + Convert.ToString(value, CultureInfo.InvariantCulture) + ")";
            default:
                return "default(" + typeText + ")";
        }
    }

    public static bool IsNegative(object? value) => value switch
    {
        double d => d < 0 || (d == 0 && BitConverter.DoubleToInt64Bits(d) < 0),
        float f => f < 0 || (f == 0 && 1 / f < 0),
        int i => i < 0,
        long l => l < 0,
        decimal m => m < 0,
        short s => s < 0,
        sbyte sb => sb < 0,
        _ => false,
    };
}
