using System;
using GradGen.Tests.Models;

namespace GradGen.Tests;

public class BclMathTests
{
    private static double Inside(Random r, int _) => (r.NextDouble() * 1.8) - 0.9;

    private static void Check2(Func<double, double, double> f, Grad2 g, Pull2 p)
    {
        GradientAssert.MatchesFiniteDifferences(x => f(x[0], x[1]), (x, d) => g(x[0], x[1], out d[0], out d[1]), 2, Inside, points: 8);
        GradientAssert.PullbackAdds(
            new[] { 0.3, -0.4 },
            (x, d) => g(x[0], x[1], out d[0], out d[1]),
            (x, seed, d) => p(x[0], x[1], seed, ref d[0], ref d[1]));
    }

    private delegate double Grad2(double a, double b, out double dA, out double dB);

    private delegate void Pull2(double a, double b, double seed, ref double dA, ref double dB);

    [Fact]
    public void Double_static_classics() => Check2(BclMath.DoubleClassics, BclMath.DoubleClassicsGradient, BclMath.DoubleClassicsPullback);

    [Fact]
    public void Exponentials_and_logarithms() => Check2(BclMath.Exponentials, BclMath.ExponentialsGradient, BclMath.ExponentialsPullback);

    [Fact]
    public void Pi_scaled_trigonometry() => Check2(BclMath.PiFunctions, BclMath.PiFunctionsGradient, BclMath.PiFunctionsPullback);

    [Fact]
    public void Hypot_RootN_Lerp_ScaleB_and_angles() => Check2(BclMath.Geometry, BclMath.GeometryGradient, BclMath.GeometryPullback);

    [Fact]
    public void IEEE_remainders() =>
        GradientAssert.MatchesFiniteDifferences(
            x => BclMath.Remainders(x[0], x[1]),
            (x, d) => BclMath.RemaindersGradient(x[0], x[1], out d[0], out d[1]),
            2,
            (r, i) => i == 0 ? 0.05 + (r.NextDouble() * 0.3) : 0.2 + (r.NextDouble() * 0.05),
            points: 8);

    [Fact]
    public void Clamp_CopySign_and_magnitude_selections()
    {
        // Away from ties and bounds, where the selections are smooth.
        GradientAssert.MatchesFiniteDifferences(
            x => BclMath.Selections(x[0], x[1], x[2]),
            (x, d) => BclMath.SelectionsGradient(x[0], x[1], x[2], out d[0], out d[1], out d[2]),
            3,
            (r, i) => (i == 2 ? 1.0 : 0.1) + (r.NextDouble() * 0.3) * (r.Next(2) == 0 ? 1 : -1),
            points: 10);

        // Each branch of Clamp by hand: inside, below, above.
        BclMath.SelectionsGradient(0.7, 1.0, 1.05, out var dX, out var dY, out var dZ);
        // x clamped at 0.5 (0), MaxMagnitude(0.7, 1) = y, MaxNumber(0.7, 1.05) = z, MinNumber(1, 0.7) = x, CopySign(x, y) = x (+1)
        GradientAssert.Close(0 + 0 + 1 + 1, dX);
        // y inside [z-0.2, z+0.2] (1), MaxMagnitude = y (1), MinMagnitude(1, 1.05) = y (1), CopySign(y²+1, z): 2y, Clamp(2, x, y+3) = 2 (0)
        GradientAssert.Close(1 + 1 + 1 + 2.0, dY);
        GradientAssert.Close(1, dZ); // MaxNumber(x, z) = z
    }

    [Fact]
    public void Clamp_gives_the_adjoint_to_the_bound_it_returns()
    {
        BclMath.SelectionsGradient(0.3, 2.0, 1.0, out _, out var dY, out var dZ);
        // y = 2 above z + 0.2: clamp returns z + 0.2 (∂z = 1, ∂y = 0); MaxMagnitude(0.3, 2) = y; MinMagnitude(2, 1) = z;
        // MinNumber(2, 0.3) = x; CopySign(y² + 1, z): 2y; Clamp(2, x, y + 3) = 2
        GradientAssert.Close(1 + (2 * 2.0), dY);
        GradientAssert.Close(1 + 1 + 1, dZ);
    }

    [Theory]
    [InlineData(0.1, -0.5, 0.5)] // inside: the adjoint goes to x
    [InlineData(-0.9, -0.5, 0.5)] // below: to lo
    [InlineData(0.9, -0.5, 0.5)] // above: to hi
    public void Clamp_differentiates_the_argument_it_returns(double x, double lo, double hi)
    {
        var point = new[] { x, lo, hi };
        GradientAssert.MatchesFiniteDifferences(
            v => BclMath.ClampBounds(v[0], v[1], v[2]),
            (v, d) => BclMath.ClampBoundsGradient(v[0], v[1], v[2], out d[0], out d[1], out d[2]),
            3,
            (r, i) => point[i] + (r.NextDouble() * 0.1) - 0.05);
    }

    [Fact]
    public void Exponentials_with_stored_results_in_a_loop()
    {
        var w = new[] { 0.3, -0.7, 0.5, 0.1, -0.2 };
        GradientAssert.MatchesFiniteDifferences(
            x => BclMath.ExponentialsInLoop(x),
            (x, d) => BclMath.ExponentialsInLoopGradient(x, d),
            w.Length,
            Inside);
    }

    [Fact]
    public void Float_functions() =>
        GradientAssert.MatchesFiniteDifferencesF(
            x => BclMath.FloatFunctions(x[0], x[1]),
            (x, d) => BclMath.FloatFunctionsGradient(x[0], x[1], out d[0], out d[1]),
            2);
}
