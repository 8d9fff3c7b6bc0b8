using System;
using System.Collections.Generic;
using GradGen.Tests.Models;

namespace GradGen.Tests;

/// <summary>
/// The models of <see cref="ControlFlow"/>: generated gradients against central finite differences at random points,
/// and where a reference is easy, against a gradient by hand or forward-mode dual numbers (exact to rounding).
/// Sampling ranges and data keep branch decisions away from flipping within the finite-difference step.
/// </summary>
public class ControlFlowTests
{
    private const int N = 6;
    private const int M = 4;
    private const double Seed = 2.5;

    private const string InverseStepBug =
        "generator bug: an int restored by an inverse step (k++ undone by k--) is wrong when a later plain assignment " +
        "of it is not restored (RecordAnalysis stops at any overwrite); see StepThenReset";

    private const string UnpoppedBranchBug =
        "generator bug: a branch in a loop whose reverse is empty (active s += constant) is pushed on the branch tape " +
        "but never popped; see ConstantPenaltyInBranch";

    private static readonly double[] DataX = Uniform(201, N, -1, 1);
    private static readonly double[] DataY = Uniform(202, N, -1, 1);
    private static readonly double[] Rows = Uniform(203, M * N, -1, 1);

    private delegate double SpanGradient(ReadOnlySpan<double> x, Span<double> gradient);


    // ---------------------------------------------------------------- helpers taking spans

    [Fact]
    public void Dot_by_hand_and_pullback()
    {
        var a = new[] { 0.5, -1.5, 2.0 };
        var b = new[] { 3.0, 0.25, -1.0 };
        var dA = new double[3];
        var dB = new double[3];
        GradientAssert.Close(1.5 - 0.375 - 2.0, ControlFlow.DotGradient(a, b, dA, dB));
        Assert.Equal(b, dA);
        Assert.Equal(a, dB);

        Array.Fill(dA, 1.0);
        Array.Fill(dB, 1.0);
        ControlFlow.DotPullback(a, b, Seed, dA, dB);
        for (var i = 0; i < 3; i++)
        {
            GradientAssert.Close(1 + (Seed * b[i]), dA[i]);
            GradientAssert.Close(1 + (Seed * a[i]), dB[i]);
        }
    }

    [Fact]
    public void DotTwoActive_matches_finite_differences() =>
        GradientAssert.MatchesFiniteDifferences(
            p => ControlFlow.DotTwoActive(p[..N], p[N..].ToArray()),
            (p, g) => ControlFlow.DotTwoActiveGradient(p[..N], p[N..].ToArray(), g[..N], g[N..]),
            dimension: 2 * N);

    [Fact]
    public void DotTwoActive_by_hand()
    {
        // f = (u·v)² + (u·u)(v·v): ∂u = 2(u·v)v + 2(v·v)u, ∂v = 2(u·v)u + 2(u·u)v
        var u = Uniform(210, N, -1, 1);
        var v = Uniform(211, N, -1, 1);
        double uv = Dot(u, v), uu = Dot(u, u), vv = Dot(v, v);
        var dU = new double[N];
        var dV = new double[N];
        GradientAssert.Close((uv * uv) + (uu * vv), ControlFlow.DotTwoActiveGradient(u, v, dU, dV));
        for (var i = 0; i < N; i++)
        {
            GradientAssert.Close((2 * uv * v[i]) + (2 * vv * u[i]), dU[i]);
            GradientAssert.Close((2 * uv * u[i]) + (2 * uu * v[i]), dV[i]);
        }
    }

    [Fact]
    public void DotWithData_matches_finite_differences() =>
        GradientAssert.MatchesFiniteDifferences(
            w => ControlFlow.DotWithData(w, DataX, DataY),
            (w, g) => ControlFlow.DotWithDataGradient(w, DataX, DataY, g),
            dimension: N);

    [Fact]
    public void DotWithData_by_hand()
    {
        // f = softplus(x·w) + ½(w·y)²: ∂w = σ(x·w)x + (w·y)y
        var w = Uniform(212, N, -2, 2);
        double xw = Dot(DataX, w), wy = Dot(w, DataY);
        var sigma = 1 / (1 + Math.Exp(-xw));
        var dW = new double[N];
        GradientAssert.Close(Math.Log(1 + Math.Exp(xw)) + (0.5 * wy * wy), ControlFlow.DotWithDataGradient(w, DataX, DataY, dW));
        for (var i = 0; i < N; i++)
        {
            GradientAssert.Close((sigma * DataX[i]) + (wy * DataY[i]), dW[i]);
        }
    }

    [Fact]
    public void DotLocalArray_matches_finite_differences() =>
        GradientAssert.MatchesFiniteDifferences(
            p => ControlFlow.DotLocalArray(p[..N], p[N]),
            (p, g) => ControlFlow.DotLocalArrayGradient(p[..N], p[N], g[..N], out g[N]),
            dimension: N + 1);

