using System;
using System.Collections.Generic;
using System.Diagnostics;
using System.Linq;
using GradGen.Fuzz.Tests.Generation;
using GradGen.Fuzz.Tests.Programs;

namespace GradGen.Fuzz.Tests.Running;

/// <summary>
/// Greedy shrinking: all one-step reductions of the failing program (<see cref="Reductions"/>) are compiled in
/// batches and checked; the first that still fails the same way replaces it, until none does (or the time budget
/// of a minute is spent).
/// </summary>
internal static class Shrinker
{
    private const int ChunkSize = 80;
    private static readonly TimeSpan Budget = TimeSpan.FromSeconds(60);

    public static (FuzzProgram Program, Finding Finding) Shrink(FuzzProgram program, Finding finding, FuzzOptions options, Action<string>? log)
    {
        var clock = Stopwatch.StartNew();
        int rounds = 0;
        bool progress = true;
        while (progress && clock.Elapsed < Budget)
        {
            progress = false;
            var candidates = Reductions.Of(program).Distinct().ToList();
            for (int start = 0; start < candidates.Count && !progress && clock.Elapsed < Budget; start += ChunkSize)
            {
                var chunk = candidates.Skip(start).Take(ChunkSize).ToList();
                var outcomes = FuzzRunner.CheckAll(chunk, new OracleStats(), options.ReportKnown);
                for (int i = 0; i < chunk.Count; i++)
                {
                    if (outcomes[i] is { } f && SameFailure(f, finding, options))
                    {
                        program = chunk[i];
                        finding = f;
                        progress = true;
                        rounds++;
                        break;
                    }
                }
            }
        }

        log?.Invoke($"shrunk in {rounds} steps, {clock.Elapsed.TotalSeconds:F0} s");
        return (program, finding);
    }

    private static bool SameFailure(Finding candidate, Finding original, FuzzOptions options) =>
        candidate.Kind == original.Kind && (candidate.Kind != FindingKind.Rejected || !options.MustRefuse);
}
