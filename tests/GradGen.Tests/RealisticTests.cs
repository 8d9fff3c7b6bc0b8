using System;
using GradGen.Tests.Models;

namespace GradGen.Tests;

/// <summary>
/// The programs of <c>Models/Realistic.cs</c>, written as users write them: value, Gradient (or Jacobian) and Pullback
/// against finite differences at random points.
/// </summary>
public class RealisticTests
{
    private static double[] Uniform(int seed, int n, double low, double high)
    {
        var random = new Random(seed);
        var values = new double[n];
        for (var i = 0; i < n; i++)
        {
            values[i] = low + ((high - low) * random.NextDouble());
        }

        return values;
    }

    [Fact]
    public void BlackScholes_call_matches_finite_differences() =>
        GradientAssert.MatchesFiniteDifferences(
            p => RealisticFinance.BlackScholesCall(p[0], p[1], p[2], p[3], p[4]),
            (p, g) =>
            {
                var value = RealisticFinance.BlackScholesCallGradient(p[0], p[1], p[2], p[3], p[4], out var dSpot, out var dStrike, out var dRate, out var dVol, out var dMaturity);
                (g[0], g[1], g[2], g[3], g[4]) = (dSpot, dStrike, dRate, dVol, dMaturity);
                return value;
            },
            dimension: 5,
            sample: (random, i) => i switch { 0 => 80 + (40 * random.NextDouble()), 1 => 90 + (20 * random.NextDouble()), 2 => 0.05 * random.NextDouble(), 3 => 0.1 + (0.3 * random.NextDouble()), _ => 0.25 + (2 * random.NextDouble()) });

    [Fact]
    public void BlackScholes_guard_throws_in_the_gradient_too()
    {
        Assert.Throws<ArgumentOutOfRangeException>(() => RealisticFinance.BlackScholesCall(100, 100, 0.01, 0, 1));
        Assert.Throws<ArgumentOutOfRangeException>(() => RealisticFinance.BlackScholesCallGradient(100, 100, 0.01, 0, 1, out _, out _, out _, out _, out _));
    }

    [Fact]
    public void Huber_matches_finite_differences()
    {
        var x = Uniform(1, 20, -1, 1);
        var y = new double[20];
        for (var i = 0; i < 20; i++)
        {
            y[i] = 0.5 + (2 * x[i]) + (i % 5 == 0 ? 3 : 0.1 * Math.Sin(i));
        }

        GradientAssert.MatchesFiniteDifferences(p => RealisticLosses.Huber(p.ToArray(), x, y, 0.7), (p, g) => RealisticLosses.HuberGradient(p.ToArray(), x, y, 0.7, g), dimension: 2);
        GradientAssert.PullbackAdds(new[] { 0.3, 1.7 }, (p, g) => RealisticLosses.HuberGradient(p.ToArray(), x, y, 0.7, g), (p, seed, g) => RealisticLosses.HuberPullback(p.ToArray(), x, y, 0.7, seed, g));
    }

    [Fact]
    public void Softmax_regression_with_matrix_weights_matches_finite_differences()
    {
        var xs = new double[8][];
        for (var i = 0; i < 8; i++)
        {
            xs[i] = Uniform(10 + i, 4, -1, 1);
        }

        var labels = new[] { 0, 1, 2, 1, 0, 2, 2, 1 };
        static double[,] Matrix(ReadOnlySpan<double> p)
        {
            var m = new double[3, 4];
            for (var i = 0; i < 12; i++)
            {
                m[i / 4, i % 4] = p[i];
            }

            return m;
        }

        GradientAssert.MatchesFiniteDifferences(
            p => RealisticLosses.SoftmaxRegression(Matrix(p), xs, labels),
            (p, g) =>
            {
                var d = new double[3, 4];
                var value = RealisticLosses.SoftmaxRegressionGradient(Matrix(p), xs, labels, d);
                for (var i = 0; i < 12; i++)
                {
                    g[i] = d[i / 4, i % 4];
                }

                return value;
            },
            dimension: 12);
    }

    [Fact]
    public void Lennard_Jones_energy_matches_finite_differences()
    {
        // Five atoms about a unit apart (no two closer than 0.8, where the energy stays moderate).
        var start = new double[15];
        for (var i = 0; i < 5; i++)
        {
            (start[3 * i], start[(3 * i) + 1], start[(3 * i) + 2]) = (1.1 * i, 0.3 * (i % 2), 0.9 * (i % 3));
        }

        GradientAssert.MatchesFiniteDifferences(
            p => RealisticPhysics.LennardJones(p, 1.0, 1.0),
            (p, g) => RealisticPhysics.LennardJonesGradient(p, 1.0, 1.0, g),
            dimension: 15,
            sample: (random, i) => start[i] + (0.05 * random.NextDouble()));
    }

