using BenchmarkDotNet.Columns;
using BenchmarkDotNet.Configs;
using BenchmarkDotNet.Diagnosers;

// For every benchmark class of this assembly (a [Config] on the base class is not inherited).
[assembly: BenchmarkDotNet.Attributes.Config(typeof(GradGen.Benchmarks.BenchmarkConfig))]

namespace GradGen.Benchmarks;

/// <summary>
/// Adds to the default configuration the memory diagnoser (bytes allocated per call) and the two ratio columns the
/// baseline ratio does not give: <c>vs GradGen</c> (finite differences ÷ GradGen) and <c>vs HandWritten</c>
/// (GradGen ÷ hand-written), and lists the methods of every case in the same order (<see cref="MethodOrderer"/>).
/// The baseline's <c>Ratio</c> column is gradient ÷ objective. The fastest iteration (<c>Min</c>) and the ratios of
/// fastest iterations to the objective and to the hand-written gradient are there for noisy machines (see
/// <see cref="RatioToMethodColumn"/>).
/// </summary>
public sealed class BenchmarkConfig : ManualConfig
{
    public BenchmarkConfig()
    {
        AddDiagnoser(MemoryDiagnoser.Default);
        AddColumn(new RatioToMethodColumn("GradGen"), new RatioToMethodColumn("HandWritten"));
        AddColumn(StatisticColumn.Min, new RatioToMethodColumn("Objective", minimum: true), new RatioToMethodColumn("HandWritten", minimum: true));
        WithOrderer(new MethodOrderer());
    }
}
