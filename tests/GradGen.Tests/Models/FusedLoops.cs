using System;

namespace GradGen.Tests.Models;

/// <summary>
/// Loops whose reverse runs inside their forward (LoopFusion), and loops one condition away from it, each of which
/// fusion would get wrong. Generator.Tests' LoopFusionTests checks which of these fuse; here every model is checked
/// against finite differences (and the value against the method).
/// </summary>
public static partial class FusedLoops
{
    /// <summary>Two sums in one loop, combined linearly by the return: fused.</summary>
    [Differentiable]
    public static double TwoSums(ReadOnlySpan<double> x)
    {
        double squares = 0;
        double sines = 0;
        for (int i = 0; i < x.Length; i++)
        {
            double v = x[i] * x[i];
            squares += v * x[i];
            sines -= Math.Sin(v);
        }

        return 2 * squares + sines / x.Length;
    }

    /// <summary>The return squares the sum: its adjoint is only known after the loop. Not fused.</summary>
    [Differentiable]
    public static double SquaredSum(ReadOnlySpan<double> x)
    {
        double sum = 0;
        for (int i = 0; i < x.Length; i++)
        {
            sum += Math.Cos(x[i]) * x[i];
        }

        return sum * sum;
    }

    /// <summary>A sum read inside the loop by another statement: iterations are not independent. Not fused.</summary>
    [Differentiable]
    public static double SumReadInLoop(ReadOnlySpan<double> x)
    {
        double sum = 0;
        double weighted = 0;
        for (int i = 0; i < x.Length; i++)
        {
            double scaled = sum * x[i];
            weighted += scaled;
            sum += x[i] * x[i];
        }

        return weighted + sum;
    }

    /// <summary>One sum adds a multiple of another. Not fused.</summary>
    [Differentiable]
    public static double SumOfSums(ReadOnlySpan<double> x)
    {
        double sum = 0;
        double weighted = 0;
        for (int i = 0; i < x.Length; i++)
        {
            weighted += sum * x[i];
            sum += x[i] * x[i];
        }

        return weighted + sum;
    }

    /// <summary>A product carried across iterations (not a sum). Not fused.</summary>
    [Differentiable]
    public static double Product(ReadOnlySpan<double> x)
    {
        double product = 1;
        double sum = 0;
        for (int i = 0; i < x.Length; i++)
        {
            product = product * (1 + x[i] * x[i]);
            sum += x[i];
        }

        return product + sum;
    }

    /// <summary>A scratch array whose element i reads element i − 1, written by the previous iteration: not rewritten before read. Not fused.</summary>
    [Differentiable]
    public static double Recurrence(ReadOnlySpan<double> x)
    {
        Span<double> h = stackalloc double[x.Length];
        double sum = 0;
        for (int i = 0; i < x.Length; i++)
        {
            h[i] = Math.Sin(i > 0 ? h[i - 1] : 1.0) * x[i];
            sum += h[i] * h[i];
        }

        return sum;
    }

    /// <summary>A statement before the loop reads the sum the loop adds to: its reverse needs the sum's first value. Not fused.</summary>
    [Differentiable]
    public static double ReadBefore(ReadOnlySpan<double> x)
    {
        double sum = x[0] * x[1];
        double early = sum * sum;
        for (int i = 0; i < x.Length; i++)
        {
            sum += Math.Exp(x[i] * 0.5);
        }

        return sum + early;
    }

    /// <summary>
    /// A loop followed by statements that neither read nor write what it touches (one calls a helper): the loop moves
    /// past them and fuses, and so does the last loop; the second loop's sum is read by the last, so it stays where it
    /// is and is not fused.
    /// </summary>
    [Differentiable]
    public static double MovedPastIndependent(ReadOnlySpan<double> x, [NoDerivative] ReadOnlySpan<double> data)
    {
        double sum = 0;
        for (int i = 0; i < x.Length; i++)
        {
            sum += data[i] * Math.Tanh(x[i]);
        }

        double total = 0;
        for (int i = 0; i < x.Length; i++)
        {
            total += x[i] * x[i];
        }

        double scale = Scale(data.Length) * Math.Sin(x[0]);
        double dependent = 0;
        for (int i = 0; i < x.Length; i++)
        {
            dependent += total * x[i];
        }

        return sum * 3 + scale - dependent;
    }

    private static double Scale(int n) => 1.0 / (n + 1);

    /// <summary>
    /// Scratch arrays rewritten whole in every iteration, one directly and one in each iteration of an inner loop (the
    /// GMM's shape); a second fused loop after the first, independent of it.
    /// </summary>
    [Differentiable]
    public static double Scratch(ReadOnlySpan<double> w, [NoDerivative] ReadOnlySpan<double> data, [NoDerivative] int groups)
    {
        int n = data.Length / groups;
        Span<double> h = stackalloc double[n];
        Span<double> t = stackalloc double[groups];
        double loss = 0;
        for (int s = 0; s < 3; s++)
        {
            for (int g = 0; g < groups; g++)
            {
                for (int i = 0; i < n; i++)
                {
                    h[i] = Math.Tanh(w[i] * data[g * n + i] + s);
                }

                double norm = 0;
                for (int i = 0; i < n; i++)
                {
                    norm += h[i] * h[i] * w[(i + g) % w.Length];
                }

                t[g] = norm;
            }

            double best = t[0];
            for (int g = 1; g < groups; g++)
            {
                best = Math.Max(best, t[g]);
            }

            loss += best + Math.Log(1 + t[0] * t[0]);
        }

        double penalty = 0;
        for (int i = 0; i < w.Length; i++)
        {
            penalty += w[i] * w[i];
        }

        return loss / 3 + 0.1 * penalty;
    }