    [Fact]
    public void RK4_fit_matches_finite_differences()
    {
        var observed = Uniform(3, 30, -1, 1);
        GradientAssert.MatchesFiniteDifferences(
            p => RealisticPhysics.Rk4Fit(p[0], p[1], 0.5, observed, 0.1),
            (p, g) =>
            {
                var value = RealisticPhysics.Rk4FitGradient(p[0], p[1], 0.5, observed, 0.1, out var dK, out var dA);
                (g[0], g[1]) = (dK, dA);
                return value;
            },
            dimension: 2,
            sample: (random, _) => 0.2 + random.NextDouble());
    }

    [Fact]
    public void LSTM_loss_matches_finite_differences()
    {
        const int h = 3;
        var sequence = Uniform(4, 6, -1, 1);
        GradientAssert.MatchesFiniteDifferences(
            p => RealisticNets.LstmLoss(p.ToArray(), sequence, 0.4, h),
            (p, g) => RealisticNets.LstmLossGradient(p.ToArray(), sequence, 0.4, h, g),
            dimension: 4 * h * (2 + h),
            sample: (random, _) => random.NextDouble() - 0.5);
        GradientAssert.PullbackAdds(Uniform(5, 4 * h * (2 + h), -0.5, 0.5), (p, g) => RealisticNets.LstmLossGradient(p.ToArray(), sequence, 0.4, h, g), (p, seed, g) => RealisticNets.LstmLossPullback(p.ToArray(), sequence, 0.4, h, seed, g));
    }

    [Fact]
    public void Reprojection_Jacobian_matches_finite_differences()
    {
        var points = Uniform(6, 12, -1, 1);
        for (var i = 0; i < 4; i++)
        {
            points[(3 * i) + 2] += 5;
        }

        var observed = Uniform(7, 8, -1, 1);
        GradientCheck.CompareJacobian(
            (p, r) => RealisticVision.Reprojection(p, points, observed, r),
            (p, r, j) => RealisticVision.ReprojectionJacobian(p, points, observed, r, j),
            new[] { 0.2, 0.1, -0.1, 0.3, 2.0 },
            outputs: 8).ThrowIfFailed();
    }

    [Fact]
    public void Model_with_data_in_fields_matches_finite_differences_and_counts_each_run_once()
    {
        var model = new RealisticLinearModel(new[] { 0.1, 0.4, 0.9, 1.3 }, new[] { 1.0, 1.5, 2.2, 2.9 });
        GradientAssert.MatchesFiniteDifferences(p => model.Loss(p.ToArray()), (p, g) => model.LossGradient(p.ToArray(), g), dimension: 3);
        var before = model.Evaluations;
        model.LossGradient(new[] { 0.2, 1.1, -0.3 }, new double[3]);
        Assert.Equal(before + 1, model.Evaluations);
    }

    [Theory]
    [InlineData(-0.5)]
    [InlineData(0.5)]
    [InlineData(2.0)]
    public void Piecewise_switch_matches_finite_differences(double around) =>
        GradientAssert.MatchesFiniteDifferences(
            p => RealisticMisc.Piecewise(p[0]),
            (p, g) =>
            {
                var value = RealisticMisc.PiecewiseGradient(p[0], out var dT);
                g[0] = dT;
                return value;
            },
            dimension: 1,
            sample: (random, _) => around + (0.2 * random.NextDouble()) - 0.1);

    [Fact]
    public void Smooth_and_trapezoid_match_finite_differences()
    {
        GradientAssert.MatchesFiniteDifferences(
            p => RealisticMisc.Smooth(p[0], p[1]),
            (p, g) =>
            {
                var value = RealisticMisc.SmoothGradient(p[0], p[1], out var dX, out var dY);
                (g[0], g[1]) = (dX, dY);
                return value;
            },
            dimension: 2,
            sample: (random, _) => 0.1 + (0.8 * random.NextDouble())); // x % 1.0 jumps at 1
        GradientAssert.MatchesFiniteDifferences(
            p => RealisticMisc.Trapezoid(p[0], p[1], 10),
            (p, g) =>
            {
                var value = RealisticMisc.TrapezoidGradient(p[0], p[1], 10, out var dA, out var dB);
                (g[0], g[1]) = (dA, dB);
                return value;
            },
            dimension: 2);
    }
}
