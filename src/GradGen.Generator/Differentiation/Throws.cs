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

    public static bool In(Expr expr) => expr is ThrowExpr || ExprWalker.Children(expr).Any(In);
}
