using System;
using System.Collections.Generic;
using System.Diagnostics;
using System.Linq;
using System.Text;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp;

namespace GradGen.Generator.Tests.Infrastructure;

/// <summary>One ill-formed (or merely different) version of a source file.</summary>
/// <param name="File">The file it was made from (path relative to the repository).</param>
/// <param name="Kind">The mutation: truncate, delete, duplicate, swap or replace.</param>
/// <param name="Description">What was done, with token indices and texts, e.g. "delete token 112 ')'".</param>
/// <param name="Text">The variant's source text.</param>
internal sealed record SourceVariant(string File, string Kind, string Description, string Text);

/// <summary>
/// Makes ill-formed variants of real sources at token boundaries, deterministically for a given seed: truncation after
/// every k-th token, and deletion, duplication, swapping with the next token, or replacement by another token of the
/// same file, at token positions sampled without replacement (every position, when a file has fewer tokens than the
/// count asked for). Variants whose text equals the original or an earlier variant are left out.
/// </summary>
internal static class IllFormedSources
{
    public const string Truncate = "truncate";
    public const string Delete = "delete";
    public const string Duplicate = "duplicate";
    public const string Swap = "swap";
    public const string Replace = "replace";

    public static readonly string[] Kinds = { Truncate, Delete, Duplicate, Swap, Replace };

    /// <summary>The tokens of <paramref name="text"/> (not those inside trivia, not end-of-file).</summary>
    public static IReadOnlyList<SyntaxToken> Tokens(string text) =>
        CSharpSyntaxTree.ParseText(text, GeneratorHarness.ParseOptions)
            .GetRoot()
            .DescendantTokens(descendIntoTrivia: false)
            .Where(t => !t.IsKind(SyntaxKind.EndOfFileToken) && t.Span.Length > 0)
            .ToList();

    /// <summary>
    /// Up to <paramref name="perKind"/> variants of each kind (fewer for a small file, or where two coincide).
    /// </summary>
    public static List<SourceVariant> Create(string file, string text, int perKind, int seed)
    {
        var tokens = Tokens(text);
        var random = new Random(seed);
        var seen = new HashSet<string>(StringComparer.Ordinal) { text };
        var variants = new List<SourceVariant>();

        void Add(string kind, string description, string variantText)
        {
            if (seen.Add(variantText))
            {
                variants.Add(new SourceVariant(file, kind, description, variantText));
            }
        }

        // Truncation after every k-th token (k = tokens / perKind, rounded up): the file as an editor sees it while it is being typed.
        var step = Math.Max(1, (tokens.Count + perKind - 1) / Math.Max(1, perKind));
        for (var i = step - 1; i < tokens.Count; i += step)
        {
            Add(Truncate, $"truncate after token {i} {Show(tokens[i])}", text.Substring(0, tokens[i].Span.End));
        }

        foreach (var i in Sample(random, tokens.Count, perKind))
        {
            var t = tokens[i];
            Add(Delete, $"delete token {i} {Show(t)}", text.Remove(t.SpanStart, t.Span.Length));
        }

        foreach (var i in Sample(random, tokens.Count, perKind))
        {
            var t = tokens[i];
            Add(Duplicate, $"duplicate token {i} {Show(t)}", text.Insert(t.Span.End, " " + t.Text));
        }

        foreach (var i in Sample(random, tokens.Count - 1, perKind))
        {
            var (a, b) = (tokens[i], tokens[i + 1]);
            var between = text.Substring(a.Span.End, b.SpanStart - a.Span.End);
            Add(Swap, $"swap tokens {i} {Show(a)} and {i + 1} {Show(b)}",
                text.Substring(0, a.SpanStart) + b.Text + between + a.Text + text.Substring(b.Span.End));
        }

        foreach (var i in Sample(random, tokens.Count, perKind))
        {
            var t = tokens[i];
            var other = tokens[random.Next(tokens.Count)];
            Add(Replace, $"replace token {i} {Show(t)} by {Show(other)}",
                text.Substring(0, t.SpanStart) + other.Text + text.Substring(t.Span.End));
        }

        return variants;
    }

    /// <summary>
    /// Delta debugging (ddmin, complements only) over the tokens of <paramref name="text"/>: a smallest text, to token
    /// granularity, for which <paramref name="stillFails"/> holds. Trivia (comments, line breaks) is dropped first if
    /// that keeps the failure; the result is then laid out with line breaks after ';', '{' and '}'. Stops at
    /// <paramref name="budget"/> with the smallest text found so far.
    /// </summary>
    public static string Minimize(string text, Func<string, bool> stillFails, TimeSpan budget)
    {
        var clock = Stopwatch.StartNew();
        var tokens = Tokens(text);
        var withTrivia = tokens.Select(t => t.ToFullString()).ToList();
        var bare = tokens.Select(t => t.Text).ToList();

        var dropTrivia = stillFails(JoinBare(bare));
        var pieces = dropTrivia ? bare : withTrivia;
        Func<List<string>, string> join = dropTrivia ? JoinBare : string.Concat;

        var n = 2;
        while (pieces.Count >= 2 && clock.Elapsed < budget)
        {
            var chunk = (pieces.Count + n - 1) / n;
            var reduced = false;
            for (var start = 0; start < pieces.Count && clock.Elapsed < budget; start += chunk)
            {
                var candidate = pieces.Take(start).Concat(pieces.Skip(start + chunk)).ToList();
                if (stillFails(join(candidate)))
                {
                    pieces = candidate;
                    n = Math.Max(n - 1, 2);
                    reduced = true;
                    break;
                }
            }

            if (!reduced)
            {
                if (n >= pieces.Count)
                {
                    break;
                }

                n = Math.Min(pieces.Count, n * 2);
            }
        }

        var result = join(pieces);
        var laidOut = LayOut(pieces);
        return dropTrivia && laidOut != result && stillFails(laidOut) ? laidOut : result;
    }

    /// <summary>Token texts separated by spaces, with a line break after each ';', '{' and '}'.</summary>
    private static string LayOut(List<string> tokens)
    {
        var sb = new StringBuilder();
        foreach (var token in tokens)
        {
            sb.Append(token).Append(token is ";" or "{" or "}" ? '\n' : ' ');
        }

        return sb.ToString().TrimEnd();
    }

    private static string JoinBare(List<string> pieces) => string.Join(" ", pieces);

    /// <summary>
    /// <paramref name="count"/> distinct indices in [0, <paramref name="range"/>), in random order; all of them when
    /// the range is not larger than the count.
    /// </summary>
    private static IEnumerable<int> Sample(Random random, int range, int count)
    {
        var indices = Enumerable.Range(0, Math.Max(0, range)).ToArray();
        for (var i = indices.Length - 1; i > 0; i--)
        {
            var j = random.Next(i + 1);
            (indices[i], indices[j]) = (indices[j], indices[i]);
        }

        return indices.Take(count);
    }

    private static string Show(SyntaxToken token)
    {
        var text = token.Text.Length > 20 ? token.Text.Substring(0, 20) + "…" : token.Text;
        return "'" + text.Replace("\n", "\\n", StringComparison.Ordinal).Replace("\r", "\\r", StringComparison.Ordinal) + "'";
    }
}
