using System;
using System.Collections.Generic;
using System.Globalization;
using System.Linq;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp;

namespace GradGen.Generator.Benchmarks;

/// <summary>
/// Lines of generated code per line of source (docs/design.md, "Generated code size"):
/// <c>dotnet run -c Release --project tests/GradGen.Generator.Benchmarks -- codesize</c>. Two projects: the 500 methods
/// of <see cref="SyntheticProject"/> (straight-line code, loops over spans, branches, calls) and 400 small methods
/// (the "methods" shape of the scaling table). Every line counts, blank lines and comments included, on both sides; the
/// last column counts only lines of code (no blank line, comment or directive) on both sides.
/// </summary>
internal static class CodeSize
{
    public static int Table()
    {
        Console.WriteLine("| project | methods | source lines | generated lines | per source line | per method | per source line, code only |");
        Console.WriteLine("| --- | ---: | ---: | ---: | ---: | ---: | ---: |");
        Row("synthetic project (4 shapes)", SyntheticProject.FileCount * SyntheticProject.MethodsPerFile, SyntheticProject.Create());
        Row("small methods", 400, CSharpCompilation.Create(
            "Small",
            new[] { CSharpSyntaxTree.ParseText(Robustness.SyntheticInputs.Methods(400), SyntheticProject.ParseOptions, "Deep.cs") },
            SyntheticProject.References,
            new CSharpCompilationOptions(OutputKind.DynamicallyLinkedLibrary, nullableContextOptions: NullableContextOptions.Enable)));
        return 0;
    }

    private static void Row(string name, int methods, CSharpCompilation compilation)
    {
        var result = CSharpGeneratorDriver.Create(new[] { new DifferentiableGenerator().AsSourceGenerator() }, parseOptions: SyntheticProject.ParseOptions)
            .RunGenerators(compilation).GetRunResult();
        var errors = result.Diagnostics.Where(d => d.Severity == DiagnosticSeverity.Error).ToList();
        if (errors.Count > 0)
        {
            throw new InvalidOperationException("The generator reported " + errors[0]);
        }

        var source = compilation.SyntaxTrees.Sum(t => Lines(t, codeOnly: false));
        var generated = result.GeneratedTrees.Sum(t => Lines(t, codeOnly: false));
        var sourceCode = compilation.SyntaxTrees.Sum(t => Lines(t, codeOnly: true));
        var generatedCode = result.GeneratedTrees.Sum(t => Lines(t, codeOnly: true));
        Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
            $"| {name} | {methods} | {source} | {generated} | {(double)generated / source:F1} | {(double)generated / methods:F0} | {(double)generatedCode / sourceCode:F1} |"));
    }

    /// <summary>All lines, or those that are neither blank, comments nor preprocessor directives.</summary>
    private static int Lines(SyntaxTree tree, bool codeOnly) => tree.GetText().Lines.Count(line =>
    {
        var text = line.ToString().Trim();
        return !codeOnly || text.Length > 0 && !text.StartsWith("//", StringComparison.Ordinal) && !text.StartsWith('#');
    });
}
