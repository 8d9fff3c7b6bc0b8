using System;

namespace GradGen.Tests.Models;

/// <summary>
/// Harder control flow for the reverse sweep: differentiable helpers taking spans (active, data, local arrays,
/// stackalloc, inside loops), values overwritten nonlinearly in loops, data-dependent trip counts, jumps out of
/// nested loops, switch, local arrays rewritten like a dynamic program, ints reassigned and used as indices,
/// parameters reassigned in loops, float. Every model is checked against finite differences.
/// </summary>
public static partial class ControlFlow
{
    // ---------------------------------------------------------------- helpers taking spans

    [Differentiable]
    public static double Dot(ReadOnlySpan<double> a, ReadOnlySpan<double> b)
    {
        double s = 0;
        for (int i = 0; i < a.Length; i++)
        {
            s += a[i] * b[i];
        }

        return s;
    }

    [Differentiable]
    public static double Softplus(double z) => Math.Log(1 + Math.Exp(z));

    /// <summary>(a) Two active spans, one of them an array; the same span passed twice; three calls in one statement.</summary>
    [Differentiable]
    public static double DotTwoActive(ReadOnlySpan<double> u, double[] v)
    {
        double uv = Dot(u, v);
        return (uv * uv) + (Dot(u, u) * Dot(v, v));
    }

    /// <summary>(b) [NoDerivative] data passed where the helper differentiates: first and second position.</summary>
    [Differentiable]
    public static double DotWithData(ReadOnlySpan<double> w, [NoDerivative] double[] x, [NoDerivative] ReadOnlySpan<double> y)
    {
        return Softplus(Dot(x, w)) + (0.5 * Dot(w, y) * Dot(y, w));
    }

    /// <summary>(c) A local 'new double[n]' passed to the helper, then one element overwritten and the helper called again.</summary>
    [Differentiable]
    public static double DotLocalArray(ReadOnlySpan<double> w, double s)
    {
        double[] t = new double[w.Length];
        for (int i = 0; i < t.Length; i++)
        {
            t[i] = Math.Sin(s * w[i]);
        }

        double a = Dot(t, w);
        t[0] = a * s;
        return a + Dot(t, t);
    }

    /// <summary>(c′) A local array filled with data only (inactive) passed where the helper differentiates.</summary>
    [Differentiable]
    public static double DotInactiveLocal(ReadOnlySpan<double> w, [NoDerivative] ReadOnlySpan<double> x)
    {
        double[] c = new double[x.Length];
        for (int i = 0; i < c.Length; i++)
        {
            c[i] = (x[i] * x[i]) + 1;
        }

        return Dot(c, w) * Dot(w, w);
    }

    /// <summary>(d) A stackalloc span passed to the helper, then every element rewritten and the helper called again.</summary>
    [Differentiable]
    public static double DotStackalloc(ReadOnlySpan<double> w, double s)
    {
        Span<double> t = stackalloc double[w.Length];
        for (int i = 0; i < t.Length; i++)
        {
            t[i] = Math.Exp(-s * w[i] * w[i]);
        }

        double first = Dot(t, w);
        for (int i = 0; i < t.Length; i++)
        {
            t[i] = (t[i] * first) + w[i];
        }

        return Dot(t, t) / (1 + (first * first));
    }

    /// <summary>(e) The helper inside a loop, on a local buffer rewritten every iteration (its old elements must come back).</summary>
    [Differentiable]
    public static double RowDistances(ReadOnlySpan<double> w, [NoDerivative] ReadOnlySpan<double> rows, int m)
    {
        int n = w.Length;
        double[] diff = new double[n];
        double s = 0;
        for (int i = 0; i < m; i++)
        {
            for (int j = 0; j < n; j++)
            {
                diff[j] = rows[(i * n) + j] - w[j];
            }

            s += Math.Sqrt(1 + Dot(diff, diff)) * Dot(diff, w);
        }

        return s;
    }

