using System;
using System.Collections.Generic;
using System.Globalization;
using System.Linq;
using GradGen.Fuzz.Tests.Generation;
using GradGen.Fuzz.Tests.Programs;

namespace GradGen.Fuzz.Tests.Running;

/// <summary>Counts of what the oracle checked and skipped, over a run.</summary>
internal sealed class OracleStats
{
    public int Points { get; set; }

    public int SkippedPoints { get; set; }

    public int Lines { get; set; }

    public int DotProductLines { get; set; }

    public int SkippedLines { get; set; }

    public double CompileSeconds { get; set; }

    /// <summary>Points where Main threw (a throw taken there) and every generated method threw the same exception type.</summary>
    public int ThrowingPoints { get; set; }

    /// <summary>Lines where the analytic derivative was not finite but finite differences were (<see cref="LineResult.NonFinite"/>).</summary>
    public List<string> NonFinite { get; } = new();
}

/// <summary>
/// Checks one program at a few random points: Gradient's value against the original method's (bit for bit),
/// Pullback against seed·gradient added to non-zero buffers, and the gradient against finite differences along
/// lines (<see cref="LineCheck"/>): every coordinate when there are at most 16 inputs, else a dot-product test
/// along random unit directions plus a few coordinates.
/// </summary>
internal static class Oracle
{
    private const int Points = 3;
    private const int MaxComponentLines = 16;

    public static Finding? Check(FuzzProgram program, Drivers drivers, OracleStats stats, bool reportKnown)
    {
        var random = new Random(unchecked((program.Seed * 31) + 7));
        var single = SinglePrecisionComponents(program);
        for (int k = 0; k < Points; k++)
        {
            var p = Enumerable.Range(0, single.Length).Select(j => Round((random.NextDouble() * 3) - 1.5, single[j])).ToArray();
            Finding? finding;
            try
            {
                finding = CheckPoint(program, drivers, p, single, random, stats, reportKnown);
            }
            catch (FuzzException e)
            {
                finding = e.Finding;
            }

            if (finding is not null)
            {
                return finding;
            }
        }

        return null;
    }

    /// <summary>Per input component: whether it is single precision (a float parameter, or any input of a float method).</summary>
    private static bool[] SinglePrecisionComponents(FuzzProgram program)
    {
        var list = new List<bool>();
        foreach (var p in program.Main.Params.Where(p => p.IsActive))
        {
            bool single = p.Type == Ty.Float || program.Main.Return == Ty.Float;
            list.AddRange(Enumerable.Repeat(single, p.Kind == ParamKind.Scalar ? 1 : p.Length));
        }

        return list.ToArray();
    }

    private static double Round(double x, bool single) => single ? (float)x : x;

    private static Finding? CheckPoint(FuzzProgram program, Drivers d, double[] p, bool[] single, Random random, OracleStats stats, bool reportKnown)
    {
        double value;
        try
        {
            value = d.Value(p);
        }
        catch (Exception e) when (MayThrow(program, e))
        {
            stats.ThrowingPoints++;
            return CheckThrows(program, d, p, e, random);
        }
        catch (Exception e)
        {
            throw new FuzzException(new Finding(FindingKind.ProgramThrew, e.GetType().Name + ": " + e.Message + "\n" + e.StackTrace));
        }

        if (!double.IsFinite(value) || Math.Abs(value) > 1e6)
        {
            stats.SkippedPoints++;
            return null;
        }

        var g = Enumerable.Repeat(7.0, p.Length).ToArray();
        double returned = Call(() => d.Gradient(p, g), FindingKind.GeneratedCodeThrew);
        if (BitConverter.DoubleToInt64Bits(returned) != BitConverter.DoubleToInt64Bits(value))
        {
            return new Finding(FindingKind.ValueMismatch, $"at {Format(p)}: Main returned {value:R}, MainGradient returned {returned:R}");
        }

        var pullback = CheckPullback(program, d, p, g, single, random) ?? CheckPushforward(program, d, p, value, g, single, random)
            ?? CheckProduct(program, d, p, value, g, random);
        if (pullback is not null)
        {
            return pullback;
        }

        if (Unverifiable(g))
        {
            stats.SkippedPoints++;
            return null;
        }

        stats.Points++;
        foreach (var direction in Directions(p.Length, random, stats))
        {
            stats.Lines++;
            var check = new LineCheck(d, single.Any(s => s) && direction.Where((v, j) => v != 0 && single[j]).Any(), e => MayThrow(program, e));
            var result = check.Run(p, direction, Dot(g, direction), out string detail);
            if (result == LineResult.Mismatch)
            {
                // A real error persists at a nearby point on the same branches; a kink the step straddled does not.
                var q = p.Select((x, j) => Round(x + (1e-3 * ((random.NextDouble() * 2) - 1)), single[j])).ToArray();
                var gq = new double[q.Length];
                string again = string.Empty;
                try
                {
                    CallOrGuard(program, () => d.Gradient(q, gq), FindingKind.GeneratedCodeThrew);
                    result = check.Run(q, direction, Dot(gq, direction), out again);
                }
                catch (GuardCrossed)
                {
                    result = LineResult.Skip;
                }

                if (result == LineResult.Mismatch)
                {
                    return new Finding(FindingKind.GradientMismatch, $"{Describe(program, direction)} at {Format(p)}: {detail}\n  again at {Format(q)}: {again}");
                }
            }

            if (result == LineResult.NonFinite && reportKnown)
            {
                return new Finding(FindingKind.GradientMismatch, $"(F4) {Describe(program, direction)} at {Format(p)}: {detail}");
            }

            if (result == LineResult.NonFinite)
            {
                stats.NonFinite.Add($"program seed {program.Seed}, {Describe(program, direction)}: {detail}");
            }
            else if (result != LineResult.Pass)
            {
                stats.SkippedLines++;
            }
        }

        return null;
    }

