using System;
using System.Collections.Generic;
using System.Linq;

namespace GradGen.Generator.Differentiation;

/// <summary>
/// Finds, in reverse-sweep text, a loop whose body is straight-line code (statements and comments one level deeper, no
/// nested block): the shape the text peepholes (<see cref="ElementAdjointMerger.HoistInvariant"/>,
/// <see cref="InvariantTemps"/>) may rewrite without following control flow.
/// </summary>
internal static class StraightLineLoop
{
    /// <summary>
    /// The body's line indices when <paramref name="lines"/>[<paramref name="open"/>] is the '{' under a header that
    /// starts with one of <paramref name="headers"/> and its body is straight-line; else null.
    /// </summary>
    public static List<int>? Body(List<(int Depth, string Text)> lines, int open, params string[] headers)
    {
        var header = lines[open - 1].Text;
        if (lines[open].Text != "{" || !headers.Any(h => header.StartsWith(h, StringComparison.Ordinal)))
        {
            return null;
        }

        var depth = lines[open].Depth;
        var close = open + 1;
        while (close < lines.Count && lines[close].Depth > depth)
        {
            close++;
        }

        if (close >= lines.Count || lines[close].Text != "}")
        {
            return null;
        }

        var body = Enumerable.Range(open + 1, close - open - 1).ToList();
        return body.All(i => lines[i].Depth == depth + 1 && (lines[i].Text.EndsWith(";", StringComparison.Ordinal) || lines[i].Text.StartsWith("//", StringComparison.Ordinal)))
            ? body
            : null;
    }
}
