using System;
using System.Diagnostics;
using System.Linq;

namespace GradGen.Tests.Models;

// Programs written as users write them (guards, logging, private helpers, local functions, tuples, LINQ, rectangular
// and jagged arrays, fields, a vector-valued residual), not shaped for GradGen: each must be differentiated exactly.
// Compared with finite differences in RealisticTests.

public static partial class RealisticFinance
{
    [Differentiable]
    private static double NormCdf(double x) => 0.5 * (1.0 + Erf(x / Math.Sqrt(2.0)));

    // Abramowitz-Stegun 7.1.26
    [Differentiable]
    private static double Erf(double x)
    {
        double sign = x < 0 ? -1.0 : 1.0;
        x = Math.Abs(x);
        const double a1 = 0.254829592, a2 = -0.284496736, a3 = 1.421413741, a4 = -1.453152027, a5 = 1.061405429, p = 0.3275911;
        double t = 1.0 / (1.0 + p * x);
        double y = 1.0 - (((((a5 * t + a4) * t) + a3) * t + a2) * t + a1) * t * Math.Exp(-x * x);
        return sign * y;
    }

    [Differentiable]
    public static double BlackScholesCall(double spot, double strike, double rate, double vol, double maturity)
    {
        if (vol <= 0) throw new ArgumentOutOfRangeException(nameof(vol));
        double sqrtT = Math.Sqrt(maturity);
        double d1 = (Math.Log(spot / strike) + (rate + 0.5 * vol * vol) * maturity) / (vol * sqrtT);
        double d2 = d1 - vol * sqrtT;
        return spot * NormCdf(d1) - strike * Math.Exp(-rate * maturity) * NormCdf(d2);
    }
}

public static partial class RealisticLosses
{
    [Differentiable]
    public static double Huber(double[] w, [NoDerivative] double[] x, [NoDerivative] double[] y, [NoDerivative] double delta = 1.0)
    {
        ArgumentNullException.ThrowIfNull(w);
        if (x.Length != y.Length) throw new ArgumentException("x and y differ in length");
        double total = 0;
        for (int i = 0; i < x.Length; i++)
        {
            double r = w[0] + w[1] * x[i] - y[i];
            double a = Math.Abs(r);
            total += a <= delta ? 0.5 * r * r : delta * (a - 0.5 * delta);
        }
        Debug.WriteLine($"huber = {total:F4}");
        return total / x.Length;
    }

    [Differentiable]
    public static double SoftmaxRegression(double[,] theta, [NoDerivative] double[][] xs, [NoDerivative] int[] labels)
    {
        int k = theta.GetLength(0), d = theta.GetLength(1);
        double loss = 0;
        for (int s = 0; s < xs.Length; s++)
        {
            var logits = new double[k];
            for (int c = 0; c < k; c++)
                for (int j = 0; j < d; j++)
                    logits[c] += theta[c, j] * xs[s][j];
            double max = logits.Max();
            double sum = 0;
            foreach (var z in logits) sum += Math.Exp(z - max);
            loss += Math.Log(sum) + max - logits[labels[s]];
        }
        return loss / xs.Length;
    }
}

public static partial class RealisticPhysics
{
    [Differentiable]
    public static double LennardJones(ReadOnlySpan<double> pos, [NoDerivative] double epsilon = 1.0, [NoDerivative] double sigma = 1.0)
    {
        int n = pos.Length / 3;
        double energy = 0;
        for (int i = 0; i < n; i++)
        {
            for (int j = i + 1; j < n; j++)
            {
                double dx = pos[3 * i] - pos[3 * j];
                double dy = pos[3 * i + 1] - pos[3 * j + 1];
                double dz = pos[3 * i + 2] - pos[3 * j + 2];
                double r2 = dx * dx + dy * dy + dz * dz;
                double sr6 = Math.Pow(sigma * sigma / r2, 3);
                energy += 4 * epsilon * (sr6 * sr6 - sr6);
            }
        }
        return energy;
    }

