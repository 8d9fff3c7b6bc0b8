using System;

namespace GradGen.Tests.Models;

/// <summary>
/// Rectangular (<c>double[,]</c>) and jagged (<c>double[][]</c>) array parameters, read element by element: each gets a
/// gradient array of its own shape. The weights are deliberately not symmetric in their two indices, so a gradient
/// that swapped them would be wrong.
/// </summary>
public static partial class Matrices
{
    /// <summary>xᵀ·sin(A)·x + Σ (j + 1)·A[i, j]² over a rows × cols matrix (x has cols elements, the first rows of them used on the left).</summary>
    [Differentiable]
    public static double Quadratic(double[,] a, double[] x)
    {
        int rows = a.GetLength(0);
        int cols = a.GetLength(1);
        double sum = 0;
        for (int i = 0; i < rows; i++)
        {
            for (int j = 0; j < cols; j++)
            {
                sum += x[i] * Math.Sin(a[i, j]) * x[j] + (j + 1) * a[i, j] * a[i, j];
            }
        }

        return sum / a.Length;
    }

    /// <summary>Σᵢ log Σⱼ exp((j + 1)·A[i, j]): a log-sum-exp per row.</summary>
    [Differentiable]
    public static double RowLogSumExp(double[,] a)
    {
        double total = 0;
        for (int i = 0; i < a.GetLength(0); i++)
        {
            double row = 0;
            for (int j = 0; j < a.GetLength(1); j++)
            {
                row += Math.Exp((j + 1) * a[i, j]);
            }

            total += Math.Log(row);
        }

        return total;
    }

    /// <summary>
    /// Walks over the matrix whose column indices change after each read: the reverse sweep needs the old columns, even
    /// where only the element's adjoint reads one (<c>3 * a[i, k]</c>).
    /// </summary>
    [Differentiable]
    public static double Walk(double[,] a, double t)
    {
        int cols = a.GetLength(1);
        int j = 0;
        int k = cols - 1;
        double sum = 0;
        for (int i = 0; i < a.GetLength(0); i++)
        {
            sum += Math.Sin(a[i, j] * t) * (i + 1);
            j = (j + 2) % cols;
            sum += a[i, j] * a[i, (j + 1) % cols];
            sum += 3 * a[i, k];
            k = (k + cols - 1) % cols;
        }

        return sum;
    }

    /// <summary>Σₛ sin(A[r, s])·(s + 1) over one row r: in a fused loop, A[r, s] changes with s although r does not.</summary>
    [Differentiable]
    public static double RowOf(double[,] a, int r)
    {
        double total = 0;
        for (int s = 0; s < a.GetLength(1); s++)
        {
            total += Math.Sin(a[r, s]) * (s + 1);
        }

        return total;
    }

    /// <summary>
    /// Squared error of a two-layer network over the samples of x (samples × inputs): h = tanh(W1·x + b1),
    /// out = W2·h + b2, against y (samples × outputs). W1 is hidden × inputs, W2 outputs × hidden.
    /// </summary>
    [Differentiable]
    public static double TwoLayer(double[,] w1, double[] b1, double[,] w2, double[] b2, [NoDerivative] double[,] x, [NoDerivative] double[,] y)
    {
        int samples = x.GetLength(0);
        int inputs = x.GetLength(1);
        int hidden = w1.GetLength(0);
        int outputs = w2.GetLength(0);
        double[] h = new double[hidden];
        double loss = 0;
        for (int s = 0; s < samples; s++)
        {
            for (int k = 0; k < hidden; k++)
            {
                double z = b1[k];
                for (int j = 0; j < inputs; j++)
                {
                    z += w1[k, j] * x[s, j];
                }

                h[k] = Math.Tanh(z);
            }

            for (int o = 0; o < outputs; o++)
            {
                double output = b2[o];
                for (int k = 0; k < hidden; k++)
                {
                    output += w2[o, k] * h[k];
                }

                double error = output - y[s, o];
                loss += error * error;
            }
        }

        return loss / samples;
    }

