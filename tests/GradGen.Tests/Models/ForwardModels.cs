using System;

namespace GradGen.Tests.Models;

/// <summary>Models with forward mode (<c>Forward = true</c>): each Pushforward is compared with the Gradient along random directions in ForwardTests.</summary>
public static partial class ForwardModels
{
    /// <summary>The contract shape: a scalar, an array and a [NoDerivative] constant.</summary>
    [Differentiable(Forward = true)]
    public static double F(double a, double[] w, [NoDerivative] double k)
    {
        double s = a * a;
        for (int i = 0; i < w.Length; i++)
        {
            s += Math.Sin(w[i] * a) / (1 + w[i] * w[i]) + k * w[i];
        }

        return Math.Exp(-s / 10) + Math.Sqrt(1 + s * s);
    }

    /// <summary>Overwrites (v = v·v), branches, early return, Pow/Atan2/Tanh/Hypot, a local array and %.</summary>
    [Differentiable(Forward = true)]
    public static double Mixed(double x, double y, ReadOnlySpan<double> p)
    {
        double v = x;
        v = v * v + y;
        double[] tmp = new double[p.Length];
        for (int i = 0; i < p.Length; i++)
        {
            tmp[i] = p[i] * v - Math.Tanh(p[i]);
        }

        if (x > 0.5)
        {
            return v + tmp[0] * Math.Atan2(y, x);
        }

        double r = Math.Pow(Math.Abs(x) + 1, y) + double.Hypot(v, y);
        r += (x % 0.7) * y;
        for (int i = 0; i < tmp.Length; i++)
        {
            r = r * 0.9 + (tmp[i] > 0 ? tmp[i] * x : Math.Cos(tmp[i]));
        }

        return r;
    }

    /// <summary>Calls another [Differentiable] method, with a scalar and with an array argument.</summary>
    [Differentiable(Forward = true)]
    public static double Caller(double a, double[] w)
    {
        double s = Helper(a * 2, w);
        return s * Helper(s, w) + a;
    }

    [Differentiable]
    public static double Helper(double t, double[] w)
    {
        double s = 0;
        for (int i = 0; i < w.Length; i++)
        {
            s += Math.Sin(t * w[i]);
        }

        return s * t;
    }

    [Differentiable(Forward = true)]
    public static float Single(float x, float[] w)
    {
        float s = MathF.Log(1 + x * x);
        for (int i = 0; i < w.Length; i++)
        {
            s += MathF.Exp(-w[i] * x) * w[i];
        }

        return s;
    }
}

/// <summary>Models with second derivatives (<c>HessianVectorProduct = true</c>), compared with finite differences of their gradients in SecondOrderTests.</summary>
public static partial class SecondOrderModels
{
    /// <summary>The contract shape.</summary>
    [Differentiable(HessianVectorProduct = true)]
    public static double F(double a, double[] w, [NoDerivative] double k)
    {
        double s = a * a * a;
        for (int i = 0; i < w.Length; i++)
        {
            s += Math.Sin(w[i] * a) * w[i] + k * w[i] * w[i];
        }

        return Math.Exp(-s / 10) + s * s / 20;
    }

    /// <summary>Extended Rosenbrock: Σ 100 (x[2i+1] − x[2i]²)² + (1 − x[2i])².</summary>
    [Differentiable(HessianVectorProduct = true)]
    public static double Rosenbrock(ReadOnlySpan<double> x)
    {
        double s = 0;
        for (int i = 0; i + 1 < x.Length; i += 2)
        {
            double t = x[i + 1] - x[i] * x[i];
            double u = 1 - x[i];
            s += 100 * t * t + u * u;
        }

        return s;
    }

    /// <summary>Branches, overwrites, a local array, division and Pow, Tanh, Log, Atan2.</summary>
    [Differentiable(HessianVectorProduct = true)]
    public static double Mixed(double x, double y, double[] p)
    {
        double v = x * y;
        v = v * v / (1 + y * y);
        double[] h = new double[p.Length];
        for (int i = 0; i < p.Length; i++)
        {
            h[i] = Math.Tanh(p[i] * v) + Math.Pow(1.5 + Math.Cos(p[i]), x);
        }

        double r = Math.Log(2 + v * v);
        if (x > 0)
        {
            r += Math.Atan2(y, 1 + x * x);
        }

        for (int i = 0; i < h.Length; i++)
        {
            r = r * 0.8 + h[i] * h[i] / (1 + x * x);
        }

        return r;
    }

    /// <summary>Calls to [Differentiable] methods that do not ask for second derivatives: they get them (raised by the caller).</summary>
    [Differentiable(HessianVectorProduct = true)]
    public static double Composite(double a, double[] w, [NoDerivative] double[] data)
    {
        double s = Energy(a, w);
        double t = Sigmoid(s * a);
        return t * s + Energy(t, w) + Energy(a * t, data);
    }

    [Differentiable]
    public static double Energy(double x, double[] w)
    {
        double e = 0;
        for (int i = 0; i < w.Length; i++)
        {
            e += w[i] * w[i] * Math.Exp(-x * w[i]) + Sigmoid(w[i] - x);
        }

        return e;
    }

    [Differentiable]
    public static double Sigmoid(double z) => 1 / (1 + Math.Exp(-z));
}