    [Fact]
    public void DotInactiveLocal_matches_finite_differences_and_by_hand()
    {
        GradientAssert.MatchesFiniteDifferences(
            w => ControlFlow.DotInactiveLocal(w, DataX),
            (w, g) => ControlFlow.DotInactiveLocalGradient(w, DataX, g),
            dimension: N);

        // f = (c·w)(w·w), cᵢ = xᵢ² + 1: ∂w = (w·w)c + 2(c·w)w
        var w = Uniform(213, N, -2, 2);
        var c = Array.ConvertAll(DataX, x => (x * x) + 1);
        double cw = Dot(c, w), ww = Dot(w, w);
        var dW = new double[N];
        GradientAssert.Close(cw * ww, ControlFlow.DotInactiveLocalGradient(w, DataX, dW));
        for (var i = 0; i < N; i++)
        {
            GradientAssert.Close((ww * c[i]) + (2 * cw * w[i]), dW[i]);
        }
    }

    [Fact]
    public void DotStackalloc_matches_finite_differences() =>
        GradientAssert.MatchesFiniteDifferences(
            p => ControlFlow.DotStackalloc(p[..N], p[N]),
            (p, g) => ControlFlow.DotStackallocGradient(p[..N], p[N], g[..N], out g[N]),
            dimension: N + 1,
            sample: (r, i) => i == N ? 0.1 + r.NextDouble() : (r.NextDouble() * 3) - 1.5);

    [Fact]
    public void DotStackalloc_pullback_adds()
    {
        var w = Uniform(214, N, -1, 1);
        const double s = 0.7;
        var dW = new double[N];
        ControlFlow.DotStackallocGradient(w, s, dW, out var dS);
        var accW = new double[N];
        Array.Fill(accW, 1.0);
        var accS = 1.0;
        ControlFlow.DotStackallocPullback(w, s, Seed, accW, ref accS);
        GradientAssert.Close(1 + (Seed * dS), accS, 1e-10);
        for (var i = 0; i < N; i++)
        {
            GradientAssert.Close(1 + (Seed * dW[i]), accW[i], 1e-10);
        }
    }

    [Fact]
    public void RowDistances_helper_in_a_loop_on_a_rewritten_local_array() =>
        GradientAssert.MatchesFiniteDifferences(
            w => ControlFlow.RowDistances(w, Rows, M),
            (w, g) => ControlFlow.RowDistancesGradient(w, Rows, M, g),
            dimension: N);

    [Fact]
    public void RowDistancesStack_helper_in_a_loop_on_a_rewritten_stackalloc_span() =>
        GradientAssert.MatchesFiniteDifferences(
            w => ControlFlow.RowDistancesStack(w, Rows, M),
            (w, g) => ControlFlow.RowDistancesStackGradient(w, Rows, M, g),
            dimension: N);

    [Fact]
    public void SoftplusChain_matches_finite_differences_and_dual_numbers()
    {
        GradientAssert.MatchesFiniteDifferences(
            p => ControlFlow.SoftplusChain(p[0], p[1..]),
            (p, g) => ControlFlow.SoftplusChainGradient(p[0], p[1..], out g[0], g[1..]),
            dimension: N + 1);

        AssertMatchesDual(
            Uniform(215, N + 1, -1.5, 1.5),
            p =>
            {
                var q = p[0];
                for (var i = 1; i < p.Length; i++)
                {
                    q = Dual.Log(1 + Dual.Exp((q * p[i]) - 0.5)) + (0.1 * q);
                }

                return q;
            },
            (p, g) => ControlFlow.SoftplusChainGradient(p[0], p[1..], out g[0], g[1..]));
    }

    // ---------------------------------------------------------------- overwritten values, nested loops

    [Fact]
    public void NonlinearOverwrite_matches_finite_differences() =>
        GradientAssert.MatchesFiniteDifferences(
            p => ControlFlow.NonlinearOverwrite(p[0], p[1..]),
            (p, g) => ControlFlow.NonlinearOverwriteGradient(p[0], p[1..], out g[0], g[1..]),
            dimension: N + 1,
            sample: (r, _) => (r.NextDouble() * 2) - 1);

    [Fact]
    public void NonlinearOverwrite_dual_numbers_and_pullback()
    {
        var point = Uniform(216, N + 1, -1, 1);
        AssertMatchesDual(
            point,
            p =>
            {
                var q = p[0];
                for (var i = 1; i < p.Length; i++)
                {
                    q = (q * p[i]) + Dual.Sin(q);
                }

                return q;
            },
            (p, g) => ControlFlow.NonlinearOverwriteGradient(p[0], p[1..], out g[0], g[1..]));

        var dX = new double[N];
        ControlFlow.NonlinearOverwriteGradient(point[0], point.AsSpan(1), out var dP, dX);
        var accP = 1.0;
        var accX = new double[N];
        Array.Fill(accX, 1.0);
        ControlFlow.NonlinearOverwritePullback(point[0], point.AsSpan(1), Seed, ref accP, accX);
        GradientAssert.Close(1 + (Seed * dP), accP, 1e-10);
        for (var i = 0; i < N; i++)
        {
            GradientAssert.Close(1 + (Seed * dX[i]), accX[i], 1e-10);
        }
    }

    [Fact]
    public void LocalReassigned_matches_finite_differences() =>
        GradientAssert.MatchesFiniteDifferences(
            p => ControlFlow.LocalReassigned(p[..N], p[N]),
            (p, g) => ControlFlow.LocalReassignedGradient(p[..N], p[N], g[..N], out g[N]),
            dimension: N + 1);

