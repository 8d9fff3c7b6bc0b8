using System.Runtime.CompilerServices;
using GradGen.Generator.Tests.Infrastructure;

namespace GradGen.Generator.Tests;

/// <summary>Snapshots of a local function inlined at its calls and of calls inside '?:' lowered to an 'if'.</summary>
public sealed class LocalFunctionSnapshotTests
{
    private static void Verify(string source, string name, [CallerFilePath] string callerFile = "")
    {
        var run = GeneratorHarness.Run(source);
        GeneratorHarness.AssertCompilesCleanly(run);
        Assert.NotEmpty(run.GeneratedSources);
        Snapshot.MatchGenerated(run, name, callerFile);
    }

    [Fact]
    public void LocalFunctions()
    {
        Verify("""
            using System;
            using GradGen;

            namespace Demo;

            public static partial class Losses
            {
                [Differentiable]
                public static double Huber(double x, double y, [NoDerivative] double delta)
                {
                    var total = 0.0;
                    double Loss(double r)
                    {
                        var a = Math.Abs(r);
                        if (a <= delta)
                        {
                            return 0.5 * r * r;
                        }

                        return delta * (a - 0.5 * delta);
                    }

                    void Add(double v) => total += v;
                    Add(Loss(x - y));
                    Add(Sq(x) * 0.1);
                    return total;

                    static double Sq(double v) => v * v;
                }
            }
            """, "LocalFunctions");
    }

    [Fact]
    public void CallsInConditionals()
    {
        Verify("""
            using System;
            using GradGen;

            namespace Demo;

            public static partial class Sigmoids
            {
                [Differentiable]
                public static double Log1pExp(double x) => Math.Log(1 + Math.Exp(x));

                [Differentiable]
                public static double LogSigmoid(double x, bool clip) =>
                    clip && Log1pExp(x) > 10 ? x : x >= 0 ? -Log1pExp(-x) : x - Log1pExp(x);
            }
            """, "CallsInConditionals");
    }
}
