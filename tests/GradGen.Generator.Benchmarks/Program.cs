using BenchmarkDotNet.Running;

namespace GradGen.Generator.Benchmarks;

/// <summary>
/// The generator's own cost on a project with 500 [Differentiable] methods:
/// <c>dotnet run -c Release --project tests/GradGen.Generator.Benchmarks -- --filter '*'</c>.
/// </summary>
public static class Program
{
    public static void Main(string[] args) => BenchmarkSwitcher.FromAssembly(typeof(Program).Assembly).Run(args);
}
