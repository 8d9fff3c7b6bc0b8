using System;
using System.Numerics;

namespace GradGen;

/// <summary>The stencils and Ridders' tableau shared by every entry point, generic over the precision.</summary>
public static partial class FiniteDifferences
{
    /// <summary>Rows of Ridders' tableau (NR's NTAB): at most this many central differences.</summary>
    private const int RiddersRows = 10;

    /// <summary>Factor by which Ridders' step shrinks per row (NR's CON).</summary>
    private const double RiddersShrink = 1.4;

    /// <summary>Ridders stops when the newest diagonal differs from the previous by this times the best error (NR's SAFE).</summary>
    private const double RiddersSafe = 2.0;

    /// <summary>The step before it is made representable: <paramref name="step"/>, or the default relative step times <c>max(1, magnitude)</c>.</summary>
    private static double RawStep<T>(FiniteDifferenceScheme scheme, double magnitude, double? step)
        where T : unmanaged, IFloatingPointIeee754<T>
    {
        if (step is double explicitStep)
        {
            return explicitStep;
        }

        double relative = typeof(T) == typeof(float) ? DefaultRelativeStepF(scheme) : DefaultRelativeStep(scheme);
        return relative * Math.Max(1.0, magnitude);
    }

    /// <summary>
    /// <c>(origin + h) − origin</c> (or <c>origin − (origin − h)</c>), so the divisor is the step actually taken;
    /// one ulp of <paramref name="origin"/> if that rounds to zero. Non-finite inputs pass through (the result is NaN anyway).
    /// </summary>
    private static T Representable<T>(T origin, T h, bool backward)
        where T : unmanaged, IFloatingPointIeee754<T>
    {
        if (!T.IsFinite(origin) || !T.IsFinite(h))
        {
            return h;
        }

        T representable = backward ? origin - (origin - h) : (origin + h) - origin;
        if (representable == T.Zero)
        {
            representable = backward ? origin - T.BitDecrement(origin) : T.BitIncrement(origin) - origin;
        }

        return representable;
    }

    /// <summary>One derivative along <paramref name="line"/> at offset zero, with the scheme's stencil or Ridders' tableau.</summary>
    private static double Differentiate<T, TLine>(
        ref TLine line,
        Span<T> work,
        FiniteDifferenceScheme scheme,
        T origin,
        double rawStep,
        bool haveValue,
        T value,
        ref int evaluations,
        out double errorEstimate)
        where T : unmanaged, IFloatingPointIeee754<T>
        where TLine : ILine<T>
    {
        if (scheme == FiniteDifferenceScheme.Richardson)
        {
            return Ridders(ref line, work, origin, rawStep, ref evaluations, out errorEstimate);
        }

        errorEstimate = double.NaN;
        T h = Representable(origin, T.CreateSaturating(rawStep), scheme == FiniteDifferenceScheme.Backward);
        return Stencil(ref line, work, scheme, h, haveValue, value, ref evaluations, out _);
    }

