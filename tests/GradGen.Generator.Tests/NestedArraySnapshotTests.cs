using System.Runtime.CompilerServices;
using GradGen.Generator.Tests.Infrastructure;

namespace GradGen.Generator.Tests;

/// <summary>
/// The generated code of softmax regression with its logits in a fresh array per sample: the array declared once at
/// the top, cleared where the original declared it, the sample loop fused with no tape.
/// </summary>
public sealed class NestedArraySnapshotTests
{
    [Fact]
    public void SoftmaxRegressionWithNestedLogits()
    {
        var run = GeneratorHarness.Run("""
            using System;
            using GradGen;

            namespace Demo;

            public static partial class Softmax
            {
                [Differentiable]
                public static double Loss(ReadOnlySpan<double> theta, [NoDerivative] ReadOnlySpan<double> x, [NoDerivative] ReadOnlySpan<double> labels, [NoDerivative] int k)
                {
                    int m = labels.Length;
                    int d = theta.Length / k;
                    double loss = 0;
                    for (int s = 0; s < m; s++)
                    {
                        double[] logits = new double[k];
                        for (int c = 0; c < k; c++)
                        {
                            double z = 0;
                            for (int j = 0; j < d; j++)
                            {
                                z += theta[c * d + j] * x[s * d + j];
                            }

                            logits[c] = z;
                        }

                        double sum = 0;
                        for (int c = 0; c < k; c++)
                        {
                            sum += Math.Exp(logits[c]);
                        }

                        loss += Math.Log(sum) - logits[(int)labels[s]];
                    }

                    return loss / m;
                }
            }
            """);
        GeneratorHarness.AssertCompilesCleanly(run);
        Assert.NotEmpty(run.GeneratedSources);
        Snapshot.MatchGenerated(run, "SoftmaxRegressionWithNestedLogits");
    }
}