    // dy/dt = -k y + a sin(t), integrated with RK4; loss against observations.
    [Differentiable]
    public static double Rk4Fit(double k, double a, [NoDerivative] double y0, [NoDerivative] double[] observed, [NoDerivative] double dt)
    {
        double F(double t, double y) => -k * y + a * Math.Sin(t);
        double y = y0, t = 0, loss = 0;
        for (int step = 0; step < observed.Length; step++)
        {
            double k1 = F(t, y);
            double k2 = F(t + dt / 2, y + dt / 2 * k1);
            double k3 = F(t + dt / 2, y + dt / 2 * k2);
            double k4 = F(t + dt, y + dt * k3);
            y += dt / 6 * (k1 + 2 * k2 + 2 * k3 + k4);
            t += dt;
            double e = y - observed[step];
            loss += e * e;
        }
        return loss;
    }
}

public static partial class RealisticNets
{
    [Differentiable]
    private static double Sigmoid(double x) => 1.0 / (1.0 + Math.Exp(-x));

    // One LSTM cell over a sequence, hidden size h, input size 1; weights packed in w.
    [Differentiable]
    public static double LstmLoss(double[] w, [NoDerivative] double[] sequence, [NoDerivative] double target, [NoDerivative] int h)
    {
        double[] hidden = new double[h];
        double[] cell = new double[h];
        int stride = 2 + h;
        foreach (double xt in sequence)
        {
            double[] next = new double[h];
            for (int u = 0; u < h; u++)
            {
                double Gate(int g)
                {
                    int off = (g * h + u) * stride;
                    double z = w[off] + w[off + 1] * xt;
                    for (int v = 0; v < h; v++) z += w[off + 2 + v] * hidden[v];
                    return z;
                }
                double i = Sigmoid(Gate(0)), f = Sigmoid(Gate(1)), o = Sigmoid(Gate(2));
                double g = Math.Tanh(Gate(3));
                cell[u] = f * cell[u] + i * g;
                next[u] = o * Math.Tanh(cell[u]);
            }
            for (int u = 0; u < h; u++) hidden[u] = next[u];
        }
        double pred = hidden.Sum();
        return (pred - target) * (pred - target);
    }
}

public static partial class RealisticVision
{
    // Reprojection residuals of a pinhole camera (angle-axis rotation about z only, translation, focal).
    [Differentiable]
    public static void Reprojection(ReadOnlySpan<double> camera, [NoDerivative] ReadOnlySpan<double> points, [NoDerivative] ReadOnlySpan<double> observed, [DifferentiableOutput] Span<double> residuals)
    {
        double theta = camera[0], tx = camera[1], ty = camera[2], tz = camera[3], focal = camera[4];
        var (s, c) = Math.SinCos(theta);
        for (int i = 0; i < points.Length / 3; i++)
        {
            double x = c * points[3 * i] - s * points[3 * i + 1] + tx;
            double y = s * points[3 * i] + c * points[3 * i + 1] + ty;
            double z = points[3 * i + 2] + tz;
            residuals[2 * i] = focal * x / z - observed[2 * i];
            residuals[2 * i + 1] = focal * y / z - observed[2 * i + 1];
        }
    }
}

public partial class RealisticLinearModel
{
    private readonly double[] _x;
    private readonly double[] _y;
    public int Evaluations;

    public RealisticLinearModel(double[] x, double[] y) { _x = x; _y = y; }

    [Differentiable]
    public double Loss(double[] w)
    {
        Evaluations++;
        double sse = 0;
        for (int i = 0, j = _x.Length - 1; i < _x.Length; i++, j--)
        {
            double pred = w[0] + w[1] * _x[i] + w[2] * _x[j] * 0.1;
            double r = pred - _y[i];
            sse += r * r;
        }
        return sse / (2 * _x.Length);
    }
}

public static partial class RealisticMisc
{
    [Differentiable]
    public static double Smooth(double x, double y)
    {
        double r = Math.Sqrt(x * x + y * y);
        double s = Math.Abs(r) < 1e-12 ? 1.0 : Math.Sin(r) / r;
        s += Math.Abs(x) * 0.1;
        s += (x % 1.0) * y;
        return checked(s * 2);
    }

    [Differentiable]
    public static double Piecewise(double t)
    {
        switch (t)
        {
            case < 0:
                return 0;
            case < 1:
                return t * t;
            default:
                {
                    double u = t - 1;
                    return 1 + 2 * u - Math.Exp(-u) + 1;
                }
        }
    }

    [Differentiable]
    public static double Trapezoid(double a, double b, int n)
    {
        double h = (b - a) / n;
        double sum = 0.5 * (F(a) + F(b));
        for (int k = 1; k < n; k++) sum += F(a + k * h);
        return sum * h;

        static double F(double x) => Math.Exp(-x * x);
    }
}
