using System;

#pragma warning disable CS1030 // the #warning in WithDirectives is the point of that model

namespace GradGen.Tests.Models;

public enum Shape
{
    Flat,
    Square,
    Cube,
}

[Flags]
public enum Options
{
    None = 0,
    Scale = 1,
    Shift = 2,
}

/// <summary>
/// Everyday C# in [Differentiable] methods that once produced generated code that did not compile (issue 16): enum
/// constants, strings overwritten in loops, checked arithmetic, warning directives. Each gradient is checked against
/// finite differences, so a constant printed as the wrong value or a recorded value read back wrong fails here.
/// </summary>
public static partial class OrdinaryCode
{
    /// <summary>Enum members, a combination of flags with no member of its own, HasFlag, an enum local.</summary>
    [Differentiable]
    public static double EnumBranches(double x, Shape shape, Options options)
    {
        const Options both = Options.Scale | Options.Shift;
        DayOfWeek day = DayOfWeek.Monday;
        double r = x;
        if (shape == Shape.Square)
        {
            r = r * x;
        }
        else if (shape == Shape.Cube)
        {
            r = r * x * x;
        }

        if (options.HasFlag(Options.Scale))
        {
            r = r * 3;
        }

        if (options == both)
        {
            r = r + Math.Sin(x);
        }

        return day == DayOfWeek.Monday ? r : -r;
    }

    /// <summary>A string overwritten in a loop whose length the reverse sweep reads: on a tape (uncounted loop) and in slots (counted).</summary>
    [Differentiable]
    public static double StringLengths(double x, int n)
    {
        string s = "";
        double r = x;
        int k = 0;
        while (k < n)
        {
            s = s + (k % 3 == 0 ? "ab" : "c");
            r = r * (1 + 0.01 * s.Length) + Math.Sin(x * s.Length) * 0.001;
            k += 1;
        }

        for (int i = 0; i < n; i++)
        {
            s = s.Substring(1);
            r = r * (1 + 0.001 * s.Length);
        }

        return r;
    }

    /// <summary>checked arithmetic: the gradient throws where the method does.</summary>
    [Differentiable]
    public static double CheckedScale(double x, int n)
    {
        int k = checked(n * n);
        return x * k;
    }

    /// <summary>A #warning and an unknown #pragma inside the method, which must not cost it its generated code.</summary>
    [Differentiable]
    public static double WithDirectives(double x)
    {
#warning this warning is expected
#pragma warning disable CS1633
#pragma unknown directive
#pragma warning restore CS1633
        return Math.Exp(x) * x;
    }

    /// <summary>A caller of <see cref="WithDirectives"/>, which composes through its Pullback.</summary>
    [Differentiable]
    public static double CallsWithDirectives(double x) => WithDirectives(x * 2) + x;
}

/// <summary>A [Differentiable] virtual method, a caller of it, and a method reading an ordinary virtual method.</summary>
public partial class Shaper
{
    public virtual double Factor(double k) => k;

    [Differentiable]
    public virtual double Curve(double x) => x * x;

    [Differentiable]
    public double Twice(double x) => Curve(x) * 2;
}

/// <summary>Overrides: the generated members override the base's, and 'base.' calls stay non-virtual.</summary>
public partial class CubeShaper : Shaper
{
    public override double Factor(double k) => base.Factor(k) * 10;

    [Differentiable]
    public override double Curve(double x) => base.Curve(x) * x + x * base.Factor(2.0) * Factor(3.0);
}
