using System;
using System.Linq;
using GradGen.Benchmarks.Models;
using GradGen.Tests.Models;

namespace GradGen.Tests;

/// <summary>
/// The rectangular and jagged array models of <see cref="Matrices"/>: value, Gradient and Pullback against finite
/// differences at random points for several shapes, double and float; a Gradient writes every element of its gradient
/// arrays (they start as NaN here), a Pullback adds; a gradient of the wrong shape or sharing memory with an input throws
/// ArgumentException naming it.
/// </summary>
public class MatrixTests
{
    private const double Seed = 2.5;

    public static TheoryData<int, int> Shapes => new() { { 1, 1 }, { 2, 3 }, { 3, 3 }, { 3, 5 }, { 1, 4 } };

    public static TheoryData<int[]> RowLengths => new() { new[] { 1 }, new[] { 3, 1, 4 }, new[] { 2, 2 }, new[] { 5, 3, 1, 2 } };

    // ---------------------------------------------------------------- double[,]

    [Theory]
    [MemberData(nameof(Shapes))]
    public void Quadratic_matches_finite_differences(int rows, int cols)
    {
        var size = (rows * cols) + cols;
        double F(ReadOnlySpan<double> p) => Matrices.Quadratic(Matrix(p, 0, rows, cols), p.Slice(rows * cols).ToArray());
        double G(ReadOnlySpan<double> p, Span<double> g)
        {
            var dA = Filled(rows, cols, double.NaN);
            var value = Matrices.QuadraticGradient(Matrix(p, 0, rows, cols), p.Slice(rows * cols).ToArray(), dA, g.Slice(rows * cols));
            Flatten(dA).CopyTo(g);
            return value;
        }

        GradientAssert.MatchesFiniteDifferences(F, G, size);
        GradientAssert.PullbackAdds(Point(size), G, (p, seed, g) =>
        {
            var dA = Matrix(g, 0, rows, cols);
            Matrices.QuadraticPullback(Matrix(p, 0, rows, cols), p.Slice(rows * cols).ToArray(), seed, dA, g.Slice(rows * cols));
            Flatten(dA).CopyTo(g);
        });
    }

    [Theory]
    [MemberData(nameof(Shapes))]
    public void RowLogSumExp_matches_finite_differences(int rows, int cols) =>
        CheckMatrix(rows, cols, Matrices.RowLogSumExp, Matrices.RowLogSumExpGradient, Matrices.RowLogSumExpPullback);

    [Theory]
    [MemberData(nameof(Shapes))]
    public void Walk_matches_finite_differences(int rows, int cols)
    {
        const double T = 0.7;
        CheckMatrix(rows, cols, a => Matrices.Walk(a, T), (a, dA) => Matrices.WalkGradient(a, T, dA, out _), (a, seed, dA) =>
        {
            var dT = 0.0;
            Matrices.WalkPullback(a, T, seed, dA, ref dT);
        });
    }

    [Theory]
    [MemberData(nameof(Shapes))]
    public void RowOf_matches_finite_differences(int rows, int cols) =>
        CheckMatrix(rows, cols, a => Matrices.RowOf(a, rows - 1), (a, dA) => Matrices.RowOfGradient(a, rows - 1, dA), (a, seed, dA) => Matrices.RowOfPullback(a, rows - 1, seed, dA));

