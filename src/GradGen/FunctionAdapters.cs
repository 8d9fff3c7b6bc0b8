using System;
using System.Numerics;

namespace GradGen;

/// <summary>A function of several variables, wrapped in a struct so generic code calls it without boxing.</summary>
internal interface IScalarFunction<T>
    where T : unmanaged, IFloatingPointIeee754<T>
{
    T Invoke(ReadOnlySpan<T> x);
}

/// <summary>A function with its gradient, wrapped in a struct so generic code calls it without boxing.</summary>
internal interface IGradientFunction<T>
    where T : unmanaged, IFloatingPointIeee754<T>
{
    T Invoke(ReadOnlySpan<T> x, Span<T> gradient);
}

/// <summary>A function with its directional derivative, wrapped in a struct so generic code calls it without boxing.</summary>
internal interface IPushforwardFunction<T>
    where T : unmanaged, IFloatingPointIeee754<T>
{
    T Invoke(ReadOnlySpan<T> x, ReadOnlySpan<T> direction, out T derivative);
}

/// <summary>A vector function, wrapped in a struct so generic code calls it without boxing.</summary>
internal interface IVectorFunction<T>
    where T : unmanaged, IFloatingPointIeee754<T>
{
    void Invoke(ReadOnlySpan<T> x, Span<T> result);
}

internal readonly struct DoubleVector(VectorFunction f) : IVectorFunction<double>
{
    public void Invoke(ReadOnlySpan<double> x, Span<double> result) => f(x, result);
}

internal readonly struct SingleVector(VectorFunctionF f) : IVectorFunction<float>
{
    public void Invoke(ReadOnlySpan<float> x, Span<float> result) => f(x, result);
}

/// <summary>A vector function with its Jacobian, wrapped in a struct so generic code calls it without boxing.</summary>
internal interface IJacobianFunction<T>
    where T : unmanaged, IFloatingPointIeee754<T>
{
    void Invoke(ReadOnlySpan<T> x, Span<T> result, Span<T> jacobian);
}

/// <summary>A function with its gradient and Hessian-vector product, wrapped in a struct so generic code calls it without boxing.</summary>
internal interface IHessianVectorProductFunction<T>
    where T : unmanaged, IFloatingPointIeee754<T>
{
    T Invoke(ReadOnlySpan<T> x, ReadOnlySpan<T> direction, Span<T> gradient, Span<T> hessianVector);
}

/// <summary>
/// A function of one variable seen along a line through the point of interest: <c>Evaluate(work, t)</c>
/// returns the function at offset <c>t</c> from the origin of the line. <paramref name="work"/> is scratch
/// space owned by the caller (point buffers for the multivariate lines).
/// </summary>
internal interface ILine<T>
    where T : unmanaged, IFloatingPointIeee754<T>
{
    T Evaluate(Span<T> work, T offset);
}

internal readonly struct DoubleFunction(ScalarFunction f) : IScalarFunction<double>
{
    public double Invoke(ReadOnlySpan<double> x) => f(x);
}

internal readonly struct SingleFunction(ScalarFunctionF f) : IScalarFunction<float>
{
    public float Invoke(ReadOnlySpan<float> x) => f(x);
}

internal readonly struct DoubleGradient(GradientFunction g) : IGradientFunction<double>
{
    public double Invoke(ReadOnlySpan<double> x, Span<double> gradient) => g(x, gradient);
}

internal readonly struct SingleGradient(GradientFunctionF g) : IGradientFunction<float>
{
    public float Invoke(ReadOnlySpan<float> x, Span<float> gradient) => g(x, gradient);
}

internal readonly struct DoublePushforward(PushforwardFunction p) : IPushforwardFunction<double>
{
    public double Invoke(ReadOnlySpan<double> x, ReadOnlySpan<double> direction, out double derivative) => p(x, direction, out derivative);
}

internal readonly struct SinglePushforward(PushforwardFunctionF p) : IPushforwardFunction<float>
{
    public float Invoke(ReadOnlySpan<float> x, ReadOnlySpan<float> direction, out float derivative) => p(x, direction, out derivative);
}

internal readonly struct DoubleJacobian(JacobianFunction j) : IJacobianFunction<double>
{
    public void Invoke(ReadOnlySpan<double> x, Span<double> result, Span<double> jacobian) => j(x, result, jacobian);
}

internal readonly struct SingleJacobian(JacobianFunctionF j) : IJacobianFunction<float>
{
    public void Invoke(ReadOnlySpan<float> x, Span<float> result, Span<float> jacobian) => j(x, result, jacobian);
}

internal readonly struct DoubleHessianVectorProduct(HessianVectorProductFunction h) : IHessianVectorProductFunction<double>
{
    public double Invoke(ReadOnlySpan<double> x, ReadOnlySpan<double> direction, Span<double> gradient, Span<double> hessianVector) =>
        h(x, direction, gradient, hessianVector);
}

internal readonly struct SingleHessianVectorProduct(HessianVectorProductFunctionF h) : IHessianVectorProductFunction<float>
{
    public float Invoke(ReadOnlySpan<float> x, ReadOnlySpan<float> direction, Span<float> gradient, Span<float> hessianVector) =>
        h(x, direction, gradient, hessianVector);
}

/// <summary><c>t ↦ f(x + t)</c> for a function of one variable.</summary>
internal readonly struct PointLine<T>(Func<T, T> f, T x) : ILine<T>
    where T : unmanaged, IFloatingPointIeee754<T>
{
    public T Evaluate(Span<T> work, T offset) => f(x + offset);
}

/// <summary>
/// <c>t ↦ f(x + t·eᵢ)</c>: <c>work</c> holds the point; component <c>index</c> is perturbed, evaluated and restored.
/// </summary>
internal readonly struct ComponentLine<T, TFunction>(TFunction f, int index, T origin) : ILine<T>
    where T : unmanaged, IFloatingPointIeee754<T>
    where TFunction : IScalarFunction<T>
{
    public T Evaluate(Span<T> work, T offset)
    {
        work[index] = origin + offset;
        T value = f.Invoke(work);
        work[index] = origin;
        return value;
    }
}

/// <summary>
/// <c>t ↦ f(x + t·v)</c>: <c>work</c> is three blocks of <c>n</c>: the point evaluated, then <c>x</c>, then <c>v</c>.
/// </summary>
internal readonly struct DirectionLine<T, TFunction>(TFunction f, int n) : ILine<T>
    where T : unmanaged, IFloatingPointIeee754<T>
    where TFunction : IScalarFunction<T>
{
    public T Evaluate(Span<T> work, T offset)
    {
        Span<T> point = work.Slice(0, n);
        ReadOnlySpan<T> x = work.Slice(n, n);
        if (offset == T.Zero)
        {
            return f.Invoke(x);
        }

        ReadOnlySpan<T> v = work.Slice(2 * n, n);
        for (int j = 0; j < point.Length; j++)
        {
            point[j] = x[j] + offset * v[j];
        }

        return f.Invoke(point);
    }
}
