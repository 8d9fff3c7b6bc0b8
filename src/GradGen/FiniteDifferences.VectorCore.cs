using System;
using System.Numerics;

namespace GradGen;

/// <summary>
/// A vector function seen along a line through the point of interest: <c>Evaluate(work, t, result)</c> writes the
/// function at offset <c>t</c> from the origin of the line into <c>result</c>, which the caller zero-fills.
/// <c>work</c> is scratch space owned by the caller (the point buffers).
/// </summary>
internal interface IVectorLine<T>
    where T : unmanaged, IFloatingPointIeee754<T>
{
    void Evaluate(Span<T> work, T offset, Span<T> result);
}

/// <summary><c>t ↦ r(x + t·eⱼ)</c>: <c>work</c> holds the point; component <c>index</c> is perturbed, evaluated and restored.</summary>
internal readonly struct VectorComponentLine<T, TVector>(TVector f, int index, T origin) : IVectorLine<T>
    where T : unmanaged, IFloatingPointIeee754<T>
    where TVector : IVectorFunction<T>
{
    public void Evaluate(Span<T> work, T offset, Span<T> result)
    {
        work[index] = origin + offset;
        f.Invoke(work, result);
        work[index] = origin;
    }
}

/// <summary>
/// <c>t ↦ ∇f(x + t·v)</c>: <c>work</c> is three blocks of <c>n</c>: the point evaluated, then <c>x</c>, then <c>v</c>.
/// </summary>
internal readonly struct GradientDirectionLine<T, TGradient>(TGradient gradient, int n) : IVectorLine<T>
    where T : unmanaged, IFloatingPointIeee754<T>
    where TGradient : IGradientFunction<T>
{
    public void Evaluate(Span<T> work, T offset, Span<T> result)
    {
        Span<T> point = work.Slice(0, n);
        ReadOnlySpan<T> x = work.Slice(n, n);
        if (offset == T.Zero)
        {
            gradient.Invoke(x, result);
            return;
        }

        ReadOnlySpan<T> v = work.Slice(2 * n, n);
        for (int j = 0; j < point.Length; j++)
        {
            point[j] = x[j] + offset * v[j];
        }

        gradient.Invoke(point, result);
    }
}

/// <summary>
/// The stencils and Ridders' tableau for vector functions: every output is differentiated along the same line from
/// the same evaluations, with the formulas of the scalar ones (quotients formed in double precision), so each
/// output's derivative equals, bit for bit, what the scalar code computes for that output alone.
/// </summary>
public static partial class FiniteDifferences
{
    /// <summary>
    /// The evaluation scratch of a vector derivative of <paramref name="m"/> outputs: the value at the origin and
    /// four evaluation buffers.
    /// </summary>
    private static int VectorValueScratchLength(int m) => 5 * m;

    /// <summary>
    /// The double-precision scratch of a vector derivative of <paramref name="m"/> outputs: the derivatives, and for
    /// Richardson two tableaux of <see cref="RiddersRows"/> rows and two per-output states.
    /// </summary>
    private static int VectorDerivativeScratchLength(FiniteDifferenceScheme scheme, int m) =>
        scheme == FiniteDifferenceScheme.Richardson ? ((2 * RiddersRows) + 3) * m : m;

    /// <summary>
    /// The derivatives of every output along <paramref name="line"/> at offset zero into the first <c>m</c> elements
    /// of <paramref name="derivatives"/>; the first <c>m</c> elements of <paramref name="values"/> must hold the value
    /// at the origin for forward and backward differences.
    /// </summary>
    private static void DifferentiateVector<T, TLine>(
        ref TLine line,
        Span<T> work,
        FiniteDifferenceScheme scheme,
        T origin,
        double rawStep,
        Span<T> values,
        Span<double> derivatives,
        int m,
        ref int evaluations)
        where T : unmanaged, IFloatingPointIeee754<T>
        where TLine : IVectorLine<T>
    {
        if (scheme == FiniteDifferenceScheme.Richardson)
        {
            VectorRidders(ref line, work, origin, rawStep, values, derivatives, m, ref evaluations);
            return;
        }

        T h = Representable(origin, T.CreateSaturating(rawStep), scheme == FiniteDifferenceScheme.Backward);
        double step = double.CreateTruncating(h);
        Span<double> derivative = derivatives.Slice(0, m);
        ReadOnlySpan<T> center = values.Slice(0, m);
        Span<T> plus = values.Slice(m, m);
        Span<T> minus = values.Slice(2 * m, m);
        switch (scheme)
        {
            case FiniteDifferenceScheme.Forward:
                EvaluateVector(ref line, work, h, plus, ref evaluations);
                for (int i = 0; i < m; i++)
                {
                    derivative[i] = (double.CreateTruncating(plus[i]) - double.CreateTruncating(center[i])) / step;
                }

                return;

            case FiniteDifferenceScheme.Backward:
                EvaluateVector(ref line, work, -h, minus, ref evaluations);
                for (int i = 0; i < m; i++)
                {
                    derivative[i] = (double.CreateTruncating(center[i]) - double.CreateTruncating(minus[i])) / step;
                }

                return;

            case FiniteDifferenceScheme.Central:
                EvaluateVector(ref line, work, h, plus, ref evaluations);
                EvaluateVector(ref line, work, -h, minus, ref evaluations);
                for (int i = 0; i < m; i++)
                {
                    derivative[i] = (double.CreateTruncating(plus[i]) - double.CreateTruncating(minus[i])) / (2.0 * step);
                }

                return;

            default:
                Span<T> plus2 = values.Slice(3 * m, m);
                Span<T> minus2 = values.Slice(4 * m, m);
                T twice = h + h;
                EvaluateVector(ref line, work, twice, plus2, ref evaluations);
                EvaluateVector(ref line, work, h, plus, ref evaluations);
                EvaluateVector(ref line, work, -h, minus, ref evaluations);
                EvaluateVector(ref line, work, -twice, minus2, ref evaluations);
                for (int i = 0; i < m; i++)
                {
                    double outer = double.CreateTruncating(minus2[i]) - double.CreateTruncating(plus2[i]);
                    double inner = double.CreateTruncating(plus[i]) - double.CreateTruncating(minus[i]);
                    derivative[i] = (outer + (8.0 * inner)) / (12.0 * step);
                }

                return;
        }
    }