    [Theory]
    [InlineData(1, 2, 3, 1)]
    [InlineData(4, 3, 5, 2)]
    [InlineData(6, 4, 3, 3)]
    public void TwoLayer_matches_finite_differences(int samples, int inputs, int hidden, int outputs)
    {
        var random = new Random(samples * 100 + hidden);
        var x = new double[samples, inputs];
        var y = new double[samples, outputs];
        Fill(x, random);
        Fill(y, random);
        var w1 = hidden * inputs;
        var w2 = outputs * hidden;
        var size = w1 + hidden + w2 + outputs;

        double F(ReadOnlySpan<double> p) =>
            Matrices.TwoLayer(Matrix(p, 0, hidden, inputs), p.Slice(w1, hidden).ToArray(), Matrix(p, w1 + hidden, outputs, hidden), p.Slice(w1 + hidden + w2).ToArray(), x, y);
        double G(ReadOnlySpan<double> p, Span<double> g)
        {
            var dW1 = Filled(hidden, inputs, double.NaN);
            var dW2 = Filled(outputs, hidden, double.NaN);
            var value = Matrices.TwoLayerGradient(Matrix(p, 0, hidden, inputs), p.Slice(w1, hidden).ToArray(), Matrix(p, w1 + hidden, outputs, hidden), p.Slice(w1 + hidden + w2).ToArray(), x, y,
                dW1, g.Slice(w1, hidden), dW2, g.Slice(w1 + hidden + w2));
            Flatten(dW1).CopyTo(g);
            Flatten(dW2).CopyTo(g.Slice(w1 + hidden));
            return value;
        }

        GradientAssert.MatchesFiniteDifferences(F, G, size);
        GradientAssert.PullbackAdds(Point(size), G, (p, seed, g) =>
        {
            var dW1 = Matrix(g, 0, hidden, inputs);
            var dW2 = Matrix(g, w1 + hidden, outputs, hidden);
            Matrices.TwoLayerPullback(Matrix(p, 0, hidden, inputs), p.Slice(w1, hidden).ToArray(), Matrix(p, w1 + hidden, outputs, hidden), p.Slice(w1 + hidden + w2).ToArray(), x, y,
                seed, dW1, g.Slice(w1, hidden), dW2, g.Slice(w1 + hidden + w2));
            Flatten(dW1).CopyTo(g);
            Flatten(dW2).CopyTo(g.Slice(w1 + hidden));
        });
    }

    /// <summary>
    /// The benchmarked two-layer network (<see cref="TwoLayerNetwork"/>: hidden activations in a stackalloc'd span, mean
    /// over samples and outputs): Gradient and Pullback against finite differences, and its hand-written gradient too,
    /// which the benchmark holds the generated one to.
    /// </summary>
    [Theory]
    [InlineData(1, 1, 1, 1)]
    [InlineData(3, 2, 4, 2)]
    [InlineData(5, 4, 6, 3)]
    public void TwoLayerNetwork_matches_finite_differences(int samples, int inputs, int hidden, int outputs)
    {
        var random = new Random((samples * 1000) + (hidden * 10) + outputs);
        var x = new double[samples, inputs];
        var y = new double[samples, outputs];
        Fill(x, random);
        Fill(y, random);
        var w1 = hidden * inputs;
        var w2 = outputs * hidden;
        var size = w1 + hidden + w2 + outputs;

        double F(ReadOnlySpan<double> p) =>
            TwoLayerNetwork.Loss(Matrix(p, 0, hidden, inputs), p.Slice(w1, hidden).ToArray(), Matrix(p, w1 + hidden, outputs, hidden), p.Slice(w1 + hidden + w2).ToArray(), x, y);
        double G(ReadOnlySpan<double> p, Span<double> g)
        {
            var dW1 = Filled(hidden, inputs, double.NaN);
            var dW2 = Filled(outputs, hidden, double.NaN);
            g.Fill(double.NaN);
            var value = TwoLayerNetwork.LossGradient(Matrix(p, 0, hidden, inputs), p.Slice(w1, hidden).ToArray(), Matrix(p, w1 + hidden, outputs, hidden), p.Slice(w1 + hidden + w2).ToArray(), x, y,
                dW1, g.Slice(w1, hidden), dW2, g.Slice(w1 + hidden + w2));
            Flatten(dW1).CopyTo(g);
            Flatten(dW2).CopyTo(g.Slice(w1 + hidden));
            return value;
        }

        double ByHand(ReadOnlySpan<double> p, Span<double> g)
        {
            var dW1 = Filled(hidden, inputs, double.NaN);
            var dW2 = Filled(outputs, hidden, double.NaN);
            g.Fill(double.NaN);
            var value = TwoLayerNetwork.LossGradientByHand(Matrix(p, 0, hidden, inputs), p.Slice(w1, hidden).ToArray(), Matrix(p, w1 + hidden, outputs, hidden), p.Slice(w1 + hidden + w2).ToArray(), x, y,
                dW1, g.Slice(w1, hidden), dW2, g.Slice(w1 + hidden + w2));
            Flatten(dW1).CopyTo(g);
            Flatten(dW2).CopyTo(g.Slice(w1 + hidden));
            return value;
        }

        GradientAssert.MatchesFiniteDifferences(F, G, size);
        GradientAssert.MatchesFiniteDifferences(F, ByHand, size);
        GradientAssert.PullbackAdds(Point(size), G, (p, seed, g) =>
        {
            var dW1 = Matrix(g, 0, hidden, inputs);
            var dW2 = Matrix(g, w1 + hidden, outputs, hidden);
            TwoLayerNetwork.LossPullback(Matrix(p, 0, hidden, inputs), p.Slice(w1, hidden).ToArray(), Matrix(p, w1 + hidden, outputs, hidden), p.Slice(w1 + hidden + w2).ToArray(), x, y,
                seed, dW1, g.Slice(w1, hidden), dW2, g.Slice(w1 + hidden + w2));
            Flatten(dW1).CopyTo(g);
            Flatten(dW2).CopyTo(g.Slice(w1 + hidden));
        });

        // The generated and the hand-written gradient agree to rounding, not only to finite differences' accuracy.
        var point = Point(size);
        var generated = new double[size];
        var byHand = new double[size];
        Assert.Equal(G(point, generated), ByHand(point, byHand), 1e-14);
        for (var i = 0; i < size; i++)
        {
            Assert.True(Math.Abs(generated[i] - byHand[i]) <= 1e-13 * Math.Max(1, Math.Abs(byHand[i])), $"∂f/∂x[{i}]: generated {generated[i]:R}, by hand {byHand[i]:R}");
        }
    }

