using System;

namespace GradGen.Benchmarks.Models;

/// <summary>
/// A polynomial by Horner's rule, <c>p = (…(c[n−1]·x + c[n−2])·x + …)·x + c[0]</c>: a recurrence, so its loop cannot
/// be fused (each step needs the previous p) and the generated gradient records p on a tape. The benchmark for loops
/// that are not fused, and for a scalar parameter (x) whose gradient is accumulated over a loop.
/// </summary>
public static partial class Horner
{
    [Differentiable]
    public static double Value(ReadOnlySpan<double> c, double x)
    {
        double p = 0;
        for (int i = c.Length - 1; i >= 0; i--)
        {
            p = p * x + c[i];
        }

        return p;
    }

    /// <summary>
    /// The value and gradient by hand, in one pass: ∂p/∂c[i] = xⁱ, and ∂p/∂x by the derivative's own Horner
    /// recurrence (<c>dp = dp·x + p</c> before each step). Overwrites <paramref name="dC"/>.
    /// </summary>
    public static double ValueGradientByHand(ReadOnlySpan<double> c, double x, Span<double> dC, out double dX)
    {
        double p = 0;
        double dp = 0;
        for (int i = c.Length - 1; i >= 0; i--)
        {
            dp = dp * x + p;
            p = p * x + c[i];
        }

        double power = 1;
        for (int i = 0; i < c.Length; i++)
        {
            dC[i] = power;
            power *= x;
        }

        dX = dp;
        return p;
    }
}
