using System;
using System.Collections.Generic;
using System.Diagnostics;
using GradGen.Demo.Models;
using MathNet.Numerics.LinearAlgebra;
using MathNet.Numerics.Optimization;
using Spectre.Console;

namespace GradGen.Demo;

/// <summary>Where a training run's gradients come from.</summary>
internal enum GradientSource
{
    GradGen,
    ForwardDifferences,
    CentralDifferences,
}

/// <summary>One training run: an optimizer with one gradient source.</summary>
internal sealed record TrainingRun(
    string Optimizer,
    GradientSource Source,
    bool ReachedTarget,
    string Status,
    int Iterations,
    long GradientCalls,
    long Evaluations,
    double Seconds,
    double FinalLoss,
    IReadOnlyList<double> Times,
    IReadOnlyList<double> Losses);

/// <summary>The outcome of part 3.</summary>
internal sealed record TrainingResult(
    int N,
    int Samples,
    double InitialLoss,
    double OptimalLoss,
    double TargetLoss,
    double StepSize,
    int GradientDescentMaxIterations,
    int LbfgsMaxIterations,
    double TimeLimitSeconds,
    IReadOnlyList<TrainingRun> Runs);

/// <summary>
/// Part 3: logistic regression on synthetic data, from w = 0 to a target loss, by gradient descent with a fixed step
/// and by MathNet.Numerics' L-BFGS, each with GradGen's gradient and with finite-difference gradients.
/// </summary>
internal static class Training
{
    public const string GradientDescent = "gradient descent";

    public const string Lbfgs = "L-BFGS";

    public static readonly GradientSource[] Sources =
        [GradientSource.GradGen, GradientSource.ForwardDifferences, GradientSource.CentralDifferences];

    public static string Name(GradientSource source) => source switch
    {
        GradientSource.GradGen => "GradGen",
        GradientSource.ForwardDifferences => "forward differences",
        _ => "central differences",
    };

    public static string ShortName(GradientSource source) => source switch
    {
        GradientSource.GradGen => "GradGen",
        GradientSource.ForwardDifferences => "forward FD",
        _ => "central FD",
    };

    public static TrainingResult Run(DemoOptions options, ProgressTask task)
    {
        int n = options.TrainN, m = options.TrainSamples;
        var data = Dataset.Synthetic(n, m, signal: 3.0, new Random(options.Seed + 2));

        // The best loss there is, L*, from a long L-BFGS run with GradGen's gradient; the target is a fixed
        // fraction of the initial gap L(0) − L* above it.
        task.Description = "3. training  finding the optimum L*";
        double initialLoss = Logistic.MeanLoss(new double[n], data.X, data.Y, m);
        double optimalLoss = ReferenceOptimum(data);
        double target = optimalLoss + (options.TargetGapFraction * (initialLoss - optimalLoss));

        // Fixed step 1/L, L = λmax(XᵀX/m)/4 the Lipschitz constant of the gradient: descent is guaranteed.
        double step = 4.0 / data.LargestEigenvalueOfGram();

        // Warm up every code path once so that no run pays for the JIT.
        foreach (var source in Sources)
        {
            var counter = new CountingGradient(data, source);
            counter.Evaluate(new double[n], new double[n]);
        }

        var runs = new List<TrainingRun>();
        int index = 0;
        foreach (string optimizer in new[] { GradientDescent, Lbfgs })
        {
            foreach (var source in Sources)
            {
                task.Description = Markup.Escape($"3. training  {optimizer}, {Name(source)}");
                int runIndex = index++;
                void Report(double loss, int iteration, int maxIterations)
                {
                    double gap = loss - optimalLoss;
                    double byLoss = gap <= 0 ? 1 : Math.Log((initialLoss - optimalLoss) / gap) / Math.Log((initialLoss - optimalLoss) / (target - optimalLoss));
                    double fraction = Math.Clamp(Math.Max(byLoss, (double)iteration / maxIterations), 0, 1);
                    task.Value = 100 * (runIndex + fraction);
                }

                double limit = options.TrainingTimeLimitSeconds;
                var run = optimizer == GradientDescent
                    ? RunGradientDescent(data, source, step, target, options.GradientDescentMaxIterations, limit, Report)
                    : RunLbfgs(data, source, target, options.LbfgsMaxIterations, limit, Report);
                runs.Add(run);
                task.Value = 100 * (runIndex + 1);
            }
        }

        return new TrainingResult(
            n, m, initialLoss, optimalLoss, target, step, options.GradientDescentMaxIterations, options.LbfgsMaxIterations, options.TrainingTimeLimitSeconds, runs);
    }

