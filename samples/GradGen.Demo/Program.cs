using System;
using System.Collections.Generic;
using System.Diagnostics;
using System.Globalization;
using System.IO;
using System.Linq;
using System.Runtime.InteropServices;
using System.Text;
using Spectre.Console;

namespace GradGen.Demo;

/// <summary>
/// "Is the analytic gradient really faster than finite differences?" Three measurements on the mean logistic loss:
/// time per gradient vs N, finite-difference error vs step, and training to a target loss. Writes PNG plots and
/// summary.md. See README.md in this folder for the options.
/// </summary>
internal static class Program
{
    private static int Main(string[] args)
    {
        CultureInfo.DefaultThreadCurrentCulture = CultureInfo.InvariantCulture;
        CultureInfo.CurrentCulture = CultureInfo.InvariantCulture;
        var options = DemoOptions.Parse(args, out string? message);
        if (options is null)
        {
            bool help = string.IsNullOrEmpty(message);
            if (!help)
            {
                Console.Error.WriteLine(message);
            }

            (help ? Console.Out : Console.Error).WriteLine(DemoOptions.Usage);
            return help ? 0 : 2;
        }

        // Redirected output has no width: give tables room instead of the 80 columns Spectre assumes.
        if (Console.IsOutputRedirected)
        {
            AnsiConsole.Profile.Width = 140;
        }

        var total = Stopwatch.StartNew();
        Directory.CreateDirectory(options.OutputDirectory);
        var machine = MachineInfo.Collect();
        double? loadAtStart = MachineInfo.LoadAverage();
        AnsiConsole.Write(new Rule($"[bold]GradGen demo[/] ({options.Mode} mode)").LeftJustified());
        AnsiConsole.MarkupLine(Markup.Escape($"{machine.Cpu}, {machine.Cores} logical cores; {machine.Os}; {machine.Runtime} {machine.Architecture}"));
        if (loadAtStart is double startLoad && startLoad > machine.Cores)
        {
            AnsiConsole.MarkupLine(Markup.Escape($"Load average {startLoad:0.0} on {machine.Cores} cores: other processes compete for the CPU, so the timings will be slower and noisier."));
        }

        AnsiConsole.MarkupLine(Markup.Escape($"Output: {options.OutputDirectory}"));
#if DEBUG
        AnsiConsole.MarkupLine("[yellow]Debug build: the timings mean little. Run with -c Release.[/]");
#endif
        AnsiConsole.WriteLine();

        var summary = new StringBuilder();
        summary.AppendLine("# GradGen demo: the analytic gradient against finite differences").AppendLine();
        summary.AppendLine(CultureInfo.InvariantCulture, $"Written by `samples/GradGen.Demo` ({options.Mode} mode, seed {options.Seed}) on {DateTimeOffset.UtcNow:yyyy-MM-dd HH:mm} UTC.").AppendLine();
        summary.AppendLine("| machine | |").AppendLine("| --- | --- |");
        summary.AppendLine(CultureInfo.InvariantCulture, $"| CPU | {machine.Cpu}, {machine.Cores} logical cores |");
        summary.AppendLine(CultureInfo.InvariantCulture, $"| OS | {machine.Os} |");
        summary.AppendLine(CultureInfo.InvariantCulture, $"| runtime | {machine.Runtime}, {machine.Architecture}, {machine.Configuration} build |");
        if (loadAtStart is double load)
        {
            summary.AppendLine(CultureInfo.InvariantCulture, $"| load average (1 min) at the start | {load:0.00} |");
        }
        summary.AppendLine().AppendLine(
            "The model is the mean logistic loss `(1/M) Σᵢ log(1 + exp(−yᵢ wᵀxᵢ))` over M samples with N weights, written as plain loops " +
            "and marked `[Differentiable]` (`Models/Logistic.cs`); GradGen generates `MeanLossGradient`. Finite differences are " +
            "`GradGen.FiniteDifferences.Gradient` with its default steps unless a step is given. Everything runs on one thread.").AppendLine();

        // 1. Time per gradient vs N.
        AnsiConsole.Write(new Rule("[bold]1. Time per gradient vs N[/]").LeftJustified());
        var timing = WithProgress("1. timing", options.TimingSizes.Length * GradientTiming.MethodCount, task => GradientTiming.Run(options, task));
        Plots.Timing(timing, options.OutputDirectory);
        WriteSection(summary, "1. Time per gradient vs N", TimingText(timing, options), TimingTable(timing), Plots.TimingFile);

        // 2. Accuracy.
        AnsiConsole.Write(new Rule("[bold]2. Accuracy: finite-difference error vs step[/]").LeftJustified());
        var accuracy = WithProgress("2. accuracy", Accuracy.Schemes.Length * Accuracy.StepGrid().Length, task => Accuracy.Run(options, task));
        Plots.Accuracy(accuracy, options.OutputDirectory);
        WriteSection(summary, "2. Accuracy: finite-difference error vs step", AccuracyText(accuracy), AccuracyTable(accuracy), Plots.AccuracyFile);

        // 3. Training.
        AnsiConsole.Write(new Rule("[bold]3. Training: logistic regression to a target loss[/]").LeftJustified());
        var training = WithProgress("3. training", 100 * 2 * Training.Sources.Length, task => Training.Run(options, task));
        Plots.Training(training, options.OutputDirectory);
        WriteSection(summary, "3. Training: logistic regression to a target loss", TrainingText(training), TrainingTable(training), Plots.TrainingFile);

        total.Stop();
        summary.AppendLine(CultureInfo.InvariantCulture, $"The whole run took {Format.Time(total.Elapsed.TotalSeconds)}.");
        string summaryPath = Path.Combine(options.OutputDirectory, "summary.md");
        File.WriteAllText(summaryPath, summary.ToString());

        AnsiConsole.Write(new Rule().LeftJustified());
        AnsiConsole.MarkupLine(Markup.Escape($"Done in {Format.Time(total.Elapsed.TotalSeconds)}. Wrote {Plots.TimingFile}, {Plots.AccuracyFile}, {Plots.TrainingFile} and summary.md to {options.OutputDirectory}"));
        return 0;
    }

