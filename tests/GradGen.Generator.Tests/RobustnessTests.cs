using System;
using System.Collections.Generic;
using System.Collections.Immutable;
using System.Diagnostics;
using System.Globalization;
using System.IO;
using System.Linq;
using System.Text;
using System.Text.RegularExpressions;
using System.Threading.Tasks;
using GradGen.Generator.Tests.Infrastructure;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp;
using Xunit.Abstractions;
using Xunit.Sdk;

namespace GradGen.Generator.Tests;

/// <summary>
/// "Never break the build" (issue 4): on ill-formed input the generator never throws (no CS8784/CS8785, no AD0001),
/// every file it generates parses, and every GG diagnostic it reports is located in the compilation's source.
/// <para>
/// The corpus is the real model sources of GradGen.Tests (tests/GradGen.Tests/Models/*.cs, read from the repository at
/// test time), each truncated at many token boundaries and with single tokens deleted, duplicated, swapped with the
/// next or replaced by another token of the file (<see cref="IllFormedSources"/>, fixed seed): a few thousand variants.
/// Each file's variants run one after another through one generator driver, so the incremental pipeline steps from
/// each variant to the next as it does in an editor. The corpus runs once (about a minute); each property is its own
/// test over that run, and a failing one lists every distinct failure with a minimal input that reproduces it.
/// </para>
/// <para>
/// GRADGEN_ROBUSTNESS_SCALE=10 makes ten times the variants (a long local run); GRADGEN_ROBUSTNESS_REPORT=directory
/// also writes each failure report to robustness-{kind}.txt there (test output may be cut).
/// </para>
/// </summary>
public sealed class RobustnessTests
{
    private const int Seed = 4;

    private const int TokenBudgetPerKind = 60_000;
    private const int MinPerKind = 20;
    private const int MaxPerKind = 100;

    private const string ScaleVariable = "GRADGEN_ROBUSTNESS_SCALE";
    private const string ReportVariable = "GRADGEN_ROBUSTNESS_REPORT";

    /// <summary>One variant running longer than this is reported as a hang.</summary>
    private static readonly TimeSpan HangLimit = TimeSpan.FromSeconds(30);

    /// <summary>Time spent shrinking the first example of each distinct failure to a minimal input.</summary>
    private static readonly TimeSpan MinimizeBudget = TimeSpan.FromSeconds(10);

    /// <summary>Distinct failures shrunk (the others are only listed), so that a failing run stays short.</summary>
    private const int MaxMinimized = 8;

    private static readonly ImmutableHashSet<string> GeneratorFailureIds = ImmutableHashSet.Create("CS8784", "CS8785", "AD0001");

    /// <summary>The corpus run, shared by the tests of this class and made by the first of them that runs.</summary>
    private static readonly Lazy<Task<CorpusRun>> Corpus = new(RunCorpusAsync);

    private readonly ITestOutputHelper _output;

    public RobustnessTests(ITestOutputHelper output) => _output = output;

    [Fact]
    public Task The_generator_never_throws_on_ill_formed_input() => AssertNoFailures(FailureKind.Exception);

    [Fact]
    public Task Every_generated_file_parses_on_ill_formed_input() => AssertNoFailures(FailureKind.Unparsable);

    [Fact]
    public Task Every_generator_diagnostic_is_located_in_the_source_on_ill_formed_input() => AssertNoFailures(FailureKind.Unlocated);

