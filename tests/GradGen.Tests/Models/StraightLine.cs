using System;

namespace GradGen.Tests.Models;

/// <summary>One method per construct of straight-line code; each is checked against finite differences.</summary>
public static partial class StraightLine
{
    private const double Half = 0.5;

    [Differentiable]
    public static double Arithmetic(double a, double b, double c) =>
        (a + b) * (a - c) / (b * b + 1.5) - -a + (c % 0.7) * 2.0 - -3.0 * b + Half * Math.PI - Math.E;

    [Differentiable]
    public static double Quotients(double a, double b) => a / b - b / (a * a + 1) + 1 / (a * b);

    [Differentiable]
    public static double Remainder(double a, double b) => a % b + b % 1.3;

    [Differentiable]
    public static double Locals(double a, double b)
    {
        double t = a * b;
        var u = t + a;
        double v;
        v = u * u - t;
        t = t * t;            // overwrites t, which the line above still needs in the reverse sweep
        u = Math.Sin(u) + t;  // overwrites u; its old value feeds Sin
        return u * v + t;
    }

    [Differentiable]
    public static double ReassignedParameters(double a, double b)
    {
        a = a * b + a;
        b = Math.Exp(a) - b;
        a = a * a;
        return a + b;
    }

    [Differentiable]
    public static double CompoundAssignments(double a, double b)
    {
        var s = a;
        s += b * b;
        s -= a / 3;
        s *= b;
        s /= a * a + 1;
        s *= s;
        b += s;
        return s + b;
    }

    [Differentiable]
    public static double IncrementAndDecrement(double a)
    {
        var s = a;
        s++;
        s *= a;
        s--;
        return s * s;
    }

    [Differentiable]
    public static double Conditional(double a, double b) => a > b ? a * a * b : Math.Sin(b) - a;

    [Differentiable]
    public static double ConditionalOneBranchConstant(double a) => a < 0.5 ? 1.0 : a * a;

#pragma warning disable GG0014 // 'a' has no effect on purpose: the test checks its gradient is written as 0.
    [Differentiable]
    public static double NoDependence(double a, double b) => b * 2 + 1;
#pragma warning restore GG0014
}

/// <summary>Every System.Math function GradGen knows, at points inside its domain.</summary>
public static partial class MathFunctions
{
    [Differentiable]
    public static double Trig(double x, double y) =>
        Math.Sin(x) * Math.Cos(y) + Math.Tan(x * 0.3) + Math.Atan(x * y) + Math.Atan2(y, x + 3);

    [Differentiable]
    public static double InverseTrig(double x) => Math.Asin(x * 0.4) + Math.Acos(x * 0.3);

    [Differentiable]
    public static double Hyperbolic(double x, double y) =>
        Math.Sinh(x) + Math.Cosh(y) * Math.Tanh(x - y) + Math.Asinh(x) + Math.Acosh(y * y + 1.5) + Math.Atanh(x * 0.4);

    [Differentiable]
    public static double ExpAndLogs(double x, double y) =>
        Math.Exp(x) + Math.Log(x * x + 1) + Math.Log(y * y + 2, x * x + 3) + Math.Log10(y * y + 1) + Math.Log2(x * x + 0.5);

    [Differentiable]
    public static double Roots(double x, double y) => Math.Sqrt(x * x + y * y + 1) + Math.Cbrt(x + 5);

    [Differentiable]
    public static double Powers(double x, double y) => Math.Pow(x * x + 1, y) + Math.Pow(y, 3) + Math.Pow(2.5, x);

#pragma warning disable GG0015 // Floor, Ceiling, Round, Truncate on purpose: their derivative 0 is what is tested.
    [Differentiable]
    public static double NonSmooth(double x, double y) =>
        Math.Abs(x - 0.1) + Math.Min(x, y) * 2 + Math.Max(x * y, y) + Math.Floor(x) + Math.Ceiling(y) + Math.Round(x) + Math.Truncate(y);

    /// <summary>Rounding to digits is piecewise constant too: ∂/∂y of x·Round(y, 1) is 0, ∂/∂x is Round(y, 1).</summary>
    [Differentiable]
    public static double RoundedDigits(double x, double y) => x * Math.Round(y, 1) + y * y;
#pragma warning restore GG0015

    [Differentiable]
    public static double Fma(double x, double y, double z) => Math.FusedMultiplyAdd(x, y * y, z * x);
}