    /// <summary>(e′) The same with the buffer on the stack, the helper's result feeding the next iteration.</summary>
    [Differentiable]
    public static double RowDistancesStack(ReadOnlySpan<double> w, [NoDerivative] ReadOnlySpan<double> rows, int m)
    {
        int n = w.Length;
        Span<double> diff = stackalloc double[n];
        double s = 0;
        for (int i = 0; i < m; i++)
        {
            for (int j = 0; j < n; j++)
            {
                diff[j] = (rows[(i * n) + j] * s) - w[j];
            }

            s = Math.Sqrt(1 + Dot(diff, diff));
        }

        return s;
    }

    /// <summary>(f) A scalar helper inside a loop whose argument is overwritten by its own result.</summary>
    [Differentiable]
    public static double SoftplusChain(double p, ReadOnlySpan<double> x)
    {
        for (int i = 0; i < x.Length; i++)
        {
            p = Softplus((p * x[i]) - 0.5) + (0.1 * p);
        }

        return p;
    }

    // ---------------------------------------------------------------- overwritten values, nested loops

    /// <summary>p ← p·xᵢ + sin p: every old p is needed.</summary>
    [Differentiable]
    public static double NonlinearOverwrite(double p0, ReadOnlySpan<double> x)
    {
        double p = p0;
        for (int i = 0; i < x.Length; i++)
        {
            p = (p * x[i]) + Math.Sin(p);
        }

        return p;
    }

    /// <summary>A local declared in the loop body and reassigned four times; s updated nonlinearly.</summary>
    [Differentiable]
    public static double LocalReassigned(ReadOnlySpan<double> x, double a)
    {
        double s = 0.25;
        for (int i = 0; i < x.Length; i++)
        {
            double t = x[i] * a;
            t = (t * t) + x[i];
            t = Math.Sin(t) * t;
            t /= 1 + (a * a);
            s = (s * 0.5) + (t * Math.Cos(s));
        }

        return s;
    }

    /// <summary>Nested loops, the inner trip count the outer index (j &lt; i); s read inside a Math call it updates.</summary>
    [Differentiable]
    public static double Triangular(ReadOnlySpan<double> x)
    {
        double s = 0;
        for (int i = 0; i < x.Length; i++)
        {
            for (int j = 0; j < i; j++)
            {
                s += x[i] * Math.Cos(x[j] + s);
            }
        }

        return s;
    }

    /// <summary>Newton's iteration for √a until a relative tolerance, with an iteration cap: a data-dependent trip count.</summary>
    [Differentiable]
    public static double NewtonSqrt(double a, [NoDerivative] double tolerance)
    {
        double y = a > 1 ? a : 1;
        int iterations = 0;
        while (iterations < 100 && Math.Abs((y * y) - a) > tolerance * a)
        {
            y = 0.5 * (y + (a / y));
            iterations++;
        }

        return y;
    }

    /// <summary>The same as 'while (true)' with the return inside, a local declared in the body.</summary>
    [Differentiable]
    public static double NewtonSqrtReturn(double a)
    {
        double y = a + 1;
        int k = 0;
        while (true)
        {
            double next = 0.5 * (y + (a / y));
            if (Math.Abs(next - y) < 1e-9 * next || k >= 60)
            {
                return next;
            }

            y = next;
            k++;
        }
    }

    /// <summary>An if inside a loop inside an if (and a different loop in the else).</summary>
    [Differentiable]
    public static double IfLoopIf(double a, ReadOnlySpan<double> x)
    {
        double s = 0;
        if (a > 0)
        {
            for (int i = 0; i < x.Length; i++)
            {
                if (x[i] > 0)
                {
                    s += a * x[i] * x[i];
                }
                else
                {
                    s -= Math.Exp(a * x[i]);
                }
            }
        }
        else
        {
            for (int i = 0; i < x.Length; i++)
            {
                s = (s * a) + Math.Sin(x[i]);
            }
        }

        return s * a;
    }