    private static Finding? CheckPullback(FuzzProgram program, Drivers d, double[] p, double[] g, bool[] single, Random random)
    {
        double seed = Round((random.NextDouble() + 0.5) * (random.Next(2) == 0 ? -1 : 1), program.Main.Return == Ty.Float);
        var start = single.Select(s => Round((random.NextDouble() * 2) - 1, s)).ToArray();
        var added = (double[])start.Clone();
        Call(() => { d.Pullback(p, seed, added); return 0; }, FindingKind.GeneratedCodeThrew);
        double largest = g.Where(double.IsFinite).Select(Math.Abs).DefaultIfEmpty(0).Max();
        for (int j = 0; j < g.Length; j++)
        {
            double expected = start[j] + (seed * g[j]);
            double tolerance = (single[j] || program.Main.Return == Ty.Float ? 1e-4 : 1e-10) * (Math.Abs(start[j]) + (Math.Abs(seed) * largest));
            if (double.IsFinite(g[j]) && !(Math.Abs(added[j] - expected) <= tolerance))
            {
                return new Finding(
                    FindingKind.PullbackMismatch,
                    $"at {Format(p)}, seed {seed:R}, component {j} ({ComponentName(program, j)}): buffer held {start[j]:R}, gradient {g[j]:R}, expected {expected:R} after Pullback, got {added[j]:R}");
            }
        }

        return null;
    }

    /// <summary>Pushforward along a random direction: the method's value bit for bit, and gradient·direction as its derivative.</summary>
    private static Finding? CheckPushforward(FuzzProgram program, Drivers d, double[] p, double value, double[] g, bool[] single, Random random)
    {
        if (d.Pushforward is not { } pushforward)
        {
            return null;
        }

        var v = single.Select(s => Round((random.NextDouble() * 2) - 1, s)).ToArray();
        var result = Call(() => pushforward(p, v), FindingKind.GeneratedCodeThrew);
        if (BitConverter.DoubleToInt64Bits(result[0]) != BitConverter.DoubleToInt64Bits(value))
        {
            return new Finding(FindingKind.PushforwardMismatch, $"at {Format(p)}: Main returned {value:R}, MainPushforward returned {result[0]:R}");
        }

        if (!g.All(double.IsFinite) || !double.IsFinite(result[1]))
        {
            return null;
        }

        double expected = Dot(g, v);
        double scale = g.Zip(v, (a, b) => Math.Abs(a * b)).Sum();
        double tolerance = (single.Any(s => s) || program.Main.Return == Ty.Float ? 1e-3 : 1e-9) * (scale + 1e-3);
        return Math.Abs(result[1] - expected) <= tolerance
            ? null
            : new Finding(FindingKind.PushforwardMismatch, $"at {Format(p)} along {Format(v)}: Pushforward's derivative {result[1]:R}, gradient·direction {expected:R}");
    }

