using System;
using System.Linq;

namespace GradGen.Tests.Models;

/// <summary>
/// Calls inside '?:', '&amp;&amp;' and '||', to [Differentiable] methods and to Math functions alike: each runs only when
/// its branch is taken, as in the original (a recursion through '?:' would otherwise never end).
/// </summary>
public static partial class Branches
{
    /// <summary>log(1 + e^x), the softplus.</summary>
    [Differentiable]
    public static double Log1pExp(double x) => Math.Log(1 + Math.Exp(x));

    /// <summary>log σ(x), written the stable way: each branch calls Log1pExp on the argument that keeps e^… small.</summary>
    [Differentiable]
    public static double LogSigmoid(double x) => x >= 0 ? -Log1pExp(-x) : x - Log1pExp(x);

    /// <summary>x^n by recursion through '?:': the call must run only while n &gt; 0.</summary>
    [Differentiable]
    public static double Pow(double x, int n) => n == 0 ? 1.0 : x * Pow(x, n - 1);

    [Differentiable]
    public static double Norm(double x, double y) => Math.Sqrt(x * x + y * y);

    /// <summary>'&amp;&amp;' with a [Differentiable] call on its right, in an 'if' condition.</summary>
    [Differentiable]
    public static double Clipped(double x, double y, bool flag)
    {
        if (flag && Norm(x, y) > 1)
        {
            return x / Norm(x, y);
        }

        return x * y;
    }

    /// <summary>'||' with a call on its right, its value kept in a local and used twice.</summary>
    [Differentiable]
    public static double EitherSide(double x, double y)
    {
        var outside = x < -1 || Norm(x, y) > 1.5;
        var inside = !outside && Log1pExp(y) > 0.5;
        return outside ? x * y : inside ? Math.Sin(x) + y : x - y;
    }

    /// <summary>'?:' nested in an argument, in a loop body, branches with several calls and a throw expression.</summary>
    [Differentiable]
    public static double InLoop(double x, double y, [NoDerivative] int n)
    {
        var s = 0.0;
        for (var i = 0; i < n; i++)
        {
            s += 0.5 * Math.Tanh(i % 2 == 0 ? Log1pExp(x * s - 1) : Norm(y, s) * 0.1 + Log1pExp(y));
            var t = i < 10 ? Norm(s, x) : throw new InvalidOperationException("too many");
            s = s * 0.5 + t * 0.1;
        }

        return s;
    }

    /// <summary>Math functions in branches: only the taken one runs (Math.Log of a negative would be NaN on the other).</summary>
    [Differentiable]
    public static double MathBranches(double x, double y) =>
        x > 0 ? Math.Log(x) * Pow(y, 2) : (y > 0 && Math.Sqrt(y) > 0.5 ? Log1pExp(-x) * Math.Sqrt(y) : Math.Exp(x));

    /// <summary>
    /// LINQ, a 'v ?? throw' guard and a value tested by several patterns inside branches: each lowered into the branch
    /// that takes it (the guard throws only when its branch runs).
    /// </summary>
    [Differentiable]
    public static double LoweredInBranches(double[] w, double x, [NoDerivative] double[]? maybe)
    {
        var s = x > 0 ? w.Sum() * x : w.Select(v => v * v).Max() - x;
        var t = x < 1 ? (maybe ?? throw new ArgumentNullException(nameof(maybe))).Length * x : x * x;
        var u = s > 0 && (Log1pExp(s * x) is > 0.5 and < 3) ? Log1pExp(x) : s;
        return s * t + u;
    }

    /// <summary>Calls in switch expression arms run only in the arm chosen; a throw arm stays a throw.</summary>
    [Differentiable]
    public static double SwitchArms(double x, double y, [NoDerivative] int n)
    {
        var a = x switch
        {
            < -1 => Log1pExp(x) * y,
            < 1 when n > 0 => Norm(x, y),
            < 1 => Math.Sin(x) * y,
            _ => x * Log1pExp(-y),
        };
        return n switch
        {
            0 => a,
            1 => a * Pow(y, 3),
            < 9 => Norm(a, Pow(x, n)),
            _ => throw new ArgumentOutOfRangeException(nameof(n)),
        };
    }

    /// <summary>
    /// Forward mode through a call that overwrites its own argument ('x = Softplus(x)'), found by the random tester with
    /// a local function in a '?:' branch: the callee's pullback must see the argument as it was.
    /// </summary>
    [Differentiable(Forward = true)]
    public static double OverwritesItsArgument(double x, double y)
    {
        x = Log1pExp(x * y);
        var s = x > 0.5 ? Log1pExp(x) : x * x;
        y = Norm(y, s);
        return x * y + s;
    }

    /// <summary>A float method: the temporary of the lowered '?:' is a float.</summary>
    [Differentiable]
    public static float SquareF(float x) => x * x;

    [Differentiable]
    public static float BranchesF(float x, float y) => x > y ? SquareF(x - y) + y : MathF.Sin(x) * SquareF(y);
}
