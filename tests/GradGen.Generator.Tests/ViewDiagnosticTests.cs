using System.Globalization;
using System.Linq;
using GradGen.Generator.Tests.Infrastructure;
using Microsoft.CodeAnalysis;

namespace GradGen.Generator.Tests;

/// <summary>
/// Span views of differentiable parameters (issue 19): held in locals and read element by element, or passed to span
/// parameters of [Differentiable] callees, they compile cleanly in every mode (Gradient, Pullback, Pushforward,
/// Hessian-vector product); every other use of a view of an active array is a GG error at that use, never a derivative
/// of zero. The numbers are checked in tests/GradGen.Tests/ViewTests.cs.
/// </summary>
public sealed class ViewDiagnosticTests
{
    private const string Callees = """
            [Differentiable(HessianVectorProduct = true)]
            public static double Dot(ReadOnlySpan<double> a, [NoDerivative] ReadOnlySpan<double> b)
            {
                double s = 0;
                for (int i = 0; i < a.Length; i++)
                {
                    s += a[i] * b[i];
                }

                return s;
            }

            [Differentiable(HessianVectorProduct = true)]
            public static double Both(ReadOnlySpan<double> a, Span<double> b) => a[0] * b[0] + Math.Sin(a[a.Length - 1] * b[b.Length - 1]);

            [Differentiable]
            public static double SumOfSquares(double[] a)
            {
                double s = 0;
                for (int i = 0; i < a.Length; i++)
                {
                    s += a[i] * a[i];
                }

                return s;
            }

            public static double Plain(ReadOnlySpan<double> a) => a[0];

        """;

    private static string InStaticClass(string members) => $$"""
        using System;
        using System.Linq;
        using GradGen;

        namespace Demo;

        public static partial class C
        {
        {{Callees}}
        {{members}}
        }
        """;

    private static Diagnostic Expect(string members, string id) => GeneratorHarness.AssertSingleDiagnostic(InStaticClass(members), id);

    private static string Message(Diagnostic diagnostic) => diagnostic.GetMessage(CultureInfo.InvariantCulture);

    // ---- Accepted, with forward mode and second derivatives ----