    /// <summary>The minimal inputs of the failures the corpus found; each must run cleanly once the bug is fixed.</summary>
    [Theory]
    [InlineData("an unnamed double parameter: IndexOutOfRangeException in Naming.GradientName from MethodParser.Parse", """
        using GradGen;
        public static partial class C
        {
            [Differentiable]
            public static double F(double) => 0;
        }
        """)]
    [InlineData("an unnamed parameter of the target of a [DerivativeOf]: IndexOutOfRangeException in Naming.GradientName from CustomDerivativeParser.ExpectedParameters", """
        using GradGen;
        public static class S
        {
            public static double G(double) => 0;

            [DerivativeOf(typeof(S), nameof(G))]
            public static void GPullback(double x, double seed, ref double dX) { }
        }
        """)]
    [InlineData("a method outside any type: hint name 'N.<invalid-global-code>.F.g.cs', ArgumentException from AddSource", """
        using GradGen;
        namespace N;
        [Differentiable]
        static double F(double x) => x;
        """)]
    [InlineData("a parameter with no name: generated 'int n, n , out double dX' (CS1001)", """
        using GradGen;
        public static partial class C
        {
            [Differentiable]
            public static double F(double x, int n n) => x;
        }
        """)]
    [InlineData("an empty parameter: generated 'double a,  , double b' (CS1031)", """
        using GradGen;
        public static partial class C
        {
            [Differentiable]
            public static double F(double a, , double b) => a * b;
        }
        """)]
    [InlineData("a type with no name: generated 'partial class' (CS1001)", """
        using GradGen;
        public static partial class
        {
            [Differentiable]
            public static double F(double x) => x;
        }
        """)]
    [InlineData("a namespace name with a missing part: generated 'namespace N.' (CS1001)", """
        using GradGen;
        namespace N.;
        public static partial class C
        {
            [Differentiable]
            public static double F(double x) => x;
        }
        """)]
    [InlineData("a local of an unnamed error type: generated '? z = a * y;' (CS1513)", """
        using GradGen;
        public static partial class C
        {
            [Differentiable]
            public static double F(double a)
            {
                var y y = a;
                var z = a * y;
                return z;
            }
        }
        """)]
    public void Known_failures(string what, string source)
    {
        GeneratorDriver driver = CreateDriver();
        var run = Check(ref driver, CreateCompilation("Test0.cs", source), checkedSources: null);
        Assert.True(run.Failures.Count == 0, what + ":\n" + string.Join("\n", run.Failures.Select(f => f.Details)));
    }

    private async Task AssertNoFailures(FailureKind kind)
    {
        var corpus = await Corpus.Value;
        _output.WriteLine(corpus.Summary);
        if (corpus.Hang is not null)
        {
            throw new XunitException(corpus.Hang);
        }

        foreach (var other in corpus.Failures.Where(f => f.Kind != kind).GroupBy(f => f.Kind))
        {
            _output.WriteLine($"(The corpus also found {other.Count()} failures of kind {other.Key}, {other.Select(f => f.Key).Distinct().Count()} distinct: see that test.)");
        }

        var failures = corpus.Failures.Where(f => f.Kind == kind).ToList();
        if (failures.Count == 0)
        {
            return;
        }

        var distinct = failures.GroupBy(f => f.Key).ToList();
        var report = new StringBuilder();
        report.Append(CultureInfo.InvariantCulture, $"{kind}: {failures.Count} failures in {failures.Select(f => f.Variant).Distinct().Count()} of {corpus.Total} variants, {distinct.Count} distinct:\n");
        for (var i = 0; i < distinct.Count; i++)
        {
            report.Append('\n').Append(DescribeFailure(distinct[i].ToList(), minimize: i < MaxMinimized));
        }

        _output.WriteLine(report.ToString());
        if (Environment.GetEnvironmentVariable(ReportVariable) is { Length: > 0 } reportDirectory)
        {
            File.WriteAllText(Path.Combine(reportDirectory, $"robustness-{kind}.txt"), corpus.Summary + "\n" + report);
        }

        throw new XunitException(report.ToString());
    }

    /// <summary>
    /// Variants per kind for a file of <paramref name="tokens"/> tokens: <see cref="TokenBudgetPerKind"/> / tokens,
    /// clamped to [<see cref="MinPerKind"/>, <see cref="MaxPerKind"/>]. Each run re-parses every [Differentiable] method
    /// of the file (the attribute provider re-runs its transform on every new compilation), so a run costs about in
    /// proportion to the file's size; this gives each file about the same share of the time (hundreds of variants for
    /// a small file, about a hundred for the largest) and keeps the whole corpus near a minute.
    /// </summary>
    private static int PerKind(int tokens, double scale) =>
        (int)Math.Round(scale * Math.Clamp(TokenBudgetPerKind / Math.Max(1, tokens), MinPerKind, MaxPerKind));

