using System;
using System.Globalization;
using System.Numerics;

namespace GradGen;

/// <summary>The Hessian-vector product check: <c>H·v</c> against finite differences of the gradient.</summary>
public static partial class GradientCheck
{
    /// <summary>
    /// Checks a Hessian-vector product along <paramref name="directions"/> random unit directions <c>v</c>: every
    /// component of <c>H·v</c> against the finite difference of the gradient along <c>v</c>
    /// (<see cref="FiniteDifferences.HessianVectorProduct(GradientFunction, ReadOnlySpan{double}, ReadOnlySpan{double}, Span{double}, FiniteDifferenceScheme, double?)"/>,
    /// <c>(∇f(x + t·v) − ∇f(x − t·v)) / 2t</c> with central differences), every component of the gradient it writes
    /// against <paramref name="gradient"/>'s, and every value it returns against the gradient's value.
    /// </summary>
    /// <param name="gradient">The gradient, trusted or checked separately (for example with
    /// <see cref="Compare(ScalarFunction, GradientFunction, ReadOnlySpan{double}, GradientCheckOptions?)"/>); called with zero-filled spans.</param>
    /// <param name="hessianVectorProduct">The Hessian-vector product checked: called once per direction with zero-filled spans.</param>
    /// <param name="x">The point, <c>n</c> elements.</param>
    /// <param name="directions">How many random directions to test (at least 1).</param>
    /// <param name="seed">Seed of the <see cref="Random"/> that draws the directions (normalised Gaussian vectors).</param>
    /// <param name="options">
    /// Scheme, step and tolerances; <see langword="null"/> for central differences with atol 1e-6, rtol 1e-5. The step
    /// is the largest coordinate displacement, as in <see cref="FiniteDifferences.DirectionalDerivative(ScalarFunction, ReadOnlySpan{double}, ReadOnlySpan{double}, FiniteDifferenceScheme, double?)"/>.
    /// Component <c>i</c> of the reference is the directional difference of <c>∂f/∂xᵢ</c>, a first derivative of a
    /// function the size of the gradient, so the defaults hold with <c>|∇f|</c> in place of <c>|f|</c>: the error is
    /// about <c>ε·|∇f|/h + h²·|∂³∇f|/6</c>; see <see cref="GradientCheckOptions"/> for the measurements (the worst row
    /// uses under 1 % of its allowance on Rosenbrock). Keep central or five-point differences: forward differences
    /// are too coarse for these tolerances. The float overload needs <c>atol</c> of about <c>1e-3·‖∇f(x)‖∞</c> when the
    /// gradient is large.
    /// </param>
    /// <returns>The report (<see cref="GradientCheckMethod.HessianVectorProduct"/>): for each direction <c>k</c>,
    /// rows <c>Hv&lt;k&gt;[i]</c> for <c>(H·vₖ)ᵢ</c>, then rows <c>g&lt;k&gt;[i]</c> for the gradient written with <c>vₖ</c>.</returns>
    /// <exception cref="ArgumentNullException"><paramref name="gradient"/> or <paramref name="hessianVectorProduct"/> is null.</exception>
    /// <exception cref="ArgumentOutOfRangeException"><paramref name="directions"/> is less than 1, or an option is out of range.</exception>
    public static GradientCheckReport CompareHessianVectorProduct(
        GradientFunction gradient,
        HessianVectorProductFunction hessianVectorProduct,
        ReadOnlySpan<double> x,
        int directions = 2,
        int seed = 12345,
        GradientCheckOptions? options = null)
    {
        ArgumentNullException.ThrowIfNull(gradient);
        ArgumentNullException.ThrowIfNull(hessianVectorProduct);
        return CompareHessianVectorProductCore(new DoubleGradient(gradient), new DoubleHessianVectorProduct(hessianVectorProduct), x, directions, seed, options);
    }