    private static TrainingRun RunGradientDescent(
        Dataset data, GradientSource source, double step, double target, int maxIterations, double timeLimit, Action<double, int, int> report)
    {
        var counter = new CountingGradient(data, source);
        var w = new double[data.N];
        var gradient = new double[data.N];
        var times = new List<double>();
        var losses = new List<double>();
        long start = Stopwatch.GetTimestamp();
        int iteration = 0;
        double loss;
        while (true)
        {
            loss = counter.Evaluate(w, gradient);
            double elapsed = Stopwatch.GetElapsedTime(start).TotalSeconds;
            times.Add(elapsed);
            losses.Add(loss);
            if (loss <= target || iteration >= maxIterations || elapsed > timeLimit)
            {
                break;
            }

            for (int j = 0; j < w.Length; j++)
            {
                w[j] -= step * gradient[j];
            }

            iteration++;
            if (iteration % 16 == 0)
            {
                report(loss, iteration, maxIterations);
            }
        }

        double seconds = Stopwatch.GetElapsedTime(start).TotalSeconds;
        bool reached = loss <= target;
        return new TrainingRun(
            GradientDescent,
            source,
            reached,
            reached ? "reached target" : iteration >= maxIterations ? $"{maxIterations:N0}-iteration limit" : $"{timeLimit:0} s limit",
            iteration,
            counter.GradientCalls,
            counter.Evaluations,
            seconds,
            loss,
            times,
            losses);
    }

    private static TrainingRun RunLbfgs(
        Dataset data, GradientSource source, double target, int maxIterations, double timeLimit, Action<double, int, int> report)
    {
        var counter = new CountingGradient(data, source);
        var times = new List<double>();
        var losses = new List<double>();
        long start = Stopwatch.GetTimestamp();
        var minimizer = new TargetLbfgsMinimizer(target, maxIterations, (loss, iteration) =>
        {
            double elapsed = Stopwatch.GetElapsedTime(start).TotalSeconds;
            times.Add(elapsed);
            losses.Add(loss);
            report(loss, iteration, maxIterations);
            return elapsed > timeLimit;
        });
        var objective = ObjectiveFunction.Gradient(point =>
        {
            double[] w = point.AsArray() ?? point.ToArray();

            // A new vector every call: MathNet keeps the gradients of earlier points.
            var gradient = new double[w.Length];
            double loss = counter.Evaluate(w, gradient);
            return (loss, Vector<double>.Build.Dense(gradient));
        });

        string status;
        try
        {
            var result = minimizer.FindMinimum(objective, Vector<double>.Build.Dense(data.N));
            status = $"converged ({result.ReasonForExit}) before the target";
        }
        catch (TargetReachedException)
        {
            status = "reached target";
        }
        catch (TimeLimitException)
        {
            status = $"{timeLimit:0} s limit";
        }
        catch (MaximumIterationsException)
        {
            status = $"{maxIterations:N0}-iteration limit";
        }
        catch (OptimizationException e)
        {
            // With approximate gradients the line search can fail near the optimum.
            status = "failed: " + (e.InnerException?.Message ?? e.Message);
        }

        double seconds = Stopwatch.GetElapsedTime(start).TotalSeconds;
        double finalLoss = losses.Count > 0 ? losses[^1] : double.NaN;
        return new TrainingRun(
            Lbfgs,
            source,
            finalLoss <= target,
            status,
            minimizer.Iterations,
            counter.GradientCalls,
            counter.Evaluations,
            seconds,
            finalLoss,
            times,
            losses);
    }