    /// <summary>Σᵢ Σⱼ w[j]·exp(A[i][j]) / (i + 1) + Σᵢ A[i][0]·A[i][last]: rows of different lengths.</summary>
    [Differentiable]
    public static double Ragged(double[][] a, double[] w)
    {
        double sum = 0;
        for (int i = 0; i < a.Length; i++)
        {
            int n = a[i].Length;
            for (int j = 0; j < n; j++)
            {
                sum += w[j] * Math.Exp(a[i][j]) / (i + 1);
            }

            sum += a[i][0] * a[i][n - 1] * (i + 1);
        }

        return sum;
    }

    /// <summary>
    /// Σᵢ tanh(rowᵢ·w) with each row held in a local (<c>var row = a[i]</c>), and the first row held in a span local
    /// while the index it was taken with moves on: the local keeps the row it was given.
    /// </summary>
    [Differentiable]
    public static double RowLocals(double[][] a, double[] w)
    {
        int k = 0;
        ReadOnlySpan<double> first = a[k];
        double total = 0;
        for (int i = 0; i < a.Length; i++)
        {
            var row = a[i];
            double z = 0;
            for (int j = 0; j < row.Length; j++)
            {
                z += row[j] * w[j];
            }

            total += Math.Tanh(z);
            k = a.Length - 1;
        }

        return total + first[0] * a[k][0] * first[first.Length - 1];
    }

    /// <summary>
    /// Σ over rows of scale·Σⱼ row[j]²·(j + 1) + the last row's first element, with <c>foreach</c> over the rows of a jagged
    /// array (nested: a second pass reads each row again through another loop variable).
    /// </summary>
    [Differentiable]
    public static double ForEachRows(double[][] a, double scale)
    {
        double total = 0;
        foreach (var row in a)
        {
            for (int j = 0; j < row.Length; j++)
            {
                total += scale * row[j] * row[j] * (j + 1);
            }
        }

        double last = 0;
        foreach (double[] r in a)
        {
            last = r[0] * total;
        }

        return total + last;
    }

    /// <summary>Nested <c>foreach</c> over the rows of one jagged array, with <c>continue</c> and <c>break</c>.</summary>
    [Differentiable]
    public static double NestedForEachRows(double[][] a)
    {
        double s = 0;
        foreach (var row in a)
        {
            if (row.Length < 2)
            {
                continue;
            }

            double r = 0;
            foreach (var other in a)
            {
                r += row[1] * other[other.Length - 1];
            }

            s += Math.Exp(-r * r);
            if (s > 2.5)
            {
                break;
            }
        }

        return s;
    }

    /// <summary>One output of a layer: tanh(Σⱼ W[o, j]·x[j]); a callee of <see cref="ComposedLayers"/>.</summary>
    [Differentiable]
    public static double Unit(double[,] w, [NoDerivative] double[] x, int o)
    {
        double z = 0;
        for (int j = 0; j < w.GetLength(1); j++)
        {
            z += w[o, j] * x[j];
        }

        return Math.Tanh(z);
    }

    /// <summary>Σᵢ v[i][0]·row i of v dotted with w's units: a jagged callee of <see cref="ComposedLayers"/>.</summary>
    [Differentiable]
    public static double Mix(double[][] v, double scale)
    {
        double s = 0;
        for (int i = 0; i < v.Length; i++)
        {
            s += scale * v[i][0] * v[i][v[i].Length - 1];
        }

        return s;
    }

    /// <summary>Whole matrices passed to [Differentiable] callees: their Pullbacks add into this method's gradient arrays.</summary>
    [Differentiable]
    public static double ComposedLayers(double[,] w, double[][] v, [NoDerivative] double[] x)
    {
        double s = 0;
        for (int o = 0; o < w.GetLength(0); o++)
        {
            s += Unit(w, x, o) * (o + 1);
        }

        double mixed = Mix(v, s);
        return mixed + Unit(w, x, 0) * v[0][0];
    }

