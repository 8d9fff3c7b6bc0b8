using System;
using System.Globalization;
using System.Numerics;

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
        return CompareJacobianCore(new DoubleVector(f), new DoubleJacobian(jacobian), x, outputs, options);
    }

    /// <summary>
    /// Compares every entry of a single-precision Jacobian with the single-precision finite-difference Jacobian, with
    /// float tolerances (atol 1e-3, rtol 1e-2 unless <paramref name="options"/> says otherwise); see
    /// <see cref="CompareJacobian(VectorFunction, JacobianFunction, ReadOnlySpan{double}, int, GradientCheckOptions?)"/>.
    /// </summary>
    /// <param name="f">The vector function.</param>
    /// <param name="jacobian">The Jacobian checked: called once with zero-filled spans.</param>
    /// <param name="x">The point, <c>n</c> elements.</param>
    /// <param name="outputs">The number of outputs <c>m</c> (at least 1).</param>
    /// <param name="options">Scheme, step and tolerances; tolerances left null take the float defaults.</param>
    /// <returns>The report, one row per entry.</returns>
    /// <exception cref="ArgumentNullException"><paramref name="f"/> or <paramref name="jacobian"/> is null.</exception>
    /// <exception cref="ArgumentOutOfRangeException"><paramref name="outputs"/> is less than 1, or an option is out of range.</exception>
    public static GradientCheckReport CompareJacobian(
        VectorFunctionF f,
        JacobianFunctionF jacobian,
        ReadOnlySpan<float> x,
        int outputs,
        GradientCheckOptions? options = null)
    {
        ArgumentNullException.ThrowIfNull(f);
        ArgumentNullException.ThrowIfNull(jacobian);
        return CompareJacobianCore(new SingleVector(f), new SingleJacobian(jacobian), x, outputs, options);
    }

    private static GradientCheckReport CompareJacobianCore<T, TVector, TJacobian>(
        TVector f,
        TJacobian jacobian,
        ReadOnlySpan<T> x,
        int outputs,
        GradientCheckOptions? options)
        where T : unmanaged, IFloatingPointIeee754<T>
        where TVector : IVectorFunction<T>
        where TJacobian : IJacobianFunction<T>
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(outputs, 1);
        bool single = typeof(T) == typeof(float);
        GradientCheckOptions resolved = (options ?? new GradientCheckOptions()).Resolve(single);
        int n = x.Length;
        var result = new T[outputs];
        var analytic = new T[outputs * n];
        jacobian.Invoke(x, result, analytic);

        var reference = new T[outputs];
        f.Invoke(x, reference);
        var numeric = new T[outputs * n];
        int evaluations = 1 + FiniteDifferences.JacobianCore(f, x, numeric, resolved.Scheme, resolved.Step);

        var labels = new string[outputs * n];
        for (int i = 0; i < outputs; i++)
        {
            for (int j = 0; j < n; j++)
            {
                labels[(i * n) + j] = string.Create(CultureInfo.InvariantCulture, $"J[{i},{j}]");
            }
        }

        double[] values = Widen(result);
        double[] referenceValues = Widen(reference);
        int worst = 0;
        double worstRatio = double.NegativeInfinity;
        for (int i = 0; i < outputs; i++)
        {
            double ratio = ToleranceRatio(values[i], referenceValues[i], resolved);
            if (ratio > worstRatio)
            {
                worstRatio = ratio;
                worst = i;
            }
        }

        return new GradientCheckReport(
            GradientCheckMethod.Jacobian,
            single,
            resolved,
            Widen(analytic),
            Widen(numeric),
            values[worst],
            referenceValues[worst],
            evaluations,
            labels,
            string.Create(CultureInfo.InvariantCulture, $"r[{worst}]"),
            outputs);
    }
}
