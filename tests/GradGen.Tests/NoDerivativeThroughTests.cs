using System;
using GradGen.Tests.Models;

namespace GradGen.Tests;

/// <summary>Callers that pass active values to [NoDerivative] parameters, against finite differences.</summary>
public class NoDerivativeThroughTests
{
    [Fact]
    public void A_scalar_NoDerivative_parameter_given_an_active_value()
    {
        GradientAssert.MatchesFiniteDifferences(
            x => NoDerivativeThrough.Caller(x[0], x[1]),
            (x, d) =>
            {
                var v = NoDerivativeThrough.CallerGradient(x[0], x[1], out var dX, out var dY);
                (d[0], d[1]) = (dX, dY);
                return v;
            },
            dimension: 2);
        GradientAssert.PullbackAdds(
            new[] { 0.7, -1.1 },
            (x, d) => NoDerivativeThrough.CallerGradient(x[0], x[1], out d[0], out d[1]),
            (x, seed, d) => NoDerivativeThrough.CallerPullback(x[0], x[1], seed, ref d[0], ref d[1]));
    }

    [Fact]
    public void The_callee_public_gradient_still_omits_the_parameter()
    {
        var value = NoDerivativeThrough.ScaleGradient(1.5, 0.3, out var dV);
        GradientAssert.Close(NoDerivativeThrough.Scale(1.5, 0.3), value);
        GradientAssert.Close(Math.Sin(0.3), dV);
    }

    [Fact]
    public void An_array_NoDerivative_parameter_given_an_active_array()
    {
        const int n = 4;
        GradientAssert.MatchesFiniteDifferences(
            x => NoDerivativeThrough.ArrayCaller(x[..n].ToArray(), x[n..].ToArray()),
            (x, d) =>
            {
                var dW = new double[n];
                var dV = new double[n];
                var v = NoDerivativeThrough.ArrayCallerGradient(x[..n].ToArray(), x[n..].ToArray(), dW, dV);
                dW.CopyTo(d);
                dV.CopyTo(d[n..]);
                return v;
            },
            dimension: 2 * n);
        GradientAssert.PullbackAdds(
            new[] { 0.3, -0.2, 1.1, 0.9, -0.4, 0.5, 0.8, -1.3 },
            (x, d) =>
            {
                var dW = new double[n];
                var dV = new double[n];
                var v = NoDerivativeThrough.ArrayCallerGradient(x[..n].ToArray(), x[n..].ToArray(), dW, dV);
                dW.CopyTo(d);
                dV.CopyTo(d[n..]);
                return v;
            },
            (x, seed, d) => NoDerivativeThrough.ArrayCallerPullback(x[..n].ToArray(), x[n..].ToArray(), seed, d[..n], d[n..]));
    }

    [Fact]
    public void Chained_calls_through_NoDerivative_parameters()
    {
        GradientAssert.MatchesFiniteDifferences(
            x => NoDerivativeThrough.Chained(x[0]),
            (x, d) => NoDerivativeThrough.ChainedGradient(x[0], out d[0]),
            dimension: 1);
        GradientAssert.PullbackAdds(
            new[] { 0.45 },
            (x, d) => NoDerivativeThrough.ChainedGradient(x[0], out d[0]),
            (x, seed, d) => NoDerivativeThrough.ChainedPullback(x[0], seed, ref d[0]));
    }

    [Fact]
    public void Recursion_into_its_own_NoDerivative_parameter()
    {
        // Power(x, x, 3) = x^3 · x^(1+1+2+3)... written out: x·x·x·(x·x·x·x) = x^7.
        GradientAssert.MatchesFiniteDifferences(
            x => NoDerivativeThrough.PowerCaller(x[0]),
            (x, d) => NoDerivativeThrough.PowerCallerGradient(x[0], out d[0]),
            dimension: 1);
        var value = NoDerivativeThrough.PowerCallerGradient(1.3, out var dX);
        GradientAssert.Close(Math.Pow(1.3, 7), value);
        GradientAssert.Close(7 * Math.Pow(1.3, 6), dX);
    }

    [Fact]
    public void Float_callers()
    {
        GradientAssert.MatchesFiniteDifferencesF(
            x => NoDerivativeThrough.CallerF(x[0], x[1]),
            (x, d) =>
            {
                var v = NoDerivativeThrough.CallerFGradient(x[0], x[1], out var dX, out var dY);
                (d[0], d[1]) = (dX, dY);
                return v;
            },
            dimension: 2);
    }

    [Fact]
    public void Instance_methods()
    {
        var spring = new ThroughSpring { Stiffness = 2.5 };
        GradientAssert.MatchesFiniteDifferences(
            x => spring.Total(x[0], x[1]),
            (x, d) =>
            {
                var v = spring.TotalGradient(x[0], x[1], out var dX, out var dY);
                (d[0], d[1]) = (dX, dY);
                return v;
            },
            dimension: 2);
        GradientAssert.PullbackAdds(
            new[] { 0.6, -0.9 },
            (x, d) => spring.TotalGradient(x[0], x[1], out d[0], out d[1]),
            (x, seed, d) => spring.TotalPullback(x[0], x[1], seed, ref d[0], ref d[1]));
    }
}
