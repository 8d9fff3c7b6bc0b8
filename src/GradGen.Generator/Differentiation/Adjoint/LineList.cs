using System.Collections.Generic;
using GradGen.Generator.Helpers;

namespace GradGen.Generator.Differentiation.Adjoint;

/// <summary>
/// Lines of a generated body with their block depth (relative to this list), written before it is known what must be
/// declared ahead of them. The adjoint transform builds these; its passes edit <see cref="Items"/> in place.
/// </summary>
internal sealed class LineList
{
    private readonly List<(int Depth, Line Line)> _lines = new();
    private int _depth;

    public int Count => _lines.Count;

    /// <summary>The lines, for passes that rewrite them (depth relative to this list).</summary>
    public List<(int Depth, Line Line)> Items => _lines;

    public Line? Last => _lines.Count == 0 ? null : _lines[_lines.Count - 1].Line;

    public void Add(Line line) => _lines.Add((_depth, line));

    /// <summary>A comment: '// <paramref name="text"/>'.</summary>
    public void Comment(string text) => Add(new Comment(text));

    public void Blank() => Add(Adjoint.Blank.Line);

    public void Open(Open header)
    {
        Add(header);
        _depth++;
    }

    public void Close(Close? close = null)
    {
        _depth--;
        Add(close ?? Adjoint.Close.Brace);
    }

    /// <summary>Appends another list's lines at this list's current depth.</summary>
    public void Append(LineList other)
    {
        foreach (var (depth, line) in other._lines)
        {
            _lines.Add((_depth + depth, line));
        }
    }

    /// <summary>Every name the lines mention.</summary>
    public void AddNamesTo(HashSet<string> names)
    {
        foreach (var (_, line) in _lines)
        {
            line.Mentions.AddTo(names);
        }
    }
}
