using System;

namespace GradGen.Benchmarks.Models;

/// <summary>
/// The extended (chained) Rosenbrock function in N dimensions, Σᵢ₌₀..N₋₂ 100(xᵢ₊₁ − xᵢ²)² + (1 − xᵢ)², each element
/// read by two terms (the form the repository's loop tests use, <c>Loops.Rosenbrock</c>). An objective of O(N) cheap
/// work: the case where a gradient's constant overhead shows most.
/// </summary>
public static partial class Rosenbrock
{
    [Differentiable]
    public static double Value(ReadOnlySpan<double> x)
    {
        double sum = 0;
        for (int i = 0; i < x.Length - 1; i++)
        {
            double a = x[i + 1] - x[i] * x[i];
            double b = 1 - x[i];
            sum += 100 * a * a + b * b;
        }

        return sum;
    }

    /// <summary>
    /// The value and gradient by hand: term i adds <c>−400 xᵢaᵢ − 2bᵢ</c> to ∂/∂xᵢ and <c>200 aᵢ</c> to ∂/∂xᵢ₊₁.
    /// One pass. Overwrites <paramref name="dX"/>.
    /// </summary>
    public static double ValueGradientByHand(ReadOnlySpan<double> x, Span<double> dX)
    {
        if (dX.Length != x.Length)
        {
            throw new ArgumentException("The gradient must have the length of x.", nameof(dX));
        }

        dX.Clear();
        double sum = 0;
        for (int i = 0; i < x.Length - 1; i++)
        {
            double a = x[i + 1] - x[i] * x[i];
            double b = 1 - x[i];
            sum += 100 * a * a + b * b;
            dX[i] += -400 * x[i] * a - 2 * b;
            dX[i + 1] += 200 * a;
        }

        return sum;
    }
}
