using System;
using System.Diagnostics;
using System.Globalization;
using System.IO;
using System.Text;

namespace GradGen.CurveFitting;

/// <summary>
/// Two uses of derivatives beyond a gradient: a least-squares curve fit with the Jacobian of a vector-valued method,
/// and Newton–CG with Hessian-vector products. Prints a markdown report and writes it, with two PNG plots, to
/// <c>curve-fitting-output/</c> (or the directory after <c>--out</c>). See README.md in this folder.
/// </summary>
internal static class Program
{
    private const int Seed = 2024;

    private const int Points = 500;

    private const int FitRepeats = 21;

    private const int SolveRepeats = 11;

    private static int Main(string[] args)
    {
        CultureInfo.DefaultThreadCurrentCulture = CultureInfo.InvariantCulture;
        CultureInfo.CurrentCulture = CultureInfo.InvariantCulture;
        string directory = "curve-fitting-output";
        if (args.Length == 2 && args[0] == "--out")
        {
            directory = args[1];
        }
        else if (args.Length != 0)
        {
            Console.Error.WriteLine("usage: dotnet run -c Release --project samples/GradGen.CurveFitting [-- --out <directory>]");
            return 2;
        }

        var total = Stopwatch.StartNew();
        Directory.CreateDirectory(directory);
        var report = new Report();
        report.Header(Seed);
#if DEBUG
        Console.Error.WriteLine("Debug build: the timings mean little. Run with -c Release.");
#endif

        var data = Dataset.TwoExponentials(Points, Seed);
        var generated = CurveFit.Run(data, generatedJacobian: true, FitRepeats);
        var numerical = CurveFit.Run(data, generatedJacobian: false, FitRepeats);
        Plots.Fit(data, generated.Parameters, directory);
        report.CurveFit(data, generated, numerical, FitRepeats, Plots.FitFile);

        var newton = Minimization.NewtonCg(SolveRepeats);
        var lbfgs = Minimization.Lbfgs(SolveRepeats);
        Plots.Convergence([newton, lbfgs], directory);
        report.Minimization(newton, lbfgs, SolveRepeats, Plots.ConvergenceFile);

        report.Footer(total.Elapsed.TotalSeconds);
        File.WriteAllText(Path.Combine(directory, "summary.md"), report.ToString(), new UTF8Encoding(false));
        Console.Write(report.ToString());
        Console.WriteLine($"Wrote summary.md, {Plots.FitFile} and {Plots.ConvergenceFile} to {Path.GetFullPath(directory)}");
        return 0;
    }
}
