using System;

namespace GradGen.Runtime.Tests;

/// <summary>Functions with hand-written derivatives used across the tests.</summary>
internal static class TestFunctions
{
    /// <summary>Extended Rosenbrock: Σ (1 − xᵢ)² + 100 (xᵢ₊₁ − xᵢ²)².</summary>
    public static double Rosenbrock(ReadOnlySpan<double> x)
    {
        double sum = 0.0;
        for (int i = 0; i < x.Length - 1; i++)
        {
            double a = 1.0 - x[i];
            double b = x[i + 1] - (x[i] * x[i]);
            sum += (a * a) + (100.0 * b * b);
        }

        return sum;
    }

    /// <summary>The hand-written gradient of <see cref="Rosenbrock"/>; accumulates into <paramref name="g"/> after clearing it.</summary>
    public static double RosenbrockGradient(ReadOnlySpan<double> x, Span<double> g)
    {
        g.Clear();
        for (int i = 0; i < x.Length - 1; i++)
        {
            double a = 1.0 - x[i];
            double b = x[i + 1] - (x[i] * x[i]);
            g[i] += (-2.0 * a) - (400.0 * x[i] * b);
            g[i + 1] += 200.0 * b;
        }

        return Rosenbrock(x);
    }

    public static float RosenbrockF(ReadOnlySpan<float> x)
    {
        float sum = 0f;
        for (int i = 0; i < x.Length - 1; i++)
        {
            float a = 1f - x[i];
            float b = x[i + 1] - (x[i] * x[i]);
            sum += (a * a) + (100f * b * b);
        }

        return sum;
    }

    public static float RosenbrockGradientF(ReadOnlySpan<float> x, Span<float> g)
    {
        g.Clear();
        for (int i = 0; i < x.Length - 1; i++)
        {
            float a = 1f - x[i];
            float b = x[i + 1] - (x[i] * x[i]);
            g[i] += (-2f * a) - (400f * x[i] * b);
            g[i + 1] += 200f * b;
        }

        return RosenbrockF(x);
    }

    /// <summary>f(x) = sin(x₀)·exp(x₁) + x₂³ − log(1 + x₀²) · x₂.</summary>
    public static double Mixed(ReadOnlySpan<double> x) =>
        (Math.Sin(x[0]) * Math.Exp(x[1])) + (x[2] * x[2] * x[2]) - (Math.Log(1.0 + (x[0] * x[0])) * x[2]);

    public static double MixedGradient(ReadOnlySpan<double> x, Span<double> g)
    {
        g[0] = (Math.Cos(x[0]) * Math.Exp(x[1])) - (2.0 * x[0] / (1.0 + (x[0] * x[0])) * x[2]);
        g[1] = Math.Sin(x[0]) * Math.Exp(x[1]);
        g[2] = (3.0 * x[2] * x[2]) - Math.Log(1.0 + (x[0] * x[0]));
        return Mixed(x);
    }

    /// <summary>A point of <paramref name="n"/> components in [-2, 2) from a fixed seed.</summary>
    public static double[] Point(int n, int seed)
    {
        var random = new Random(seed);
        var x = new double[n];
        for (int i = 0; i < n; i++)
        {
            x[i] = (random.NextDouble() * 4.0) - 2.0;
        }

        return x;
    }

    public static double MaxAbs(ReadOnlySpan<double> values)
    {
        double max = 0.0;
        foreach (double v in values)
        {
            max = Math.Max(max, Math.Abs(v));
        }

        return max;
    }

    public static double MaxAbsDifference(ReadOnlySpan<double> a, ReadOnlySpan<double> b)
    {
        double max = 0.0;
        for (int i = 0; i < a.Length; i++)
        {
            max = Math.Max(max, Math.Abs(a[i] - b[i]));
        }

        return max;
    }
}
