using System;
using GradGen.Generator.Helpers;
using GradGen.Generator.Model;

namespace GradGen.Generator.Emission;

/// <summary>
/// How a local array chosen by <see cref="Differentiation.PooledArrays"/> is declared: a span over an array rented
/// from the shared pool, zeroed as a new array is; the caller returns the array to the pool before the method returns.
/// A negative length throws the <c>OverflowException</c> that <c>new T[n]</c> throws.
/// </summary>
internal static class PooledArray
{
    /// <param name="comment">Receives the comment above the declaration.</param>
    /// <param name="output">Receives each statement with the names it mentions.</param>
    /// <param name="length">The length as declared, printed by <paramref name="print"/>.</param>
    /// <param name="fresh">A new local name with the given prefix.</param>
    /// <returns>The rented array's name.</returns>
    public static string Declare(Action<string> comment, Action<string, NameSet> output, string element, string name, Expr length, Func<Expr, Code> print, Func<string, string> fresh)
    {
        comment("'" + name + "', a new array in the method: here a span over a pooled one.");
        var printed = print(length);
        var size = printed.Text;
        var sizeNames = printed.Names;
        if (length is not (LiteralExpr or VariableExpr or LengthExpr))
        {
            // Evaluated once, as in 'new T[n]'.
            var local = fresh("_length");
            output("int " + local + " = " + size + ";", NameSet.Union(NameSet.Of(local), sizeNames));
            size = local;
            sizeNames = NameSet.Of(local);
        }

        var checkedSize = length is LengthExpr or LiteralExpr { IsNegative: false } ? size : size + " >= 0 ? " + size + " : throw new global::System.OverflowException()";
        var rented = fresh("_rented");
        var span = "global::System.Span<" + element + ">";
        output(element + "[] " + rented + " = global::System.Buffers.ArrayPool<" + element + ">.Shared.Rent(" + checkedSize + ");", NameSet.Union(NameSet.Of(rented), sizeNames));
        output(span + " " + name + " = new " + span + "(" + rented + ", 0, " + size + ");", NameSet.Union(NameSet.Of(name, rented), sizeNames));
        output(ZeroFill.Statement(name, element), NameSet.Of(name));
        return rented;
    }

    public static string Return(string element, string rented) =>
        "global::System.Buffers.ArrayPool<" + element + ">.Shared.Return(" + rented + ");";
}
