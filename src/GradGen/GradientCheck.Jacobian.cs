using System;
using System.Globalization;

namespace GradGen;

/// <summary>The Jacobian check: every entry against finite differences of the vector function.</summary>
public static partial class GradientCheck
{
    /// <summary>
    /// Compares every entry of an analytic Jacobian with the finite-difference Jacobian of
    /// <see cref="FiniteDifferences.Jacobian(VectorFunction, ReadOnlySpan{double}, Span{double}, FiniteDifferenceScheme, double?)"/>
    /// (one column per input: <c>2n</c> evaluations of <paramref name="f"/> with central differences), and the
    /// result the Jacobian function writes with <c>f(x)</c>.
    /// </summary>
    /// <param name="f">The vector function; called with a zero-filled result span of <paramref name="outputs"/> elements.</param>
    /// <param name="jacobian">The Jacobian checked: called once with zero-filled spans of <paramref name="outputs"/> and
    /// <c>outputs × n</c> elements; it writes the result and the Jacobian row-major.</param>
    /// <param name="x">The point, <c>n</c> elements.</param>
    /// <param name="outputs">The number of outputs <c>m</c> of the vector function (at least 1).</param>
    /// <param name="options">Scheme, step and tolerances; <see langword="null"/> for central differences with atol 1e-6,
    /// rtol 1e-5. Each entry is an ordinary first derivative, so the justification on <see cref="GradientCheckOptions"/>
    /// carries over with <c>|rᵢ|</c> in place of <c>|f|</c>.</param>
    /// <returns>The report (<see cref="GradientCheckMethod.Jacobian"/>), one row <c>J[i,j]</c> per entry, row-major;
    /// its value check compares every output and shows the worst.</returns>
    /// <exception cref="ArgumentNullException"><paramref name="f"/> or <paramref name="jacobian"/> is null.</exception>
    /// <exception cref="ArgumentOutOfRangeException"><paramref name="outputs"/> is less than 1, or an option is out of range.</exception>
    public static GradientCheckReport CompareJacobian(
        VectorFunction f,
        JacobianFunction jacobian,
        ReadOnlySpan<double> x,
        int outputs,
        GradientCheckOptions? options = null)
    {
        ArgumentNullException.ThrowIfNull(f);
        ArgumentNullException.ThrowIfNull(jacobian);
        ArgumentOutOfRangeException.ThrowIfLessThan(outputs, 1);
        GradientCheckOptions resolved = (options ?? new GradientCheckOptions()).Resolve(singlePrecision: false);
        int n = x.Length;
        var result = new double[outputs];
        var analytic = new double[outputs * n];
        jacobian(x, result, analytic);

        var reference = new double[outputs];
        f(x, reference);
        var numeric = new double[outputs * n];
        int evaluations = 1 + FiniteDifferences.Jacobian(f, x, numeric, resolved.Scheme, resolved.Step);

        var labels = new string[outputs * n];
        for (int i = 0; i < outputs; i++)
        {
            for (int j = 0; j < n; j++)
            {
                labels[(i * n) + j] = string.Create(CultureInfo.InvariantCulture, $"J[{i},{j}]");
            }
        }

        int worst = 0;
        double worstRatio = double.NegativeInfinity;
        for (int i = 0; i < outputs; i++)
        {
            double ratio = ToleranceRatio(result[i], reference[i], resolved);
            if (ratio > worstRatio)
            {
                worstRatio = ratio;
                worst = i;
            }
        }

        return new GradientCheckReport(
            GradientCheckMethod.Jacobian,
            singlePrecision: false,
            resolved,
            analytic,
            numeric,
            result[worst],
            reference[worst],
            evaluations,
            labels,
            string.Create(CultureInfo.InvariantCulture, $"r[{worst}]"),
            outputs);
    }
}
