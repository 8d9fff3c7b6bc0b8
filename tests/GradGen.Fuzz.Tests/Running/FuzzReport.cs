using System;
using System.Collections.Generic;
using System.Linq;
using System.Text;
using GradGen.Fuzz.Tests.Programs;

namespace GradGen.Fuzz.Tests.Running;

/// <summary>What a run found: counts, failures (with their shrunk programs), rejections and coverage of constructs.</summary>
internal sealed class FuzzReport
{
    private readonly FuzzConfig _config;

    public FuzzReport(FuzzConfig config) => _config = config;

    public int Programs { get; private set; }

    public int Passed { get; private set; }

    /// <summary>Normal mode: programs the generator refused with a GG error (a tester bug: it must generate supported code).</summary>
    public int Rejected { get; private set; }

    /// <summary>Must-refuse mode: programs refused with a GG error (a pass).</summary>
    public int Refused { get; private set; }

    public List<(FuzzProgram Program, Finding Finding)> Failures { get; } = new();

    public List<(int Seed, FuzzProgram Program, Finding Finding)> Shrunk { get; } = new();

    public Dictionary<string, int> RejectionReasons { get; } = new();

    public Dictionary<string, int> Features { get; } = new();

    public OracleStats Stats { get; } = new();

    public TimeSpan CheckElapsed { get; set; }

    public TimeSpan Elapsed { get; set; }

    public void Add(FuzzProgram program, Finding? finding)
    {
        Programs++;
        foreach (var f in program.Features)
        {
            Features[f] = Features.GetValueOrDefault(f) + 1;
        }

        if (finding is null)
        {
            Passed++;
            return;
        }

        if (finding.Kind == FindingKind.Rejected)
        {
            string reason = finding.Detail.Split(':')[0] + ": " + Truncate(finding.Detail, 110);
            RejectionReasons[reason] = RejectionReasons.GetValueOrDefault(reason) + 1;
            if (_config.Options.MustRefuse)
            {
                Refused++;
                return;
            }

            Rejected++;
        }

        if (Failures.Count == 0)
        {
            FirstFailure = Programs;
        }

        Failures.Add((program, finding));
    }

    /// <summary>How many programs the run had generated when the first failure came (0: none).</summary>
    public int FirstFailure { get; private set; }

    private static string Truncate(string s, int n) => s.Length <= n ? s : s[..n] + "…";

    public string Summary()
    {
        var sb = new StringBuilder();
        sb.Append($"seed {_config.Seed}, {Programs} programs ({(_config.Options.MustRefuse ? "must-refuse-or-exact mode" : "normal mode")}): ")
            .Append($"{Passed} passed, {Refused} refused, {Rejected} rejected, {Failures.Count} failures")
            .Append(FirstFailure > 0 ? $" (first at program {FirstFailure}); " : "; ")
            .Append($"{Stats.Points} points checked ({Stats.SkippedPoints} skipped: value not finite or above 1e6, or a gradient component above 1e8; {Stats.ThrowingPoints} where Main threw, checked to throw alike), ")
            .Append($"{Stats.Lines} derivative lines ({Stats.DotProductLines} dot-product directions, {Stats.SkippedLines} skipped near kinks); ")
            .Append($"compiling {Stats.CompileSeconds:F1} s, checking {CheckElapsed.TotalSeconds - Stats.CompileSeconds:F1} s, total {Elapsed.TotalSeconds:F1} s\n");
        sb.Append("constructs: ").Append(string.Join(", ", Features.OrderByDescending(kv => kv.Value).Select(kv => $"{kv.Key} {kv.Value}"))).Append('\n');
        if (Stats.NonFinite.Count > 0)
        {
            sb.Append($"{Stats.NonFinite.Count} lines with a NaN/infinite analytic derivative where finite differences are finite (an unused intermediate overflowed; known finding F4), first: {Stats.NonFinite[0]}\n");
        }

        foreach (var (reason, count) in RejectionReasons.OrderByDescending(kv => kv.Value))
        {
            sb.Append($"  GG error ×{count}: {reason}\n");
        }

        return sb.ToString();
    }

    /// <summary>The failure message: the summary, every failure in one line, each shrunk program in full with how to replay it.</summary>
    public string Describe()
    {
        var sb = new StringBuilder(Summary());
        foreach (var (program, finding) in Failures.Take(20))
        {
            sb.Append($"FAIL program seed {program.Seed}: {finding.Kind}: {Truncate(finding.Detail.Split('\n')[0], 300)}\n");
        }

        foreach (var (program, finding) in Failures.Where(f => !f.Finding.IsProductFailure).Take(2))
        {
            sb.Append($"\n=== tester bug {finding.Kind} (program seed {program.Seed}):\n").Append(Printer.Source(program)).Append(finding.Detail).Append('\n');
        }

        foreach (var (seed, program, finding) in Shrunk)
        {
            sb.Append($"\n=== {finding.Kind} (program seed {seed}; replay: GRADGEN_FUZZ_PROGRAM={seed}{(_config.Options.MustRefuse ? " with --filter ConstructsOutsideTheSupportedSetAreRefusedOrExact" : string.Empty)}), shrunk to:\n");
            sb.Append(Printer.Source(program));
            sb.Append(ArgumentsNote(program)).Append(finding.Detail).Append('\n');
        }

        return sb.ToString();
    }

    /// <summary>The values the driver passes to Main's inactive parameters.</summary>
    public static string ArgumentsNote(FuzzProgram program)
    {
        var parts = program.Main.Params.Select((p, i) => (p, i))
            .Where(x => !x.p.IsActive)
            .Select(x => $"{x.p.Name} = {string.Join(", ", program.Constants[x.i])}");
        var arrays = program.Main.Params.Where(p => p.IsActive && p.Kind != ParamKind.Scalar).Select(p => $"{p.Name}.Length = {p.Length}");
        var all = parts.Concat(arrays).ToList();
        return all.Count == 0 ? string.Empty : "// called with " + string.Join("; ", all) + "\n";
    }
}
