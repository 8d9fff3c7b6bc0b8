using System;
using System.Collections.Generic;
using GradGen.Tests.Models;

namespace GradGen.Tests;

/// <summary>
/// The loop, branch, array and span models of <see cref="Loops"/>: generated gradients against finite differences at
/// random points and, where it is easy to write, against the gradient by hand; pullbacks add; gradient spans of the
/// wrong length are rejected; a warmed-up gradient allocates nothing.
/// Sampling ranges and data keep every branch decision at least 1e-3 away from flipping at the sampled points, far
/// beyond the central-difference step (about 6e-6·max(1, |x|)), so finite differences see one smooth path.
/// </summary>
public class LoopModelTests
{
    private const int N = 7;
    private const int M = 5;
    private const int Hidden = 4;
    private const int D = 3;
    private const int ThetaLength = (Hidden * D) + Hidden + Hidden + 1;
    private const double Target = 0.3;
    private const double Seed = 2.5;

    /// <summary>Logistic-regression data: M samples of N features, row-major, and ±1 labels.</summary>
    private static readonly double[] Features = Uniform(101, M * N, -1, 1);
    private static readonly double[] Labels = PlusMinusOne(102, M);
    private static readonly double[] Input = Uniform(103, D, -1, 1);

    private delegate double SpanGradient(ReadOnlySpan<double> x, Span<double> gradient);


    // ---------------------------------------------------------------- mean logistic loss

    [Fact]
    public void MeanLogisticLoss_matches_finite_differences() =>
        GradientAssert.MatchesFiniteDifferences(
            w => Loops.MeanLogisticLoss(w, Features, Labels, M),
            (w, g) => Loops.MeanLogisticLossGradient(w, Features, Labels, M, g),
            dimension: N);

    [Fact]
    public void MeanLogisticLoss_by_hand()
    {
        // ∂/∂w_j = (1/m) Σᵢ −yᵢ σ(−yᵢ zᵢ) x_ij with zᵢ = Σⱼ w_j x_ij and σ(t) = 1/(1 + e⁻ᵗ).
        var w = Uniform(104, N, -2, 2);
        var expected = new double[N];
        double loss = 0;
        for (var i = 0; i < M; i++)
        {
            double z = 0;
            for (var j = 0; j < N; j++)
            {
                z += w[j] * Features[(i * N) + j];
            }

            var t = -Labels[i] * z;
            loss += Math.Log(1 + Math.Exp(t));
            var sigma = 1 / (1 + Math.Exp(-t));
            for (var j = 0; j < N; j++)
            {
                expected[j] += -Labels[i] * sigma * Features[(i * N) + j] / M;
            }
        }

        var dW = new double[N];
        var value = Loops.MeanLogisticLossGradient(w, Features, Labels, M, dW);

        GradientAssert.Close(loss / M, value);
        for (var j = 0; j < N; j++)
        {
            GradientAssert.Close(expected[j], dW[j]);
        }
    }

    [Fact]
    public void MeanLogisticLoss_pullback_adds() =>
        GradientAssert.PullbackAdds(
            Uniform(105, N, -2, 2),
            (w, g) => Loops.MeanLogisticLossGradient(w, Features, Labels, M, g),
            (w, seed, g) => Loops.MeanLogisticLossPullback(w, Features, Labels, M, seed, g));

    // ---------------------------------------------------------------- tanh network

    [Fact]
    public void TanhNetwork_matches_finite_differences() =>
        GradientAssert.MatchesFiniteDifferences(
            theta => Loops.TanhNetwork(theta.ToArray(), Input, Target, Hidden),
            (theta, g) => Loops.TanhNetworkGradient(theta.ToArray(), Input, Target, Hidden, g),
            dimension: ThetaLength,
            sample: (r, _) => (r.NextDouble() * 2) - 1);

    [Fact]
    public void TanhNetwork_by_hand()
    {
        // Backpropagation: e = out − target; ∂b2 = e, ∂w2_k = e·h_k, ∂a_k = e·w2_k·(1 − h_k²), ∂W1_kj = ∂a_k·input_j, ∂b1_k = ∂a_k.
        var theta = Uniform(106, ThetaLength, -1, 1);
        int b1 = Hidden * D, w2 = b1 + Hidden, b2 = w2 + Hidden;
        var h = new double[Hidden];
        var output = theta[b2];
        for (var k = 0; k < Hidden; k++)
        {
            var a = theta[b1 + k];
            for (var j = 0; j < D; j++)
            {
                a += theta[(k * D) + j] * Input[j];
            }

            h[k] = Math.Tanh(a);
            output += theta[w2 + k] * h[k];
        }

        var e = output - Target;
        var expected = new double[ThetaLength];
        expected[b2] = e;
        for (var k = 0; k < Hidden; k++)
        {
            expected[w2 + k] = e * h[k];
            var da = e * theta[w2 + k] * (1 - (h[k] * h[k]));
            expected[b1 + k] = da;
            for (var j = 0; j < D; j++)
            {
                expected[(k * D) + j] = da * Input[j];
            }
        }

        var dTheta = new double[ThetaLength];
        var value = Loops.TanhNetworkGradient(theta, Input, Target, Hidden, dTheta);

        GradientAssert.Close(0.5 * e * e, value);
        for (var i = 0; i < ThetaLength; i++)
        {
            GradientAssert.Close(expected[i], dTheta[i]);
        }
    }

