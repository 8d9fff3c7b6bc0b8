using System;

namespace GradGen.Tests.Models;

/// <summary>switch expressions, 'is' patterns and pattern labels, lowered to the comparisons they test.</summary>
public static partial class Patterns
{
    [Differentiable]
    public static double Piecewise(double x) => x switch
    {
        < -1 => -x * x,
        < 0 => Math.Sin(x),
        < 1 and not 0.5 => x * x * x,
        0.5 => 7 * x,
        _ => Math.Exp(x),
    };

    [Differentiable]
    public static double InsideUnit(double t, double y) =>
        t is > 0 and < 1 ? t * t * y : t is not (< -1 or > 2) ? y / (1 + t * t) : t + y;

    /// <summary>The tested value is a product, tested by three arms (repeated: it is plain arithmetic).</summary>
    [Differentiable]
    public static double ComputedValue(double x, double y) => (x * y) switch
    {
        > 1 => x + y,
        < -1 => x - y,
        > 0 when y > 0 => Math.Sin(x * y),
        _ => x * y * y,
    };

    /// <summary>The tested value calls Math: computed once into a temporary before the statement.</summary>
    [Differentiable]
    public static double MathValue(double x, double y) => Math.Sin(x * y) switch
    {
        > 0.5 => x * y,
        < -0.5 => x - y,
        _ => Math.Sin(x * y) * y,
    };

    [Differentiable]
    public static double ByInteger(double x, [NoDerivative] int n) => n switch
    {
        0 => x,
        1 or 2 => x * x * n,
        _ => Math.Sin(x),
    };

    /// <summary>A leaky ReLU written as a switch expression in a loop over an array.</summary>
    [Differentiable]
    public static double LeakyRelu(ReadOnlySpan<double> w)
    {
        double s = 0;
        for (var i = 0; i < w.Length; i++)
        {
            s += w[i] switch
            {
                > 0 => w[i] * w[i],
                _ => 0.1 * w[i],
            } * (i + 1);
        }

        return s;
    }

    /// <summary>A switch expression inside a '?:' branch whose value, tested twice, calls nothing: evaluated in place.</summary>
    [Differentiable]
    public static double InsideConditional(double x, double y, bool flag) =>
        flag ? (x * y) switch { > 1 => x, < -1 => y, _ => x * y } : x + y;

    [Differentiable]
    public static double SwitchStatement(double x, double y)
    {
        double s;
        switch (x)
        {
            case < 0 when y > 0:
                s = x * y;
                break;
            case < 0:
                s = -x * x;
                break;
            case double.NaN:
                s = 0;
                break;
            case 1.5:
            case > 3:
                s = Math.Exp(x);
                break;
            default:
                s = x * x * y;
                break;
        }

        return s + y;
    }

    /// <summary>Exhaustive without a discard: the last arm is what runs when the others do not match.</summary>
    [Differentiable]
    public static double Exhaustive(double x) => x switch
    {
        < 0 => -x * x,
        >= 0 => Math.Sin(x),
        double.NaN => 0,
    };

    [Differentiable]
    public static double NaNPattern(double x) => x is double.NaN ? 0 : x * x;
}