    [Fact]
    public void Warmed_up_two_layer_network_gradient_allocates_nothing()
    {
        var random = new Random(19);
        var x = new double[64, 20];
        var y = new double[64, 4];
        var w1 = new double[32, 20];
        var w2 = new double[4, 32];
        Fill(x, random);
        Fill(y, random);
        Fill(w1, random);
        Fill(w2, random);
        var b1 = Point(32);
        var b2 = Point(4);
        var (dW1, dB1, dW2, dB2) = (new double[32, 20], new double[32], new double[4, 32], new double[4]);
        TwoLayerNetwork.LossGradient(w1, b1, w2, b2, x, y, dW1, dB1, dW2, dB2);
        var before = GC.GetAllocatedBytesForCurrentThread();
        TwoLayerNetwork.LossGradient(w1, b1, w2, b2, x, y, dW1, dB1, dW2, dB2);
        Assert.Equal(0, GC.GetAllocatedBytesForCurrentThread() - before);
    }

    [Theory]
    [InlineData(1, 1, 1)]
    [InlineData(2, 3, 4)]
    [InlineData(3, 2, 5)]
    public void LocalMatrix_matches_finite_differences(int hidden, int inputs, int samples)
    {
        var x = new double[inputs, samples];
        Fill(x, new Random(hidden + inputs + samples));
        const double C = 0.3;
        var size = (hidden * inputs) + 1;
        double F(ReadOnlySpan<double> p) => Matrices.LocalMatrix(Matrix(p, 0, hidden, inputs), x, p[size - 1]);
        double G(ReadOnlySpan<double> p, Span<double> g)
        {
            var dW = Filled(hidden, inputs, double.NaN);
            var value = Matrices.LocalMatrixGradient(Matrix(p, 0, hidden, inputs), x, p[size - 1], dW, out g[size - 1]);
            Flatten(dW).CopyTo(g);
            return value;
        }

        GradientAssert.MatchesFiniteDifferences(F, G, size, (random, i) => i == size - 1 ? C + random.NextDouble() : (random.NextDouble() * 2) - 1);
        GradientAssert.PullbackAdds(Point(size), G, (p, seed, g) =>
        {
            var dW = Matrix(g, 0, hidden, inputs);
            Matrices.LocalMatrixPullback(Matrix(p, 0, hidden, inputs), x, p[size - 1], seed, dW, ref g[size - 1]);
            Flatten(dW).CopyTo(g);
        });
    }

