using System.Globalization;
using GradGen.Generator.Tests.Infrastructure;
using Microsoft.CodeAnalysis;

namespace GradGen.Generator.Tests;

/// <summary>
/// Rectangular and jagged arrays are read element by element; every other use of one that could carry a derivative is an
/// error at its own span: a row or the whole array used as an array (GG0038), writes into them and locals of their types
/// (GG0004, as is passing one to a method that takes it as an array, which could write it), and an active one passed to a
/// method with no derivative (GG0006). What cannot lose a derivative (lengths,
/// data arrays, int arrays) is accepted and compiles cleanly.
/// </summary>
public sealed class MatrixDiagnosticTests
{
    private static string InStaticClass(string members) => $$"""
        using System;
        using System.Linq;
        using GradGen;

        namespace Demo;

        public static partial class C
        {
            [Differentiable]
            public static double Sum(double[] v)
            {
                double s = 0;
                for (int i = 0; i < v.Length; i++)
                {
                    s += v[i];
                }

                return s;
            }

            [Differentiable]
            public static double Total(double[,] m) => m[0, 0];

            public static double Opaque(System.Collections.IEnumerable m) => 1;

        {{members}}
        }
        """;

    private static Diagnostic Expect(string members, string id) => GeneratorHarness.AssertSingleDiagnostic(InStaticClass(members), id);

    private static string Message(Diagnostic diagnostic) => diagnostic.GetMessage(CultureInfo.InvariantCulture);

    [Fact]
    public void GG0038_JaggedRowPassedToADifferentiableMethod()
    {
        var diagnostic = Expect("""
                [Differentiable]
                public static double F(double[][] a) => Sum([|a[1]|]);
            """, "GG0038");

        Assert.Contains("'a[1]' uses the rectangular or jagged array 'a' of 'F' through its row 'a[1]' as an array", Message(diagnostic));
    }

    [Fact]
    public void GG0038_RowLocalPassedToADifferentiableMethod()
    {
        var diagnostic = Expect("""
                [Differentiable]
                public static double F(double[][] a)
                {
                    var row = a[0];
                    return row[0] + Sum([|row|]);
                }
            """, "GG0038");

        Assert.Contains("through its row 'row' as an array", Message(diagnostic));
    }

    [Fact]
    public void GG0038_RowLocalThroughLinq()
    {
        Expect("""
                [Differentiable]
                public static double F(double[][] a)
                {
                    ReadOnlySpan<double> row = a[1];
                    return [|row|].ToArray().Sum();
                }
            """, "GG0038");
    }

    [Fact]
    public void GG0038_ForeachOverARowLocal()
    {
        Expect("""
                [Differentiable]
                public static double F(double[][] a)
                {
                    double s = 0;
                    var row = a[0];
                    foreach (var v in [|row|])
                    {
                        s += v;
                    }

                    return s;
                }
            """, "GG0038");
    }

    [Fact]
    public void GG0004_WriteIntoARowLocal()
    {
        Expect("""
                [Differentiable]
                public static double F(double[][] a)
                {
                    var row = a[0];
                    [|row[1] = 2|];
                    return row[1];
                }
            """, "GG0004");
    }

    [Fact]
    public void GG0004_RowLocalReassigned()
    {
        Expect("""
                [Differentiable]
                public static double F(double[][] a)
                {
                    var row = a[0];
                    [|row = a[1]|];
                    return row[1];
                }
            """, "GG0004");
    }

    [Fact]
    public void GG0038_DataMatrixPassedToADifferentiableParameter()
    {
        var diagnostic = Expect("""
                [Differentiable]
                public static double F(double[,] a, [NoDerivative] double[,] x) => Total(a) * [|Total(x)|];
            """, "GG0038");

        Assert.Contains("as data to the differentiable parameter 'm' of the [Differentiable] method 'Total'", Message(diagnostic));
    }

    [Fact]
    public void GG0038_ForeachOverAMatrix()
    {
        Expect("""
                [Differentiable]
                public static double F(double[,] a)
                {
                    double s = 0;
                    foreach (var v in [|a|])
                    {
                        s += v;
                    }

                    return s;
                }
            """, "GG0038");
    }

    [Fact]
    public void GG0038_MatrixAliasedByALocal()
    {
        Expect("""
                [Differentiable]
                public static double F(double[,] a)
                {
                    double[,] b = [|a|];
                    return b[0, 0];
                }
            """, "GG0038");
    }

    [Fact]
    public void GG0004_WriteIntoAMatrixParameter()
    {
        Expect("""
                [Differentiable]
                public static double F(double[,] a)
                {
                    [|a[0, 1] = 2|];
                    return a[0, 1];
                }
            """, "GG0004");
    }

    [Fact]
    public void GG0004_WriteIntoAJaggedParameter()
    {
        Expect("""
                [Differentiable]
                public static double F(double[][] a)
                {
                    [|a[0][1] += 2|];
                    return a[0][1];
                }
            """, "GG0004");
    }

    [Fact]
    public void GG0004_LocalJaggedArray()
    {
        Expect("""
                [Differentiable]
                public static double F(double x)
                {
                    double[][] [|m = new double[2][]|];
                    return x;
                }
            """, "GG0004");
    }

    [Fact]
    public void GG0004_LocalMatrixInsideALoop()
    {
        Expect("""
                [Differentiable]
                public static double F(double x)
                {
                    double s = 0;
                    for (int i = 0; i < 3; i++)
                    {
                        double[,] [|m = new double[2, 2]|];
                        m[0, 0] = x;
                        s += m[0, 0];
                    }

                    return s;
                }
            """, "GG0004");
    }

    [Fact]
    public void GG0004_ArrayClearOfAMatrixParameter()
    {
        Expect("""
                [Differentiable]
                public static double F(double[,] a)
                {
                    [|Array.Clear(a)|];
                    return a[0, 0];
                }
            """, "GG0004");
    }

    [Fact]
    public void GG0006_ActiveMatrixThroughACallWithNoDerivative()
    {
        Expect("""
                [Differentiable]
                public static double F(double[,] a) => [|Opaque(a)|] * 3;
            """, "GG0006");
    }

    [Fact]
    public void GG0006_ActiveMatrixThroughLinq()
    {
        Expect("""
                [Differentiable]
                public static double F(double[,] a) => [|a.Cast<double>()|].Sum();
            """, "GG0006");
    }

    [Fact]
    public void GG0020_AMethodWithTheGradientsSignature_MatrixAndJagged()
    {
        GeneratorHarness.AssertSingleDiagnostic("""
            using GradGen;

            public static partial class D
            {
                public static double [|FGradient|](double[,] a, double[][] b, double[,] dA, double[][] dB) => 0;

                [Differentiable]
                public static double F(double[,] a, double[][] b) => a[0, 0] * b[0][0];
            }
            """, "GG0020");
    }

    [Fact]
    public void Accepted_LengthsDataAndIntArrays()
    {
        var run = GeneratorHarness.Run(InStaticClass("""
                [Differentiable]
                public static double F(double[,] a, float[][] b, [NoDerivative] double[,] x, int d)
                {
                    double s = a.Length + b.Length + a.GetLength(d) + Opaque(x) + b[0].Length;
                    for (int i = 0; i < a.GetLength(0); i++)
                    {
                        for (int j = 0; j < b[i].Length; j++)
                        {
                            s += a[i, j % a.GetLength(1)] * b[i][j] * x[0, 0];
                        }
                    }

                    return s;
                }
            """));

        Assert.Empty(run.GeneratorDiagnostics);
        GeneratorHarness.AssertCompilesCleanly(run);
    }
}
