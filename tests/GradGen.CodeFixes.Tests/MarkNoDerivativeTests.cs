using System.Threading.Tasks;
using GradGen.CodeFixes.Tests.Infrastructure;

namespace GradGen.CodeFixes.Tests;

/// <summary>GG0014: "Mark 'unused' [NoDerivative]".</summary>
public sealed class MarkNoDerivativeTests
{
    private static readonly MarkNoDerivativeCodeFixProvider Provider = new();

    [Fact]
    public async Task Parameter_GetsTheAttributeInFront()
    {
        await CodeFixHarness.VerifyFixAsync(
            Provider,
            "GG0014",
            new[]
            {
                """
                using GradGen;

                namespace Demo;

                public static partial class C
                {
                    [Differentiable]
                    public static double F(double x, double unused) => x * x;
                }
                """,
            },
            "Mark 'unused' [NoDerivative]",
            "Test0.cs",
            """
            using GradGen;

            namespace Demo;

            public static partial class C
            {
                [Differentiable]
                public static double F(double x, [NoDerivative] double unused) => x * x;
            }
            """);
    }

    [Fact]
    public async Task WithoutUsingGradGen_AddsTheUsing()
    {
        await CodeFixHarness.VerifyFixAsync(
            Provider,
            "GG0014",
            new[]
            {
                """
                using System;

                namespace Demo;

                public static partial class C
                {
                    [GradGen.Differentiable]
                    public static double F(
                        double x,
                        double limit)
                    {
                        return x > limit ? Math.Sin(x) : x;
                    }
                }
                """,
            },
            "Mark 'limit' [NoDerivative]",
            "Test0.cs",
            """
            using System;
            using GradGen;

            namespace Demo;

            public static partial class C
            {
                [GradGen.Differentiable]
                public static double F(
                    double x,
                    [NoDerivative] double limit)
                {
                    return x > limit ? Math.Sin(x) : x;
                }
            }
            """);
    }

    [Fact]
    public async Task FixAllInDocument_MarksEveryReportedParameter()
    {
        var project = CodeFixHarness.CreateProject("""
            using GradGen;

            public static partial class C
            {
                [Differentiable]
                public static double F(double x, double a, double b) => x * x;

                [Differentiable]
                public static double G(double y, double c) => y > c ? y : -y;
            }
            """);
        Assert.Equal(3, (await CodeFixHarness.DiagnosticsAsync(project, "GG0014")).Length);

        var fix = await CodeFixHarness.FixAllAsync(Provider, project, "GG0014", MarkNoDerivativeCodeFixProvider.EquivalenceKey);

        CodeFixHarness.AssertSameText(
            """
            using GradGen;

            public static partial class C
            {
                [Differentiable]
                public static double F(double x, [NoDerivative] double a, [NoDerivative] double b) => x * x;

                [Differentiable]
                public static double G(double y, [NoDerivative] double c) => y > c ? y : -y;
            }
            """,
            await fix.TextAsync(project.DocumentIds[0]));
        await CodeFixHarness.AssertCompilesCleanlyAsync(fix.After.GetProject(project.Id)!);
    }
}