    [Theory]
    [InlineData(2)]
    [InlineData(4)]
    public void LocalWrites_matches_finite_differences(int cols)
    {
        var size = (2 * cols) + 1;
        double F(ReadOnlySpan<double> p) => Matrices.LocalWrites(Matrix(p, 0, 2, cols), p[size - 1]);
        double G(ReadOnlySpan<double> p, Span<double> g)
        {
            var dA = Filled(2, cols, double.NaN);
            var value = Matrices.LocalWritesGradient(Matrix(p, 0, 2, cols), p[size - 1], dA, out g[size - 1]);
            Flatten(dA).CopyTo(g);
            return value;
        }

        // Elements of row 0 stay away from 0, where the branch flips.
        GradientAssert.MatchesFiniteDifferences(F, G, size, (random, i) => (random.NextDouble() + 0.1) * (random.Next(2) * 2 - 1));
        GradientAssert.PullbackAdds(Point(size), G, (p, seed, g) =>
        {
            var dA = Matrix(g, 0, 2, cols);
            Matrices.LocalWritesPullback(Matrix(p, 0, 2, cols), p[size - 1], seed, dA, ref g[size - 1]);
            Flatten(dA).CopyTo(g);
        });
    }

    [Theory]
    [InlineData(1)]
    [InlineData(4)]
    public void Columns_matches_finite_differences(int n)
    {
        GradientAssert.MatchesFiniteDifferences(w => Matrices.Columns(w.ToArray()), (w, g) => Matrices.ColumnsGradient(w.ToArray(), g), n);
        GradientAssert.PullbackAdds(Point(n), (w, g) => Matrices.ColumnsGradient(w.ToArray(), g), (w, seed, g) => Matrices.ColumnsPullback(w.ToArray(), seed, g));
    }

    [Theory]
    [MemberData(nameof(Shapes))]
    public void QuadraticF_matches_finite_differences(int rows, int cols)
    {
        var size = (rows * cols) + cols;
        float F(ReadOnlySpan<float> p) => Matrices.QuadraticF(MatrixF(p, rows, cols), p.Slice(rows * cols).ToArray());
        float G(ReadOnlySpan<float> p, Span<float> g)
        {
            var dA = new float[rows, cols];
            dA[0, 0] = float.NaN;
            var value = Matrices.QuadraticFGradient(MatrixF(p, rows, cols), p.Slice(rows * cols).ToArray(), dA, g.Slice(rows * cols));
            dA.Cast<float>().ToArray().CopyTo(g);
            return value;
        }

        GradientAssert.MatchesFiniteDifferencesF(F, G, size);
    }

    [Fact]
    public void Matrix_gradient_of_the_wrong_shape_is_rejected()
    {
        var a = Filled(2, 3, 0.5);
        Assert.Equal("dA", Assert.Throws<ArgumentException>(() => Matrices.RowLogSumExpGradient(a, new double[2, 2])).ParamName);
        Assert.Equal("dA", Assert.Throws<ArgumentException>(() => Matrices.RowLogSumExpGradient(a, new double[3, 3])).ParamName);
        Assert.Equal("dA", Assert.Throws<ArgumentException>(() => Matrices.RowLogSumExpPullback(a, 1.0, new double[3, 2])).ParamName);
        Assert.Equal("dA", Assert.Throws<ArgumentException>(() => Matrices.RowLogSumExpGradient(a, a)).ParamName);
    }

    [Fact]
    public void Two_matrix_gradients_in_one_array_are_rejected_by_Gradient()
    {
        var w = Filled(2, 2, 0.1);
        var x = Filled(1, 2, 0.3);
        var y = Filled(1, 2, 0.2);
        var shared = new double[2, 2];
        var error = Assert.Throws<ArgumentException>(() => Matrices.TwoLayerGradient(w, new double[2], w, new double[2], x, y, shared, new double[2], shared, new double[2]));
        Assert.Equal("dW1", error.ParamName);
    }

    // ---------------------------------------------------------------- double[][]

