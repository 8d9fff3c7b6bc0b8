using System;
using System.Collections.Generic;
using System.Diagnostics;
using GradGen.CurveFitting.Models;
using MathNet.Numerics.LinearAlgebra;
using MathNet.Numerics.Optimization;

namespace GradGen.CurveFitting;

/// <summary>
/// Extended Rosenbrock in <see cref="Dimension"/> variables from the standard start (−1.2, 1, −1.2, 1, …) to
/// ‖∇f‖∞ ≤ <see cref="Tolerance"/>: Newton–CG on GradGen's Hessian-vector products against MathNet.Numerics' L-BFGS
/// on GradGen's gradient.
/// </summary>
internal static class Minimization
{
    public const int Dimension = 1_000;

    public const double Tolerance = 1e-10;

    public const int LbfgsMemory = 10;

    public static double[] Start()
    {
        var x = new double[Dimension];
        for (int i = 0; i < Dimension; i += 2)
        {
            x[i] = -1.2;
            x[i + 1] = 1.0;
        }

        return x;
    }

    public static SolveResult NewtonCg(int repeats)
    {
        var solver = new NewtonCg(Dimension);
        double seconds = Timing.Median(repeats, () => solver.Minimize(Start(), Tolerance, 1_000, recordHistory: false));
        return solver.Minimize(Start(), Tolerance, 1_000, recordHistory: true) with { Seconds = seconds };
    }

    public static SolveResult Lbfgs(int repeats)
    {
        double seconds = Timing.Median(repeats, () => RunLbfgs(recordHistory: false));
        return RunLbfgs(recordHistory: true) with { Seconds = seconds };
    }

    /// <summary>
    /// L-BFGS (memory 10, weak Wolfe line search) with MathNet's own stopping test, a relative gradient
    /// max |gᵢ|·max(|xᵢ|, 1)/max(|f|, 1) below the tolerance, which near x = (1, …, 1) is ‖∇f‖∞.
    /// </summary>
    private static SolveResult RunLbfgs(bool recordHistory)
    {
        long start = Stopwatch.GetTimestamp();
        var history = new List<(double, double)>();
        long gradients = 0;
        double bestNorm = double.PositiveInfinity, bestValue = double.NaN;
        var objective = ObjectiveFunction.Gradient(point =>
        {
            double[] x = point.AsArray() ?? point.ToArray();
            var gradient = new double[x.Length];
            double value = ExtendedRosenbrock.RosenbrockGradient(x, gradient);
            gradients++;
            double norm = global::GradGen.CurveFitting.NewtonCg.InfinityNorm(gradient);
            if (norm < bestNorm)
            {
                bestNorm = norm;
                bestValue = value;
            }

            if (recordHistory)
            {
                history.Add((Stopwatch.GetElapsedTime(start).TotalSeconds, norm));
            }

            return (value, Vector<double>.Build.Dense(gradient));
        });

        int iterations = -1;
        string status;
        try
        {
            var result = new LimitedMemoryBfgsMinimizer(Tolerance, 1e-15, 1e-15, LbfgsMemory, 10_000)
                .FindMinimum(objective, Vector<double>.Build.DenseOfArray(Start()));
            iterations = result.Iterations;
            status = bestNorm <= Tolerance ? "reached" : $"stopped: {result.ReasonForExit}";
        }
        catch (OptimizationException e)
        {
            // The line search can fail once rounding dominates the decrease; the best point seen is what it reached.
            status = "line search failed: " + (e.InnerException?.Message ?? e.Message);
        }

        return new SolveResult($"L-BFGS (MathNet, memory {LbfgsMemory})", iterations, gradients, 0, 0, bestValue, bestNorm, status, Stopwatch.GetElapsedTime(start).TotalSeconds, history);
    }
}