    /// <summary>
    /// HessianVectorProduct along a random direction: its value bit for bit and its gradient against Gradient's, and H·v
    /// against central differences of the gradient along v at two steps (where those two agree; branches and kinks a
    /// step straddles make them disagree), confirmed at a nearby point before it is reported.
    /// </summary>
    private static Finding? CheckProduct(FuzzProgram program, Drivers d, double[] p, double value, double[] g, Random random)
    {
        if (d.Hvp is null || !g.All(double.IsFinite))
        {
            return null;
        }

        var v = p.Select(_ => (random.NextDouble() * 2) - 1).ToArray();
        var result = Call(() => d.Hvp(p, v), FindingKind.GeneratedCodeThrew);
        int n = p.Length;
        if (BitConverter.DoubleToInt64Bits(result[0]) != BitConverter.DoubleToInt64Bits(value))
        {
            return new Finding(FindingKind.HessianVectorProductMismatch, $"at {Format(p)}: Main returned {value:R}, MainHessianVectorProduct returned {result[0]:R}");
        }

        double largest = g.Select(Math.Abs).DefaultIfEmpty(0).Max();
        for (int j = 0; j < n; j++)
        {
            if (!(Math.Abs(result[1 + j] - g[j]) <= 1e-10 * (largest + 1)))
            {
                return new Finding(FindingKind.HessianVectorProductMismatch, $"at {Format(p)}: gradient component {j} from MainHessianVectorProduct {result[1 + j]:R}, from MainGradient {g[j]:R}");
            }
        }

        if (Unverifiable(g))
        {
            return null;
        }

        string? confirmed;
        string? mismatch;
        var q = p.Select(x => x + (1e-3 * ((random.NextDouble() * 2) - 1))).ToArray();
        try
        {
            mismatch = ProductMismatch(program, d, p, v, result.AsSpan(1 + n, n).ToArray());
            if (mismatch is null)
            {
                return null;
            }

            var again = CallOrGuard(program, () => d.Hvp(q, v), FindingKind.GeneratedCodeThrew);
            confirmed = ProductMismatch(program, d, q, v, again.AsSpan(1 + n, n).ToArray());
        }
        catch (GuardCrossed)
        {
            // A throw of the program taken near the point: the differences are not defined there.
            return null;
        }

        return confirmed is null ? null : new Finding(FindingKind.HessianVectorProductMismatch, $"along {Format(v)} at {Format(p)}: {mismatch}\n  again at {Format(q)}: {confirmed}");
    }

    /// <summary>
    /// A gradient component above 1e8 where the value is at most 1e6: an intermediate grew so large (x doubled in each of
    /// 56 iterations, then sin(x)) that finite differences cannot see it change (a step of x is absorbed by x's rounding),
    /// so they read 0 reliably. Such points are skipped, as values above 1e6 are.
    /// </summary>
    private static bool Unverifiable(double[] g) => g.Any(x => double.IsFinite(x) && Math.Abs(x) > 1e8);

    /// <summary>The first component where H·v and the differences of the gradient disagree, or null (also where the differences are unreliable).</summary>
    private static string? ProductMismatch(FuzzProgram program, Drivers d, double[] p, double[] v, double[] hv)
    {
        double scale = Math.Max(1, p.Select(Math.Abs).DefaultIfEmpty(0).Max());
        double[] Differences(double h)
        {
            var plus = p.Select((x, j) => x + (h * v[j])).ToArray();
            var minus = p.Select((x, j) => x - (h * v[j])).ToArray();
            var gp = new double[p.Length];
            var gm = new double[p.Length];
            CallOrGuard(program, () => d.Gradient(plus, gp), FindingKind.GeneratedCodeThrew);
            CallOrGuard(program, () => d.Gradient(minus, gm), FindingKind.GeneratedCodeThrew);
            return gp.Select((x, j) => (x - gm[j]) / (2 * h)).ToArray();
        }

        var coarse = Differences(1e-4 * scale);
        var fine = Differences(2.5e-5 * scale);
        for (int j = 0; j < p.Length; j++)
        {
            double size = Math.Abs(fine[j]) + Math.Abs(hv[j]) + 1;
            // Reliable differences agree with each other at their own scale (not H·v's: sin(2^56·x) has an H·v of 1e32
            // and differences that are noise, yet agree within 1e-4 of 1e32).
            if (!double.IsFinite(fine[j]) || !double.IsFinite(coarse[j]) || !double.IsFinite(hv[j])
                || Math.Abs(coarse[j] - fine[j]) > 1e-4 * (Math.Abs(fine[j]) + 1))
            {
                continue;
            }

            if (Math.Abs(hv[j] - fine[j]) > 1e-4 * size)
            {
                return $"(H·v)[{j}] = {hv[j]:R}, differences of the gradient {fine[j]:R}";
            }
        }

        return null;
    }

    /// <summary>Unit coordinate directions, or for many inputs three random unit directions (the dot-product test) and four coordinates.</summary>
    private static IEnumerable<double[]> Directions(int n, Random random, OracleStats stats)
    {
        var coordinates = n <= MaxComponentLines ? Enumerable.Range(0, n) : Enumerable.Range(0, 4).Select(_ => random.Next(n)).ToList();
        foreach (int j in coordinates)
        {
            var e = new double[n];
            e[j] = 1;
            yield return e;
        }

        if (n > MaxComponentLines)
        {
            for (int k = 0; k < 3; k++)
            {
                stats.DotProductLines++;
                var v = Enumerable.Range(0, n).Select(_ => (random.NextDouble() * 2) - 1).ToArray();
                double norm = Math.Sqrt(Dot(v, v));
                yield return v.Select(x => x / norm).ToArray();
            }
        }
    }