    [Theory]
    [MemberData(nameof(RowLengths))]
    public void Ragged_matches_finite_differences(int[] lengths)
    {
        var cells = lengths.Sum();
        var size = cells + lengths.Max();
        double F(ReadOnlySpan<double> p) => Matrices.Ragged(Jagged(p, lengths), p.Slice(cells).ToArray());
        double G(ReadOnlySpan<double> p, Span<double> g)
        {
            var dA = lengths.Select(n => Enumerable.Repeat(double.NaN, n).ToArray()).ToArray();
            var value = Matrices.RaggedGradient(Jagged(p, lengths), p.Slice(cells).ToArray(), dA, g.Slice(cells));
            dA.SelectMany(row => row).ToArray().CopyTo(g);
            return value;
        }

        GradientAssert.MatchesFiniteDifferences(F, G, size);
        GradientAssert.PullbackAdds(Point(size), G, (p, seed, g) =>
        {
            var dA = Jagged(g, lengths);
            Matrices.RaggedPullback(Jagged(p, lengths), p.Slice(cells).ToArray(), seed, dA, g.Slice(cells));
            dA.SelectMany(row => row).ToArray().CopyTo(g);
        });
    }

    [Theory]
    [MemberData(nameof(RowLengths))]
    public void RowLocals_matches_finite_differences(int[] lengths)
    {
        var cells = lengths.Sum();
        var size = cells + lengths.Max();
        double F(ReadOnlySpan<double> p) => Matrices.RowLocals(Jagged(p, lengths), p.Slice(cells).ToArray());
        double G(ReadOnlySpan<double> p, Span<double> g)
        {
            var dA = lengths.Select(n => Enumerable.Repeat(double.NaN, n).ToArray()).ToArray();
            var value = Matrices.RowLocalsGradient(Jagged(p, lengths), p.Slice(cells).ToArray(), dA, g.Slice(cells));
            dA.SelectMany(row => row).ToArray().CopyTo(g);
            return value;
        }

        GradientAssert.MatchesFiniteDifferences(F, G, size);
        GradientAssert.PullbackAdds(Point(size), G, (p, seed, g) =>
        {
            var dA = Jagged(g, lengths);
            Matrices.RowLocalsPullback(Jagged(p, lengths), p.Slice(cells).ToArray(), seed, dA, g.Slice(cells));
            dA.SelectMany(row => row).ToArray().CopyTo(g);
        });
    }

    [Theory]
    [MemberData(nameof(RowLengths))]
    public void ForEachRows_matches_finite_differences(int[] lengths)
    {
        var cells = lengths.Sum();
        double F(ReadOnlySpan<double> p) => Matrices.ForEachRows(Jagged(p, lengths), p[cells]);
        double G(ReadOnlySpan<double> p, Span<double> g)
        {
            var dA = lengths.Select(n => Enumerable.Repeat(double.NaN, n).ToArray()).ToArray();
            var value = Matrices.ForEachRowsGradient(Jagged(p, lengths), p[cells], dA, out g[cells]);
            dA.SelectMany(row => row).ToArray().CopyTo(g);
            return value;
        }

        GradientAssert.MatchesFiniteDifferences(F, G, cells + 1);
        GradientAssert.PullbackAdds(Point(cells + 1), G, (p, seed, g) =>
        {
            var dA = Jagged(g, lengths);
            var dScale = g[cells];
            Matrices.ForEachRowsPullback(Jagged(p, lengths), p[cells], seed, dA, ref dScale);
            dA.SelectMany(row => row).ToArray().CopyTo(g);
            g[cells] = dScale;
        });
    }

    [Theory]
    [MemberData(nameof(RowLengths))]
    public void NestedForEachRows_matches_finite_differences(int[] lengths)
    {
        var cells = lengths.Sum();
        double F(ReadOnlySpan<double> p) => Matrices.NestedForEachRows(Jagged(p, lengths));
        double G(ReadOnlySpan<double> p, Span<double> g)
        {
            var dA = lengths.Select(n => Enumerable.Repeat(double.NaN, n).ToArray()).ToArray();
            var value = Matrices.NestedForEachRowsGradient(Jagged(p, lengths), dA);
            dA.SelectMany(row => row).ToArray().CopyTo(g);
            return value;
        }

        GradientAssert.MatchesFiniteDifferences(F, G, cells);
    }