    [Theory]
    [InlineData("public static double F(ReadOnlySpan<double> w, [NoDerivative] double[] x, int n) => Dot(w.Slice(0, n), x);")]
    [InlineData("public static double F(double[] w, [NoDerivative] double[] x, int n) => Dot(w[..n], x) + Dot(w[n..], x) + Dot(w[^n..], x);")]
    [InlineData("public static double F(ReadOnlySpan<double> w, [NoDerivative] double[] x, int a, int b) => Dot(w[a..b], x) * Dot(w.Slice(a), x);")]
    [InlineData("public static double F(double[] w, [NoDerivative] double[] x, int n) => Dot(w.AsSpan(1, n), x) * Dot(w.AsSpan(n), x) + Dot(w.AsSpan(), x);")]
    [InlineData("public static double F(double[] w, int n) => Both(w.AsSpan(0, n), w.AsSpan(n)) + Both(w, w.AsSpan(1, n));")]
    [InlineData("public static float F(Span<float> w, int n) => Dot2(w[..n]) * w[0]; [Differentiable(HessianVectorProduct = true)] public static float Dot2(ReadOnlySpan<float> a) => a[0] * a[a.Length - 1];")]
    [InlineData("public static double F(ReadOnlySpan<double> w, [NoDerivative] double[] x, int n) { var h = w.Slice(1, n); var g = h[1..]; return Dot(h, x) * Dot(g, x) + Dot(g.Slice(1), x) * h[0]; }")]
    [InlineData("public static double F(ReadOnlySpan<double> w, [NoDerivative] double[] x, int n) { double s = 0; for (int i = 0; i + n <= w.Length; i++) { var h = w.Slice(i, n); s = s * Dot(h, x) + h[0]; } return s; }")]
    [InlineData("public static double F(ReadOnlySpan<double> w, [NoDerivative] double[] x, int n) => n > 2 ? Dot(w.Slice(0, n), x) : w[0] * Dot(w[1..], x);")]
    [InlineData("public static double F(double[] w, [NoDerivative] double[] x, int n) { var t = w.AsSpan()[1..].Slice(0, n); return Dot(w.AsSpan().Slice(1, n), x) + Dot(w[1..].AsSpan()[..n], x) * t[n - 1]; }")]
    [InlineData("public static double F(ReadOnlySpan<double> _tStart, [NoDerivative] double[] x, int n) { var _t = _tStart[1..][..n]; return Dot(_tStart.Slice(1).Slice(0, n), x) * _t[0]; }")]
    [InlineData("public static double F(ReadOnlySpan<double> w, int n) { var h = w.Slice(0, n); double s = 0; foreach (var e in h) { s += e * e; } return s; }")]
    [InlineData("public static double F(double[] w, ReadOnlySpan<double> u, int n) { double s = 0; foreach (ref readonly var e in w.AsSpan(0, n)) { foreach (ref readonly var f in u) s += e * f; } return s; }")]
    [InlineData("public static double F(double[] w, int n) { double s = 0; foreach (var _viewStart in w.AsSpan(1, n)) { foreach (double _i in w.AsSpan()[..n]) s += _viewStart * _i; } return s; }")]
    [InlineData("public static float F(Span<float> w, int n) { float s = 0; foreach (float e in w.Slice(1)) { if (e > 0) continue; s += e * n; } return s; }")]
    [InlineData("public static double F(double[] w, [NoDerivative] double[] x, int n) => Dot(w, ((ReadOnlySpan<double>)x).Slice(0, n)) + ((ReadOnlySpan<double>)x).IndexOf(1.0);")]
    public void Views_passed_to_callees_compile_cleanly_in_every_mode(string member)
    {
        var run = GeneratorHarness.Run(InStaticClass("[Differentiable(HessianVectorProduct = true)]\n" + member));
        Assert.Empty(run.GeneratorDiagnostics);
        GeneratorHarness.AssertCompilesCleanly(run);
        Assert.Contains(run.GeneratedSources, s => s.Key.EndsWith(".F.g.cs", System.StringComparison.Ordinal) && s.Value.Contains("FHessianVectorProduct(", System.StringComparison.Ordinal));
    }

    [Fact]
    public void A_view_argument_pulls_back_into_the_same_slice_of_the_gradient()
    {
        var run = GeneratorHarness.Run(InStaticClass("""
                [Differentiable]
                public static double F(double[] w, [NoDerivative] double[] x, int n) => Dot(w.AsSpan(2, n), x);
            """));
        GeneratorHarness.AssertCompilesCleanly(run);
        var generated = run.GeneratedSources.Single(s => s.Key.EndsWith(".F.g.cs", System.StringComparison.Ordinal)).Value;
        Assert.Contains("global::Demo.C.DotPullback(((global::System.ReadOnlySpan<double>)w).Slice(2, global::GradGen.SpanViews.Count(w.Length, 2, n)), x, ", generated, System.StringComparison.Ordinal);
        Assert.Contains(", dW.Slice(2, global::GradGen.SpanViews.Count(w.Length, 2, n)));", generated, System.StringComparison.Ordinal);
    }

    // ---- Refused: each at the use it cannot follow ----

    [Fact]
    public void GG0017_ArrayRangeToAnArrayParameter()
    {
        // An array range is a copy (a new array per call); only span parameters take views.
        var diagnostic = Expect("""
                [Differentiable]
                public static double F(double[] w, int n) => SumOfSquares([|w[..n]|]);
            """, "GG0017");
        Assert.Contains("'w[..n]' makes a view or copy of 'w'", Message(diagnostic));
        Assert.Contains("span parameter of a [Differentiable] method", Message(diagnostic));
    }