    /// <summary>
    /// x is m×n row-major. Two 'continue's in the inner loop, a 'break' of the outer loop after the inner one, and
    /// statements after the break that it skips.
    /// </summary>
    [Differentiable]
    public static double ContinueInnerBreakOuter(ReadOnlySpan<double> x, int n, [NoDerivative] double limit)
    {
        int m = x.Length / n;
        double total = 0;
        for (int i = 0; i < m; i++)
        {
            double row = 0;
            for (int j = 0; j < n; j++)
            {
                double v = x[(i * n) + j];
                if (v < 0)
                {
                    continue;
                }

                row += (j + 1) * v * v;
                if (row > 3)
                {
                    continue;
                }

                row += Math.Sin(v * total);
            }

            total += Math.Sqrt(1 + row);
            if (total > limit)
            {
                break;
            }

            total *= 1.1;
        }

        return total;
    }

    /// <summary>A do loop with a continue that skips the rest of the body (the condition still runs).</summary>
    [Differentiable]
    public static double DoWithContinue(double x, int n)
    {
        double s = x;
        int k = 0;
        do
        {
            k++;
            if (k % 3 == 0)
            {
                s = (s * 0.75) + x;
                continue;
            }

            s = (Math.Sin(s) * x) + (0.5 * s);
        }
        while (k < n);

        return s;
    }

    /// <summary>A return from the inner of two nested loops, statements after the inner loop, a return after both.</summary>
    [Differentiable]
    public static double EarlyReturnNested(ReadOnlySpan<double> x, int n, [NoDerivative] double threshold)
    {
        double s = 0;
        for (int i = 0; i * n < x.Length; i++)
        {
            for (int j = 0; j < n; j++)
            {
                s += x[(i * n) + j] * x[j];
                if (s > threshold)
                {
                    return (s * x[(i * n) + j]) + i;
                }
            }

            s = Math.Sqrt((s * s) + 1);
        }

        return -s;
    }

    /// <summary>switch on i % 4 inside a loop: two labels on one section, a return inside an if in the default section.</summary>
    [Differentiable]
    public static double SwitchInLoop(ReadOnlySpan<double> x, [NoDerivative] double cap)
    {
        double s = 1;
        for (int i = 0; i < x.Length; i++)
        {
            switch (i % 4)
            {
                case 0:
                    s += x[i];
                    break;
                case 1:
                case 2:
                    s = (Math.Cos(s) * x[i]) + s;
                    break;
                default:
                    if (s > cap)
                    {
                        return s * x[i];
                    }

                    s -= x[i] * x[i];
                    break;
            }
        }

        return s;
    }

    /// <summary>switch on an int local reassigned in the loop, a section that ends in 'return' and one that ends in 'continue'.</summary>
    [Differentiable]
    public static double SwitchReturnContinue(ReadOnlySpan<double> x, int stop)
    {
        double s = 0.5;
        int state = 0;
        for (int i = 0; i < x.Length; i++)
        {
            switch (state)
            {
                case 0:
                    s = s * x[i];
                    state = 1;
                    break;
                case 1:
                    s = Math.Exp(0.5 * Math.Sin(s)) - x[i];
                    state = i >= stop ? 2 : 0;
                    continue;
                default:
                    return s * s * x[i];
            }

            s += 0.1 * x[i] * s;
        }

        return s;
    }

    // ---------------------------------------------------------------- float

    /// <summary>Float: a stackalloc span, MathF, a branch in a loop, elements read back from the previous iteration.</summary>
    [Differentiable]
    public static float FloatLoop(ReadOnlySpan<float> x, float a)
    {
        Span<float> t = stackalloc float[x.Length];
        float s = 0f;
        for (int i = 0; i < x.Length; i++)
        {
            t[i] = MathF.Tanh(a * x[i]);
            if (x[i] > 0f)
            {
                s += t[i] * x[i];
            }
            else
            {
                s = (s * 0.5f) + t[i];
            }
        }

        for (int i = 1; i < t.Length; i++)
        {
            t[i] = (t[i] * t[i - 1]) + a;
        }

        return s + t[t.Length - 1];
    }

    /// <summary>Float: a float[] parameter, foreach, a float helper on spans called in the loop, a double accumulator.</summary>
    [Differentiable]
    public static float FloatHelperInLoop(float[] x, ReadOnlySpan<float> w)
    {
        double acc = 0;
        foreach (float v in x)
        {
            acc += Math.Sin(v * DotF(x, w));
        }

        return (float)acc;
    }

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

    // ---------------------------------------------------------------- local arrays

