using System;
using BenchmarkDotNet.Attributes;
using GradGen.Benchmarks.Models;
using MathNet.Numerics.Differentiation;

namespace GradGen.Benchmarks;

/// <summary>
/// The Jacobian of M = 1,000 residuals with respect to 5 parameters (<see cref="ExponentialResiduals"/>), what a
/// Levenberg–Marquardt or Gauss–Newton step needs: the residuals alone (the baseline), GradGen's generated
/// <c>ResidualsJacobian</c> (one forward sweep carrying the five directions side by side), a hand-written one-pass Jacobian, central
/// differences from GradGen's runtime (<see cref="FiniteDifferences.Jacobian(VectorFunction, ReadOnlySpan{double}, Span{double}, FiniteDifferenceScheme, double?)"/>,
/// ten residual evaluations) and MathNet.Numerics' <see cref="NumericalJacobian"/> (three-point central differences
/// over an array of M scalar functions, one per residual; it allocates the result and copies of the point).
/// </summary>
public class JacobianBenchmark
{
    private const int M = 1_000;

    private readonly double[] p = [2.9, 1.4, 1.1, 0.21, 0.05];
    private double[] t = [];
    private double[] y = [];
    private double[] residuals = [];
    private double[] jacobian = [];
    private VectorFunction residualFunction = null!;
    private Func<double[], double>[] residualFunctions = [];
    private NumericalJacobian numericalJacobian = null!;

    [GlobalSetup]
    public void Setup()
    {
        t = new double[M];
        for (int i = 0; i < M; i++)
        {
            t[i] = 10.0 * i / (M - 1);
        }

        double[] noise = Data.Uniform(5, M, -0.05, 0.05);
        y = new double[M];
        for (int i = 0; i < M; i++)
        {
            y[i] = ExponentialResiduals.Residual([3.0, 1.5, 1.0, 0.2, 0.1], t[i], 0) + noise[i];
        }

        residuals = new double[M];
        jacobian = new double[M * ExponentialResiduals.ParameterCount];
        residualFunction = (point, r) => ExponentialResiduals.Residuals(point, t, y, r);
        residualFunctions = new Func<double[], double>[M];
        for (int i = 0; i < M; i++)
        {
            int row = i;
            residualFunctions[i] = point => ExponentialResiduals.Residual(point, t[row], y[row]);
        }

        numericalJacobian = new NumericalJacobian();
        CheckAgainstHandWritten();
    }

    [Benchmark(Baseline = true)]
    public void Objective() => ExponentialResiduals.Residuals(p, t, y, residuals);

    [Benchmark]
    public void GradGen() => ExponentialResiduals.ResidualsJacobian(p, t, y, residuals, jacobian);

    [Benchmark]
    public void HandWritten() => ExponentialResiduals.ResidualsJacobianByHand(p, t, y, residuals, jacobian);

    [Benchmark]
    public int CentralDifferences() => FiniteDifferences.Jacobian(residualFunction, p, jacobian, FiniteDifferenceScheme.Central);

    [Benchmark]
    public double[,] MathNet() => numericalJacobian.Evaluate(residualFunctions, p);

    /// <summary>GradGen's residuals and Jacobian must equal the hand-written ones to 1e-9: a benchmark of a wrong Jacobian is worthless.</summary>
    private void CheckAgainstHandWritten()
    {
        var generatedR = new double[M];
        var generatedJ = new double[jacobian.Length];
        var handR = new double[M];
        var handJ = new double[jacobian.Length];
        ExponentialResiduals.ResidualsJacobian(p, t, y, generatedR, generatedJ);
        ExponentialResiduals.ResidualsJacobianByHand(p, t, y, handR, handJ);
        for (int i = 0; i < handJ.Length; i++)
        {
            double error = Math.Abs(generatedJ[i] - handJ[i]);
            if (!(error <= 1e-9 * Math.Max(1, Math.Abs(handJ[i]))) || !(Math.Abs(generatedR[i / ExponentialResiduals.ParameterCount] - handR[i / ExponentialResiduals.ParameterCount]) <= 1e-12))
            {
                throw new InvalidOperationException(
                    $"JacobianBenchmark: GradGen's J[{i / ExponentialResiduals.ParameterCount},{i % ExponentialResiduals.ParameterCount}] = {generatedJ[i]:R} " +
                    $"but the hand-written Jacobian has {handJ[i]:R}. Not benchmarking a wrong Jacobian.");
            }
        }
    }
}
