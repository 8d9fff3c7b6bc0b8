using System;
using GradGen.Tests.Models;

namespace GradGen.Tests;

public class TupleTests
{
    private delegate double Grad2(double a, double b, out double dA, out double dB);

    private static void Check2(Func<double, double, double> f, Grad2 g) =>
        GradientAssert.MatchesFiniteDifferences(x => f(x[0], x[1]), (x, d) => g(x[0], x[1], out d[0], out d[1]), 2);

    [Fact]
    public void Deconstruction_into_new_locals() => Check2(Tuples.Deconstruct, Tuples.DeconstructGradient);

    [Fact]
    public void Math_SinCos_deconstructs_into_its_two_calls()
    {
        Check2(Tuples.SinCos, Tuples.SinCosGradient);
        GradientAssert.MatchesFiniteDifferencesF(x => Tuples.SinCosF(x[0], x[1]), (x, d) => Tuples.SinCosFGradient(x[0], x[1], out d[0], out d[1]), 2);
    }

    [Fact]
    public void Swap_reads_every_value_before_assigning()
    {
        foreach (var n in new[] { 0, 1, 4 })
        {
            Check2((a, b) => Tuples.Swap(a, b, n), (double a, double b, out double dA, out double dB) => Tuples.SwapGradient(a, b, n, out dA, out dB));
        }

        Assert.Equal(6.0, Tuples.SwapGradient(1.5, 2, 0, out _, out _)); // (a, b) = (b, 2a) = (2, 3)
    }

    [Fact]
    public void Nested_discarded_and_mixed_types() => Check2(Tuples.NestedAndDiscarded, Tuples.NestedAndDiscardedGradient);

    [Fact]
    public void Deconstruction_into_elements_of_a_local_array() => Check2(Tuples.IntoLocalArray, Tuples.IntoLocalArrayGradient);

    [Fact]
    public void Pullback_adds_seed_times_the_gradient() =>
        GradientAssert.PullbackAdds(
            new[] { 0.7, -0.4 },
            (x, d) => Tuples.SwapGradient(x[0], x[1], 3, out d[0], out d[1]),
            (x, seed, d) => Tuples.SwapPullback(x[0], x[1], 3, seed, ref d[0], ref d[1]));
}