    /// <summary>A dynamic program: row[j] ← row[j]·a + row[j−1]·xᵢ, every element overwritten n−1 times.</summary>
    [Differentiable]
    public static double DynamicProgram(ReadOnlySpan<double> x, double a)
    {
        int n = x.Length;
        double[] row = new double[n];
        for (int j = 0; j < n; j++)
        {
            row[j] = x[j];
        }

        for (int i = 1; i < n; i++)
        {
            row[0] = row[0] * a;
            for (int j = 1; j < n; j++)
            {
                row[j] = (row[j] * a) + (row[j - 1] * x[i]);
            }
        }

        return row[n - 1];
    }

    /// <summary>Soft alignment (soft-DTW): two stackalloc rows, a log-sum-exp soft minimum shifted by Math.Min, rows copied.</summary>
    [Differentiable]
    public static double SoftAlignment(ReadOnlySpan<double> x, [NoDerivative] ReadOnlySpan<double> y, double gamma)
    {
        int n = x.Length;
        int m = y.Length;
        Span<double> previous = stackalloc double[m + 1];
        Span<double> current = stackalloc double[m + 1];
        previous[0] = 0;
        for (int j = 1; j <= m; j++)
        {
            previous[j] = 50;
        }

        for (int i = 1; i <= n; i++)
        {
            current[0] = 50;
            for (int j = 1; j <= m; j++)
            {
                double d = x[i - 1] - y[j - 1];
                double a = previous[j - 1], b = previous[j], c = current[j - 1];
                double lo = Math.Min(a, Math.Min(b, c));
                double sum = Math.Exp((lo - a) / gamma) + Math.Exp((lo - b) / gamma) + Math.Exp((lo - c) / gamma);
                current[j] = (d * d) + lo - (gamma * Math.Log(sum));
            }

            for (int j = 0; j <= m; j++)
            {
                previous[j] = current[j];
            }
        }

        return previous[m];
    }

    /// <summary>A running maximum kept in a local array with Math.Max, and one found with an if that also records where.</summary>
    [Differentiable]
    public static double RunningMax(ReadOnlySpan<double> x)
    {
        int n = x.Length;
        Span<double> best = stackalloc double[n];
        best[0] = x[0];
        for (int i = 1; i < n; i++)
        {
            best[i] = Math.Max(best[i - 1], x[i]) * 0.9;
        }

        double viaIf = x[n - 1];
        int where = n - 1;
        for (int i = n - 2; i >= 0; i--)
        {
            if (x[i] > viaIf)
            {
                viaIf = x[i];
                where = i;
            }
        }

        double s = 0;
        for (int i = 0; i < n; i++)
        {
            s += best[i] * x[i];
        }

        return s + (viaIf * x[(where + 1) % n]);
    }

    /// <summary>Elements written in a branch and read back by later iterations; compound assignments on elements.</summary>
    [Differentiable]
    public static double ElementsInBranches(ReadOnlySpan<double> x, double a)
    {
        int n = x.Length;
        double[] t = new double[n];
        t[0] = a;
        for (int i = 1; i < n; i++)
        {
            if (x[i] > 0)
            {
                t[i] = t[i - 1] * x[i];
            }
            else
            {
                t[i] = Math.Sin(t[i - 1]) + x[i];
                t[i - 1] *= a;
            }

            t[i] += t[i - 1] * t[i];
        }

        double s = 0;
        for (int i = 0; i < n; i++)
        {
            s += t[i];
        }

        return s;
    }

    /// <summary>A stack machine: an int stack pointer moved by ++/--, elements popped, combined and pushed back.</summary>
    [Differentiable]
    public static double StackMachine(ReadOnlySpan<double> x)
    {
        Span<double> stack = stackalloc double[x.Length];
        int top = 0;
        for (int i = 0; i < x.Length; i++)
        {
            stack[top] = x[i];
            top++;
            while (top >= 2 && i % 2 == 1)
            {
                top--;
                double b = stack[top];
                top--;
                stack[top] = (Math.Sin(stack[top]) * b) + b;
                top++;
                if (top == 1)
                {
                    break;
                }
            }
        }

        double s = 0;
        while (top > 0)
        {
            top--;
            s = (s * 0.5) + stack[top];
        }

        return s;
    }

