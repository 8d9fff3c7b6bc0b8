using System;
using System.Collections.Generic;
using System.Globalization;

namespace GradGen;

/// <summary>
/// The outcome of a <see cref="GradientCheck"/>: one row per derivative compared (a gradient component, a random
/// direction, a Jacobian entry or a component of a Hessian-vector product; see <see cref="Method"/>), the worst row,
/// the value check, and a fixed-width table from <see cref="ToString()"/>.
/// </summary>
public sealed partial class GradientCheckReport
{
    internal GradientCheckReport(
        GradientCheckMethod method,
        bool singlePrecision,
        GradientCheckOptions options,
        double[] analytic,
        double[] numeric,
        double value,
        double numericValue,
        int evaluations,
        string[]? labels = null,
        string? valueLabel = null,
        int valueCount = 1)
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

        ValueLabel = valueLabel;
        ValueCount = valueCount;
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

            string label = labels?[i] ?? prefix + "[" + i.ToString(CultureInfo.InvariantCulture) + "]";
            entries[i] = new GradientCheckEntry(i, label, a, n, absolute, relative, ratio, passed);
        }

        Entries = entries;
        WorstIndex = worst;
        FailedCount = failures;
        Passed = failures == 0 && (ValuePassed || !options.CheckValue);
    }

    /// <summary>
    /// Whether every row satisfies <c>|analytic − numeric| ≤ atol + rtol·|numeric|</c> and (unless
    /// <see cref="GradientCheckOptions.CheckValue"/> is off) every value the function checked returned or wrote equals
    /// its reference (<see cref="NumericValue"/>) within the same tolerance.
    /// </summary>
    public bool Passed { get; }

    /// <summary>Which check made the report, and so what its rows are and what they were compared with.</summary>
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

    /// <summary>One row per derivative compared, in order (see <see cref="GradientCheckMethod"/> for what the rows of each check are).</summary>
    public IReadOnlyList<GradientCheckEntry> Entries { get; }

    /// <summary>The index in <see cref="Entries"/> of the row with the largest <see cref="GradientCheckEntry.ToleranceRatio"/>; -1 when there are no rows.</summary>
    public int WorstIndex { get; }

    /// <summary>The row with the largest <see cref="GradientCheckEntry.ToleranceRatio"/>, or <see langword="null"/> when there are no rows.</summary>
    public GradientCheckEntry? Worst => WorstIndex < 0 ? null : Entries[WorstIndex];

    /// <summary>The number of rows outside tolerance.</summary>
    public int FailedCount { get; }

    /// <summary>
    /// The value returned by the function checked: the gradient function, the pushforward or the Hessian-vector
    /// product (the one furthest from <see cref="NumericValue"/> when it was called once per direction), or the
    /// output element of the Jacobian function furthest from the vector function's.
    /// </summary>
    public double Value { get; }

    /// <summary>
    /// The reference value: <c>f(x)</c> from the plain function, the gradient function's value when a pushforward or
    /// Hessian-vector product is checked against it, or the vector function's element matching <see cref="Value"/>.
    /// </summary>
    public double NumericValue { get; }

    /// <summary><c>|Value − NumericValue|</c>.</summary>
    public double ValueAbsoluteError { get; }

    /// <summary>Whether <c>|Value − NumericValue| ≤ atol + rtol·|NumericValue|</c> (reported even when <see cref="GradientCheckOptions.CheckValue"/> is off).</summary>
    public bool ValuePassed { get; }

    /// <summary>
    /// The number of evaluations of the reference function: one at <c>x</c> plus the finite differences. The
    /// reference is the plain function <c>f</c> (<c>2N</c> more for central differences in <c>Compare</c>, 2 per
    /// direction in <c>DotProductTest</c> and the finite-difference <c>PushforwardTest</c>), the vector function
    /// (<c>2N</c> more in <c>CompareJacobian</c>), or the gradient function (2 per direction in
    /// <c>CompareHessianVectorProduct</c>, none more in the <c>PushforwardTest</c> against a gradient). The function
    /// checked is not counted.
    /// </summary>
    public int Evaluations { get; }

    /// <summary>The output element <see cref="Value"/> is, such as <c>r[2]</c>, or null when the value is a scalar.</summary>
    internal string? ValueLabel { get; }

    /// <summary>How many values were compared (outputs or calls) for <see cref="Value"/> to be the worst of.</summary>
    internal int ValueCount { get; }

    /// <summary>Returns this report if it passed; otherwise throws.</summary>
    /// <returns>This report, so that <c>GradientCheck.Compare(f, g, x).ThrowIfFailed();</c> fits in a test.</returns>
    /// <exception cref="GradientCheckException">The check failed; its message is <see cref="ToString()"/>.</exception>
    public GradientCheckReport ThrowIfFailed() => Passed ? this : throw new GradientCheckException(this);
}
