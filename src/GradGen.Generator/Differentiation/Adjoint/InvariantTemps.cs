using System.Collections.Generic;
using System.Linq;

namespace GradGen.Generator.Differentiation.Adjoint;

/// <summary>
/// A clean-up pass on the reverse sweep's lines: in a <c>while</c> loop with a straight-line body, a temporary the body
/// declares from values nothing in the loop changes (<c>double _t3 = x[p * d + i] - means[c * d + i];</c> in the reverse
/// of the GMM's loop over j) is computed once, before the loop. The JIT cannot do this itself: the body stores into
/// adjoint spans, and a store through one span may change what any other span reads.
/// <para>
/// Invariant means: no line of the loop (header included) may write a name the value mentions or an element of one
/// (<see cref="Line.MayWrite"/>), the temporary is assigned nowhere else in the loop, and the body calls nothing but
/// pure functions (a call could write any span; a tape's pop changes only the tape, so the body may pop, the value may
/// not). Hoisted code runs only if the loop runs (<c>if (cond) { temps; while (cond) { … } }</c>): an index that is
/// valid in every iteration need not be valid when there is none. With the loop running, the hoisted value is the one
/// its first evaluation in the body would have computed.
/// </para>
/// </summary>
internal static class InvariantTemps
{
    public static void Hoist(List<(int Depth, Line Line)> lines)
    {
        for (var open = 0; open < lines.Count; open++)
        {
            if (StraightLineLoop.Body(lines, open, BlockKind.While) is not { } body || body.Any(i => lines[i].Line.Calls))
            {
                continue;
            }

            var close = StraightLineLoop.CloseOf(open, body);
            var loop = body.Append(open).ToList();
            var hoisted = new List<int>();
            foreach (var i in body)
            {
                if (lines[i].Line is Declare { IsTemp: true, Type: "double" or "float" or "int" } temp
                    && !temp.Value.Calls && !temp.Value.Pops
                    && !loop.Any(k => k != i && lines[k].Line.MayWrite(temp.Name))
                    && temp.Value.Names.Names().All(read => !loop.Any(k => k != i && lines[k].Line.MayWrite(read))))
                {
                    hoisted.Add(i);
                }
            }

            if (hoisted.Count == 0)
            {
                continue;
            }

            // if (cond) { hoisted temps; while (cond) { the rest of the body } }
            var header = (Open)lines[open].Line;
            var outer = lines[open].Depth;
            var rewritten = new List<(int Depth, Line Line)> { (outer, new Open(BlockKind.If, header.Condition)) };
            rewritten.AddRange(hoisted.Select(i => (outer + 1, lines[i].Line)));
            rewritten.Add((outer + 1, header));
            rewritten.AddRange(body.Where(i => !hoisted.Contains(i)).Select(i => (lines[i].Depth + 1, lines[i].Line)));
            rewritten.Add((outer + 1, Close.Brace));
            rewritten.Add((outer, Close.Brace));
            lines.RemoveRange(open, close - open + 1);
            lines.InsertRange(open, rewritten);
            open += rewritten.Count - 1;
        }
    }
}