    // ---------------------------------------------------------------- ints and parameters reassigned

    /// <summary>An index k ← (3k + 1) mod n, reassigned every iteration, used to read x and to write a local array.</summary>
    [Differentiable]
    public static double Hop(ReadOnlySpan<double> x, int steps)
    {
        int n = x.Length;
        int k = 0;
        double s = 0;
        double[] visits = new double[n];
        for (int t = 0; t < steps; t++)
        {
            s = (s * 0.5) + (x[k] * Math.Sin(s + x[k]));
            visits[k] += s * x[(k + 1) % n];
            k = ((k * 3) + 1) % n;
        }

        double r = s;
        for (int i = 0; i < n; i++)
        {
            r += visits[i] * visits[i];
        }

        return r;
    }

    /// <summary>Scalar parameters reassigned inside a loop (x ← x/2, y ← y + x²).</summary>
    [Differentiable]
    public static double ParameterHalving(double x, double y, int n)
    {
        double s = 0;
        for (int i = 0; i < n; i++)
        {
            s += Math.Sin(x) * y;
            x = x * 0.5;
            y = y + (x * x);
        }

        return s + (x * y);
    }

    /// <summary>A parameter reassigned in a loop and then passed to a helper; the loop's while condition reads an active value.</summary>
    [Differentiable]
    public static double ParameterIntoHelper(double scale, ReadOnlySpan<double> w, [NoDerivative] double limit)
    {
        int i = 0;
        double s = 0;
        while (i < w.Length && s < limit)
        {
            scale = (scale * w[i]) + 0.5;
            s += scale * scale;
            i++;
        }

        return Softplus(scale) + s + (Dot(w, w) * scale);
    }

    // ---------------------------------------------------------------- misc

    /// <summary>Recursion over a span with an index.</summary>
    [Differentiable]
    public static double RecursiveSum(ReadOnlySpan<double> x, int i)
    {
        if (i >= x.Length)
        {
            return 0;
        }

        double rest = RecursiveSum(x, i + 1);
        return (x[i] * Math.Exp(0.5 * x[i])) + (0.9 * rest * x[i]);
    }

    /// <summary>foreach over a stackalloc span with continue and a data-dependent break.</summary>
    [Differentiable]
    public static double ForeachLocal(ReadOnlySpan<double> x, double a)
    {
        Span<double> t = stackalloc double[x.Length];
        for (int i = 0; i < x.Length; i++)
        {
            t[i] = a * x[i];
        }

        double s = 0.5;
        foreach (double v in t)
        {
            if (v < 0)
            {
                continue;
            }

            s = (s * v) + Math.Cos(v);
            if (s > 3)
            {
                break;
            }
        }

        return s;
    }

    /// <summary>?: inside a loop, with &amp;&amp; in the condition.</summary>
    [Differentiable]
    public static double TernaryInLoop(ReadOnlySpan<double> x, double a)
    {
        double s = 0;
        for (int i = 0; i < x.Length; i++)
        {
            s += x[i] > 0 && i % 2 == 0 ? a * x[i] * s : (-a * x[i] * x[i]) + 0.1;
        }

        return s;
    }

    // ---------------------------------------------------------------- minimal repros of generator bugs (see ControlFlowTests)

    /// <summary>
    /// Bug: an int restored by an inverse step ('k++' undone by 'k--') after a later plain assignment ('k = 3') that
    /// is not restored: the reverse sweep computes k = 3 − 1 = 2 instead of 0 for the first statement.
    /// </summary>
    [Differentiable]
    public static double StepThenReset(ReadOnlySpan<double> w)
    {
        int k = 0;
        double s = w[k] * w[k];
        k++;
        k = 3;
        return s + w[k];
    }

    /// <summary>The same bug in a natural shape: a ring-buffer position that wraps with 'if (pos == size) pos = 0'.</summary>
    [Differentiable]
    public static double RingBuffer(ReadOnlySpan<double> x, int size)
    {
        Span<double> ring = stackalloc double[size];
        int pos = 0;
        double s = 0;
        for (int i = 0; i < x.Length; i++)
        {
            s += ring[pos] * x[i];
            ring[pos] = x[i];
            pos++;
            if (pos == size)
            {
                pos = 0;
            }
        }

        return s;
    }

