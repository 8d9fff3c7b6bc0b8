using System.Collections.Generic;
using System.Linq;

namespace GradGen.Generator.Differentiation.Adjoint;

/// <summary>
/// Finds a loop whose body is straight-line code (statements and comments one level deeper, no nested block): the
/// shape the clean-up passes (<see cref="ElementAdjointMerger.HoistInvariant"/>, <see cref="InvariantTemps"/>) may
/// rewrite without following control flow.
/// </summary>
internal static class StraightLineLoop
{
    /// <summary>
    /// The body's line indices when <paramref name="lines"/>[<paramref name="open"/>] opens a block of one of
    /// <paramref name="kinds"/> whose body is straight-line and which is closed by a plain '}'; else null.
    /// </summary>
    public static List<int>? Body(List<(int Depth, Line Line)> lines, int open, params BlockKind[] kinds)
    {
        if (lines[open].Line is not Open header || !kinds.Contains(header.Kind))
        {
            return null;
        }

        var depth = lines[open].Depth;
        var close = open + 1;
        while (close < lines.Count && lines[close].Depth > depth)
        {
            close++;
        }

        if (close >= lines.Count || lines[close].Line is not Close { DoCondition: null })
        {
            return null;
        }

        var body = Enumerable.Range(open + 1, close - open - 1).ToList();
        return body.All(i => lines[i].Depth == depth + 1 && (lines[i].Line.IsStatement || lines[i].Line is Comment))
            ? body
            : null;
    }

    /// <summary>The index of the '}' that closes the block opened at <paramref name="open"/>, given its body.</summary>
    public static int CloseOf(int open, List<int> body) => body.Count == 0 ? open + 1 : body[body.Count - 1] + 1;
}
