using System;
using System.Collections.Generic;
using System.Collections.Immutable;
using System.Linq;
using System.Text;
using GradGen.Generator;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp;
using Microsoft.CodeAnalysis.Text;
using Xunit.Sdk;

namespace GradGen.Generator.Tests.Infrastructure;

/// <summary>The outcome of running <see cref="DifferentiableGenerator"/> once over a test compilation.</summary>
/// <param name="OutputCompilation">The input compilation plus every generated syntax tree.</param>
/// <param name="GeneratorDiagnostics">Diagnostics the generator reported (all severities).</param>
/// <param name="GeneratedSources">Generated source text by hint name (e.g. "Foo.g.cs"), ordered ordinally by hint name.</param>
/// <param name="CompilationDiagnostics">
/// Errors and warnings of <paramref name="OutputCompilation"/> (hidden and info excluded). These do NOT include
/// <paramref name="GeneratorDiagnostics"/>: Roslyn reports those separately.
/// </param>
/// <param name="Driver">The driver after the run; call <c>RunGenerators</c> on it again to test incremental caching.</param>
/// <param name="DriverResult">The raw driver result (tracked incremental steps are enabled).</param>
internal sealed record GeneratorRun(
    CSharpCompilation OutputCompilation,
    ImmutableArray<Diagnostic> GeneratorDiagnostics,
    ImmutableSortedDictionary<string, string> GeneratedSources,
    ImmutableArray<Diagnostic> CompilationDiagnostics,
    GeneratorDriver Driver,
    GeneratorDriverRunResult DriverResult);

/// <summary>Compiles test sources, runs the generator over them and asserts on the outcome.</summary>
internal static class GeneratorHarness
{
    /// <summary>Parse options used for test sources and for the generator driver: C# <see cref="LanguageVersion.Latest"/>.</summary>
    public static readonly CSharpParseOptions ParseOptions =
        CSharpParseOptions.Default.WithLanguageVersion(LanguageVersion.Latest);

    /// <summary>
    /// Library, nullable enabled, unsafe allowed, deterministic, all warning waves on (as in an SDK project
    /// with <c>AnalysisLevel</c> latest).
    /// </summary>
    public static readonly CSharpCompilationOptions CompilationOptions = new(
        OutputKind.DynamicallyLinkedLibrary,
        nullableContextOptions: NullableContextOptions.Enable,
        allowUnsafe: true,
        deterministic: true,
        warningLevel: 9999);

    /// <summary>.NET 10 reference assemblies plus the GradGen runtime assembly (attributes).</summary>
    public static readonly ImmutableArray<MetadataReference> References =
        Basic.Reference.Assemblies.Net100.References.All
            .Cast<MetadataReference>()
            .Append(MetadataReference.CreateFromFile(typeof(GradGen.DifferentiableAttribute).Assembly.Location))
            .ToImmutableArray();

    /// <summary>Diagnostic ids with which Roslyn reports a generator that threw (initialization / execution).</summary>
    private static readonly ImmutableHashSet<string> GeneratorFailureIds = ImmutableHashSet.Create("CS8784", "CS8785");

    /// <summary>Creates a compilation of one source file (path "Test0.cs").</summary>
    public static CSharpCompilation CreateCompilation(string source, string assemblyName = "Tests") =>
        CreateCompilation(new[] { source }, assemblyName);

    /// <summary>Creates a compilation of several source files (paths "Test0.cs", "Test1.cs", ...).</summary>
    public static CSharpCompilation CreateCompilation(IEnumerable<string> sources, string assemblyName = "Tests")
    {
        var trees = sources
            .Select((text, i) => CSharpSyntaxTree.ParseText(text, ParseOptions, path: $"Test{i}.cs", encoding: Encoding.UTF8))
            .ToArray();
        return CSharpCompilation.Create(assemblyName, trees, References, CompilationOptions);
    }

    /// <summary>
    /// Runs the generator over one source file. Fails the test with the exception text if the generator threw.
    /// </summary>
    public static GeneratorRun Run(string source) => Run(CreateCompilation(source));

    /// <summary>Runs the generator over several source files. Fails the test if the generator threw.</summary>
    public static GeneratorRun Run(IEnumerable<string> sources) => Run(CreateCompilation(sources));

    /// <summary>
    /// Runs the generator over many source files without recording its incremental steps, as the compiler runs it:
    /// Roslyn's step recording walks every output's inputs again, which on hundreds of methods costs more than the
    /// generator itself. For tests that read only the output.
    /// </summary>
    public static GeneratorRun RunUntracked(IEnumerable<string> sources) => Run(CreateCompilation(sources), new DifferentiableGenerator(), trackSteps: false);

    /// <summary>Runs the generator over a compilation. Fails the test if the generator threw.</summary>
    public static GeneratorRun Run(CSharpCompilation compilation) => Run(compilation, new DifferentiableGenerator());