    /// <summary>
    /// Bug: a branch inside a loop whose only statement adds a constant to an active accumulator is recorded on the
    /// branch tape in the forward sweep, but its reverse is empty so nothing pops it: later pops read the wrong bits.
    /// </summary>
    [Differentiable]
    public static double ConstantPenaltyInBranch(ReadOnlySpan<double> x)
    {
        double s = 0;
        for (int i = 0; i < x.Length; i++)
        {
            if (x[i] < 0)
            {
                s += 1;
            }

            if (x[i] > 0.5)
            {
                s += x[i] * x[i];
            }
        }

        return s;
    }

    /// <summary>The same bug through the lowering of 'break': the statement after it is wrapped in '(unless break)'.</summary>
    [Differentiable]
    public static double ConstantStepAfterBreak(ReadOnlySpan<double> x, [NoDerivative] double limit)
    {
        double s = 0;
        for (int i = 0; i < x.Length; i++)
        {
            s = (s * 0.5) + (x[i] * x[i]);
            if (s > limit)
            {
                break;
            }

            s += 1;
        }

        return s;
    }

    // Bug: generated code assigns a local only constants and never reads it (warning CS0219), an error under
    // TreatWarningsAsErrors (as in this repository), so these three models stop the build.

    /// <summary>'_done' is set by both returns and never read: nothing follows the if/else.</summary>
    [Differentiable]
    public static double IfElseBothReturn(double x)
    {
        if (x > 0)
        {
            return x * x;
        }
        else
        {
            return -x;
        }
    }

    /// <summary>'_continue' is set and never read: nothing follows the if/else that contains the continue.</summary>
    [Differentiable]
    public static double ContinueAtEndOfBody(ReadOnlySpan<double> x)
    {
        double pos = 0, neg = 0;
        foreach (var v in x)
        {
            if (v < 0)
            {
                neg += v * v;
                continue;
            }
            else
            {
                pos += v;
            }
        }

        return pos * neg;
    }

    /// <summary>In the Pullback the return expression is not evaluated, so 'bias' is assigned and never read.</summary>
    [Differentiable]
    public static double BiasOnlyInReturn(double x)
    {
        double bias = 1;
        return (x * x) + bias;
    }

    /// <summary>
    /// Bug: a reassigned parameter whose adjoint the reverse sweep never mentions: the adjoint local is not declared
    /// but 'dX = _d_x;' (Pullback: 'dX += _d_x;') is still written, error CS0103. (GG0014 also warns, rightly.)
    /// </summary>
#pragma warning disable GG0014
    [Differentiable]
    public static double UnusedReassignedParameter(double x, double y)
    {
        x += 1.0;
        return y * y;
    }
#pragma warning restore GG0014

    /// <summary>
    /// Bug: switch sections written as blocks ('case 0: { …; break; }') end in their only break, yet GG0004 reports
    /// "a 'break' before the end of a switch section".
    /// </summary>
    [Differentiable]
    public static double SwitchSectionBlocks(double x, int mode)
    {
        double y = x;
        switch (mode)
        {
            case 0:
            {
                y = x * x;
                break;
            }

            default:
            {
                y = Math.Sin(x);
                break;
            }
        }

        return y;
    }
}

/// <summary>Instance methods: a [Differentiable] method on 'this' called in a loop.</summary>
public partial class SpringChain
{
    private readonly double _stiffness;

    public SpringChain(double stiffness) => _stiffness = stiffness;

    [Differentiable]
    public double Bond(double a, double b)
    {
        double d = b - a - 1;
        return 0.5 * _stiffness * d * d;
    }

    [Differentiable]
    public double Energy(ReadOnlySpan<double> positions)
    {
        double e = 0;
        for (int i = 1; i < positions.Length; i++)
        {
            e += Bond(positions[i - 1], positions[i]) * (1 + (0.1 * i));
        }

        return e + this.Bond(0, positions[0]);
    }
}
