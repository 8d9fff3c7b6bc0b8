using System;
using System.Numerics;

namespace GradGen;

/// <summary>
/// Checks an analytic gradient (for example a GradGen-generated one) against finite differences and reports
/// every component; also checks pushforwards, Jacobians and Hessian-vector products.
/// </summary>
/// <remarks>
/// <para>
/// <c>Compare</c> checks every component against <see cref="FiniteDifferences.Gradient(ScalarFunction, ReadOnlySpan{double}, Span{double}, FiniteDifferenceScheme, double?)"/>
/// (2N evaluations with central differences); <c>DotProductTest</c> checks <c>∇f·v</c> along a few random unit
/// directions against <see cref="FiniteDifferences.DirectionalDerivative(ScalarFunction, ReadOnlySpan{double}, ReadOnlySpan{double}, FiniteDifferenceScheme, double?)"/>
/// (2 evaluations per direction), the cheap check for large N. Both pass when
/// <c>|analytic − numeric| ≤ atol + rtol·|numeric|</c> for every row and the gradient function's returned value
/// equals <c>f(x)</c> within the same tolerance; defaults and their justification are on <see cref="GradientCheckOptions"/>.
/// </para>
/// <para>
/// The other generated derivatives have checks of their own, over flattened inputs (adapt a generated method with a
/// lambda): <c>PushforwardTest</c> checks a forward-mode directional derivative along random directions against a
/// gradient (exact on both sides) or against finite differences of <c>f</c>; <c>CompareJacobian</c> checks every entry of
/// a Jacobian against <see cref="FiniteDifferences.Jacobian(VectorFunction, ReadOnlySpan{double}, Span{double}, FiniteDifferenceScheme, double?)"/>;
/// <c>CompareHessianVectorProduct</c> checks <c>H·v</c> against
/// <see cref="FiniteDifferences.HessianVectorProduct(GradientFunction, ReadOnlySpan{double}, ReadOnlySpan{double}, Span{double}, FiniteDifferenceScheme, double?)"/>
/// and the gradient it writes against the gradient function. All report through <see cref="GradientCheckReport"/> with
/// the same pass rule.
/// </para>
/// <para>In a test: <c>GradientCheck.Compare(f, g, x).ThrowIfFailed();</c></para>
/// <para>The checks allocate their report; they are meant for tests and diagnostics, not hot paths.</para>
/// </remarks>
public static partial class GradientCheck
{
    /// <summary>
    /// Compares every component of the analytic gradient with a finite-difference gradient.
    /// </summary>
    /// <param name="f">The function.</param>
    /// <param name="gradient">The analytic gradient: called once with a zero-filled span; must return <c>f(x)</c>.</param>
    /// <param name="x">The point.</param>
    /// <param name="options">Scheme, step and tolerances; <see langword="null"/> for central differences with atol 1e-6, rtol 1e-5.</param>
    /// <returns>The report; call <see cref="GradientCheckReport.ThrowIfFailed"/> to turn a failure into an exception.</returns>
    /// <exception cref="ArgumentNullException"><paramref name="f"/> or <paramref name="gradient"/> is null.</exception>
    /// <exception cref="ArgumentOutOfRangeException">An option is out of range.</exception>
    public static GradientCheckReport Compare(
        ScalarFunction f,
        GradientFunction gradient,
        ReadOnlySpan<double> x,
        GradientCheckOptions? options = null)
    {
        ArgumentNullException.ThrowIfNull(f);
        ArgumentNullException.ThrowIfNull(gradient);
        return CompareCore(new DoubleFunction(f), new DoubleGradient(gradient), x, options);
    }

    /// <summary>
    /// Compares every component of a single-precision analytic gradient with a single-precision finite-difference
    /// gradient, with float tolerances (atol 1e-3, rtol 1e-2 unless <paramref name="options"/> says otherwise).
    /// </summary>
    /// <param name="f">The function.</param>
    /// <param name="gradient">The analytic gradient: called once with a zero-filled span; must return <c>f(x)</c>.</param>
    /// <param name="x">The point.</param>
    /// <param name="options">Scheme, step and tolerances; tolerances left null take the float defaults.</param>
    /// <returns>The report.</returns>
    /// <exception cref="ArgumentNullException"><paramref name="f"/> or <paramref name="gradient"/> is null.</exception>
    /// <exception cref="ArgumentOutOfRangeException">An option is out of range.</exception>
    public static GradientCheckReport Compare(
        ScalarFunctionF f,
        GradientFunctionF gradient,
        ReadOnlySpan<float> x,
        GradientCheckOptions? options = null)
    {
        ArgumentNullException.ThrowIfNull(f);
        ArgumentNullException.ThrowIfNull(gradient);
        return CompareCore(new SingleFunction(f), new SingleGradient(gradient), x, options);
    }

    private static GradientCheckReport CompareCore<T, TFunction, TGradient>(
        TFunction f,
        TGradient gradient,
        ReadOnlySpan<T> x,
        GradientCheckOptions? options)
        where T : unmanaged, IFloatingPointIeee754<T>
        where TFunction : IScalarFunction<T>
        where TGradient : IGradientFunction<T>
    {
        bool single = typeof(T) == typeof(float);
        GradientCheckOptions resolved = (options ?? new GradientCheckOptions()).Resolve(single);
        int n = x.Length;
        var analytic = new T[n];
        double value = double.CreateTruncating(gradient.Invoke(x, analytic));
        double numericValue = double.CreateTruncating(f.Invoke(x));
        var numeric = new T[n];
        int evaluations = 1 + FiniteDifferences.GradientCore(f, x, numeric, resolved.Scheme, resolved.Step);
        return new GradientCheckReport(
            GradientCheckMethod.Components, single, resolved, Widen(analytic), Widen(numeric), value, numericValue, evaluations);
    }

    private static double[] Widen<T>(T[] values)
        where T : unmanaged, IFloatingPointIeee754<T>
    {
        if (values is double[] doubles)
        {
            return doubles;
        }

        var result = new double[values.Length];
        for (int i = 0; i < values.Length; i++)
        {
            result[i] = double.CreateTruncating(values[i]);
        }

        return result;
    }
}
