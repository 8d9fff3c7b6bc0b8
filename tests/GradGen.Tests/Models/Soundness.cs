using System;

namespace GradGen.Tests.Models;

/// <summary>
/// Models on the edge of the reverse sweep's text peepholes (ElementAdjointMerger, InvariantTemps): an element index
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
}
