using BenchmarkDotNet.Attributes;
using BenchmarkDotNet.Jobs;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp;

namespace GradGen.Generator.Benchmarks;

/// <summary>
/// Cold: a new driver runs the generator over all 500 methods (parse, analyse, emit).
/// Edited: the driver has run once; one method changes; the rerun should redo only that method's work.
/// Every iteration gets compilations it has never seen, as an editor does on each keystroke: Roslyn builds source
/// symbols and binds bodies afresh for every compilation, and reusing one compilation object would hide that cost.
/// Targets (issue 7): cold ≤ 1 s, edited rerun ≤ 50 ms.
/// </summary>
[MemoryDiagnoser]
[SimpleJob(RuntimeMoniker.Net10_0, launchCount: 1, warmupCount: 3, iterationCount: 10)]
public class GeneratorBenchmark
{
    private CSharpCompilation _compilation = null!;
    private CSharpCompilation _edited = null!;
    private GeneratorDriver _warm = null!;

    [GlobalSetup]
    public void Setup()
    {
        _compilation = SyntheticProject.Create();
        _edited = SyntheticProject.EditOneMethod(_compilation);
        var check = NewDriver().RunGenerators(_compilation).GetRunResult();
        if (check.Diagnostics.Length > 0 || check.GeneratedTrees.Length != SyntheticProject.FileCount * SyntheticProject.MethodsPerFile)
        {
            throw new System.InvalidOperationException($"The synthetic project does not generate cleanly: {check.Diagnostics.Length} diagnostics, {check.GeneratedTrees.Length} files");
        }
    }

    [IterationSetup(Target = nameof(Cold))]
    public void FreshCompilation() => _compilation = SyntheticProject.Create();

    [IterationSetup(Target = nameof(EditedRerun))]
    public void WarmDriver()
    {
        _compilation = SyntheticProject.Create();
        _edited = SyntheticProject.EditOneMethod(_compilation);
        _warm = NewDriver().RunGenerators(_compilation);
    }

    [Benchmark(Baseline = true)]
    public GeneratorDriver Cold() => NewDriver().RunGenerators(_compilation);

    [Benchmark]
    public GeneratorDriver EditedRerun() => _warm.RunGenerators(_edited);

    private static GeneratorDriver NewDriver() =>
        CSharpGeneratorDriver.Create(
            new[] { new DifferentiableGenerator().AsSourceGenerator() },
            parseOptions: SyntheticProject.ParseOptions,
            driverOptions: new GeneratorDriverOptions(IncrementalGeneratorOutputKind.None, trackIncrementalGeneratorSteps: false));
}
