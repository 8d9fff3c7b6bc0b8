using System;
using System.Diagnostics;
using System.Globalization;
using System.IO;
using System.Linq;
using System.Runtime.InteropServices;
using System.Text;

namespace GradGen.CurveFitting;

/// <summary>The markdown report: printed to the console and written to summary.md.</summary>
internal sealed class Report
{
    private readonly StringBuilder _text = new();

    public void Header(int seed)
    {
        Line("# Curve fitting and Newton–CG with GradGen's Jacobians and Hessian-vector products");
        Line();
        Line($"Written by `samples/GradGen.CurveFitting` (seed {seed}) at commit `{Commit()}` on {DateTimeOffset.UtcNow:yyyy-MM-dd HH:mm} UTC:");
        Line("`dotnet run --project samples/GradGen.CurveFitting -c Release -- --out docs/curve-fitting`. Everything runs on one thread.");
        Line();
        Line("| machine | |");
        Line("| --- | --- |");
        Line($"| CPU | {Cpu()}, {Environment.ProcessorCount} logical cores |");
        Line($"| OS | {RuntimeInformation.OSDescription} |");
        Line($"| runtime | {RuntimeInformation.FrameworkDescription}, {RuntimeInformation.ProcessArchitecture}, {Configuration} build |");
        if (LoadAverage() is string load)
        {
            Line($"| load average (1 min) at the start | {load} |");
        }

        Line();
    }

    public void CurveFit(Dataset data, FitResult generated, FitResult numerical, int repeats, string plotFile)
    {
        Line("## 1. Levenberg–Marquardt: two decaying exponentials");
        Line();
        Line($"f(t; p) = p₀·exp(−p₁·t) + p₂·exp(−p₃·t) (`Models/TwoExponentials.cs`, a `[Differentiable]` method writing f into a " +
             $"`[DifferentiableOutput] Span<double>`) is fitted to {data.T.Length} points on t ∈ [0, 10] drawn from p = " +
             $"({Join(data.TrueParameters)}) with Gaussian noise σ = {data.NoiseSigma}, from p = ({Join(CurveFitting.CurveFit.InitialGuess)}), " +
             "by MathNet.Numerics' `LevenbergMarquardtMinimizer` (default settings) with `ObjectiveFunction.NonlinearModel`: once given " +
             "GradGen's `TwoExponentials.ModelJacobian` (the 500 × 4 Jacobian, exact, four forward sweeps), once without a Jacobian, " +
             "so that MathNet differentiates the model by central differences (two model calls per parameter).");
        Line();
        Line($"| | {generated.Jacobian} | {numerical.Jacobian} | true p |");
        Line("| --- | ---: | ---: | ---: |");
        Line($"| iterations | {generated.Iterations} | {numerical.Iterations} | |");
        Line($"| exit | {generated.Exit} | {numerical.Exit} | |");
        Line($"| model calls | {generated.ModelCalls} | {numerical.ModelCalls} | |");
        Line($"| Jacobian calls | {generated.JacobianCalls} | – | |");
        Line($"| residual norm ‖f − y‖₂ | {generated.ResidualNorm:R} | {numerical.ResidualNorm:R} | |");
        for (int j = 0; j < generated.Parameters.Length; j++)
        {
            Line($"| p{Subscript(j)} (± standard error) | {generated.Parameters[j]:0.0000000000} ± {generated.StandardErrors[j]:0.00000} | " +
                 $"{numerical.Parameters[j]:0.0000000000} ± {numerical.StandardErrors[j]:0.00000} | {data.TrueParameters[j]} |");
        }

        Line($"| wall time of the whole fit (median of {repeats}) | {Time(generated.Seconds)} | {Time(numerical.Seconds)} | |");
        Line();
        double largest = generated.Parameters.Zip(numerical.Parameters, (a, b) => Math.Abs(a - b) / Math.Abs(a)).Max();
        Line($"The two fits agree to a relative {largest:0.0e0} in the parameters (the noise allows far more: see the standard errors); " +
             $"with GradGen's Jacobian the fit takes {Ratio(numerical.Seconds / generated.Seconds)} less time. " +
             "Model calls with GradGen's Jacobian are the trial points only; the Jacobian calls evaluate the model inside their sweeps.");
        Line();
        Line($"![data and fit]({plotFile})");
        Line();
    }

