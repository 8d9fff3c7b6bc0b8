using System.Globalization;
using GradGen.Generator.Tests.Infrastructure;
using Microsoft.CodeAnalysis;

namespace GradGen.Generator.Tests;

/// <summary>
/// LINQ over arrays and lambda locals: what is lowered compiles cleanly, and what cannot be lowered exactly stays an
/// error at its own span (a Func parameter as selector GG0006 at the call, per the soundness rule; the rest GG0004).
/// </summary>
public sealed class LinqDiagnosticTests
{
    private static string InStaticClass(string members) => $$"""
        using System;
        using System.Collections.Generic;
        using System.Linq;
        using GradGen;

        namespace Demo;

        public static partial class C
        {
        {{members}}
        }
        """;

    private static string Message(Diagnostic diagnostic) => diagnostic.GetMessage(CultureInfo.InvariantCulture);

    private static Diagnostic Expect(string members, string id) => GeneratorHarness.AssertSingleDiagnostic(InStaticClass(members), id);

    [Fact]
    public void Accepted_EveryLoweringCompilesCleanly()
    {
        var run = GeneratorHarness.Run(InStaticClass("""
                [Differentiable]
                public static double F(double[] w, [NoDerivative] double[] x, int n)
                {
                    Func<double, double> sq = v => v * v;
                    var a = w.Sum() + w.Average() + w.Min() + w.Max() + w.Select(v => sq(v)).Max() + w.Average(v => v * 2);
                    var b = w.Select((v, i) => v * i).Sum() + w.Zip(x, (p, q) => p * q).Sum() + Enumerable.Range(1, n).Select(i => w[i - 1] * x[i]).Sum();
                    var c = w.Aggregate(1.0, (acc, v) => acc * v) + w.Aggregate((p, q) => p + q) + w.Count(v => v > 0) + w.Count();
                    if (w.Sum() > 0 || w.Max() > 1)
                    {
                        a += sq(b);
                    }

                    return a * b + c;
                }

                [Differentiable]
                public static float G(float[] w) => w.Sum() + w.Min() + w.Select(v => v * v).Average();
            """));
        Assert.Empty(run.GeneratorDiagnostics);
        GeneratorHarness.AssertCompilesCleanly(run);
    }

    [Fact]
    public void GG0006_FuncParameterSelector_AtTheCall()
    {
        var diagnostic = Expect("""
                [Differentiable]
                public static double F(double[] w, Func<double, double> f) => [|w.Sum(f)|];
            """, "GG0006");

        Assert.Contains("'Enumerable.Sum' passes 'w'", Message(diagnostic));
    }

    [Fact]
    public void GG0004_MethodGroupSelector_OnTheMethodGroup()
    {
        // A method group is a delegate the parser does not follow, as before LINQ was lowered.
        Expect("""
                private static double Cube(double v) => v * v * v;

                [Differentiable]
                public static double F(double[] w) => w.Select([|Cube|]).Sum();
            """, "GG0004");
    }

    [Fact]
    public void GG0004_StatementLambdaSelector_OnTheLambda()
    {
        var diagnostic = Expect("""
                [Differentiable]
                public static double F(double[] w) => w.Select([|v => { return v * v; }|]).Sum();
            """, "GG0004");

        Assert.Contains("statement body", Message(diagnostic));
    }

    [Fact]
    public void GG0004_LinqOverAList_OnTheLambda()
    {
        Expect("""
                [Differentiable]
                public static double F(List<double> w, double a) => w.Select([|v => v * a|]).Sum();
            """, "GG0004");
    }

    [Fact]
    public void GG0004_LambdaLocalAssignedAgain_AtItsDeclaration()
    {
        var diagnostic = Expect("""
                [Differentiable]
                public static double F(double x)
                {
                    Func<double, double> [|f = v => v * x|];
                    if (x > 0)
                    {
                        f = v => v;
                    }

                    return f(x);
                }
            """, "GG0004");

        Assert.Contains("assigned again", Message(diagnostic));
    }

    [Fact]
    public void GG0004_LambdaLocalWithStatementBody()
    {
        var diagnostic = Expect("""
                [Differentiable]
                public static double F(double x)
                {
                    Func<double, double> f = [|v => { return v * x; }|];
                    return f(x);
                }
            """, "GG0004");

        Assert.Contains("statement body", Message(diagnostic));
    }

    [Fact]
    public void GG0004_LambdaCallInALoopCondition_WithAnExpressionArgument()
    {
        var diagnostic = Expect("""
                [Differentiable]
                public static double F(double x)
                {
                    Func<double, double> f = v => v * x;
                    var y = x;
                    while (y < 10 && [|f(y + 1)|] > 0)
                    {
                        y = y * 2;
                    }

                    return y;
                }
            """, "GG0004");

        Assert.Contains("not a variable in a loop condition", Message(diagnostic));
    }
}