    /// <summary>L*: L-BFGS with GradGen's gradient until the gradient vanishes (relative gradient below 1e-11).</summary>
    private static double ReferenceOptimum(Dataset data)
    {
        double best = double.PositiveInfinity;
        var objective = ObjectiveFunction.Gradient(point =>
        {
            double[] w = point.AsArray() ?? point.ToArray();
            var gradient = new double[w.Length];
            double loss = Logistic.MeanLossGradient(w, data.X, data.Y, data.M, gradient);
            best = Math.Min(best, loss);
            return (loss, Vector<double>.Build.Dense(gradient));
        });
        try
        {
            new LimitedMemoryBfgsMinimizer(1e-11, 1e-15, 1e-15, 10, 10000).FindMinimum(objective, Vector<double>.Build.Dense(data.N));
        }
        catch (OptimizationException)
        {
            // Stuck at rounding level: the best loss seen is the optimum to the precision that matters here.
        }

        return best;
    }

    /// <summary>A gradient from <see cref="GradientSource"/>, counting loss evaluations and gradient calls.</summary>
    private sealed class CountingGradient
    {
        private readonly Dataset _data;
        private readonly GradientSource _source;
        private readonly ScalarFunction _loss;

        public CountingGradient(Dataset data, GradientSource source)
        {
            _data = data;
            _source = source;
            _loss = w => Logistic.MeanLoss(w, data.X, data.Y, data.M);
        }

        /// <summary>Calls of <see cref="Evaluate"/>.</summary>
        public long GradientCalls { get; private set; }

        /// <summary>
        /// Evaluations of the loss: one per GradGen gradient (its forward sweep), and for finite differences the
        /// loss itself plus every evaluation inside the difference quotients.
        /// </summary>
        public long Evaluations { get; private set; }

        public double Evaluate(ReadOnlySpan<double> w, Span<double> gradient)
        {
            GradientCalls++;
            if (_source == GradientSource.GradGen)
            {
                Evaluations++;
                return Logistic.MeanLossGradient(w, _data.X, _data.Y, _data.M, gradient);
            }

            double loss = _loss(w);
            var scheme = _source == GradientSource.ForwardDifferences ? FiniteDifferenceScheme.Forward : FiniteDifferenceScheme.Central;
            Evaluations += 1 + FiniteDifferences.Gradient(_loss, w, gradient, scheme);
            return loss;
        }
    }

    private sealed class TargetReachedException : Exception
    {
        public TargetReachedException()
            : base("The target loss was reached.")
        {
        }
    }

    private sealed class TimeLimitException : Exception
    {
        public TimeLimitException()
            : base("The time limit was reached.")
        {
        }
    }

    /// <summary>
    /// MathNet's L-BFGS, stopped at the first iterate whose loss is at most the target. MathNet checks its exit
    /// criteria once per iteration through <see cref="MinimizerBase.GetProjectedGradient"/> (component 0 first): at
    /// the start point, then after every iteration but the first. That is where the target is checked and
    /// iterations are counted.
    /// </summary>
    private sealed class TargetLbfgsMinimizer : LimitedMemoryBfgsMinimizer
    {
        private readonly double _target;
        private readonly Func<double, int, bool> _onIterate;
        private int _checks;

        /// <param name="onIterate">Called with the loss and the iteration; returns true to stop (the time limit).</param>
        public TargetLbfgsMinimizer(double target, int maxIterations, Func<double, int, bool> onIterate)
            : base(gradientTolerance: 1e-6, parameterTolerance: 1e-15, functionProgressTolerance: 0, memory: 10, maximumIterations: maxIterations)
        {
            _target = target;
            _onIterate = onIterate;
        }

        /// <summary>Iterations done at the last check: 0 at the start point, then 2, 3, ….</summary>
        public int Iterations => _checks <= 1 ? 0 : _checks;

        protected override double GetProjectedGradient(IObjectiveFunctionEvaluation candidatePoint, int ii)
        {
            if (ii == 0)
            {
                _checks++;
                bool outOfTime = _onIterate(candidatePoint.Value, Iterations);
                if (candidatePoint.Value <= _target)
                {
                    throw new TargetReachedException();
                }

                if (outOfTime)
                {
                    throw new TimeLimitException();
                }
            }

            return base.GetProjectedGradient(candidatePoint, ii);
        }
    }
}
