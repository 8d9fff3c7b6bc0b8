using System;
using GradGen.Tests.Models;

namespace GradGen.Tests;

/// <summary>The models of <see cref="OrdinaryCode"/>, <see cref="Shaper"/> and <see cref="CubeShaper"/> against finite differences.</summary>
public class OrdinaryCodeTests
{
    [Theory]
    [InlineData(Shape.Flat, Options.None)]
    [InlineData(Shape.Square, Options.Scale)]
    [InlineData(Shape.Cube, Options.Shift)]
    [InlineData(Shape.Square, Options.Scale | Options.Shift)]
    public void EnumBranches_matches_finite_differences(Shape shape, Options options) =>
        GradientAssert.MatchesFiniteDifferences(
            p => OrdinaryCode.EnumBranches(p[0], shape, options),
            (p, g) => OrdinaryCode.EnumBranchesGradient(p[0], shape, options, out g[0]),
            dimension: 1);

    [Theory]
    [InlineData(5)]
    [InlineData(150)]
    public void StringLengths_matches_finite_differences(int n) =>
        GradientAssert.MatchesFiniteDifferences(
            p => OrdinaryCode.StringLengths(p[0], n),
            (p, g) => OrdinaryCode.StringLengthsGradient(p[0], n, out g[0]),
            dimension: 1);

    [Fact]
    public void CheckedScale_matches_finite_differences_and_throws_where_the_method_throws()
    {
        GradientAssert.MatchesFiniteDifferences(
            p => OrdinaryCode.CheckedScale(p[0], 7),
            (p, g) => OrdinaryCode.CheckedScaleGradient(p[0], 7, out g[0]),
            dimension: 1);

        Assert.Throws<OverflowException>(() => OrdinaryCode.CheckedScale(1.0, 50_000));
        Assert.Throws<OverflowException>(() => OrdinaryCode.CheckedScaleGradient(1.0, 50_000, out _));
    }

    [Fact]
    public void WithDirectives_and_its_caller_match_finite_differences()
    {
        GradientAssert.MatchesFiniteDifferences(
            p => OrdinaryCode.WithDirectives(p[0]),
            (p, g) => OrdinaryCode.WithDirectivesGradient(p[0], out g[0]),
            dimension: 1);
        GradientAssert.MatchesFiniteDifferences(
            p => OrdinaryCode.CallsWithDirectives(p[0]),
            (p, g) => OrdinaryCode.CallsWithDirectivesGradient(p[0], out g[0]),
            dimension: 1);
    }

    [Fact]
    public void An_override_is_differentiated_through_a_reference_of_the_base_type()
    {
        Shaper shaper = new CubeShaper();
        GradientAssert.MatchesFiniteDifferences(
            p => shaper.Curve(p[0]),
            (p, g) => shaper.CurveGradient(p[0], out g[0]),
            dimension: 1);
    }

    [Fact]
    public void A_caller_in_the_base_differentiates_the_override_that_runs()
    {
        Shaper shaper = new CubeShaper();
        GradientAssert.MatchesFiniteDifferences(
            p => shaper.Twice(p[0]),
            (p, g) => shaper.TwiceGradient(p[0], out g[0]),
            dimension: 1);

        var plain = new Shaper();
        GradientAssert.MatchesFiniteDifferences(
            p => plain.Twice(p[0]),
            (p, g) => plain.TwiceGradient(p[0], out g[0]),
            dimension: 1);
    }
}
