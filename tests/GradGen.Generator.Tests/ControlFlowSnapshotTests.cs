using System.Runtime.CompilerServices;
using GradGen.Generator.Tests.Infrastructure;

namespace GradGen.Generator.Tests;

/// <summary>
/// One snapshot per control-flow shape (branches, loops, arrays, spans, recursion): the generated Gradient and
/// Pullback must compile without any warning (user projects build with warnings as errors) and match
/// Snapshots/{name}.verified.cs. Numeric correctness of the derivatives is tested in GradGen.Tests; here only the
/// generated text.
/// </summary>
public sealed class ControlFlowSnapshotTests
{
    /// <summary>Runs the generator, requires a warning-free compilation and at least one file, and compares the snapshot.</summary>
    private static GeneratorRun Verify(string source, string name, [CallerFilePath] string callerFile = "")
    {
        var run = GeneratorHarness.Run(source);
        GeneratorHarness.AssertCompilesCleanly(run);
        Assert.NotEmpty(run.GeneratedSources);
        Snapshot.MatchGenerated(run, name, callerFile);
        return run;
    }

    [Fact]
    public void IfElseIfElse()
    {
        Verify("""
            using System;
            using GradGen;

            namespace Demo;

            public static partial class Activations
            {
                [Differentiable]
                public static double SoftClippedRelu(double x, double slope)
                {
                    double y;
                    if (x > 1)
                    {
                        y = 1 + slope * (x - 1);
                    }
                    else if (x > 0)
                    {
                        y = x;
                    }
                    else
                    {
                        y = slope * x;
                    }

                    return y;
                }
            }
            """, "IfElseIfElse");
    }

    [Fact]
    public void ForLoopDotProduct()
    {
        Verify("""
            using System;
            using GradGen;

            namespace Demo;

            public static partial class Linear
            {
                [Differentiable]
                public static double Dot(ReadOnlySpan<double> w, [NoDerivative] ReadOnlySpan<double> x)
                {
                    double sum = 0;
                    for (int i = 0; i < w.Length; i++)
                    {
                        sum += w[i] * x[i];
                    }

                    return sum;
                }
            }
            """, "ForLoopDotProduct");
    }

    [Fact]
    public void ForeachProduct()
    {
        Verify("""
            using GradGen;

            namespace Demo;

            public static partial class Products
            {
                [Differentiable]
                public static double Product(double[] x)
                {
                    double p = 1;
                    foreach (var v in x)
                    {
                        p *= v;
                    }

                    return p;
                }
            }
            """, "ForeachProduct");
    }

    [Fact]
    public void HornerCountingDown()
    {
        Verify("""
            using System;
            using GradGen;

            namespace Demo;

            public static partial class Polynomials
            {
                [Differentiable]
                public static double Evaluate(ReadOnlySpan<double> c, double x)
                {
                    double p = 0;
                    for (int i = c.Length - 1; i >= 0; i--)
                    {
                        p = p * x + c[i];
                    }

                    return p;
                }
            }
            """, "HornerCountingDown");
    }

    [Fact]
    public void NestedLoopsLogisticLoss()
    {
        Verify("""
            using System;
            using GradGen;

            namespace Demo;

            public static partial class Classifier
            {
                [Differentiable]
                public static double LogisticLoss(ReadOnlySpan<double> w, [NoDerivative] ReadOnlySpan<double> x, [NoDerivative] ReadOnlySpan<double> y)
                {
                    int n = w.Length;
                    double loss = 0;
                    for (int i = 0; i < y.Length; i++)
                    {
                        double z = 0;
                        for (int j = 0; j < n; j++)
                        {
                            z += w[j] * x[i * n + j];
                        }

                        loss += Math.Log(1 + Math.Exp(-y[i] * z));
                    }

                    return loss / y.Length;
                }
            }
            """, "NestedLoopsLogisticLoss");
    }

    [Fact]
    public void StackallocTanhLayer()
    {
        Verify("""
            using System;
            using GradGen;

            namespace Demo;

            public static partial class TinyNetwork
            {
                [Differentiable]
                public static double Forward(ReadOnlySpan<double> weights, ReadOnlySpan<double> readout, [NoDerivative] double input)
                {
                    Span<double> hidden = stackalloc double[weights.Length];
                    for (int k = 0; k < hidden.Length; k++)
                    {
                        hidden[k] = Math.Tanh(weights[k] * input);
                    }

                    double output = 0;
                    for (int k = 0; k < hidden.Length; k++)
                    {
                        output += readout[k] * hidden[k];
                    }

                    return output;
                }
            }
            """, "StackallocTanhLayer");
    }

    [Fact]
    public void ContinueAndBreak()
    {
        Verify("""
            using System;
            using GradGen;

            namespace Demo;

            public static partial class Budget
            {
                [Differentiable]
                public static double PositiveSumUntil(ReadOnlySpan<double> x, [NoDerivative] double limit)
                {
                    double sum = 0;
                    for (int i = 0; i < x.Length; i++)
                    {
                        if (x[i] < 0)
                        {
                            continue;
                        }

                        sum += x[i] * x[i];
                        if (sum > limit)
                        {
                            break;
                        }
                    }

                    return sum;
                }
            }
            """, "ContinueAndBreak");
    }

    [Fact]
    public void DoWhileLoop()
    {
        Verify("""
            using GradGen;

            namespace Demo;

            public static partial class Scaling
            {
                [Differentiable]
                public static double HalveUntilSmall(double x)
                {
                    double scale = 1 + x * x;
                    do
                    {
                        scale *= 0.5;
                    }
                    while (scale > 1);

                    return scale * x;
                }
            }
            """, "DoWhileLoop");
    }