    /// <summary>
    /// Checks a single-precision Hessian-vector product against single-precision finite differences of the gradient,
    /// with float tolerances (atol 1e-3, rtol 1e-2 unless <paramref name="options"/> says otherwise); see
    /// <see cref="CompareHessianVectorProduct(GradientFunction, HessianVectorProductFunction, ReadOnlySpan{double}, int, int, GradientCheckOptions?)"/>.
    /// </summary>
    /// <param name="gradient">The gradient; called with zero-filled spans.</param>
    /// <param name="hessianVectorProduct">The Hessian-vector product checked: called once per direction with zero-filled spans.</param>
    /// <param name="x">The point.</param>
    /// <param name="directions">How many random directions to test (at least 1).</param>
    /// <param name="seed">Seed of the random directions.</param>
    /// <param name="options">Scheme, step and tolerances; tolerances left null take the float defaults.</param>
    /// <returns>The report.</returns>
    /// <exception cref="ArgumentNullException"><paramref name="gradient"/> or <paramref name="hessianVectorProduct"/> is null.</exception>
    /// <exception cref="ArgumentOutOfRangeException"><paramref name="directions"/> is less than 1, or an option is out of range.</exception>
    public static GradientCheckReport CompareHessianVectorProduct(
        GradientFunctionF gradient,
        HessianVectorProductFunctionF hessianVectorProduct,
        ReadOnlySpan<float> x,
        int directions = 2,
        int seed = 12345,
        GradientCheckOptions? options = null)
    {
        ArgumentNullException.ThrowIfNull(gradient);
        ArgumentNullException.ThrowIfNull(hessianVectorProduct);
        return CompareHessianVectorProductCore(new SingleGradient(gradient), new SingleHessianVectorProduct(hessianVectorProduct), x, directions, seed, options);
    }

    private static GradientCheckReport CompareHessianVectorProductCore<T, TGradient, THessianVectorProduct>(
        TGradient gradient,
        THessianVectorProduct hessianVectorProduct,
        ReadOnlySpan<T> x,
        int directions,
        int seed,
        GradientCheckOptions? options)
        where T : unmanaged, IFloatingPointIeee754<T>
        where TGradient : IGradientFunction<T>
        where THessianVectorProduct : IHessianVectorProductFunction<T>
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(directions, 1);
        bool single = typeof(T) == typeof(float);
        GradientCheckOptions resolved = (options ?? new GradientCheckOptions()).Resolve(single);
        int n = x.Length;
        var referenceGradient = new T[n];
        double referenceValue = double.CreateTruncating(gradient.Invoke(x, referenceGradient));
        int evaluations = 1;

        var analytic = new T[2 * n * directions];
        var numeric = new T[2 * n * directions];
        var labels = new string[2 * n * directions];
        var values = new double[directions];
        var random = new Random(seed);
        var direction = new T[n];
        for (int k = 0; k < directions; k++)
        {
            if (n > 0)
            {
                RandomUnitVector(random, direction);
            }

            int block = 2 * n * k;
            Span<T> hv = analytic.AsSpan(block, n);
            Span<T> g = analytic.AsSpan(block + n, n);
            values[k] = double.CreateTruncating(hessianVectorProduct.Invoke(x, direction, g, hv));
            evaluations += FiniteDifferences.HessianVectorProductCore(gradient, x, direction, numeric.AsSpan(block, n), resolved.Scheme, resolved.Step);
            referenceGradient.CopyTo(numeric.AsSpan(block + n, n));
            for (int i = 0; i < n; i++)
            {
                labels[block + i] = string.Create(CultureInfo.InvariantCulture, $"Hv{k}[{i}]");
                labels[block + n + i] = string.Create(CultureInfo.InvariantCulture, $"g{k}[{i}]");
            }
        }

        int worst = WorstValue(values, referenceValue, resolved);
        return new GradientCheckReport(
            GradientCheckMethod.HessianVectorProduct, single, resolved, Widen(analytic), Widen(numeric), values[worst], referenceValue, evaluations, labels, valueCount: directions);
    }
}
