using System;
using System.Diagnostics;
using System.Globalization;

namespace GradGen.Tests.Models;

/// <summary>
/// Everyday C# around the numbers: guards that throw, throw expressions in '?:' and '??', throws in the middle of
/// a loop, and logging of intermediate values (interpolated strings with alignment and format, concatenation,
/// string.Format, ToString, Debug.WriteLine). Compared with finite differences in EverydayTests, which also check that
/// Gradient and Pullback throw what the method throws.
/// </summary>
public static partial class Everyday
{
    /// <summary>What the models logged last (the forward sweep runs the logging).</summary>
    public static string LastLog { get; private set; } = string.Empty;

    private static void Log(string text) => LastLog = text;

    /// <summary>Guards before the work and a throw in the middle of the loop, after the iterations before it ran.</summary>
    [Differentiable]
    public static double Guarded(double[] w, double x)
    {
        if (w.Length == 0)
        {
            throw new ArgumentException("w is empty", nameof(w));
        }

        if (x < 0) throw new ArgumentOutOfRangeException(nameof(x));
        double s = 0;
        for (int i = 0; i < w.Length; i++)
        {
            if (w[i] > 100)
            {
                throw new InvalidOperationException($"w[{i}] = {w[i]:F2} is too large");
            }

            s += w[i] * w[i] * Math.Sqrt(x + 1);
        }

        return s;
    }

    /// <summary>A throw expression as a branch of '?:', in a loop that would fuse without it.</summary>
    [Differentiable]
    public static double LogOrThrow(double[] w)
    {
        double s = 0;
        for (int i = 0; i < w.Length; i++)
        {
            s += w[i] > 0 ? Math.Log(w[i]) * w[i] : throw new ArgumentOutOfRangeException(nameof(w), $"w[{i}] must be positive");
        }

        return s;
    }

    /// <summary>'?:' with the throw first, outside loops.</summary>
    [Differentiable]
    public static double ThrowFirst(double x, double y) => x <= 0 ? throw new ArgumentOutOfRangeException(nameof(x)) : Math.Log(x) * y;

    /// <summary>'w ?? throw' as a statement and inside an expression, on array parameters.</summary>
    [Differentiable]
    public static double NullGuards(double[] w, double[] v)
    {
        _ = w ?? throw new ArgumentNullException(nameof(w));
        int n = (v ?? throw new ArgumentNullException(nameof(v))).Length;
        double s = 0;
        for (int i = 0; i < n; i++)
        {
            s += w[i] * v[i] * v[i];
        }

        return s;
    }

    /// <summary>
    /// A throw before an invariant element read in the same loop: computing <c>c[k]</c> once before the loop (the
    /// forward sweep's loop invariants) would throw IndexOutOfRangeException where the method throws
    /// ArgumentOutOfRangeException.
    /// </summary>
    [Differentiable]
    public static double InvariantAfterThrow(double[] w, [NoDerivative] double[] c, int k)
    {
        double s = 0;
        for (int i = 0; i < w.Length; i++)
        {
            double v = w[i] > 0 ? w[i] : throw new ArgumentOutOfRangeException(nameof(w));
            s += v * v * c[k];
        }

        return s;
    }

    /// <summary>
    /// Horner's rule behind a null guard: a recurrence that records into slots sized before the forward sweep from
    /// <c>c.Length</c>, which would throw NullReferenceException before the guard.
    /// </summary>
    [Differentiable]
    public static double GuardedHorner(double[] c, double x)
    {
        _ = c ?? throw new ArgumentNullException(nameof(c));
        double p = 0;
        for (int i = c.Length - 1; i >= 0; i--)
        {
            p = p * x + c[i];
        }

        return p;
    }

    /// <summary>
    /// A loop that would fuse, followed by a throw expression: moving the loop down past it (to fuse it before the
    /// return) would make a null <c>w</c> throw ArgumentOutOfRangeException for x ≤ 0 where the method throws
    /// NullReferenceException in the loop.
    /// </summary>
    [Differentiable]
    public static double SumThenGuard(double[] w, double x)
    {
        double s = 0;
        for (int i = 0; i < w.Length; i++)
        {
            s += w[i] * w[i];
        }

        double t = x > 0 ? Math.Sqrt(x) : throw new ArgumentOutOfRangeException(nameof(x));
        return s + 3 * t;
    }

    /// <summary>A switch whose default throws; an early return before a final throw.</summary>
    [Differentiable]
    public static double Mode(double x, int mode)
    {
        switch (mode)
        {
            case 0:
                return x * x;
            case 1:
                return Math.Sin(x);
            default:
                throw new ArgumentOutOfRangeException(nameof(mode), mode, "mode must be 0 or 1");
        }
    }

    /// <summary>Logging of intermediate values in every common form; the gradient is that of the arithmetic.</summary>
    [Differentiable]
    public static double Logged(double x, double y)
    {
        double loss = x * x + Math.Sin(y);
        Console.WriteLine($"loss {loss:F4}");
        Debug.WriteLine("sse = " + loss);
        string line = $"|{x,10:F3}|{y,-8}|{{braces}}\t\"quoted\"";
        Log(line);
        Log(string.Format(CultureInfo.InvariantCulture, "{0:F3} and {1}", loss, y));
        Log("x = " + x.ToString("F3", CultureInfo.InvariantCulture) + $" y = {(y > 0 ? y : -y).ToString(CultureInfo.InvariantCulture)}");
        double z = loss * y;
        Log(line + " -> " + z.ToString("R", CultureInfo.InvariantCulture));
        return z;
    }

    /// <summary>
    /// Traces the compiler removes with their arguments unless a symbol is defined ([Conditional]): the call to
    /// <see cref="Bounded"/> in them, which throws above 2, runs exactly when the method runs it (never for the
    /// undefined symbol; for DEBUG, in Debug builds).
    /// </summary>
    [Differentiable]
    public static double Traced(double x)
    {
        Trace($"bounded {Bounded(x)}");
        Debug.WriteLine(x * Bounded(x / 10));
        Debug.Assert(Bounded(x / 10) < 1);
        return x * x;
    }

    [Differentiable]
    public static double Bounded(double x) => x > 2 ? throw new ArgumentOutOfRangeException(nameof(x)) : x;

    [Conditional("GRADGEN_NEVER_DEFINED")]
    private static void Trace(string text) => LastLog = text;

    /// <summary>The BCL's guards on arrays, as users write them first: they only compare the array with null.</summary>
    [Differentiable]
    public static double BclGuarded(double[] w, [NoDerivative] double[] x)
    {
        ArgumentNullException.ThrowIfNull(w);
        ArgumentNullException.ThrowIfNull(x, nameof(x));
        ObjectDisposedException.ThrowIf(ReferenceEquals(w, x), w);
        double s = 0;
        for (int i = 0; i < w.Length; i++)
        {
            s += Math.Sin(w[i]) * x[i % x.Length];
        }

        return s;
    }
}
