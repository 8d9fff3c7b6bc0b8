using System;
using System.Text.RegularExpressions;

namespace GradGen.Generator.Differentiation;

/// <summary>
/// Whether a line of generated code may change a variable or any element of it: what the text peepholes
/// (<see cref="ElementAdjointMerger"/>, <see cref="InvariantTemps"/>) must treat as a barrier. Conservative: when the
/// text does not show that a mention only reads, it counts as a write.
/// </summary>
internal static class TextWrites
{
    private static readonly Regex Call = new(@"(?<![A-Za-z0-9_@])(?<callee>(?:global::)?@?[A-Za-z_][A-Za-z0-9_]*(?:\.@?[A-Za-z_][A-Za-z0-9_]*)*)\s*(?:<[^()]*>)?\(", RegexOptions.CultureInvariant);
    private static readonly string[] Assignments = { "+=", "-=", "*=", "/=", "%=", "&=", "|=", "^=", "<<=", ">>=", "??=" };

    /// <summary>
    /// A mention of <paramref name="name"/> that is the target of =, op=, ++ or -- (also through an element access,
    /// <c>idx[0] = _s0;</c>), a ref, out or in argument, or the whole variable passed to a call other than a
    /// <c>System.Math</c> function (which may write the array it is given). Comment lines write nothing.
    /// </summary>
    public static bool MayWrite(string text, string name)
    {
        if (text.StartsWith("//", StringComparison.Ordinal))
        {
            return false;
        }

        var calls = CallsOtherThanMath(text);
        var start = 0;
        while ((start = text.IndexOf(name, start, StringComparison.Ordinal)) >= 0)
        {
            var end = start + name.Length;
            var whole = (start == 0 || !IsNamePart(text[start - 1])) && (end == text.Length || !IsNamePart(text[end]));
            if (whole && WritesAt(text, start, end, calls))
            {
                return true;
            }

            start = end;
        }

        return false;
    }

    private static bool WritesAt(string text, int start, int end, bool calls)
    {
        var after = SkipSpaces(text, end);
        var elements = false;
        while (after < text.Length && text[after] == '[')
        {
            after = SkipSpaces(text, MatchingBracket(text, after) + 1);
            elements = true;
        }

        if (At(text, after, "++") || At(text, after, "--")
            || (At(text, after, "=") && !At(text, after, "=="))
            || Array.Exists(Assignments, op => At(text, after, op)))
        {
            return true;
        }

        var before = text.Substring(0, start).TrimEnd();
        if (before.EndsWith("++", StringComparison.Ordinal) || before.EndsWith("--", StringComparison.Ordinal)
            || Regex.IsMatch(before, @"(^|[^A-Za-z0-9_])(ref|out|in)$"))
        {
            return true;
        }

        // The whole variable handed to a call as an argument (not one of its elements): the call may write it.
        return calls && !elements && (At(text, after, ",") || At(text, after, ")"))
            && (before.EndsWith("(", StringComparison.Ordinal) || before.EndsWith(",", StringComparison.Ordinal));
    }

    private static bool CallsOtherThanMath(string text)
    {
        foreach (Match match in Call.Matches(text))
        {
            var callee = match.Groups["callee"].Value;
            if (!callee.StartsWith("global::System.Math.", StringComparison.Ordinal)
                && !callee.StartsWith("global::System.MathF.", StringComparison.Ordinal))
            {
                return true;
            }
        }

        return false;
    }

    private static int MatchingBracket(string text, int open)
    {
        var depth = 0;
        for (var i = open; i < text.Length; i++)
        {
            depth += text[i] == '[' ? 1 : text[i] == ']' ? -1 : 0;
            if (depth == 0)
            {
                return i;
            }
        }

        return text.Length - 1;
    }

    private static int SkipSpaces(string text, int index)
    {
        while (index < text.Length && text[index] == ' ')
        {
            index++;
        }

        return index;
    }

    private static bool IsNamePart(char c) => char.IsLetterOrDigit(c) || c == '_' || c == '@';

    private static bool At(string text, int index, string token) =>
        index + token.Length <= text.Length && string.CompareOrdinal(text, index, token, 0, token.Length) == 0;
}
