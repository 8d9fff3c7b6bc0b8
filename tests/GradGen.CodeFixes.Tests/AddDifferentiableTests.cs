using System;
using System.IO;
using System.Threading.Tasks;
using GradGen.CodeFixes.Tests.Infrastructure;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp;

namespace GradGen.CodeFixes.Tests;

/// <summary>GG0006: "Add [Differentiable] to 'Helper'".</summary>
public sealed class AddDifferentiableTests
{
    private static readonly AddDifferentiableCodeFixProvider Provider = new();

    [Fact]
    public async Task CalleeInTheSameDocument_GetsTheAttribute()
    {
        await CodeFixHarness.VerifyFixAsync(
            Provider,
            "GG0006",
            new[]
            {
                """
                using GradGen;

                namespace Demo;

                public static partial class C
                {
                    /// <summary>Twice the value.</summary>
                    private static double Helper(double v) => v * 2;

                    [Differentiable]
                    public static double Twice(double x) => Helper(x) + 1;
                }
                """,
            },
            "Add [Differentiable] to 'Helper'",
            "Test0.cs",
            """
            using GradGen;

            namespace Demo;

            public static partial class C
            {
                /// <summary>Twice the value.</summary>
                [Differentiable]
                private static double Helper(double v) => v * 2;

                [Differentiable]
                public static double Twice(double x) => Helper(x) + 1;
            }
            """);
    }

    /// <summary>
    /// The callee lives in another document, in a type that is not partial, in a file without <c>using GradGen;</c>:
    /// the attribute lands on its declaration there, with the using, and its type is made partial (else GG0001).
    /// </summary>
    [Fact]
    public async Task CalleeInAnotherDocument_GetsTheAttributeThere()
    {
        var fix = await CodeFixHarness.VerifyFixAsync(
            Provider,
            "GG0006",
            new[]
            {
                """
                using GradGen;

                namespace Demo;

                public static partial class Model
                {
                    [Differentiable]
                    public static double Loss(double x) => Helpers.Cube(x - 1) + x;
                }
                """,
                """
                using System;

                namespace Demo;

                internal static class Helpers
                {
                    // Cubes.
                    public static double Cube(double v) => v * v * v;

                    public static double Other(double v) => Math.Sqrt(v);
                }
                """,
            },
            "Add [Differentiable] to 'Cube'",
            "Test1.cs",
            """
            using System;
            using GradGen;

            namespace Demo;

            internal static partial class Helpers
            {
                // Cubes.
                [Differentiable]
                public static double Cube(double v) => v * v * v;

                public static double Other(double v) => Math.Sqrt(v);
            }
            """);

        // VerifyFixAsync checked that only Test1.cs changed: the caller's document is left as it was.
        Assert.Single(fix.ChangedDocuments);
    }

    [Fact]
    public async Task BlockBodiedCalleeWithOtherAttributes_KeepsThemAndItsIndentation()
    {
        await CodeFixHarness.VerifyFixAsync(
            Provider,
            "GG0006",
            new[]
            {
                """
                using System.Diagnostics.CodeAnalysis;
                using GradGen;

                namespace Demo
                {
                    public static partial class C
                    {
                        [Differentiable]
                        public static double F(double x, double y)
                        {
                            var t = x * y;
                            return Softplus(t, 2.0);
                        }

                        [SuppressMessage("Style", "IDE0001")]
                        internal static double Softplus(double v, double scale)
                        {
                            return System.Math.Log(1 + System.Math.Exp(v)) * scale;
                        }
                    }
                }
                """,
            },
            "Add [Differentiable] to 'Softplus'",
            "Test0.cs",
            """
            using System.Diagnostics.CodeAnalysis;
            using GradGen;

            namespace Demo
            {
                public static partial class C
                {
                    [Differentiable]
                    public static double F(double x, double y)
                    {
                        var t = x * y;
                        return Softplus(t, 2.0);
                    }

                    [Differentiable]
                    [SuppressMessage("Style", "IDE0001")]
                    internal static double Softplus(double v, double scale)
                    {
                        return System.Math.Log(1 + System.Math.Exp(v)) * scale;
                    }
                }
            }
            """);
    }

    [Fact]
    public async Task FixAllInDocument_MarksEachCalleeOnce()
    {
        var project = CodeFixHarness.CreateProject("""
            using GradGen;

            public static partial class C
            {
                private static double Twice(double v) => 2 * v;

                private static double Square(double v) => v * v;

                [Differentiable]
                public static double F(double x) => Twice(x) + Square(x) + Twice(x * x);
            }
            """);
        Assert.Equal(3, (await CodeFixHarness.DiagnosticsAsync(project, "GG0006")).Length);

        var fix = await CodeFixHarness.FixAllAsync(Provider, project, "GG0006", AddDifferentiableCodeFixProvider.EquivalenceKey);

        CodeFixHarness.AssertSameText(
            """
            using GradGen;

            public static partial class C
            {
                [Differentiable]
                private static double Twice(double v) => 2 * v;

                [Differentiable]
                private static double Square(double v) => v * v;

                [Differentiable]
                public static double F(double x) => Twice(x) + Square(x) + Twice(x * x);
            }
            """,
            await fix.TextAsync(project.DocumentIds[0]));
        await CodeFixHarness.AssertCompilesCleanlyAsync(fix.After.GetProject(project.Id)!);
    }