    [Theory]
    [MemberData(nameof(RowLengths))]
    public void RaggedF_matches_finite_differences(int[] lengths)
    {
        float F(ReadOnlySpan<float> p) => Matrices.RaggedF(JaggedF(p, lengths));
        float G(ReadOnlySpan<float> p, Span<float> g)
        {
            var dA = lengths.Select(n => Enumerable.Repeat(float.NaN, n).ToArray()).ToArray();
            var value = Matrices.RaggedFGradient(JaggedF(p, lengths), dA);
            dA.SelectMany(row => row).ToArray().CopyTo(g);
            return value;
        }

        GradientAssert.MatchesFiniteDifferencesF(F, G, lengths.Sum());
    }

    [Theory]
    [InlineData(1, 2)]
    [InlineData(3, 4)]
    public void ComposedLayers_matches_finite_differences(int outputs, int inputs)
    {
        var lengths = new[] { 2, 1, 3 };
        var x = Point(inputs + 10).Take(inputs).ToArray();
        var w = outputs * inputs;
        var size = w + lengths.Sum();
        double F(ReadOnlySpan<double> p) => Matrices.ComposedLayers(Matrix(p, 0, outputs, inputs), Jagged(p.Slice(w), lengths), x);
        double G(ReadOnlySpan<double> p, Span<double> g)
        {
            var dW = Filled(outputs, inputs, double.NaN);
            var dV = lengths.Select(n => Enumerable.Repeat(double.NaN, n).ToArray()).ToArray();
            var value = Matrices.ComposedLayersGradient(Matrix(p, 0, outputs, inputs), Jagged(p.Slice(w), lengths), x, dW, dV);
            Flatten(dW).CopyTo(g);
            dV.SelectMany(row => row).ToArray().CopyTo(g.Slice(w));
            return value;
        }

        GradientAssert.MatchesFiniteDifferences(F, G, size);
        GradientAssert.PullbackAdds(Point(size), G, (p, seed, g) =>
        {
            var dW = Matrix(g, 0, outputs, inputs);
            var dV = Jagged(g.Slice(w), lengths);
            Matrices.ComposedLayersPullback(Matrix(p, 0, outputs, inputs), Jagged(p.Slice(w), lengths), x, seed, dW, dV);
            Flatten(dW).CopyTo(g);
            dV.SelectMany(row => row).ToArray().CopyTo(g.Slice(w));
        });
    }

    [Fact]
    public void Jagged_gradient_of_the_wrong_shape_is_rejected()
    {
        var a = new[] { new[] { 0.1, 0.2, 0.3 }, new[] { 0.4 } };
        var w = new[] { 1.0, 2.0, 3.0 };
        var dW = new double[3];
        Assert.Equal("dA", Assert.Throws<ArgumentException>(() => Matrices.RaggedGradient(a, w, new[] { new double[3] }, dW)).ParamName);
        Assert.Equal("dA", Assert.Throws<ArgumentException>(() => Matrices.RaggedGradient(a, w, new[] { new double[3], new double[2] }, dW)).ParamName);
        Assert.Equal("dA", Assert.Throws<ArgumentException>(() => Matrices.RaggedGradient(a, w, new[] { new double[3], null! }, dW)).ParamName);
        Assert.Equal("dA", Assert.Throws<ArgumentException>(() => Matrices.RaggedPullback(a, w, 1.0, new[] { new double[1], new double[3] }, dW)).ParamName);
    }

    [Fact]
    public void Jagged_gradient_sharing_a_row_with_an_input_is_rejected()
    {
        var a = new[] { new[] { 0.1, 0.2, 0.3 }, new[] { 0.4 } };
        var w = new[] { 1.0, 2.0, 3.0 };
        Assert.Equal("dA", Assert.Throws<ArgumentException>(() => Matrices.RaggedGradient(a, w, new[] { new double[3], a[1] }, new double[3])).ParamName);
        Assert.Equal("dA", Assert.Throws<ArgumentException>(() => Matrices.RaggedGradient(a, w, new[] { w, new double[1] }, new double[3])).ParamName);
        Assert.Equal("dA", Assert.Throws<ArgumentException>(() => Matrices.RaggedGradient(a, w, a, new double[3])).ParamName);
    }

