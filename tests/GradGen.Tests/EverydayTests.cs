using System;
using GradGen.Tests.Models;

namespace GradGen.Tests;

/// <summary>The models of <see cref="Everyday"/>: gradients against finite differences, pullbacks, and the exceptions.</summary>
public class EverydayTests
{
    private delegate double Grad2(double a, double b, out double dA, out double dB);

    private static GradientFunction Gradient2(Grad2 gradient) => (p, g) =>
    {
        var value = gradient(p[0], p[1], out var dA, out var dB);
        g[0] = dA;
        g[1] = dB;
        return value;
    };

    [Fact]
    public void Guarded_matches_finite_differences()
    {
        GradientAssert.MatchesFiniteDifferences(
            p => Everyday.Guarded(p[..^1].ToArray(), p[^1]),
            (p, g) =>
            {
                var dW = new double[p.Length - 1];
                var value = Everyday.GuardedGradient(p[..^1].ToArray(), p[^1], dW, out var dX);
                dW.CopyTo(g);
                g[^1] = dX;
                return value;
            },
            dimension: 4,
            sample: (random, _) => random.NextDouble() * 3);

        var point = new[] { 0.5, -1.5, 2.0, 0.75 };
        GradientAssert.PullbackAdds(
            point,
            (p, g) =>
            {
                var dW = new double[p.Length - 1];
                var value = Everyday.GuardedGradient(p[..^1].ToArray(), p[^1], dW, out var dX);
                dW.CopyTo(g);
                g[^1] = dX;
                return value;
            },
            (p, seed, g) =>
            {
                var dX = g[^1];
                Everyday.GuardedPullback(p[..^1].ToArray(), p[^1], seed, g[..^1], ref dX);
                g[^1] = dX;
            });
    }

    [Fact]
    public void Guarded_gradient_and_pullback_throw_what_the_method_throws()
    {
        double dX = 0;
        var empty = Array.Empty<double>();
        AssertSame<ArgumentException>(() => Everyday.Guarded(empty, 1), () => Everyday.GuardedGradient(empty, 1, empty, out _), () => Everyday.GuardedPullback(empty, 1, 1, empty, ref dX));

        var w = new[] { 1.0, 2.0 };
        var dW = new double[2];
        AssertSame<ArgumentOutOfRangeException>(() => Everyday.Guarded(w, -1), () => Everyday.GuardedGradient(w, -1, dW, out _), () => Everyday.GuardedPullback(w, -1, 1, dW, ref dX));

        // The third element throws, after two iterations have run; the pullback must add nothing before it throws.
        var big = new[] { 1.0, 2.0, 500.0, 3.0 };
        var dBig = new double[4];
        var message = AssertSame<InvalidOperationException>(() => Everyday.Guarded(big, 1), () => Everyday.GuardedGradient(big, 1, dBig, out _), () => Everyday.GuardedPullback(big, 1, 1, dBig, ref dX));
        Assert.Equal("w[2] = " + 500.0.ToString("F2") + " is too large", message);
        Assert.All(dBig, d => Assert.Equal(0.0, d)); // the reverse sweep of the iterations before the throw never ran
    }

    [Fact]
    public void BclGuarded_matches_finite_differences_and_throws_what_the_method_throws()
    {
        var x = new[] { 0.5, -1.5, 2.0 };
        GradientAssert.MatchesFiniteDifferences(p => Everyday.BclGuarded(p.ToArray(), x), (p, g) => Everyday.BclGuardedGradient(p.ToArray(), x, g), dimension: 4);
        GradientAssert.PullbackAdds(new[] { 0.5, 1.5, -0.2 }, (p, g) => Everyday.BclGuardedGradient(p.ToArray(), x, g), (p, seed, g) => Everyday.BclGuardedPullback(p.ToArray(), x, seed, g));

        var dW = new double[3];
        var none = Array.Empty<double>(); // a null array's gradient is empty (README's contract)
        AssertSame<ArgumentNullException>(() => Everyday.BclGuarded(null!, x), () => Everyday.BclGuardedGradient(null!, x, none), () => Everyday.BclGuardedPullback(null!, x, 1, none));
        AssertSame<ArgumentNullException>(() => Everyday.BclGuarded(x, null!), () => Everyday.BclGuardedGradient(x, null!, dW), () => Everyday.BclGuardedPullback(x, null!, 1, dW));
        AssertSame<ObjectDisposedException>(() => Everyday.BclGuarded(x, x), () => Everyday.BclGuardedGradient(x, x, dW), () => Everyday.BclGuardedPullback(x, x, 1, dW));
    }