    /// <summary>Runs one part under a progress bar (plain lines where the output is not a terminal).</summary>
    private static T WithProgress<T>(string description, double maxValue, Func<ProgressTask, T> work)
    {
        return AnsiConsole.Progress()
            .AutoClear(true)
            .HideCompleted(true)
            .Columns(new TaskDescriptionColumn { Alignment = Justify.Left }, new ProgressBarColumn(), new PercentageColumn(), new ElapsedTimeColumn(), new SpinnerColumn())
            .Start(context =>
            {
                var task = context.AddTask(description, maxValue: maxValue);
                T result = work(task);
                task.Value = task.MaxValue;
                return result;
            });
    }

    /// <summary>Shows a part's text and table in the console and adds them, with the plot, to the summary.</summary>
    private static void WriteSection(StringBuilder summary, string title, string[] text, ReportTable table, string plotFile)
    {
        AnsiConsole.Write(table.ToSpectre());
        foreach (string line in text)
        {
            AnsiConsole.MarkupLine(Markup.Escape(line.Replace("`", string.Empty, StringComparison.Ordinal)));
        }

        AnsiConsole.MarkupLine(Markup.Escape($"Plot: {plotFile}"));
        AnsiConsole.WriteLine();

        summary.AppendLine(CultureInfo.InvariantCulture, $"## {title}").AppendLine();
        foreach (string line in text)
        {
            summary.AppendLine(line).AppendLine();
        }

        summary.Append(table.ToMarkdown()).AppendLine();
        summary.AppendLine(CultureInfo.InvariantCulture, $"![{title}]({plotFile})").AppendLine();
    }