    /// <summary>
    /// A local rectangular array written and read back: h = tanh(W·X) column by column, then Σ h[k, s]²·(k + 1), with an
    /// in-place update h[k, s] *= h[k, s] + c that the reverse sweep must undo, and a running product over a row.
    /// </summary>
    [Differentiable]
    public static double LocalMatrix(double[,] w, [NoDerivative] double[,] x, double c)
    {
        int hidden = w.GetLength(0);
        int samples = x.GetLength(1);
        double[,] h = new double[hidden, samples];
        for (int k = 0; k < hidden; k++)
        {
            for (int s = 0; s < samples; s++)
            {
                double z = 0;
                for (int j = 0; j < w.GetLength(1); j++)
                {
                    z += w[k, j] * x[j, s];
                }

                h[k, s] = Math.Tanh(z);
            }
        }

        double total = 0;
        for (int k = 0; k < hidden; k++)
        {
            for (int s = 0; s < samples; s++)
            {
                h[k, s] *= h[k, s] + c;
                total += h[k, s] * (k + 1);
            }
        }

        double product = 1;
        for (int s = 0; s < samples; s++)
        {
            product *= 1 + h[0, s];
            h[0, s] = product;
        }

        return total + h[0, samples - 1] * h[hidden - 1, 0];
    }

    /// <summary>
    /// A loop over the rows that writes only column 0 of a local n × 2 array must not count as filling it: column 1,
    /// overwritten afterwards, still holds what an earlier read needs back.
    /// </summary>
    [Differentiable]
    public static double Columns(double[] w)
    {
        int n = w.Length;
        double[,] h = new double[n, 2];
        double t = 0;
        for (int i = 0; i < n; i++)
        {
            h[i, 1] = w[i];
        }

        for (int i = 0; i < n; i++)
        {
            t += h[i, 1] * h[i, 1];
        }

        for (int i = 0; i < n; i++)
        {
            h[i, 0] = 0;
        }

        for (int i = 0; i < n; i++)
        {
            h[i, 1] = Math.Sin(w[i]) * 2;
        }

        return t + h[0, 1] * h[n - 1, 1];
    }

    /// <summary>Writes into a local matrix by tuple assignment, ++, += and a branch, with an early return before them.</summary>
    [Differentiable]
    public static double LocalWrites(double[,] a, double x)
    {
        double[,] h = new double[2, a.GetLength(1)];
        if (x < -5)
        {
            return x;
        }

        (h[0, 0], h[0, 1]) = (x * a[0, 0], x + a[1, 1]);
        h[1, 1]++;
        h[1, 0] += h[0, 0] * h[0, 1];
        for (int j = 0; j < a.GetLength(1); j++)
        {
            h[1, j] += a[0, j] > 0 ? Math.Exp(a[1, j] * x) : a[1, j] * h[1, 0];
        }

        return h[1, 0] * h[1, 1] + h[1, a.GetLength(1) - 1];
    }

    /// <summary>The float versions: a float[,] and a float[][] gradient.</summary>
    [Differentiable]
    public static float QuadraticF(float[,] a, float[] x)
    {
        float sum = 0;
        for (int i = 0; i < a.GetLength(0); i++)
        {
            for (int j = 0; j < a.GetLength(1); j++)
            {
                sum += x[i] * MathF.Sin(a[i, j]) * x[j] + (j + 1) * a[i, j] * a[i, j];
            }
        }

        return sum;
    }

    [Differentiable]
    public static float RaggedF(float[][] a)
    {
        float sum = 0;
        for (int i = 0; i < a.Length; i++)
        {
            for (int j = 0; j < a[i].Length; j++)
            {
                sum += MathF.Exp(a[i][j] * (j + 1)) / (i + 2);
            }
        }

        return sum;
    }
}
