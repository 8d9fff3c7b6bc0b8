using System;
using System.Collections.Generic;
using System.Collections.Immutable;
using System.Linq;
using BenchmarkDotNet.Configs;
using BenchmarkDotNet.Order;
using BenchmarkDotNet.Reports;
using BenchmarkDotNet.Running;

namespace GradGen.Benchmarks;

/// <summary>
/// Lists the methods of each case in one order whatever class declares them: Objective, GradGen, HandWritten (then
/// Gradient, Pushforward, HessianVectorProduct of the second-order benchmarks), then
/// the finite differences (declared in the base class, which BenchmarkDotNet would otherwise list first).
/// </summary>
public sealed class MethodOrderer : DefaultOrderer
{
    private static readonly string[] Order =
    [
        "Objective",
        "GradGen",
        "HandWritten",
        "Gradient",
        "Pushforward",
        "HessianVectorProduct",
        nameof(GradientBenchmark.ForwardDifferences),
        nameof(GradientBenchmark.CentralDifferences),
        nameof(GradientBenchmark.MathNet),
    ];

    public override IEnumerable<BenchmarkCase> GetExecutionOrder(
        ImmutableArray<BenchmarkCase> benchmarkCases,
        IEnumerable<BenchmarkLogicalGroupRule>? order = null) =>
        Reorder(base.GetExecutionOrder(benchmarkCases, order));

    public override IEnumerable<BenchmarkCase> GetSummaryOrder(ImmutableArray<BenchmarkCase> benchmarksCase, Summary summary) =>
        Reorder(base.GetSummaryOrder(benchmarksCase, summary));

    /// <summary>Keeps the order of the cases (type, job, parameters) and sorts the methods within each.</summary>
    private static List<BenchmarkCase> Reorder(IEnumerable<BenchmarkCase> cases)
    {
        var list = cases.ToList();
        var groups = new Dictionary<string, int>();
        foreach (var benchmarkCase in list)
        {
            groups.TryAdd(GroupKey(benchmarkCase), groups.Count);
        }

        return [.. list.OrderBy(c => groups[GroupKey(c)]).ThenBy(Rank)];
    }

    private static string GroupKey(BenchmarkCase benchmarkCase) =>
        $"{benchmarkCase.Descriptor.Type.FullName}|{benchmarkCase.Job.DisplayInfo}|{benchmarkCase.Parameters.ValueInfo}";

    private static int Rank(BenchmarkCase benchmarkCase)
    {
        int index = Array.IndexOf(Order, benchmarkCase.Descriptor.WorkloadMethod.Name);
        return index < 0 ? Order.Length : index;
    }
}
