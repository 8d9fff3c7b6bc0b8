using System;
using System.Linq;
using System.Threading.Tasks;
using GradGen.CodeFixes.Tests.Infrastructure;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.Text;

namespace GradGen.CodeFixes.Tests;

/// <summary>GG0001: "Make 'Model' partial".</summary>
public sealed class MakeTypePartialTests
{
    private static readonly MakeTypePartialCodeFixProvider Provider = new();

    [Fact]
    public async Task TopLevelType_GetsPartialAfterItsModifiers()
    {
        await CodeFixHarness.VerifyFixAsync(
            Provider,
            "GG0001",
            new[]
            {
                """
                using GradGen;

                namespace Demo;

                public static class Model
                {
                    [Differentiable]
                    public static double Square(double x) => x * x;
                }
                """,
            },
            "Make 'Model' partial",
            "Test0.cs",
            """
            using GradGen;

            namespace Demo;

            public static partial class Model
            {
                [Differentiable]
                public static double Square(double x) => x * x;
            }
            """);
    }

    [Fact]
    public async Task TypeWithoutModifiers_KeepsItsCommentsAndAttributes()
    {
        await CodeFixHarness.VerifyFixAsync(
            Provider,
            "GG0001",
            new[]
            {
                """
                using System;
                using GradGen;

                namespace Demo;

                /// <summary>A model.</summary>
                [Obsolete("old")]
                // the keyword's own comment
                class Model
                {
                    [Differentiable]
                    public static double Square(double x) => x * x;
                }
                """,
            },
            "Make 'Model' partial",
            "Test0.cs",
            """
            using System;
            using GradGen;

            namespace Demo;

            /// <summary>A model.</summary>
            [Obsolete("old")]
            // the keyword's own comment
            partial class Model
            {
                [Differentiable]
                public static double Square(double x) => x * x;
            }
            """);
    }

    [Fact]
    public async Task NestedType_OnlyTheReportedOneChanges()
    {
        await CodeFixHarness.VerifyFixAsync(
            Provider,
            "GG0001",
            new[]
            {
                """
                using GradGen;

                namespace Demo;

                public partial class Outer
                {
                    internal class Inner
                    {
                        [Differentiable]
                        public static double Square(double x) => x * x;
                    }
                }
                """,
            },
            "Make 'Inner' partial",
            "Test0.cs",
            """
            using GradGen;

            namespace Demo;

            public partial class Outer
            {
                internal partial class Inner
                {
                    [Differentiable]
                    public static double Square(double x) => x * x;
                }
            }
            """);
    }

    /// <summary>
    /// Both types are reported; the fix at either makes both partial (the outer ones of the reported type, and those
    /// between it and its [Differentiable] methods), so one fix clears both diagnostics.
    /// </summary>
    [Theory]
    [InlineData(0)]
    [InlineData(1)]
    public async Task OuterAndInnerNotPartial_EitherFixMakesBothPartial(int which)
    {
        await CodeFixHarness.VerifyFixAsync(
            Provider,
            "GG0001",
            new[]
            {
                """
                using GradGen;

                public class Outer
                {
                    public struct Inner
                    {
                        [Differentiable]
                        public static double Square(double x) => x * x;
                    }
                }
                """,
            },
            "Make 'Outer' and 'Inner' partial",
            "Test0.cs",
            """
            using GradGen;

            public partial class Outer
            {
                public partial struct Inner
                {
                    [Differentiable]
                    public static double Square(double x) => x * x;
                }
            }
            """,
            index: which);
    }

    [Fact]
    public async Task RecordAndReadonlyStruct_GetPartialBeforeTheKeyword()
    {
        await CodeFixHarness.VerifyFixAsync(
            Provider,
            "GG0001",
            new[]
            {
                """
                using GradGen;

                public sealed record Model(double Scale)
                {
                    [Differentiable]
                    public static double Square(double x) => x * x;
                }
                """,
            },
            "Make 'Model' partial",
            "Test0.cs",
            """
            using GradGen;

            public sealed partial record Model(double Scale)
            {
                [Differentiable]
                public static double Square(double x) => x * x;
            }
            """);

        await CodeFixHarness.VerifyFixAsync(
            Provider,
            "GG0001",
            new[]
            {
                """
                using GradGen;

                public readonly struct Model
                {
                    [Differentiable]
                    public static double Square(double x) => x * x;
                }
                """,
            },
            "Make 'Model' partial",
            "Test0.cs",
            """
            using GradGen;

            public readonly partial struct Model
            {
                [Differentiable]
                public static double Square(double x) => x * x;
            }
            """);
    }

    [Fact]
    public async Task FixAllInDocument_MakesEveryReportedTypePartial()
    {
        var project = CodeFixHarness.CreateProject("""
            using GradGen;

            public static class First
            {
                [Differentiable]
                public static double Square(double x) => x * x;
            }

            public class Outer
            {
                internal static class Inner
                {
                    [Differentiable]
                    public static double Cube(double x) => x * x * x;
                }
            }
            """);
        Assert.Equal(3, (await CodeFixHarness.DiagnosticsAsync(project, "GG0001")).Length);

        var fix = await CodeFixHarness.FixAllAsync(Provider, project, "GG0001", MakeTypePartialCodeFixProvider.EquivalenceKey);

        CodeFixHarness.AssertSameText(
            """
            using GradGen;

            public static partial class First
            {
                [Differentiable]
                public static double Square(double x) => x * x;
            }

            public partial class Outer
            {
                internal static partial class Inner
                {
                    [Differentiable]
                    public static double Cube(double x) => x * x * x;
                }
            }
            """,
            await fix.TextAsync(project.DocumentIds[0]));
        await CodeFixHarness.AssertCompilesCleanlyAsync(fix.After.GetProject(project.Id)!);
    }

    [Fact]
    public async Task NotOffered_WhenTheTypeIsPartialAlready()
    {
        // A stale diagnostic (the type was made partial by hand since) gets no fix.
        var stale = await CodeFixHarness.DiagnosticsAsync(CodeFixHarness.CreateProject(Source("public class")), "GG0001");
        var project = CodeFixHarness.CreateProject(Source("public partial class"));
        var tree = await project.Documents.Single().GetSyntaxTreeAsync();
        var text = (await tree!.GetTextAsync()).ToString();
        var at = Location.Create(tree, new TextSpan(text.IndexOf("Model", StringComparison.Ordinal), "Model".Length));

        Assert.Empty(await CodeFixHarness.GetFixesAsync(Provider, project, Diagnostic.Create(stale[0].Descriptor, at, "Model", "Square")));

        static string Source(string declaration) => $$"""
            using GradGen;

            {{declaration}} Model
            {
                [Differentiable]
                public static double Square(double x) => x * x;
            }
            """;
    }
}
