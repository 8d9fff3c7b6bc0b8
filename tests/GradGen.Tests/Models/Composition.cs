using System;

namespace GradGen.Tests.Models;

/// <summary>Calls between differentiable methods, calls to ordinary methods, float and instance methods.</summary>
public static partial class Composition
{
    [Differentiable]
    public static double Square(double x) => x * x;

    [Differentiable]
    public static double Scaled(double x, [NoDerivative] double factor) => x * factor;

    [Differentiable]
    public static double Chain(double x, double y)
    {
        var a = Square(x) + Square(x * y);
        return x * Scaled(a, 0.5) + Scaled(y, 3.0);
    }

    /// <summary>A float argument to a double parameter, and a call nested inside another call.</summary>
    [Differentiable]
    public static double MixedCall(float f, double y) => Square(f) * Square(Square(y) + f);

    /// <summary>Ordinary (non-differentiable) calls whose arguments are inactive are plain constants.</summary>
    [Differentiable]
    public static double OrdinaryCalls(double x, [NoDerivative] double data, int n) =>
        x * Weight(n) + Math.Round(data) * x + Weight(n + 1) + HalfOf(data) * x;

    public static double Weight(int n) => 1.0 / (n + 1);

    private static double HalfOf(double value) => value / 2;

    /// <summary>Every kind of parameter that passes through: the gradient has only x and y.</summary>
    [Differentiable]
    public static double PassThrough(double x, int n, bool negate, string label, [NoDerivative] double scale, Point p, double y)
    {
        var s = (x * p.X) + (y * p.Y * n) + label.Length;
        return negate ? -s * scale : s * scale;
    }

    [Differentiable]
    public static float FloatMethod(float a, float b)
    {
        var c = MathF.Sin(a) * b;
        c *= MathF.Exp(b * 0.5f);
        return c + MathF.Sqrt(a * a + 1f) - (a / b);
    }

    /// <summary>Mixes: float parameter into double arithmetic and back, Math on floats, casts both ways.</summary>
    [Differentiable]
    public static double Mixed(float a, double b)
    {
        double d = a * b;
        float f = (float)d + a;
        f += (float)Math.Sin(f);
        return f * b + Math.Cos(a);
    }

    /// <summary>Names that collide with the generated ones: gradients become dA_1, the seed seed_1.</summary>
    [Differentiable]
    public static double Collisions(double a, double dA, double seed)
    {
        var _d_a = a * dA;
        var _t0 = _d_a + seed;
        return _t0 * seed;
    }

    /// <summary>Differentiable recursion is issue 3; here a differentiable method calls a differentiable float method.</summary>
    [Differentiable]
    public static double CallsFloat(double x) => FloatMethod((float)x, 2f) * x;
}

public readonly record struct Point(double X, double Y);

/// <summary>Instance methods: fields and properties read inside are constants.</summary>
public partial class Spring
{
    private readonly double _stiffness;

    public Spring(double stiffness, double rest)
    {
        _stiffness = stiffness;
        Rest = rest;
    }

    public double Rest { get; }

    [Differentiable]
    public double Energy(double length) => 0.5 * _stiffness * (length - Rest) * (length - Rest);

    [Differentiable]
    public double Pair(double l1, double l2) => Energy(l1) + this.Energy(l2) + (_stiffness * l1 * l2);
}