    private static double Dot(double[] a, double[] b)
    {
        double s = 0;
        for (int j = 0; j < a.Length; j++)
        {
            s += b[j] == 0 ? 0 : a[j] * b[j];
        }

        return s;
    }

    /// <summary>Whether <paramref name="e"/> is a throw of the program that may be taken at a test point (<see cref="Everyday.ThrowTaken"/>).</summary>
    internal static bool MayThrow(FuzzProgram program, Exception e) =>
        program.Features.Contains(Everyday.ThrowTaken) && Everyday.TakenExceptions.Contains(e.GetType().FullName);

    /// <summary>
    /// Where Main threw <paramref name="thrown"/>: Gradient, Pullback, Pushforward and HessianVectorProduct must each throw
    /// an exception of the same type (whatever they would have written to their buffers).
    /// </summary>
    private static Finding? CheckThrows(FuzzProgram program, Drivers d, double[] p, Exception thrown, Random random)
    {
        var v = p.Select(_ => (random.NextDouble() * 2) - 1).ToArray();
        var calls = new List<(string Name, Action Run)>
        {
            ("MainGradient", () => d.Gradient(p, new double[p.Length])),
            ("MainPullback", () => d.Pullback(p, 1.0, new double[p.Length])),
        };
        if (d.Pushforward is { } pushforward)
        {
            calls.Add(("MainPushforward", () => pushforward(p, v)));
        }

        if (d.Hvp is { } hvp)
        {
            calls.Add(("MainHessianVectorProduct", () => hvp(p, v)));
        }

        foreach (var (name, run) in calls)
        {
            Exception? got = null;
            try
            {
                run();
            }
            catch (Exception e)
            {
                got = e;
            }

            if (got?.GetType() != thrown.GetType())
            {
                return new Finding(
                    FindingKind.ThrowMismatch,
                    $"at {Format(p)}: Main threw {thrown.GetType().Name} ({thrown.Message}), {name} {(got is null ? "returned normally" : $"threw {got.GetType().Name}: {got.Message}\n{got.StackTrace}")}");
            }
        }

        return null;
    }

    /// <summary>Like <see cref="Call{T}"/>, but a throw of the program that may be taken (<see cref="MayThrow"/>) becomes <see cref="GuardCrossed"/>.</summary>
    internal static T CallOrGuard<T>(FuzzProgram program, Func<T> f, FindingKind kind)
    {
        try
        {
            return f();
        }
        catch (Exception e) when (MayThrow(program, e))
        {
            throw new GuardCrossed();
        }
        catch (Exception e) when (e is not FuzzException)
        {
            throw new FuzzException(new Finding(kind, e.GetType().Name + ": " + e.Message + "\n" + e.StackTrace));
        }
    }

    internal static T Call<T>(Func<T> f, FindingKind kind)
    {
        try
        {
            return f();
        }
        catch (Exception e) when (e is not FuzzException)
        {
            throw new FuzzException(new Finding(kind, e.GetType().Name + ": " + e.Message + "\n" + e.StackTrace));
        }
    }

    private static string Describe(FuzzProgram program, double[] direction)
    {
        int nonzero = direction.Count(v => v != 0);
        return nonzero == 1 ? "d/d" + ComponentName(program, Array.FindIndex(direction, v => v != 0)) : "directional derivative (dot-product test)";
    }

    internal static string ComponentName(FuzzProgram program, int j)
    {
        foreach (var p in program.Main.Params.Where(p => p.IsActive))
        {
            int count = p.Kind == ParamKind.Scalar ? 1 : p.Length;
            if (j < count)
            {
                return p.Kind == ParamKind.Scalar ? p.Name : $"{p.Name}[{j}]";
            }

            j -= count;
        }

        return "?";
    }

    internal static string Format(double[] p) =>
        "(" + string.Join(", ", p.Select(x => x.ToString("R", CultureInfo.InvariantCulture))) + ")";
}

/// <summary>A throw of the program taken at a point near a test point (finite differences, a confirmation): the check there is skipped.</summary>
internal sealed class GuardCrossed : Exception
{
}

/// <summary>Carries a finding out of a driver call that threw.</summary>
internal sealed class FuzzException : Exception
{
    public FuzzException(Finding finding)
        : base(finding.Detail) => Finding = finding;

    public Finding Finding { get; }
}
