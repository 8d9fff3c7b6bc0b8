using System;
using System.Collections.Generic;
using System.Linq;
using System.Text.RegularExpressions;

namespace GradGen.Generator.Differentiation;

/// <summary>
/// A peephole on the reverse sweep's lines: in a <c>while</c> loop with a straight-line body, a temporary the body
/// declares from values nothing in the loop changes (<c>double _t3 = x[p * d + i] - means[c * d + i];</c> in the reverse
/// of the GMM's loop over j) is computed once, before the loop. The JIT cannot do this itself: the body stores into
/// adjoint spans, and a store through one span may change what any other span reads.
/// <para>
/// Invariant means: no name the expression mentions is assigned in the loop (header included), no array it reads is
/// written there (an element write anywhere in a line, <c>idx[0] = _s0;</c>, counts: <see cref="TextWrites"/>), and the body calls nothing but <c>global::System.Math</c> functions (a call could write any span).
/// Hoisted code runs only if the loop runs (<c>if (cond) { temps; while (cond) { … } }</c>): an index that is valid in
/// every iteration need not be valid when there is none. With the loop running, the hoisted expression reads the same
/// values its first evaluation in the body would have.
/// </para>
/// </summary>
internal static class InvariantTemps
{
    private static readonly Regex Temp = new(@"^(?<type>double|float|int) (?<name>_t[0-9]+) = (?<expr>[^;]+);$", RegexOptions.CultureInvariant);
    private static readonly Regex Identifier = new(@"(?<![A-Za-z0-9_@.:])(?:global::)?@?[A-Za-z_][A-Za-z0-9_]*(?:\.[A-Za-z_][A-Za-z0-9_]*)*", RegexOptions.CultureInvariant);
    private static readonly Regex ElementTarget = new(@"^(?<name>@?[A-Za-z_][A-Za-z0-9_]*)\[.*\] ?[-+*/%&|^]?= ", RegexOptions.CultureInvariant);
    private static readonly string[] Steps = { "++", "--" };
    private static readonly string[] Assignments = { "=", "+=", "-=", "*=", "/=", "%=", "&=", "|=", "^=", "<<=", ">>=" };

    public static void Hoist(List<(int Depth, string Text)> lines)
    {
        for (var open = 1; open < lines.Count; open++)
        {
            var header = lines[open - 1].Text;
            if (!header.EndsWith(")", StringComparison.Ordinal)
                || StraightLineLoop.Body(lines, open, "while (") is not { } body
                || body.Any(i => !IsComment(lines[i].Text) && Calls(lines[i].Text, allowPops: true)))
            {
                continue;
            }

            var close = body.Count == 0 ? open + 1 : body[body.Count - 1] + 1;

            var assigned = new HashSet<string>(StringComparer.Ordinal);
            var written = new HashSet<string>(StringComparer.Ordinal);
            var assignments = new Dictionary<string, int>(StringComparer.Ordinal);
            foreach (var i in body.Append(open - 1).Where(i => !IsComment(lines[i].Text)))
            {
                assigned.UnionWith(AssignedNames(lines[i].Text, assignments));
                if (ElementTarget.Match(lines[i].Text) is { Success: true } target)
                {
                    written.Add(target.Groups["name"].Value);
                }
            }

            var hoisted = new List<int>();
            foreach (var i in body)
            {
                var match = Temp.Match(lines[i].Text);
                if (!match.Success || assignments.TryGetValue(match.Groups["name"].Value, out var count) && count > 1)
                {
                    continue;
                }

                var reads = Identifier.Matches(match.Groups["expr"].Value).Cast<Match>().Select(m => m.Value.Split('.')[0]).ToList();
                var loopLines = body.Append(open - 1).Where(k => k != i && !IsComment(lines[k].Text)).ToList();
                if (reads.All(name => !assigned.Contains(name) && !written.Contains(name) && !loopLines.Any(k => TextWrites.MayWrite(lines[k].Text, name)))
                    && !Calls(match.Groups["expr"].Value, allowPops: false))
                {
                    hoisted.Add(i);
                }
            }

            if (hoisted.Count == 0)
            {
                continue;
            }

            // if (cond) { hoisted temps; while (cond) { the rest of the body } }
            var outer = lines[open - 1].Depth;
            var rewritten = new List<(int Depth, string Text)>
            {
                (outer, "if " + header.Substring("while ".Length)),
                (outer, "{"),
            };
            rewritten.AddRange(hoisted.Select(i => (outer + 1, lines[i].Text)));
            rewritten.Add((outer + 1, header));
            rewritten.Add((outer + 1, "{"));
            rewritten.AddRange(body.Where(i => !hoisted.Contains(i)).Select(i => (lines[i].Depth + 1, lines[i].Text)));
            rewritten.Add((outer + 1, "}"));
            rewritten.Add((outer, "}"));
            lines.RemoveRange(open - 1, close - open + 2);
            lines.InsertRange(open - 1, rewritten);
            open = open - 1 + rewritten.Count;
        }
    }

    private static bool IsComment(string text) => text.StartsWith("//", StringComparison.Ordinal);

    /// <summary>
    /// Whether the text calls anything but a <c>global::System.Math</c> function (casts and grouping are not calls), or
    /// with <paramref name="allowPops"/> a tape's Pop (which changes only the tape).
    /// </summary>
    private static bool Calls(string text, bool allowPops)
    {
        foreach (Match match in Identifier.Matches(text))
        {
            var after = match.Index + match.Length;
            if (after < text.Length && text[after] == '('
                && !match.Value.StartsWith("global::System.Math.", StringComparison.Ordinal)
                && !(allowPops && match.Value.EndsWith(".Pop", StringComparison.Ordinal)))
            {
                return true;
            }
        }

        return false;
    }

    /// <summary>Names the line may assign (targets of =, op=, ++ and --, ref and out arguments), counted in <paramref name="assignments"/>.</summary>
    private static IEnumerable<string> AssignedNames(string text, Dictionary<string, int> assignments)
    {
        var result = new List<string>();
        foreach (Match match in Identifier.Matches(text))
        {
            var after = match.Index + match.Length;
            while (after < text.Length && text[after] == ' ')
            {
                after++;
            }

            var before = match.Index;
            while (before > 0 && text[before - 1] == ' ')
            {
                before--;
            }

            var assigns = Steps.Any(step => At(text, after, step) || EndsAt(text, before, step))
                || (Assignments.Any(op => At(text, after, op)) && !At(text, after, "=="))
                || EndsAt(text, before, "ref") || EndsAt(text, before, "out");
            if (assigns)
            {
                result.Add(match.Value);
                assignments[match.Value] = assignments.TryGetValue(match.Value, out var n) ? n + 1 : 1;
            }
        }

        return result;
    }

    private static bool At(string text, int index, string token) =>
        index + token.Length <= text.Length && string.CompareOrdinal(text, index, token, 0, token.Length) == 0;

    /// <summary>Whether <paramref name="token"/> ends at <paramref name="end"/>, as a whole word when it is one.</summary>
    private static bool EndsAt(string text, int end, string token)
    {
        var start = end - token.Length;
        return start >= 0 && At(text, start, token)
            && (!char.IsLetter(token[0]) || start == 0 || !(char.IsLetterOrDigit(text[start - 1]) || text[start - 1] == '_'));
    }
}
