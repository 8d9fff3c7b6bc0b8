using System.Linq;
using System.Reflection;
using GradGen.Generator.Tests.Infrastructure;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp;

namespace GradGen.Generator.Tests;

/// <summary>The pipeline caches: an edit that does not touch a differentiable method regenerates nothing.</summary>
public class IncrementalTests
{
    private const string Source = """
        using System;
        using GradGen;

        public static partial class Model
        {
            [Differentiable]
            public static double F(double a, double b) => Math.Sin(a) * b;

            [Differentiable]
            public static double G(double a) => a * a;

            [Differentiable]
            public static double H(double a) => Special.Cube(a) + a;
        }

        public static class Special
        {
            public static double Cube(double x) => x * x * x;

            [DerivativeOf(typeof(Special), nameof(Cube))]
            public static void CubePullback(double x, double seed, ref double dX) => dX += 3 * seed * x * x;
        }
        """;

    private const string Other = """
        public static class Unrelated
        {
            public static int Value() => 1;
        }
        """;

    [Fact]
    public void An_unrelated_edit_leaves_every_step_cached_or_unchanged()
    {
        var compilation = GeneratorHarness.CreateCompilation(new[] { Source, Other });
        var driver = GeneratorHarness.Run(compilation).Driver;

        var edited = compilation.ReplaceSyntaxTree(
            compilation.SyntaxTrees.ElementAt(1),
            CSharpSyntaxTree.ParseText(Other.Replace("=> 1;", "=> 2;"), GeneratorHarness.ParseOptions, compilation.SyntaxTrees.ElementAt(1).FilePath));
        var result = driver.RunGenerators(edited).GetRunResult().Results.Single();

        foreach (var name in AllSteps)
        {
            var outputs = result.TrackedSteps[name].SelectMany(step => step.Outputs).ToList();
            Assert.NotEmpty(outputs);
            Assert.All(outputs, output => Assert.Contains(output.Reason, new[] { IncrementalStepRunReason.Cached, IncrementalStepRunReason.Unchanged }));
        }
    }

    [Fact]
    public void Editing_one_method_regenerates_only_that_method()
    {
        var compilation = GeneratorHarness.CreateCompilation(Source);
        var driver = GeneratorHarness.Run(compilation).Driver;

        var tree = compilation.SyntaxTrees.Single();
        var edited = compilation.ReplaceSyntaxTree(
            tree,
            CSharpSyntaxTree.ParseText(Source.Replace("a * a", "a * a * a"), GeneratorHarness.ParseOptions, tree.FilePath));
        var result = driver.RunGenerators(edited).GetRunResult().Results.Single();

        var reasons = result.TrackedSteps[TrackingNames.Model].SelectMany(step => step.Outputs).Select(o => o.Reason).ToList();
        Assert.Equal(1, reasons.Count(r => r == IncrementalStepRunReason.Modified));
        Assert.Equal(2, reasons.Count(r => r is IncrementalStepRunReason.Unchanged or IncrementalStepRunReason.Cached));
    }

    [Fact]
    public void Editing_one_of_fifty_methods_regenerates_only_that_one()
    {
        static string Methods(int edited) => "using System;\nusing GradGen;\npublic static partial class Many\n{\n"
            + string.Concat(Enumerable.Range(0, 50).Select(i =>
                $"    [Differentiable]\n    public static double M{i}(double a, double b) => Math.Sin(a) * b + {(i == edited ? "2.0" : "1.0")} * a;\n"))
            + "}\n";

        var compilation = GeneratorHarness.CreateCompilation(Methods(edited: -1));
        var driver = GeneratorHarness.Run(compilation).Driver;
        var tree = compilation.SyntaxTrees.Single();
        var edited = compilation.ReplaceSyntaxTree(tree, CSharpSyntaxTree.ParseText(Methods(edited: 17), GeneratorHarness.ParseOptions, tree.FilePath));
        var result = driver.RunGenerators(edited).GetRunResult().Results.Single();

        var reasons = result.TrackedSteps[TrackingNames.Model].SelectMany(step => step.Outputs).Select(o => o.Reason).ToList();
        Assert.Equal(50, reasons.Count);
        Assert.Equal(1, reasons.Count(r => r == IncrementalStepRunReason.Modified));
        Assert.Equal(49, reasons.Count(r => r is IncrementalStepRunReason.Unchanged or IncrementalStepRunReason.Cached));
    }

    [Fact]
    public void No_pipeline_output_holds_a_symbol_syntax_node_location_or_compilation()
    {
        var result = GeneratorHarness.Run(Source).DriverResult.Results.Single();
        foreach (var name in AllSteps)
        {
            foreach (var (value, _) in result.TrackedSteps[name].SelectMany(step => step.Outputs))
            {
                AssertHoldsNoCompilerObjects(value, depth: 0);
            }
        }
    }

    private static readonly string[] AllSteps =
    {
        TrackingNames.Parse,
        TrackingNames.CustomDerivatives,
        TrackingNames.CustomDerivativeList,
        TrackingNames.Analysis,
        TrackingNames.Model,
        TrackingNames.Diagnostics,
    };

    private static void AssertHoldsNoCompilerObjects(object? value, int depth)
    {
        if (value is null || depth > 12 || value is string || value.GetType().IsPrimitive || value.GetType().IsEnum)
        {
            return;
        }

        Assert.False(
            value is ISymbol or SyntaxNode or Location or Compilation or SemanticModel,
            $"A pipeline output holds a {value.GetType().Name}; it would pin the compilation and defeat caching.");

        if (value is System.Collections.IEnumerable sequence)
        {
            foreach (var item in sequence)
            {
                AssertHoldsNoCompilerObjects(item, depth + 1);
            }
        }

        if (value is DiagnosticDescriptor)
        {
            return; // static, shared descriptors: plain data
        }

        foreach (var field in value.GetType().GetFields(BindingFlags.Instance | BindingFlags.Public | BindingFlags.NonPublic))
        {
            AssertHoldsNoCompilerObjects(field.GetValue(value), depth + 1);
        }
    }
}
