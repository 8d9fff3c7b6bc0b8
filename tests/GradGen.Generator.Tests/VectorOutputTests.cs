using System.Runtime.CompilerServices;
using GradGen.Generator.Tests.Infrastructure;
using Microsoft.CodeAnalysis;

namespace GradGen.Generator.Tests;

/// <summary>
/// Vector-valued methods ([DifferentiableOutput]): the generated Pullback, Pushforward and Jacobian as a snapshot, and
/// GG0033 / GG0034 / GG0020 where they cannot be generated. Their numbers are tested in GradGen.Tests (VectorTests).
/// </summary>
public sealed class VectorOutputTests
{
    private static string Message(Diagnostic diagnostic) => diagnostic.GetMessage(System.Globalization.CultureInfo.InvariantCulture);

    private static void Verify(string source, string name, [CallerFilePath] string callerFile = "")
    {
        var run = GeneratorHarness.Run(source);
        GeneratorHarness.AssertCompilesCleanly(run);
        Assert.NotEmpty(run.GeneratedSources);
        Snapshot.MatchGenerated(run, name, callerFile);
    }

    [Fact]
    public void Residuals_of_a_model_fitted_to_data() => Verify("""
        using System;
        using GradGen;

        namespace Demo;

        public static partial class Fit
        {
            [Differentiable]
            public static void Residuals(ReadOnlySpan<double> p, [NoDerivative] ReadOnlySpan<double> t, [NoDerivative] ReadOnlySpan<double> y, [DifferentiableOutput] Span<double> r)
            {
                for (int i = 0; i < t.Length; i++)
                {
                    r[i] = p[0] * Math.Exp(-p[1] * t[i]) - y[i];
                }
            }
        }
        """, "VectorOutput");

    [Fact]
    public void GG0002_AVoidMethodWithoutOutput_AtTheReturnType() =>
        GeneratorHarness.AssertSingleDiagnostic("""
            using System;
            using GradGen;

            public static partial class C
            {
                [Differentiable]
                public static [|void|] F(double x, Span<double> r) => r[0] = x;
            }
            """, "GG0002");

    [Fact]
    public void GG0033_AnOutputOnAMethodThatReturnsAValue_AtTheOutput()
    {
        var diagnostic = GeneratorHarness.AssertSingleDiagnostic("""
            using System;
            using GradGen;

            public static partial class C
            {
                [Differentiable]
                public static double F(double x, [DifferentiableOutput] Span<double> [|r|]) => x;
            }
            """, "GG0033");
        Assert.Contains("returns 'double'", Message(diagnostic));
    }

    [Fact]
    public void GG0033_AnOutputThatIsAnArray_AtTheOutput() =>
        GeneratorHarness.AssertSingleDiagnostic("""
            using GradGen;

            public static partial class C
            {
                [Differentiable]
                public static void F(double x, [DifferentiableOutput] double[] [|r|]) => r[0] = x;
            }
            """, "GG0033");

    [Fact]
    public void GG0034_AnElementOfTheOutputRead_AtTheRead() =>
        GeneratorHarness.AssertSingleDiagnostic("""
            using System;
            using GradGen;

            public static partial class C
            {
                [Differentiable]
                public static void F(double x, [DifferentiableOutput] Span<double> r)
                {
                    r[0] = x;
                    r[1] = [|r[0]|] * x;
                }
            }
            """, "GG0034");

    [Fact]
    public void GG0034_ACompoundAssignmentToTheOutput_AtTheMethod() =>
        GeneratorHarness.AssertSingleDiagnostic("""
            using System;
            using GradGen;

            public static partial class C
            {
                [Differentiable]
                public static void [|F|](double x, [DifferentiableOutput] Span<double> r)
                {
                    r[0] += x;
                }
            }
            """, "GG0034");

    [Fact]
    public void A_vector_valued_method_called_on_a_local_span_from_a_differentiable_method_is_refused()
    {
        var run = GeneratorHarness.Run("""
            using System;
            using GradGen;

            public static partial class C
            {
                [Differentiable]
                public static void R(double x, [DifferentiableOutput] Span<double> r)
                {
                    r[0] = x * x;
                }

                [Differentiable]
                public static double F(double x)
                {
                    Span<double> r = stackalloc double[1];
                    R(x, r);
                    return r[0];
                }
            }
            """);
        Assert.Contains(run.GeneratorDiagnostics, d => d.Id.StartsWith("GG", System.StringComparison.Ordinal) && d.Severity == DiagnosticSeverity.Error);
    }

    [Fact]
    public void GG0020_AMemberNamedLikeTheJacobian_AtTheMember() =>
        GeneratorHarness.AssertSingleDiagnostic("""
            using System;
            using GradGen;

            public static partial class C
            {
                public static int [|RJacobian|];

                [Differentiable]
                public static void R(double x, [DifferentiableOutput] Span<double> r) => r[0] = x;
            }
            """, "GG0020");
}