    /// <summary>
    /// A callee in another project of the solution (a project reference) is declared in source too: the attribute
    /// lands in that project's document, which then differentiates, and so does the caller against its output.
    /// </summary>
    [Fact]
    public async Task CalleeInAnotherProjectOfTheSolution_GetsTheAttributeThere()
    {
        var library = CodeFixHarness.AddProject(
            new AdhocWorkspace().CurrentSolution,
            "Lib",
            new[]
            {
                """
                namespace Lib;

                public static class Functions
                {
                    public static double Cube(double v) => v * v * v;
                }
                """,
            },
            CodeFixHarness.FrameworkReferences.Add(CodeFixHarness.GradGenReference));
        var caller = CodeFixHarness.AddProject(library.Solution, "Tests", new[] { CallerOf("Lib.Functions.Cube(x)") }, CodeFixHarness.FrameworkReferences.Add(CodeFixHarness.GradGenReference));
        caller = caller.AddProjectReference(new ProjectReference(library.Id));

        var diagnostic = Assert.Single(await CodeFixHarness.DiagnosticsAsync(caller, "GG0006"));
        var action = Assert.Single(await CodeFixHarness.GetFixesAsync(Provider, caller, diagnostic));
        Assert.Equal("Add [Differentiable] to 'Cube'", action.Title);

        var fix = await CodeFixHarness.ApplyAsync(action, caller.Solution);
        Assert.Equal(new[] { library.DocumentIds[0] }, fix.ChangedDocuments);
        CodeFixHarness.AssertSameText(
            """
            using GradGen;

            namespace Lib;

            public static partial class Functions
            {
                [Differentiable]
                public static double Cube(double v) => v * v * v;
            }
            """,
            await fix.TextAsync(library.DocumentIds[0]));

        // The library now differentiates; the caller, compiled against the library with its generated code, too.
        var fixedLibrary = fix.After.GetProject(library.Id)!;
        await CodeFixHarness.AssertCompilesCleanlyAsync(fixedLibrary);
        var libraryOutput = await CodeFixHarness.CompileWithGeneratorAsync(fixedLibrary);
        var callerAgainstOutput = fix.After.GetProject(caller.Id)!
            .WithProjectReferences(Array.Empty<ProjectReference>())
            .AddMetadataReference(libraryOutput.ToMetadataReference());
        await CodeFixHarness.AssertCompilesCleanlyAsync(callerAgainstOutput);
    }

    [Fact]
    public async Task BclMethod_ReportedButNoFixOffered()
    {
        var project = CodeFixHarness.CreateProject(CallerOf("Math.BitIncrement(x)"));

        var diagnostic = Assert.Single(await CodeFixHarness.DiagnosticsAsync(project, "GG0006"));

        Assert.Equal("Math.BitIncrement(x)", await SpanTextAsync(project, diagnostic));
        Assert.Empty(await CodeFixHarness.GetFixesAsync(Provider, project, diagnostic));
    }

    [Fact]
    public async Task MethodOfAReferencedAssembly_ReportedButNoFixOffered()
    {
        var external = CSharpCompilation.Create(
            "External",
            new[] { CSharpSyntaxTree.ParseText("namespace External; public static class Functions { public static double Cube(double v) => v * v * v; }", CodeFixHarness.ParseOptions) },
            CodeFixHarness.FrameworkReferences,
            CodeFixHarness.CompilationOptions);
        var project = CodeFixHarness.CreateProject(CallerOf("External.Functions.Cube(x)"))
            .AddMetadataReference(ToImageReference(external));

        var diagnostic = Assert.Single(await CodeFixHarness.DiagnosticsAsync(project, "GG0006"));

        Assert.Equal("External.Functions.Cube(x)", await SpanTextAsync(project, diagnostic));
        Assert.Empty(await CodeFixHarness.GetFixesAsync(Provider, project, diagnostic));
    }

    /// <summary>Marking a generic method would only trade GG0006 for GG0008.</summary>
    [Fact]
    public async Task GenericCallee_NoFixOffered()
    {
        var project = CodeFixHarness.CreateProject("""
            using GradGen;

            public static partial class C
            {
                private static double Helper<T>(double v) => v * 2;

                [Differentiable]
                public static double F(double x) => 1 + Helper<int>(x);
            }
            """);

        var diagnostic = Assert.Single(await CodeFixHarness.DiagnosticsAsync(project, "GG0006"));

        Assert.Empty(await CodeFixHarness.GetFixesAsync(Provider, project, diagnostic));
    }

    private static string CallerOf(string call) => $$"""
        using System;
        using GradGen;

        public static partial class C
        {
            [Differentiable]
            public static double F(double x) => 2 * {{call}};
        }
        """;

    private static async Task<string> SpanTextAsync(Project project, Diagnostic diagnostic)
    {
        var text = await CodeFixHarness.DocumentOf(project, diagnostic).GetTextAsync();
        return text.ToString(diagnostic.Location.SourceSpan);
    }

    private static MetadataReference ToImageReference(CSharpCompilation compilation)
    {
        using var stream = new MemoryStream();
        var result = compilation.Emit(stream);
        Assert.True(result.Success, string.Join("\n", result.Diagnostics));
        return MetadataReference.CreateFromImage(stream.ToArray());
    }
}
