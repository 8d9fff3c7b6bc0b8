using System;
using System.Globalization;
using GradGen.Fuzz.Tests.Generation;
using GradGen.Fuzz.Tests.Running;
using Xunit.Abstractions;

namespace GradGen.Fuzz.Tests;

/// <summary>
/// Random differential testing (issue 15). CI runs a fixed seed and count; set <c>GRADGEN_FUZZ_SEED</c> and
/// <c>GRADGEN_FUZZ_COUNT</c> to run others, <c>GRADGEN_FUZZ_PROGRAM</c> to replay one program by the seed a failure
/// printed, and <c>GRADGEN_FUZZ_KNOWN=1</c> to generate the shapes of known findings too (docs/testing.md).
/// </summary>
public sealed class DifferentialTests
{
    private const int CiSeed = 15;
    private const int CiCount = 300;
    private const int CiRefusalCount = 60;

    private readonly ITestOutputHelper _output;

    public DifferentialTests(ITestOutputHelper output) => _output = output;

    [Fact]
    public void RandomProgramsHaveExactGradients()
    {
        var report = Run(CiCount, NormalOptions());
        Assert.True(report.Failures.Count == 0, report.Describe());
        Assert.True(report.Passed > 0, report.Summary());
    }

    [Fact]
    public void ConstructsOutsideTheSupportedSetAreRefusedOrExact()
    {
        var report = Run(CiRefusalCount, RefusalOptions());
        Assert.True(report.Failures.Count == 0, report.Describe());
        Assert.True(report.Refused > 0 && report.Passed > report.Refused, report.Summary());
    }

    internal static FuzzOptions RefusalOptions() => NormalOptions() with { MustRefuse = true };

    /// <summary>
    /// Every shape of the findings F1-F3 and F5-F8 (docs/testing.md) is generated: their fixes are merged. NaN gradients of
    /// F4 (0·∞ from an overflowed intermediate the result does not depend on) are counted, and fail only with GRADGEN_FUZZ_KNOWN=1.
    /// </summary>
    internal static FuzzOptions NormalOptions() => new()
    {
        IntArrayRewrites = true,
        ConstantConditions = true,
        LoopsWithoutWork = true,
        ReportKnown = Known,
    };

    private static bool Known => Environment.GetEnvironmentVariable("GRADGEN_FUZZ_KNOWN") == "1";

    private FuzzReport Run(int defaultCount, FuzzOptions options)
    {
        int seed = Int("GRADGEN_FUZZ_SEED") ?? CiSeed;
        int count = Int("GRADGEN_FUZZ_COUNT") ?? defaultCount;
        var config = new FuzzConfig(seed, count, options) { Log = Log };
        if (Int("GRADGEN_FUZZ_PROGRAM") is int program)
        {
            config = config with { Count = 1, Seed = 0, Replay = program };
        }

        var report = FuzzRunner.Run(config);
        Log(report.Summary());
        if (report.Failures.Count > 0)
        {
            Log(report.Describe());
        }

        return report;
    }

    private void Log(string line)
    {
        _output.WriteLine(line);
        if (Environment.GetEnvironmentVariable("GRADGEN_FUZZ_LOG") is { Length: > 0 } path)
        {
            System.IO.File.AppendAllText(path, DateTime.UtcNow.ToString("HH:mm:ss", CultureInfo.InvariantCulture) + " " + line + "\n");
        }
    }

    private static int? Int(string name) =>
        int.TryParse(Environment.GetEnvironmentVariable(name), NumberStyles.Integer, CultureInfo.InvariantCulture, out int v) ? v : null;
}