    public void Minimization(SolveResult newton, SolveResult lbfgs, int repeats, string plotFile)
    {
        Line($"## 2. Newton–CG against L-BFGS: extended Rosenbrock, n = {CurveFitting.Minimization.Dimension:N0}");
        Line();
        Line("Σᵢ 100 (x₂ᵢ₊₁ − x₂ᵢ²)² + (1 − x₂ᵢ)² (`Models/ExtendedRosenbrock.cs`, `[Differentiable(HessianVectorProduct = true)]`) " +
             $"from (−1.2, 1, −1.2, 1, …) until ‖∇f‖∞ ≤ {CurveFitting.Minimization.Tolerance:0e0}. Newton–CG (`NewtonCg.cs`: " +
             "truncated Newton, conjugate gradients to the tolerance min(0.5, √‖∇f‖)·‖∇f‖, backtracking line search) gets H·v from " +
             "GradGen's `RosenbrockHessianVectorProduct` and never forms H; L-BFGS is MathNet.Numerics' `LimitedMemoryBfgsMinimizer` " +
             "(memory 10, its weak Wolfe line search) on GradGen's `RosenbrockGradient`.");
        Line();
        Line("| method | iterations | gradient calls | Hessian-vector products | objective calls | final ‖∇f‖∞ | final f | wall time (median of " + repeats + ") | status |");
        Line("| --- | ---: | ---: | ---: | ---: | ---: | ---: | ---: | --- |");
        foreach (var r in new[] { newton, lbfgs })
        {
            string iterations = r.Iterations >= 0 ? r.Iterations.ToString(CultureInfo.InvariantCulture) : "–";
            Line($"| {r.Method} | {iterations} | {r.GradientCalls} | {r.HessianVectorProducts} | {r.ValueCalls} | {r.GradientNorm:0.0e0} | {r.FinalValue:0.0e0} | {Time(r.Seconds)} | {r.Status} |");
        }

        Line();
        Line("Each Hessian-vector product also writes the gradient; the Newton–CG row counts the products apart from the gradient " +
             "calls. L-BFGS's gradient calls include every point its line searches try. The plot is one more run of each, " +
             "with ‖∇f‖∞ recorded at every gradient; flat stretches in it are time lost to other processes.");
        Line();
        Line($"![gradient norm against time]({plotFile})");
        Line();
    }

    public void Footer(double seconds) => Line($"The whole run took {Time(seconds)}.");

    public override string ToString() => _text.ToString();

    private void Line(string text = "") => _text.Append(text).Append('\n');

    private static string Join(double[] values) => string.Join(", ", values.Select(v => v.ToString(CultureInfo.InvariantCulture)));

    private static string Subscript(int j) => ((char)('₀' + j)).ToString();

    private static string Ratio(double r) => r.ToString(r >= 10 ? "0" : "0.0", CultureInfo.InvariantCulture) + "×";

    /// <summary>Three significant digits with a unit: 812 µs, 4.31 ms, 1.52 s.</summary>
    private static string Time(double seconds)
    {
        (double value, string unit) = seconds switch
        {
            < 1e-3 => (seconds * 1e6, "µs"),
            < 1 => (seconds * 1e3, "ms"),
            _ => (seconds, "s"),
        };
        string format = value >= 100 ? "0" : value >= 10 ? "0.0" : "0.00";
        return value.ToString(format, CultureInfo.InvariantCulture) + " " + unit;
    }

#if DEBUG
    private const string Configuration = "Debug";
#else
    private const string Configuration = "Release";
#endif

    /// <summary>The short hash of the checked-out commit, if git is there to say it.</summary>
    private static string Commit()
    {
        try
        {
            using var git = Process.Start(new ProcessStartInfo("git", "rev-parse --short HEAD") { RedirectStandardOutput = true, RedirectStandardError = true });
            if (git is null)
            {
                return "unknown";
            }

            string hash = git.StandardOutput.ReadToEnd().Trim();
            git.WaitForExit();
            return git.ExitCode == 0 && hash.Length > 0 ? hash : "unknown";
        }
        catch (System.ComponentModel.Win32Exception)
        {
            return "unknown";
        }
    }

    private static string Cpu()
    {
        try
        {
            string? line = File.Exists("/proc/cpuinfo")
                ? File.ReadLines("/proc/cpuinfo").FirstOrDefault(l => l.StartsWith("model name", StringComparison.Ordinal))
                : null;
            if (line is not null)
            {
                return line[(line.IndexOf(':', StringComparison.Ordinal) + 1)..].Trim();
            }
        }
        catch (IOException)
        {
        }

        return Environment.GetEnvironmentVariable("PROCESSOR_IDENTIFIER") ?? "unknown CPU";
    }

    /// <summary>The 1-minute load average (Linux): on a loaded machine the timings are slower and noisier.</summary>
    private static string? LoadAverage()
    {
        try
        {
            return File.Exists("/proc/loadavg") ? File.ReadAllText("/proc/loadavg").Split(' ')[0] : null;
        }
        catch (IOException)
        {
            return null;
        }
    }
}
