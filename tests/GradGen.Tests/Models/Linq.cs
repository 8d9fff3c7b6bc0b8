using System;
using System.Linq;

namespace GradGen.Tests.Models;

/// <summary>LINQ over arrays of active values (lowered to loops) and lambdas held in locals (inlined).</summary>
public static partial class Linq
{
    [Differentiable]
    public static double Sums(double[] w, [NoDerivative] double[] x) => w.Sum() * x.Sum() + w.Select(v => v * v).Sum() + w.Sum(v => Math.Sin(v));

    [Differentiable]
    public static double Averages(double[] w) => w.Average() * w.Average(v => v * v) + w.Select(v => Math.Exp(v)).Average();

    [Differentiable]
    public static double Indexed(double[] w) => w.Select((v, i) => v * (i + 1)).Sum();

    [Differentiable]
    public static double ZipDot(double[] w, [NoDerivative] double[] x) => w.Zip(x, (a, b) => a * b).Sum();

    [Differentiable]
    public static double RangeDot(double[] w, [NoDerivative] double[] x, int n) => Enumerable.Range(0, n).Select(i => w[i] * x[i]).Sum();

    [Differentiable]
    public static double Min(double[] w) => w.Min();

    [Differentiable]
    public static double Max(double[] w) => w.Max();

    [Differentiable]
    public static double MinMaxSelected(double[] w) => (w.Select(v => Math.Sin(v)).Min() * 2) + w.Max(v => v * v);

    [Differentiable]
    public static double Aggregates(double[] w) => w.Aggregate(1.0, (acc, v) => acc * (1 + (v * 0.5))) + w.Aggregate((a, b) => (a * 0.5) + (b * b));

    [Differentiable]
    public static double CountPositive(double[] w)
    {
        var positive = w.Count(v => v > 0);
        return positive * w.Sum();
    }

    [Differentiable]
    public static float FloatLinq(float[] w) => w.Sum() + w.Select(v => v * v).Average() + w.Aggregate(0f, (a, v) => (a * 0.5f) + (v * v));

    [Differentiable]
    public static float FloatSum(float[] w) => w.Sum();

    [Differentiable]
    public static float FloatMinMax(float[] w) => (w.Min() * 3) - w.Max();

    [Differentiable]
    public static double Square(double v) => v * v;

    /// <summary>The selector calls a [Differentiable] method: the call is lifted into the loop body.</summary>
    [Differentiable]
    public static double SelectorCallsDifferentiable(double[] w) => w.Select(v => Square(v) + Math.Cos(v)).Sum();

    /// <summary>LINQ inside a loop body and inside a selector, and a lambda local called in a loop: loops nested in loops.</summary>
    [Differentiable]
    public static double Nested(double[] w, [NoDerivative] double[] x)
    {
        Func<double, double, double> scaled = (u, v) => u * Math.Tanh(v);
        var total = w.Select(v => x.Select(u => scaled(u, v)).Max()).Sum();
        for (var i = 0; i < x.Length; i++)
        {
            total += w.Zip(x, (a, b) => a * b * x[i]).Average() + scaled(x[i], w[i % w.Length]);
        }

        return total;
    }

    [Differentiable]
    public static double LambdaLocal(double a, double b)
    {
        Func<double, double> sq = v => v * v;
        var s = a * b;
        return sq(a + 1) + (sq(s) * sq(b));
    }

    [Differentiable]
    public static double LambdaCapturesAndSelects(double[] w, double scale)
    {
        Func<double, double> f = v => scale * Math.Tanh(v);
        var mix = (double u, double v) => (u * v) + f(u);
        return w.Select(f).Sum() + f(scale) + mix(scale, w[0]);
    }

    /// <summary>Arrays materialised with ToArray: a copy of a parameter, a Select, a Zip and a Range, then read by index.</summary>
    [Differentiable]
    public static double Materialised(double[] w)
    {
        double[] copy = w.ToArray();
        var squares = w.Select(v => v * v).ToArray();
        double[] products = w.Zip(copy, (a, b) => a * Math.Sin(b)).ToArray();
        var shifted = Enumerable.Range(1, w.Length - 1).Select(i => w[i] - w[i - 1]).ToArray();
        double s = 0;
        for (int i = 0; i < shifted.Length; i++)
        {
            s += shifted[i] * squares[i] + products[i + 1] * copy[i];
        }

        copy[0] = 0;
        return s + squares.Sum() + copy.Sum();
    }
}

/// <summary>Average reads the array itself (a sum from +0) or a selection (a sum from the first value): they differ on -0.</summary>
public static partial class LinqAverage
{
    [Differentiable]
    public static double OfArray(double[] w) => w.Average();

    [Differentiable]
    public static double OfSelection(double[] w) => w.Average(v => v);

    [Differentiable]
    public static float OfFloats(float[] w) => w.Average();
}
