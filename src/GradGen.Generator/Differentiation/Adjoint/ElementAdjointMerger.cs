using System;
using System.Collections.Generic;
using System.Linq;
using GradGen.Generator.Helpers;

namespace GradGen.Generator.Differentiation.Adjoint;

/// <summary>
/// A clean-up pass on the reverse sweep's lines: where one stretch of straight-line code adds to the same adjoint element
/// twice or more (<c>dX[i] -= _d_b; … dX[i] -= 2.0 * x[i] * _d_a;</c>, the two uses of x[i] in Rosenbrock's term),
/// the contributions are summed in a local and the element is updated once. Each update of an element in memory is a
/// load and a store the next update must wait for; in a loop these chains, not the arithmetic, set the speed.
/// <para>
/// The contributions stay where they were, evaluated in the same order; only their target changes. A stretch ends at a
/// block boundary, at any other mention of the adjoint array (a read, a reset, a pullback call) and at any line that
/// may change a name the index reads or an element of one (<see cref="Line.MayWrite"/>); additions into one array
/// commute, so moving one element's store past another's changes no sum.
/// </para>
/// </summary>
internal static class ElementAdjointMerger
{
    /// <param name="elementTypes">Adjoint arrays and spans (by name) with their element type.</param>
    /// <param name="freshName">A new local name each call.</param>
    public static void Merge(List<(int Depth, Line Line)> lines, IReadOnlyDictionary<string, string> elementTypes, Func<string> freshName)
    {
        var pending = new Dictionary<string, Group>(StringComparer.Ordinal);
        var inserts = new List<(int After, int Depth, Line Line)>();
        var depth = -1;
        for (var i = 0; i < lines.Count; i++)
        {
            var (lineDepth, line) = lines[i];
            if (!line.IsStatement && line is not Comment || lineDepth != depth)
            {
                FinishAll();
                depth = lineDepth;
            }

            if (!line.IsStatement)
            {
                continue;
            }

            if (Update(line, elementTypes) is { } update)
            {
                // Another array's contributions read here are complete: their sums are stored first.
                FinishWhere(group => Assigns(line, group) || update.Value.Names.Contains(group.Array));
                var key = update.Target.Code.Text;
                if (!pending.TryGetValue(key, out var group))
                {
                    group = new Group(update.Target);
                    pending.Add(key, group);
                }

                group.Lines.Add((i, update.Op[0], update.Value));
                continue;
            }

            if (pending.Count > 0)
            {
                var mentions = line.Mentions;
                FinishWhere(group => mentions.Contains(group.Array) || Assigns(line, group));
            }
        }

        FinishAll();
        foreach (var (after, insertDepth, insert) in inserts.OrderByDescending(insert => insert.After))
        {
            lines.Insert(after + 1, (insertDepth, insert));
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
            var (first, sign, firstValue) = group.Lines[0];
            lines[first] = (lines[first].Depth, new Declare(elementTypes[group.Array], local, firstValue));
            foreach (var (line, op, value) in group.Lines.Skip(1))
            {
                lines[line] = (lines[line].Depth, new Assign(Target.Of(local), op == sign ? "+=" : "-=", value));
            }

            var last = group.Lines[group.Lines.Count - 1].Line;
            inserts.Add((last, lines[last].Depth, new Assign(group.Target, sign + "=", Code.Name(local))));
        }
    }

    /// <summary>
    /// In a loop with a straight-line body, updates of one element whose index nothing in the loop changes
    /// (<c>dMeans[c * d + i] -= icf[l] * _a3;</c> inside the loop over j) are summed in a local across the iterations and
    /// stored once after the loop, if the loop ran: the same dependency chain through memory, across iterations.
    /// </summary>
    public static void HoistInvariant(List<(int Depth, Line Line)> lines, IReadOnlyDictionary<string, string> elementTypes, Func<string> freshName)
    {
        for (var open = 0; open < lines.Count; open++)
        {
            if (StraightLineLoop.Body(lines, open, BlockKind.While, BlockKind.CountDown) is not { } body)
            {
                continue;
            }

            var close = StraightLineLoop.CloseOf(open, body);
            var groups = new Dictionary<string, Group>(StringComparer.Ordinal);
            var spoiled = new HashSet<string>(StringComparer.Ordinal);
            foreach (var i in body)
            {
                if (Update(lines[i].Line, elementTypes) is { } update)
                {
                    if (!groups.TryGetValue(update.Target.Code.Text, out var group))
                    {
                        group = new Group(update.Target);
                        groups.Add(update.Target.Code.Text, group);
                    }

                    group.Lines.Add((i, update.Op[0], update.Value));
                    spoiled.UnionWith(update.Value.Names.Names().Where(elementTypes.ContainsKey));
                    continue;
                }

                spoiled.UnionWith(lines[i].Line.Mentions.Names().Where(elementTypes.ContainsKey));
            }

            var declarations = new List<(int, Line)>();
            var stores = new List<(int, Line)>();
            foreach (var group in groups.Values)
            {
                if (spoiled.Contains(group.Array) || !group.Target.PlainIndex
                    || body.Append(open).Any(i => Assigns(lines[i].Line, group)))
                {
                    continue;
                }

                var local = freshName();
                var type = elementTypes[group.Array];
                var zero = Code.Literal(type == "float" ? "0f" : "0.0", isNegative: false);
                var sign = group.Lines[0].Op;
                declarations.Add((lines[open].Depth, new Declare(type, local, zero)));
                foreach (var (line, op, value) in group.Lines)
                {
                    lines[line] = (lines[line].Depth, new Assign(Target.Of(local), op == sign ? "+=" : "-=", value));
                }

                // Not stored if the loop did not run: the index may not be valid then.
                var outer = lines[close].Depth;
                stores.Add((outer, new Open(BlockKind.If, Code.Atom(local + " != " + zero.Text, NameSet.Of(local)))));
                stores.Add((outer + 1, new Assign(group.Target, sign + "=", Code.Name(local))));
                stores.Add((outer, Close.Brace));
            }

            lines.InsertRange(close + 1, stores);
            lines.InsertRange(open, declarations);
            open = close + declarations.Count + stores.Count;
        }
    }

    /// <summary>'a[i] += e' or 'a[i] -= e' into an adjoint array, where e does not read the array.</summary>
    private static Assign? Update(Line line, IReadOnlyDictionary<string, string> elementTypes) =>
        line is Assign { IsElementAccumulation: true } update && elementTypes.ContainsKey(update.Target.Variable)
        && !update.Value.Names.Contains(update.Target.Variable)
            ? update
            : null;

    /// <summary>
    /// Whether the line may change a name the group's index reads, or an element of one (<c>idx[0] = _s0;</c>, a restore
    /// of an index array): then the same index names another element before and after it.
    /// </summary>
    private static bool Assigns(Line line, Group group)
    {
        foreach (var name in group.IndexNames)
        {
            if (line.MayWrite(name))
            {
                return true;
            }
        }

        return false;
    }

    private sealed class Group
    {
        public Group(Target target)
        {
            Target = target;
            IndexNames = new HashSet<string>(target.Code.Names.Names().Where(n => n != target.Variable), StringComparer.Ordinal);
        }

        public Target Target { get; }

        public string Array => Target.Variable;

        /// <summary>The names the element's indices read.</summary>
        public HashSet<string> IndexNames { get; }

        public List<(int Line, char Op, Code Value)> Lines { get; } = new();
    }
}