    [Fact]
    public void TanhNetwork_pullback_adds() =>
        GradientAssert.PullbackAdds(
            Uniform(107, ThetaLength, -1, 1),
            (theta, g) => Loops.TanhNetworkGradient(theta.ToArray(), Input, Target, Hidden, g),
            (theta, seed, g) => Loops.TanhNetworkPullback(theta.ToArray(), Input, Target, Hidden, seed, g));

    // ---------------------------------------------------------------- softmax cross-entropy and the max

    [Fact]
    public void SoftmaxCrossEntropy_matches_finite_differences() =>
        GradientAssert.MatchesFiniteDifferences(
            z => Loops.SoftmaxCrossEntropy(z, 2),
            (z, g) => Loops.SoftmaxCrossEntropyGradient(z, 2, g),
            dimension: N);

    [Fact]
    public void SoftmaxCrossEntropyIf_matches_finite_differences() =>
        GradientAssert.MatchesFiniteDifferences(
            z => Loops.SoftmaxCrossEntropyIf(z, 5),
            (z, g) => Loops.SoftmaxCrossEntropyIfGradient(z, 5, g),
            dimension: N);

    [Theory]
    [InlineData(0, 0)]
    [InlineData(3, 1)]
    [InlineData(6, 2)]
    public void SoftmaxCrossEntropy_by_hand_is_softmax_minus_one_hot(int label, int seed)
    {
        var logits = Uniform(110 + seed, N, -3, 3);
        double max = double.NegativeInfinity, sum = 0;
        foreach (var z in logits)
        {
            max = Math.Max(max, z);
        }

        foreach (var z in logits)
        {
            sum += Math.Exp(z - max);
        }

        var viaMax = new double[N];
        var viaIf = new double[N];
        var value = Loops.SoftmaxCrossEntropyGradient(logits, label, viaMax);
        var valueIf = Loops.SoftmaxCrossEntropyIfGradient(logits, label, viaIf);

        GradientAssert.Close(Math.Log(sum) + max - logits[label], value);
        GradientAssert.Close(Math.Log(sum) + max - logits[label], valueIf);
        for (var k = 0; k < N; k++)
        {
            var expected = (Math.Exp(logits[k] - max) / sum) - (k == label ? 1 : 0);
            GradientAssert.Close(expected, viaMax[k]);
            GradientAssert.Close(expected, viaIf[k]);
        }
    }

    [Fact]
    public void SoftmaxCrossEntropy_pullbacks_add()
    {
        GradientAssert.PullbackAdds(
            Uniform(113, N, -3, 3),
            (z, g) => Loops.SoftmaxCrossEntropyGradient(z, 4, g),
            (z, seed, g) => Loops.SoftmaxCrossEntropyPullback(z, 4, seed, g));
        GradientAssert.PullbackAdds(
            Uniform(114, N, -3, 3),
            (z, g) => Loops.SoftmaxCrossEntropyIfGradient(z, 1, g),
            (z, seed, g) => Loops.SoftmaxCrossEntropyIfPullback(z, 1, seed, g));
    }

    [Fact]
    public void LargestSquared_matches_finite_differences() =>
        GradientAssert.MatchesFiniteDifferences(
            x => Loops.LargestSquared(x),
            (x, g) => Loops.LargestSquaredGradient(x, g),
            dimension: N);

    [Theory]
    [InlineData(new[] { 0.3, -1.0, 1.7, 0.9, 1.6 }, 2)]
    [InlineData(new[] { 2.5, -1.0, 1.7, 0.9, 1.6 }, 0)]
    [InlineData(new[] { -0.4, -1.0, -0.7, -0.9, -0.2 }, 4)]
    public void LargestSquared_by_hand_flows_only_through_the_largest(double[] x, int largest)
    {
        var dX = new double[x.Length];
        var value = Loops.LargestSquaredGradient(x, dX);

        GradientAssert.Close(x[largest] * x[largest], value);
        for (var k = 0; k < x.Length; k++)
        {
            GradientAssert.Close(k == largest ? 2 * x[largest] : 0, dX[k]);
        }
    }

