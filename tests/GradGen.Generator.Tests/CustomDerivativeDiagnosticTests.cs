using GradGen.Generator.Tests.Infrastructure;
using Microsoft.CodeAnalysis;

namespace GradGen.Generator.Tests;

/// <summary>GG0010-GG0013: custom derivatives that cannot be used are errors that say why, and the fallback warns per call.</summary>
public sealed class CustomDerivativeDiagnosticTests
{
    private static string Message(Diagnostic diagnostic) => diagnostic.GetMessage(System.Globalization.CultureInfo.InvariantCulture);

    private static string WithSpecial(string members) => $$"""
        using System;
        using GradGen;

        namespace Demo;

        public static class Special
        {
            public static double Gamma(double x) => Math.Exp(x) / x;

            public static double Gamma(double x, double y) => x * y;

            public static double Scale(ReadOnlySpan<double> v, double k) => v[0] * k;
        }

        public static partial class C
        {
        {{members}}
        }
        """;

    [Fact]
    public void A_matching_custom_derivative_is_used_and_everything_compiles()
    {
        var run = GeneratorHarness.Run(WithSpecial("""
                [DerivativeOf(typeof(Special), nameof(Special.Gamma))]
                public static void GammaPullback(double x, double seed, ref double dX) => dX += seed * Math.Exp(x) * (x - 1) / (x * x);

                [DerivativeOf(typeof(Special), nameof(Special.Scale))]
                public static void ScalePullback(ReadOnlySpan<double> v, double k, double seed, Span<double> dV, ref double dK)
                {
                    dV[0] += seed * k;
                    dK += seed * v[0];
                }

                [Differentiable]
                public static double F(double x, double[] w) => Special.Gamma(x * x) + Special.Scale(w, x);
            """).Replace("[|", string.Empty));

        Assert.Empty(run.GeneratorDiagnostics);
        GeneratorHarness.AssertCompilesCleanly(run);
        var text = Assert.Single(run.GeneratedSources).Value;
        Assert.Contains("global::Demo.C.GammaPullback(", text);
        Assert.Contains("global::Demo.C.ScalePullback(w, x, ", text);
    }

    [Fact]
    public void GG0010_TargetIsNotAMethod_OnTheAttribute()
    {
        var diagnostic = GeneratorHarness.AssertSingleDiagnostic(WithSpecial("""
                [[|DerivativeOf(typeof(Special), "Gama")|]]
                public static void GammaPullback(double x, double seed, ref double dX) => dX += seed;
            """), "GG0010");

        Assert.Contains("'C.GammaPullback'", Message(diagnostic));
        Assert.Contains("'Special.Gama'", Message(diagnostic));
        Assert.Contains("not a method of 'Special'", Message(diagnostic));
    }

    [Fact]
    public void GG0010_TargetIsDifferentiableAlready_OnTheAttribute()
    {
        var diagnostic = GeneratorHarness.AssertSingleDiagnostic(WithSpecial("""
                [Differentiable]
                public static double Square(double x) => x * x;

                [[|DerivativeOf(typeof(C), nameof(Square))|]]
                public static void SquarePullback2(double x, double seed, ref double dX) => dX += 2 * seed * x;
            """), "GG0010");

        Assert.Contains("[Differentiable] already", Message(diagnostic));
    }

    [Fact]
    public void GG0011_WrongSignature_SpellsOutTheExpectedOnes()
    {
        var diagnostic = GeneratorHarness.AssertSingleDiagnostic(WithSpecial("""
                [[|DerivativeOf(typeof(Special), nameof(Special.Gamma))|]]
                public static void GammaPullback(double x, double seed, out double dX) => dX = seed;
            """), "GG0011");

        var message = Message(diagnostic);
        Assert.Contains("'C.GammaPullback'", message);
        Assert.Contains("'Special.Gamma'", message);
        Assert.Contains("static void GammaPullback(double x, double seed, ref double dX)", message);
        Assert.Contains("static void GammaPullback(double x, double y, double seed, ref double dX, ref double dY)", message);
    }

    [Fact]
    public void GG0011_PrivateDerivative_CannotBeCalledFromGeneratedCode()
    {
        var diagnostic = GeneratorHarness.AssertSingleDiagnostic(WithSpecial("""
                [[|DerivativeOf(typeof(Special), nameof(Special.Gamma))|]]
                private static void GammaPullback(double x, double seed, ref double dX) => dX += seed;
            """), "GG0011");

        Assert.Contains("internal or public", Message(diagnostic));
    }

    [Fact]
    public void GG0012_SecondDerivativeOfTheSameMethod_OnTheSecondAttribute()
    {
        var diagnostic = GeneratorHarness.AssertSingleDiagnostic(WithSpecial("""
                [DerivativeOf(typeof(Special), nameof(Special.Gamma))]
                public static void GammaPullback(double x, double seed, ref double dX) => dX += seed;

                [[|DerivativeOf(typeof(Special), nameof(Special.Gamma))|]]
                public static void OtherGammaPullback(double x, double seed, ref double dX) => dX += seed;
            """), "GG0012");

        Assert.Contains("'C.OtherGammaPullback' is a second custom derivative of 'Special.Gamma', which already has 'C.GammaPullback'", Message(diagnostic));
    }

    [Fact]
    public void GG0006_WithoutCustomDerivativeOrFallback_SuggestsBoth()
    {
        var diagnostic = GeneratorHarness.AssertSingleDiagnostic(WithSpecial("""
                [Differentiable]
                public static double F(double x) => [|Special.Gamma(x)|] * 2;
            """), "GG0006");

        Assert.Contains("[DerivativeOf]", Message(diagnostic));
        Assert.Contains("Fallback = DerivativeFallback.FiniteDifferences", Message(diagnostic));
    }

    [Fact]
    public void GG0013_FallbackCall_IsAWarningOnTheCall_AndTheCodeCompiles()
    {
        var diagnostic = GeneratorHarness.AssertSingleDiagnostic(WithSpecial("""
                [Differentiable(Fallback = DerivativeFallback.FiniteDifferences)]
                public static double F(double x, double y) => [|Special.Gamma(x, y)|] + x;
            """), "GG0013");

        Assert.Equal(DiagnosticSeverity.Warning, diagnostic.Severity);
        Assert.Contains("'Special.Gamma'", Message(diagnostic));
        Assert.Contains("'F'", Message(diagnostic));
        Assert.Contains("[DerivativeOf]", Message(diagnostic));
    }
}
