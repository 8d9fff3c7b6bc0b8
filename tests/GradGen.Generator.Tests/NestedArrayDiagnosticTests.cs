using System.Globalization;
using GradGen.Generator.Tests.Infrastructure;
using Microsoft.CodeAnalysis;

namespace GradGen.Generator.Tests;

/// <summary>
/// Local arrays and spans declared inside loops and branches are declared once at the top level of the generated code;
/// that is exact only when the length is the same for every run of the declaration. Every other one is GG0004 at its
/// declarator; the supported ones compile cleanly, with no stackalloc left inside a loop.
/// </summary>
public sealed class NestedArrayDiagnosticTests
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

    private static string Message(Diagnostic diagnostic) => diagnostic.GetMessage(CultureInfo.InvariantCulture);

    [Fact]
    public void GG0004_LengthThatChangesPerIteration_OnTheDeclarator()
    {
        var diagnostic = GeneratorHarness.AssertSingleDiagnostic(InStaticClass("""
                [Differentiable]
                public static double Sum(double x, int n)
                {
                    var s = 0.0;
                    for (var i = 0; i < n; i++)
                    {
                        var [|a = new double[i + 1]|];
                        a[0] = x * i;
                        s += a[0];
                    }

                    return s;
                }
            """), "GG0004");

        Assert.Contains("the array or span local 'a' declared inside a loop or branch with the length 'i + 1'", Message(diagnostic));
        Assert.Contains("a length fixed for the whole method", Message(diagnostic));
    }

    [Fact]
    public void GG0004_LengthFromALocalAssignedAgain_OnTheDeclarator()
    {
        var diagnostic = GeneratorHarness.AssertSingleDiagnostic(InStaticClass("""
                [Differentiable]
                public static double Sum(ReadOnlySpan<double> w)
                {
                    int k = 2;
                    var s = 0.0;
                    for (var i = 0; i < w.Length; i++)
                    {
                        if (w[i] > 0)
                        {
                            Span<double> [|z = stackalloc double[k]|];
                            z[1] = w[i] * w[i];
                            s += z[1] + z[0];
                        }

                        k = 3;
                    }

                    return s;
                }
            """), "GG0004");

        Assert.Contains("with the length 'k'", Message(diagnostic));
    }

    [Fact]
    public void GG0004_LengthFromACall_OnTheDeclarator()
    {
        var diagnostic = GeneratorHarness.AssertSingleDiagnostic(InStaticClass("""
                [Differentiable]
                public static double Sum(ReadOnlySpan<double> w)
                {
                    var s = 0.0;
                    for (var i = 0; i < w.Length; i++)
                    {
                        double[] [|h = new double[Math.Max(2, w.Length)]|];
                        h[1] = w[i];
                        s += h[1] * h[1];
                    }

                    return s;
                }
            """), "GG0004");

        Assert.Contains("with the length 'Math.Max(2, w.Length)'", Message(diagnostic));
    }

    [Fact]
    public void GG0004_ArrayInALocalFunction_OnTheDeclarator()
    {
        var diagnostic = GeneratorHarness.AssertSingleDiagnostic(InStaticClass("""
                [Differentiable]
                public static double Sum(double x)
                {
                    return Square(x) + Square(2 * x);

                    static double Square(double v)
                    {
                        if (v > 0)
                        {
                            double[] [|h = new double[2]|];
                            h[0] = v * v;
                            return h[0];
                        }

                        return v;
                    }
                }
            """), "GG0004");

        Assert.Contains("declared inside the local function 'Square'", Message(diagnostic));
    }

    [Fact]
    public void GG0004_RectangularArrayInALoop_OnTheDeclarator()
    {
        var diagnostic = GeneratorHarness.AssertSingleDiagnostic(InStaticClass("""
                [Differentiable]
                public static double Sum(double x, int n)
                {
                    var s = 0.0;
                    for (var i = 0; i < n; i++)
                    {
                        var [|a = new double[2, 2]|];
                        a[0, 1] = x * i;
                        s += a[0, 1];
                    }

                    return s;
                }
            """), "GG0004");

        Assert.Contains("the rectangular array local 'a' declared inside a loop or branch", Message(diagnostic));
    }

    /// <summary>Two sibling loops reusing one name, a span in a nested loop, a branch after an early return: all compile cleanly (with forward mode and the Hessian-vector product).</summary>
    [Fact]
    public void SupportedNestedArrays_CompileCleanly()
    {
        var run = GeneratorHarness.Run(InStaticClass("""
                [Differentiable(Forward = true, HessianVectorProduct = true)]
                public static double Sum(ReadOnlySpan<double> w, int n)
                {
                    int k = w.Length;
                    if (n < 0)
                    {
                        return w[0];
                    }

                    var s = 0.0;
                    for (var i = 0; i < n; i++)
                    {
                        for (var j = 0; j < 2; j++)
                        {
                            #pragma warning disable CA2014
                            Span<double> z = stackalloc double[k];
                            #pragma warning restore CA2014
                            z[j] += w[j] * i;
                            s += z[0] * z[1];
                        }
                    }

                    for (var i = 0; i < n; i++)
                    {
                        double[] z = new double[k + 1];
                        z[k] = s * w[i % k];
                        s += z[k];
                    }

                    return s;
                }
            """));

        GeneratorHarness.AssertCompilesCleanly(run);
    }
}
