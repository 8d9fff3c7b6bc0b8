using System.Linq;
using GradGen.Generator.Tests.Infrastructure;

namespace GradGen.Generator.Tests;

/// <summary>
/// Rectangular and jagged arrays in the company of the rest of the language (instance methods, nullable and keyword
/// names, 'in', LINQ lowering, tuples, switch, throws, logging, lambdas, calls inside loops): accepted ones compile
/// cleanly, the rest are refused with the id given.
/// </summary>
public sealed class MatrixCombinationTests
{
    private static string Src(string members) => $$"""
        using System;
        using System.Linq;
        using GradGen;

        namespace Demo;

        public partial class C
        {
            [Differentiable]
            public static double Total(double[,] m, [NoDerivative] double[,] k) => m[0, 0] * k[0, 0];

        {{members}}
        }
        """;

    [Theory]
    [InlineData("[Differentiable] public static double F(in double[,] a, double[]? w) => a[0, 0] * w![0];")]
    [InlineData("[Differentiable] public double F(double[,]? a, float[][] @double) => a![0, 1] * @double[0][1];")]
    [InlineData("[Differentiable] public static double F(double[][] _i, int _rIndex) { double s = 0; foreach (var _i0 in _i) foreach (ReadOnlySpan<double> _iIndex in _i) s += _i0[0] * _iIndex[_iIndex.Length - 1] * _rIndex; return s; }")]
    [InlineData("[Differentiable] public static float F(float[][] @double) { float s = 0; foreach (float[] row in @double) { if (row.Length == 0) continue; s += row[0] * row.Length; } return s; }")]
    [InlineData("[Differentiable] public static double F(double[,] _row0, double[][] _row1) { double s = 0; for (int i = 0; i < _row1.Length; i++) s += _row0[i, 0] * _row1[i][0]; return s; }")]
    [InlineData("[Differentiable] public static double F(double[,] a, int n) => Enumerable.Range(0, n).Sum(i => a[i, i]);")]
    [InlineData("[Differentiable] public static double F(double[,] a) { var (p, q) = (a[0, 0], a[0, 1]); return p * q; }")]
    [InlineData("[Differentiable] public static double F(double[,] a, double x) { double[,] h = new double[2, 2]; (h[0, 0], h[0, 1]) = (x * a[0, 0], x); h[1, 1]++; h[1, 0] += h[0, 0] * h[0, 1]; return h[1, 0] + h[1, 1]; }")]
    [InlineData("[Differentiable] public static double F(double[,] a, double x) { double[,] h = new double[a.GetLength(0), a.GetLength(1)]; if (x < 0) return x; for (int i = 0; i < a.GetLength(0); i++) for (int j = 0; j < a.GetLength(1); j++) h[i, j] = a[i, j] > 0 ? Math.Exp(a[i, j] * x) : x; return h[0, 0] * h[a.GetLength(0) - 1, a.GetLength(1) - 1]; }")]
    [InlineData("[Differentiable] public static double F(double[,] a, [NoDerivative] double[,] k) { double s = 0; for (int i = 0; i < 3; i++) { s += Total(a, k) * i; } return s; }")]
    [InlineData("[Differentiable] public static double F(double[][] a) { if (a.Length == 0) throw new ArgumentException(\"empty\"); return a[0][0] * a[0].Length; }")]
    [InlineData("[Differentiable] public static double F(double[,] a) { _ = a ?? throw new ArgumentNullException(nameof(a)); return a[0, 0]; }")]
    [InlineData("[Differentiable] public static double F(double[][] a) => a[0][0] switch { > 0 => a[0][0], _ => -a[0][0] };")]
    [InlineData("[Differentiable] public static float F(float[,] a, double d) => (float)(a[0, 0] * d);")]
    [InlineData("[Differentiable] public static double F(double[,] a) { Console.WriteLine($\"{a[0, 0]} {a.Rank} {a.LongLength}\"); return a[0, 0] + a.GetLength(a.Rank - 1); }")]
    [InlineData("[Differentiable] public static double F(double[][] a) { var r = a[0]; Func<int, double> f = k => r[k] * r[k]; return f(0); }")]
    public void Accepted_and_compiles_cleanly(string member)
    {
        var run = GeneratorHarness.Run(Src(member));
        Assert.Empty(run.GeneratorDiagnostics);
        GeneratorHarness.AssertCompilesCleanly(run);
    }

    [Theory]
    [InlineData("[Differentiable] public static double F(double[,] a) => Total(a, a);", "GG0009")]
    [InlineData("[Differentiable] public static double F(double[][] a, int i) => a[i..][0][0];", "GG0004")]
    [InlineData("[Differentiable] public static double F(double[][] a) => a.Select(r => r[0]).Sum();", "GG0004")]
    [InlineData("[Differentiable] public static double F(double[][] a) { double[][] b = a; return b[0][0]; }", "GG0038")]
    [InlineData("[Differentiable] public static double F(double[,] a) => ((double[,])a.Clone())[0, 0];", "GG0004")]
    [InlineData("[Differentiable] public static double F(double[,] a) => a.Cast<double>().First();", "GG0006")]
    [InlineData("[Differentiable] public static double F(double[][] a) => a[0].Sum();", "GG0038")]
    [InlineData("[Differentiable] public static double F(double[][] a) { var r = a[0]; return r.Max(); }", "GG0038")]
    [InlineData("[Differentiable] public static double F(double[,] a) { double[,] h = new double[1, 1]; h[0, 0] = a[0, 0]; return Total(h, h); }", "GG0038")]
    [InlineData("[Differentiable] public static double F(double[,] a) { ref double c = ref a[0, 0]; return c; }", "GG0004")]
    [InlineData("[Differentiable] public static double F(double[,] a) { Array.Copy(a, a, 1); return a[0, 0]; }", "GG0004")]
    [InlineData("[Differentiable] public static double F(double[][] a) { a[0].AsSpan().Fill(1); return a[0][0]; }", "GG0038")]
    [InlineData("[Differentiable] public static double F(double[][] a) { double t = 0; foreach (var r in a) t += r.Sum(); return t; }", "GG0038")]
    [InlineData("[Differentiable] public static double F(double[][] a) { double t = 0; foreach (var r in a) { ReadOnlySpan<double> s = r; t += s[0]; } return t; }", "GG0004")]
    [InlineData("[Differentiable] public static double F(double[,] a) { double t = 0; foreach (var v in a) t += v; return t; }", "GG0038")]
    public void Refused(string member, string id)
    {
        var run = GeneratorHarness.Run(Src(member));
        Assert.Contains(run.GeneratorDiagnostics, d => d.Id == id && d.Severity == Microsoft.CodeAnalysis.DiagnosticSeverity.Error);
    }
}
