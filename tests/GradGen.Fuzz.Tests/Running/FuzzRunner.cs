using System;
using System.Collections.Generic;
using System.Diagnostics;
using System.Linq;
using GradGen.Fuzz.Tests.Generation;
using GradGen.Fuzz.Tests.Programs;

namespace GradGen.Fuzz.Tests.Running;

/// <summary>One run: which programs, how many to a batch, and whether to shrink failures.</summary>
internal sealed record FuzzConfig(int Seed, int Count, FuzzOptions Options)
{
    public int BatchSize { get; init; } = 60;

    /// <summary>How many failures (the first of each kind) to shrink to a minimal program.</summary>
    public int Shrink { get; init; } = 3;

    public Action<string>? Log { get; init; }

    /// <summary>When set, the run is this one program (by the seed a failure printed).</summary>
    public int? Replay { get; init; }
}

/// <summary>Generates, compiles, checks, and shrinks what fails.</summary>
internal static class FuzzRunner
{
    /// <summary>The seed of program <paramref name="index"/> of a run with <paramref name="seed"/>; a program replays from it alone.</summary>
    public static int ProgramSeed(int seed, int index) => unchecked((seed * 100_003) + index);

    public static FuzzReport Run(FuzzConfig config)
    {
        var clock = Stopwatch.StartNew();
        var report = new FuzzReport(config);
        for (int start = 0; start < config.Count; start += config.BatchSize)
        {
            int size = Math.Min(config.BatchSize, config.Count - start);
            var programs = Enumerable.Range(start, size)
                .Select(i => ProgramGen.Generate(config.Replay ?? ProgramSeed(config.Seed, i), config.Options))
                .ToList();
            var outcomes = CheckAll(programs, report.Stats, config.Options.ReportKnown);
            for (int i = 0; i < programs.Count; i++)
            {
                report.Add(programs[i], outcomes[i]);
            }

            config.Log?.Invoke($"{start + size}/{config.Count} programs, {clock.Elapsed.TotalSeconds:F0} s, {report.Failures.Count} failures, {report.Rejected} rejected, {report.Refused} refused");
        }

        report.CheckElapsed = clock.Elapsed;
        foreach (var failure in report.Failures.Where(f => f.Finding.IsProductFailure).GroupBy(f => f.Finding.Kind).Select(g => g.First()).Take(config.Shrink).ToList())
        {
            var shrunk = Shrinker.Shrink(failure.Program, failure.Finding, config.Options, config.Log);
            report.Shrunk.Add((failure.Program.Seed, shrunk.Program, shrunk.Finding));
        }

        report.Elapsed = clock.Elapsed;
        return report;
    }

    /// <summary>Each program's finding (null: it passed), with all programs compiled in one batch.</summary>
    public static List<Finding?> CheckAll(IReadOnlyList<FuzzProgram> programs, OracleStats stats, bool reportKnown)
    {
        var clock = Stopwatch.StartNew();
        using var batch = BatchCompiler.Compile(programs);
        stats.CompileSeconds += clock.Elapsed.TotalSeconds;
        var outcomes = new List<Finding?>();
        for (int i = 0; i < programs.Count; i++)
        {
            if (batch.Problems.TryGetValue(i, out var problem))
            {
                outcomes.Add(problem);
            }
            else if (batch.Loaded.TryGetValue(i, out var drivers))
            {
                outcomes.Add(Oracle.Check(programs[i], drivers, stats, reportKnown));
            }
            else
            {
                outcomes.Add(new Finding(FindingKind.TesterCompileError, "dropped from its batch after another program's compile error"));
            }
        }

        return outcomes;
    }
}
