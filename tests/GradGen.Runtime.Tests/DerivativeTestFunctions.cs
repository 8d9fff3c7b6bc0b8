using System;

namespace GradGen.Runtime.Tests;

/// <summary>Hand-written pushforwards, Jacobians and Hessian-vector products for the checks of forward mode and second derivatives.</summary>
internal static class DerivativeTestFunctions
{
    private static readonly double[] Times = { 0.5, 1.0, 2.0 };
    private static readonly double[] Observed = { 1.0, 0.6, 0.3 };
    private static readonly double[] DecayTimes = { 0.0, 0.5, 1.0, 2.0 };
    private static readonly double[] DecayObserved = { 2.0, 1.3, 0.8, 0.3 };

    /// <summary>Rosenbrock's directional derivative by a forward sweep: d(a²) + 100·d(b²) per term.</summary>
    public static double RosenbrockPushforward(ReadOnlySpan<double> x, ReadOnlySpan<double> v, out double derivative)
    {
        derivative = 0.0;
        for (int i = 0; i < x.Length - 1; i++)
        {
            double a = 1.0 - x[i];
            double b = x[i + 1] - (x[i] * x[i]);
            double da = -v[i];
            double db = v[i + 1] - (2.0 * x[i] * v[i]);
            derivative += (2.0 * a * da) + (200.0 * b * db);
        }

        return TestFunctions.Rosenbrock(x);
    }

    public static float RosenbrockPushforwardF(ReadOnlySpan<float> x, ReadOnlySpan<float> v, out float derivative)
    {
        derivative = 0f;
        for (int i = 0; i < x.Length - 1; i++)
        {
            float a = 1f - x[i];
            float b = x[i + 1] - (x[i] * x[i]);
            float da = -v[i];
            float db = v[i + 1] - (2f * x[i] * v[i]);
            derivative += (2f * a * da) + (200f * b * db);
        }

        return TestFunctions.RosenbrockF(x);
    }

    /// <summary>Rosenbrock's gradient and H·v, from the 2 × 2 Hessian block of each term.</summary>
    public static double RosenbrockHessianVector(ReadOnlySpan<double> x, ReadOnlySpan<double> v, Span<double> g, Span<double> hv)
    {
        double value = TestFunctions.RosenbrockGradient(x, g);
        hv.Clear();
        for (int i = 0; i < x.Length - 1; i++)
        {
            double b = x[i + 1] - (x[i] * x[i]);
            double hii = 2.0 - (400.0 * b) + (800.0 * x[i] * x[i]);
            double hij = -400.0 * x[i];
            hv[i] += (hii * v[i]) + (hij * v[i + 1]);
            hv[i + 1] += (hij * v[i]) + (200.0 * v[i + 1]);
        }

        return value;
    }

    /// <summary>The Hessian-vector product of <see cref="TestFunctions.Mixed"/>.</summary>
    public static double MixedHessianVector(ReadOnlySpan<double> x, ReadOnlySpan<double> v, Span<double> g, Span<double> hv)
    {
        double s = Math.Sin(x[0]) * Math.Exp(x[1]);
        double c = Math.Cos(x[0]) * Math.Exp(x[1]);
        double q = 1.0 + (x[0] * x[0]);
        double h00 = -s - (x[2] * 2.0 * (1.0 - (x[0] * x[0])) / (q * q));
        double h02 = -2.0 * x[0] / q;
        hv[0] = (h00 * v[0]) + (c * v[1]) + (h02 * v[2]);
        hv[1] = (c * v[0]) + (s * v[1]);
        hv[2] = (h02 * v[0]) + (6.0 * x[2] * v[2]);
        return TestFunctions.MixedGradient(x, g);
    }

    public static float RosenbrockHessianVectorF(ReadOnlySpan<float> x, ReadOnlySpan<float> v, Span<float> g, Span<float> hv)
    {
        float value = TestFunctions.RosenbrockGradientF(x, g);
        hv.Clear();
        for (int i = 0; i < x.Length - 1; i++)
        {
            float b = x[i + 1] - (x[i] * x[i]);
            float hii = 2f - (400f * b) + (800f * x[i] * x[i]);
            float hij = -400f * x[i];
            hv[i] += (hii * v[i]) + (hij * v[i + 1]);
            hv[i + 1] += (hij * v[i]) + (200f * v[i + 1]);
        }

        return value;
    }

