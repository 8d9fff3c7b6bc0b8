using System;
using System.Collections.Generic;
using System.Globalization;
using System.Text;

namespace GradGen;

/// <summary>
/// The outcome of a <see cref="GradientCheck"/>: one row per gradient component (or per random direction), the
/// worst row, the value check, and a fixed-width table from <see cref="ToString()"/>.
/// </summary>
public sealed class GradientCheckReport
{
    private const int NumberWidth = 18;

    internal GradientCheckReport(
        GradientCheckMethod method,
        bool singlePrecision,
        GradientCheckOptions options,
        double[] analytic,
        double[] numeric,
        double value,
        double numericValue,
        int evaluations)
    {
        Method = method;
        IsSinglePrecision = singlePrecision;
        Options = options;
        AbsoluteTolerance = options.AbsoluteTolerance!.Value;
        RelativeTolerance = options.RelativeTolerance!.Value;
        Evaluations = evaluations;
        Value = value;
        NumericValue = numericValue;
        ValueAbsoluteError = Math.Abs(value - numericValue);
        ValuePassed = ValueAbsoluteError <= AbsoluteTolerance + RelativeTolerance * Math.Abs(numericValue);

        string prefix = method == GradientCheckMethod.Components ? "x" : "dir";
        var entries = new GradientCheckEntry[analytic.Length];
        int worst = -1;
        double worstRatio = double.NegativeInfinity;
        int failures = 0;
        for (int i = 0; i < entries.Length; i++)
        {
            double a = analytic[i];
            double n = numeric[i];
            double absolute = Math.Abs(a - n);
            double scale = Math.Max(Math.Abs(a), Math.Abs(n));
            double relative = scale == 0.0 ? 0.0 : absolute / scale;
            double allowed = AbsoluteTolerance + RelativeTolerance * Math.Abs(n);
            bool passed = absolute <= allowed;
            double ratio = absolute == 0.0 ? 0.0 : absolute / allowed;
            if (double.IsNaN(ratio))
            {
                ratio = double.PositiveInfinity;
            }

            if (!passed)
            {
                failures++;
            }

            if (ratio > worstRatio)
            {
                worstRatio = ratio;
                worst = i;
            }

            entries[i] = new GradientCheckEntry(i, prefix + "[" + i.ToString(CultureInfo.InvariantCulture) + "]", a, n, absolute, relative, ratio, passed);
        }

        Entries = entries;
        WorstIndex = worst;
        FailedCount = failures;
        Passed = failures == 0 && (ValuePassed || !options.CheckValue);
    }

    /// <summary>
    /// Whether every row satisfies <c>|analytic − numeric| ≤ atol + rtol·|numeric|</c> and (unless
    /// <see cref="GradientCheckOptions.CheckValue"/> is off) the returned value equals <c>f(x)</c> within the same tolerance.
    /// </summary>
    public bool Passed { get; }

    /// <summary>Whether rows are gradient components or random directions.</summary>
    public GradientCheckMethod Method { get; }

    /// <summary>Whether a single-precision (<see cref="float"/>) gradient was checked.</summary>
    public bool IsSinglePrecision { get; }

    /// <summary>The options used, with the default tolerances filled in.</summary>
    public GradientCheckOptions Options { get; }

    /// <summary>The finite-difference scheme of the numerical reference.</summary>
    public FiniteDifferenceScheme Scheme => Options.Scheme;

    /// <summary>The absolute tolerance <c>atol</c> used.</summary>
    public double AbsoluteTolerance { get; }

    /// <summary>The relative tolerance <c>rtol</c> used.</summary>
    public double RelativeTolerance { get; }

    /// <summary>One row per gradient component (or per random direction), in order.</summary>
    public IReadOnlyList<GradientCheckEntry> Entries { get; }

    /// <summary>The index in <see cref="Entries"/> of the row with the largest <see cref="GradientCheckEntry.ToleranceRatio"/>; -1 when there are no rows.</summary>
    public int WorstIndex { get; }

    /// <summary>The row with the largest <see cref="GradientCheckEntry.ToleranceRatio"/>, or <see langword="null"/> when there are no rows.</summary>
    public GradientCheckEntry? Worst => WorstIndex < 0 ? null : Entries[WorstIndex];

    /// <summary>The number of rows outside tolerance.</summary>
    public int FailedCount { get; }

    /// <summary>The value returned by the gradient function.</summary>
    public double Value { get; }

    /// <summary>The value of the plain function, <c>f(x)</c>.</summary>
    public double NumericValue { get; }

    /// <summary><c>|Value − NumericValue|</c>.</summary>
    public double ValueAbsoluteError { get; }

    /// <summary>Whether <c>|Value − NumericValue| ≤ atol + rtol·|NumericValue|</c> (reported even when <see cref="GradientCheckOptions.CheckValue"/> is off).</summary>
    public bool ValuePassed { get; }

    /// <summary>
    /// The number of evaluations of the plain function <c>f</c>: one for <c>f(x)</c> plus the finite differences
    /// (<c>2N</c> more for central differences, 2 per direction for the dot-product test). The gradient function is
    /// called once and is not counted.
    /// </summary>
    public int Evaluations { get; }

