using System;
using System.Linq;

namespace GradGen.Tests.Models;

/// <summary>Local functions, static and capturing, expression- and block-bodied, inlined at each call.</summary>
public static partial class LocalFunctions
{
    [Differentiable]
    public static double Log1pExp(double x) => Math.Log(1 + Math.Exp(x));

    /// <summary>A static expression-bodied function, called with variables and with expressions.</summary>
    [Differentiable]
    public static double StaticSquare(double x, double y)
    {
        return Sq(x) + Sq(x * y) * Sq(Sq(y) - x);

        static double Sq(double v) => v * v;
    }

    /// <summary>A capturing block-bodied function with an early return, called twice with different arguments.</summary>
    [Differentiable]
    public static double CapturingSoftplus(double x, double y)
    {
        var scale = Math.Exp(y * 0.5);
        double Soft(double v)
        {
            if (v > 3)
            {
                return v * scale;
            }

            var e = Math.Exp(v);
            return Math.Log(1 + e) * scale;
        }

        return Soft(x) + Soft(x * y - 1);
    }

    /// <summary>
    /// A function that writes its parameters only by tuple assignment, called with a variable of the caller: the
    /// variable must be copied into the parameter, not bound to it (random tester, program seed 1500228: the swap
    /// overwrote the caller's 'a').
    /// </summary>
    [Differentiable]
    public static double TupleWritesItsParameters(double x, double y)
    {
        double Swap(double p0, double p1)
        {
            (p0, p1) = (p1 * p1, p0);
            return p0 + Math.Sin(p1);
        }

        var a = x * 2;
        var r = Swap(a, y);
        return r * a + Math.Cos(a);
    }

    /// <summary>Functions that call each other (not recursively): Outer calls Inner twice, Mix calls both.</summary>
    [Differentiable]
    public static double CallEachOther(double x, double y)
    {
        var a = y * y + 0.5;
        double Inner(double v) => Math.Sin(v) * a;
        double Outer(double v)
        {
            var t = Inner(v) + Inner(v * v);
            return t * y;
        }

        double Mix(double u, double v) => Outer(u) - Inner(v) * Outer(v * 0.5);
        return Mix(x, y) + Outer(a);
    }

    /// <summary>Captured writes, called as statements of their own: a void accumulator and a step that returns.</summary>
    [Differentiable]
    public static double CapturedWrites(double x, double y, [NoDerivative] int n)
    {
        var total = 0.0;
        var state = x;
        var calls = 0;
        void Add(double v)
        {
            if (v < 0)
            {
                total -= v * 0.5;
                return;
            }

            total += v * y;
        }

        double Step(double v)
        {
            calls++;
            state = state * 0.5 + v;
            return state * state;
        }

        for (var i = 0; i < n; i++)
        {
            Add(Math.Sin(state + i));
            var r = Step(x * 0.1);
            total = Step(r * 0.01);
            total += r;
        }

        Add(state);
        return total + state * calls;
    }

    /// <summary>A function that writes its own parameter: the caller's variable passed to it must not change.</summary>
    [Differentiable]
    public static double WritesItsParameter(double x, double y)
    {
        double Halve(double v)
        {
            v = v / 2;
            v *= y;
            return v * v;
        }

        var h = Halve(x);
        return h + x * Halve(h);
    }

    /// <summary>A tuple-returning function, deconstructed: the polar coordinates.</summary>
    [Differentiable]
    public static double Polar(double r, double t)
    {
        (double, double) ToCartesian(double radius, double angle) => (radius * Math.Cos(angle), radius * Math.Sin(angle));
        (double Sum, double Product) Both(double a, double b)
        {
            if (a > b)
            {
                return (a + b, a * b);
            }

            return (b - a, a * b * 2);
        }

        var (x, y) = ToCartesian(r, t);
        var (s, p) = Both(x, y);
        return x * y + s * p;
    }

    /// <summary>Local functions in a loop, inside a '?:' branch, calling a [Differentiable] method, and in a LINQ selector.</summary>
    [Differentiable]
    public static double InLoopAndBranches(double[] w, double x)
    {
        double Weighted(int i)
        {
            var v = w[i] * x;
            return v > 0 ? Log1pExp(v) : -Log1pExp(-v);
        }

        var s = 0.0;
        for (var i = 0; i < w.Length; i++)
        {
            s += i % 2 == 0 ? Weighted(i) : Math.Cos(Weighted(i) * 0.5);
        }

        return s + w.Select(v => Scale(v)).Sum();

        double Scale(double v) => v * x * x;
    }

    /// <summary>A function that fills the caller's local array through its array parameter, called as a statement.</summary>
    [Differentiable]
    public static double FillsAnArray(double x, double y)
    {
        var buffer = new double[4];
        void Fill(double[] a, double v)
        {
            for (var i = 0; i < a.Length; i++)
            {
                a[i] = v * (i + 1) + a[i] * y;
            }
        }

        double Total(double[] a) => a[0] + a[1] * a[2] - a[3];
        Fill(buffer, x);
        Fill(buffer, x * y);
        return Total(buffer) * buffer[1];
    }

    /// <summary>A float function capturing a float.</summary>
    [Differentiable]
    public static float FloatCapture(float x, float y)
    {
        var k = y * 2f;
        float Cube(float v) => v * v * v * k;
        return Cube(x) + MathF.Sqrt(Cube(y) * Cube(y) + 1f);
    }

    /// <summary>
    /// A function whose result is discarded still runs (its write counts), one called in a loop condition on variables,
    /// and one given the variable it writes: its parameter keeps the value the argument had.
    /// </summary>
    [Differentiable]
    public static double DiscardedAndCondition(double x, double y)
    {
        var acc = x;
        double Push(double v)
        {
            acc = acc * 0.9 + v;
            return acc * v;
        }

        bool Small(double v) => v * v < 4;
        Push(y);
        Push(x * y);
        var steps = 0;
        while (Small(acc) && steps < 5)
        {
            acc = acc * 1.5 + 0.1;
            steps++;
        }

        var last = Push(acc);
        return acc + last;
    }

    /// <summary>A local function with an early return called inside its own argument list: the inner call's 'done' flag is its own.</summary>
    [Differentiable]
    public static double NestedEarlyReturn(double[] w, double x)
    {
        static double Step(double p0, double p1)
        {
            double v = p0 * p1;
            if (v < 1.0)
            {
                return v - 0.5;
            }

            return v * v;
        }

        static double Affine(double a, double b) => (a * b) + a;

        return Step(x, Step(w[1], x)) + Affine(x, Affine(w[0], x));
    }
}

/// <summary>A local function of an instance method, reading a field and 'this'.</summary>
public partial class LocalFunctionModel
{
    private readonly double _weight;

    public LocalFunctionModel(double weight) => _weight = weight;

    public double Offset { get; init; } = 0.25;

    [Differentiable]
    public double Energy(double x, double y)
    {
        double Term(double v) => (_weight * v * v) + Offset;
        return Term(x) * Term(y - x);
    }
}
