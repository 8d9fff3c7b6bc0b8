using System;

namespace GradGen.Benchmarks;

/// <summary>
/// Forward mode and second derivatives against the objective: a derived class declares <c>Objective</c> (the
/// baseline), <c>Gradient</c>, <c>Pushforward</c> (value and one directional derivative) and
/// <c>HessianVectorProduct</c> (value, gradient and H·v) over its model, and implements the four evaluations over
/// a flat point. <see cref="Initialize"/> (from the derived class's <c>[GlobalSetup]</c>) checks the directional
/// derivative against gradient·direction and H·v against central differences of the gradient, and throws if they
/// disagree: a benchmark of a wrong derivative is worthless.
/// </summary>
public abstract class SecondOrderBenchmark
{
    /// <summary>Relative agreement demanded of the directional derivative and gradient·direction (both exact).</summary>
    public const double Tolerance = 1e-9;

    /// <summary>Relative agreement demanded of H·v and its central-difference approximation.</summary>
    public const double DifferenceTolerance = 1e-5;

    /// <summary>The gradient, written by <c>Gradient</c> and <c>HessianVectorProduct</c>.</summary>
    protected double[] GradientBuffer { get; private set; } = [];

    /// <summary>H·v, written by <c>HessianVectorProduct</c>.</summary>
    protected double[] ProductBuffer { get; private set; } = [];

    /// <summary>The direction v of the Pushforward and the Hessian-vector product (length N).</summary>
    protected double[] Direction { get; private set; } = [];

    protected abstract double Evaluate(ReadOnlySpan<double> x);

    protected abstract double EvaluateGradient(ReadOnlySpan<double> x, Span<double> gradient);

    protected abstract double EvaluatePushforward(ReadOnlySpan<double> x, ReadOnlySpan<double> direction, out double derivative);

    protected abstract double EvaluateHessianVectorProduct(ReadOnlySpan<double> x, ReadOnlySpan<double> direction, Span<double> gradient, Span<double> product);

    /// <summary>Allocates the buffers, draws the direction and checks the generated derivatives.</summary>
    /// <exception cref="InvalidOperationException">A derivative disagrees with its reference.</exception>
    protected void Initialize(double[] point)
    {
        int n = point.Length;
        GradientBuffer = new double[n];
        ProductBuffer = new double[n];
        Direction = Data.Uniform(99, n, -1, 1);

        double value = Evaluate(point);
        var gradient = new double[n];
        double gradientValue = EvaluateGradient(point, gradient);
        double pushforwardValue = EvaluatePushforward(point, Direction, out double derivative);
        var hvGradient = new double[n];
        var product = new double[n];
        double productValue = EvaluateHessianVectorProduct(point, Direction, hvGradient, product);
        Check("the gradient's value", value, gradientValue, 1, Tolerance);
        Check("the Pushforward's value", value, pushforwardValue, 1, Tolerance);
        Check("the HessianVectorProduct's value", value, productValue, 1, Tolerance);

        double dot = 0, scale = 0;
        for (int i = 0; i < n; i++)
        {
            dot += gradient[i] * Direction[i];
            scale += Math.Abs(gradient[i] * Direction[i]);
            Check($"the HessianVectorProduct's ∂f/∂x[{i}]", gradient[i], hvGradient[i], Math.Abs(gradient[i]), Tolerance);
        }

        Check("the directional derivative (against gradient·direction)", dot, derivative, scale, Tolerance);

        var reference = new double[n];
        FiniteDifferences.HessianVectorProduct((x, g) => EvaluateGradient(x, g), point, Direction, reference);
        double largest = 0;
        foreach (double r in reference)
        {
            largest = Math.Max(largest, Math.Abs(r));
        }

        for (int i = 0; i < n; i++)
        {
            Check($"(H·v)[{i}] (against central differences of the gradient)", reference[i], product[i], largest, DifferenceTolerance);
        }
    }

    private void Check(string what, double expected, double actual, double scale, double tolerance)
    {
        if (!(Math.Abs(expected - actual) <= tolerance * Math.Max(1, scale)))
        {
            throw new InvalidOperationException($"{GetType().Name}: {what} is {actual:R} but should be {expected:R}. Not benchmarking a wrong derivative.");
        }
    }
}