    [Fact]
    public void InvariantAfterThrow_throws_what_the_method_throws()
    {
        var c = new[] { 1.5 };
        GradientAssert.MatchesFiniteDifferences(p => Everyday.InvariantAfterThrow(p.ToArray(), c, 0), (p, g) => Everyday.InvariantAfterThrowGradient(p.ToArray(), c, 0, g), dimension: 3, sample: (random, _) => 0.5 + random.NextDouble());
        GradientAssert.PullbackAdds(new[] { 0.5, 1.5 }, (p, g) => Everyday.InvariantAfterThrowGradient(p.ToArray(), c, 0, g), (p, seed, g) => Everyday.InvariantAfterThrowPullback(p.ToArray(), c, 0, seed, g));

        var w = new[] { -1.0, 2.0 };
        var dW = new double[2];
        AssertSame<ArgumentOutOfRangeException>(() => Everyday.InvariantAfterThrow(w, c, 5), () => Everyday.InvariantAfterThrowGradient(w, c, 5, dW), () => Everyday.InvariantAfterThrowPullback(w, c, 5, 1, dW));
    }

    [Fact]
    public void SumThenGuard_matches_finite_differences_and_throws_in_order()
    {
        GradientAssert.MatchesFiniteDifferences(
            p => Everyday.SumThenGuard(p[..^1].ToArray(), p[^1]),
            (p, g) =>
            {
                var dW = new double[p.Length - 1];
                var value = Everyday.SumThenGuardGradient(p[..^1].ToArray(), p[^1], dW, out var dX);
                dW.CopyTo(g);
                g[^1] = dX;
                return value;
            },
            dimension: 3,
            sample: (random, _) => 0.2 + random.NextDouble());
        double dX = 0;
        var none = Array.Empty<double>();
        AssertSame<NullReferenceException>(() => Everyday.SumThenGuard(null!, -1), () => Everyday.SumThenGuardGradient(null!, -1, none, out _), () => Everyday.SumThenGuardPullback(null!, -1, 1, none, ref dX));
    }

    [Fact]
    public void GuardedHorner_matches_finite_differences_and_throws_ArgumentNullException()
    {
        GradientAssert.MatchesFiniteDifferences(
            p => Everyday.GuardedHorner(p[..^1].ToArray(), p[^1]),
            (p, g) =>
            {
                var dC = new double[p.Length - 1];
                var value = Everyday.GuardedHornerGradient(p[..^1].ToArray(), p[^1], dC, out var dX);
                dC.CopyTo(g);
                g[^1] = dX;
                return value;
            },
            dimension: 5);
        double dX = 0;
        var none = Array.Empty<double>();
        AssertSame<ArgumentNullException>(() => Everyday.GuardedHorner(null!, 1), () => Everyday.GuardedHornerGradient(null!, 1, none, out _), () => Everyday.GuardedHornerPullback(null!, 1, 1, none, ref dX));
    }

    [Fact]
    public void LogOrThrow_matches_finite_differences_and_throws_in_the_loop()
    {
        GradientAssert.MatchesFiniteDifferences(
            p => Everyday.LogOrThrow(p.ToArray()),
            (p, g) =>
            {
                var dW = new double[p.Length];
                var value = Everyday.LogOrThrowGradient(p.ToArray(), dW);
                dW.CopyTo(g);
                return value;
            },
            dimension: 3,
            sample: (random, _) => 0.2 + random.NextDouble() * 3);
        GradientAssert.PullbackAdds(
            new[] { 0.5, 1.5, 2.5 },
            (p, g) => Everyday.LogOrThrowGradient(p.ToArray(), g),
            (p, seed, g) => Everyday.LogOrThrowPullback(p.ToArray(), seed, g));

        var w = new[] { 1.0, 2.0, -1.0, 3.0 };
        var dW = new double[4];
        var message = AssertSame<ArgumentOutOfRangeException>(() => Everyday.LogOrThrow(w), () => Everyday.LogOrThrowGradient(w, dW), () => Everyday.LogOrThrowPullback(w, 1, dW));
        Assert.StartsWith("w[2] must be positive", message);
    }

    [Fact]
    public void ThrowFirst_matches_finite_differences_and_throws()
    {
        GradientAssert.MatchesFiniteDifferences(p => Everyday.ThrowFirst(p[0], p[1]), Gradient2(Everyday.ThrowFirstGradient), dimension: 2, sample: (random, _) => 0.3 + random.NextDouble() * 2);
        GradientAssert.PullbackAdds(new[] { 0.7, 1.3 }, Gradient2(Everyday.ThrowFirstGradient), (p, seed, g) =>
        {
            double dX = g[0], dY = g[1];
            Everyday.ThrowFirstPullback(p[0], p[1], seed, ref dX, ref dY);
            g[0] = dX;
            g[1] = dY;
        });
        double a = 0, b = 0;
        AssertSame<ArgumentOutOfRangeException>(() => Everyday.ThrowFirst(-1, 1), () => Everyday.ThrowFirstGradient(-1, 1, out _, out _), () => Everyday.ThrowFirstPullback(-1, 1, 1, ref a, ref b));
    }