    private static ReportTable TimingTable(TimingResult result)
    {
        var table = new ReportTable(
            $"Time per call, M = {result.Samples} samples",
            "N", "loss alone", "GradGen", "by hand", "forward FD", "central FD", "forward ÷ GradGen", "central ÷ GradGen", "GradGen ÷ loss");
        foreach (var row in result.Rows)
        {
            table.Add(
                Format.Integer(row.N),
                Format.Time(row.Loss),
                Format.Time(row.GradGen),
                Format.Time(row.ByHand),
                Format.Time(row.Forward),
                Format.Time(row.Central),
                Format.Ratio(row.Forward / row.GradGen),
                Format.Ratio(row.Central / row.GradGen),
                Format.Ratio(row.GradGen / row.Loss));
        }

        return table;
    }

    private static string[] TimingText(TimingResult result, DemoOptions options)
    {
        var first = result.Rows[0];
        var last = result.Rows[^1];
        string crossover = result.CrossoverForward switch
        {
            null => $"GradGen is not faster than forward differences at the largest N measured (N = {last.N}).",
            int n when n == first.N => $"Crossover: GradGen is faster than forward differences at every N measured, from N = {n} on (at N = {n}: {Format.Time(first.GradGen)} against {Format.Time(first.Forward)}).",
            int n => $"Crossover: GradGen is faster than forward differences from N = {n} on (it is slower below that: at N = {first.N}, {Format.Time(first.GradGen)} against {Format.Time(first.Forward)}).",
        };
        string central = result.CrossoverCentral is int c
            ? $"Against central differences it is faster from N = {c} on."
            : "It is not faster than central differences at the largest N measured.";
        return
        [
            $"Each entry is the time of one call: the loss alone, or the loss and its full gradient. Calls are repeated until a measurement takes at least {options.MinMeasurementSeconds * 1000:0} ms, after a warm-up; measurements under {GradientTiming.RepeatBelowSeconds * 1000:0} ms are taken {GradientTiming.Rounds} times, interleaved across the methods, and the fastest is kept. Finite differences call the loss N + 1 times (forward) or 2N times (central); GradGen calls its generated gradient once.",
            $"{crossover} {central}",
            $"At the largest N = {Format.Integer(last.N)}: GradGen {Format.Time(last.GradGen)}, forward differences {Format.Time(last.Forward)} ({Format.Ratio(last.Forward / last.GradGen)} slower), central differences {Format.Time(last.Central)} ({Format.Ratio(last.Central / last.GradGen)} slower). Across all N, one GradGen gradient takes the time of {Spread(result.Rows.Select(r => r.GradGen / r.Loss))} loss evaluations, the hand-written gradient {Spread(result.Rows.Select(r => r.ByHand / r.Loss))}: a small constant, whatever N.",
        ];
    }

    /// <summary>"1.75 (median; 1.33 to 2.08)": single ratios of two noisy timings can be off, their median less so.</summary>
    private static string Spread(IEnumerable<double> values)
    {
        double[] sorted = values.Order().ToArray();
        double median = sorted.Length % 2 == 1
            ? sorted[sorted.Length / 2]
            : (sorted[(sorted.Length / 2) - 1] + sorted[sorted.Length / 2]) / 2;
        return $"{Format.Significant(median)} (median; {Format.Significant(sorted[0])} to {Format.Significant(sorted[^1])})";
    }

    private static ReportTable AccuracyTable(AccuracyResult result)
    {
        var table = new ReportTable(
            $"Max-abs error against GradGen's gradient, N = {result.N}",
            ["step h", .. result.Curves.Select(c => Accuracy.Name(c.Scheme))]);
        double[] steps = result.Curves[0].Steps;
        for (int k = 0; k < steps.Length; k += 4)
        {
            table.Add(["1e" + Math.Round(Math.Log10(steps[k])).ToString(CultureInfo.InvariantCulture), .. result.Curves.Select(c => Format.Scientific(c.Errors[k]))]);
        }

        table.Add(["default step", .. result.Curves.Select(c => $"{Format.Scientific(c.DefaultError)} (h = {Format.Scientific(c.DefaultStep)})")]);
        table.Add(["best step", .. result.Curves.Select(c => $"{Format.Scientific(c.BestError)} (h = {Format.Scientific(c.BestStep)})")]);
        return table;
    }

