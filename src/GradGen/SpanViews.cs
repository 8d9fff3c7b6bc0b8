using System;
using System.ComponentModel;

namespace GradGen;

/// <summary>
/// Bounds checks for generated code that reads a view (<c>w.Slice(a, n)</c>, <c>w[a..b]</c>, <c>w.AsSpan(a, n)</c>)
/// through its start and count instead of a span: each throws what the view or the read would have thrown.
/// Not meant to be called by hand.
/// </summary>
[EditorBrowsable(EditorBrowsableState.Never)]
public static class SpanViews
{
    /// <summary>The count of <c>Slice(start, count)</c> of something of length <paramref name="length"/>, checked as Slice checks it.</summary>
    /// <exception cref="ArgumentOutOfRangeException">The slice does not lie inside the viewed span.</exception>
    public static int Count(int length, int start, int count) =>
        (ulong)(uint)start + (uint)count > (uint)length ? throw new ArgumentOutOfRangeException(nameof(start)) : count;

    /// <summary>The count of <c>Slice(start)</c>: everything from <paramref name="start"/> on.</summary>
    /// <exception cref="ArgumentOutOfRangeException"><paramref name="start"/> is negative or past the end.</exception>
    public static int Rest(int length, int start) =>
        (uint)start > (uint)length ? throw new ArgumentOutOfRangeException(nameof(start)) : length - start;

    /// <summary>The count of the range <c>[start..end]</c>, checked as <see cref="Range.GetOffsetAndLength"/> checks it.</summary>
    /// <exception cref="ArgumentOutOfRangeException">The range does not lie inside the viewed span.</exception>
    public static int Range(int length, int start, int end) =>
        (uint)end > (uint)length || (uint)start > (uint)end ? throw new ArgumentOutOfRangeException(nameof(length)) : end - start;

    /// <summary>
    /// The row <c>span[start]</c> … <c>span[start + count - 1]</c> (count &gt; 0) that a loop reads element by element,
    /// checked as those reads are: it throws what the first read outside the span would have thrown.
    /// </summary>
    /// <exception cref="IndexOutOfRangeException">An element of the row is outside the span.</exception>
    public static ReadOnlySpan<T> Row<T>(ReadOnlySpan<T> span, int start, int count) =>
        (uint)start >= (uint)span.Length || (uint)count > (uint)(span.Length - start) ? throw new IndexOutOfRangeException() : span.Slice(start, count);

    /// <summary><paramref name="index"/> when it is inside a view of <paramref name="count"/> elements.</summary>
    /// <exception cref="IndexOutOfRangeException"><paramref name="index"/> is outside the view.</exception>
    public static int Element(int index, int count) =>
        (uint)index < (uint)count ? index : throw new IndexOutOfRangeException();
}
