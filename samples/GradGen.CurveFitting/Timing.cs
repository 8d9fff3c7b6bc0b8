using System;
using System.Diagnostics;
using System.Linq;

namespace GradGen.CurveFitting;

/// <summary>Wall-clock timing of a whole solve: a warm-up run, then the median of several.</summary>
internal static class Timing
{
    /// <summary>Runs <paramref name="work"/> once to warm up (JIT, pools), then <paramref name="repeats"/> times; returns the median in seconds.</summary>
    public static double Median(int repeats, Action work)
    {
        work();
        var seconds = new double[repeats];
        for (int i = 0; i < repeats; i++)
        {
            long start = Stopwatch.GetTimestamp();
            work();
            seconds[i] = Stopwatch.GetElapsedTime(start).TotalSeconds;
        }

        double[] sorted = seconds.Order().ToArray();
        return repeats % 2 == 1 ? sorted[repeats / 2] : (sorted[(repeats / 2) - 1] + sorted[repeats / 2]) / 2;
    }
}