    [Fact]
    public void Warmed_up_matrix_gradients_allocate_nothing()
    {
        var a = Filled(3, 4, 0.2);
        var dA = new double[3, 4];
        var jagged = new[] { new[] { 0.1, 0.2 }, new[] { 0.3, 0.4, 0.5 } };
        var dJagged = new[] { new double[2], new double[3] };
        var w = new[] { 0.5, 0.6, 0.7 };
        var dW = new double[3];
        Matrices.RowLogSumExpGradient(a, dA);
        Matrices.RaggedGradient(jagged, w, dJagged, dW);
        var before = GC.GetAllocatedBytesForCurrentThread();
        Matrices.RowLogSumExpGradient(a, dA);
        Matrices.RaggedGradient(jagged, w, dJagged, dW);
        Assert.Equal(0, GC.GetAllocatedBytesForCurrentThread() - before);
    }

    // ---------------------------------------------------------------- helpers

    private static void CheckMatrix(int rows, int cols, Func<double[,], double> f, Func<double[,], double[,], double> gradient, Action<double[,], double, double[,]> pullback)
    {
        var size = rows * cols;
        double G(ReadOnlySpan<double> p, Span<double> g)
        {
            var dA = Filled(rows, cols, double.NaN);
            var value = gradient(Matrix(p, 0, rows, cols), dA);
            Flatten(dA).CopyTo(g);
            return value;
        }

        GradientAssert.MatchesFiniteDifferences(p => f(Matrix(p, 0, rows, cols)), G, size);
        GradientAssert.PullbackAdds(Point(size), G, (p, seed, g) =>
        {
            var dA = Matrix(g, 0, rows, cols);
            pullback(Matrix(p, 0, rows, cols), seed, dA);
            Flatten(dA).CopyTo(g);
        }, Seed);
    }

    private static double[] Point(int size)
    {
        var random = new Random(size);
        return Enumerable.Range(0, size).Select(_ => (random.NextDouble() * 2) - 1).ToArray();
    }

    private static double[,] Matrix(ReadOnlySpan<double> values, int offset, int rows, int cols)
    {
        var matrix = new double[rows, cols];
        for (var i = 0; i < rows; i++)
        {
            for (var j = 0; j < cols; j++)
            {
                matrix[i, j] = values[offset + (i * cols) + j];
            }
        }

        return matrix;
    }

    private static float[,] MatrixF(ReadOnlySpan<float> values, int rows, int cols)
    {
        var matrix = new float[rows, cols];
        for (var i = 0; i < rows; i++)
        {
            for (var j = 0; j < cols; j++)
            {
                matrix[i, j] = values[(i * cols) + j];
            }
        }

        return matrix;
    }

    private static double[][] Jagged(ReadOnlySpan<double> values, int[] lengths)
    {
        var rows = new double[lengths.Length][];
        var at = 0;
        for (var i = 0; i < lengths.Length; i++)
        {
            rows[i] = values.Slice(at, lengths[i]).ToArray();
            at += lengths[i];
        }

        return rows;
    }

    private static float[][] JaggedF(ReadOnlySpan<float> values, int[] lengths)
    {
        var rows = new float[lengths.Length][];
        var at = 0;
        for (var i = 0; i < lengths.Length; i++)
        {
            rows[i] = values.Slice(at, lengths[i]).ToArray();
            at += lengths[i];
        }

        return rows;
    }

    private static double[] Flatten(double[,] matrix) => matrix.Cast<double>().ToArray();

    private static double[,] Filled(int rows, int cols, double value)
    {
        var matrix = new double[rows, cols];
        for (var i = 0; i < rows; i++)
        {
            for (var j = 0; j < cols; j++)
            {
                matrix[i, j] = value;
            }
        }

        return matrix;
    }

    private static void Fill(double[,] matrix, Random random)
    {
        for (var i = 0; i < matrix.GetLength(0); i++)
        {
            for (var j = 0; j < matrix.GetLength(1); j++)
            {
                matrix[i, j] = (random.NextDouble() * 2) - 1;
            }
        }
    }
}