    /// <summary>
    /// The forward, backward, central or five-point difference with the representable step <paramref name="h"/>;
    /// <paramref name="value"/> is <c>f</c> at offset zero when <paramref name="haveValue"/> (shared by forward and
    /// backward differences). The quotient is formed in double precision. <paramref name="roundOff"/> estimates its
    /// round-off error as <c>ε·Σ|wₖ·f(x + kh)|/divisor</c>, with <c>ε</c> the machine epsilon of <typeparamref name="T"/>.
    /// </summary>
    private static double Stencil<T, TLine>(
        ref TLine line,
        Span<T> work,
        FiniteDifferenceScheme scheme,
        T h,
        bool haveValue,
        T value,
        ref int evaluations,
        out double roundOff)
        where T : unmanaged, IFloatingPointIeee754<T>
        where TLine : ILine<T>
    {
        double step = double.CreateTruncating(h);
        double epsilon = typeof(T) == typeof(float) ? MachineEpsilonF : MachineEpsilon;
        switch (scheme)
        {
            case FiniteDifferenceScheme.Forward:
            {
                double plus = double.CreateTruncating(line.Evaluate(work, h));
                double center = double.CreateTruncating(haveValue ? value : line.Evaluate(work, T.Zero));
                evaluations += haveValue ? 1 : 2;
                roundOff = epsilon * (Math.Abs(plus) + Math.Abs(center)) / step;
                return (plus - center) / step;
            }

            case FiniteDifferenceScheme.Backward:
            {
                double minus = double.CreateTruncating(line.Evaluate(work, -h));
                double center = double.CreateTruncating(haveValue ? value : line.Evaluate(work, T.Zero));
                evaluations += haveValue ? 1 : 2;
                roundOff = epsilon * (Math.Abs(center) + Math.Abs(minus)) / step;
                return (center - minus) / step;
            }

            case FiniteDifferenceScheme.Central:
            {
                double plus = double.CreateTruncating(line.Evaluate(work, h));
                double minus = double.CreateTruncating(line.Evaluate(work, -h));
                evaluations += 2;
                roundOff = epsilon * (Math.Abs(plus) + Math.Abs(minus)) / (2.0 * step);
                return (plus - minus) / (2.0 * step);
            }

            default:
            {
                T twice = h + h;
                double plus2 = double.CreateTruncating(line.Evaluate(work, twice));
                double plus1 = double.CreateTruncating(line.Evaluate(work, h));
                double minus1 = double.CreateTruncating(line.Evaluate(work, -h));
                double minus2 = double.CreateTruncating(line.Evaluate(work, -twice));
                evaluations += 4;
                roundOff = epsilon * (Math.Abs(minus2) + Math.Abs(plus2) + 8.0 * (Math.Abs(plus1) + Math.Abs(minus1))) / (12.0 * step);
                return ((minus2 - plus2) + 8.0 * (plus1 - minus1)) / (12.0 * step);
            }
        }
    }

    /// <summary>
    /// Ridders' method (Numerical Recipes' <c>dfridr</c>): central differences at steps shrinking by
    /// <see cref="RiddersShrink"/>, extrapolated to zero step with Neville's algorithm in <c>h²</c> using the
    /// representable steps actually taken; returns the entry with the smallest error estimate and stops when
    /// the tableau's error grows by <see cref="RiddersSafe"/>. The reported error is that estimate, but never less
    /// than the round-off estimate of the central difference in the row the best entry came from (near machine
    /// precision the tableau differences can vanish by accident). Allocation-free (the tableau is on the stack).
    /// </summary>
    private static double Ridders<T, TLine>(
        ref TLine line,
        Span<T> work,
        T origin,
        double initialStep,
        ref int evaluations,
        out double error)
        where T : unmanaged, IFloatingPointIeee754<T>
        where TLine : ILine<T>
    {
        Span<double> previous = stackalloc double[RiddersRows];
        Span<double> current = stackalloc double[RiddersRows];
        Span<double> squaredSteps = stackalloc double[RiddersRows];
        double epsilon = typeof(T) == typeof(float) ? MachineEpsilonF : MachineEpsilon;
        double best = double.NaN;
        double bestRoundOff = 0.0;
        error = double.PositiveInfinity;
        double raw = initialStep;
        for (int i = 0; i < RiddersRows; i++)
        {
            if (i > 0)
            {
                raw /= RiddersShrink;
            }

            T h = Representable(origin, T.CreateSaturating(raw), backward: false);
            double step = double.CreateTruncating(h);
            squaredSteps[i] = step * step;
            double plus = double.CreateTruncating(line.Evaluate(work, h));
            double minus = double.CreateTruncating(line.Evaluate(work, -h));
            evaluations += 2;
            current[0] = (plus - minus) / (2.0 * step);
            double roundOff = epsilon * (Math.Abs(plus) + Math.Abs(minus)) / (2.0 * step);
            if (i == 0)
            {
                best = current[0];
                bestRoundOff = roundOff;
            }

            for (int j = 1; j <= i; j++)
            {
                double ratio = squaredSteps[i - j] / squaredSteps[i];
                current[j] = (current[j - 1] * ratio - previous[j - 1]) / (ratio - 1.0);
                double candidate = Math.Max(Math.Abs(current[j] - current[j - 1]), Math.Abs(current[j] - previous[j - 1]));
                if (candidate <= error)
                {
                    error = candidate;
                    best = current[j];
                    bestRoundOff = roundOff;
                }
            }

            if (i > 0 && Math.Abs(current[i] - previous[i - 1]) >= RiddersSafe * error)
            {
                break;
            }

            Span<double> swap = previous;
            previous = current;
            current = swap;
        }

        error = Math.Max(error, bestRoundOff);
        return best;
    }
}