    [Fact]
    public void LargestSquared_pullback_adds() =>
        GradientAssert.PullbackAdds(
            Uniform(115, N, -2, 2),
            (x, g) => Loops.LargestSquaredGradient(x, g),
            (x, seed, g) => Loops.LargestSquaredPullback(x, seed, g));

    // ---------------------------------------------------------------- Rosenbrock

    [Fact]
    public void Rosenbrock_matches_finite_differences() =>
        GradientAssert.MatchesFiniteDifferences(
            x => Loops.Rosenbrock(x),
            (x, g) => Loops.RosenbrockGradient(x, g),
            dimension: N);

    [Fact]
    public void Rosenbrock_by_hand()
    {
        // ∂/∂xᵢ = −400 xᵢ(xᵢ₊₁ − xᵢ²) − 2(1 − xᵢ) [i < N−1] + 200(xᵢ − xᵢ₋₁²) [i > 0]
        var x = Uniform(116, N, -2, 2);
        var expected = new double[N];
        double value = 0;
        for (var i = 0; i < N; i++)
        {
            if (i < N - 1)
            {
                var a = x[i + 1] - (x[i] * x[i]);
                value += (100 * a * a) + ((1 - x[i]) * (1 - x[i]));
                expected[i] += (-400 * x[i] * a) - (2 * (1 - x[i]));
            }

            if (i > 0)
            {
                expected[i] += 200 * (x[i] - (x[i - 1] * x[i - 1]));
            }
        }

        var dX = new double[N];
        GradientAssert.Close(value, Loops.RosenbrockGradient(x, dX));
        for (var i = 0; i < N; i++)
        {
            // Terms of a few thousand cancel; 1e-10 of max(1, |∂ᵢ|) leaves room for their rounding only.
            GradientAssert.Close(expected[i], dX[i], 1e-10);
        }

        // The minimum: f = 0 and a zero gradient.
        var ones = new double[N];
        Array.Fill(ones, 1.0);
        GradientAssert.Close(0.0, Loops.RosenbrockGradient(ones, dX));
        foreach (var d in dX)
        {
            GradientAssert.Close(0.0, d);
        }
    }

    [Fact]
    public void Rosenbrock_pullback_adds() =>
        GradientAssert.PullbackAdds(
            Uniform(117, N, -2, 2),
            (x, g) => Loops.RosenbrockGradient(x, g),
            (x, seed, g) => Loops.RosenbrockPullback(x, seed, g));

    // ---------------------------------------------------------------- Horner

    [Fact]
    public void Horner_matches_finite_differences() =>
        GradientAssert.MatchesFiniteDifferences(
            p => Loops.Horner(p[..N], p[N]),
            (p, g) =>
            {
                var value = Loops.HornerGradient(p[..N], p[N], g[..N], out var dX);
                g[N] = dX;
                return value;
            },
            dimension: N + 1,
            sample: (r, i) => i < N ? (r.NextDouble() * 2) - 1 : (r.NextDouble() * 2.4) - 1.2);

    /// <summary>200 coefficients: more than the 128 slots that fit on the stack, so the recorded values go to a pooled array.</summary>
    [Fact]
    public void Horner_with_pooled_slots_matches_finite_differences() =>
        GradientAssert.MatchesFiniteDifferences(
            p => Loops.Horner(p[..200], p[200]),
            (p, g) =>
            {
                var value = Loops.HornerGradient(p[..200], p[200], g[..200], out var dX);
                g[200] = dX;
                return value;
            },
            dimension: 201,
            sample: (r, i) => i < 200 ? (r.NextDouble() * 2) - 1 : (r.NextDouble() * 1.6) - 0.8,
            points: 2);

    [Theory]
    [InlineData(0.7)]
    [InlineData(-1.3)]
    [InlineData(0.0)]
    public void Horner_by_hand(double x)
    {
        // p(x) = Σ cᵢ xⁱ: ∂p/∂cᵢ = xⁱ, ∂p/∂x = Σ i cᵢ xⁱ⁻¹.
        var c = Uniform(118, N, -1, 1);
        double value = 0, derivative = 0;
        for (var i = 0; i < N; i++)
        {
            value += c[i] * Math.Pow(x, i);
            derivative += i == 0 ? 0 : i * c[i] * Math.Pow(x, i - 1);
        }

        var dC = new double[N];
        GradientAssert.Close(value, Loops.HornerGradient(c, x, dC, out var dX));
        GradientAssert.Close(derivative, dX);
        for (var i = 0; i < N; i++)
        {
            GradientAssert.Close(Math.Pow(x, i), dC[i]);
        }
    }

