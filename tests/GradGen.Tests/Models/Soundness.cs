using System;

namespace GradGen.Tests.Models;

/// <summary>
/// Models on the edges of the soundness rule (docs/design.md): active values that reach operations with no derivative
/// only where the derivative is zero or irrelevant (conditions, logging, inert results), which GradGen accepts; and
/// models on the edge of the reverse sweep's text peepholes (ElementAdjointMerger, InvariantTemps): an element index
/// read from a local int array that the method changes between two updates of the same gradient element, so the
/// reverse sweep restores the index array between them. Each is compared with finite differences in SoundnessTests.
/// </summary>
public static partial class Soundness
{
    /// <summary>
    /// <c>w[idx[0]]</c> before and after <c>idx[0] = 1</c>: the reverse sweep restores <c>idx[0]</c> between two
    /// <c>dW[idx[0]] += …</c>, which are two different elements and must not be summed into one.
    /// </summary>
    [Differentiable]
    public static double RestoredIndex(ReadOnlySpan<double> w)
    {
        int[] idx = new int[1];
        idx[0] = 0;
        double s = w[idx[0]] * w[idx[0]];
        idx[0] = 1;
        s += w[idx[0]] * Math.Sin(w[idx[0]]);
        return s;
    }

    /// <summary>The same in a loop body: each iteration reads <c>w[idx[0]]</c>, steps <c>idx[0]</c>, reads again.</summary>
    [Differentiable]
    public static double SteppedIndexInLoop(ReadOnlySpan<double> w)
    {
        int n = w.Length;
        int[] idx = new int[1];
        idx[0] = 0;
        double s = 0;
        for (int i = 0; i + 1 < n; i++)
        {
            s += w[idx[0]] * w[i + 1];
            idx[0] = idx[0] + 1;
            s += Math.Cos(w[idx[0]]) * w[i];
        }

        return s;
    }

    /// <summary>
    /// A loop whose reverse computes a temporary from <c>x[idx[0]]</c> while the loop changes <c>idx[0]</c>: the
    /// temporary is not loop-invariant, so InvariantTemps must not compute it once before the loop.
    /// </summary>
    [Differentiable]
    public static double IndexArrayChangedInLoop(ReadOnlySpan<double> w, [NoDerivative] ReadOnlySpan<double> x)
    {
        int n = w.Length;
        int[] idx = new int[1];
        idx[0] = 0;
        double s = 0;
        for (int i = 0; i < n; i++)
        {
            s += w[i] * w[i] * (x[idx[0]] - w[0]);
            idx[0] = (idx[0] + 1) % x.Length;
        }

        return s;
    }

    /// <summary>A method GradGen has no derivative for: allowed on active values only where its result cannot reach the result.</summary>
    public static double Halve(double v) => v * 0.5;

    /// <summary>A log of a number: static, void, given nothing it could keep the number in.</summary>
    public static void Note(double value, string label) => LastNote = label + value.ToString(System.Globalization.CultureInfo.InvariantCulture);

    public static string LastNote { get; private set; } = string.Empty;

    /// <summary>An opaque call on active values in an if condition and a loop condition: branch choices have derivative zero.</summary>
    [Differentiable]
    public static double OpaqueConditions(double x, double y)
    {
        double s = x * y;
        if (Halve(x) > 0.1)
        {
            s += Math.Sin(x);
        }
        else
        {
            s -= x * x;
        }

        int k = 0;
        while (Halve(s) > 0.05 && k < 6)
        {
            s = s * 0.75 + y;
            k++;
        }

        return s;
    }

    /// <summary>
    /// Logging and inert results of active values: a void static call, a discarded string, bool and int results
    /// (double.IsNaN, CompareTo, the length of the text of x) that choose branches or scale by a constant.
    /// </summary>
    [Differentiable]
    public static double InertUses(double x, double y)
    {
        Note(x * y, "x*y = ");
        string text = x.ToString(System.Globalization.CultureInfo.InvariantCulture);
        Note(y, text);
        bool bad = double.IsNaN(x) || double.IsInfinity(y);
        int order = x.CompareTo(y);
        double s = order > 0 ? x * Math.Exp(y) : y * Math.Exp(x);
        if (bad || text.Length > 100)
        {
            return 0;
        }

        return s + order * x;
    }
}
