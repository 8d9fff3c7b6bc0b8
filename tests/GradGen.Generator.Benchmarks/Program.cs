using System;
using System.Globalization;
using BenchmarkDotNet.Running;

namespace GradGen.Generator.Benchmarks;

/// <summary>
/// The generator's own cost on a project with 500 [Differentiable] methods:
/// <c>dotnet run -c Release --project tests/GradGen.Generator.Benchmarks -- --filter '*'</c>.
/// Other modes instead of BenchmarkDotNet:
/// <list type="bullet">
/// <item><c>-- scaling</c>: the scaling table (<see cref="Scaling"/>);</item>
/// <item><c>-- probe &lt;shape&gt; &lt;n&gt; [stack KB]</c>: one point of that table (<see cref="Scaling.Probe"/>);</item>
/// <item><c>-- codesize</c>: the lines of generated code per line of source (<see cref="CodeSize"/>);</item>
/// <item><c>-- project &lt;dir&gt; [methods, default 400]</c>: writes the synthetic project as a standalone class library
/// to time the generator in <c>dotnet build -p:ReportAnalyzer=true</c> (<see cref="BuildProject"/>).</item>
/// </list>
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

        if (args.Length >= 2 && args[0] == "project")
        {
            return BuildProject.Write(args[1], args.Length > 2 ? int.Parse(args[2], CultureInfo.InvariantCulture) : 400);
        }

        BenchmarkSwitcher.FromAssembly(typeof(Program).Assembly).Run(args);
        return 0;
    }
}