    [Theory]
    [InlineData("public static double F(double[] w, int n) => SumOfSquares([|w.ToArray()|]);")]
    [InlineData("public static double F(double[] w, int n) { var m = [|w.AsMemory(1, n)|]; return m.Span[0]; }")]
    [InlineData("public static double F(ReadOnlySpan<double> w, int n) => Plain([|w.Slice(0, n)|]);")]
    [InlineData("public static double F(ReadOnlySpan<double> w, int n) { var h = w.Slice(0, n); return Plain([|h|]); }")]
    [InlineData("public static double F(ReadOnlySpan<double> w, int n) { var h = w.Slice(0, n); return Dot(w, [|h|]); }")]
    [InlineData("public static double F(double[] w, [NoDerivative] double[] x, int n) => Dot([|w.AsSpan(n > 0 ? 1 : 0)|].Slice(0, n), x);")]
    public void GG0017_ViewsWhereTheDerivativeWouldBeLost(string member) => Expect("[Differentiable]\n" + member, "GG0017");

    [Theory]
    [InlineData("public static double F(ReadOnlySpan<double> w, int n) { var h = w.Slice(0, n); [|h = w.Slice(1, n)|]; return h[0]; }")]
    [InlineData("public static double F(ReadOnlySpan<double> w, int n) { ReadOnlySpan<double> [|h = n > 2 ? w.Slice(0, n) : w|]; return h[0]; }")]
    [InlineData("public static double F(double[] w, int n) { double[] h = new double[n]; h[0] = w[0]; ReadOnlySpan<double> [|v = h.AsSpan(0, 1)|]; return v[0]; }")]
    [InlineData("public static double F(double[] w, [NoDerivative] double[] x, int n) { double[] h = new double[n]; h[0] = w[0]; return Dot([|h.AsSpan(0, 1)|], x); }")]
    [InlineData("public static double F(double[] w, [NoDerivative] double[] x, int n) { double[] h = new double[n]; h[0] = w[0]; return Dot([|h[..1]|], x); }")]
    [InlineData("public static double F(double[] w, [NoDerivative] double[] x, int n) => Dot([|w.AsSpan(n > 0 ? 1 : 0, n)|], x);")]
    [InlineData("public static double F(double[] w, int n) { var h = w.AsSpan(1, n); return Dot(w, [|h[1..]|]); }")]
    [InlineData("public static double F(double[] w, int n) { double s = 0; foreach ([|ref var e|] in w.AsSpan(0, n)) { s += e; } return s; }")]
    [InlineData("public static double F(Span<double> w) { double s = 0; foreach ([|ref var e|] in w) { e *= 2; s += e; } return s * w[0]; }")]
    [InlineData("public static double F(double[] w) { Span<double> h = stackalloc double[2]; h[0] = w[0]; h[1] = w[1]; foreach ([|ref var v|] in h) { v *= 3; } return h[0] * h[1]; }")]
    [InlineData("public static double F(double[] w, int n) { double s = 0; foreach (var e in [|w[..n]|]) { s += e; } return s; }")]
    public void GG0004_ViewsThatStayUnsupported(string member) => Expect("[Differentiable]\n" + member, "GG0004");

    [Fact]
    public void GG0005_AWriteThroughAView()
    {
        // Parameters are read-only to GradGen; a view of one is too.
        Expect("""
                [Differentiable]
                public static double F(double[] w, int n)
                {
                    Span<double> h = w.AsSpan(0, n);
                    [|h[0] = 1|];
                    return h[0] * w[1];
                }
            """, "GG0005");
    }

    [Fact]
    public void GG0004_AViewOfAVectorOutput()
    {
        Expect("""
                [Differentiable]
                public static void V(ReadOnlySpan<double> w, [NoDerivative] double[] x, int n, [DifferentiableOutput] Span<double> r)
                {
                    r[0] = Dot([|r.Slice(0, n)|], x) * w[0];
                }
            """, "GG0004");
    }
}
