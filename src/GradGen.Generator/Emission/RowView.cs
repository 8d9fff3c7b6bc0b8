using System;
using GradGen.Generator.Model;

namespace GradGen.Generator.Emission;

/// <summary>
/// A view of one row of an array parameter (or of its gradient) in the forward or reverse sweep of a counted loop: the elements
/// <c>Array[Index]</c>, <c>Index</c> being <c>base + Counter</c>, are <c>Name[Counter]</c>. Named the first time an element
/// is printed through it, so a row nothing reads or writes is never declared.
/// </summary>
internal sealed class RowView
{
    private readonly Func<string> _newName;

    public RowView(string array, Expr index, string counter, Func<string> newName)
    {
        Array = array;
        Index = index;
        Counter = counter;
        _newName = newName;
    }

    public string Array { get; }

    public Expr Index { get; }

    public string Counter { get; }

    /// <summary>The row's local, once an element was printed through it.</summary>
    public string? Name { get; private set; }

    public string Use() => Name ??= _newName();
}