    [Fact]
    public void Triangular_matches_finite_differences_and_dual_numbers()
    {
        GradientAssert.MatchesFiniteDifferences(
            x => ControlFlow.Triangular(x),
            (x, g) => ControlFlow.TriangularGradient(x, g),
            dimension: N,
            sample: (r, _) => (r.NextDouble() * 2) - 1);

        AssertMatchesDual(
            Uniform(217, N, -1, 1),
            x =>
            {
                Dual s = 0;
                for (var i = 0; i < x.Length; i++)
                {
                    for (var j = 0; j < i; j++)
                    {
                        s += x[i] * Dual.Cos(x[j] + s);
                    }
                }

                return s;
            },
            (x, g) => ControlFlow.TriangularGradient(x, g));
    }

    [Theory]
    [InlineData(1e-12)]
    [InlineData(1e-4)]
    public void NewtonSqrt_matches_finite_differences_and_the_derivative_of_the_root(double tolerance)
    {
        GradientAssert.MatchesFiniteDifferences(
            a => ControlFlow.NewtonSqrt(a[0], tolerance),
            (a, g) => ControlFlow.NewtonSqrtGradient(a[0], tolerance, out g[0]),
            dimension: 1,
            sample: (r, _) => 0.3 + (5 * r.NextDouble()),
            points: 8);

        if (tolerance < 1e-10)
        {
            foreach (var a in new[] { 0.4, 2.0, 7.5, 30.0 })
            {
                GradientAssert.Close(Math.Sqrt(a), ControlFlow.NewtonSqrtGradient(a, tolerance, out var dA), 1e-11);
                GradientAssert.Close(0.5 / Math.Sqrt(a), dA, 1e-8);
            }
        }
    }

    [Fact]
    public void NewtonSqrtReturn_matches_finite_differences_and_the_derivative_of_the_root()
    {
        GradientAssert.MatchesFiniteDifferences(
            a => ControlFlow.NewtonSqrtReturn(a[0]),
            (a, g) => ControlFlow.NewtonSqrtReturnGradient(a[0], out g[0]),
            dimension: 1,
            sample: (r, _) => 0.3 + (5 * r.NextDouble()),
            points: 8);

        foreach (var a in new[] { 0.4, 2.0, 7.5, 30.0 })
        {
            GradientAssert.Close(Math.Sqrt(a), ControlFlow.NewtonSqrtReturnGradient(a, out var dA), 1e-11);
            GradientAssert.Close(0.5 / Math.Sqrt(a), dA, 1e-8);
        }
    }

    /// <summary>a ∈ ±[0.3, 1.5] picks the outer branch; |xᵢ| ∈ [0.2, 1.5] with random signs picks the inner one.</summary>
    [Theory]
    [InlineData(1)]
    [InlineData(-1)]
    public void IfLoopIf_matches_finite_differences_in_both_outer_branches(int sign) =>
        GradientAssert.MatchesFiniteDifferences(
            p => ControlFlow.IfLoopIf(p[0], p[1..]),
            (p, g) => ControlFlow.IfLoopIfGradient(p[0], p[1..], out g[0], g[1..]),
            dimension: N + 1,
            sample: (r, i) => i == 0 ? sign * (0.3 + (1.2 * r.NextDouble())) : AwayFromZero(r));

    /// <summary>Limits: breaks early, breaks late, never breaks.</summary>
    [Theory]
    [InlineData(2.5)]
    [InlineData(6.0)]
    [InlineData(1e6)]
    public void ContinueInnerBreakOuter_matches_finite_differences(double limit) =>
        GradientAssert.MatchesFiniteDifferences(
            x => ControlFlow.ContinueInnerBreakOuter(x, 3, limit),
            (x, g) => ControlFlow.ContinueInnerBreakOuterGradient(x, 3, limit, g),
            dimension: 12,
            sample: (r, _) => AwayFromZero(r),
            points: 8);

    [Fact]
    public void DoWithContinue_matches_finite_differences() =>
        GradientAssert.MatchesFiniteDifferences(
            x => ControlFlow.DoWithContinue(x[0], 7),
            (x, g) => ControlFlow.DoWithContinueGradient(x[0], 7, out g[0]),
            dimension: 1);

    [Theory]
    [InlineData(0.8, 1)]
    [InlineData(-1.3, 7)]
    [InlineData(0.45, 12)]
    public void DoWithContinue_dual_numbers_and_pullback(double x, int n)
    {
        var reference = DoWithContinueDual(Dual.Variable(x), n);
        GradientAssert.Close(reference.V, ControlFlow.DoWithContinueGradient(x, n, out var dX));
        GradientAssert.Close(reference.D, dX, 1e-11);

        var acc = 1.0;
        ControlFlow.DoWithContinuePullback(x, n, Seed, ref acc);
        GradientAssert.Close(1 + (Seed * reference.D), acc, 1e-10);

        static Dual DoWithContinueDual(Dual x, int n)
        {
            var s = x;
            var k = 0;
            do
            {
                k++;
                if (k % 3 == 0)
                {
                    s = (s * 0.75) + x;
                    continue;
                }

                s = (Dual.Sin(s) * x) + (0.5 * s);
            }
            while (k < n);
            return s;
        }
    }

    /// <summary>Thresholds: returns in the first row, in a later row, never.</summary>
    [Theory]
    [InlineData(0.3)]
    [InlineData(3.0)]
    [InlineData(1e6)]
    public void EarlyReturnNested_matches_finite_differences(double threshold) =>
        GradientAssert.MatchesFiniteDifferences(
            x => ControlFlow.EarlyReturnNested(x, 3, threshold),
            (x, g) => ControlFlow.EarlyReturnNestedGradient(x, 3, threshold, g),
            dimension: 12,
            points: 8);

