using System;
using System.Globalization;
using Microsoft.CodeAnalysis;
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

    /// <summary>
    /// Spells a constant of <paramref name="type"/> (spelled <paramref name="typeText"/>, global::-qualified) so that it
    /// has that type wherever it is printed: a literal where C# has one of that type (<c>2.0</c>, <c>3L</c>, <c>1.5m</c>,
    /// <c>'a'</c>), an enum member by name (<c>global::System.DayOfWeek.Monday</c>), a cast otherwise
    /// (<c>((global::Fl)3)</c>, <c>((byte)5)</c>, <c>((nint)(-4))</c>), <c>default(T)</c> for null. An enum constant
    /// printed as its integer would not convert back (CS0266, CS0019), nor would an nint one keep nint arithmetic.
    /// </summary>
    public static string Constant(object? value, ITypeSymbol type, string typeText)
    {
        if (value is null)
        {
            return "default(" + typeText + ")";
        }

        if (type is INamedTypeSymbol { TypeKind: TypeKind.Enum } enumType)
        {
            // A member whose name did not parse (ill-formed input: 'enum E { A,, B }') prints as a cast instead.
            foreach (var member in enumType.GetMembers())
            {
                if (member is IFieldSymbol { HasConstantValue: true } field && Equals(field.ConstantValue, value) && SyntaxFacts.IsValidIdentifier(field.Name))
                {
                    return typeText + "." + Naming.Escape(field.Name);
                }
            }

            return Cast(typeText, value);
        }

        var natural = NaturalType(value);
        return natural != SpecialType.None && type.SpecialType == natural ? Natural(value) : Cast(typeText, value);
    }

    /// <summary>The type C# gives the literal <see cref="Natural"/> spells, or None where it has no literal.</summary>
    private static SpecialType NaturalType(object value) => value switch
    {
        double => SpecialType.System_Double,
        float => SpecialType.System_Single,
        int => SpecialType.System_Int32,
        long => SpecialType.System_Int64,
        uint => SpecialType.System_UInt32,
        ulong => SpecialType.System_UInt64,
        decimal => SpecialType.System_Decimal,
        bool => SpecialType.System_Boolean,
        string => SpecialType.System_String,
        char => SpecialType.System_Char,
        _ => SpecialType.None,
    };

    private static string Natural(object value) => value switch
    {
        double d => Double(d),
        float f => Float(f),
        int i => i.ToString(CultureInfo.InvariantCulture),
        long l => l.ToString(CultureInfo.InvariantCulture) + "L",
        uint u => u.ToString(CultureInfo.InvariantCulture) + "U",
        ulong ul => ul.ToString(CultureInfo.InvariantCulture) + "UL",
        decimal m => m.ToString(CultureInfo.InvariantCulture) + "m",
        bool b => b ? "true" : "false",
        string s => SymbolDisplay.FormatLiteral(s, quote: true),
        char c => SymbolDisplay.FormatLiteral(c, quote: true),
        _ => throw new ArgumentException("No literal for " + value.GetType().Name, nameof(value)),
    };

    /// <summary>'((T)5)'; a negative operand in parentheses, since '(T)-5' reads as a subtraction when T is not a keyword.</summary>
    private static string Cast(string typeText, object value)
    {
        var digits = NaturalType(value) != SpecialType.None ? Natural(value) : Convert.ToString(value, CultureInfo.InvariantCulture);
        if (digits.StartsWith("-", StringComparison.Ordinal))
        {
            digits = "(" + digits + ")";
        }

        return "((" + typeText + ")" + digits + ")";
    }

    /// <summary>Whether <see cref="Constant"/> printed a leading minus sign (it then binds like a unary expression).</summary>
    public static bool IsNegative(string text) => text.StartsWith("-", StringComparison.Ordinal);
}
