using System;
using System.Collections.Generic;
using System.Linq;
using GradGen.Tests.Models;

namespace GradGen.Tests;

/// <summary>
/// LINQ lowered to loops and inlined lambdas: the value is the original's bit for bit (System.Linq's summation
/// order, -0 handling, NaN rules and empty-sequence exceptions), and the gradient matches finite differences.
/// </summary>
public class LinqTests
{
    private const int N = 6;
    private static readonly double[] X = { 0.3, -1.2, 0.8, 2.0, -0.4, 1.1 };

    private delegate double ArrayGradient(double[] w, Span<double> g);

    public static IEnumerable<object[]> Models() => Cases().Select(c => new object[] { c.Key });

    private static Dictionary<string, (Func<double[], double> F, ArrayGradient G)> Cases() => new()
    {
        ["Sums"] = (w => Linq.Sums(w, X), (w, g) => Linq.SumsGradient(w, X, g)),
        ["Averages"] = (Linq.Averages, Linq.AveragesGradient),
        ["Indexed"] = (Linq.Indexed, Linq.IndexedGradient),
        ["ZipDot"] = (w => Linq.ZipDot(w, X[..4]), (w, g) => Linq.ZipDotGradient(w, X[..4], g)),
        ["RangeDot"] = (w => Linq.RangeDot(w, X, 5), (w, g) => Linq.RangeDotGradient(w, X, 5, g)),
        ["Min"] = (Linq.Min, Linq.MinGradient),
        ["Max"] = (Linq.Max, Linq.MaxGradient),
        ["MinMaxSelected"] = (Linq.MinMaxSelected, Linq.MinMaxSelectedGradient),
        ["Aggregates"] = (Linq.Aggregates, Linq.AggregatesGradient),
        ["CountPositive"] = (Linq.CountPositive, Linq.CountPositiveGradient),
        ["SelectorCallsDifferentiable"] = (Linq.SelectorCallsDifferentiable, Linq.SelectorCallsDifferentiableGradient),
        ["LambdaCaptures"] = (w => Linq.LambdaCapturesAndSelects(w[..^1], w[^1]), (w, g) => Linq.LambdaCapturesAndSelectsGradient(w[..^1], w[^1], g[..^1], out g[^1])),
        ["Nested"] = (w => Linq.Nested(w, X[..4]), (w, g) => Linq.NestedGradient(w, X[..4], g)),
        ["Materialised"] = (Linq.Materialised, Linq.MaterialisedGradient),
        ["AverageOfArray"] = (LinqAverage.OfArray, LinqAverage.OfArrayGradient),
        ["AverageOfSelection"] = (LinqAverage.OfSelection, LinqAverage.OfSelectionGradient),
    };

    [Theory]
    [MemberData(nameof(Models))]
    public void Gradient_matches_finite_differences_and_the_value_is_exact(string model)
    {
        var (f, gradient) = Cases()[model];
        GradientAssert.MatchesFiniteDifferences(
            x => f(x.ToArray()),
            (x, d) =>
            {
                var g = new double[x.Length];
                var value = gradient(x.ToArray(), g);
                g.CopyTo(d);
                return value;
            },
            N);

        var random = new Random(7);
        for (var p = 0; p < 5; p++)
        {
            var w = Enumerable.Range(0, N).Select(_ => (random.NextDouble() * 4) - 2).ToArray();
            Assert.Equal(BitConverter.DoubleToInt64Bits(f(w)), BitConverter.DoubleToInt64Bits(gradient(w, new double[N])));
        }
    }

    [Fact]
    public void Lambda_local_is_inlined_with_each_argument_evaluated_once() =>
        GradientAssert.MatchesFiniteDifferences(x => Linq.LambdaLocal(x[0], x[1]), (x, d) => Linq.LambdaLocalGradient(x[0], x[1], out d[0], out d[1]), 2);

    [Fact]
    public void Float_sums_accumulate_in_double_as_System_Linq_does()
    {
        GradientAssert.MatchesFiniteDifferencesF(x => Linq.FloatLinq(x.ToArray()), (x, d) => Copy(Linq.FloatLinqGradient(x.ToArray(), d), 0), 4);
        float[] w = { 1e8f, 1f, -1e8f, 1f };
        Assert.Equal(Linq.FloatLinq(w), Linq.FloatLinqGradient(w, new float[4]));
        Assert.Equal(2f, w.Sum());
        Assert.Equal(2f, Linq.FloatSumGradient(w, new float[4])); // summed in a float, it would be 1
        var g = new float[4];
        Assert.Equal(Linq.FloatMinMax(w), Linq.FloatMinMaxGradient(w, g));
        Assert.Equal(new[] { -1f, 0f, 3f, 0f }, g);
    }

    [Fact]
    public void Average_of_minus_zero_matches_System_Linq()
    {
        double[] w = { -0.0 };
        Assert.Equal(BitConverter.DoubleToInt64Bits(w.Average()), BitConverter.DoubleToInt64Bits(LinqAverage.OfArrayGradient(w, new double[1])));
        Assert.Equal(BitConverter.DoubleToInt64Bits(w.Average(v => v)), BitConverter.DoubleToInt64Bits(LinqAverage.OfSelectionGradient(w, new double[1])));
        Assert.True(double.IsPositive(LinqAverage.OfArrayGradient(w, new double[1])) && double.IsNegative(LinqAverage.OfSelectionGradient(w, new double[1])));
        Assert.True(float.IsPositive(LinqAverage.OfFloatsGradient(new[] { -0f }, new float[1])));
    }

