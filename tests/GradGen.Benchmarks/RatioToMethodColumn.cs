using System;
using System.Globalization;
using System.Linq;
using BenchmarkDotNet.Columns;
using BenchmarkDotNet.Reports;
using BenchmarkDotNet.Running;

namespace GradGen.Benchmarks;

/// <summary>
/// The mean time of each benchmark divided by the mean time of the benchmark method <c>method</c> of the same class,
/// parameters and job: with <c>GradGen</c>, the finite-difference rows read "so many times GradGen"; with
/// <c>HandWritten</c>, the GradGen row reads "so many times the hand-written gradient".
/// </summary>
public sealed class RatioToMethodColumn(string method) : IColumn
{
    public string Id => $"{nameof(RatioToMethodColumn)}.{method}";

    public string ColumnName => $"vs {method}";

    public bool AlwaysShow => true;

    public ColumnCategory Category => ColumnCategory.Custom;

    public int PriorityInCategory => 0;

    public bool IsNumeric => true;

    public UnitType UnitType => UnitType.Dimensionless;

    public string Legend => $"Mean time ÷ mean time of {method} with the same parameters";

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

        double? mean = summary[benchmarkCase]?.ResultStatistics?.Mean;
        double? referenceMean = summary[reference]?.ResultStatistics?.Mean;
        if (mean is not double m || referenceMean is not double r || r <= 0)
        {
            return "?";
        }

        return (m / r).ToString(m / r >= 100 ? "0" : "0.00", CultureInfo.InvariantCulture);
    }

    public bool IsAvailable(Summary summary) => true;

    public bool IsDefault(Summary summary, BenchmarkCase benchmarkCase) => false;

    public override string ToString() => ColumnName;
}
