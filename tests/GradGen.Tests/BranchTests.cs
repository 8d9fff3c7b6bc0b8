using System;
using GradGen.Tests.Models;

namespace GradGen.Tests;

/// <summary>Calls inside '?:', '&amp;&amp;' and '||' run only on the path that takes them, in both sweeps.</summary>
public class BranchTests
{
    private delegate double Grad2(double a, double b, out double dA, out double dB);

    private static void Check2(Func<double, double, double> f, Grad2 g, Func<Random, int, double>? sample = null) =>
        GradientAssert.MatchesFiniteDifferences(x => f(x[0], x[1]), (x, d) => g(x[0], x[1], out d[0], out d[1]), 2, sample, points: 12);

    [Fact]
    public void Log_sigmoid_calls_Log1pExp_on_the_branch_taken()
    {
        GradientAssert.MatchesFiniteDifferences(x => Branches.LogSigmoid(x[0]), (x, d) => Branches.LogSigmoidGradient(x[0], out d[0]), 1, (r, _) => r.NextDouble() * 60 - 30, points: 20);

        // Far out, the other branch would overflow e^x: the one taken keeps the exact value and slope σ(-x).
        Assert.Equal(-800.0, Branches.LogSigmoidGradient(-800, out var slope));
        Assert.Equal(1.0, slope);
        Assert.Equal(0.0, Branches.LogSigmoidGradient(800, out slope));
        Assert.Equal(0.0, slope);
    }

    [Fact]
    public void Recursion_through_a_conditional_ends()
    {
        foreach (var n in new[] { 0, 1, 2, 5 })
        {
            GradientAssert.MatchesFiniteDifferences(x => Branches.Pow(x[0], n), (x, d) => Branches.PowGradient(x[0], n, out d[0]), 1);
            Assert.Equal(Math.Pow(1.5, n), Branches.PowGradient(1.5, n, out var d), 1e-12);
            GradientAssert.Close(n * Math.Pow(1.5, n - 1), d);
        }
    }

    [Fact]
    public void And_with_a_differentiable_call_in_an_if_condition()
    {
        foreach (var flag in new[] { true, false })
        {
            Check2((x, y) => Branches.Clipped(x, y, flag), (double x, double y, out double dX, out double dY) => Branches.ClippedGradient(x, y, flag, out dX, out dY));
        }
    }

    [Fact]
    public void Or_and_nested_conditionals_with_calls() => Check2(Branches.EitherSide, Branches.EitherSideGradient);

    [Fact]
    public void Calls_in_branches_inside_a_loop_and_a_throw_branch()
    {
        foreach (var n in new[] { 0, 1, 4, 10 })
        {
            Check2((x, y) => Branches.InLoop(x, y, n), (double x, double y, out double dX, out double dY) => Branches.InLoopGradient(x, y, n, out dX, out dY));
        }

        Assert.Throws<InvalidOperationException>(() => Branches.InLoopGradient(0.5, 0.5, 11, out _, out _));
    }

    [Fact]
    public void Math_calls_run_only_in_the_branch_taken()
    {
        Check2(Branches.MathBranches, Branches.MathBranchesGradient);

        // x ≤ 0 and y < 0: Math.Log(x) and Math.Sqrt(y) would be NaN, and a NaN adjoint would poison the gradient.
        var value = Branches.MathBranchesGradient(-0.5, -2, out var dX, out var dY);
        Assert.Equal(Math.Exp(-0.5), value, 1e-15);
        Assert.Equal(Math.Exp(-0.5), dX, 1e-15);
        Assert.Equal(0.0, dY);
    }

    [Fact]
    public void LINQ_guards_and_patterns_inside_branches()
    {
        var maybe = new double[3];
        GradientAssert.MatchesFiniteDifferences(
            p => Branches.LoweredInBranches(p[..4].ToArray(), p[4], maybe),
            (p, d) => Branches.LoweredInBranchesGradient(p[..4].ToArray(), p[4], maybe, d[..4], out d[4]),
            5,
            points: 12);

        // The guard runs only on its branch: x ≥ 1 passes a null array, x < 1 throws.
        Assert.Equal(Branches.LoweredInBranches(new[] { 1.0, 2.0 }, 1.5, null), Branches.LoweredInBranchesGradient(new[] { 1.0, 2.0 }, 1.5, null, new double[2], out _));
        Assert.Throws<ArgumentNullException>(() => Branches.LoweredInBranchesGradient(new[] { 1.0, 2.0 }, 0.5, null, new double[2], out _));
    }

    [Fact]
    public void Calls_in_switch_expression_arms()
    {
        foreach (var n in new[] { 0, 1, 2, 5 })
        {
            Check2((x, y) => Branches.SwitchArms(x, y, n), (double x, double y, out double dX, out double dY) => Branches.SwitchArmsGradient(x, y, n, out dX, out dY));
        }

        Assert.Throws<ArgumentOutOfRangeException>(() => Branches.SwitchArmsGradient(0.5, 0.5, 9, out _, out _));
        GradientAssert.PullbackAdds(
            new[] { 0.3, -0.8 },
            (x, d) => Branches.SwitchArmsGradient(x[0], x[1], 2, out d[0], out d[1]),
            (x, seed, d) => Branches.SwitchArmsPullback(x[0], x[1], 2, seed, ref d[0], ref d[1]));
    }

    [Fact]
    public void Forward_mode_through_calls_in_branches_and_a_call_overwriting_its_argument()
    {
        var random = new Random(7);
        for (var k = 0; k < 10; k++)
        {
            double x = random.NextDouble() * 4 - 2, y = random.NextDouble() * 4 - 2, dx = random.NextDouble() - 0.5, dy = random.NextDouble() - 0.5;
            var value = Branches.OverwritesItsArgumentGradient(x, y, out var gx, out var gy);
            Assert.Equal(value, Branches.OverwritesItsArgumentPushforward(x, y, dx, dy, out var tangent));
            GradientAssert.Close(gx * dx + gy * dy, tangent, 1e-12);
        }

        Check2(Branches.OverwritesItsArgument, Branches.OverwritesItsArgumentGradient);
    }

    [Fact]
    public void Float_branches() =>
        GradientAssert.MatchesFiniteDifferencesF(x => Branches.BranchesF(x[0], x[1]), (x, d) => Branches.BranchesFGradient(x[0], x[1], out d[0], out d[1]), 2);

    [Fact]
    public void Pullback_adds_seed_times_the_gradient()
    {
        GradientAssert.PullbackAdds(
            new[] { 0.6, -0.3 },
            (x, d) => Branches.EitherSideGradient(x[0], x[1], out d[0], out d[1]),
            (x, seed, d) => Branches.EitherSidePullback(x[0], x[1], seed, ref d[0], ref d[1]));
        GradientAssert.PullbackAdds(
            new[] { 1.3, 0.4 },
            (x, d) => Branches.InLoopGradient(x[0], x[1], 5, out d[0], out d[1]),
            (x, seed, d) => Branches.InLoopPullback(x[0], x[1], 5, seed, ref d[0], ref d[1]));
        GradientAssert.PullbackAdds(
            new[] { -1.7 },
            (x, d) => Branches.LogSigmoidGradient(x[0], out d[0]),
            (x, seed, d) => Branches.LogSigmoidPullback(x[0], seed, ref d[0]));
    }
}