    [Fact]
    public void Horner_pullback_adds_to_the_span_and_the_scalar()
    {
        var c = Uniform(119, N, -1, 1);
        const double x = 0.8;
        var gradient = new double[N];
        Loops.HornerGradient(c, x, gradient, out var dX);

        var dC = new double[N];
        Array.Fill(dC, 1.0);
        var accX = 1.0;
        Loops.HornerPullback(c, x, Seed, dC, ref accX);

        GradientAssert.Close(1 + (Seed * dX), accX, 1e-10);
        for (var i = 0; i < N; i++)
        {
            GradientAssert.Close(1 + (Seed * gradient[i]), dC[i], 1e-10);
        }
    }

    // ---------------------------------------------------------------- product

    [Fact]
    public void Product_matches_finite_differences() =>
        GradientAssert.MatchesFiniteDifferences(
            x => Loops.Product(x.ToArray()),
            (x, g) => Loops.ProductGradient(x.ToArray(), g),
            dimension: N);

    [Fact]
    public void Product_by_hand_is_the_product_of_the_others()
    {
        // Includes a zero factor, where dividing the product by xᵢ would fail.
        var x = new[] { 1.5, -0.5, 2.0, 0.0, 1.25, -3.0, 0.75 };
        var dX = new double[N];
        var value = Loops.ProductGradient(x, dX);

        GradientAssert.Close(0.0, value);
        for (var i = 0; i < N; i++)
        {
            var others = 1.0;
            for (var k = 0; k < N; k++)
            {
                others *= k == i ? 1 : x[k];
            }

            GradientAssert.Close(others, dX[i]);
        }

        Assert.NotEqual(0.0, dX[3]);
    }

    [Fact]
    public void Product_pullback_adds() =>
        GradientAssert.PullbackAdds(
            Uniform(120, N, -2, 2),
            (x, g) => Loops.ProductGradient(x.ToArray(), g),
            (x, seed, g) => Loops.ProductPullback(x.ToArray(), seed, g));

    // ---------------------------------------------------------------- continue, break, do-while

    /// <summary>
    /// Elements 1 and 4 are negative (continue), the rest in [0.5, 1.5]; with limit 2.2 the sum breaks the loop at
    /// element 2, 3, 5 or 6 (it is at least 2.5 after element 6), so both continue and break are taken at every point.
    /// </summary>
    [Fact]
    public void ContinueBreakDoWhile_matches_finite_differences_when_both_continue_and_break_are_taken() =>
        GradientAssert.MatchesFiniteDifferences(
            x => Loops.ContinueBreakDoWhile(x, 2.2),
            (x, g) => Loops.ContinueBreakDoWhileGradient(x, 2.2, g),
            dimension: N,
            sample: (r, i) => i % 3 == 1 ? -0.5 - r.NextDouble() : 0.5 + r.NextDouble());

    /// <summary>Random signs in [−2, 2] and a limit that the positive elements sometimes reach and sometimes do not.</summary>
    [Theory]
    [InlineData(3.0)]
    [InlineData(1000.0)]
    public void ContinueBreakDoWhile_matches_finite_differences_at_random_signs(double limit) =>
        GradientAssert.MatchesFiniteDifferences(
            x => Loops.ContinueBreakDoWhile(x, limit),
            (x, g) => Loops.ContinueBreakDoWhileGradient(x, limit, g),
            dimension: N);

    [Fact]
    public void ContinueBreakDoWhile_by_hand_skipped_and_unreached_elements_get_zero()
    {
        // Sums 0.8, (skip −0.5), 1.9, 2.8 > 2.2: break at element 3, so elements {0, 2, 3} count.
        // energy = 1·0.8² + 3·1.1² + 4·0.9² = 7.51; 8.51 halves 4 times to 0.531875 (4.255, 2.1275, 1.06375 are > 1).
        // f = scale·(1 + sum) + 0.25·4 with scale = (1 + energy)/16, so ∂f/∂xᵢ = 2(i + 1)xᵢ/16·(1 + sum) + scale.
        var x = new[] { 0.8, -0.5, 1.1, 0.9, -0.3, 0.7, 0.6 };
        const double sum = 2.8, scale = 8.51 / 16;
        var dX = new double[N];
        Array.Fill(dX, double.NaN); // Gradient overwrites: the zeros must be written, not left over.

        var value = Loops.ContinueBreakDoWhileGradient(x, 2.2, dX);

        GradientAssert.Close((scale * (1 + sum)) + 1.0, value);
        foreach (var i in new[] { 0, 2, 3 })
        {
            GradientAssert.Close((2 * (i + 1) * x[i] / 16 * (1 + sum)) + scale, dX[i]);
        }

        foreach (var i in new[] { 1, 4, 5, 6 })
        {
            GradientAssert.Close(0.0, dX[i]);
        }
    }

