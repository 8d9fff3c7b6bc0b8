using System.Collections.Generic;
using System.Linq;
using GradGen.Generator.Model;

namespace GradGen.Generator.Differentiation;

/// <summary>
/// Where the model throws. A throw ends the forward sweep, so optimisations that move forward work (loop fusion,
/// the forward sweep's loop invariants, top-level slots sized before the forward sweep) stay off where a throw could
/// come after the moved work in the original and so change which exception is thrown, or where.
/// </summary>
internal static class Throws
{
    public static bool Anywhere(IEnumerable<Stmt> statements) =>
        StatementWalker.Preorder(statements).SelectMany(StatementWalker.Expressions).Any(In);

    public static bool In(Expr expr) => expr is ThrowExpr || IsThrowHelper(expr) || ExprWalker.Children(expr).Any(In);

    /// <summary>
    /// The BCL's throw helpers (<c>ArgumentNullException.ThrowIfNull(w)</c>, <c>ArgumentOutOfRangeException.ThrowIfNegative(n)</c>,
    /// <c>ObjectDisposedException.ThrowIf(…)</c>): a static <c>ThrowIf…</c> on an exception type throws as a throw
    /// statement does.
    /// </summary>
    private static bool IsThrowHelper(Expr expr) =>
        expr is OpaqueExpr { Target: { } target } opaque
        && target.EndsWith("Exception", System.StringComparison.Ordinal)
        && opaque.Member.StartsWith("ThrowIf", System.StringComparison.Ordinal);
}
