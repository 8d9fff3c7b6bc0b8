using System;
using GradGen.Tests.Models;

namespace GradGen.Tests;

/// <summary>
/// A gradient span that shares memory with an input would be silently wrong (the sweeps write the gradient while they
/// still read the inputs); the generated methods reject it, and in a Gradient also gradients sharing memory. A Pullback
/// accepts one span for two gradients: it only adds.
/// </summary>
public class AliasingTests
{
    [Fact]
    public void Gradient_rejects_a_gradient_that_overlaps_its_input()
    {
        var memory = new[] { 0.1, 0.2, 0.3, 0.4, 0.5, 0.6, 0.7 };
        var b = new[] { 1.0, 2.0, 3.0, 4.0 };
        var error = Assert.Throws<ArgumentException>(() => Aliasing.WeightedGradient(memory.AsSpan(0, 4), b, memory.AsSpan(3, 4), new double[4]));
        Assert.Equal("dA", error.ParamName);
    }

    [Fact]
    public void Gradient_rejects_a_gradient_that_overlaps_another_input()
    {
        var a = new[] { 0.1, 0.2, 0.3, 0.4 };
        var b = new[] { 1.0, 2.0, 3.0, 4.0 };
        var error = Assert.Throws<ArgumentException>(() => Aliasing.WeightedGradient(a, b, new double[4], b));
        Assert.Equal("dB", error.ParamName);
    }

    [Fact]
    public void Gradient_rejects_gradients_that_overlap_each_other()
    {
        var a = new[] { 0.1, 0.2, 0.3, 0.4 };
        var b = new[] { 1.0, 2.0, 3.0, 4.0 };
        var gradients = new double[7];
        var error = Assert.Throws<ArgumentException>(() => Aliasing.WeightedGradient(a, b, gradients.AsSpan(0, 4), gradients.AsSpan(3, 4)));
        Assert.Equal("dA", error.ParamName);
    }

    [Fact]
    public void Pullback_rejects_a_gradient_that_overlaps_an_input()
    {
        var a = new[] { 0.1, 0.2, 0.3, 0.4 };
        var b = new[] { 1.0, 2.0, 3.0, 4.0 };
        var error = Assert.Throws<ArgumentException>(() => Aliasing.WeightedPullback(a, b, 1.0, a, new double[4]));
        Assert.Equal("dA", error.ParamName);
    }

    [Fact]
    public void Disjoint_slices_of_one_array_are_accepted()
    {
        var a = new[] { 0.1, 0.2, 0.3, 0.4 };
        var b = new[] { 1.0, 2.0, 3.0, 4.0 };
        var gradients = new double[8];
        var expectedA = new double[4];
        var expectedB = new double[4];
        Aliasing.WeightedGradient(a, b, expectedA, expectedB);
        Aliasing.WeightedGradient(a, b, gradients.AsSpan(0, 4), gradients.AsSpan(4, 4));
        Assert.Equal(expectedA, gradients[..4]);
        Assert.Equal(expectedB, gradients[4..]);
        Assert.Equal(2 * 0.2 * 2.0, expectedB[1], 12); // ∂/∂b of a·b² is 2ab
        Assert.Equal((2.0 * 2.0) + Math.Cos(0.2), expectedA[1], 12); // ∂/∂a is b² + cos a
    }

    [Fact]
    public void Pullback_adds_both_contributions_into_one_shared_gradient()
    {
        var a = new[] { 0.1, 0.2, 0.3, 0.4 };
        var b = new[] { 1.0, 2.0, 3.0, 4.0 };
        var dA = new double[4];
        var dB = new double[4];
        Aliasing.WeightedPullback(a, b, 2.0, dA, dB);
        var shared = new[] { 1.0, 1.0, 1.0, 1.0 };
        Aliasing.WeightedPullback(a, b, 2.0, shared, shared);
        for (var i = 0; i < 4; i++)
        {
            Assert.Equal(1.0 + dA[i] + dB[i], shared[i], 12);
        }
    }

    [Fact]
    public void Weighted_matches_finite_differences() =>
        GradientAssert.MatchesFiniteDifferences(
            p => Aliasing.Weighted(p[..3], p[3..]),
            (p, g) => Aliasing.WeightedGradient(p[..3], p[3..], g[..3], g[3..]),
            dimension: 6);
}