    [Fact]
    public void ContinueBreakDoWhile_pullback_adds() =>
        GradientAssert.PullbackAdds(
            new[] { 0.8, -0.5, 1.1, 0.9, -0.3, 0.7, 0.6 },
            (x, g) => Loops.ContinueBreakDoWhileGradient(x, 2.2, g),
            (x, seed, g) => Loops.ContinueBreakDoWhilePullback(x, 2.2, seed, g));

    // ---------------------------------------------------------------- early return

    /// <summary>threshold 3 is crossed inside the loop at every sampled point; 1000 never is (the final return).</summary>
    [Theory]
    [InlineData(3.0)]
    [InlineData(1000.0)]
    public void EarlyReturn_matches_finite_differences(double threshold) =>
        GradientAssert.MatchesFiniteDifferences(
            x => Loops.EarlyReturn(x, threshold),
            (x, g) => Loops.EarlyReturnGradient(x, threshold, g),
            dimension: N);

    [Fact]
    public void EarlyReturn_by_hand()
    {
        // Running sums of squares 0.25, 1.69, 2.33, 4.58 > 3: returns s·x₃ with s = x₀² + … + x₃².
        var x = new[] { 0.5, -1.2, 0.8, 1.5, 0.3 };
        var dX = new double[x.Length];
        Array.Fill(dX, double.NaN);

        GradientAssert.Close(4.58 * 1.5, Loops.EarlyReturnGradient(x, 3, dX));
        for (var k = 0; k < 3; k++)
        {
            GradientAssert.Close(2 * x[k] * 1.5, dX[k]);
        }

        GradientAssert.Close((2 * 1.5 * 1.5) + 4.58, dX[3]);
        GradientAssert.Close(0.0, dX[4]);

        // Threshold never reached (total 4.67): −Σ xᵢ², gradient −2xᵢ.
        GradientAssert.Close(-4.67, Loops.EarlyReturnGradient(x, 10, dX));
        for (var k = 0; k < x.Length; k++)
        {
            GradientAssert.Close(-2 * x[k], dX[k]);
        }
    }

    [Fact]
    public void EarlyReturn_pullback_adds()
    {
        var x = new[] { 0.5, -1.2, 0.8, 1.5, 0.3 };
        GradientAssert.PullbackAdds(x, (p, g) => Loops.EarlyReturnGradient(p, 3, g), (p, seed, g) => Loops.EarlyReturnPullback(p, 3, seed, g));
        GradientAssert.PullbackAdds(x, (p, g) => Loops.EarlyReturnGradient(p, 10, g), (p, seed, g) => Loops.EarlyReturnPullback(p, 10, seed, g));
    }

    // ---------------------------------------------------------------- recursion, if / else if / else, while

    [Theory]
    [InlineData(5)]
    [InlineData(1)]
    public void Power_matches_finite_differences(int n) =>
        GradientAssert.MatchesFiniteDifferences(
            x => Loops.Power(x[0], n),
            (x, g) => Loops.PowerGradient(x[0], n, out g[0]),
            dimension: 1);

    [Theory]
    [InlineData(1.3, 5)]
    [InlineData(-0.8, 4)]
    [InlineData(2.0, 1)]
    [InlineData(1.7, 0)]
    public void Power_by_hand(double x, int n)
    {
        var value = Loops.PowerGradient(x, n, out var dX);
        GradientAssert.Close(Math.Pow(x, n), value);
        GradientAssert.Close(n == 0 ? 0 : n * Math.Pow(x, n - 1), dX);

        var acc = 1.0;
        Loops.PowerPullback(x, n, Seed, ref acc);
        GradientAssert.Close(1 + (Seed * dX), acc, 1e-10);
    }

    /// <summary>One sampling range per branch: x ∈ [1.2, 2.2], [−2.2, −1.2] or [−0.8, 0.8], y ∈ [−1, 1].</summary>
    [Theory]
    [InlineData(1)]
    [InlineData(-1)]
    [InlineData(0)]
    public void Piecewise_matches_finite_differences_in_each_branch(int branch) =>
        GradientAssert.MatchesFiniteDifferences(
            p => Loops.Piecewise(p[0], p[1]),
            (p, g) => Loops.PiecewiseGradient(p[0], p[1], out g[0], out g[1]),
            dimension: 2,
            sample: (r, i) => i == 1 ? (r.NextDouble() * 2) - 1 : (branch * 1.7) + (r.NextDouble() - 0.5) * (branch == 0 ? 1.6 : 1.0));

