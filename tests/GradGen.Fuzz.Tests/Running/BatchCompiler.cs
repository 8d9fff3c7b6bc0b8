using System;
using System.Collections.Generic;
using System.Collections.Immutable;
using System.IO;
using System.Linq;
using System.Reflection;
using System.Runtime.Loader;
using System.Text;
using System.Text.RegularExpressions;
using GradGen.Fuzz.Tests.Programs;
using GradGen.Generator;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp;

namespace GradGen.Fuzz.Tests.Running;

/// <summary>A program's drivers, loaded from a batch assembly (Pushforward and Hvp where Main has those modes).</summary>
internal sealed record Drivers(
    Func<double[], double> Value,
    Func<double[], double[], double> Gradient,
    Action<double[], double, double[]> Pullback,
    Func<double[], double[], double[]>? Pushforward,
    Func<double[], double[], double[]>? Hvp);

/// <summary>
/// Compiles many programs at once, one class per program (Roslyn and the generator are paid once per batch), runs
/// the generator in memory, sorts out per program what it or the compiler reported, emits what is left and loads it
/// into a collectible load context.
/// </summary>
internal sealed class BatchCompiler : IDisposable
{
    private static readonly CSharpParseOptions ParseOptions = CSharpParseOptions.Default.WithLanguageVersion(LanguageVersion.Latest);

    private static readonly CSharpCompilationOptions Options = new(
        OutputKind.DynamicallyLinkedLibrary,
        nullableContextOptions: NullableContextOptions.Enable,
        allowUnsafe: true,
        optimizationLevel: OptimizationLevel.Debug,
        warningLevel: 9999);

    private static readonly ImmutableArray<MetadataReference> References =
        Basic.Reference.Assemblies.Net100.References.All
            .Cast<MetadataReference>()
            .Append(MetadataReference.CreateFromFile(typeof(DifferentiableAttribute).Assembly.Location))
            .ToImmutableArray();

    private static readonly Regex GeneratedFile = new(@"(^|[\\/])Fuzz\.P(\d+)\.", RegexOptions.Compiled);

    private static int _batches;

    private AssemblyLoadContext? _context;

    /// <summary>Drivers of every program that compiled cleanly, by index in the batch.</summary>
    public Dictionary<int, Drivers> Loaded { get; } = new();

    /// <summary>What went wrong before running, by index in the batch.</summary>
    public Dictionary<int, Finding> Problems { get; } = new();

    public static BatchCompiler Compile(IReadOnlyList<FuzzProgram> programs)
    {
        var batch = new BatchCompiler();
        var indices = Enumerable.Range(0, programs.Count).ToList();
        var output = batch.Generate(programs, indices);
        if (output is not null)
        {
            batch.EmitAndLoad(output, indices);
        }

        return batch;
    }

    /// <summary>Runs the generator once over the batch; programs with a GG error leave the output compilation.</summary>
    private Compilation? Generate(IReadOnlyList<FuzzProgram> programs, List<int> indices)
    {
        var trees = indices
            .Select(i => CSharpSyntaxTree.ParseText(DriverWriter.ClassSource(programs[i], "P" + i), ParseOptions, path: $"P{i}.cs", encoding: Encoding.UTF8))
            .Append(CSharpSyntaxTree.ParseText(DriverWriter.Support, ParseOptions, path: "FuzzSupport.cs", encoding: Encoding.UTF8));
        var compilation = CSharpCompilation.Create("FuzzBatch" + _batches++, trees, References, Options);
        GeneratorDriver driver = CSharpGeneratorDriver.Create(new[] { new DifferentiableGenerator().AsSourceGenerator() }, parseOptions: ParseOptions);
        driver = driver.RunGeneratorsAndUpdateCompilation(compilation, out var output, out var generatorDiagnostics);
        var thrown = driver.GetRunResult().Results.Select(r => r.Exception).FirstOrDefault(e => e is not null);
        if (thrown is not null || generatorDiagnostics.Any(d => d.Id is "CS8784" or "CS8785"))
        {
            IsolateGeneratorFailure(programs, indices, thrown);
            return null;
        }

        var rejected = new HashSet<int>();
        foreach (var d in generatorDiagnostics.Where(d => d.Severity == DiagnosticSeverity.Error))
        {
            int i = ProgramOf(d);
            Record(i, new Finding(FindingKind.Rejected, $"{d.Id}: {d.GetMessage()} at '{Text(d)}'"));
            rejected.Add(i);
        }

        indices.RemoveAll(rejected.Contains);
        return Without(output, rejected);
    }

    /// <summary>
    /// Emits (which reports every compiler diagnostic, so nothing is bound twice); a program with an error or a
    /// warning in its generated code leaves the compilation, which is emitted again without it.
    /// </summary>
    private void EmitAndLoad(Compilation output, List<int> indices)
    {
        for (int pass = 0; pass < 10 && indices.Count > 0; pass++)
        {
            using var stream = new MemoryStream();
            var result = output.Emit(stream);
            var failed = Classify(result.Diagnostics);
            if (result.Success && failed.Count == 0)
            {
                Load(stream, indices);
                return;
            }

            if (failed.Count == 0)
            {
                string errors = string.Join("\n", result.Diagnostics.Where(d => d.Severity == DiagnosticSeverity.Error).Take(5));
                indices.ForEach(i => Record(i, new Finding(FindingKind.TesterCompileError, "emit failed: " + errors)));
                return;
            }

            indices.RemoveAll(failed.Contains);
            output = Without(output, failed);
        }
    }