    [Theory]
    [InlineData(0.5)]
    [InlineData(1e6)]
    public void SwitchInLoop_matches_finite_differences(double cap) =>
        GradientAssert.MatchesFiniteDifferences(
            x => ControlFlow.SwitchInLoop(x, cap),
            (x, g) => ControlFlow.SwitchInLoopGradient(x, cap, g),
            dimension: 11,
            points: 8);

    [Theory]
    [InlineData(1)]
    [InlineData(4)]
    [InlineData(100)]
    public void SwitchReturnContinue_matches_finite_differences(int stop) =>
        GradientAssert.MatchesFiniteDifferences(
            x => ControlFlow.SwitchReturnContinue(x, stop),
            (x, g) => ControlFlow.SwitchReturnContinueGradient(x, stop, g),
            dimension: 9,
            sample: (r, _) => (r.NextDouble() * 2) - 1,
            points: 8);

    // ---------------------------------------------------------------- float

    /// <summary>
    /// The float gradient against central differences of the same computation in double (float five-point steps are
    /// about 0.04, too coarse for the branch on xᵢ), with |xᵢ| ≥ 0.2.
    /// </summary>
    [Fact]
    public void FloatLoop_matches_double_finite_differences()
    {
        var random = new Random(218);
        var point = new double[N + 1];
        var numeric = new double[N + 1];
        var analytic = new float[N + 1];
        for (var p = 0; p < 5; p++)
        {
            for (var i = 0; i < point.Length; i++)
            {
                point[i] = (float)(i == N ? (random.NextDouble() * 2) - 1 : AwayFromZero(random) * 0.7);
            }

            var x = Array.ConvertAll(point[..N], v => (float)v);
            var value = ControlFlow.FloatLoopGradient(x, (float)point[N], analytic.AsSpan(0, N), out analytic[N]);
            Assert.Equal(ControlFlow.FloatLoop(x, (float)point[N]), value);
            FiniteDifferences.Gradient(q => FloatLoopInDouble(q[..N], q[N]), point, numeric, FiniteDifferenceScheme.Central);
            for (var i = 0; i <= N; i++)
            {
                Assert.True(
                    Math.Abs(analytic[i] - numeric[i]) <= 1e-4 + (1e-4 * Math.Abs(numeric[i])),
                    $"∂f/∂p[{i}]: generated {analytic[i]:R}, finite differences {numeric[i]:R}");
            }
        }

        static double FloatLoopInDouble(ReadOnlySpan<double> x, double a)
        {
            var t = new double[x.Length];
            double s = 0;
            for (var i = 0; i < x.Length; i++)
            {
                t[i] = Math.Tanh(a * x[i]);
                s = x[i] > 0 ? s + (t[i] * x[i]) : (s * 0.5) + t[i];
            }

            for (var i = 1; i < t.Length; i++)
            {
                t[i] = (t[i] * t[i - 1]) + a;
            }

            return s + t[^1];
        }
    }

    [Fact]
    public void FloatLoop_pullback_adds()
    {
        var x = new[] { 0.5f, -0.75f, 0.25f, 1f, -0.5f, 0.125f };
        const float a = 0.6f;
        var dX = new float[N];
        ControlFlow.FloatLoopGradient(x, a, dX, out var dA);
        var accX = new float[N];
        Array.Fill(accX, 1f);
        var accA = 1f;
        ControlFlow.FloatLoopPullback(x, a, 2.5f, accX, ref accA);
        Assert.Equal(1f + (2.5f * dA), accA, 5);
        for (var i = 0; i < N; i++)
        {
            Assert.Equal(1f + (2.5f * dX[i]), accX[i], 5);
        }
    }

    [Fact]
    public void FloatHelperInLoop_matches_finite_differences() =>
        GradientAssert.MatchesFiniteDifferencesF(
            p => ControlFlow.FloatHelperInLoop(p[..4].ToArray(), p[4..]),
            (p, g) => ControlFlow.FloatHelperInLoopGradient(p[..4].ToArray(), p[4..], g[..4], g[4..]),
            dimension: 8);

    // ---------------------------------------------------------------- local arrays

    [Fact]
    public void DynamicProgram_matches_finite_differences_and_dual_numbers()
    {
        GradientAssert.MatchesFiniteDifferences(
            p => ControlFlow.DynamicProgram(p[..N], p[N]),
            (p, g) => ControlFlow.DynamicProgramGradient(p[..N], p[N], g[..N], out g[N]),
            dimension: N + 1);

        AssertMatchesDual(
            Uniform(219, N + 1, -1.5, 1.5),
            p =>
            {
                var n = p.Length - 1;
                var a = p[n];
                var row = new Dual[n];
                for (var j = 0; j < n; j++)
                {
                    row[j] = p[j];
                }

                for (var i = 1; i < n; i++)
                {
                    row[0] *= a;
                    for (var j = 1; j < n; j++)
                    {
                        row[j] = (row[j] * a) + (row[j - 1] * p[i]);
                    }
                }

                return row[n - 1];
            },
            (p, g) => ControlFlow.DynamicProgramGradient(p[..N], p[N], g[..N], out g[N]));
    }