    /// <summary>Returns this report if it passed; otherwise throws.</summary>
    /// <returns>This report, so that <c>GradientCheck.Compare(f, g, x).ThrowIfFailed();</c> fits in a test.</returns>
    /// <exception cref="GradientCheckException">The check failed; its message is <see cref="ToString()"/>.</exception>
    public GradientCheckReport ThrowIfFailed() => Passed ? this : throw new GradientCheckException(this);

    /// <summary>The report as a fixed-width table with every row.</summary>
    /// <returns>A header saying PASSED or FAILED with the scheme and tolerances, the value check, and one row per
    /// component with analytic, numeric, absolute and relative error; failing rows are marked <c>!</c> and the
    /// worst row <c>&lt;-- worst</c>. Numbers use the invariant culture.</returns>
    public override string ToString() => ToString(int.MaxValue);

    /// <summary>The report as a fixed-width table with at most <paramref name="maxRows"/> rows.</summary>
    /// <param name="maxRows">
    /// The most rows to show. When there are more, the worst row and failing rows are shown first in priority,
    /// then the first passing rows, in index order, followed by a count of the rows left out.
    /// </param>
    /// <returns>The table.</returns>
    public string ToString(int maxRows)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(maxRows);
        CultureInfo inv = CultureInfo.InvariantCulture;
        var text = new StringBuilder();
        string rows = Method == GradientCheckMethod.Components ? "components" : "directions";
        text.Append(inv, $"Gradient check {(Passed ? "PASSED" : "FAILED")}: {SchemeName(Scheme)}, ");
        text.Append(inv, $"atol = {Format(AbsoluteTolerance)}, rtol = {Format(RelativeTolerance)}, ");
        text.Append(IsSinglePrecision ? "float" : "double");
        text.Append(inv, $"; {FailedCount} of {Entries.Count} {rows} outside |analytic - numeric| <= atol + rtol*|numeric|");
        if (Worst is GradientCheckEntry worst)
        {
            text.Append(inv, $"; worst {worst.Label} at {Format(worst.ToleranceRatio)} x allowed");
        }

        text.AppendLine();
        string stepText = Options.Step is double h
            ? "step " + Format(h)
            : "default step " + Format(IsSinglePrecision ? FiniteDifferences.DefaultRelativeStepF(Scheme) : FiniteDifferences.DefaultRelativeStep(Scheme))
              + (Method == GradientCheckMethod.Components ? "*max(1,|x[i]|)" : "*max(1,|x|inf)/|v|inf");
        text.Append(inv, $"  method: {(Method == GradientCheckMethod.Components ? "every component" : "dot product along random unit directions v")}, {stepText}, {Evaluations} evaluations of f").AppendLine();
        string valueStatus = ValuePassed ? "ok" : Options.CheckValue ? "MISMATCH" : "mismatch (not checked)";
        text.Append(inv, $"  value: gradient returned {Format(Value)}, f(x) = {Format(NumericValue)}, abs err {Format(ValueAbsoluteError)} ({valueStatus})").AppendLine();

        string labelHeader = Method == GradientCheckMethod.Components ? "component" : "direction";
        text.Append("  ").Append(labelHeader.PadRight(10));
        text.Append("analytic".PadLeft(NumberWidth)).Append("numeric".PadLeft(NumberWidth));
        text.Append("abs err".PadLeft(NumberWidth)).Append("rel err".PadLeft(NumberWidth)).AppendLine();

        bool[] shown = SelectRows(maxRows);
        int omitted = 0;
        for (int i = 0; i < Entries.Count; i++)
        {
            if (!shown[i])
            {
                omitted++;
                continue;
            }

            GradientCheckEntry entry = Entries[i];
            text.Append(entry.Passed ? "  " : "! ").Append(entry.Label.PadRight(10));
            text.Append(Format(entry.Analytic).PadLeft(NumberWidth)).Append(Format(entry.Numeric).PadLeft(NumberWidth));
            text.Append(Format(entry.AbsoluteError).PadLeft(NumberWidth)).Append(Format(entry.RelativeError).PadLeft(NumberWidth));
            if (i == WorstIndex)
            {
                text.Append("  <-- worst");
            }

            text.AppendLine();
        }

        if (omitted > 0)
        {
            text.Append(inv, $"  ... {omitted} more {rows} not shown").AppendLine();
        }

        return text.ToString();
    }

    private bool[] SelectRows(int maxRows)
    {
        var shown = new bool[Entries.Count];
        int budget = maxRows;
        if (WorstIndex >= 0 && budget > 0)
        {
            shown[WorstIndex] = true;
            budget--;
        }

        for (int pass = 0; pass < 2; pass++)
        {
            for (int i = 0; i < Entries.Count && budget > 0; i++)
            {
                if (!shown[i] && (pass == 1 || !Entries[i].Passed))
                {
                    shown[i] = true;
                    budget--;
                }
            }
        }

        return shown;
    }

    private static string Format(double value) => value.ToString("G10", CultureInfo.InvariantCulture);

    private static string SchemeName(FiniteDifferenceScheme scheme) => scheme switch
    {
        FiniteDifferenceScheme.Forward => "forward differences",
        FiniteDifferenceScheme.Backward => "backward differences",
        FiniteDifferenceScheme.Central => "central differences",
        FiniteDifferenceScheme.FivePoint => "five-point stencil",
        _ => "Richardson (Ridders) extrapolation",
    };
}
