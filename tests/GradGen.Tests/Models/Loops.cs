using System;

namespace GradGen.Tests.Models;

/// <summary>
/// Loops, branches, arrays and spans written as ordinary C#: the point of these models is that a user writes plain
/// loops and gets a gradient. Each is checked against finite differences, and where the gradient is easy to write by
/// hand, against that too.
/// </summary>
public static partial class Loops
{
    /// <summary>
    /// Mean logistic loss of a linear classifier: x is m×n row-major (n = w.Length), labels ±1.
    /// A nested loop, a local declared inside the outer loop body, reads of a differentiable span and of data spans.
    /// </summary>
    [Differentiable]
    public static double MeanLogisticLoss(ReadOnlySpan<double> w, [NoDerivative] ReadOnlySpan<double> x, [NoDerivative] ReadOnlySpan<double> y, int m)
    {
        int n = w.Length;
        double loss = 0;
        for (int i = 0; i < m; i++)
        {
            double z = 0;
            for (int j = 0; j < n; j++)
            {
                z += w[j] * x[i * n + j];
            }

            loss += Math.Log(1 + Math.Exp(-y[i] * z));
        }

        return loss / m;
    }

    /// <summary>
    /// Squared error of a network with one hidden tanh layer; d = input.Length and
    /// theta = [W1 (hidden×d row-major), b1 (hidden), w2 (hidden), b2]. The activations live in a stackalloc'd span
    /// that one loop writes and another reads back: a local array whose adjoint the generator must keep.
    /// </summary>
    [Differentiable]
    public static double TanhNetwork(double[] theta, [NoDerivative] ReadOnlySpan<double> input, [NoDerivative] double target, int hidden)
    {
        int d = input.Length;
        int b1 = hidden * d;
        int w2 = b1 + hidden;
        int b2 = w2 + hidden;

        Span<double> h = stackalloc double[hidden];
        for (int k = 0; k < hidden; k++)
        {
            double a = theta[b1 + k];
            for (int j = 0; j < d; j++)
            {
                a += theta[k * d + j] * input[j];
            }

            h[k] = Math.Tanh(a);
        }

        double output = theta[b2];
        for (int k = 0; k < hidden; k++)
        {
            output += theta[w2 + k] * h[k];
        }

        double error = output - target;
        return 0.5 * error * error;
    }

    /// <summary>Cross-entropy of a softmax with the max shift for stability, the max found with Math.Max.</summary>
    [Differentiable]
    public static double SoftmaxCrossEntropy(ReadOnlySpan<double> logits, int label)
    {
        double max = logits[0];
        for (int k = 1; k < logits.Length; k++)
        {
            max = Math.Max(max, logits[k]);
        }

        double sum = 0;
        for (int k = 0; k < logits.Length; k++)
        {
            sum += Math.Exp(logits[k] - max);
        }

        return Math.Log(sum) + max - logits[label];
    }

    /// <summary>The same with the max found by an if inside the loop (a branch decision per iteration).</summary>
    [Differentiable]
    public static double SoftmaxCrossEntropyIf(ReadOnlySpan<double> logits, int label)
    {
        double max = logits[0];
        for (int k = 1; k < logits.Length; k++)
        {
            if (logits[k] > max)
            {
                max = logits[k];
            }
        }

        double sum = 0;
        for (int k = 0; k < logits.Length; k++)
        {
            sum += Math.Exp(logits[k] - max);
        }

        return Math.Log(sum) + max - logits[label];
    }

    /// <summary>
    /// The largest element found both ways (Math.Max and if), multiplied: in the softmax the shift cancels, so its
    /// derivative is zero whichever element the max picks; here the whole gradient flows through the max, so a max
    /// or branch adjoint routed to the wrong element shows.
    /// </summary>
    [Differentiable]
    public static double LargestSquared(ReadOnlySpan<double> x)
    {
        double viaMax = x[0];
        for (int k = 1; k < x.Length; k++)
        {
            viaMax = Math.Max(viaMax, x[k]);
        }

        double viaIf = x[0];
        for (int k = 1; k < x.Length; k++)
        {
            if (x[k] > viaIf)
            {
                viaIf = x[k];
            }
        }

        return viaMax * viaIf;
    }

