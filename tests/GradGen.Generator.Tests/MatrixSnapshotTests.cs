using System.Runtime.CompilerServices;
using GradGen.Generator.Tests.Infrastructure;

namespace GradGen.Generator.Tests;

/// <summary>The generated code of one rectangular and one jagged array parameter: shape checks, clears, element adjoints.</summary>
public sealed class MatrixSnapshotTests
{
    private static void Verify(string source, string name, [CallerFilePath] string callerFile = "")
    {
        var run = GeneratorHarness.Run(source);
        GeneratorHarness.AssertCompilesCleanly(run);
        Assert.NotEmpty(run.GeneratedSources);
        Snapshot.MatchGenerated(run, name, callerFile);
    }

    [Fact]
    public void MatrixParameter()
    {
        Verify("""
            using System;
            using GradGen;

            namespace Demo;

            public static partial class Layer
            {
                [Differentiable]
                public static double Output(double[,] w, double[] b, [NoDerivative] double[] x)
                {
                    double sum = 0;
                    for (int i = 0; i < w.GetLength(0); i++)
                    {
                        double z = b[i];
                        for (int j = 0; j < w.GetLength(1); j++)
                        {
                            z += w[i, j] * x[j];
                        }

                        sum += Math.Tanh(z);
                    }

                    return sum;
                }
            }
            """, "MatrixParameter");
    }

    [Fact]
    public void JaggedParameter()
    {
        Verify("""
            using System;
            using GradGen;

            namespace Demo;

            public static partial class Rows
            {
                [Differentiable]
                public static float SumOfSquares(float[][] rows)
                {
                    float s = 0;
                    for (int i = 0; i < rows.Length; i++)
                    {
                        for (int j = 0; j < rows[i].Length; j++)
                        {
                            s += rows[i][j] * rows[i][j] * (i + 1);
                        }
                    }

                    return s;
                }
            }
            """, "JaggedParameter");
    }
}
