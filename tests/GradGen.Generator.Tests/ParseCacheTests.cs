using System;
using System.Collections.Generic;
using System.Linq;
using GradGen.Generator.Tests.Infrastructure;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp;

namespace GradGen.Generator.Tests;

/// <summary>
/// The parse cache (src/GradGen.Generator/Parsing/ParseCache.cs) skips rebinding methods whose text, place and
/// compilation declarations are unchanged. Skipping is only right if the result would have been the same, so every
/// edit here is checked against a fresh driver on the edited compilation: same generated files, same diagnostics.
/// </summary>
public class ParseCacheTests
{
    private const string Models = """
        using System;
        using GradGen;

        public static partial class Models
        {
            [Differentiable]
            public static double F(double a, double b) => Helpers.Scale * Math.Sin(a) * b;

            [Differentiable]
            public static double G(double a, double b)
            {
                var t = Helpers.Square(a);
                return t * b + Helpers.Twice(b);
            }

            [Differentiable]
            public static double H(double a) => a * a + 1.0;
        }
        """;

    private const string Helpers = """
        using GradGen;

        public static partial class Helpers
        {
            public const double Scale = 2.0;

            [Differentiable]
            public static double Square(double x) => x * x;

            public static double Twice(double x) => 2 * x;

            public static int Unrelated() => 1;
        }
        """;

    public static TheoryData<string, string, string> Edits => new()
    {
        { "a body edit in another file", "Unrelated() => 1;", "Unrelated() => 2;" },
        { "a constant changed in another file", "Scale = 2.0;", "Scale = 3.0;" },
        { "a called method made [Differentiable] in another file", "public static double Twice", "[Differentiable] public static double Twice" },
        { "a called method's parameter changed type in another file", "Twice(double x) => 2 * x;", "Twice(float x) => 2 * x;" },
        { "a called [Differentiable] method given an error in its body", "Square(double x) => x * x;", "Square(double x) => x * y;" },
        { "a called [Differentiable] method made unsupported", "Square(double x) => x * x;", "Square(double x) { var s = new int[1]; return x * s[0]; }" },
        { "a called [Differentiable] method's body changed", "Square(double x) => x * x;", "Square(double x) => x * x * x;" },
        { "the called method removed", "public static double Twice(double x) => 2 * x;", "" },
        { "a using alias added in another file", "using GradGen;", "using GradGen;\nusing Math = Helpers;" },
    };

    [Theory]
    [MemberData(nameof(Edits))]
    public void A_warm_driver_gives_what_a_fresh_driver_gives(string what, string find, string replace)
    {
        var compilation = GeneratorHarness.CreateCompilation(new[] { Models, Helpers });
        var generator = new DifferentiableGenerator();
        var warm = NewDriver(generator).RunGenerators(compilation);

        var tree = compilation.SyntaxTrees.ElementAt(1);
        Assert.Contains(find, Helpers, StringComparison.Ordinal);
        var edited = compilation.ReplaceSyntaxTree(tree, CSharpSyntaxTree.ParseText(Helpers.Replace(find, replace), GeneratorHarness.ParseOptions, tree.FilePath));

        var incremental = warm.RunGenerators(edited).GetRunResult();
        var fresh = NewDriver(new DifferentiableGenerator()).RunGenerators(edited).GetRunResult();
        Assert.True(Describe(fresh) == Describe(incremental), $"{what}: the warm driver's output differs from a fresh driver's.\nfresh:\n{Describe(fresh)}\nwarm:\n{Describe(incremental)}");
    }

    [Fact]
    public void The_edits_above_change_the_output_so_the_comparison_can_fail()
    {
        var compilation = GeneratorHarness.CreateCompilation(new[] { Models, Helpers });
        var before = Describe(NewDriver(new DifferentiableGenerator()).RunGenerators(compilation).GetRunResult());
        foreach (var row in Edits)
        {
            var (what, find, replace) = ((string)row[0], (string)row[1], (string)row[2]);
            if (what is "a body edit in another file" or "a using alias added in another file")
            {
                continue;
            }

            var tree = compilation.SyntaxTrees.ElementAt(1);
            var edited = compilation.ReplaceSyntaxTree(tree, CSharpSyntaxTree.ParseText(Helpers.Replace(find, replace), GeneratorHarness.ParseOptions, tree.FilePath));
            var after = Describe(NewDriver(new DifferentiableGenerator()).RunGenerators(edited).GetRunResult());
            Assert.True(before != after, $"{what}: the edit does not change the generated output, so it cannot catch a stale cache entry.");
        }
    }

    [Fact]
    public void A_body_edit_reparses_only_the_edited_method()
    {
        var compilation = GeneratorHarness.CreateCompilation(new[] { Models, Helpers });
        var generator = new DifferentiableGenerator();
        var driver = NewDriver(generator).RunGenerators(compilation);
        var cache = generator.Cache!;
        Assert.Equal(4, cache.Misses);

        // Same length, so the methods after it keep their spans and lines.
        var tree = compilation.SyntaxTrees.First();
        var edited = compilation.ReplaceSyntaxTree(tree, CSharpSyntaxTree.ParseText(Models.Replace("t * b + ", "t * b - "), GeneratorHarness.ParseOptions, tree.FilePath));
        driver.RunGenerators(edited);
        Assert.Equal(5, cache.Misses);
    }

    [Fact]
    public void A_declaration_edit_reparses_every_method()
    {
        var compilation = GeneratorHarness.CreateCompilation(new[] { Models, Helpers });
        var generator = new DifferentiableGenerator();
        var driver = NewDriver(generator).RunGenerators(compilation);

        var tree = compilation.SyntaxTrees.ElementAt(1);
        var edited = compilation.ReplaceSyntaxTree(tree, CSharpSyntaxTree.ParseText(Helpers.Replace("int Unrelated()", "long Unrelated()"), GeneratorHarness.ParseOptions, tree.FilePath));
        driver.RunGenerators(edited);
        Assert.Equal(8, generator.Cache!.Misses);
    }

    [Fact]
    public void Typing_inside_a_method_does_not_accumulate_results()
    {
        var compilation = GeneratorHarness.CreateCompilation(new[] { Models, Helpers });
        var generator = new DifferentiableGenerator();
        var driver = NewDriver(generator).RunGenerators(compilation);
        var tree = compilation.SyntaxTrees.First();
        for (var i = 0; i < 30; i++)
        {
            var text = Models.Replace("a * a + 1.0", $"a * a + {i}.0");
            var next = compilation.ReplaceSyntaxTree(tree, CSharpSyntaxTree.ParseText(text, GeneratorHarness.ParseOptions, tree.FilePath));
            driver = driver.RunGenerators(next);
        }

        // Four methods, at most two generations of each.
        Assert.InRange(generator.Cache!.Count, 4, 8);
    }

    private static GeneratorDriver NewDriver(DifferentiableGenerator generator) =>
        CSharpGeneratorDriver.Create(
            new[] { generator.AsSourceGenerator() },
            parseOptions: GeneratorHarness.ParseOptions,
            driverOptions: new GeneratorDriverOptions(IncrementalGeneratorOutputKind.None, trackIncrementalGeneratorSteps: false));

    private static string Describe(GeneratorDriverRunResult result) =>
        string.Join("\n", result.Diagnostics.Select(d => d.ToString()).OrderBy(d => d, StringComparer.Ordinal))
        + "\n---\n"
        + string.Join("\n", result.Results.SelectMany(r => r.GeneratedSources).OrderBy(s => s.HintName, StringComparer.Ordinal).Select(s => s.HintName + "\n" + s.SourceText));
}
