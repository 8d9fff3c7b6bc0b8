using System;
using System.Collections.Generic;
using System.Linq;
using System.Text.RegularExpressions;
using GradGen.Generator.Helpers;

namespace GradGen.Generator.Differentiation;

/// <summary>
/// A peephole on the reverse sweep's lines: where one stretch of straight-line code adds to the same adjoint element
/// twice or more (<c>dX[i] -= _d_b; … dX[i] -= 2.0 * x[i] * _d_a;</c>, the two uses of x[i] in Rosenbrock's term),
/// the contributions are summed in a local and the element is updated once. Each update of an element in memory is a
/// load and a store the next update must wait for; in a loop these chains, not the arithmetic, set the speed.
/// <para>
/// The contributions stay where they were, evaluated in the same order; only their target changes. A stretch ends at a
/// block boundary, at any other mention of the adjoint array (a read, a reset, a pullback call) and at an assignment of a
/// name in the index; additions into one array commute, so moving one element's store past another's changes no sum.
/// </para>
/// </summary>
internal static class ElementAdjointMerger
{
    private static readonly Regex Update = new(@"^(?<name>@?[A-Za-z_][A-Za-z0-9_]*)\[(?<index>.+)\] (?<op>[+-])= (?<expr>.+);$", RegexOptions.CultureInvariant);
    private static readonly Regex Identifier = new(@"(?<![A-Za-z0-9_@.])@?[A-Za-z_][A-Za-z0-9_]*", RegexOptions.CultureInvariant);

    /// <param name="elementTypes">Adjoint arrays and spans (by name) with their element type.</param>
    /// <param name="freshName">A new local name each call.</param>
    public static void Merge(List<(int Depth, string Text)> lines, IReadOnlyDictionary<string, string> elementTypes, Func<string> freshName)
    {
        var pending = new Dictionary<string, Group>(StringComparer.Ordinal);
        var inserts = new List<(int After, int Depth, string Text)>();
        var depth = -1;
        for (var i = 0; i < lines.Count; i++)
        {
            var (lineDepth, text) = lines[i];
            var isCode = text.EndsWith(";", StringComparison.Ordinal) && !text.StartsWith("}", StringComparison.Ordinal);
            if (!isCode && !text.StartsWith("//", StringComparison.Ordinal) || lineDepth != depth)
            {
                FinishAll();
                depth = lineDepth;
                if (!isCode)
                {
                    continue;
                }
            }

            if (!isCode)
            {
                continue;
            }

            var match = Update.Match(text);
            if (match.Success && elementTypes.ContainsKey(match.Groups["name"].Value) && !Mentions(match.Groups["expr"].Value, match.Groups["name"].Value))
            {
                var name = match.Groups["name"].Value;
                var index = match.Groups["index"].Value;
                FinishWhere(group => Assigns(text, group));
                var key = name + "[" + index + "]";
                if (!pending.TryGetValue(key, out var group))
                {
                    group = new Group(name, index, Identifiers(index));
                    pending.Add(key, group);
                }

                group.Lines.Add((i, match.Groups["op"].Value[0], match.Groups["expr"].Value));
                continue;
            }

            FinishWhere(group => Mentions(text, group.Name) || Assigns(text, group));
        }

        FinishAll();
        foreach (var (after, insertDepth, insertText) in inserts.OrderByDescending(insert => insert.After))
        {
            lines.Insert(after + 1, (insertDepth, insertText));
        }

        void FinishAll() => FinishWhere(_ => true);

        void FinishWhere(Func<Group, bool> done)
        {
            foreach (var key in pending.Where(entry => done(entry.Value)).Select(entry => entry.Key).ToList())
            {
                Finish(pending[key]);
                pending.Remove(key);
            }
        }

        void Finish(Group group)
        {
            if (group.Lines.Count < 2)
            {
                return;
            }

            var local = freshName();
            var (first, sign, firstExpr) = group.Lines[0];
            lines[first] = (lines[first].Depth, elementTypes[group.Name] + " " + local + " = " + firstExpr + ";");
            foreach (var (line, op, expr) in group.Lines.Skip(1))
            {
                lines[line] = (lines[line].Depth, local + (op == sign ? " += " : " -= ") + expr + ";");
            }

            var last = group.Lines[group.Lines.Count - 1].Line;
            inserts.Add((last, lines[last].Depth, group.Name + "[" + group.Index + "] " + sign + "= " + local + ";"));
        }
    }

    private static HashSet<string> Identifiers(string text) =>
        new(Identifier.Matches(text).Cast<Match>().Select(m => m.Value), StringComparer.Ordinal);

    private static bool Mentions(string text, string name) => Identifiers(text).Contains(name);

    /// <summary>Whether the line may change a name the group's index reads (conservatively: mentions it as an assignment target, ++/--, ref or out).</summary>
    private static bool Assigns(string text, Group group)
    {
        foreach (var name in group.IndexNames)
        {
            var escaped = Regex.Escape(name);
            if (Regex.IsMatch(text, @"(?<![A-Za-z0-9_@.])" + escaped + @"\s*(\+\+|--|[-+*/%&|^]?=(?!=)|<<=|>>=)")
                || Regex.IsMatch(text, @"(\+\+|--|\bref |\bout )\s*" + escaped + @"(?![A-Za-z0-9_])"))
            {
                return true;
            }
        }

        return false;
    }

    private sealed class Group
    {
        public Group(string name, string index, HashSet<string> indexNames)
        {
            Name = name;
            Index = index;
            IndexNames = indexNames;
        }

        public string Name { get; }

        public string Index { get; }

        public HashSet<string> IndexNames { get; }

        public List<(int Line, char Op, string Expr)> Lines { get; } = new();
    }
}
