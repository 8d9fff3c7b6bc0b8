using System;

namespace GradGen.Tests.Models;

/// <summary>
/// Loops over rows of row-major parameters, 'x[b + j]' with b fixed in the loop: the reverse sweep reads and writes them
/// through row views (AdjointWriter.RowViews), which must exist only where the forward sweep read every element of the
/// row. The near misses read past the row's end in some iterations only under a condition or after a 'break', run zero
/// times with a base out of bounds, or change the base inside the loop.
/// </summary>
public static partial class RowViews
{
    /// <summary>Rows of two m × n matrices, one indexed 'i * n + j', the other 'j + i * n'.</summary>
    [Differentiable]
    public static double MatrixRows(ReadOnlySpan<double> a, double[] x, [NoDerivative] int n)
    {
        int m = a.Length / n;
        double total = 0;
        for (int i = 0; i < m; i++)
        {
            double z = 0;
            for (int j = 0; j < n; j++)
            {
                z += a[i * n + j] * x[j + i * n] + Math.Sin(a[i * n + j]) * 0.25;
            }

            total += z * z;
        }

        return total;
    }

    /// <summary>A loop that may run zero times with its base past the end: the replay must not slice then.</summary>
    [Differentiable]
    public static double EmptyRows(ReadOnlySpan<double> w, [NoDerivative] int offset, [NoDerivative] int count)
    {
        double total = w[0] * w[0];
        for (int r = 0; r < 2; r++)
        {
            for (int j = 0; j < count; j++)
            {
                total += w[offset + j] * w[j];
            }
        }

        return total;
    }

    /// <summary>Reads 'w[b + j]' only while it is in bounds, under a condition: no row, the loop runs past it.</summary>
    [Differentiable]
    public static double GuardedReads(ReadOnlySpan<double> w, [NoDerivative] int b, [NoDerivative] int count)
    {
        double total = 0;
        for (int r = 0; r < 2; r++)
        {
            for (int j = 0; j < count; j++)
            {
                double v = j < w.Length - b ? w[b + j] : 1.0;
                if (b + j < w.Length)
                {
                    total += w[b + j] * v;
                }

                total += 0.5 * total * w[j % w.Length];
            }
        }

        return total;
    }

    /// <summary>Leaves the loop with 'break' before reading past the end.</summary>
    [Differentiable]
    public static double BreaksBeforeTheEnd(ReadOnlySpan<double> w, [NoDerivative] int b, [NoDerivative] int count)
    {
        double total = 0;
        for (int r = 0; r < 2; r++)
        {
            for (int j = 0; j < count; j++)
            {
                if (b + j >= w.Length)
                {
                    break;
                }

                total += w[b + j] * w[j] + total * 0.25;
            }
        }

        return total;
    }

    /// <summary>A base the loop changes: each iteration reads another row's element.</summary>
    [Differentiable]
    public static double MovingBase(ReadOnlySpan<double> w, [NoDerivative] int count)
    {
        double total = 0;
        for (int r = 0; r < 2; r++)
        {
            int b = r;
            for (int j = 0; j < count; j++)
            {
                total += w[b + j] * w[j] + Math.Cos(w[b + j]) * total;
                b = (b + 3) % (w.Length - count + 1);
            }
        }

        return total;
    }

    /// <summary>Float rows read twice per element, and a row of the gradient only (the value is not needed backwards).</summary>
    [Differentiable]
    public static float FloatRows(ReadOnlySpan<float> a, [NoDerivative] int n)
    {
        int m = a.Length / n;
        float total = 0;
        for (int i = 0; i < m; i++)
        {
            for (int j = 0; j < n; j++)
            {
                float v = a[i * n + j];
                total += v * a[i * n + j] * (j + 1) + MathF.Tanh(a[i * n + j] * total * 0.01f) + a[j + i * n];
            }
        }

        return total;
    }

    /// <summary>
    /// Divides by zero in the second iteration, before a read past the end: the forward sweep must not check the row up
    /// front (it would throw IndexOutOfRangeException where the method throws DivideByZeroException).
    /// </summary>
    [Differentiable]
    public static double DividesBeforeTheEnd(ReadOnlySpan<double> w, [NoDerivative] int b, [NoDerivative] int count, [NoDerivative] int k)
    {
        double total = 0;
        for (int r = 0; r < 2; r++)
        {
            for (int j = 0; j < count; j++)
            {
                total += w[b + j] * (k / (j - 1 + 2 * r)) + total * 0.5;
            }
        }

        return total;
    }

    /// <summary>
    /// Reads an element of an array parameter in each iteration: null, it throws NullReferenceException in the first
    /// iteration, before the row of w leaves the span, so the forward sweep must not check the row up front.
    /// </summary>
    [Differentiable]
    public static double ReadsAnArray(ReadOnlySpan<double> w, [NoDerivative] double[] v, [NoDerivative] int b, [NoDerivative] int count)
    {
        double total = 0;
        for (int r = 0; r < 2; r++)
        {
            for (int j = 0; j < count; j++)
            {
                total += w[b + j] * v[j] + total * 0.5;
            }
        }

        return total;
    }

    /// <summary>A bound the loop lowers after the first iteration: the forward sweep must not slice the first bound's row.</summary>
    [Differentiable]
    public static double ShrinkingBound(ReadOnlySpan<double> w, [NoDerivative] int b, [NoDerivative] int count)
    {
        double total = 0;
        for (int r = 0; r < 2; r++)
        {
            int n = count;
            for (int j = 0; j < n; j++)
            {
                total += w[b + j] * w[j] + total * 0.5;
                n = count - 1;
            }
        }

        return total;
    }
}
