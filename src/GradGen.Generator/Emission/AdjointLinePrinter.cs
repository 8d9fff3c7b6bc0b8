using System;
using System.Collections.Generic;
using GradGen.Generator.Differentiation.Adjoint;
using GradGen.Generator.Helpers;

namespace GradGen.Generator.Emission;

/// <summary>Prints the adjoint transform's lines (<see cref="Line"/>) as C#, four spaces per block level.</summary>
internal static class AdjointLinePrinter
{
    /// <summary>
    /// Sees every line printed with its text. Null in the product; the generator's tests set it to check that each line's
    /// <see cref="Line.Mentions"/> holds every name its text mentions, which the clean-up passes rely on.
    /// </summary>
    internal static Action<Line, string>? Audit { get; set; }

    public static void Write(LineList lines, IndentedWriter writer) => Write(lines.Items, writer);

    public static void Write(IReadOnlyList<(int Depth, Line Line)> lines, IndentedWriter writer)
    {
        foreach (var (depth, line) in lines)
        {
            var indent = new string(' ', depth * 4);
            var text = Print(line);
            writer.Line(text.Length == 0 ? text : indent + text);
            if (line is Open)
            {
                writer.Line(indent + "{");
            }
        }
    }

    /// <summary>One line's text (an <see cref="Open"/> prints its header; its '{' follows on the next line).</summary>
    public static string Print(Line line)
    {
        var text = Text(line);
        Audit?.Invoke(line, text);
        return text;
    }

    private static string Text(Line line) => line switch
    {
        Declare d => d.Type + " " + d.Name + " = " + d.Value.Text + ";",
        Assign a => a.Target.Code.Text + " " + a.Op + " " + a.Value.Text + ";",
        Step s => s.Name + (s.Up ? "++;" : "--;"),
        Evaluate e => e.Value.Text + ";",
        Opaque o => o.Text,
        Comment c => "// " + c.Text,
        Blank => string.Empty,
        Open o => Header(o),
        Close { DoCondition: { } condition } => "} while (" + condition.Text + ");",
        Close => "}",
        _ => throw new InvalidOperationException("Unknown line " + line.GetType().Name),
    };

    private static string Header(Open open) => open.Kind switch
    {
        BlockKind.If => "if (" + open.Condition!.Value.Text + ")",
        BlockKind.Else => "else",
        BlockKind.While => "while (" + open.Condition!.Value.Text + ")",
        BlockKind.Do => "do",
        _ => "for (; " + open.Counter + " > 0; " + open.Counter + "--)",
    };
}
