using System;

namespace GradGen.CurveFitting;

/// <summary>Seeded synthetic data: the two-exponential model at known parameters plus Gaussian noise.</summary>
internal sealed record Dataset(double[] T, double[] Y, double[] TrueParameters, double NoiseSigma)
{
    /// <summary>A fast and a slow decay, sampled at <paramref name="count"/> evenly spaced times on [0, 10].</summary>
    public static Dataset TwoExponentials(int count, int seed)
    {
        double[] truth = [3.0, 1.5, 1.0, 0.2];
        const double sigma = 0.02;
        var random = new Random(seed);
        var t = new double[count];
        var y = new double[count];
        for (int i = 0; i < count; i++)
        {
            t[i] = 10.0 * i / (count - 1);
            y[i] = truth[0] * Math.Exp(-truth[1] * t[i]) + truth[2] * Math.Exp(-truth[3] * t[i]) + sigma * Gaussian(random);
        }

        return new Dataset(t, y, truth, sigma);
    }

    /// <summary>A standard normal deviate (Box–Muller).</summary>
    private static double Gaussian(Random random)
    {
        double u = 1.0 - random.NextDouble();
        double v = random.NextDouble();
        return Math.Sqrt(-2.0 * Math.Log(u)) * Math.Cos(2.0 * Math.PI * v);
    }
}
