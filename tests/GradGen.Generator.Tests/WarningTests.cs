using GradGen.Generator.Tests.Infrastructure;
using Microsoft.CodeAnalysis;

namespace GradGen.Generator.Tests;

/// <summary>GG0014 and GG0015: code that compiles and differentiates, but whose gradient is (partly) zero for a reason worth saying.</summary>
public sealed class WarningTests
{
    private static string Message(Diagnostic diagnostic) => diagnostic.GetMessage(System.Globalization.CultureInfo.InvariantCulture);

    private static string InStaticClass(string members) => $$"""
        using System;
        using GradGen;

        namespace Demo;

        public static partial class C
        {
        {{members}}
        }
        """;

    [Fact]
    public void GG0014_ParameterTheResultDoesNotDependOn_OnTheParameter()
    {
        var diagnostic = GeneratorHarness.AssertSingleDiagnostic(InStaticClass("""
                [Differentiable]
                public static double F(double x, [|double unused|]) => x * x;
            """), "GG0014");

        Assert.Equal(DiagnosticSeverity.Warning, diagnostic.Severity);
        Assert.Contains("'F'", Message(diagnostic));
        Assert.Contains("mark 'unused' [NoDerivative]", Message(diagnostic));
    }

    [Fact]
    public void GG0014_ParameterUsedOnlyInAConditionOrIndex_GetsTheWarning()
    {
        var diagnostic = GeneratorHarness.AssertSingleDiagnostic(InStaticClass("""
                [Differentiable]
                public static double F(double x, [|double limit|]) => x > limit ? x : 2 * x;
            """), "GG0014");

        Assert.Contains("'limit'", Message(diagnostic));
    }

    [Fact]
    public void GG0014_NotReported_WhenTheDependenceGoesThroughLoopsArraysAndCalls()
    {
        var run = GeneratorHarness.Run(InStaticClass("""
                [Differentiable]
                public static double Square(double v) => v * v;

                [Differentiable]
                public static double F(double[] w, double scale)
                {
                    Span<double> h = stackalloc double[w.Length];
                    for (var i = 0; i < w.Length; i++)
                    {
                        h[i] = w[i] * scale;
                    }

                    var s = 0.0;
                    foreach (var v in h)
                    {
                        s += Square(v);
                    }

                    return s;
                }
            """));

        Assert.Empty(run.GeneratorDiagnostics);
        GeneratorHarness.AssertCompilesCleanly(run);
    }

    [Fact]
    public void GG0015_FloorOfAnActiveValue_OnTheCall()
    {
        var diagnostic = GeneratorHarness.AssertSingleDiagnostic(InStaticClass("""
                [Differentiable]
                public static double F(double x) => x + [|Math.Floor(x * 3)|];
            """), "GG0015");

        Assert.Equal(DiagnosticSeverity.Warning, diagnostic.Severity);
        Assert.Contains("'Math.Floor'", Message(diagnostic));
        Assert.Contains("'F'", Message(diagnostic));
    }

    [Fact]
    public void GG0015_IntegerCastOfAnActiveValue_OnTheCast()
    {
        var diagnostic = GeneratorHarness.AssertSingleDiagnostic(InStaticClass("""
                [Differentiable]
                public static double F(double x)
                {
                    double k = [|(int)(x * 10)|];
                    return x * k;
                }
            """), "GG0015");

        Assert.Contains("The conversion to 'int'", Message(diagnostic));
    }

    [Fact]
    public void GG0015_SignOfAnActiveValue_OnTheCall()
    {
        var diagnostic = GeneratorHarness.AssertSingleDiagnostic(InStaticClass("""
                [Differentiable]
                public static double F(double x) => x * [|Math.Sign(x)|];
            """), "GG0015");

        Assert.Contains("'Math.Sign'", Message(diagnostic));
    }

    [Fact]
    public void GG0015_RoundingToDigits_OnTheCall()
    {
        var diagnostic = GeneratorHarness.AssertSingleDiagnostic(InStaticClass("""
                [Differentiable]
                public static double F(double x) => x * [|Math.Round(x, 2)|];
            """), "GG0015");

        Assert.Contains("'Math.Round'", Message(diagnostic));
    }

    [Fact]
    public void GG0015_NotReported_ForInactiveValuesOrComparisons()
    {
        var run = GeneratorHarness.Run(InStaticClass("""
                [Differentiable]
                public static double F(double x, [NoDerivative] double data, int n)
                {
                    var k = (int)Math.Floor(data * n);
                    return x > 0 ? x * k : -x * Math.Round(data);
                }
            """));

        Assert.Empty(run.GeneratorDiagnostics);
        GeneratorHarness.AssertCompilesCleanly(run);
    }
}