    /// <summary>Zero-fills <paramref name="result"/> and evaluates the line at <paramref name="offset"/> into it.</summary>
    private static void EvaluateVector<T, TLine>(ref TLine line, Span<T> work, T offset, Span<T> result, ref int evaluations)
        where T : unmanaged, IFloatingPointIeee754<T>
        where TLine : IVectorLine<T>
    {
        result.Clear();
        line.Evaluate(work, offset, result);
        evaluations++;
    }

    /// <summary>
    /// Ridders' method (see the scalar <c>Ridders</c>) for every output at once: each row's central differences come
    /// from one pair of evaluations, each output keeps its own tableau and best entry and stops updating when its
    /// tableau's error grows, and the rows stop when every output has stopped.
    /// </summary>
    private static void VectorRidders<T, TLine>(
        ref TLine line,
        Span<T> work,
        T origin,
        double initialStep,
        Span<T> values,
        Span<double> derivatives,
        int m,
        ref int evaluations)
        where T : unmanaged, IFloatingPointIeee754<T>
        where TLine : IVectorLine<T>
    {
        Span<T> plus = values.Slice(m, m);
        Span<T> minus = values.Slice(2 * m, m);
        Span<double> best = derivatives.Slice(0, m);
        Span<double> error = derivatives.Slice(m, m);
        Span<double> stopped = derivatives.Slice(2 * m, m);
        Span<double> previous = derivatives.Slice(3 * m, RiddersRows * m);
        Span<double> current = derivatives.Slice((3 + RiddersRows) * m, RiddersRows * m);
        Span<double> squaredSteps = stackalloc double[RiddersRows];
        error.Fill(double.PositiveInfinity);
        stopped.Clear();
        int running = m;
        double raw = initialStep;
        for (int row = 0; row < RiddersRows && running > 0; row++)
        {
            if (row > 0)
            {
                raw /= RiddersShrink;
            }

            T h = Representable(origin, T.CreateSaturating(raw), backward: false);
            double step = double.CreateTruncating(h);
            squaredSteps[row] = step * step;
            EvaluateVector(ref line, work, h, plus, ref evaluations);
            EvaluateVector(ref line, work, -h, minus, ref evaluations);
            for (int i = 0; i < m; i++)
            {
                if (stopped[i] == 0.0
                    && RiddersRow(row, step, double.CreateTruncating(plus[i]), double.CreateTruncating(minus[i]), squaredSteps, previous.Slice(i * RiddersRows, RiddersRows), current.Slice(i * RiddersRows, RiddersRows), ref best[i], ref error[i]))
                {
                    stopped[i] = 1.0;
                    running--;
                }
            }

            Span<double> swap = previous;
            previous = current;
            current = swap;
        }
    }

    /// <summary>
    /// One row of one output's Ridders tableau: the central difference at step <paramref name="h"/> and the Neville
    /// extrapolations from it, updating the best entry; returns whether the tableau's error has started growing.
    /// </summary>
    private static bool RiddersRow(
        int row,
        double h,
        double plus,
        double minus,
        ReadOnlySpan<double> squaredSteps,
        ReadOnlySpan<double> previous,
        Span<double> current,
        ref double best,
        ref double error)
    {
        current[0] = (plus - minus) / (2.0 * h);
        if (row == 0)
        {
            best = current[0];
        }

        for (int j = 1; j <= row; j++)
        {
            double ratio = squaredSteps[row - j] / squaredSteps[row];
            current[j] = (current[j - 1] * ratio - previous[j - 1]) / (ratio - 1.0);
            double candidate = Math.Max(Math.Abs(current[j] - current[j - 1]), Math.Abs(current[j] - previous[j - 1]));
            if (candidate <= error)
            {
                error = candidate;
                best = current[j];
            }
        }

        return row > 0 && Math.Abs(current[row] - previous[row - 1]) >= RiddersSafe * error;
    }
}