    /// <summary>Extended Rosenbrock: Σ 100(xᵢ₊₁ − xᵢ²)² + (1 − xᵢ)², each element read by two iterations.</summary>
    [Differentiable]
    public static double Rosenbrock(ReadOnlySpan<double> x)
    {
        double sum = 0;
        for (int i = 0; i < x.Length - 1; i++)
        {
            double a = x[i + 1] - x[i] * x[i];
            double b = 1 - x[i];
            sum += 100 * a * a + b * b;
        }

        return sum;
    }

    /// <summary>Horner's rule, a loop counting down that overwrites p with a value its adjoint needs.</summary>
    [Differentiable]
    public static double Horner(ReadOnlySpan<double> c, double x)
    {
        double p = 0;
        for (int i = c.Length - 1; i >= 0; i--)
        {
            p = p * x + c[i];
        }

        return p;
    }

    /// <summary>foreach over an array, p *= v: every old p goes on the tape.</summary>
    [Differentiable]
    public static double Product(double[] x)
    {
        double p = 1;
        foreach (var v in x)
        {
            p *= v;
        }

        return p;
    }

    /// <summary>
    /// continue (negative elements are skipped), a data-dependent break (once the running sum exceeds limit), then a
    /// do-while that halves a scale derived from x until it is at most 1, counting the halvings in an int.
    /// The path is locally constant away from xᵢ = 0, partial sums equal to limit and 1 + energy a power of two.
    /// </summary>
    [Differentiable]
    public static double ContinueBreakDoWhile(ReadOnlySpan<double> x, [NoDerivative] double limit)
    {
        double sum = 0;
        double energy = 0;
        for (int i = 0; i < x.Length; i++)
        {
            if (x[i] < 0)
            {
                continue;
            }

            sum += x[i];
            energy += (i + 1) * x[i] * x[i];
            if (sum > limit)
            {
                break;
            }
        }

        double scale = 1 + energy;
        int halvings = 0;
        do
        {
            scale *= 0.5;
            halvings++;
        }
        while (scale > 1);

        return scale * (1 + sum) + 0.25 * halvings;
    }

    /// <summary>A return from inside the loop once the running sum of squares exceeds threshold, and one after it.</summary>
    [Differentiable]
    public static double EarlyReturn(ReadOnlySpan<double> x, [NoDerivative] double threshold)
    {
        double s = 0;
        for (int i = 0; i < x.Length; i++)
        {
            s += x[i] * x[i];
            if (s > threshold)
            {
                return s * x[i];
            }
        }

        return -s;
    }

    /// <summary>Differentiable recursion: xⁿ as x·xⁿ⁻¹.</summary>
    [Differentiable]
    public static double Power(double x, int n)
    {
        if (n == 0)
        {
            return 1;
        }

        return x * Power(x, n - 1);
    }

    /// <summary>if / else if / else on scalars, with locals assigned in the branches and one overwritten in a branch.</summary>
    [Differentiable]
    public static double Piecewise(double x, double y)
    {
        double r;
        double t = x * y;
        if (x > 1)
        {
            r = t * t;
            t = Math.Exp(y);
        }
        else if (x < -1)
        {
            r = Math.Sin(t);
        }
        else
        {
            double u = x + 2 * y;
            r = u * t;
        }

        return r + t;
    }

    /// <summary>A while loop with an int counter: s ← sin(s) + x, n times.</summary>
    [Differentiable]
    public static double WhileLoop(double x, int n)
    {
        int i = 0;
        double s = x;
        while (i < n)
        {
            s = Math.Sin(s) + x;
            i++;
        }

        return s;
    }

    /// <summary>A float dot product over spans: float gradients in Span&lt;float&gt;.</summary>
    [Differentiable]
    public static float DotF(ReadOnlySpan<float> a, ReadOnlySpan<float> b)
    {
        float s = 0f;
        for (int i = 0; i < a.Length; i++)
        {
            s += a[i] * b[i];
        }

        return s;
    }

    /// <summary>A float product over an array: the overwritten p goes on a float tape.</summary>
    [Differentiable]
    public static float ProductF(float[] x)
    {
        float p = 1f;
        foreach (var v in x)
        {
            p *= v;
        }

        return p;
    }
}
