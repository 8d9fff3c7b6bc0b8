using System;
using System.Collections.Generic;
using GradGen.Demo.Models;
using Spectre.Console;

namespace GradGen.Demo;

/// <summary>The error curve of one finite-difference scheme: max-abs error against the step.</summary>
internal sealed record ErrorCurve(
    FiniteDifferenceScheme Scheme,
    double[] Steps,
    double[] Errors,
    double DefaultStep,
    double DefaultError,
    double BestStep,
    double BestError);

/// <summary>The outcome of part 2.</summary>
internal sealed record AccuracyResult(int N, int Samples, double GradGenVsHand, double GradientNorm, IReadOnlyList<ErrorCurve> Curves);

/// <summary>
/// Part 2: at one point, the max-abs error of finite-difference gradients against GradGen's gradient for steps
/// h = 10⁻¹ … 10⁻¹⁴ (the V: truncation error falls with h, round-off error grows as h shrinks).
/// </summary>
internal static class Accuracy
{
    public static readonly FiniteDifferenceScheme[] Schemes =
        [FiniteDifferenceScheme.Forward, FiniteDifferenceScheme.Central, FiniteDifferenceScheme.FivePoint];

    /// <summary>Quarter decades from 10⁻¹ to 10⁻¹⁴.</summary>
    public static double[] StepGrid()
    {
        var steps = new double[53];
        for (int k = 0; k < steps.Length; k++)
        {
            steps[k] = Math.Pow(10, -1 - (k / 4.0));
        }

        return steps;
    }

    public static AccuracyResult Run(DemoOptions options, ProgressTask task)
    {
        int n = options.AccuracyN, m = options.AccuracySamples;
        var random = new Random(options.Seed + 1);
        var data = Dataset.Synthetic(n, m, signal: 2.0, random);
        double[] x = data.X, y = data.Y;

        // Weights in [−0.8, 0.8]: every default step is then the relative step itself (it scales with max(1, |wᵢ|)).
        var w = new double[n];
        for (int j = 0; j < n; j++)
        {
            w[j] = 0.8 * ((2 * random.NextDouble()) - 1);
        }

        var exact = new double[n];
        var byHand = new double[n];
        Logistic.MeanLossGradient(w, x, y, m, exact);
        Logistic.MeanLossGradientByHand(w, x, y, m, byHand);
        double gradGenVsHand = MaxAbsDifference(exact, byHand);
        double norm = 0;
        foreach (double d in exact)
        {
            norm = Math.Max(norm, Math.Abs(d));
        }

        ScalarFunction loss = v => Logistic.MeanLoss(v, x, y, m);
        double[] steps = StepGrid();
        var approximate = new double[n];
        var curves = new List<ErrorCurve>();
        foreach (var scheme in Schemes)
        {
            task.Description = Markup.Escape($"2. accuracy  {Name(scheme)}");
            var errors = new double[steps.Length];
            int best = 0;
            for (int k = 0; k < steps.Length; k++)
            {
                FiniteDifferences.Gradient(loss, w, approximate, scheme, steps[k]);
                errors[k] = MaxAbsDifference(approximate, exact);
                if (errors[k] < errors[best])
                {
                    best = k;
                }

                task.Increment(1);
            }

            FiniteDifferences.Gradient(loss, w, approximate, scheme);
            double defaultError = MaxAbsDifference(approximate, exact);
            curves.Add(new ErrorCurve(scheme, steps, errors, FiniteDifferences.DefaultStep(scheme, 0.0), defaultError, steps[best], errors[best]));
        }

        return new AccuracyResult(n, m, gradGenVsHand, norm, curves);
    }

    public static string Name(FiniteDifferenceScheme scheme) => scheme switch
    {
        FiniteDifferenceScheme.Forward => "forward differences",
        FiniteDifferenceScheme.Central => "central differences",
        FiniteDifferenceScheme.FivePoint => "five-point differences",
        _ => scheme.ToString(),
    };

    private static double MaxAbsDifference(ReadOnlySpan<double> a, ReadOnlySpan<double> b)
    {
        double max = 0;
        for (int i = 0; i < a.Length; i++)
        {
            max = Math.Max(max, Math.Abs(a[i] - b[i]));
        }

        return max;
    }
}
