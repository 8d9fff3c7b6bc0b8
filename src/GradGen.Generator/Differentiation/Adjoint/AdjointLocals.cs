using System;
using System.Collections.Generic;
using GradGen.Generator.Helpers;

namespace GradGen.Generator.Differentiation.Adjoint;

/// <summary>Where adjoint locals are declared.</summary>
internal static class AdjointLocals
{
    /// <summary>
    /// An adjoint local whose first mention is 'v̄ += e;' at the top level (not in a branch or loop) is declared there,
    /// 'double v̄ = e;', instead of as 0 at the start of the sweep: the adjoint the result seeds, 1 in a Gradient,
    /// becomes a local the JIT sees assigned once. Returns the names declared so.
    /// </summary>
    /// <param name="lists">The sweeps in the order they run.</param>
    /// <param name="locals">The adjoint locals with their types.</param>
    public static HashSet<string> DeclareAtFirstUpdate(IEnumerable<LineList> lists, IReadOnlyList<(string Type, string Name)> locals)
    {
        var declared = new HashSet<string>(StringComparer.Ordinal);
        var pending = new Dictionary<string, string>(StringComparer.Ordinal);
        foreach (var (type, name) in locals)
        {
            if (!pending.ContainsKey(name))
            {
                pending.Add(name, type);
            }
        }

        foreach (var list in lists)
        {
            var lines = list.Items;
            for (var i = 0; i < lines.Count && pending.Count > 0; i++)
            {
                var (depth, line) = lines[i];
                foreach (var name in line.Mentions.Names())
                {
                    if (!pending.TryGetValue(name, out var type))
                    {
                        continue;
                    }

                    pending.Remove(name);
                    if (depth != 0 || line is not Assign { Target: { IsElement: false } target, Op: "+=" or "-=" } update
                        || target.Variable != name || update.Value.Names.Contains(name))
                    {
                        continue;
                    }

                    lines[i] = (depth, new Declare(type, name, update.Op == "+=" ? update.Value : Negative(update.Value)));
                    declared.Add(name);
                }
            }
        }

        return declared;
    }

    /// <summary>'-v' of a name or a number, else '-(v)'.</summary>
    private static Code Negative(Code value) =>
        value.Wrap(value.IsName || value.IsLiteral && !value.IsNegative ? "-" + value.Text : "-(" + value.Text + ")", Precedence.Unary);
}
