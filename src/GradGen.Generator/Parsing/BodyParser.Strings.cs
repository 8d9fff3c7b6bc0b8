using System.Collections.Generic;
using GradGen.Generator.Helpers;
using GradGen.Generator.Model;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp;
using Microsoft.CodeAnalysis.Operations;

namespace GradGen.Generator.Parsing;

/// <summary>
/// Logging: interpolated strings (<c>$"loss {loss,8:F4}"</c>) are modelled so the forward sweep prints them as written.
/// A string has no derivative; the soundness rule reports one that reaches the result (docs/design.md, "Logging").
/// </summary>
internal sealed partial class BodyParser
{
    private Expr ParseInterpolatedString(IInterpolatedStringOperation interpolated, TypeRef type)
    {
        var texts = new List<string>();
        var values = new List<Expr>();
        var formats = new List<string>();
        var text = string.Empty;
        foreach (var part in interpolated.Parts)
        {
            switch (part)
            {
                case IInterpolatedStringTextOperation { Text.ConstantValue: { HasValue: true, Value: string literal } }:
                    text += Escape(literal);
                    break;
                case IInterpolationOperation hole:
                    var format = string.Empty;
                    if (hole.Alignment is { ConstantValue: { HasValue: true, Value: int alignment } })
                    {
                        format += "," + alignment.ToString(System.Globalization.CultureInfo.InvariantCulture);
                    }
                    else if (hole.Alignment is not null)
                    {
                        return Unsupported(hole.Alignment, "the alignment '" + OneLine(hole.Alignment.Syntax.ToString()) + "'", "use a constant alignment");
                    }

                    if (hole.FormatString is { ConstantValue: { HasValue: true, Value: string formatString } })
                    {
                        format += ":" + formatString.Replace("{", "{{").Replace("}", "}}");
                    }

                    texts.Add(text);
                    text = string.Empty;
                    values.Add(ParseExpression(hole.Expression, isRoot: false));
                    formats.Add(format);
                    break;
                default:
                    return Unsupported(part, "the interpolated string '" + OneLine(interpolated.Syntax.ToString()) + "'", "use plain '{value,alignment:format}' holes");
            }
        }

        texts.Add(text);
        return new InterpolatedStringExpr(texts.ToEquatableArray(), values.ToEquatableArray(), formats.ToEquatableArray(), type);
    }

    /// <summary>The text of a literal part as it goes between the quotes of a regular <c>$"…"</c>.</summary>
    private static string Escape(string literal)
    {
        var quoted = SymbolDisplay.FormatLiteral(literal, quote: true);
        return quoted.Substring(1, quoted.Length - 2).Replace("{", "{{").Replace("}", "}}");
    }

    /// <summary>
    /// A double or float boxed to 'object' as a call's argument (<c>string.Format("{0:F3}", x)</c>,
    /// <c>Console.WriteLine("{0}", x)</c>) or an operand of string concatenation (<c>"sse = " + sse</c>). The soundness rule follows the boxed value like any other: a call that
    /// could return it (an 'object' result cast back) or keep it (<c>list.Add(x)</c>) is an error there.
    /// </summary>
    private static bool IsBoxedArgument(IConversionOperation conversion) =>
        !conversion.Conversion.IsUserDefined && conversion.Type?.SpecialType == SpecialType.System_Object && conversion.Parent is IArgumentOperation or IBinaryOperation { Type.SpecialType: SpecialType.System_String };
}
