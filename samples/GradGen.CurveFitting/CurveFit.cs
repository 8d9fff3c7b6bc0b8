using System;
using System.Linq;
using GradGen.CurveFitting.Models;
using MathNet.Numerics.LinearAlgebra;
using MathNet.Numerics.Optimization;

namespace GradGen.CurveFitting;

/// <summary>One Levenberg–Marquardt fit: what it found, what it cost, and the median wall time of the whole fit.</summary>
internal sealed record FitResult(
    string Jacobian,
    int Iterations,
    ExitCondition Exit,
    double ResidualNorm,
    double[] Parameters,
    double[] StandardErrors,
    long ModelCalls,
    long JacobianCalls,
    double Seconds);

/// <summary>
/// Fits <see cref="TwoExponentials.Model"/> to a <see cref="Dataset"/> with MathNet.Numerics'
/// <see cref="LevenbergMarquardtMinimizer"/>, given either GradGen's <c>ModelJacobian</c> or nothing, in which case
/// MathNet differentiates the model by finite differences (its default, accuracy order 2: central differences,
/// two model evaluations per parameter).
/// </summary>
internal static class CurveFit
{
    public static readonly double[] InitialGuess = [1.0, 1.0, 1.0, 0.1];

    public const string GradGenName = "GradGen `ModelJacobian`";

    public const string FiniteDifferenceName = "MathNet finite differences";

    public static FitResult Run(Dataset data, bool generatedJacobian, int repeats)
    {
        var counters = new Counters(data);
        double seconds = Timing.Median(repeats, () => Fit(counters, generatedJacobian));
        counters.ModelCalls = 0;
        counters.JacobianCalls = 0;
        var result = Fit(counters, generatedJacobian);
        double[] p = result.MinimizingPoint.ToArray();
        var residuals = new double[data.T.Length];
        TwoExponentials.Model(p, data.T, residuals);
        double sumOfSquares = 0;
        for (int i = 0; i < residuals.Length; i++)
        {
            double r = residuals[i] - data.Y[i];
            sumOfSquares += r * r;
        }

        return new FitResult(
            generatedJacobian ? GradGenName : FiniteDifferenceName,
            result.Iterations,
            result.ReasonForExit,
            Math.Sqrt(sumOfSquares),
            p,
            result.StandardErrors?.ToArray() ?? new double[p.Length],
            counters.ModelCalls,
            counters.JacobianCalls,
            seconds);
    }

    private static NonlinearMinimizationResult Fit(Counters counters, bool generatedJacobian)
    {
        var t = Vector<double>.Build.DenseOfArray(counters.Data.T);
        var y = Vector<double>.Build.DenseOfArray(counters.Data.Y);
        var objective = generatedJacobian
            ? ObjectiveFunction.NonlinearModel(counters.Model, counters.Jacobian, t, y)
            : ObjectiveFunction.NonlinearModel(counters.Model, t, y);
        return new LevenbergMarquardtMinimizer().FindMinimum(objective, Vector<double>.Build.DenseOfArray(InitialGuess));
    }

    /// <summary>The model and its Jacobian in MathNet's shapes, counting calls.</summary>
    private sealed class Counters(Dataset data)
    {
        private readonly double[] _values = new double[data.T.Length];
        private readonly double[] _jacobian = new double[data.T.Length * TwoExponentials.ParameterCount];

        public Dataset Data => data;

        public long ModelCalls { get; set; }

        public long JacobianCalls { get; set; }

        /// <summary>f(t; p) at every observed t. MathNet keeps the vector, so each call returns a new one.</summary>
        public Vector<double> Model(Vector<double> p, Vector<double> t)
        {
            ModelCalls++;
            var values = new double[t.Count];
            TwoExponentials.Model(Array(p), Array(t), values);
            return Vector<double>.Build.Dense(values);
        }

        /// <summary>∂f/∂p, t.Count × 4: GradGen writes it row-major, MathNet's dense matrices are column-major.</summary>
        public Matrix<double> Jacobian(Vector<double> p, Vector<double> t)
        {
            JacobianCalls++;
            TwoExponentials.ModelJacobian(Array(p), Array(t), _values, _jacobian);
            return Matrix<double>.Build.DenseOfRowMajor(t.Count, TwoExponentials.ParameterCount, _jacobian);
        }

        private static double[] Array(Vector<double> v) => v.AsArray() ?? v.ToArray();
    }
}