    /// <summary>Runs any incremental generator over a compilation (for testing the harness itself).</summary>
    internal static GeneratorRun Run(CSharpCompilation compilation, IIncrementalGenerator generator, bool trackSteps = true)
    {
        GeneratorDriver driver = CSharpGeneratorDriver.Create(
            new[] { generator.AsSourceGenerator() },
            parseOptions: ParseOptions,
            driverOptions: new GeneratorDriverOptions(IncrementalGeneratorOutputKind.None, trackIncrementalGeneratorSteps: trackSteps));

        driver = driver.RunGeneratorsAndUpdateCompilation(compilation, out var output, out var generatorDiagnostics);
        var driverResult = driver.GetRunResult();

        ThrowIfGeneratorFailed(driverResult, generatorDiagnostics);

        var sources = driverResult.Results
            .SelectMany(r => r.GeneratedSources)
            .ToImmutableSortedDictionary(s => s.HintName, s => s.SourceText.ToString(), StringComparer.Ordinal);

        var compilationDiagnostics = output.GetDiagnostics()
            .Where(d => d.Severity is DiagnosticSeverity.Warning or DiagnosticSeverity.Error)
            .ToImmutableArray();

        return new GeneratorRun(
            (CSharpCompilation)output,
            generatorDiagnostics,
            sources,
            compilationDiagnostics,
            driver,
            driverResult);
    }

    /// <summary>
    /// Fails unless the run produced no warning or error at all, neither in the output compilation nor reported
    /// by the generator (warnings count as errors, as in user projects). The failure lists every diagnostic with
    /// its location and the source line it points at (generated code included).
    /// </summary>
    public static void AssertCompilesCleanly(GeneratorRun run)
    {
        var problems = run.GeneratorDiagnostics
            .Where(d => d.Severity == DiagnosticSeverity.Error || (d.Severity == DiagnosticSeverity.Warning && !SuppressedByPragma(d)))
            .Concat(run.CompilationDiagnostics)
            .ToArray();
        if (problems.Length == 0)
        {
            return;
        }

        throw new XunitException(
            $"Expected the output compilation to have no warnings or errors, but found {problems.Length}:\n"
            + FormatDiagnostics(problems)
            + FormatGeneratedSourceList(run));
    }

    /// <summary>The source text covered by the diagnostic's location. Fails if it has no source location.</summary>
    public static string SpanText(Diagnostic d)
    {
        var tree = d.Location.SourceTree
            ?? throw new XunitException($"Diagnostic has no source location: {d}");
        return tree.GetText().ToString(d.Location.SourceSpan);
    }

    /// <summary>The 1-based line and column where the diagnostic's location starts.</summary>
    public static (int Line, int Column) LineColumn(Diagnostic d)
    {
        if (!d.Location.IsInSource)
        {
            throw new XunitException($"Diagnostic has no source location: {d}");
        }

        var start = d.Location.GetLineSpan().StartLinePosition;
        return (start.Line + 1, start.Character + 1);
    }

    /// <summary>
    /// Removes one <c>[|</c> ... <c>|]</c> marker pair from <paramref name="markup"/>; <paramref name="span"/> is the
    /// text between them, in <paramref name="source"/> (the markup without the markers). Exactly one pair is required.
    /// </summary>
    public static void ParseMarkup(string markup, out string source, out TextSpan span)
    {
        const string Open = "[|";
        const string Close = "|]";

        var open = markup.IndexOf(Open, StringComparison.Ordinal);
        if (open < 0)
        {
            throw new ArgumentException("Markup has no '[|' marker.", nameof(markup));
        }

        var close = markup.IndexOf(Close, open + Open.Length, StringComparison.Ordinal);
        if (close < 0)
        {
            throw new ArgumentException("Markup has '[|' but no '|]' after it.", nameof(markup));
        }

        if (markup.IndexOf(Open, open + Open.Length, StringComparison.Ordinal) >= 0
            || markup.IndexOf(Close, close + Close.Length, StringComparison.Ordinal) >= 0
            || markup.LastIndexOf(Close, open, StringComparison.Ordinal) >= 0)
        {
            throw new ArgumentException("Markup must contain exactly one '[|' ... '|]' pair.", nameof(markup));
        }

        source = markup.Substring(0, open)
            + markup.Substring(open + Open.Length, close - open - Open.Length)
            + markup.Substring(close + Close.Length);
        span = TextSpan.FromBounds(open, close - Open.Length);
    }