    [Fact]
    public void Ties_of_Min_and_Max_go_to_the_first()
    {
        var g = new double[3];
        Assert.Equal(1.0, Linq.MinGradient(new[] { 2.0, 1.0, 1.0 }, g));
        Assert.Equal(new[] { 0.0, 1.0, 0.0 }, g);
        Assert.Equal(2.0, Linq.MaxGradient(new[] { 2.0, 1.0, 2.0 }, g));
        Assert.Equal(new[] { 1.0, 0.0, 0.0 }, g);
        Assert.True(double.IsNegative(Linq.MinGradient(new[] { -0.0, 0.0 }, new double[2])));
        Assert.True(double.IsPositive(Linq.MaxGradient(new[] { 0.0, -0.0 }, new double[2])));
    }

    [Fact]
    public void NaN_rules_of_Min_and_Max_are_System_Linq_s()
    {
        var g = new double[3];
        Assert.True(double.IsNaN(Linq.MinGradient(new[] { 1.0, double.NaN, 0.0 }, g)));
        Assert.True(double.IsNaN(new[] { 1.0, double.NaN, 0.0 }.Min()));
        Assert.Equal(5.0, Linq.MaxGradient(new[] { double.NaN, 5.0, 2.0 }, g));
        Assert.Equal(new[] { 0.0, 1.0, 0.0 }, g);
        Assert.Equal(new[] { double.NaN, 5.0, 2.0 }.Max(), Linq.Max(new[] { double.NaN, 5.0, 2.0 }));
        Assert.True(double.IsNaN(Linq.MaxGradient(new[] { double.NaN, double.NaN }, new double[2])));
    }

    [Fact]
    public void Empty_sequences_throw_what_System_Linq_throws()
    {
        var empty = Array.Empty<double>();
        var expected = Assert.Throws<InvalidOperationException>(() => empty.Min()).Message;
        Assert.Equal(expected, Assert.Throws<InvalidOperationException>(() => Linq.MinGradient(empty, Span<double>.Empty)).Message);
        Assert.Throws<InvalidOperationException>(() => Linq.MaxGradient(empty, Span<double>.Empty));
        Assert.Throws<InvalidOperationException>(() => LinqAverage.OfArrayGradient(empty, Span<double>.Empty));
        Assert.Throws<InvalidOperationException>(() => LinqAverage.OfSelectionGradient(empty, Span<double>.Empty));
        Assert.Throws<InvalidOperationException>(() => Linq.AggregatesGradient(empty, Span<double>.Empty));
        Assert.Equal(0.0, Linq.IndexedGradient(empty, Span<double>.Empty));
        Assert.Throws<ArgumentOutOfRangeException>(() => Linq.RangeDotGradient(X, X, -1, new double[N]));
    }

    [Fact]
    public void Pullback_adds_seed_times_the_gradient()
    {
        GradientAssert.PullbackAdds(X, (x, d) => Linq.MinMaxSelectedGradient(x.ToArray(), d), (x, seed, d) => Linq.MinMaxSelectedPullback(x.ToArray(), seed, d));
        GradientAssert.PullbackAdds(X, (x, d) => Linq.ZipDotGradient(x.ToArray(), X[..4], d), (x, seed, d) => Linq.ZipDotPullback(x.ToArray(), X[..4], seed, d));
        GradientAssert.PullbackAdds(X, (x, d) => Linq.AggregatesGradient(x.ToArray(), d), (x, seed, d) => Linq.AggregatesPullback(x.ToArray(), seed, d));
    }

    [Fact]
    public void Warmed_up_gradients_allocate_nothing()
    {
        var w = Enumerable.Range(0, 200).Select(i => Math.Sin(i)).ToArray();
        var x = Enumerable.Range(0, 200).Select(i => Math.Cos(i)).ToArray();
        var g = new double[200];
        var failures = new List<string>();
        double sink = 0;
        Measure("Sums", () => sink += Linq.SumsGradient(w, x, g));
        Measure("RangeDot", () => sink += Linq.RangeDotGradient(w, x, 150, g));
        Measure("ZipDot", () => sink += Linq.ZipDotGradient(w, x, g));
        Measure("MinMaxSelected", () => sink += Linq.MinMaxSelectedGradient(w, g));
        Measure("Aggregates", () => sink += Linq.AggregatesGradient(w, g));
        var x20 = x[..20];
        Measure("Nested", () => sink += Linq.NestedGradient(w, x20, g));
        Measure("LambdaCaptures", () => sink += Linq.LambdaCapturesAndSelectsGradient(w, 0.5, g, out _));
        Assert.True(failures.Count == 0, string.Join("; ", failures) + sink);

        void Measure(string model, Action call)
        {
            call();
            var before = GC.GetAllocatedBytesForCurrentThread();
            for (var i = 0; i < 10; i++)
            {
                call();
            }

            var allocated = GC.GetAllocatedBytesForCurrentThread() - before;
            if (allocated != 0)
            {
                failures.Add($"{model}Gradient allocated {allocated} bytes");
            }
        }
    }

    private static float Copy(float value, int unused) => value + unused;
}
