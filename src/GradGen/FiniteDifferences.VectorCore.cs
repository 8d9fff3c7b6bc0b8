using System;

namespace GradGen;

/// <summary>
/// A vector function seen along a line through the point of interest: <c>Evaluate(work, t, result)</c> writes the
/// function at offset <c>t</c> from the origin of the line into <c>result</c>, which the caller zero-fills.
/// <c>work</c> is scratch space owned by the caller (the point buffers).
/// </summary>
internal interface IVectorLine
{
    void Evaluate(Span<double> work, double offset, Span<double> result);
}

/// <summary><c>t ↦ r(x + t·eⱼ)</c>: <c>work</c> holds the point; component <c>index</c> is perturbed, evaluated and restored.</summary>
internal readonly struct VectorComponentLine(VectorFunction f, int index, double origin) : IVectorLine
{
    public void Evaluate(Span<double> work, double offset, Span<double> result)
    {
        work[index] = origin + offset;
        f(work, result);
        work[index] = origin;
    }
}

/// <summary>
/// <c>t ↦ ∇f(x + t·v)</c>: <c>work</c> is three blocks of <c>n</c>: the point evaluated, then <c>x</c>, then <c>v</c>.
/// </summary>
internal readonly struct GradientDirectionLine(GradientFunction gradient, int n) : IVectorLine
{
    public void Evaluate(Span<double> work, double offset, Span<double> result)
    {
        Span<double> point = work.Slice(0, n);
        ReadOnlySpan<double> x = work.Slice(n, n);
        if (offset == 0.0)
        {
            gradient(x, result);
            return;
        }

        ReadOnlySpan<double> v = work.Slice(2 * n, n);
        for (int j = 0; j < point.Length; j++)
        {
            point[j] = x[j] + offset * v[j];
        }

        gradient(point, result);
    }
}

/// <summary>
/// The stencils and Ridders' tableau for vector functions: every output is differentiated along the same line from
/// the same evaluations, with the formulas of the scalar ones, so each output's derivative equals, bit for bit, what
/// the scalar code computes for that output alone.
/// </summary>
public static partial class FiniteDifferences
{
    /// <summary>
    /// The scratch a vector derivative of <paramref name="m"/> outputs needs: the derivative, the value at the origin
    /// and two evaluation buffers (<c>4m</c>), and for Richardson also two tableaux of <see cref="RiddersRows"/> rows
    /// and two per-output states.
    /// </summary>
    private static int VectorScratchLength(FiniteDifferenceScheme scheme, int m) =>
        scheme == FiniteDifferenceScheme.Richardson ? ((2 * RiddersRows) + 6) * m : 4 * m;

    /// <summary>
    /// The derivatives of every output along <paramref name="line"/> at offset zero into the first <c>m</c> elements
    /// of <paramref name="scratch"/>; the next <c>m</c> must hold the value at the origin for forward and backward
    /// differences.
    /// </summary>
    private static void DifferentiateVector<TLine>(
        ref TLine line,
        Span<double> work,
        FiniteDifferenceScheme scheme,
        double origin,
        double rawStep,
        Span<double> scratch,
        int m,
        ref int evaluations)
        where TLine : IVectorLine
    {
        if (scheme == FiniteDifferenceScheme.Richardson)
        {
            VectorRidders(ref line, work, origin, rawStep, scratch, m, ref evaluations);
            return;
        }

        double h = Representable(origin, rawStep, scheme == FiniteDifferenceScheme.Backward);
        Span<double> derivative = scratch.Slice(0, m);
        ReadOnlySpan<double> center = scratch.Slice(m, m);
        Span<double> first = scratch.Slice(2 * m, m);
        Span<double> second = scratch.Slice(3 * m, m);
        switch (scheme)
        {
            case FiniteDifferenceScheme.Forward:
                EvaluateVector(ref line, work, h, first, ref evaluations);
                for (int i = 0; i < m; i++)
                {
                    derivative[i] = (first[i] - center[i]) / h;
                }

                return;

            case FiniteDifferenceScheme.Backward:
                EvaluateVector(ref line, work, -h, first, ref evaluations);
                for (int i = 0; i < m; i++)
                {
                    derivative[i] = (center[i] - first[i]) / h;
                }

                return;

            case FiniteDifferenceScheme.Central:
                EvaluateVector(ref line, work, h, first, ref evaluations);
                EvaluateVector(ref line, work, -h, second, ref evaluations);
                for (int i = 0; i < m; i++)
                {
                    derivative[i] = (first[i] - second[i]) / (2.0 * h);
                }

                return;

            default:
                double twice = h + h;
                EvaluateVector(ref line, work, twice, first, ref evaluations);
                EvaluateVector(ref line, work, -twice, second, ref evaluations);
                for (int i = 0; i < m; i++)
                {
                    derivative[i] = second[i] - first[i];
                }

                EvaluateVector(ref line, work, h, first, ref evaluations);
                EvaluateVector(ref line, work, -h, second, ref evaluations);
                for (int i = 0; i < m; i++)
                {
                    derivative[i] = (derivative[i] + (8.0 * (first[i] - second[i]))) / (12.0 * h);
                }

                return;
        }
    }

    /// <summary>Zero-fills <paramref name="result"/> and evaluates the line at <paramref name="offset"/> into it.</summary>
    private static void EvaluateVector<TLine>(ref TLine line, Span<double> work, double offset, Span<double> result, ref int evaluations)
        where TLine : IVectorLine
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
    private static void VectorRidders<TLine>(
        ref TLine line,
        Span<double> work,
        double origin,
        double initialStep,
        Span<double> scratch,
        int m,
        ref int evaluations)
        where TLine : IVectorLine
    {
        Span<double> best = scratch.Slice(0, m);
        Span<double> plus = scratch.Slice(2 * m, m);
        Span<double> minus = scratch.Slice(3 * m, m);
        Span<double> error = scratch.Slice(4 * m, m);
        Span<double> stopped = scratch.Slice(5 * m, m);
        Span<double> previous = scratch.Slice(6 * m, RiddersRows * m);
        Span<double> current = scratch.Slice((6 + RiddersRows) * m, RiddersRows * m);
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

            double h = Representable(origin, raw, backward: false);
            squaredSteps[row] = h * h;
            EvaluateVector(ref line, work, h, plus, ref evaluations);
            EvaluateVector(ref line, work, -h, minus, ref evaluations);
            for (int i = 0; i < m; i++)
            {
                if (stopped[i] == 0.0 && RiddersRow(row, h, plus[i], minus[i], squaredSteps, previous.Slice(i * RiddersRows, RiddersRows), current.Slice(i * RiddersRows, RiddersRows), ref best[i], ref error[i]))
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
