using System.Collections.Generic;

namespace GradGen.Generator.Helpers;

/// <summary>Lines with relative indentation, written before we know what must be declared ahead of them.</summary>
internal sealed class LineBuffer
{
    private readonly List<(int Depth, string Text)> _lines = new();
    private int _depth;

    public int Count => _lines.Count;

    public void Line(string text) => _lines.Add((_depth, text));

    public void Open(string header)
    {
        Line(header);
        Line("{");
        _depth++;
    }

    public void Close() => CloseWith("}");

    /// <summary>Closes a block with other text than '}', as in '} while (c);'.</summary>
    public void CloseWith(string text)
    {
        _depth--;
        Line(text);
    }

    /// <summary>Appends another buffer's lines at this buffer's current depth.</summary>
    public void Append(LineBuffer other)
    {
        foreach (var (depth, text) in other._lines)
        {
            _lines.Add((_depth + depth, text));
        }
    }

    /// <summary>Lets a peephole pass edit the lines (depth relative to this buffer) in place.</summary>
    public void Rewrite(System.Action<List<(int Depth, string Text)>> rewrite) => rewrite(_lines);

    public void WriteTo(IndentedWriter writer)
    {
        foreach (var (depth, text) in _lines)
        {
            writer.Line(text.Length == 0 ? text : new string(' ', depth * 4) + text);
        }
    }

    public IEnumerable<string> Texts
    {
        get
        {
            foreach (var (_, text) in _lines)
            {
                yield return text;
            }
        }
    }
}
