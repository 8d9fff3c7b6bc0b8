using System;
using System.Collections.Generic;

namespace GradGen.Tests.Models;

/// <summary>
/// Parameters and fields: 'in' and 'ref readonly' parameters read as values, elements of static readonly arrays and
/// spans read as constants, and inactive values written to fields once per forward sweep (an evaluation counter, a
/// cache keyed by data). Compared with finite differences in MemberTests.
/// </summary>
public partial class Members
{
    private static readonly double[] Table = { 0.5, -1.25, 2.0, 0.75 };

    private static ReadOnlySpan<double> Weights => new[] { 1.0, 2.0, 3.0, 4.0 };

    private readonly Dictionary<int, int> _seen = new();

    public static int Evaluations { get; set; }

    public static int Steps;

    public int Calls;

    /// <summary>'in' and 'ref readonly' parameters, and table lookups by a computed index.</summary>
    [Differentiable]
    public static double Weighted(in double x, ref readonly double y, double[] w)
    {
        Evaluations++;
        double s = 0;
        for (int i = 0; i < w.Length; i++)
        {
            s += Table[i % 4] * w[i] * x + Weights[(i + 1) % 4] * Math.Sin(w[i] * y);
            Steps += 1;
        }

        return s;
    }

    /// <summary>An instance method that counts its calls and records which data keys it saw.</summary>
    [Differentiable]
    public double Cached(double x, int key)
    {
        Calls = Calls + 1;
        _seen[key] = Calls;
        return x * x * Table[key % 4];
    }

    [Differentiable]
    public static double InOnly(in double x, double y) => x * Math.Exp(y);

    /// <summary>Calls a method with an 'in' parameter through its Pullback, passing a value and a variable.</summary>
    [Differentiable]
    public static double Caller(double a, double b) => InOnly(a * b, b) * InOnly(in a, 0.5);
}