    private static string[] AccuracyText(AccuracyResult result)
    {
        var forward = result.Curves.First(c => c.Scheme == FiniteDifferenceScheme.Forward);
        var central = result.Curves.First(c => c.Scheme == FiniteDifferenceScheme.Central);
        return
        [
            $"One point w (N = {result.N}, M = {result.Samples}, weights uniform in [−0.8, 0.8]); the largest gradient component is {Format.Scientific(result.GradientNorm)}. " +
            $"GradGen's gradient agrees with the gradient derived by hand to {Format.Scientific(result.GradGenVsHand)} (max-abs): it is exact up to rounding, so it is the reference here.",
            "Finite differences trade truncation error (large h) against round-off error (small h), which gives the V. " +
            $"Forward differences are at best {Format.Scientific(forward.BestError)} (h = {Format.Scientific(forward.BestStep)}), " +
            $"central differences {Format.Scientific(central.BestError)} (h = {Format.Scientific(central.BestStep)}); " +
            $"the default steps, marked on the plot, give {Format.Scientific(forward.DefaultError)} and {Format.Scientific(central.DefaultError)}.",
        ];
    }

    private static string SameIterations(TrainingResult result, string optimizer)
    {
        string name = char.ToUpperInvariant(optimizer[0]) + optimizer[1..];
        var runs = result.Runs.Where(r => r.Optimizer == optimizer).ToList();
        var reached = runs.Where(r => r.ReachedTarget).ToList();
        var missed = runs.Where(r => !r.ReachedTarget).ToList();
        string stopped = missed.Count == 0
            ? string.Empty
            : $" ({string.Join(", ", missed.Select(r => $"{Training.ShortName(r.Source)} stopped after {Format.Integer(r.Iterations)} iterations: {r.Status}"))})";
        if (reached.Count == 0)
        {
            return $"{name} did not reach the target{stopped}.";
        }

        var iterations = reached.Select(r => r.Iterations).Distinct().ToList();
        string with = missed.Count == 0 ? "every gradient" : "every gradient that reached the target";
        return iterations.Count == 1
            ? $"{name} took the same {Format.Integer(iterations[0])} iterations with {with}{stopped}."
            : $"{name} took {string.Join(", ", reached.Select(r => $"{Format.Integer(r.Iterations)} ({Training.ShortName(r.Source)})"))} iterations{stopped}.";
    }

    private static string Took(TrainingRun run) => Format.Time(run.Seconds) + (run.ReachedTarget ? string.Empty : " (target not reached)");

    private static ReportTable TrainingTable(TrainingResult result)
    {
        var table = new ReportTable(
            $"From w = 0 to loss ≤ {Format.Loss(result.TargetLoss)}, N = {result.N}, M = {result.Samples}",
            "optimizer", "gradient", "iterations", "gradient calls", "loss evaluations", "wall time", "÷ GradGen", "final loss", "outcome");
        foreach (var run in result.Runs)
        {
            var reference = result.Runs.First(r => r.Optimizer == run.Optimizer && r.Source == GradientSource.GradGen);
            table.Add(
                run.Optimizer,
                Training.ShortName(run.Source),
                Format.Integer(run.Iterations),
                Format.Integer(run.GradientCalls),
                Format.Integer(run.Evaluations),
                Format.Time(run.Seconds),
                Format.Ratio(run.Seconds / reference.Seconds),
                Format.Loss(run.FinalLoss),
                run.Status);
        }

        return table;
    }

