using System.Linq;
using GradGen.Generator.Tests.Infrastructure;

namespace GradGen.Generator.Tests;

/// <summary>
/// A [Differentiable] method the compiler rejects gets no generated code and no GG diagnostic: the compiler's own
/// error says what is wrong, and code generated from a half-formed body could only repeat it in a generated file.
/// The parser finds these errors in the bound tree and with flow analysis, without asking for the compiler's
/// diagnostics (which would bind the method a second time).
/// </summary>
public class CompilerErrorTests
{
    [Theory]
    [InlineData("CS0103", "return a * missing;")]
    [InlineData("CS0029", "double y = \"text\"; return a * y;")]
    [InlineData("CS0266", "int k = a; return k;")]
    [InlineData("CS1501", "return Math.Sin(a, a);")]
    [InlineData("CS0165", "double y; if (a > 0) { y = a; } return y * a;")]
    [InlineData("CS0161", "if (a > 0) { return a; }")]
    [InlineData("CS0131", "Math.PI = a; return a;")]
    [InlineData("CS0019", "return a * \"text\";")]
    [InlineData("CS0117", "return Math.Sine(a);")]
    [InlineData("CS0136", "var a = 2.0; return a;")]
    [InlineData("CS0128", "var y = a; var y = 2 * a; return y;")]
    [InlineData("CS0126", "return;")]
    [InlineData("CS0126", "if (a > 0) { return; } return a;")]
    public void A_body_the_compiler_rejects_generates_nothing_and_reports_nothing(string compilerError, string body)
    {
        var source = $$"""
            using System;
            using GradGen;

            public static partial class Model
            {
                [Differentiable]
                public static double F(double a)
                {
                    {{body}}
                }

                [Differentiable]
                public static double G(double a) => a * a;
            }
            """;

        var run = GeneratorHarness.Run(source);

        Assert.Contains(run.OutputCompilation.GetDiagnostics(), d => d.Id == compilerError);
        Assert.Empty(run.GeneratorDiagnostics);
        Assert.DoesNotContain(run.GeneratedSources.Keys, name => name.Contains("Model.F", System.StringComparison.Ordinal));
        Assert.Contains(run.GeneratedSources.Keys, name => name.Contains("Model.G", System.StringComparison.Ordinal));
        Assert.All(run.OutputCompilation.GetDiagnostics().Where(d => d.Severity == Microsoft.CodeAnalysis.DiagnosticSeverity.Error),
            d => Assert.DoesNotContain(".g.cs", d.Location.SourceTree?.FilePath ?? string.Empty, System.StringComparison.Ordinal));
    }

    [Fact]
    public void A_method_the_compiler_rejects_gets_no_signature_diagnostic_either()
    {
        // An unsupported return type (GG0002 on its own) next to an unknown name: only the compiler speaks.
        var run = GeneratorHarness.Run("""
            using GradGen;

            public static partial class Model
            {
                [Differentiable]
                public static int F(double a) => (int)(a * missing);
            }
            """);

        Assert.Contains(run.OutputCompilation.GetDiagnostics(), d => d.Id == "CS0103");
        Assert.Empty(run.GeneratorDiagnostics);
        Assert.Empty(run.GeneratedSources);
    }
}
