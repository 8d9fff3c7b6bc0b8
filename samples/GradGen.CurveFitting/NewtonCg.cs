using System;
using System.Collections.Generic;
using System.Diagnostics;
using GradGen.CurveFitting.Models;

namespace GradGen.CurveFitting;

/// <summary>What a minimizer did: iterations and calls, the final ‖∇f‖∞, and ‖∇f‖∞ against time for the plot.</summary>
internal sealed record SolveResult(
    string Method,
    int Iterations,
    long GradientCalls,
    long HessianVectorProducts,
    long ValueCalls,
    double FinalValue,
    double GradientNorm,
    string Status,
    double Seconds,
    List<(double Seconds, double GradientNorm)> History);

/// <summary>
/// Line-search Newton–CG (truncated Newton; Nocedal &amp; Wright, Algorithm 7.1) on
/// <see cref="ExtendedRosenbrock.Rosenbrock"/>: each outer iteration solves H·p = −∇f approximately by conjugate
/// gradients, whose only access to the Hessian is GradGen's <c>RosenbrockHessianVectorProduct</c> (H is never formed),
/// stopping at the residual tolerance min(0.5, √‖∇f‖)·‖∇f‖ (superlinear convergence) or at negative curvature; then a
/// backtracking (Armijo) line search from the full Newton step.
/// </summary>
internal sealed class NewtonCg(int n)
{
    private readonly double[] _gradient = new double[n];
    private readonly double[] _step = new double[n];
    private readonly double[] _residual = new double[n];
    private readonly double[] _direction = new double[n];
    private readonly double[] _hessianDirection = new double[n];
    private readonly double[] _scratchGradient = new double[n];
    private readonly double[] _trial = new double[n];

    public SolveResult Minimize(double[] x, double tolerance, int maxIterations, bool recordHistory)
    {
        long start = Stopwatch.GetTimestamp();
        var history = new List<(double, double)>();
        long gradients = 0, products = 0, values = 0;
        int iteration = 0;
        double f = ExtendedRosenbrock.RosenbrockGradient(x, _gradient);
        gradients++;
        double norm = InfinityNorm(_gradient);
        while (true)
        {
            if (recordHistory)
            {
                history.Add((Stopwatch.GetElapsedTime(start).TotalSeconds, norm));
            }

            if (norm <= tolerance || iteration == maxIterations)
            {
                break;
            }

            iteration++;
            products += SolveNewtonSystem(x);

            // Backtracking from the Newton step: Armijo with c₁ = 1e-4.
            double slope = Dot(_gradient, _step);
            double alpha = 1.0;
            double trialValue;
            while (true)
            {
                for (int i = 0; i < n; i++)
                {
                    _trial[i] = x[i] + alpha * _step[i];
                }

                trialValue = ExtendedRosenbrock.Rosenbrock(_trial);
                values++;
                if (trialValue <= f + 1e-4 * alpha * slope || alpha < 1e-12)
                {
                    break;
                }

                alpha *= 0.5;
            }

            _trial.CopyTo(x, 0);
            f = ExtendedRosenbrock.RosenbrockGradient(x, _gradient);
            gradients++;
            norm = InfinityNorm(_gradient);
        }

        string status = norm <= tolerance ? "reached" : $"stopped after {iteration} iterations";
        return new SolveResult("Newton–CG", iteration, gradients, products, values, f, norm, status, Stopwatch.GetElapsedTime(start).TotalSeconds, history);
    }

    /// <summary>Conjugate gradients on H·p = −g from p = 0 into <see cref="_step"/>; returns the number of Hessian-vector products.</summary>
    private int SolveNewtonSystem(double[] x)
    {
        double gradientNorm = Math.Sqrt(Dot(_gradient, _gradient));
        double tolerance = Math.Min(0.5, Math.Sqrt(gradientNorm)) * gradientNorm;
        Array.Clear(_step);
        _gradient.CopyTo(_residual, 0);
        for (int i = 0; i < n; i++)
        {
            _direction[i] = -_residual[i];
        }

        double residualSquared = Dot(_residual, _residual);
        for (int j = 0; j < 2 * n; j++)
        {
            // The product also writes the gradient at x (into a scratch buffer: it is the same every time).
            ExtendedRosenbrock.RosenbrockHessianVectorProduct(x, _direction, _scratchGradient, _hessianDirection);
            double curvature = Dot(_direction, _hessianDirection);
            if (curvature <= 0)
            {
                // Negative curvature: the steepest-descent direction on the first step, else the step so far.
                if (j == 0)
                {
                    _direction.CopyTo(_step, 0);
                }

                return j + 1;
            }

            double alpha = residualSquared / curvature;
            for (int i = 0; i < n; i++)
            {
                _step[i] += alpha * _direction[i];
                _residual[i] += alpha * _hessianDirection[i];
            }

            double next = Dot(_residual, _residual);
            if (Math.Sqrt(next) <= tolerance)
            {
                return j + 1;
            }

            double beta = next / residualSquared;
            residualSquared = next;
            for (int i = 0; i < n; i++)
            {
                _direction[i] = -_residual[i] + beta * _direction[i];
            }
        }

        return 2 * n;
    }

    private static double Dot(ReadOnlySpan<double> a, ReadOnlySpan<double> b)
    {
        double s = 0;
        for (int i = 0; i < a.Length; i++)
        {
            s += a[i] * b[i];
        }

        return s;
    }

    public static double InfinityNorm(ReadOnlySpan<double> v)
    {
        double m = 0;
        foreach (double e in v)
        {
            m = Math.Max(m, Math.Abs(e));
        }

        return m;
    }
}
