using System;
using System.Globalization;
using BenchmarkDotNet.Running;

namespace GradGen.Generator.Benchmarks;

/// <summary>
/// The generator's own cost on a project with 500 [Differentiable] methods:
/// <c>dotnet run -c Release --project tests/GradGen.Generator.Benchmarks -- --filter '*'</c>.
/// <c>-- scaling</c> prints the scaling table instead (<see cref="Scaling"/>), <c>-- codesize</c> the lines of generated
/// code per line of source (<see cref="CodeSize"/>).
/// </summary>
public static class Program
{
    public static int Main(string[] args)
    {
        if (args.Length > 0 && args[0] == "codesize")
        {
            return CodeSize.Table();
        }

        if (args.Length > 0 && args[0] == "scaling")
        {
            return Scaling.Table(args[1..]);
        }

        if (args.Length >= 3 && args[0] == "probe")
        {
            var stack = args.Length > 3 ? int.Parse(args[3], CultureInfo.InvariantCulture) : 1024;
            return Scaling.Probe(args[1], int.Parse(args[2], CultureInfo.InvariantCulture), stack);
        }

        BenchmarkSwitcher.FromAssembly(typeof(Program).Assembly).Run(args);
        return 0;
    }
}
