using System;
using System.Globalization;
using System.Linq;
using BenchmarkDotNet.Columns;
using BenchmarkDotNet.Reports;
using BenchmarkDotNet.Running;

namespace GradGen.Benchmarks;

/// <summary>
/// The mean (or minimum) time of each benchmark divided by that of the benchmark method <c>method</c> of the same class,
/// parameters and job: with <c>GradGen</c>, the finite-difference rows read "so many times GradGen"; with
/// <c>HandWritten</c>, the GradGen row reads "so many times the hand-written gradient". The minimum is for a shared
/// machine: other tenants only ever add time to an iteration, so the fastest iteration is the closest to the code's
/// own cost, and the ratio of minima moves far less between runs than the ratio of means.
/// </summary>
public sealed class RatioToMethodColumn(string method, bool minimum = false) : IColumn
{
    public string Id => $"{nameof(RatioToMethodColumn)}.{method}{(minimum ? ".Min" : "")}";

    public string ColumnName => minimum ? $"min vs {method}" : $"vs {method}";

    public bool AlwaysShow => true;

    public ColumnCategory Category => ColumnCategory.Custom;

    public int PriorityInCategory => 0;

    public bool IsNumeric => true;

    public UnitType UnitType => UnitType.Dimensionless;

    public string Legend => minimum
        ? $"Fastest iteration ÷ fastest iteration of {method} with the same parameters"
        : $"Mean time ÷ mean time of {method} with the same parameters";

    public string GetValue(Summary summary, BenchmarkCase benchmarkCase) => GetValue(summary, benchmarkCase, summary.Style);

    public string GetValue(Summary summary, BenchmarkCase benchmarkCase, SummaryStyle style)
    {
        var reference = summary.BenchmarksCases.FirstOrDefault(other =>
            other.Descriptor.Type == benchmarkCase.Descriptor.Type
            && other.Descriptor.WorkloadMethod.Name == method
            && other.Job.DisplayInfo == benchmarkCase.Job.DisplayInfo
            && other.Parameters.ValueInfo == benchmarkCase.Parameters.ValueInfo);
        if (reference is null || reference == benchmarkCase)
        {
            return "-";
        }

        double? mean = Statistic(summary[benchmarkCase]?.ResultStatistics);
        double? referenceMean = Statistic(summary[reference]?.ResultStatistics);
        if (mean is not double m || referenceMean is not double r || r <= 0)
        {
            return "?";
        }

        return (m / r).ToString(m / r >= 100 ? "0" : "0.00", CultureInfo.InvariantCulture);
    }

    private double? Statistic(BenchmarkDotNet.Mathematics.Statistics? statistics) => minimum ? statistics?.Min : statistics?.Mean;

    public bool IsAvailable(Summary summary) => true;

    public bool IsDefault(Summary summary, BenchmarkCase benchmarkCase) => false;

    public override string ToString() => ColumnName;
}