    /// <summary>Records the programs a compiler error or generated-code warning belongs to.</summary>
    private HashSet<int> Classify(ImmutableArray<Diagnostic> all)
    {
        var diagnostics = all.Where(d => d.Severity is DiagnosticSeverity.Error or DiagnosticSeverity.Warning).ToList();

        // A warning the program itself has (CS1717 on x = x) is not the generator's when its copy has it too.
        var ownWarnings = diagnostics
            .Where(d => d.Severity == DiagnosticSeverity.Warning && !IsGenerated(d))
            .Select(d => (ProgramOf(d), d.Id))
            .ToHashSet();
        var failed = new HashSet<int>();
        foreach (var d in diagnostics)
        {
            int i = ProgramOf(d);
            bool generated = IsGenerated(d);
            if (i < 0 || (!generated && d.Severity == DiagnosticSeverity.Warning)
                || (d.Severity == DiagnosticSeverity.Warning && ownWarnings.Contains((i, d.Id))))
            {
                continue;
            }

            var kind = !generated ? FindingKind.TesterCompileError
                : d.Severity == DiagnosticSeverity.Error ? FindingKind.GeneratedCodeError : FindingKind.GeneratedCodeWarning;
            Record(i, new Finding(kind, $"{d.Id}: {d.GetMessage()} at '{Text(d)}' in {d.Location.SourceTree?.FilePath}\n{Line(d)}"));
            failed.Add(i);
        }

        return failed;
    }

    private static Compilation Without(Compilation output, HashSet<int> programs) =>
        programs.Count == 0
            ? output
            : output.RemoveSyntaxTrees(output.SyntaxTrees.Where(t => programs.Contains(ProgramOf(t.FilePath))));

    private static string Line(Diagnostic d) =>
        d.Location.SourceTree is { } tree ? "  | " + tree.GetText().Lines.GetLineFromPosition(d.Location.SourceSpan.Start).ToString().Trim() : string.Empty;

    /// <summary>The generator threw on the batch: run each program alone to find which.</summary>
    private void IsolateGeneratorFailure(IReadOnlyList<FuzzProgram> programs, List<int> indices, Exception? thrown)
    {
        foreach (int i in indices)
        {
            var tree = CSharpSyntaxTree.ParseText(DriverWriter.ClassSource(programs[i], "P" + i), ParseOptions, path: $"P{i}.cs");
            var compilation = CSharpCompilation.Create("FuzzIsolate", new[] { tree }, References, Options);
            GeneratorDriver driver = CSharpGeneratorDriver.Create(new[] { new DifferentiableGenerator().AsSourceGenerator() }, parseOptions: ParseOptions);
            driver = driver.RunGeneratorsAndUpdateCompilation(compilation, out _, out var diagnostics);
            var exception = driver.GetRunResult().Results.Select(r => r.Exception).FirstOrDefault(e => e is not null);
            var failure = diagnostics.FirstOrDefault(d => d.Id is "CS8784" or "CS8785");
            if (exception is not null || failure is not null)
            {
                Record(i, new Finding(FindingKind.GeneratorException, exception?.ToString() ?? failure!.GetMessage()));
            }
        }

        if (!indices.Any(Problems.ContainsKey))
        {
            Record(indices[0], new Finding(FindingKind.GeneratorException, "only in a batch: " + thrown));
        }
    }

    private void Load(MemoryStream stream, List<int> indices)
    {
        stream.Position = 0;
        _context = new AssemblyLoadContext("fuzz", isCollectible: true);
        var assembly = _context.LoadFromStream(stream);
        foreach (int i in indices)
        {
            var type = assembly.GetType($"{DriverWriter.Namespace}.P{i}")!;
            Loaded[i] = new Drivers(
                Method(type, "__Value").CreateDelegate<Func<double[], double>>(),
                Method(type, "__Gradient").CreateDelegate<Func<double[], double[], double>>(),
                Method(type, "__Pullback").CreateDelegate<Action<double[], double, double[]>>(),
                type.GetMethod("__Pushforward", BindingFlags.Public | BindingFlags.Static)?.CreateDelegate<Func<double[], double[], double[]>>(),
                type.GetMethod("__Hvp", BindingFlags.Public | BindingFlags.Static)?.CreateDelegate<Func<double[], double[], double[]>>());
        }
    }

    private static MethodInfo Method(Type type, string name) =>
        type.GetMethod(name, BindingFlags.Public | BindingFlags.Static) ?? throw new MissingMethodException(type.FullName, name);

    private void Record(int index, Finding finding)
    {
        if (index >= 0 && !Problems.ContainsKey(index))
        {
            Problems[index] = finding;
        }
    }

    private static int ProgramOf(Diagnostic d) => ProgramOf(d.Location.SourceTree?.FilePath ?? string.Empty);

    private static int ProgramOf(string path)
    {
        var generated = GeneratedFile.Match(path);
        if (generated.Success)
        {
            return int.Parse(generated.Groups[2].Value, System.Globalization.CultureInfo.InvariantCulture);
        }

        var own = Regex.Match(path, @"^P(\d+)\.cs$");
        return own.Success ? int.Parse(own.Groups[1].Value, System.Globalization.CultureInfo.InvariantCulture) : -1;
    }

    private static bool IsGenerated(Diagnostic d) => d.Location.SourceTree is { } t && GeneratedFile.IsMatch(t.FilePath);

    private static string Text(Diagnostic d) =>
        d.Location.SourceTree is { } tree ? tree.GetText().ToString(d.Location.SourceSpan) : "(no location)";

    public void Dispose()
    {
        Loaded.Clear();
        _context?.Unload();
        _context = null;
    }
}
