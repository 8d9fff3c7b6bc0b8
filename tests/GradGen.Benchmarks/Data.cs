using System;

namespace GradGen.Benchmarks;

/// <summary>Seeded pseudo-random data, so every run benchmarks the same problems.</summary>
internal static class Data
{
    public static double[] Uniform(int seed, int length, double low, double high)
    {
        var random = new Random(seed);
        var values = new double[length];
        for (int i = 0; i < length; i++)
        {
            values[i] = low + (high - low) * random.NextDouble();
        }

        return values;
    }

    public static double[] PlusMinusOne(int seed, int length)
    {
        var random = new Random(seed);
        var values = new double[length];
        for (int i = 0; i < length; i++)
        {
            values[i] = random.Next(2) == 0 ? -1.0 : 1.0;
        }

        return values;
    }
}