    /// <summary>
    /// Runs the generator over <paramref name="markup"/> (see <see cref="ParseMarkup"/>) and asserts that the
    /// generator reported exactly one diagnostic (of any severity), with id <paramref name="id"/>, located in the
    /// test source exactly on the marked span, and that the output compilation has no other warning or error.
    /// Returns that diagnostic for message assertions.
    /// </summary>
    public static Diagnostic AssertSingleDiagnostic(string markup, string id)
    {
        ParseMarkup(markup, out var source, out var span);
        var run = Run(source);

        var expected = $"expected exactly one diagnostic {id} at Test0.cs{FormatSpan(run, span)}";
        var diagnostic = run.GeneratorDiagnostics.Length == 1 ? run.GeneratorDiagnostics[0] : null;

        // Should Roslyn ever copy the generator's diagnostic into the compilation's, that copy is not "another" one.
        var others = run.CompilationDiagnostics
            .Where(d => diagnostic is null || !(d.Id == diagnostic.Id && d.Location.Equals(diagnostic.Location)))
            .ToArray();

        if (diagnostic is null || others.Length > 0)
        {
            throw new XunitException(
                $"{expected} and no other warnings or errors.\n"
                + $"Generator diagnostics ({run.GeneratorDiagnostics.Length}):\n"
                + FormatDiagnostics(run.GeneratorDiagnostics)
                + $"Other output compilation warnings/errors ({others.Length}):\n"
                + FormatDiagnostics(others));
        }

        var tree = diagnostic.Location.SourceTree;
        if (diagnostic.Id != id
            || tree is null
            || tree.FilePath != "Test0.cs"
            || diagnostic.Location.SourceSpan != span)
        {
            var actualSpan = tree is null ? "(no source location)" : $"'{SpanText(diagnostic)}'";
            throw new XunitException(
                $"{expected}, covering '{source.Substring(span.Start, span.Length)}'.\n"
                + $"Actual: {actualSpan}\n"
                + FormatDiagnostics(new[] { diagnostic }));
        }

        return diagnostic;
    }

    /// <summary>
    /// The driver hands out generator diagnostics before the compiler applies '#pragma warning disable', so a
    /// warning a test source disables on purpose is recognised here: a disable of its id earlier in the file with
    /// no restore between.
    /// </summary>
    private static bool SuppressedByPragma(Diagnostic diagnostic)
    {
        if (diagnostic.Location.SourceTree is not { } tree)
        {
            return false;
        }

        var before = tree.GetText().ToString(new Microsoft.CodeAnalysis.Text.TextSpan(0, diagnostic.Location.SourceSpan.Start));
        var disable = before.LastIndexOf("#pragma warning disable " + diagnostic.Id, System.StringComparison.Ordinal);
        var restore = before.LastIndexOf("#pragma warning restore " + diagnostic.Id, System.StringComparison.Ordinal);
        return disable >= 0 && disable > restore;
    }

    /// <summary>One entry per diagnostic: id, severity, location, message, then the source line with carets.</summary>
    internal static string FormatDiagnostics(IEnumerable<Diagnostic> diagnostics)
    {
        var sb = new StringBuilder();
        foreach (var d in diagnostics)
        {
            sb.Append("  ").Append(d.Id).Append(' ').Append(d.Severity.ToString().ToLowerInvariant()).Append(' ');
            if (!d.Location.IsInSource || d.Location.SourceTree is null)
            {
                sb.Append("(no location): ").Append(d.GetMessage()).Append('\n');
                continue;
            }

            var lineSpan = d.Location.GetLineSpan();
            var start = lineSpan.StartLinePosition;
            sb.Append(lineSpan.Path).Append('(').Append(start.Line + 1).Append(',').Append(start.Character + 1)
                .Append("): ").Append(d.GetMessage()).Append('\n');

            var text = d.Location.SourceTree.GetText();
            var line = text.Lines[start.Line];
            var lineText = line.ToString();
            var caretStart = start.Character;
            var caretLength = Math.Max(1, Math.Min(d.Location.SourceSpan.End, line.End) - d.Location.SourceSpan.Start);
            sb.Append("      | ").Append(lineText).Append('\n');
            sb.Append("      | ").Append(new string(' ', caretStart)).Append(new string('^', caretLength)).Append('\n');
        }

        return sb.ToString();
    }

    private static string FormatSpan(GeneratorRun run, TextSpan span)
    {
        var tree = run.OutputCompilation.SyntaxTrees.First(t => t.FilePath == "Test0.cs");
        var position = tree.GetText().Lines.GetLinePosition(span.Start);
        return $"({position.Line + 1},{position.Character + 1}) [{span.Start}..{span.End})";
    }

    private static string FormatGeneratedSourceList(GeneratorRun run) =>
        run.GeneratedSources.Count == 0
            ? "Generated sources: (none)\n"
            : "Generated sources: " + string.Join(", ", run.GeneratedSources.Keys) + "\n";

    private static void ThrowIfGeneratorFailed(GeneratorDriverRunResult result, ImmutableArray<Diagnostic> diagnostics)
    {
        var failures = new StringBuilder();
        foreach (var r in result.Results)
        {
            if (r.Exception is not null)
            {
                failures.Append("Generator ").Append(r.Generator.GetGeneratorType().FullName).Append(" threw:\n")
                    .Append(r.Exception).Append('\n');
            }
        }

        foreach (var d in diagnostics.Where(d => GeneratorFailureIds.Contains(d.Id)))
        {
            failures.Append(d.Id).Append(": ").Append(d.GetMessage()).Append('\n');
        }

        if (failures.Length > 0)
        {
            throw new XunitException("The source generator failed.\n" + failures);
        }
    }
}