    [Theory]
    [InlineData(1.5, 0.4)]
    [InlineData(-1.6, 0.7)]
    [InlineData(0.3, -0.9)]
    public void Piecewise_by_hand(double x, double y)
    {
        // x > 1:  f = (xy)² + eʸ          x < −1: f = sin(xy) + xy          else: f = (x + 2y)·xy + xy
        double f, fx, fy;
        if (x > 1)
        {
            (f, fx, fy) = ((x * y * x * y) + Math.Exp(y), 2 * x * y * y, (2 * x * y * x) + Math.Exp(y));
        }
        else if (x < -1)
        {
            (f, fx, fy) = (Math.Sin(x * y) + (x * y), (y * Math.Cos(x * y)) + y, (x * Math.Cos(x * y)) + x);
        }
        else
        {
            var u = x + (2 * y);
            (f, fx, fy) = ((u * x * y) + (x * y), (x * y) + (u * y) + y, (2 * x * y) + (u * x) + x);
        }

        GradientAssert.Close(f, Loops.PiecewiseGradient(x, y, out var dX, out var dY));
        GradientAssert.Close(fx, dX);
        GradientAssert.Close(fy, dY);

        double accX = 1, accY = 1;
        Loops.PiecewisePullback(x, y, Seed, ref accX, ref accY);
        GradientAssert.Close(1 + (Seed * fx), accX, 1e-10);
        GradientAssert.Close(1 + (Seed * fy), accY, 1e-10);
    }

    [Fact]
    public void WhileLoop_matches_finite_differences() =>
        GradientAssert.MatchesFiniteDifferences(
            x => Loops.WhileLoop(x[0], 5),
            (x, g) => Loops.WhileLoopGradient(x[0], 5, out g[0]),
            dimension: 1);

    [Theory]
    [InlineData(0.9, 5)]
    [InlineData(-1.4, 12)]
    [InlineData(0.6, 0)]
    public void WhileLoop_by_hand(double x, int n)
    {
        // Forward mode alongside: s ← sin(s) + x, s' ← cos(s)·s' + 1, from s = x, s' = 1.
        double s = x, ds = 1;
        for (var i = 0; i < n; i++)
        {
            ds = (Math.Cos(s) * ds) + 1;
            s = Math.Sin(s) + x;
        }

        GradientAssert.Close(s, Loops.WhileLoopGradient(x, n, out var dX));
        GradientAssert.Close(ds, dX);

        var acc = 1.0;
        Loops.WhileLoopPullback(x, n, Seed, ref acc);
        GradientAssert.Close(1 + (Seed * ds), acc, 1e-10);
    }

    // ---------------------------------------------------------------- float

    [Fact]
    public void DotF_matches_finite_differences() =>
        GradientAssert.MatchesFiniteDifferencesF(
            p => Loops.DotF(p[..N], p[N..]),
            (p, g) => Loops.DotFGradient(p[..N], p[N..], g[..N], g[N..]),
            dimension: 2 * N);

    [Fact]
    public void DotF_by_hand_and_pullback()
    {
        var a = new[] { 0.5f, -1.25f, 2f, 0.75f };
        var b = new[] { 1.5f, 0.25f, -0.5f, 4f };
        var dA = new float[4];
        var dB = new float[4];

        // Every product and partial sum here is exact in float.
        Assert.Equal(0.75f - 0.3125f - 1f + 3f, Loops.DotFGradient(a, b, dA, dB));
        Assert.Equal(b, dA);
        Assert.Equal(a, dB);

        Array.Fill(dA, 1f);
        Array.Fill(dB, 1f);
        Loops.DotFPullback(a, b, 2.5f, dA, dB);
        for (var i = 0; i < 4; i++)
        {
            Assert.Equal(1f + (2.5f * b[i]), dA[i]);
            Assert.Equal(1f + (2.5f * a[i]), dB[i]);
        }
    }

    [Fact]
    public void ProductF_matches_finite_differences() =>
        GradientAssert.MatchesFiniteDifferencesF(
            x => Loops.ProductF(x.ToArray()),
            (x, g) => Loops.ProductFGradient(x.ToArray(), g),
            dimension: 5);

    [Fact]
    public void ProductF_by_hand()
    {
        var x = new[] { 1.5f, -0.5f, 2f, 0f, 1.25f };
        var dX = new float[5];
        Array.Fill(dX, float.NaN);

        Assert.Equal(0f, Loops.ProductFGradient(x, dX));

        // Powers of two and 1.5, 1.25: every product of the others is exact in float.
        Assert.Equal(new[] { 0f, 0f, 0f, 1.5f * -0.5f * 2f * 1.25f, 0f }, dX);
    }

    // ---------------------------------------------------------------- contract: overwrite, lengths

