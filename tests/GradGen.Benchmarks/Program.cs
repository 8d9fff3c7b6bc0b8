using BenchmarkDotNet.Running;

namespace GradGen.Benchmarks;

/// <summary>
/// GradGen's benchmarks: for each model and size, the objective alone (the baseline), GradGen's generated
/// gradient, a hand-written gradient, forward and central differences from GradGen's runtime and MathNet.Numerics'
/// numerical gradient. Run in Release, for example
/// <c>dotnet run -c Release --project tests/GradGen.Benchmarks -- --filter '*'</c>, or pick classes with
/// <c>--filter '*Logistic*'</c>; <c>--job short</c> for a quicker, rougher run.
/// </summary>
public static class Program
{
    public static void Main(string[] args) => BenchmarkSwitcher.FromAssembly(typeof(Program).Assembly).Run(args);
}
