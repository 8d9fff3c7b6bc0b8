using System;

namespace GradGen.Demo;

/// <summary>Synthetic classification data: m samples of n standard-normal features, labels ±1.</summary>
internal sealed class Dataset
{
    private Dataset(int n, int m, double[] x, double[] y)
    {
        N = n;
        M = m;
        X = x;
        Y = y;
    }

    public int N { get; }

    public int M { get; }

    /// <summary>m×n, row-major.</summary>
    public double[] X { get; }

    /// <summary>Labels, ±1.</summary>
    public double[] Y { get; }

    /// <summary>
    /// Features <c>xᵢⱼ ~ N(0, 1)</c>; a true weight vector <c>w*</c> of length <paramref name="signal"/> in a random
    /// direction; labels drawn from the logistic model, <c>P(yᵢ = +1) = σ(w*ᵀxᵢ)</c>. A large signal makes the
    /// data nearly separable; the default keeps the optimum finite.
    /// </summary>
    public static Dataset Synthetic(int n, int m, double signal, Random random)
    {
        var x = new double[m * n];
        for (int k = 0; k < x.Length; k++)
        {
            x[k] = Normal(random);
        }

        var truth = new double[n];
        double norm = 0;
        for (int j = 0; j < n; j++)
        {
            truth[j] = Normal(random);
            norm += truth[j] * truth[j];
        }

        norm = Math.Sqrt(norm);
        for (int j = 0; j < n; j++)
        {
            truth[j] *= signal / norm;
        }

        var y = new double[m];
        for (int i = 0; i < m; i++)
        {
            double z = 0;
            for (int j = 0; j < n; j++)
            {
                z += truth[j] * x[i * n + j];
            }

            y[i] = random.NextDouble() < 1 / (1 + Math.Exp(-z)) ? 1.0 : -1.0;
        }

        return new Dataset(n, m, x, y);
    }

    /// <summary>A standard normal draw (Box–Muller).</summary>
    public static double Normal(Random random)
    {
        double u = 1.0 - random.NextDouble();
        double v = random.NextDouble();
        return Math.Sqrt(-2.0 * Math.Log(u)) * Math.Cos(2.0 * Math.PI * v);
    }

    /// <summary>The largest eigenvalue of <c>XᵀX/m</c> by power iteration (for a safe gradient-descent step).</summary>
    public double LargestEigenvalueOfGram(int iterations = 100)
    {
        var v = new double[N];
        Array.Fill(v, 1.0 / Math.Sqrt(N));
        var xv = new double[M];
        double lambda = 0;
        for (int k = 0; k < iterations; k++)
        {
            for (int i = 0; i < M; i++)
            {
                double s = 0;
                for (int j = 0; j < N; j++)
                {
                    s += X[i * N + j] * v[j];
                }

                xv[i] = s;
            }

            var next = new double[N];
            for (int i = 0; i < M; i++)
            {
                for (int j = 0; j < N; j++)
                {
                    next[j] += X[i * N + j] * xv[i] / M;
                }
            }

            double norm = 0;
            for (int j = 0; j < N; j++)
            {
                norm += next[j] * next[j];
            }

            norm = Math.Sqrt(norm);
            lambda = norm;
            for (int j = 0; j < N; j++)
            {
                v[j] = next[j] / norm;
            }
        }

        return lambda;
    }
}
