using System;
using System.Collections.Generic;
using System.Diagnostics;
using System.Globalization;
using System.Linq;
using System.Text;
using System.Threading;
using GradGen.Generator.Robustness;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp;

namespace GradGen.Generator.Benchmarks;

/// <summary>
/// How generator time grows with the size of one method along each axis of <see cref="SyntheticInputs"/>
/// (the "Scaling" table of docs/design.md). Each size runs in a child process on a thread with a 1 MB stack (the
/// Windows default, where IDEs and compiler servers run), so a stack overflow shows as a crash of that size alone:
/// <c>dotnet run -c Release --project tests/GradGen.Generator.Benchmarks -- scaling [shape…]</c>;
/// <c>… -- probe SHAPE SIZE [STACK_KB]</c> runs one size in this process.
/// </summary>
internal static class Scaling
{
    /// <summary>Sizes up to and past the limits of <see cref="Parsing.MethodLimits"/> (the last of a deep shape gets its diagnostic).</summary>
    private static readonly Dictionary<string, int[]> Sizes = new(StringComparer.Ordinal)
    {
        ["sum"] = new[] { 50, 100, 190, 1000 },
        ["nested-calls"] = new[] { 14, 28, 56, 200 },
        ["conditional"] = new[] { 50, 100, 190, 1000 },
        ["parameters"] = new[] { 250, 500, 1000, 4000 },
        ["array-parameters"] = new[] { 25, 50, 100, 400 },
        ["nested-for"] = new[] { 25, 50, 95, 400 },
        ["nested-if"] = new[] { 25, 50, 95, 1280 },
        ["statements"] = new[] { 1000, 2000, 4000, 8000 },
        ["methods"] = new[] { 200, 400, 800, 1600 },
        ["call-chain"] = new[] { 100, 200, 400, 800 },
    };

    public static int Table(string[] shapes)
    {
        var table = new StringBuilder("| shape | size | lines | generator (s) | compiler (s) | outcome |\n| --- | ---: | ---: | ---: | ---: | --- |\n");
        foreach (var shape in shapes.Length > 0 ? shapes : Sizes.Keys.ToArray())
        {
            foreach (var size in Sizes[shape])
            {
                var row = RunChild(shape, size);
                Console.WriteLine(row);
                table.Append(row).Append('\n');
            }
        }

        Console.WriteLine();
        Console.WriteLine(table);
        return 0;
    }

    private static string RunChild(string shape, int size)
    {
        var self = Environment.ProcessPath!;
        var info = new ProcessStartInfo(self) { RedirectStandardOutput = true, RedirectStandardError = true };
        if (System.IO.Path.GetFileNameWithoutExtension(self) == "dotnet")
        {
            info.ArgumentList.Add(typeof(Scaling).Assembly.Location);
        }

        foreach (var argument in new[] { "probe", shape, size.ToString(CultureInfo.InvariantCulture), "1024" })
        {
            info.ArgumentList.Add(argument);
        }

        using var child = Process.Start(info)!;
        var output = child.StandardOutput.ReadToEndAsync();
        var error = child.StandardError.ReadToEndAsync();
        if (!child.WaitForExit(TimeSpan.FromMinutes(3)))
        {
            child.Kill(entireProcessTree: true);
            return $"| {shape} | {size} | | > 180 | | killed (hang) |";
        }

        var lines = SyntheticInputs.Shapes[shape](size).Split('\n').Length;
        return child.ExitCode == 0
            ? output.Result.Trim()
            : $"| {shape} | {size} | {lines} | | | crashed (exit {child.ExitCode}: {FirstLine(error.Result)}) |";
    }

    private static CSharpCompilation CreateCompilation(string source) =>
        CSharpCompilation.Create(
            "Scaling",
            new[] { CSharpSyntaxTree.ParseText(source, SyntheticProject.ParseOptions, "Deep.cs") },
            SyntheticProject.References,
            new CSharpCompilationOptions(OutputKind.DynamicallyLinkedLibrary, nullableContextOptions: NullableContextOptions.Enable));

    private static GeneratorDriver Run(string source) =>
        CSharpGeneratorDriver.Create(new[] { new DifferentiableGenerator().AsSourceGenerator() }, parseOptions: SyntheticProject.ParseOptions)
            .RunGenerators(CreateCompilation(source));

    private static string FirstLine(string text) => text.Split('\n').FirstOrDefault(l => l.Trim().Length > 0)?.Trim() ?? string.Empty;

    /// <summary>One run of the generator on a new thread with the given stack; prints one table row.</summary>
    public static int Probe(string shape, int size, int stackKilobytes)
    {
        if (Environment.GetEnvironmentVariable("GRADGEN_UNLIMITED") == "1")
        {
            // To find where the pipeline itself breaks (how the limits were chosen).
            Parsing.MethodLimits.MaxDepth = Parsing.MethodLimits.MaxNodes = Parsing.MethodLimits.MaxParameters = Parsing.MethodLimits.MaxCollectionParameters = int.MaxValue;
        }

        var source = SyntheticInputs.Shapes[shape](size);
        var lines = source.Split('\n').Length;
        string row = string.Empty;
        var thread = new Thread(
            () =>
            {
                // A small input of the same shape first, so the time measured is not the JIT compiling the generator and Roslyn.
                Run(SyntheticInputs.Shapes[shape](2));
                var allocated = GC.GetTotalAllocatedBytes(precise: true);
                var collections = GC.CollectionCount(2);
                var clock = Stopwatch.StartNew();
                var driver = Run(source);
                var time = clock.Elapsed.TotalSeconds;
                Console.Error.WriteLine($"allocated {(GC.GetTotalAllocatedBytes(precise: true) - allocated) / 1e6:F0} MB, gen-2 collections {GC.CollectionCount(2) - collections}");
                var result = driver.GetRunResult();

                // The compiler's own diagnostics of the input, for comparison (it binds and flow-analyses the body too).
                clock.Restart();
                CreateCompilation(source).GetDiagnostics();
                var compiler = clock.Elapsed.TotalSeconds;
                var diagnostics = result.Diagnostics.GroupBy(d => d.Id).Select(g => g.Key + (g.Count() > 1 ? " ×" + g.Count() : string.Empty));
                foreach (var diagnostic in result.Diagnostics.Take(1))
                {
                    Console.Error.WriteLine(diagnostic.ToString());
                }

                var outcome = $"{result.GeneratedTrees.Length} files" + (result.Diagnostics.IsEmpty ? string.Empty : ", " + string.Join(", ", diagnostics));
                row = string.Create(CultureInfo.InvariantCulture, $"| {shape} | {size} | {lines} | {time:F2} | {compiler:F2} | {outcome} |");
            },
            stackKilobytes * 1024);
        thread.Start();
        thread.Join();
        Console.WriteLine(row);
        return 0;
    }
}
