using System.Runtime.CompilerServices;
using GradGen.Generator.Tests.Infrastructure;
using Microsoft.CodeAnalysis;

namespace GradGen.Generator.Tests;

/// <summary>
/// Forward mode and second derivatives: the generated Pushforward, HessianVectorProduct and Hessian as snapshots (they
/// must compile without warnings), and GG0032 / GG0020 where they cannot be generated. Their numbers are tested in
/// GradGen.Tests (ForwardTests, SecondOrderTests) and by the random differential tester.
/// </summary>
public sealed class ForwardModeTests
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
    public void Pushforward_with_a_loop_a_branch_and_a_call() => Verify("""
        using System;
        using GradGen;

        namespace Demo;

        public static partial class Model
        {
            [Differentiable(Forward = true)]
            public static double F(double a, double[] w, [NoDerivative] double k)
            {
                double s = a * a;
                for (int i = 0; i < w.Length; i++)
                {
                    s += Math.Sin(w[i] * a) + k * w[i];
                }

                if (s > 1)
                {
                    s = Math.Sqrt(s);
                }

                return Square(s) + Math.Exp(-a);
            }

            [Differentiable]
            public static double Square(double x) => x * x;
        }
        """, "ForwardMode");

    [Fact]
    public void HessianVectorProduct_and_Hessian() => Verify("""
        using System;
        using GradGen;

        namespace Demo;

        public static partial class Model
        {
            [Differentiable(HessianVectorProduct = true)]
            public static double Energy(double a, ReadOnlySpan<double> x)
            {
                double e = 0;
                for (int i = 0; i < x.Length; i++)
                {
                    double d = x[i] - a;
                    e += d * d * Math.Exp(-a * x[i]);
                }

                return e;
            }
        }
        """, "SecondDerivatives");

    [Fact]
    public void GG0032_ACallToAMethodThatCannotHaveSecondDerivatives_AtTheCall()
    {
        var diagnostic = GeneratorHarness.AssertSingleDiagnostic("""
            using GradGen;

            public static partial class C
            {
                [Differentiable(HessianVectorProduct = true)]
                public static double F(double x)
                {
                    double y = [|G(x, (float)x)|];
                    return y * x;
                }

                [Differentiable]
                public static double G(double x, float y) => x * y;
            }
            """, "GG0032");
        Assert.Contains("to a method that cannot have second derivatives", Message(diagnostic));
    }

    [Fact]
    public void A_call_to_a_differentiable_method_gives_it_second_derivatives() => Verify("""
        using System;
        using GradGen;

        namespace Demo;

        public static partial class Model
        {
            [Differentiable(HessianVectorProduct = true)]
            public static double Loss(double a, ReadOnlySpan<double> w)
            {
                double s = 0;
                for (int i = 0; i < w.Length; i++)
                {
                    s += Softplus(w[i] * a);
                }

                return s;
            }

            [Differentiable]
            public static double Softplus(double z) => Math.Log(1 + Math.Exp(z));
        }
        """, "SecondDerivativesThroughCalls");

    [Fact]
    public void GG0032_ParametersOfAnotherPrecisionThanTheResult_AtTheMethod() =>
        GeneratorHarness.AssertSingleDiagnostic("""
            using GradGen;

            public static partial class C
            {
                [Differentiable(HessianVectorProduct = true)]
                public static double [|F|](double x, float y) => x * y;
            }
            """, "GG0032");

    [Fact]
    public void GG0032_ARectangularOrJaggedArray_AtTheMethod()
    {
        GeneratorHarness.AssertSingleDiagnostic("""
            using GradGen;

            public static partial class C
            {
                [Differentiable(Forward = true)]
                public static double [|F|](double[,] a) => a[0, 0] * a[0, 1];
            }
            """, "GG0032");
        GeneratorHarness.AssertSingleDiagnostic("""
            using GradGen;

            public static partial class C
            {
                [Differentiable(HessianVectorProduct = true)]
                public static double [|F|](double[][] a, double x) => a[0][0] * x;
            }
            """, "GG0032");
    }

    [Fact]
    public void GG0032_ACallWithSideEffectsInsideAnActiveConditional_AtTheCall() =>
        GeneratorHarness.AssertSingleDiagnostic("""
            using GradGen;

            public static partial class C
            {
                private static int _count;

                private static double Next() => ++_count;

                [Differentiable(Forward = true)]
                public static double F(double x) => x > 0 ? x * [|Next()|] : x;
            }
            """, "GG0032");

    [Fact]
    public void GG0020_AMemberNamedLikeThePushforward_AtTheMember() =>
        GeneratorHarness.AssertSingleDiagnostic("""
            using GradGen;

            public static partial class C
            {
                public static int [|FPushforward|];

                [Differentiable(Forward = true)]
                public static double F(double x) => x * x;
            }
            """, "GG0020");

    [Fact]
    public void GG0020_AMemberNamedLikeTheHessian_AtTheMember() =>
        GeneratorHarness.AssertSingleDiagnostic("""
            using GradGen;

            public static partial class C
            {
                public static void [|FHessian|]() { }

                [Differentiable(HessianVectorProduct = true)]
                public static double F(double x) => x * x;
            }
            """, "GG0020");

    [Fact]
    public void Without_forward_mode_a_member_named_like_the_Pushforward_is_fine()
    {
        var run = GeneratorHarness.Run("""
            using GradGen;

            public static partial class C
            {
                public static int FPushforward;

                [Differentiable]
                public static double F(double x) => x * x;
            }
            """);
        GeneratorHarness.AssertCompilesCleanly(run);
    }
}