    /// <summary>Gradient overwrites its spans: a buffer full of NaN gives the same result as a zeroed one.</summary>
    [Fact]
    public void Gradient_spans_are_overwritten_not_accumulated()
    {
        var x = new[] { 0.8, -0.5, 1.1, 0.9, -0.3, 0.7, 0.6 };
        var failures = new List<string>();
        Check(nameof(Loops.MeanLogisticLoss), (p, g) => Loops.MeanLogisticLossGradient(p, Features, Labels, M, g));
        Check(nameof(Loops.Rosenbrock), (p, g) => Loops.RosenbrockGradient(p, g));
        Check(nameof(Loops.ContinueBreakDoWhile), (p, g) => Loops.ContinueBreakDoWhileGradient(p, 2.2, g));
        Check(nameof(Loops.EarlyReturn), (p, g) => Loops.EarlyReturnGradient(p, 1.0, g));
        Check(nameof(Loops.LargestSquared), (p, g) => Loops.LargestSquaredGradient(p, g));
        Check(nameof(Loops.Product), (p, g) => Loops.ProductGradient(p.ToArray(), g));
        Assert.True(failures.Count == 0, string.Join(Environment.NewLine, failures));

        void Check(string model, SpanGradient gradient)
        {
            var clean = new double[N];
            var dirty = new double[N];
            Array.Fill(dirty, double.NaN);
            gradient(x, clean);
            gradient(x, dirty);
            for (var i = 0; i < N; i++)
            {
                if (!clean[i].Equals(dirty[i]))
                {
                    failures.Add($"{model}: element {i} is {dirty[i]:R} from a NaN-filled buffer, {clean[i]:R} from a zeroed one");
                }
            }
        }
    }

    [Theory]
    [InlineData(nameof(Loops.MeanLogisticLoss), "dW")]
    [InlineData(nameof(Loops.MeanLogisticLossPullback), "dW")]
    [InlineData(nameof(Loops.TanhNetwork), "dTheta")]
    [InlineData(nameof(Loops.SoftmaxCrossEntropy), "dLogits")]
    [InlineData(nameof(Loops.SoftmaxCrossEntropyIf), "dLogits")]
    [InlineData(nameof(Loops.LargestSquared), "dX")]
    [InlineData(nameof(Loops.Rosenbrock), "dX")]
    [InlineData(nameof(Loops.Horner), "dC")]
    [InlineData(nameof(Loops.HornerPullback), "dC")]
    [InlineData(nameof(Loops.Product), "dX")]
    [InlineData(nameof(Loops.ContinueBreakDoWhile), "dX")]
    [InlineData(nameof(Loops.EarlyReturn), "dX")]
    [InlineData(nameof(Loops.DotF) + ".a", "dA")]
    [InlineData(nameof(Loops.DotF) + ".b", "dB")]
    [InlineData(nameof(Loops.ProductF), "dX")]
    public void A_gradient_span_of_the_wrong_length_throws_naming_it(string call, string parameter)
    {
        foreach (var delta in new[] { -1, 1 })
        {
            var exception = Assert.Throws<ArgumentException>(WrongLength(call, delta));
            Assert.Equal(parameter, exception.ParamName);
        }
    }

    private static Action WrongLength(string call, int delta)
    {
        var x = Uniform(121, N, 0.5, 1.5);
        var theta = Uniform(122, ThetaLength, -1, 1);
        var f = new[] { 0.5f, 1f, 1.5f, 2f };
        return call switch
        {
            nameof(Loops.MeanLogisticLoss) => () => Loops.MeanLogisticLossGradient(x, Features, Labels, M, new double[N + delta]),
            nameof(Loops.MeanLogisticLossPullback) => () => Loops.MeanLogisticLossPullback(x, Features, Labels, M, 1.0, new double[N + delta]),
            nameof(Loops.TanhNetwork) => () => Loops.TanhNetworkGradient(theta, Input, Target, Hidden, new double[ThetaLength + delta]),
            nameof(Loops.SoftmaxCrossEntropy) => () => Loops.SoftmaxCrossEntropyGradient(x, 0, new double[N + delta]),
            nameof(Loops.SoftmaxCrossEntropyIf) => () => Loops.SoftmaxCrossEntropyIfGradient(x, 0, new double[N + delta]),
            nameof(Loops.LargestSquared) => () => Loops.LargestSquaredGradient(x, new double[N + delta]),
            nameof(Loops.Rosenbrock) => () => Loops.RosenbrockGradient(x, new double[N + delta]),
            nameof(Loops.Horner) => () => Loops.HornerGradient(x, 0.5, new double[N + delta], out _),
            nameof(Loops.HornerPullback) => () =>
            {
                var dX = 0.0;
                Loops.HornerPullback(x, 0.5, 1.0, new double[N + delta], ref dX);
            },
            nameof(Loops.Product) => () => Loops.ProductGradient(x, new double[N + delta]),
            nameof(Loops.ContinueBreakDoWhile) => () => Loops.ContinueBreakDoWhileGradient(x, 2.2, new double[N + delta]),
            nameof(Loops.EarlyReturn) => () => Loops.EarlyReturnGradient(x, 3.0, new double[N + delta]),
            nameof(Loops.DotF) + ".a" => () => Loops.DotFGradient(f, f, new float[4 + delta], new float[4]),
            nameof(Loops.DotF) + ".b" => () => Loops.DotFGradient(f, f, new float[4], new float[4 + delta]),
            nameof(Loops.ProductF) => () => Loops.ProductFGradient(f, new float[4 + delta]),
            _ => throw new ArgumentOutOfRangeException(nameof(call), call, null),
        };
    }