    [Fact]
    public void EarlyReturnFromLoop()
    {
        Verify("""
            using System;
            using GradGen;

            namespace Demo;

            public static partial class Search
            {
                [Differentiable]
                public static double FirstLargeSquare(ReadOnlySpan<double> x, [NoDerivative] double threshold)
                {
                    for (int i = 0; i < x.Length; i++)
                    {
                        double square = x[i] * x[i];
                        if (square > threshold)
                        {
                            return square;
                        }
                    }

                    return 0;
                }
            }
            """, "EarlyReturnFromLoop");
    }

    [Fact]
    public void WhileDataDependentTripCount()
    {
        Verify("""
            using System;
            using GradGen;

            namespace Demo;

            public static partial class Iteration
            {
                [Differentiable]
                public static double FixedPoint(double a, [NoDerivative] double tolerance)
                {
                    double s = a;
                    double previous = 0;
                    while (Math.Abs(s - previous) > tolerance)
                    {
                        previous = s;
                        s = Math.Cos(s) * a;
                    }

                    return s;
                }
            }
            """, "WhileDataDependentTripCount");
    }

    [Fact]
    public void SwitchOnInt()
    {
        Verify("""
            using System;
            using GradGen;

            namespace Demo;

            public static partial class Activations
            {
                [Differentiable]
                public static double Activate(double x, int kind)
                {
                    double y;
                    switch (kind)
                    {
                        case 0:
                            y = x;
                            break;
                        case 1:
                            y = Math.Tanh(x);
                            break;
                        case 2:
                        case 3:
                            y = 1 / (1 + Math.Exp(-x));
                            break;
                        default:
                            y = x * x;
                            break;
                    }

                    return y;
                }
            }
            """, "SwitchOnInt");
    }

    [Fact]
    public void Recursion()
    {
        Verify("""
            using GradGen;

            namespace Demo;

            public static partial class Powers
            {
                [Differentiable]
                public static double Power(double x, int n)
                {
                    if (n == 0)
                    {
                        return 1;
                    }

                    return x * Power(x, n - 1);
                }
            }
            """, "Recursion");
    }

    [Fact]
    public void LocalArray()
    {
        Verify("""
            using System;
            using GradGen;

            namespace Demo;

            public static partial class Smoothing
            {
                [Differentiable]
                public static double SmoothedEnergy(ReadOnlySpan<double> x)
                {
                    int n = x.Length;
                    double[] smooth = new double[n];
                    for (int i = 0; i < n; i++)
                    {
                        double left = i > 0 ? x[i - 1] : x[i];
                        smooth[i] = 0.5 * (left + x[i]);
                    }

                    double energy = 0;
                    for (int i = 0; i < n; i++)
                    {
                        energy += smooth[i] * smooth[i];
                    }

                    return energy;
                }
            }
            """, "LocalArray");
    }

    [Fact]
    public void SpanHelperCalledWithArrays()
    {
        Verify("""
            using System;
            using GradGen;

            namespace Demo;

            public static partial class Regression
            {
                [Differentiable]
                public static double SumOfSquares(ReadOnlySpan<double> v)
                {
                    double s = 0;
                    for (int i = 0; i < v.Length; i++)
                    {
                        s += v[i] * v[i];
                    }

                    return s;
                }

                [Differentiable]
                public static double RidgePenalty(double[] w, [NoDerivative] double[] prior, double lambda)
                {
                    return lambda * SumOfSquares(w) + SumOfSquares(prior) * w[0];
                }
            }
            """, "SpanHelperCalledWithArrays");
    }

    [Fact]
    public void FloatSpan()
    {
        Verify("""
            using System;
            using GradGen;

            namespace Demo;

            public static partial class SinglePrecision
            {
                [Differentiable]
                public static float WeightedSquares(Span<float> x, [NoDerivative] ReadOnlySpan<float> weights)
                {
                    float sum = 0f;
                    for (int i = 0; i < x.Length; i++)
                    {
                        float scaled = weights[i] * x[i];
                        sum += scaled * scaled;
                    }

                    return MathF.Sqrt(sum);
                }
            }
            """, "FloatSpan");
    }

    /// <summary>
    /// Two uses of x[i] give two contributions to dX[i] in one iteration, summed in a local before the one store
    /// (ElementAdjointMerger); Tanh's derivative comes from the value it stored in h[i] (no second Tanh call).
    /// </summary>
    [Fact]
    public void MergedElementAdjointsAndStoredValues()
    {
        Verify("""
            using System;
            using GradGen;

            namespace Demo;

            public static partial class Chains
            {
                [Differentiable]
                public static double Rosenbrock(ReadOnlySpan<double> x)
                {
                    double sum = 0;
                    for (int i = 0; i < x.Length - 1; i++)
                    {
                        double a = x[i + 1] - x[i] * x[i];
                        double b = 1 - x[i];
                        sum += 100 * a * a + b * b;
                    }

                    return sum;
                }

                [Differentiable]
                public static double TanhChain(ReadOnlySpan<double> x)
                {
                    Span<double> h = stackalloc double[x.Length];
                    double sum = 0;
                    for (int i = 0; i < x.Length; i++)
                    {
                        h[i] = Math.Tanh(x[i]);
                        sum += h[i] * x[i];
                    }

                    return sum;
                }
            }
            """, "MergedElementAdjointsAndStoredValues");
    }
}
