using System;
using System.Collections.Generic;
using System.Globalization;
using System.IO;
using System.Linq;
using ScottPlot;
using ScottPlot.TickGenerators;

namespace GradGen.Demo;

/// <summary>The three PNG plots (ScottPlot), 800×500. Log axes are drawn as log₁₀ of the data with decade ticks.</summary>
internal static class Plots
{
    public const string TimingFile = "gradient-time-vs-n.png";

    public const string AccuracyFile = "fd-error-vs-step.png";

    public const string TrainingFile = "training-loss.png";

    private const int Width = 800;

    private const int Height = 500;

    private static readonly Color GradGenColor = Color.FromHex("#1f77b4");
    private static readonly Color HandColor = Color.FromHex("#17becf");
    private static readonly Color ForwardColor = Color.FromHex("#d62728");
    private static readonly Color CentralColor = Color.FromHex("#ff7f0e");
    private static readonly Color FivePointColor = Color.FromHex("#9467bd");
    private static readonly Color LossColor = Color.FromHex("#7f7f7f");

    public static void Timing(TimingResult result, string directory)
    {
        var plot = NewPlot(
            $"Time per gradient vs N (mean logistic loss, M = {result.Samples} samples)",
            "N (number of weights)",
            "time per gradient");
        double[] n = result.Rows.Select(r => Math.Log10(r.N)).ToArray();
        AddLine(plot, n, result.Rows.Select(r => r.Forward), ForwardColor, "forward differences (N + 1 evaluations)");
        AddLine(plot, n, result.Rows.Select(r => r.Central), CentralColor, "central differences (2N evaluations)");
        AddLine(plot, n, result.Rows.Select(r => r.GradGen), GradGenColor, "GradGen (reverse mode)");
        AddLine(plot, n, result.Rows.Select(r => r.ByHand), HandColor, "hand-written gradient", LinePattern.Dashed);
        AddLine(plot, n, result.Rows.Select(r => r.Loss), LossColor, "one loss evaluation", LinePattern.Dotted);
        if (result.CrossoverForward is int crossover)
        {
            var line = plot.Add.VerticalLine(Math.Log10(crossover), 1.5f, Colors.Gray, LinePattern.Dashed);
            line.LegendText = $"crossover: GradGen faster than forward differences from N = {crossover}";
        }

        LogTicks(plot.Axes.Bottom, v => Pow10(v).ToString("0", CultureInfo.InvariantCulture));
        LogTicks(plot.Axes.Left, v => DecadeTime(v));
        plot.ShowLegend(Alignment.UpperLeft);
        Save(plot, directory, TimingFile);
    }

    public static void Accuracy(AccuracyResult result, string directory)
    {
        var plot = NewPlot(
            $"Finite-difference error vs step h (N = {result.N}; error = max |FD − GradGen|)",
            "step h",
            "max-abs error of the gradient");
        var colors = new Dictionary<FiniteDifferenceScheme, Color>
        {
            [FiniteDifferenceScheme.Forward] = ForwardColor,
            [FiniteDifferenceScheme.Central] = CentralColor,
            [FiniteDifferenceScheme.FivePoint] = FivePointColor,
        };
        foreach (var curve in result.Curves)
        {
            var color = colors[curve.Scheme];
            AddLine(plot, curve.Steps.Select(Math.Log10).ToArray(), curve.Errors, color, Demo.Accuracy.Name(curve.Scheme));
            var marker = plot.Add.Marker(Math.Log10(curve.DefaultStep), Math.Log10(Floor(curve.DefaultError)), MarkerShape.OpenDiamond, 16, color);
            marker.MarkerLineWidth = 2;
        }

        plot.Legend.ManualItems.Add(new LegendItem
        {
            LabelText = "the scheme's default step",
            MarkerShape = MarkerShape.OpenDiamond,
            MarkerSize = 12,
            MarkerLineColor = Colors.Black,
            MarkerLineWidth = 2,
            LineWidth = 0,
        });

        double handLevel = Floor(result.GradGenVsHand);
        var hand = plot.Add.HorizontalLine(Math.Log10(handLevel), 1.5f, GradGenColor, LinePattern.Dashed);
        hand.LegendText = result.GradGenVsHand > 0
            ? $"GradGen vs hand-derived gradient: {Format.Scientific(result.GradGenVsHand)}"
            : "GradGen vs hand-derived gradient: identical (drawn at 1e-18)";

        plot.Axes.SetLimitsY(-18.5, 0.5);
        LogTicks(plot.Axes.Bottom, v => "1e" + Math.Round(v).ToString(CultureInfo.InvariantCulture));
        LogTicks(plot.Axes.Left, v => "1e" + Math.Round(v).ToString(CultureInfo.InvariantCulture));
        plot.ShowLegend(Alignment.LowerLeft);
        Save(plot, directory, AccuracyFile);
    }

