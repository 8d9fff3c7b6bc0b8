using System.IO;
using System.Linq;
using GradGen.Generator.Tests.Infrastructure;
using Microsoft.CodeAnalysis;

namespace GradGen.Generator.Tests;

/// <summary>
/// Active values passed to a callee's [NoDerivative] parameter: the callee's internal pullback (snapshot), and where
/// GG0009 stays (no body in this compilation, virtual dispatch, a variant that cannot be differentiated) or forward
/// mode refuses the call (GG0032).
/// </summary>
public sealed class NoDerivativeThroughTests
{
    private static string InStaticClass(string members) => $$"""
        using System;
        using GradGen;

        namespace Demo;

        public static partial class C
        {
        {{members}}
        }
        """;

    private const string Scaled = """
            [Differentiable]
            public static double Scaled(double v, [NoDerivative] double factor, [NoDerivative] double[] weights) => v * factor * weights[0];
        """;

    [Fact]
    public void InternalPullback_Snapshot()
    {
        var run = GeneratorHarness.Run(InStaticClass(Scaled + """

                [Differentiable]
                public static double F(double x, double[] w) => Scaled(x, x * 2, w);
            """));
        GeneratorHarness.AssertCompilesCleanly(run);
        Assert.Contains("internal static void __GradGen_ScaledAllPullback(", run.GeneratedSources["Demo.C.Scaled+All.g.cs"]);
        Snapshot.MatchGenerated(run, "NoDerivativeThrough");
    }

    [Fact]
    public void GG0009_StaysForACalleeInAnotherAssembly()
    {
        var library = GeneratorHarness.Run(GeneratorHarness.CreateCompilation(InStaticClass(Scaled).Replace("namespace Demo;", "namespace Lib;"), "Lib"));
        GeneratorHarness.AssertCompilesCleanly(library);
        using var image = new MemoryStream();
        Assert.True(library.OutputCompilation.Emit(image).Success);
        var markup = InStaticClass("""
                [Differentiable]
                public static double F(double x, double[] w) => [|Lib.C.Scaled(x, x * 2, w)|];
            """);
        GeneratorHarness.ParseMarkup(markup, out var source, out var span);
        var compilation = GeneratorHarness.CreateCompilation(source).AddReferences(MetadataReference.CreateFromImage(image.ToArray()));
        var run = GeneratorHarness.Run(compilation);
        // One for each active argument to a [NoDerivative] parameter: 'x * 2' to 'factor', 'w' to 'weights'.
        Assert.Equal(2, run.GeneratorDiagnostics.Length);
        Assert.All(run.GeneratorDiagnostics, d => Assert.Equal(("GG0009", span), (d.Id, d.Location.SourceSpan)));
        var messages = string.Join("\n", run.GeneratorDiagnostics.Select(d => d.GetMessage(System.Globalization.CultureInfo.InvariantCulture)));
        Assert.Contains("'factor'", messages);
        Assert.Contains("'weights'", messages);
    }

    [Fact]
    public void GG0009_StaysForAVirtualCallee()
    {
        GeneratorHarness.AssertSingleDiagnostic("""
            using GradGen;

            namespace Demo;

            public partial class Model
            {
                [Differentiable]
                public virtual double Scaled(double v, [NoDerivative] double factor) => v * factor;

                [Differentiable]
                public double F(double x) => [|Scaled(x, x * 2)|];
            }
            """, "GG0009");
    }

    [Fact]
    public void GG0009_StaysWhenTheCalleeCannotDifferentiateThroughTheParameter()
    {
        // In the variant, 'factor' reaches a method with no derivative: the caller keeps GG0009, the callee keeps its code.
        var run = GeneratorHarness.Run(InStaticClass("""
                private static double Helper(double v) => v * 2;

                [Differentiable]
                public static double Scaled(double v, [NoDerivative] double factor) => v * Helper(factor);

                [Differentiable]
                public static double F(double x) => Scaled(x, x * 2) + 1;
            """));
        var diagnostic = Assert.Single(run.GeneratorDiagnostics);
        Assert.Equal("GG0009", diagnostic.Id);
        Assert.Equal("Scaled(x, x * 2)", diagnostic.Location.SourceTree!.ToString().Substring(diagnostic.Location.SourceSpan.Start, diagnostic.Location.SourceSpan.Length));
        Assert.Contains("Demo.C.Scaled.g.cs", run.GeneratedSources.Keys);
        Assert.DoesNotContain(run.GeneratedSources.Keys, k => k.Contains("All") || k.Contains(".F."));
        Assert.Empty(run.CompilationDiagnostics);
    }

    [Fact]
    public void GG0016_ForTheCallersOfACallerThatKeepsGG0009()
    {
        var run = GeneratorHarness.Run(InStaticClass("""
                private static double Helper(double v) => v * 2;

                [Differentiable]
                public static double Scaled(double v, [NoDerivative] double factor) => v * Helper(factor);

                [Differentiable]
                public static double F(double x) => Scaled(x, x * 2);

                [Differentiable]
                public static double G(double x) => F(x) * x;
            """));
        Assert.Equal(new[] { "GG0009", "GG0016" }, run.GeneratorDiagnostics.Select(d => d.Id).OrderBy(i => i));
        Assert.Empty(run.CompilationDiagnostics);
    }

    [Fact]
    public void GG0032_ForACallerWithForwardMode()
    {
        GeneratorHarness.AssertSingleDiagnostic(InStaticClass("""
                [Differentiable]
                public static double Scaled(double v, [NoDerivative] double factor) => v * factor;

                [Differentiable(Forward = true)]
                public static double F(double x) => [|Scaled(x, x * 2)|];
            """), "GG0032");
    }
}