    /// <summary>The loop's counter outlives it (a while loop) and the return reads it. Not fused.</summary>
    [Differentiable]
    public static double CounterAfter(ReadOnlySpan<double> x)
    {
        double sum = 0;
        int i = 0;
        while (i < x.Length)
        {
            sum += x[i] * x[i] * x[i];
            i++;
        }

        return sum * i;
    }

    /// <summary>A break: the loop's exit flag is carried across iterations. Not fused.</summary>
    [Differentiable]
    public static double StopsEarly(ReadOnlySpan<double> x)
    {
        double sum = 0;
        for (int i = 0; i < x.Length; i++)
        {
            if (x[i] > 1.5)
            {
                break;
            }

            sum += Math.Exp(x[i]) * x[i];
        }

        return sum;
    }

    /// <summary>
    /// The return reads a scratch element the loop rewrites, and the loop's second pass over it is undone within each
    /// iteration's reverse (it reads what it overwrites): after a fused loop the element would hold the first pass's value. Not fused.
    /// </summary>
    [Differentiable]
    public static double ReturnReadsScratch(ReadOnlySpan<double> x)
    {
        Span<double> h = stackalloc double[x.Length];
        double sum = 0;
        for (int s = 1; s < 4; s++)
        {
            for (int i = 0; i < h.Length; i++)
            {
                h[i] = x[i] * s;
            }

            for (int i = 0; i < h.Length; i++)
            {
                h[i] = Math.Sin(h[i]) * h[i];
            }

            sum += h[0] * x[1];
        }

        return sum + h[1];
    }

    /// <summary>A continue: its flag is declared in the body (each iteration's own), so the loop still fuses.</summary>
    [Differentiable]
    public static double Skips(ReadOnlySpan<double> x)
    {
        double sum = 0;
        for (int i = 0; i < x.Length; i++)
        {
            if (x[i] < -1)
            {
                continue;
            }

            sum += Math.Exp(x[i]) * x[i];
        }

        return sum;
    }

    /// <summary>A loop refilling a scratch array reads the element after the one it writes: the previous iteration's value. Not fused.</summary>
    [Differentiable]
    public static double FillReadsAhead(ReadOnlySpan<double> x)
    {
        Span<double> h = stackalloc double[x.Length];
        double sum = 0;
        for (int s = 0; s < 3; s++)
        {
            for (int i = 0; i < h.Length; i++)
            {
                h[i] = Math.Sin(x[i] + 0.5 * h[(i + 1) % h.Length]);
            }

            sum += h[0] * h[h.Length - 1];
        }

        return sum;
    }

    /// <summary>
    /// A call after the loop changes the data array the loop reads (through a field that holds the same array): the
    /// loop may not move past it (it would read the changed value), so it is not fused.
    /// </summary>
    [Differentiable]
    public static double CallChangesData(ReadOnlySpan<double> x, [NoDerivative] double[] data)
    {
        double sum = 0;
        for (int i = 0; i < x.Length; i++)
        {
            // Only the branch reads the data: the reverse sweep replays the recorded branch, not the data.
            if (data[i] > 0)
            {
                sum += x[i] * x[i] * x[i];
            }
        }

        double bump = Bump() * x[0];
        return sum + bump;
    }

    /// <summary>The array <see cref="Bump"/> writes.</summary>
    internal static double[] Shared { get; set; } = new double[1];

    private static double Bump()
    {
        Shared[0] = -10;
        return 1;
    }

    /// <summary>A loop that calls a differentiable helper per element (through its pullback in the reverse): fused where it is.</summary>
    [Differentiable]
    public static double CallsHelper(ReadOnlySpan<double> x, double w)
    {
        double sum = 0;
        for (int i = 0; i < x.Length; i++)
        {
            sum += Softplus(x[i] * w) * x[i];
        }

        return sum / x.Length;
    }

    /// <summary>
    /// A fused loop first in the method whose body has no reverse work: its local, continue flag, switch temporary and
    /// inner counter are declared before it although no code precedes it (random tester finding F2: CS0103).
    /// </summary>
    [Differentiable]
    public static double LeadingLoopWithoutWork(double x)
    {
        for (int i = 3; i >= 0; i--)
        {
            double v = x * 3;
            switch (i % 3)
            {
                case 0:
                    break;
                default:
                    break;
            }

            for (int j = 2; j >= 0; j--)
            {
            }

            if (v > 100)
            {
                continue;
            }
        }

        return x * Math.Sin(x);
    }

    /// <summary>log(1 + eˣ).</summary>
    [Differentiable]
    public static double Softplus(double z) => Math.Log(1 + Math.Exp(z));
}
