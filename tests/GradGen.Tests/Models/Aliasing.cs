using System;

namespace GradGen.Tests.Models;

/// <summary>A model with two differentiable spans of one length, for the generated methods' overlap checks.</summary>
public static partial class Aliasing
{
    /// <summary>Σ aᵢ·bᵢ² + Σ sin aᵢ.</summary>
    [Differentiable]
    public static double Weighted(ReadOnlySpan<double> a, ReadOnlySpan<double> b)
    {
        double sum = 0;
        for (int i = 0; i < a.Length; i++)
        {
            sum += a[i] * b[i] * b[i] + Math.Sin(a[i]);
        }

        return sum;
    }
}
