using System;
using System.Collections.Generic;
using System.Diagnostics;
using GradGen.Demo.Models;
using Spectre.Console;

namespace GradGen.Demo;

/// <summary>One row of part 1: seconds per call of each method at one N.</summary>
internal sealed record TimingRow(int N, double Loss, double GradGen, double ByHand, double Forward, double Central);

/// <summary>The outcome of part 1.</summary>
internal sealed record TimingResult(int Samples, IReadOnlyList<TimingRow> Rows, int? CrossoverForward, int? CrossoverCentral);

/// <summary>Part 1: time per gradient against the number of weights N, for GradGen, the hand-written gradient and finite differences.</summary>
internal static class GradientTiming
{
    /// <summary>Keeps the results of timed calls alive so the JIT cannot drop the calls.</summary>
    private static double s_sink;

    public const int MethodCount = 5;

    /// <summary>Measurements of each method at each N; the fastest is reported.</summary>
    public const int Rounds = 5;

    /// <summary>Methods whose batch took longer than this are measured once.</summary>
    public const double RepeatBelowSeconds = 0.15;

    public static TimingResult Run(DemoOptions options, ProgressTask task)
    {
        int m = options.TimingSamples;
        var random = new Random(options.Seed);
        var rows = new List<TimingRow>();
        var previous = new double[MethodCount];
        foreach (int n in options.TimingSizes)
        {
            var data = Dataset.Synthetic(n, m, signal: 2.0, random);
            double[] x = data.X, y = data.Y;
            var w = new double[n];
            for (int j = 0; j < n; j++)
            {
                w[j] = 0.1 * Dataset.Normal(random);
            }

            var gradient = new double[n];
            ScalarFunction loss = v => Logistic.MeanLoss(v, x, y, m);
            var methods = new (string Name, Action Call)[]
            {
                ("one loss evaluation", () => s_sink += Logistic.MeanLoss(w, x, y, m)),
                ("GradGen", () => s_sink += Logistic.MeanLossGradient(w, x, y, m, gradient)),
                ("hand-written gradient", () => s_sink += Logistic.MeanLossGradientByHand(w, x, y, m, gradient)),
                ("forward differences", () => s_sink += FiniteDifferences.Gradient(loss, w, gradient, FiniteDifferenceScheme.Forward)),
                ("central differences", () => s_sink += FiniteDifferences.Gradient(loss, w, gradient, FiniteDifferenceScheme.Central)),
            };

            // Calibrate each method (and take its first measurement), then measure the cheap ones again in rounds
            // that go through all methods in turn, keeping the fastest: a burst of load from other processes then
            // spoils one measurement of each method instead of all measurements of one.
            var seconds = new double[MethodCount];
            var counts = new long[MethodCount];
            var batchSeconds = new double[MethodCount];
            for (int k = 0; k < MethodCount; k++)
            {
                task.Description = Markup.Escape($"1. timing  N = {n,5}: {methods[k].Name}");

                // A call that took long at the previous N is hot already; warming it up again would only cost time.
                if (previous[k] < 0.05)
                {
                    WarmUp(methods[k].Call, options.MinMeasurementSeconds / 5);
                }

                (counts[k], batchSeconds[k]) = Calibrate(methods[k].Call, options.MinMeasurementSeconds);
                seconds[k] = batchSeconds[k] / counts[k];
                task.Increment(1);
            }

            task.Description = Markup.Escape($"1. timing  N = {n,5}: repeating the fast ones");
            for (int round = 1; round < Rounds; round++)
            {
                for (int k = 0; k < MethodCount; k++)
                {
                    if (batchSeconds[k] <= RepeatBelowSeconds)
                    {
                        seconds[k] = Math.Min(seconds[k], Batch(methods[k].Call, counts[k]) / counts[k]);
                    }
                }
            }

            Array.Copy(seconds, previous, MethodCount);
            rows.Add(new TimingRow(n, seconds[0], seconds[1], seconds[2], seconds[3], seconds[4]));
        }

        return new TimingResult(m, rows, Crossover(rows, r => r.Forward), Crossover(rows, r => r.Central));
    }

    /// <summary>
    /// The smallest N from which on GradGen is faster than <paramref name="other"/> at every N measured, or null if it
    /// is not faster at the largest N.
    /// </summary>
    private static int? Crossover(IReadOnlyList<TimingRow> rows, Func<TimingRow, double> other)
    {
        int? crossover = null;
        for (int i = rows.Count - 1; i >= 0; i--)
        {
            if (rows[i].GradGen >= other(rows[i]))
            {
                break;
            }

            crossover = rows[i].N;
        }

        return crossover;
    }

    private static void WarmUp(Action call, double seconds)
    {
        long start = Stopwatch.GetTimestamp();
        do
        {
            call();
        }
        while (Stopwatch.GetElapsedTime(start).TotalSeconds < seconds);
    }

    /// <summary>Doubles the number of calls per batch (at least) until a batch takes <paramref name="minSeconds"/>; returns that batch.</summary>
    private static (long Count, double Seconds) Calibrate(Action call, double minSeconds)
    {
        long count = 1;
        while (true)
        {
            double elapsed = Batch(call, count);
            if (elapsed >= minSeconds)
            {
                return (count, elapsed);
            }

            // Aim 20% past the minimum.
            count = Math.Max(count * 2, (long)Math.Ceiling(count * 1.2 * minSeconds / Math.Max(elapsed, 1e-7)));
        }
    }

    private static double Batch(Action call, long count)
    {
        long start = Stopwatch.GetTimestamp();
        for (long i = 0; i < count; i++)
        {
            call();
        }

        return Stopwatch.GetElapsedTime(start).TotalSeconds;
    }
}