    public static void ResidualsF(ReadOnlySpan<float> p, Span<float> r)
    {
        for (int i = 0; i < Times.Length; i++)
        {
            float t = (float)Times[i];
            r[i] = (p[0] * MathF.Exp(-p[1] * t)) + (p[2] * MathF.Sin(p[0] * t)) - (float)Observed[i];
        }
    }

    public static void ResidualsJacobianF(ReadOnlySpan<float> p, Span<float> r, Span<float> jacobian)
    {
        ResidualsF(p, r);
        for (int i = 0; i < Times.Length; i++)
        {
            float t = (float)Times[i];
            float e = MathF.Exp(-p[1] * t);
            jacobian[(3 * i) + 0] = e + (p[2] * t * MathF.Cos(p[0] * t));
            jacobian[(3 * i) + 1] = -p[0] * t * e;
            jacobian[(3 * i) + 2] = MathF.Sin(p[0] * t);
        }
    }

    /// <summary>Three residuals of three parameters: <c>rᵢ = p₀·exp(−p₁·tᵢ) + p₂·sin(p₀·tᵢ) − yᵢ</c>.</summary>
    public static void Residuals(ReadOnlySpan<double> p, Span<double> r)
    {
        for (int i = 0; i < Times.Length; i++)
        {
            double t = Times[i];
            r[i] = (p[0] * Math.Exp(-p[1] * t)) + (p[2] * Math.Sin(p[0] * t)) - Observed[i];
        }
    }

    public static void ResidualsJacobian(ReadOnlySpan<double> p, Span<double> r, Span<double> jacobian)
    {
        Residuals(p, r);
        for (int i = 0; i < Times.Length; i++)
        {
            double t = Times[i];
            double e = Math.Exp(-p[1] * t);
            jacobian[(3 * i) + 0] = e + (p[2] * t * Math.Cos(p[0] * t));
            jacobian[(3 * i) + 1] = -p[0] * t * e;
            jacobian[(3 * i) + 2] = Math.Sin(p[0] * t);
        }
    }

    /// <summary>Four residuals of an exponential decay in two parameters: <c>rᵢ = p₀·exp(−p₁·tᵢ) − yᵢ</c>.</summary>
    public static void Decay(ReadOnlySpan<double> p, Span<double> r)
    {
        for (int i = 0; i < DecayTimes.Length; i++)
        {
            r[i] = (p[0] * Math.Exp(-p[1] * DecayTimes[i])) - DecayObserved[i];
        }
    }

    public static void DecayJacobian(ReadOnlySpan<double> p, Span<double> r, Span<double> jacobian)
    {
        Decay(p, r);
        for (int i = 0; i < DecayTimes.Length; i++)
        {
            double e = Math.Exp(-p[1] * DecayTimes[i]);
            jacobian[(2 * i) + 0] = e;
            jacobian[(2 * i) + 1] = -p[0] * DecayTimes[i] * e;
        }
    }

    /// <summary>A point of <paramref name="n"/> components in [0.5, 1.5) from a fixed seed, where the residual models are tame.</summary>
    public static double[] Parameters(int n, int seed)
    {
        var random = new Random(seed);
        var p = new double[n];
        for (int i = 0; i < n; i++)
        {
            p[i] = 0.5 + random.NextDouble();
        }

        return p;
    }

    /// <summary><paramref name="jacobian"/> with the entry at <paramref name="index"/> scaled by <paramref name="factor"/>.</summary>
    public static JacobianFunction WithEntryScaled(JacobianFunction jacobian, int index, double factor) => (p, r, j) =>
    {
        jacobian(p, r, j);
        j[index] *= factor;
    };

    /// <summary><paramref name="jacobian"/> written column-major (the transposed layout) instead of row-major.</summary>
    public static JacobianFunction Transposed(JacobianFunction jacobian, int outputs) => (p, r, j) =>
    {
        int n = p.Length;
        var rowMajor = new double[j.Length];
        jacobian(p, r, rowMajor);
        for (int i = 0; i < outputs; i++)
        {
            for (int k = 0; k < n; k++)
            {
                j[(k * outputs) + i] = rowMajor[(i * n) + k];
            }
        }
    };
}