    [Fact]
    public void SoftAlignment_matches_finite_differences() =>
        GradientAssert.MatchesFiniteDifferences(
            p => ControlFlow.SoftAlignment(p[..5], DataY, 0.3 + p[5]),
            (p, g) =>
            {
                var value = ControlFlow.SoftAlignmentGradient(p[..5], DataY, 0.3 + p[5], g[..5], out g[5]);
                return value;
            },
            dimension: 6,
            sample: (r, i) => i == 5 ? r.NextDouble() : (r.NextDouble() * 2) - 1);

    [Fact]
    public void RunningMax_matches_finite_differences() =>
        GradientAssert.MatchesFiniteDifferences(
            x => ControlFlow.RunningMax(x),
            (x, g) => ControlFlow.RunningMaxGradient(x, g),
            dimension: 9);

    [Fact]
    public void ElementsInBranches_matches_finite_differences() =>
        GradientAssert.MatchesFiniteDifferences(
            p => ControlFlow.ElementsInBranches(p[..N], p[N]),
            (p, g) => ControlFlow.ElementsInBranchesGradient(p[..N], p[N], g[..N], out g[N]),
            dimension: N + 1,
            sample: (r, _) => AwayFromZero(r) * 0.8);

    [Theory]
    [InlineData(5)]
    [InlineData(8)]
    public void StackMachine_matches_finite_differences(int length) =>
        GradientAssert.MatchesFiniteDifferences(
            x => ControlFlow.StackMachine(x),
            (x, g) => ControlFlow.StackMachineGradient(x, g),
            dimension: length);

    [Fact]
    public void StackMachine_pullback_adds_and_allocates_nothing()
    {
        var x = Uniform(222, 40, -1, 1);
        GradientAssert.PullbackAdds(x, (p, g) => ControlFlow.StackMachineGradient(p, g), (p, seed, g) => ControlFlow.StackMachinePullback(p, seed, g));
        var g = new double[x.Length];
        for (var i = 0; i < 3; i++)
        {
            ControlFlow.StackMachineGradient(x, g);
        }

        var before = GC.GetAllocatedBytesForCurrentThread();
        for (var i = 0; i < 10; i++)
        {
            ControlFlow.StackMachineGradient(x, g);
        }

        Assert.Equal(0, GC.GetAllocatedBytesForCurrentThread() - before);
    }

    // ---------------------------------------------------------------- ints and parameters reassigned

    [Theory]
    [InlineData(3)]
    [InlineData(10)]
    [InlineData(20)]
    public void Hop_matches_finite_differences(int steps) =>
        GradientAssert.MatchesFiniteDifferences(
            x => ControlFlow.Hop(x, steps),
            (x, g) => ControlFlow.HopGradient(x, steps, g),
            dimension: 7,
            sample: (r, _) => (r.NextDouble() * 2) - 1);

    [Fact]
    public void ParameterHalving_matches_finite_differences() =>
        GradientAssert.MatchesFiniteDifferences(
            p => ControlFlow.ParameterHalving(p[0], p[1], 6),
            (p, g) => ControlFlow.ParameterHalvingGradient(p[0], p[1], 6, out g[0], out g[1]),
            dimension: 2);

    [Theory]
    [InlineData(0.9, -0.4, 0)]
    [InlineData(1.7, 0.3, 5)]
    [InlineData(-2.2, 1.1, 9)]
    public void ParameterHalving_dual_numbers_and_pullback(double x, double y, int n)
    {
        var byX = Halving(Dual.Variable(x), y, n);
        var byY = Halving(x, Dual.Variable(y), n);
        GradientAssert.Close(byX.V, ControlFlow.ParameterHalvingGradient(x, y, n, out var dX, out var dY));
        GradientAssert.Close(byX.D, dX, 1e-11);
        GradientAssert.Close(byY.D, dY, 1e-11);

        double accX = 1, accY = 1;
        ControlFlow.ParameterHalvingPullback(x, y, n, Seed, ref accX, ref accY);
        GradientAssert.Close(1 + (Seed * byX.D), accX, 1e-10);
        GradientAssert.Close(1 + (Seed * byY.D), accY, 1e-10);

        static Dual Halving(Dual x, Dual y, int n)
        {
            Dual s = 0;
            for (var i = 0; i < n; i++)
            {
                s += Dual.Sin(x) * y;
                x *= 0.5;
                y += x * x;
            }

            return s + (x * y);
        }
    }

    [Theory]
    [InlineData(2.0)]
    [InlineData(1e6)]
    public void ParameterIntoHelper_matches_finite_differences(double limit) =>
        GradientAssert.MatchesFiniteDifferences(
            p => ControlFlow.ParameterIntoHelper(p[0], p[1..], limit),
            (p, g) => ControlFlow.ParameterIntoHelperGradient(p[0], p[1..], limit, out g[0], g[1..]),
            dimension: N + 1);

    // ---------------------------------------------------------------- misc

    [Theory]
    [InlineData(0)]
    [InlineData(2)]
    public void RecursiveSum_matches_finite_differences(int start) =>
        GradientAssert.MatchesFiniteDifferences(
            x => ControlFlow.RecursiveSum(x, start),
            (x, g) => ControlFlow.RecursiveSumGradient(x, start, g),
            dimension: N);

