using System;
using System.Globalization;
using System.IO;

namespace GradGen.Demo;

/// <summary>The command line: the sizes of each part, chosen by <c>--quick</c> (the default) or <c>--full</c>.</summary>
internal sealed class DemoOptions
{
    public const string Usage =
        """
        GradGen demo: GradGen's reverse-mode gradient against finite differences.

        Usage: dotnet run -c Release --project samples/GradGen.Demo -- [options]

          --quick        default sizes; about a minute on a 2-core machine (the default)
          --full         a larger N range and longer training; several minutes
          --out <dir>    where the PNG plots and summary.md go (default: demo-output/ under the current directory)
          --seed <int>   seed of the synthetic data (default 2024)
          -h, --help     this text
        """;

    public bool Full { get; private init; }

    public string Mode => Full ? "full" : "quick";

    public string OutputDirectory { get; private init; } = Path.Combine(Directory.GetCurrentDirectory(), "demo-output");

    public int Seed { get; private init; } = 2024;

    // Part 1: time per gradient vs N.
    public int[] TimingSizes => Full
        ? [1, 2, 3, 5, 10, 20, 50, 100, 200, 500, 1000, 2000, 5000]
        : [1, 2, 3, 5, 10, 20, 50, 100, 200, 500, 1000, 2000];

    public int TimingSamples => 200;

    /// <summary>Each measurement repeats the call until at least this long has passed.</summary>
    public double MinMeasurementSeconds => 0.05;

    // Part 2: finite-difference error vs step.
    public int AccuracyN => 20;

    public int AccuracySamples => 200;

    // Part 3: training.
    public int TrainN => Full ? 200 : 100;

    public int TrainSamples => Full ? 1000 : 500;

    /// <summary>Training stops when <c>loss − L*</c> falls below this fraction of <c>L(0) − L*</c>.</summary>
    public double TargetGapFraction => Full ? 1e-5 : 1e-3;

    public int GradientDescentMaxIterations => Full ? 10000 : 3000;

    /// <summary>A training run that has not reached the target after this long stops there.</summary>
    public double TrainingTimeLimitSeconds => Full ? 90 : 30;

    public int LbfgsMaxIterations => Full ? 2000 : 500;

    /// <summary>Parses the arguments; null with a message for bad ones, and for <c>--help</c> (with an empty message).</summary>
    public static DemoOptions? Parse(string[] args, out string? message)
    {
        message = null;
        bool full = false;
        string? output = null;
        int seed = 2024;
        for (int i = 0; i < args.Length; i++)
        {
            switch (args[i])
            {
                case "--quick":
                    full = false;
                    break;
                case "--full":
                    full = true;
                    break;
                case "--out" or "-o":
                    if (i + 1 >= args.Length)
                    {
                        message = "--out needs a directory.";
                        return null;
                    }

                    output = args[++i];
                    break;
                case "--seed":
                    if (i + 1 >= args.Length || !int.TryParse(args[i + 1], NumberStyles.Integer, CultureInfo.InvariantCulture, out seed))
                    {
                        message = "--seed needs an integer.";
                        return null;
                    }

                    i++;
                    break;
                case "-h" or "--help" or "-?":
                    message = string.Empty;
                    return null;
                default:
                    message = $"Unknown option '{args[i]}'.";
                    return null;
            }
        }

        var options = new DemoOptions { Full = full, Seed = seed };
        return output is null ? options : new DemoOptions { Full = full, Seed = seed, OutputDirectory = Path.GetFullPath(output) };
    }
}