    private static async Task<CorpusRun> RunCorpusAsync()
    {
        var clock = Stopwatch.StartNew();
        var cpu = Process.GetCurrentProcess().TotalProcessorTime;
        var files = ModelSources();

        // Each unmodified file must generate code without failing, or its variants would test little.
        foreach (var file in files)
        {
            GeneratorDriver driver = CreateDriver();
            var baseline = Check(ref driver, CreateCompilation(file.Path, file.Text), checkedSources: null);
            Assert.True(baseline.Failures.Count == 0, $"The unmodified {file.Path} already fails:\n" + string.Join("\n", baseline.Failures.Select(f => f.Details)));
            Assert.True(baseline.GeneratedCount > 0, $"The unmodified {file.Path} generates nothing.");
        }

        var scale = double.TryParse(Environment.GetEnvironmentVariable(ScaleVariable), NumberStyles.Float, CultureInfo.InvariantCulture, out var s) && s > 0 ? s : 1.0;
        var tokenCounts = files.Select(f => IllFormedSources.Tokens(f.Text).Count).ToArray();
        var variantsByFile = files
            .Select((f, i) => IllFormedSources.Create(f.Path, f.Text, PerKind(tokenCounts[i], scale), Seed + i))
            .ToArray();
        var generationTime = clock.Elapsed;

        // One driver per file. The compilation holds only the variant: the generator re-parses every [Differentiable]
        // method of the compilation on each run, so the other files would cost time and add nothing.
        var stats = new Stats();
        var failures = new List<Failure>();
        var current = new CurrentVariant();
        var worker = Task.Run(() =>
        {
            var checkedSources = new HashSet<string>(StringComparer.Ordinal);
            for (var f = 0; f < files.Count; f++)
            {
                GeneratorDriver driver = CreateDriver();
                var compilation = CreateCompilation(files[f].Path, files[f].Text);
                var baseTree = compilation.SyntaxTrees.Single();
                driver = driver.RunGenerators(compilation);
                SourceVariant? previous = null;
                for (var v = 0; v < variantsByFile[f].Count; v++)
                {
                    var variant = variantsByFile[f][v];
                    current.Start(variant);
                    var tree = CSharpSyntaxTree.ParseText(variant.Text, GeneratorHarness.ParseOptions, files[f].Path, Encoding.UTF8);
                    var run = Check(ref driver, compilation.ReplaceSyntaxTree(baseTree, tree), checkedSources);
                    stats.Record(variant, run, current.Stop());
                    failures.AddRange(run.Failures.Select(x => x with { Variant = variant, Order = (f, v), Previous = previous }));
                    previous = variant;
                }
            }
        });

        string? hang = null;
        while (await Task.WhenAny(worker, Task.Delay(TimeSpan.FromSeconds(1))).ConfigureAwait(false) != worker)
        {
            if (current.Running is { } running && running.Elapsed > HangLimit)
            {
                hang = $"The generator has been running for {running.Elapsed.TotalSeconds:F0} s on one variant ({running.Variant.File}: "
                    + $"{running.Variant.Description}); it appears to hang. Variant text:\n{running.Variant.Text}";
                break;
            }
        }

        if (hang is null)
        {
            await worker.ConfigureAwait(false);
        }

        var runTime = clock.Elapsed - generationTime;
        var summary = $"Seed {Seed}, scale {scale}: {stats.Total} variants made in {generationTime.TotalSeconds:F1} s, "
            + $"run in {runTime.TotalSeconds:F1} s ({runTime.TotalMilliseconds / Math.Max(1, stats.Total):F1} ms each); "
            + $"process CPU time {(Process.GetCurrentProcess().TotalProcessorTime - cpu).TotalSeconds:F1} s.\n"
            + stats.Format(files.Select((f, i) => (f.Path, tokenCounts[i])));
        return new CorpusRun(summary, stats.Total, failures.ToList(), hang);
    }