    [Fact]
    public void ForeachLocal_matches_finite_differences() =>
        GradientAssert.MatchesFiniteDifferences(
            p => ControlFlow.ForeachLocal(p[..8], p[8]),
            (p, g) => ControlFlow.ForeachLocalGradient(p[..8], p[8], g[..8], out g[8]),
            dimension: 9,
            sample: (r, i) => i == 8 ? 0.5 + r.NextDouble() : AwayFromZero(r));

    [Fact]
    public void TernaryInLoop_matches_finite_differences() =>
        GradientAssert.MatchesFiniteDifferences(
            p => ControlFlow.TernaryInLoop(p[..N], p[N]),
            (p, g) => ControlFlow.TernaryInLoopGradient(p[..N], p[N], g[..N], out g[N]),
            dimension: N + 1,
            sample: (r, _) => AwayFromZero(r));

    [Fact]
    public void SpringChain_instance_helper_in_a_loop()
    {
        var chain = new SpringChain(3.5);
        GradientAssert.MatchesFiniteDifferences(
            x => chain.Energy(x),
            (x, g) => chain.EnergyGradient(x, g),
            dimension: N);

        // E = Σᵢ₌₁ (1 + 0.1i)·½k(xᵢ − xᵢ₋₁ − 1)² + ½k(x₀ − 1)²
        var x = Uniform(220, N, 0, 5);
        var expected = new double[N];
        expected[0] = 3.5 * (x[0] - 1);
        for (var i = 1; i < N; i++)
        {
            var force = (1 + (0.1 * i)) * 3.5 * (x[i] - x[i - 1] - 1);
            expected[i] += force;
            expected[i - 1] -= force;
        }

        var dX = new double[N];
        chain.EnergyGradient(x, dX);
        for (var i = 0; i < N; i++)
        {
            GradientAssert.Close(expected[i], dX[i], 1e-11);
        }

        GradientAssert.PullbackAdds(x, (p, g) => chain.EnergyGradient(p, g), (p, seed, g) => chain.EnergyPullback(p, seed, g));
    }

    [Fact]
    public void Pullbacks_add_seed_times_gradient()
    {
        var x = Uniform(221, N, -1, 1);
        GradientAssert.PullbackAdds(x, (p, g) => ControlFlow.SwitchInLoopGradient(p, 0.5, g), (p, seed, g) => ControlFlow.SwitchInLoopPullback(p, 0.5, seed, g));
        GradientAssert.PullbackAdds(x, (p, g) => ControlFlow.EarlyReturnNestedGradient(p, 2, 1.0, g), (p, seed, g) => ControlFlow.EarlyReturnNestedPullback(p, 2, 1.0, seed, g));
        GradientAssert.PullbackAdds(x, (p, g) => ControlFlow.RowDistancesGradient(p, Rows, M, g), (p, seed, g) => ControlFlow.RowDistancesPullback(p, Rows, M, seed, g));
        GradientAssert.PullbackAdds(x, (p, g) => ControlFlow.HopGradient(p, 9, g), (p, seed, g) => ControlFlow.HopPullback(p, 9, seed, g));
    }

    /// <summary>Gradient overwrites its spans: a buffer full of NaN gives the same result as a zeroed one.</summary>
    [Fact]
    public void Gradient_spans_are_overwritten_not_accumulated()
    {
        var x = new[] { 0.8, -0.5, 1.1, 0.9, -0.3, 0.7 };
        var failures = new List<string>();
        Check(nameof(ControlFlow.DotWithData), (p, g) => ControlFlow.DotWithDataGradient(p, DataX, DataY, g));
        Check(nameof(ControlFlow.RowDistances), (p, g) => ControlFlow.RowDistancesGradient(p, Rows, M, g));
        Check(nameof(ControlFlow.SwitchInLoop), (p, g) => ControlFlow.SwitchInLoopGradient(p, 0.5, g));
        Check(nameof(ControlFlow.EarlyReturnNested), (p, g) => ControlFlow.EarlyReturnNestedGradient(p, 3, 0.3, g));
        Check(nameof(ControlFlow.RecursiveSum), (p, g) => ControlFlow.RecursiveSumGradient(p, 0, g));
        Check(nameof(ControlFlow.Hop), (p, g) => ControlFlow.HopGradient(p, 7, g));
        Assert.True(failures.Count == 0, string.Join(Environment.NewLine, failures));

        void Check(string model, SpanGradient gradient)
        {
            var clean = new double[x.Length];
            var dirty = new double[x.Length];
            Array.Fill(dirty, double.NaN);
            gradient(x, clean);
            gradient(x, dirty);
            for (var i = 0; i < x.Length; i++)
            {
                if (!clean[i].Equals(dirty[i]))
                {
                    failures.Add($"{model}: element {i} is {dirty[i]:R} from a NaN-filled buffer, {clean[i]:R} from a zeroed one");
                }
            }
        }
    }

    // ---------------------------------------------------------------- allocation