    [Fact]
    public void NullGuards_match_finite_differences_and_throw_ArgumentNullException()
    {
        var v = new[] { 0.5, -1.0, 2.0 };
        GradientAssert.MatchesFiniteDifferences(
            p => Everyday.NullGuards(p[..3].ToArray(), p[3..].ToArray()),
            (p, g) =>
            {
                var dW = new double[3];
                var dV = new double[3];
                var value = Everyday.NullGuardsGradient(p[..3].ToArray(), p[3..].ToArray(), dW, dV);
                dW.CopyTo(g[..3]);
                dV.CopyTo(g[3..]);
                return value;
            },
            dimension: 6);
        GradientAssert.PullbackAdds(
            new[] { 0.5, -1.0, 2.0, 0.25, 1.5, -0.75 },
            (p, g) => Everyday.NullGuardsGradient(p[..3].ToArray(), p[3..].ToArray(), g[..3], g[3..]),
            (p, seed, g) => Everyday.NullGuardsPullback(p[..3].ToArray(), p[3..].ToArray(), seed, g[..3], g[3..]));

        // A null array counts as empty in the gradient's length check, so the method's own guard throws.
        var d = new double[3];
        var none = Array.Empty<double>();
        var name = AssertSame<ArgumentNullException>(() => Everyday.NullGuards(null!, v), () => Everyday.NullGuardsGradient(null!, v, none, d), () => Everyday.NullGuardsPullback(null!, v, 1, none, d), e => e.ParamName!);
        Assert.Equal("w", name);
        name = AssertSame<ArgumentNullException>(() => Everyday.NullGuards(v, null!), () => Everyday.NullGuardsGradient(v, null!, d, none), () => Everyday.NullGuardsPullback(v, null!, 1, d, none), e => e.ParamName!);
        Assert.Equal("v", name);
    }

    [Fact]
    public void Mode_matches_finite_differences_and_throws_in_the_default()
    {
        for (var mode = 0; mode < 2; mode++)
        {
            var m = mode;
            GradientAssert.MatchesFiniteDifferences(p => Everyday.Mode(p[0], m), (p, g) => Everyday.ModeGradient(p[0], m, out g[0]), dimension: 1);
            GradientAssert.PullbackAdds(new[] { 0.7 }, (p, g) => Everyday.ModeGradient(p[0], m, out g[0]), (p, seed, g) => Everyday.ModePullback(p[0], m, seed, ref g[0]));
        }

        double dX = 0;
        AssertSame<ArgumentOutOfRangeException>(() => Everyday.Mode(1, 2), () => Everyday.ModeGradient(1, 2, out _), () => Everyday.ModePullback(1, 2, 1, ref dX));
    }

    [Fact]
    public void Logged_matches_finite_differences_and_logs_in_the_forward_sweep()
    {
        GradientAssert.MatchesFiniteDifferences(p => Everyday.Logged(p[0], p[1]), Gradient2(Everyday.LoggedGradient), dimension: 2);
        GradientAssert.PullbackAdds(new[] { 0.7, -1.3 }, Gradient2(Everyday.LoggedGradient), (p, seed, g) =>
        {
            double dX = g[0], dY = g[1];
            Everyday.LoggedPullback(p[0], p[1], seed, ref dX, ref dY);
            g[0] = dX;
            g[1] = dY;
        });

        Everyday.Logged(0.5, -1.25);
        var expected = Everyday.LastLog;
        Everyday.LoggedGradient(0.5, -1.25, out _, out _);
        Assert.Equal(expected, Everyday.LastLog);
        Assert.StartsWith("|     " + 0.5.ToString("F3") + "|-1.25   |{braces}\t\"quoted\" -> ", expected.Replace(System.Globalization.CultureInfo.CurrentCulture.NumberFormat.NegativeSign, "-"));
    }

    [Fact]
    public void A_conditional_call_and_its_arguments_run_only_where_the_compiler_keeps_them()
    {
        GradientAssert.MatchesFiniteDifferences(p => Everyday.Traced(p[0]), (p, g) => Everyday.TracedGradient(p[0], out g[0]), dimension: 1,
            sample: (random, _) => 0.5 + random.NextDouble() * 10);
        GradientAssert.PullbackAdds(new[] { 3.0 }, (p, g) => Everyday.TracedGradient(p[0], out g[0]), (p, seed, g) => Everyday.TracedPullback(p[0], seed, ref g[0]));

        // Above 2, Bounded throws: only the removed Trace calls it with x itself.
        Assert.Equal(9.0, Everyday.Traced(3));
        Assert.Equal(9.0, Everyday.TracedGradient(3, out var dX));
        Assert.Equal(6.0, dX);
#if DEBUG
        Assert.Throws<ArgumentOutOfRangeException>(() => Everyday.TracedGradient(30, out _));
#endif
    }

    /// <summary>The method, its Gradient and its Pullback all throw <typeparamref name="T"/> with the same message; returns it.</summary>
    private static string AssertSame<T>(Action method, Action gradient, Action pullback, Func<T, string>? what = null)
        where T : Exception
    {
        what ??= e => e.Message;
        var expected = what(Assert.Throws<T>(method));
        Assert.Equal(expected, what(Assert.Throws<T>(gradient)));
        Assert.Equal(expected, what(Assert.Throws<T>(pullback)));
        return expected;
    }
}
