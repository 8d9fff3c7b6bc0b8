using System;
using System.IO;
using System.Linq;
using ScottPlot;

namespace GradGen.CurveFitting;

/// <summary>The two PNG plots (ScottPlot), 800×500.</summary>
internal static class Plots
{
    public const string FitFile = "two-exponentials-fit.png";

    public const string ConvergenceFile = "rosenbrock-convergence.png";

    private const int Width = 800;

    private const int Height = 500;

    /// <summary>The noisy data, the curve it was drawn from, and the fit with GradGen's Jacobian.</summary>
    public static void Fit(Dataset data, double[] fitted, string directory)
    {
        var plot = NewPlot($"Two decaying exponentials: {data.T.Length} noisy points (σ = {data.NoiseSigma}) and the Levenberg–Marquardt fit", "t", "y");
        var points = plot.Add.ScatterPoints(data.T, data.Y, Color.FromHex("#7f7f7f"));
        points.MarkerSize = 3;
        points.LegendText = "data";
        AddCurve(plot, data.T, fitted, Color.FromHex("#1f77b4"), "fit (GradGen Jacobian)", LinePattern.Solid, 4);
        AddCurve(plot, data.T, data.TrueParameters, Color.FromHex("#ff7f0e"), "true curve", LinePattern.Dashed, 1.5f);
        plot.ShowLegend(Alignment.UpperRight);
        plot.SavePng(Path.Combine(directory, FitFile), Width, Height);
    }

    /// <summary>log₁₀ ‖∇f‖∞ against wall time for each minimizer (one untimed run each).</summary>
    public static void Convergence(SolveResult[] results, string directory)
    {
        var plot = NewPlot($"Extended Rosenbrock, n = {Minimization.Dimension}: gradient norm against time", "time (ms)", "log₁₀ ‖∇f‖∞");
        Color[] colors = [Color.FromHex("#1f77b4"), Color.FromHex("#d62728")];
        for (int k = 0; k < results.Length; k++)
        {
            var history = results[k].History;
            double[] ms = history.Select(h => h.Seconds * 1000).ToArray();
            double[] norms = history.Select(h => Math.Log10(Math.Max(h.GradientNorm, 1e-300))).ToArray();
            var scatter = plot.Add.Scatter(ms, norms, colors[k % colors.Length]);
            scatter.LegendText = results[k].Method;
            scatter.LineWidth = 2;
            scatter.MarkerSize = 4;
        }

        var target = plot.Add.HorizontalLine(Math.Log10(Minimization.Tolerance), 1.5f, Colors.Gray, LinePattern.Dotted);
        target.LegendText = $"target ‖∇f‖∞ = {Minimization.Tolerance:0e0}";
        plot.ShowLegend(Alignment.UpperRight);
        plot.SavePng(Path.Combine(directory, ConvergenceFile), Width, Height);
    }

    private static void AddCurve(Plot plot, double[] t, double[] p, Color color, string label, LinePattern pattern, float width)
    {
        var values = new double[t.Length];
        Models.TwoExponentials.Model(p, t, values);
        var line = plot.Add.ScatterLine(t, values, color);
        line.LineWidth = width;
        line.LinePattern = pattern;
        line.LegendText = label;
    }

    private static Plot NewPlot(string title, string xLabel, string yLabel)
    {
        var plot = new Plot();
        plot.Title(title, size: 14);
        plot.XLabel(xLabel, size: 13);
        plot.YLabel(yLabel, size: 13);
        return plot;
    }
}