    /// <summary>
    /// Warmed up, gradients of models that allocate nothing themselves allocate nothing (tapes and scratch spans
    /// rent from the pool). Sizes large enough to overflow the stack buffers of the tapes.
    /// </summary>
    [Fact]
    public void WarmedUpGradientsAllocateNothing()
    {
        const int Large = 120;
        var x = Uniform(230, Large, -1, 1);
        var away = Array.ConvertAll(x, v => v < 0 ? v - 0.2 : v + 0.2);
        var y = Uniform(231, Large, -1, 1);
        var data = Uniform(232, Large, -1, 1);
        var rows = Uniform(233, 30 * Large, -1, 1);
        var xf = Array.ConvertAll(Uniform(234, Large, -1, 1), v => (float)v);
        var g = new double[Large];
        var g2 = new double[Large];
        var gf = new float[Large];
        var chain = new SpringChain(2.0);
        double sink = 0;
        var failures = new List<string>();

        Measure(nameof(ControlFlow.DotTwoActive), () => sink += ControlFlow.DotTwoActiveGradient(x, y, g, g2));
        Measure(nameof(ControlFlow.DotWithData), () => sink += ControlFlow.DotWithDataGradient(x, data, y, g));
        Measure(nameof(ControlFlow.DotStackalloc), () => sink += ControlFlow.DotStackallocGradient(x, 0.5, g, out _));
        Measure(nameof(ControlFlow.RowDistancesStack), () => sink += ControlFlow.RowDistancesStackGradient(x, rows, 30, g));
        Measure(nameof(ControlFlow.SoftplusChain), () => sink += ControlFlow.SoftplusChainGradient(0.3, x, out _, g));
        Measure(nameof(ControlFlow.NonlinearOverwrite), () => sink += ControlFlow.NonlinearOverwriteGradient(0.3, x, out _, g));
        Measure(nameof(ControlFlow.LocalReassigned), () => sink += ControlFlow.LocalReassignedGradient(x, 0.7, g, out _));
        Measure(nameof(ControlFlow.Triangular), () => sink += ControlFlow.TriangularGradient(x.AsSpan(0, 40), g.AsSpan(0, 40)));
        Measure(nameof(ControlFlow.NewtonSqrt), () => sink += ControlFlow.NewtonSqrtGradient(1e5, 1e-12, out _));
        Measure(nameof(ControlFlow.NewtonSqrtReturn), () => sink += ControlFlow.NewtonSqrtReturnGradient(1e5, out _));
        Measure(nameof(ControlFlow.IfLoopIf), () => sink += ControlFlow.IfLoopIfGradient(0.7, away, out _, g));
        Measure(nameof(ControlFlow.ContinueInnerBreakOuter), () => sink += ControlFlow.ContinueInnerBreakOuterGradient(away, 6, 1e9, g));
        Measure(nameof(ControlFlow.DoWithContinue), () => sink += ControlFlow.DoWithContinueGradient(0.4, 200, out _));
        Measure(nameof(ControlFlow.EarlyReturnNested), () => sink += ControlFlow.EarlyReturnNestedGradient(x, 6, 1e9, g));
        Measure(nameof(ControlFlow.SwitchInLoop), () => sink += ControlFlow.SwitchInLoopGradient(x, 1e9, g));
        Measure(nameof(ControlFlow.SwitchReturnContinue), () => sink += ControlFlow.SwitchReturnContinueGradient(x, 1000, g));
        Measure(nameof(ControlFlow.FloatLoop), () => sink += ControlFlow.FloatLoopGradient(xf, 0.5f, gf, out _));
        Measure(nameof(ControlFlow.SoftAlignment), () => sink += ControlFlow.SoftAlignmentGradient(x.AsSpan(0, 30), y.AsSpan(0, 30), 0.5, g.AsSpan(0, 30), out _));
        Measure(nameof(ControlFlow.RunningMax), () => sink += ControlFlow.RunningMaxGradient(x, g));
        Measure(nameof(ControlFlow.ParameterHalving), () => sink += ControlFlow.ParameterHalvingGradient(0.9, 0.4, 200, out _, out _));
        Measure(nameof(ControlFlow.ParameterIntoHelper), () => sink += ControlFlow.ParameterIntoHelperGradient(0.3, x, 1e9, out _, g));
        Measure(nameof(ControlFlow.RecursiveSum), () => sink += ControlFlow.RecursiveSumGradient(x, 0, g));
        Measure(nameof(ControlFlow.ForeachLocal), () => sink += ControlFlow.ForeachLocalGradient(away, 0.8, g, out _));
        Measure(nameof(ControlFlow.TernaryInLoop), () => sink += ControlFlow.TernaryInLoopGradient(away, 0.8, g, out _));
        Measure(nameof(SpringChain.Energy), () => sink += chain.EnergyGradient(x, g));

        Assert.True(failures.Count == 0, string.Join(Environment.NewLine, failures));

        void Measure(string model, Action call)
        {
            sink = 0;
            for (var i = 0; i < 3; i++)
            {
                call();
            }

            if (!double.IsFinite(sink))
            {
                failures.Add($"{model}Gradient returned {sink}");
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

    // ---------------------------------------------------------------- generator bugs (minimal repros)

    [Fact]
    public void StepThenReset_by_hand()
    {
        // f = w₀² + w₃
        var w = new[] { 0.5, -1.0, 2.0, 3.0, 0.25 };
        var dW = new double[5];
        GradientAssert.Close(3.25, ControlFlow.StepThenResetGradient(w, dW));
        Assert.Equal(new[] { 1.0, 0, 0, 1, 0 }, dW);
    }

    [Fact]
    public void RingBuffer_matches_finite_differences() =>
        GradientAssert.MatchesFiniteDifferences(
            x => ControlFlow.RingBuffer(x, 3),
            (x, g) => ControlFlow.RingBufferGradient(x, 3, g),
            dimension: 8);

    [Fact]
    public void ConstantPenaltyInBranch_by_hand()
    {
        // Both elements above 0.5: f = x₀² + x₁², ∂f = 2x.
        var dX = new double[2];
        GradientAssert.Close(1.45, ControlFlow.ConstantPenaltyInBranchGradient(new[] { 0.8, 0.9 }, dX));
        GradientAssert.Close(1.6, dX[0]);
        GradientAssert.Close(1.8, dX[1]);
    }

    [Fact]
    public void ConstantPenaltyInBranch_matches_finite_differences() =>
        GradientAssert.MatchesFiniteDifferences(
            x => ControlFlow.ConstantPenaltyInBranch(x),
            (x, g) => ControlFlow.ConstantPenaltyInBranchGradient(x, g),
            dimension: 8,
            sample: (r, _) => AwayFromZero(r) * (r.Next(2) == 0 ? 1 : 0.5));

    [Fact]
    public void ConstantStepAfterBreak_matches_finite_differences() =>
        GradientAssert.MatchesFiniteDifferences(
            x => ControlFlow.ConstantStepAfterBreak(x, 3.0),
            (x, g) => ControlFlow.ConstantStepAfterBreakGradient(x, 3.0, g),
            dimension: 6,
            points: 10);

    [Fact]
    public void Generated_code_has_no_unused_constant_locals()
    {
        GradientAssert.Close(0.5, ControlFlow.IfElseBothReturnGradient(-0.5, out var d1));
        GradientAssert.Close(-1, d1);
        var dX = new double[3];
        GradientAssert.Close(1.5 * 1.0, ControlFlow.ContinueAtEndOfBodyGradient(new[] { 0.5, -1.0, 1.0 }, dX));
        GradientAssert.Close(2.0, ControlFlow.BiasOnlyInReturnGradient(0.5, out var d3) + 0.75);
        GradientAssert.Close(1.0, d3);
    }

    [Fact]
    public void Reassigned_parameter_with_no_effect_compiles()
    {
        GradientAssert.Close(4, ControlFlow.UnusedReassignedParameterGradient(1, 2, out var dX, out var dY));
        Assert.Equal(0, dX);
        Assert.Equal(4, dY);
    }

    [Fact]
    public void Switch_sections_in_braces_are_supported()
    {
        GradientAssert.Close(0.25, ControlFlow.SwitchSectionBlocksGradient(0.5, 0, out var d0));
        GradientAssert.Close(1.0, d0);
        GradientAssert.Close(Math.Sin(0.5), ControlFlow.SwitchSectionBlocksGradient(0.5, 1, out var d1));
        GradientAssert.Close(Math.Cos(0.5), d1);
    }

    // ---------------------------------------------------------------- helpers

    /// <summary>The generated gradient against forward-mode dual numbers, one seed direction per coordinate.</summary>
    private static void AssertMatchesDual(double[] point, Func<Dual[], Dual> model, GradientFunction gradient)
    {
        var analytic = new double[point.Length];
        var value = gradient(point, analytic);
        var duals = new Dual[point.Length];
        for (var k = 0; k < point.Length; k++)
        {
            for (var i = 0; i < point.Length; i++)
            {
                duals[i] = new Dual(point[i], i == k ? 1 : 0);
            }

            var result = model(duals);
            GradientAssert.Close(result.V, value, 1e-12);
            Assert.True(
                Math.Abs(result.D - analytic[k]) <= 1e-10 * Math.Max(1, Math.Abs(result.D)),
                $"∂f/∂x[{k}]: generated {analytic[k]:R}, dual numbers {result.D:R}");
        }
    }

    private static double AwayFromZero(Random r) => (r.Next(2) == 0 ? -1 : 1) * (0.2 + (1.3 * r.NextDouble()));

    private static double Dot(double[] a, double[] b)
    {
        double s = 0;
        for (var i = 0; i < a.Length; i++)
        {
            s += a[i] * b[i];
        }

        return s;
    }

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

    /// <summary>Forward-mode dual numbers: value and derivative along one direction.</summary>
    private readonly record struct Dual(double V, double D)
    {
        public static Dual Variable(double v) => new(v, 1);

        public static implicit operator Dual(double c) => new(c, 0);

        public static Dual operator +(Dual a, Dual b) => new(a.V + b.V, a.D + b.D);

        public static Dual operator -(Dual a, Dual b) => new(a.V - b.V, a.D - b.D);

        public static Dual operator -(Dual a) => new(-a.V, -a.D);

        public static Dual operator *(Dual a, Dual b) => new(a.V * b.V, (a.D * b.V) + (a.V * b.D));

        public static Dual operator /(Dual a, Dual b) => new(a.V / b.V, ((a.D * b.V) - (a.V * b.D)) / (b.V * b.V));

        public static Dual Sin(Dual a) => new(Math.Sin(a.V), Math.Cos(a.V) * a.D);

        public static Dual Cos(Dual a) => new(Math.Cos(a.V), -Math.Sin(a.V) * a.D);

        public static Dual Exp(Dual a) => new(Math.Exp(a.V), Math.Exp(a.V) * a.D);

        public static Dual Log(Dual a) => new(Math.Log(a.V), a.D / a.V);
    }
}
