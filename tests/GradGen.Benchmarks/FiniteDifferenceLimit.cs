using System;
using System.Linq;
using BenchmarkDotNet.Configs;
using BenchmarkDotNet.Filters;
using BenchmarkDotNet.Parameters;
using BenchmarkDotNet.Running;

namespace GradGen.Benchmarks;

/// <summary>
/// Leaves out the finite-difference benchmarks (<c>ForwardDifferences</c>, <c>CentralDifferences</c>,
/// <c>MathNet</c>) of the cases with more than <see cref="MaxParameters"/> parameters, for models whose objective
/// grows with the number of parameters N so that a finite-difference gradient costs O(N²): at N = 10,000 logistic
/// weights one call of the objective takes a few milliseconds and one central-difference gradient 20,000 of them,
/// a minute or more, and a benchmark repeats each call twenty times or more. The objective, GradGen and hand-written
/// rows of those cases still run. Set the environment variable <c>GRADGEN_BENCHMARK_ALL_FD=1</c> to run them anyway.
/// </summary>
public abstract class FiniteDifferenceLimit : ManualConfig
{
    /// <summary>The most parameters a case may have for its finite-difference benchmarks to run.</summary>
    public const int MaxParameters = 1_000;

    private static readonly string[] FiniteDifferenceMethods =
    [
        nameof(GradientBenchmark.ForwardDifferences),
        nameof(GradientBenchmark.CentralDifferences),
        nameof(GradientBenchmark.MathNet),
    ];

    protected FiniteDifferenceLimit()
    {
        if (Environment.GetEnvironmentVariable("GRADGEN_BENCHMARK_ALL_FD") != "1")
        {
            AddFilter(new SimpleFilter(Keep));
        }
    }

    /// <summary>The number of differentiable parameters of a case.</summary>
    protected abstract int Dimension(ParameterInstances parameters);

    private bool Keep(BenchmarkCase benchmarkCase) =>
        !FiniteDifferenceMethods.Contains(benchmarkCase.Descriptor.WorkloadMethod.Name)
        || Dimension(benchmarkCase.Parameters) <= MaxParameters;
}
