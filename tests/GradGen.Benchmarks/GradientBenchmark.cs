using System;
using BenchmarkDotNet.Attributes;
using MathNet.Numerics.Differentiation;

namespace GradGen.Benchmarks;

/// <summary>
/// The side-by-side comparison every model gets. A derived class holds the model's data and point, declares the
/// three direct calls (<c>Objective</c> as the baseline, <c>GradGen</c>, <c>HandWritten</c>) and implements the
/// three abstract evaluations over a flat point; this class adds the finite-difference gradients, which only need
/// the objective as a function of that flat point:
/// <list type="bullet">
/// <item><see cref="ForwardDifferences"/>: <see cref="FiniteDifferences.Gradient(ScalarFunction, ReadOnlySpan{double}, Span{double}, FiniteDifferenceScheme, double?)"/>, N + 1 evaluations;</item>
/// <item><see cref="CentralDifferences"/>: the same, central, 2N evaluations;</item>
/// <item><see cref="MathNet"/>: MathNet.Numerics' <see cref="NumericalJacobian"/> (three-point central
/// differences), whose gradient of a scalar function allocates the result and copies of the point.</item>
/// </list>
/// <see cref="Initialize"/> (called from the derived class's <c>[GlobalSetup]</c>) first checks the generated
/// gradient against the hand-written one and throws if they differ: a benchmark of a wrong gradient is worthless.
/// </summary>
public abstract class GradientBenchmark
{
    /// <summary>Relative agreement demanded of the generated and hand-written gradients (and values).</summary>
    public const double Tolerance = 1e-9;

    private ScalarFunction objective = null!;
    private Func<double[], double> objectiveOfArray = null!;
    private NumericalJacobian numericalJacobian = null!;
    private double[] point = [];

    /// <summary>The gradient every method writes into (length N).</summary>
    protected double[] GradientBuffer { get; private set; } = [];

    [Benchmark]
    public int ForwardDifferences() => FiniteDifferences.Gradient(objective, point, GradientBuffer, FiniteDifferenceScheme.Forward);

    [Benchmark]
    public int CentralDifferences() => FiniteDifferences.Gradient(objective, point, GradientBuffer, FiniteDifferenceScheme.Central);

    [Benchmark]
    public double[] MathNet() => numericalJacobian.Evaluate(objectiveOfArray, point);

    /// <summary>The objective at a flat point (all differentiable parameters, in the gradient's order).</summary>
    protected abstract double Evaluate(ReadOnlySpan<double> x);

    /// <summary>The generated gradient at a flat point; returns the value.</summary>
    protected abstract double EvaluateGenerated(ReadOnlySpan<double> x, Span<double> gradient);

    /// <summary>The hand-written gradient at a flat point; returns the value.</summary>
    protected abstract double EvaluateByHand(ReadOnlySpan<double> x, Span<double> gradient);

    /// <summary>Sets the point, builds the delegates and checks the generated gradient against the hand-written one.</summary>
    /// <exception cref="InvalidOperationException">The values or gradients disagree.</exception>
    protected void Initialize(double[] flatPoint)
    {
        point = flatPoint;
        GradientBuffer = new double[flatPoint.Length];
        objective = Evaluate;
        objectiveOfArray = x => Evaluate(x);
        numericalJacobian = new NumericalJacobian();

        var generated = new double[flatPoint.Length];
        var byHand = new double[flatPoint.Length];
        double value = Evaluate(flatPoint);
        double generatedValue = EvaluateGenerated(flatPoint, generated);
        double handValue = EvaluateByHand(flatPoint, byHand);
        CheckClose("the generated gradient's value", value, generatedValue);
        CheckClose("the hand-written gradient's value", value, handValue);

        // Per component, relative to the component; components a million times smaller than the largest are held
        // to the largest's scale, since rounding in a cancelling sum is relative to its terms, not to its result.
        double scale = 0;
        foreach (double g in byHand)
        {
            scale = Math.Max(scale, Math.Abs(g));
        }

        for (int i = 0; i < byHand.Length; i++)
        {
            double error = Math.Abs(generated[i] - byHand[i]);
            if (!(error <= Tolerance * Math.Max(Math.Abs(byHand[i]), 1e-6 * scale)))
            {
                throw new InvalidOperationException(
                    $"{GetType().Name}: GradGen's ∂f/∂x[{i}] = {generated[i]:R} but the hand-written gradient has {byHand[i]:R} " +
                    $"(error {error:E2}, N = {byHand.Length}). Not benchmarking a wrong gradient.");
            }
        }
    }

    private void CheckClose(string what, double expected, double actual)
    {
        if (!(Math.Abs(expected - actual) <= Tolerance * Math.Max(1, Math.Abs(expected))))
        {
            throw new InvalidOperationException($"{GetType().Name}: {what} is {actual:R} but the objective is {expected:R}.");
        }
    }
}
