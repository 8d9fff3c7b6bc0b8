using System.Collections.Generic;

namespace GradGen.Generator.Helpers;

/// <summary>Identity comparison for statements: records compare by value, but two equal statements in different places are different positions.</summary>
internal sealed class ReferenceComparer<T> : IEqualityComparer<T>
    where T : class
{
    public static readonly ReferenceComparer<T> Instance = new();

    public bool Equals(T? x, T? y) => ReferenceEquals(x, y);

    public int GetHashCode(T obj) => System.Runtime.CompilerServices.RuntimeHelpers.GetHashCode(obj);
}