    /// <summary>Runs the generator once and collects what it did wrong (and what it did, for the statistics).</summary>
    /// <param name="checkedSources">Generated texts already known to parse (outputs cached from the previous run).</param>
    private static RunOutcome Check(ref GeneratorDriver driver, Compilation compilation, HashSet<string>? checkedSources)
    {
        var failures = new List<Failure>();
        GeneratorRunResult result;
        try
        {
            driver = driver.RunGenerators(compilation);
            result = driver.GetRunResult().Results.Single();
        }
        catch (Exception e)
        {
            driver = CreateDriver();
            failures.Add(Failure.FromException("the generator driver threw", e));
            return new RunOutcome(failures, 0, ImmutableArray<Diagnostic>.Empty);
        }

        if (result.Exception is not null)
        {
            failures.Add(Failure.FromException("the generator threw (CS8785)", result.Exception));
        }

        foreach (var d in result.Diagnostics)
        {
            if (GeneratorFailureIds.Contains(d.Id))
            {
                if (result.Exception is null)
                {
                    var message = d.GetMessage(CultureInfo.InvariantCulture);
                    failures.Add(new Failure(FailureKind.Exception, $"{d.Id}: {Regex.Replace(message, @"'[^']*'", "'…'")}", $"{d.Id}: {message}"));
                }
            }
            else if (!IsInSourceOf(d, compilation))
            {
                var where = d.Location.Kind == LocationKind.None ? "Location.None" : $"{d.Location.Kind} {d.Location.GetLineSpan()}";
                failures.Add(new Failure(
                    FailureKind.Unlocated,
                    $"{d.Id} reported without a location in the compilation's source",
                    $"{d.Id} {d.Severity} at {where}: {d.GetMessage(CultureInfo.InvariantCulture)}"));
            }
        }

        foreach (var generated in result.GeneratedSources)
        {
            var text = generated.SourceText.ToString();
            if (checkedSources is not null && checkedSources.Contains(text))
            {
                continue;
            }

            var errors = generated.SyntaxTree.GetDiagnostics().Where(x => x.Severity == DiagnosticSeverity.Error).ToList();
            if (errors.Count == 0)
            {
                checkedSources?.Add(text);
                continue;
            }

            var first = errors[0];
            var node = generated.SyntaxTree.GetRoot().FindToken(first.Location.SourceSpan.Start).Parent;
            failures.Add(new Failure(
                FailureKind.Unparsable,
                $"generated source does not parse: {first.Id} {first.Descriptor.MessageFormat} (in a {node?.Kind()} of a {node?.Parent?.Kind()})",
                $"{generated.HintName} does not parse:\n{GeneratorHarness.FormatDiagnostics(errors.Take(5))}--- {generated.HintName}\n{text}"));
        }

        return new RunOutcome(failures, result.GeneratedSources.Length, result.Diagnostics);
    }

    private static bool IsInSourceOf(Diagnostic d, Compilation compilation) =>
        d.Location.IsInSource
        && d.Location.SourceTree is { } tree
        && compilation.SyntaxTrees.Contains(tree)
        && d.Location.SourceSpan.End <= tree.Length;

    /// <summary>
    /// One distinct failure: how often, in which variants, the details of the first, and that variant shrunk to a
    /// minimal input that still fails the same way on a fresh driver (if it does not, it is an incremental-state bug).
    /// </summary>
    private static string DescribeFailure(List<Failure> group, bool minimize)
    {
        var first = group[0];
        var variant = first.Variant!;
        var sb = new StringBuilder();
        sb.Append("=== ").Append(first.Key).Append('\n');
        sb.Append(CultureInfo.InvariantCulture, $"{group.Count} times; first in {variant.File}: {variant.Description}\n");
        foreach (var other in group.Skip(1).Take(4))
        {
            sb.Append(CultureInfo.InvariantCulture, $"  also {other.Variant!.File}: {other.Variant.Description}\n");
        }

        sb.Append(first.Details.TrimEnd()).Append('\n');
        if (!minimize)
        {
            return sb.ToString();
        }

        bool Fails(string text)
        {
            GeneratorDriver driver = CreateDriver();
            return Check(ref driver, CreateCompilation(variant.File, text), checkedSources: null).Failures.Any(f => f.Key == first.Key);
        }

        if (!Fails(variant.Text))
        {
            sb.Append(CultureInfo.InvariantCulture, $"Does not fail on a fresh driver: only incrementally, after {first.Previous?.File}: {first.Previous?.Description}.\n");
            return sb.ToString();
        }

        sb.Append("Minimal input:\n").Append(IllFormedSources.Minimize(variant.Text, Fails, MinimizeBudget)).Append('\n');
        return sb.ToString();
    }

    private static GeneratorDriver CreateDriver() =>
        CSharpGeneratorDriver.Create(
            new[] { new DifferentiableGenerator().AsSourceGenerator() },
            parseOptions: GeneratorHarness.ParseOptions,
            driverOptions: new GeneratorDriverOptions(IncrementalGeneratorOutputKind.None, trackIncrementalGeneratorSteps: false));

    private static CSharpCompilation CreateCompilation(string path, string text) =>
        CSharpCompilation.Create(
            "Robustness",
            new[] { CSharpSyntaxTree.ParseText(text, GeneratorHarness.ParseOptions, path, Encoding.UTF8) },
            GeneratorHarness.References,
            GeneratorHarness.CompilationOptions);

    /// <summary>tests/GradGen.Tests/Models/*.cs of this repository, in ordinal order of their names.</summary>
    private static List<ModelSource> ModelSources()
    {
        var directory = new DirectoryInfo(AppContext.BaseDirectory);
        while (directory is not null && !File.Exists(Path.Combine(directory.FullName, "GradGen.sln")))
        {
            directory = directory.Parent;
        }

        if (directory is null)
        {
            throw new XunitException($"No GradGen.sln above {AppContext.BaseDirectory}: cannot find the model sources.");
        }

        var files = Directory.GetFiles(Path.Combine(directory.FullName, "tests", "GradGen.Tests", "Models"), "*.cs")
            .OrderBy(p => p, StringComparer.Ordinal)
            .Select(p => new ModelSource("Models/" + Path.GetFileName(p), File.ReadAllText(p).Replace("\r\n", "\n", StringComparison.Ordinal)))
            .ToList();
        Assert.NotEmpty(files);
        return files;
    }

    private sealed record ModelSource(string Path, string Text);

    private sealed record CorpusRun(string Summary, int Total, List<Failure> Failures, string? Hang);

    private enum FailureKind
    {
        /// <summary>The generator or the driver threw, or CS8784/CS8785/AD0001 was reported.</summary>
        Exception,

        /// <summary>A generated file has syntax errors.</summary>
        Unparsable,

        /// <summary>A generator diagnostic has no location in the compilation's syntax trees.</summary>
        Unlocated,
    }

    /// <summary>
    /// A problem found in one run. <see cref="Key"/> identifies it across variants (exception type, message and top
    /// GradGen frames, or diagnostic id and message template); <see cref="Details"/> is the full text of one occurrence.
    /// </summary>
    private sealed record Failure(FailureKind Kind, string Key, string Details)
    {
        public SourceVariant? Variant { get; init; }

        /// <summary>File index and variant index: the order in which the failures are reported.</summary>
        public (int File, int Variant) Order { get; init; }

        /// <summary>The variant the driver ran before this one (for failures that need the incremental state).</summary>
        public SourceVariant? Previous { get; init; }

        public static Failure FromException(string what, Exception e)
        {
            var frames = (e.StackTrace ?? "").Split('\n').Select(l => l.Trim()).Where(l => l.Length > 0).ToList();
            var ours = frames.Where(l => l.StartsWith("at GradGen.", StringComparison.Ordinal)).Take(2).ToList();
            var where = string.Join(" <- ", (ours.Count > 0 ? ours : frames.Take(1)).Select(l => Regex.Replace(l, @"^at | in .*$", "")));
            var message = Regex.Replace(Regex.Replace(e.Message, @"'[^']*'", "'…'"), @"\d+", "N");
            var details = $"{what}: {e.GetType().FullName}: {e.Message}\n  " + string.Join("\n  ", frames.Take(8));
            return new Failure(FailureKind.Exception, $"{what}: {e.GetType().FullName}: {message} at {where}", details);
        }
    }

    private sealed record RunOutcome(List<Failure> Failures, int GeneratedCount, ImmutableArray<Diagnostic> Diagnostics);

    /// <summary>The variant the worker is on, for the hang check.</summary>
    private sealed class CurrentVariant
    {
        private readonly Stopwatch _clock = new();
        private volatile Running? _running;

        public Running? Running => _running;

        public void Start(SourceVariant variant)
        {
            _clock.Restart();
            _running = new Running(variant, _clock);
        }

        public TimeSpan Stop()
        {
            _running = null;
            return _clock.Elapsed;
        }
    }

    private sealed record Running(SourceVariant Variant, Stopwatch Clock)
    {
        public TimeSpan Elapsed => Clock.Elapsed;
    }

    /// <summary>Counts per file and kind, and what the generator did with the variants.</summary>
    private sealed class Stats
    {
        private readonly Dictionary<(string File, string Kind), int> _variants = new();
        private readonly SortedDictionary<string, int> _diagnostics = new(StringComparer.Ordinal);
        private readonly Dictionary<string, TimeSpan> _time = new(StringComparer.Ordinal);
        private readonly Dictionary<string, int> _generating = new(StringComparer.Ordinal);
        private int _withDiagnostics;
        private (TimeSpan Time, SourceVariant? Variant) _slowest;

        public int Total { get; private set; }

        public void Record(SourceVariant variant, RunOutcome run, TimeSpan elapsed)
        {
            Total++;
            _variants[(variant.File, variant.Kind)] = _variants.GetValueOrDefault((variant.File, variant.Kind)) + 1;
            _time[variant.File] = _time.GetValueOrDefault(variant.File) + elapsed;
            if (run.GeneratedCount > 0)
            {
                _generating[variant.File] = _generating.GetValueOrDefault(variant.File) + 1;
            }

            var gg = run.Diagnostics.Where(d => d.Id.StartsWith("GG", StringComparison.Ordinal)).ToList();
            if (gg.Count > 0)
            {
                _withDiagnostics++;
            }

            foreach (var d in gg)
            {
                _diagnostics[d.Id] = _diagnostics.GetValueOrDefault(d.Id) + 1;
            }

            if (elapsed > _slowest.Time)
            {
                _slowest = (elapsed, variant);
            }
        }

        public string Format(IEnumerable<(string File, int Tokens)> files)
        {
            var sb = new StringBuilder();
            sb.Append(CultureInfo.InvariantCulture, $"{"file",-28}{"tokens",7}");
            foreach (var kind in IllFormedSources.Kinds)
            {
                sb.Append(CultureInfo.InvariantCulture, $"{kind,10}");
            }

            sb.Append(CultureInfo.InvariantCulture, $"{"total",7}{"generating",11}{"ms each",9}\n");
            foreach (var (file, tokens) in files)
            {
                sb.Append(CultureInfo.InvariantCulture, $"{file,-28}{tokens,7}");
                foreach (var kind in IllFormedSources.Kinds)
                {
                    sb.Append(CultureInfo.InvariantCulture, $"{_variants.GetValueOrDefault((file, kind)),10}");
                }

                var total = _variants.Where(v => v.Key.File == file).Sum(v => v.Value);
                var ms = _time.GetValueOrDefault(file).TotalMilliseconds / Math.Max(1, total);
                sb.Append(CultureInfo.InvariantCulture, $"{total,7}{_generating.GetValueOrDefault(file),11}{ms,9:F1}\n");
            }

            sb.Append(CultureInfo.InvariantCulture, $"{"all",-35}");
            foreach (var kind in IllFormedSources.Kinds)
            {
                sb.Append(CultureInfo.InvariantCulture, $"{_variants.Where(v => v.Key.Kind == kind).Sum(v => v.Value),10}");
            }

            sb.Append(CultureInfo.InvariantCulture, $"{Total,7}{_generating.Values.Sum(),11}\n");
            sb.Append(CultureInfo.InvariantCulture, $"Runs with GG diagnostics: {_withDiagnostics} (reported: ");
            sb.Append(string.Join(", ", _diagnostics.Select(d => $"{d.Key} ×{d.Value}")));
            sb.Append(")\n");
            if (_slowest.Variant is { } slow)
            {
                sb.Append(CultureInfo.InvariantCulture, $"Slowest run: {_slowest.Time.TotalMilliseconds:F0} ms, {slow.File}: {slow.Description}\n");
            }

            return sb.ToString();
        }
    }
}
