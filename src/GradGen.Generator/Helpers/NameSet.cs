using System.Collections.Generic;

namespace GradGen.Generator.Helpers;

/// <summary>
/// The names a piece of generated code mentions, kept beside its text as the code is built (<see cref="Code"/>), so that
/// passes over the adjoint ask the code what it reads and writes instead of searching its text. Immutable; a union is
/// one allocation (a tree of the parts), walked only when a pass asks.
/// </summary>
internal sealed class NameSet
{
    public static readonly NameSet Empty = new(null, null, null);

    private readonly string? _name;
    private readonly NameSet? _left;
    private readonly NameSet? _right;

    private NameSet(string? name, NameSet? left, NameSet? right)
    {
        _name = name;
        _left = left;
        _right = right;
    }

    public bool IsEmpty => ReferenceEquals(this, Empty);

    public static NameSet Of(string name) => new(name, null, null);

    public static NameSet Of(params string[] names)
    {
        var result = Empty;
        foreach (var name in names)
        {
            result = Union(result, Of(name));
        }

        return result;
    }

    public static NameSet Union(NameSet left, NameSet right) =>
        left.IsEmpty ? right : right.IsEmpty || ReferenceEquals(left, right) ? left : new NameSet(null, left, right);

    public static NameSet Union(IEnumerable<NameSet> sets)
    {
        var result = Empty;
        foreach (var set in sets)
        {
            result = Union(result, set);
        }

        return result;
    }

    public bool Contains(string name)
    {
        foreach (var n in Names())
        {
            if (n == name)
            {
                return true;
            }
        }

        return false;
    }

    /// <summary>Every name (repeats possible), without recursion: generated expressions can be deep.</summary>
    public IEnumerable<string> Names()
    {
        var stack = new Stack<NameSet>();
        stack.Push(this);
        while (stack.Count > 0)
        {
            var set = stack.Pop();
            if (set._name is not null)
            {
                yield return set._name;
            }

            if (set._right is not null)
            {
                stack.Push(set._right);
            }

            if (set._left is not null)
            {
                stack.Push(set._left);
            }
        }
    }

    public void AddTo(HashSet<string> names)
    {
        foreach (var name in Names())
        {
            names.Add(name);
        }
    }
}
