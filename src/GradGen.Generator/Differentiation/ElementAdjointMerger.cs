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
/// block boundary, at any other mention of the adjoint array (a read, a reset, a pullback call) and at any line that may
/// change a name in the index or an element of one (<see cref="TextWrites"/>); additions into one array commute, so moving one element's store past another's changes no sum.
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

            if (pending.Count > 0)
            {
                var names = Identifiers(text);
                FinishWhere(group => names.Contains(group.Name) || Assigns(text, group));
            }
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

    /// <summary>
    /// In a loop with a straight-line body, updates of one element whose index nothing in the loop changes
    /// (<c>dMeans[c * d + i] -= icf[l] * _a3;</c> inside the loop over j) are summed in a local across the iterations and
    /// stored once after the loop, if the loop ran: the same dependency chain through memory, across iterations.
    /// </summary>
    public static void HoistInvariant(List<(int Depth, string Text)> lines, IReadOnlyDictionary<string, string> elementTypes, Func<string> freshName)
    {
        for (var open = 1; open < lines.Count; open++)
        {
            if (StraightLineLoop.Body(lines, open, "while (", "for (") is not { } body)
            {
                continue;
            }

            var close = body.Count == 0 ? open + 1 : body[body.Count - 1] + 1;

            var groups = new Dictionary<string, Group>(StringComparer.Ordinal);
            var spoiled = new HashSet<string>(StringComparer.Ordinal);
            foreach (var i in body)
            {
                var match = Update.Match(lines[i].Text);
                if (match.Success && elementTypes.ContainsKey(match.Groups["name"].Value) && !Mentions(match.Groups["expr"].Value, match.Groups["name"].Value))
                {
                    var key = match.Groups["name"].Value + "[" + match.Groups["index"].Value + "]";
                    if (!groups.TryGetValue(key, out var group))
                    {
                        group = new Group(match.Groups["name"].Value, match.Groups["index"].Value, Identifiers(match.Groups["index"].Value));
                        groups.Add(key, group);
                    }

                    group.Lines.Add((i, match.Groups["op"].Value[0], match.Groups["expr"].Value));
                    continue;
                }

                spoiled.UnionWith(Identifiers(lines[i].Text).Where(elementTypes.ContainsKey));
            }

            var declarations = new List<(int, string)>();
            var stores = new List<(int, string)>();
            foreach (var group in groups.Values)
            {
                if (spoiled.Contains(group.Name) || group.Index.Contains("[")
                    || body.Append(open - 1).Any(i => Assigns(lines[i].Text, group)))
                {
                    continue;
                }

                var local = freshName();
                var type = elementTypes[group.Name];
                var sign = group.Lines[0].Op;
                declarations.Add((lines[open - 1].Depth, type + " " + local + " = " + (type == "float" ? "0f" : "0.0") + ";"));
                foreach (var (line, op, expr) in group.Lines)
                {
                    lines[line] = (lines[line].Depth, local + (op == sign ? " += " : " -= ") + expr + ";");
                }

                // Not stored if the loop did not run: the index may not be valid then.
                var outer = lines[close].Depth;
                stores.Add((outer, "if (" + local + " != " + (type == "float" ? "0f" : "0.0") + ")"));
                stores.Add((outer, "{"));
                stores.Add((outer + 1, group.Name + "[" + group.Index + "] " + sign + "= " + local + ";"));
                stores.Add((outer, "}"));
            }

            lines.InsertRange(close + 1, stores);
            lines.InsertRange(open - 1, declarations);
            open = close + declarations.Count + stores.Count;
        }
    }

    private static HashSet<string> Identifiers(string text) =>
        new(Identifier.Matches(text).Cast<Match>().Select(m => m.Value), StringComparer.Ordinal);

    private static bool Mentions(string text, string name) => Identifiers(text).Contains(name);

    /// <summary>
    /// Whether the line may change a name the group's index reads, or an element of one (<c>idx[0] = _s0;</c>, a restore
    /// of an index array): then the same index text names another element before and after it.
    /// </summary>
    private static bool Assigns(string text, Group group)
    {
        foreach (var name in group.IndexNames)
        {
            if (TextWrites.MayWrite(text, name))
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