    public static void Training(TrainingResult result, string directory)
    {
        var plot = NewPlot(
            $"Training: loss − L* vs wall time (N = {result.N}, M = {result.Samples})",
            "wall time",
            "loss − L*");
        var colors = new Dictionary<GradientSource, Color>
        {
            [GradientSource.GradGen] = GradGenColor,
            [GradientSource.ForwardDifferences] = ForwardColor,
            [GradientSource.CentralDifferences] = CentralColor,
        };
        foreach (var run in result.Runs)
        {
            var pattern = run.Optimizer == Demo.Training.Lbfgs ? LinePattern.Solid : LinePattern.Dashed;

            // Log axes: times of at least 1 µs, gaps of at least 1e-16.
            double[] times = run.Times.Select(t => Math.Log10(Math.Max(t, 1e-6))).ToArray();
            double[] gaps = run.Losses.Select(l => Math.Log10(Math.Max(l - result.OptimalLoss, 1e-16))).ToArray();
            var scatter = plot.Add.ScatterLine(times, gaps, colors[run.Source]);
            scatter.LinePattern = pattern;
            scatter.LineWidth = 2;
            scatter.LegendText = $"{run.Optimizer}, {Demo.Training.Name(run.Source)}";
        }

        var target = plot.Add.HorizontalLine(Math.Log10(result.TargetLoss - result.OptimalLoss), 1, Colors.Gray, LinePattern.Dotted);
        target.Text = "target";
        target.LabelFontSize = 11;
        LogTicks(plot.Axes.Bottom, v => DecadeTime(v));
        LogTicks(plot.Axes.Left, v => "1e" + Math.Round(v).ToString(CultureInfo.InvariantCulture));
        plot.ShowLegend(Alignment.LowerLeft);
        Save(plot, directory, TrainingFile);
    }

    private static Plot NewPlot(string title, string xLabel, string yLabel)
    {
        var plot = new Plot();
        plot.Title(title, size: 15);
        plot.XLabel(xLabel, size: 13);
        plot.YLabel(yLabel, size: 13);
        return plot;
    }

    private static void AddLine(Plot plot, double[] xs, IEnumerable<double> values, Color color, string label, LinePattern? pattern = null)
    {
        double[] ys = values.Select(v => Math.Log10(Floor(v))).ToArray();
        var scatter = plot.Add.Scatter(xs, ys, color);
        scatter.LegendText = label;
        scatter.LineWidth = 2;
        scatter.MarkerSize = 5;
        scatter.LinePattern = pattern ?? LinePattern.Solid;
    }

    /// <summary>Major ticks at whole decades, minor ticks at 2…9 times a decade, labels from the decade's exponent.</summary>
    private static void LogTicks(IAxis axis, Func<double, string> label)
    {
        axis.TickGenerator = new NumericAutomatic
        {
            MinorTickGenerator = new LogMinorTickGenerator(),
            IntegerTicksOnly = true,
            LabelFormatter = label,
        };
    }

    private static double Pow10(double exponent) => Math.Pow(10, Math.Round(exponent));

    /// <summary>A decade of seconds as a tick label: 1 ns, 10 ns, …, 100 ms, 1 s, 10 s.</summary>
    private static string DecadeTime(double exponent)
    {
        int e = (int)Math.Round(exponent);
        (string unit, int offset) = e switch
        {
            < -6 => ("ns", 9),
            < -3 => ("µs", 6),
            < 0 => ("ms", 3),
            _ => ("s", 0),
        };
        return Math.Pow(10, e + offset).ToString("0", CultureInfo.InvariantCulture) + " " + unit;
    }

    /// <summary>Zero cannot be drawn on a log axis: values below 1e-18 are drawn at 1e-18.</summary>
    private static double Floor(double value) => Math.Max(value, 1e-18);

    private static void Save(Plot plot, string directory, string file)
    {
        plot.SavePng(Path.Combine(directory, file), Width, Height);
    }
}