    // ---------------------------------------------------------------- allocation

    /// <summary>
    /// After warm-up (a tape rents from ArrayPool on its first growth), a gradient call allocates nothing on the
    /// managed heap. The sizes overflow a small stack buffer in any tape, so pooled growth is exercised.
    /// </summary>
    [Fact]
    public void WarmedUpGradientsAllocateNothing()
    {
        const int Large = 200;
        const int Samples = 50, Width = 20, WideHidden = 32, WideInput = 10;
        var w = Uniform(130, Width, -0.5, 0.5);
        var data = Uniform(131, Samples * Width, -1, 1);
        var labels = PlusMinusOne(132, Samples);
        var theta = Uniform(133, (WideHidden * WideInput) + WideHidden + WideHidden + 1, -0.5, 0.5);
        var input = Uniform(134, WideInput, -1, 1);
        var logits = Uniform(135, Large, -3, 3);
        var x = Uniform(136, Large, -1, 1);
        var c = Uniform(137, Large, -1, 1);
        var nearOne = Uniform(138, Large, 0.99, 1.01);
        var gW = new double[Width];
        var points = data[..3];
        var gTheta = new double[theta.Length];
        var g = new double[Large];
        double sink = 0;
        var failures = new List<string>();

        Measure(nameof(Loops.MeanLogisticLoss), () => sink += Loops.MeanLogisticLossGradient(w, data, labels, Samples, gW));
        Measure(nameof(Loops.TanhNetwork), () => sink += Loops.TanhNetworkGradient(theta, input, Target, WideHidden, gTheta));
        Measure(nameof(Loops.SoftmaxCrossEntropy), () => sink += Loops.SoftmaxCrossEntropyGradient(logits, 17, g));
        Measure(nameof(Loops.SoftmaxCrossEntropyIf), () => sink += Loops.SoftmaxCrossEntropyIfGradient(logits, 17, g));
        Measure(nameof(Loops.LargestSquared), () => sink += Loops.LargestSquaredGradient(x, g));
        Measure(nameof(Loops.Rosenbrock), () => sink += Loops.RosenbrockGradient(x, g));
        Measure(nameof(Loops.Horner), () => sink += Loops.HornerGradient(c, 0.9, g, out _));
        Measure(nameof(Loops.Product), () => sink += Loops.ProductGradient(nearOne, g));
        Measure(nameof(Loops.EarlyReturn), () => sink += Loops.EarlyReturnGradient(x, 50, g)); // returns near element 150
        Measure(nameof(Loops.ContinueBreakDoWhile), () => sink += Loops.ContinueBreakDoWhileGradient(x, 40, g)); // breaks near 160
        Measure(nameof(Loops.WhileLoop), () => sink += Loops.WhileLoopGradient(0.7, Large, out _));
        Measure(nameof(SlotModels.Mixture), () => sink += SlotModels.MixtureGradient(w, points, 12, gW)); // 240 slots: pooled

        Assert.True(failures.Count == 0, string.Join(Environment.NewLine, failures));
        Assert.True(double.IsFinite(sink));

        void Measure(string model, Action call)
        {
            for (var i = 0; i < 3; i++)
            {
                call();
            }

            var before = GC.GetAllocatedBytesForCurrentThread();
            for (var i = 0; i < 10; i++)
            {
                call();
            }

            var allocated = GC.GetAllocatedBytesForCurrentThread() - before;
            if (allocated != 0)
            {
                failures.Add($"{model}Gradient allocated {allocated} bytes over 10 warmed-up calls");
            }
        }
    }

    // ---------------------------------------------------------------- helpers

    private static double[] Uniform(int seed, int length, double low, double high)
    {
        var random = new Random(seed);
        var values = new double[length];
        for (var i = 0; i < length; i++)
        {
            values[i] = low + ((high - low) * random.NextDouble());
        }

        return values;
    }

    private static double[] PlusMinusOne(int seed, int length)
    {
        var random = new Random(seed);
        var values = new double[length];
        for (var i = 0; i < length; i++)
        {
            values[i] = random.Next(2) == 0 ? -1 : 1;
        }

        return values;
    }
}