    private static string[] TrainingText(TrainingResult result)
    {
        var gdGradGen = result.Runs.First(r => r.Optimizer == Training.GradientDescent && r.Source == GradientSource.GradGen);
        var gdCentral = result.Runs.First(r => r.Optimizer == Training.GradientDescent && r.Source == GradientSource.CentralDifferences);
        var lbfgsGradGen = result.Runs.First(r => r.Optimizer == Training.Lbfgs && r.Source == GradientSource.GradGen);
        var lbfgsCentral = result.Runs.First(r => r.Optimizer == Training.Lbfgs && r.Source == GradientSource.CentralDifferences);
        return
        [
            $"Synthetic data: N = {result.N} standard-normal features, M = {result.Samples} samples, labels drawn from a logistic model (nearly separable, but the optimum is finite). " +
            $"Start at w = 0 (loss {Format.Loss(result.InitialLoss)}); L* = {Format.Loss(result.OptimalLoss)} is the optimum found beforehand by a long L-BFGS run; " +
            $"the target is L* + {Format.Scientific((result.TargetLoss - result.OptimalLoss) / (result.InitialLoss - result.OptimalLoss))}·(L(0) − L*) = {Format.Loss(result.TargetLoss)}.",
            $"Gradient descent takes the fixed step 1/L = {Format.Significant(result.StepSize)} (L = λmax(XᵀX/M)/4, the gradient's Lipschitz constant), at most {Format.Integer(result.GradientDescentMaxIterations)} iterations. " +
            $"L-BFGS is MathNet.Numerics' `LimitedMemoryBfgsMinimizer` (memory 10, at most {Format.Integer(result.LbfgsMaxIterations)} iterations) with `ObjectiveFunction.Gradient`, stopped at the first iterate at or below the target. " +
            $"A run that has not reached the target after {result.TimeLimitSeconds:0} s stops there. " +
            "Loss evaluations count every call of the loss: the one inside each GradGen gradient (its forward sweep), and for finite differences the loss plus every evaluation in the difference quotients.",
            $"Each gradient call of an optimizer is one GradGen gradient, or one loss plus N + 1 (forward) or 2N (central) loss evaluations. " +
            $"{SameIterations(result, Training.GradientDescent)} {SameIterations(result, Training.Lbfgs)} " +
            $"Gradient descent took {Took(gdGradGen)} with GradGen and {Took(gdCentral)} with central differences; " +
            $"L-BFGS took {Took(lbfgsGradGen)} and {Took(lbfgsCentral)}. " +
            "Gradient calls exceed iterations for L-BFGS because its line searches try several points (its first line search starts from a very small step).",
        ];
    }
}

/// <summary>What the summary says about the machine.</summary>
internal sealed record MachineInfo(string Cpu, int Cores, string Os, string Runtime, string Architecture, string Configuration)
{
    /// <summary>The 1-minute load average (Linux), or null: timings on a loaded machine are slower and noisier.</summary>
    public static double? LoadAverage()
    {
        try
        {
            if (File.Exists("/proc/loadavg"))
            {
                string first = File.ReadAllText("/proc/loadavg").Split(' ')[0];
                return double.Parse(first, CultureInfo.InvariantCulture);
            }
        }
        catch (IOException)
        {
        }
        catch (FormatException)
        {
        }

        return null;
    }

    public static MachineInfo Collect()
    {
#if DEBUG
        const string configuration = "Debug";
#else
        const string configuration = "Release";
#endif
        return new MachineInfo(
            CpuName(),
            Environment.ProcessorCount,
            RuntimeInformation.OSDescription,
            RuntimeInformation.FrameworkDescription,
            RuntimeInformation.ProcessArchitecture.ToString(),
            configuration);
    }

    private static string CpuName()
    {
        try
        {
            if (File.Exists("/proc/cpuinfo"))
            {
                string? line = File.ReadLines("/proc/cpuinfo").FirstOrDefault(l => l.StartsWith("model name", StringComparison.Ordinal));
                if (line is not null)
                {
                    return line[(line.IndexOf(':', StringComparison.Ordinal) + 1)..].Trim();
                }
            }
        }
        catch (IOException)
        {
        }
        catch (UnauthorizedAccessException)
        {
        }

        return Environment.GetEnvironmentVariable("PROCESSOR_IDENTIFIER") ?? "unknown CPU";
    }
}
