using System.Globalization;
using GradGen.Generator.Tests.Infrastructure;
using Microsoft.CodeAnalysis;

namespace GradGen.Generator.Tests;

/// <summary>
/// Everyday C# around the numbers (guards, throws, logging, 'in' parameters, fields): what is accepted compiles
/// cleanly, what stays refused is reported with its id at its exact span.
/// </summary>
public sealed class EverydayDiagnosticTests
{
    private static string InClass(string members) => $$"""
        using System;
        using System.Collections.Generic;
        using System.Globalization;
        using GradGen;

        namespace Demo;

        public partial class C
        {
        {{members}}
        }
        """;

    private static string Message(Diagnostic diagnostic) => diagnostic.GetMessage(CultureInfo.InvariantCulture);

    private static Diagnostic Expect(string members, string id) => GeneratorHarness.AssertSingleDiagnostic(InClass(members), id);

    private static void Accepted(string members)
    {
        var run = GeneratorHarness.Run(InClass(members));
        Assert.Empty(run.GeneratorDiagnostics);
        GeneratorHarness.AssertCompilesCleanly(run);
    }

    // ---- Throws ----

    [Fact]
    public void GG0004_ObjectCreationOutsideAThrow()
    {
        var diagnostic = Expect("""
                [Differentiable]
                public static double F(double x) => [|new Random(1)|].NextDouble() * x;
            """, "GG0004");

        Assert.Contains("the object creation", Message(diagnostic));
    }

    [Fact]
    public void GG0004_ThrowOfAnExistingException()
    {
        var diagnostic = Expect("""
                private static readonly Exception Bad = new ArgumentException("bad");

                [Differentiable]
                public static double F(double x)
                {
                    if (x < 0) [|throw Bad;|]
                    return x * x;
                }
            """, "GG0004");

        Assert.Contains("throw a new exception created in the throw", Message(diagnostic));
    }

    [Fact]
    public void GG0004_LoopBodyThatAlwaysThrows()
    {
        var diagnostic = Expect("""
                [Differentiable]
                public static double F(double x, int n)
                {
                    double s = 0;
                    while (s < n)
                    {
                        s += x;
                        if (s > 1) [|throw new InvalidOperationException("big");|] else throw new ArgumentException("small");
                    }

                    return s;
                }
            """, "GG0004");

        Assert.Contains("a loop body that always throws", Message(diagnostic));
    }

    [Fact]
    public void GG0004_CoalesceThrowInALoopCondition()
    {
        Expect("""
                [Differentiable]
                public static double F(double x, [NoDerivative] double[] w)
                {
                    var k = 0;
                    while (k < ([|w ?? throw new ArgumentNullException(nameof(w))|]).Length)
                    {
                        k++;
                    }

                    return x * k;
                }
            """, "GG0004");
    }

    [Fact]
    public void Accepted_GuardsThrowExpressionsAndSwitchDefaults()
    {
        Accepted("""
                [Differentiable]
                public static double F(double x, double[] w, int mode)
                {
                    _ = w ?? throw new ArgumentNullException(nameof(w));
                    if (w.Length == 0) throw new ArgumentException("empty", nameof(w));
                    double s = 0;
                    foreach (var v in w)
                    {
                        if (v < 0) throw new ArgumentOutOfRangeException(nameof(w), v, $"negative {v:F2}");
                        s += v > 10 ? throw new InvalidOperationException() : v * x;
                    }

                    switch (mode)
                    {
                        case 0: return s;
                        case 1: return x > 0 ? Math.Log(x) * s : throw new ArgumentOutOfRangeException(nameof(x));
                        default: throw new ArgumentOutOfRangeException(nameof(mode));
                    }
                }
            """);
    }

    // ---- Logging ----

    [Fact]
    public void GG0006_InterpolatedStringParsedBack()
    {
        var diagnostic = Expect("""
                [Differentiable]
                public static double F(double x) => [|double.Parse($"{x:R}", CultureInfo.InvariantCulture)|] * x;
            """, "GG0006");

        Assert.Contains("passes '$\"{x:R}\"'", Message(diagnostic));
    }

    [Fact]
    public void GG0006_ConcatenationParsedBackThroughALocal()
    {
        Expect("""
                [Differentiable]
                public static double F(double x)
                {
                    string text = "" + x;
                    return [|double.Parse(text, CultureInfo.InvariantCulture)|] * x;
                }
            """, "GG0006");
    }

    [Fact]
    public void GG0006_BoxedValueReturnedByACall()
    {
        Expect("""
                private static object Keep(object o) => o;

                [Differentiable]
                public static double F(double x) => (double)[|Keep(x)|] * x;
            """, "GG0006");
    }

    [Fact]
    public void GG0006_BoxedValueKeptInAList()
    {
        Expect("""
                [Differentiable]
                public static double F(double x, List<object> kept)
                {
                    [|kept.Add(x)|];
                    return x * x;
                }
            """, "GG0006");
    }

    [Fact]
    public void Accepted_Logging()
    {
        Accepted("""
                [Differentiable]
                public static double F(double x, double y)
                {
                    double loss = x * x + y;
                    Console.WriteLine($"loss {loss,10:F4} {{x}} \"{x}\" {(y > 0 ? y : -y):E2} {Math.Abs(x)}");
                    Console.WriteLine("sse = " + loss);
                    Console.WriteLine("{0} {1:F3}", loss, y);
                    System.Diagnostics.Debug.WriteLine(string.Format(CultureInfo.InvariantCulture, "{0:F3}", x));
                    string text = $"x = {x.ToString("F3", CultureInfo.InvariantCulture)}";
                    Console.WriteLine(text + " " + x.ToString());
                    return loss * y;
                }
            """);
    }

    // ---- Parameters and fields ----

    [Fact]
    public void GG0005_InactiveWriteToAFieldTheMethodReads()
    {
        var diagnostic = Expect("""
                public static double Scale = 2;

                [Differentiable]
                public static double F(double x)
                {
                    double y = x * x * Scale;
                    [|Scale = 3|];
                    return y;
                }
            """, "GG0005");

        Assert.Contains("field 'Scale'", Message(diagnostic));
    }

    [Fact]
    public void GG0005_ActiveKeyOfAFieldDictionary()
    {
        var diagnostic = Expect("""
                private readonly Dictionary<double, int> _seen = new();

                [Differentiable]
                public double F(double x)
                {
                    [|_seen[x] = 1|];
                    return x * x;
                }
            """, "GG0005");

        Assert.Contains("field '_seen'", Message(diagnostic));
    }

    [Fact]
    public void GG0005_ActiveTextToAStringField()
    {
        Expect("""
                public static string Last = "";

                [Differentiable]
                public static double F(double x)
                {
                    [|Last = $"{x}"|];
                    return x * x;
                }
            """, "GG0005");
    }

    [Fact]
    public void GG0004_RefReadonlyArgument()
    {
        var diagnostic = Expect("""
                [Differentiable]
                public static double H(ref readonly double x) => x * x;

                [Differentiable]
                public static double G(double a) => H([|in a|]);
            """, "GG0004");

        Assert.Contains("the 'ref readonly' argument 'in a'", Message(diagnostic));
    }

    [Fact]
    public void GG0003_RefParameterStaysRefused()
    {
        Expect("""
                [Differentiable]
                public static double F([|ref double x|]) => x * x;
            """, "GG0003");
    }

    [Fact]
    public void Accepted_InParametersTablesCountersAndCaches()
    {
        Accepted("""
                private static readonly double[] Table = { 1, 2, 3 };
                private static ReadOnlySpan<float> Half => new[] { 0.5f, 1.5f };
                private const double Offset = 0.25;
                private readonly Dictionary<int, int> _seen = new();
                public static int Evaluations;
                public int Calls { get; set; }
                public static string Note = "";

                [Differentiable]
                public double F(in double x, ref readonly double y, int k)
                {
                    Evaluations++;
                    Calls += 2;
                    _seen[k] = Calls;
                    Note = "k = " + k;
                    return Table[k % 3] * x * y + Half[k % 2] * x + Offset;
                }

                [Differentiable]
                public static double H(in double x, double y) => x * Math.Exp(y);

                [Differentiable]
                public double G(double a) => H(a * a, a) + H(in a, 2);
            """);
    }

    // ---- GG0015 only where a flat value is used as a number ----

    [Fact]
    public void GG0015_NotReported_ForIntegersUsedAsIntegers()
    {
        Accepted("""
                [Differentiable]
                public static double Interpolate(double t, [NoDerivative] double[] table)
                {
                    int i = (int)Math.Floor(t);
                    int j = (int)(t * 2) % 2;
                    if (Math.Round(t) > 3 || i < 0 || i + 1 >= table.Length) return t;
                    double frac = t - i;
                    return table[i] * (1 - frac) + table[i + 1] * frac + j;
                }
            """);
    }

    [Fact]
    public void GG0015_Reported_ForAFlatValueInArithmetic()
    {
        var diagnostic = Expect("""
                [Differentiable]
                public static double Quantized(double x) => [|(int)(x * 10)|] * 0.1 + x;
            """, "GG0015");

        Assert.Contains("The conversion to 'int'", Message(diagnostic));
    }

    // ---- Messages that name the construct and say what works ----

    [Fact]
    public void GG0028_DelegateParameterCalledOnAnActiveValue()
    {
        var diagnostic = Expect("""
                [Differentiable]
                public static double Layer(double w, double x, Func<double, double> activation)
                {
                    double z = w * x;
                    return [|activation(z)|];
                }
            """, "GG0028");

        var message = Message(diagnostic);
        Assert.Contains("The delegate 'activation' is called with 'z'", message);
        Assert.Contains("call a [Differentiable] method directly", message);
    }

    [Fact]
    public void Accepted_DelegateOnData()
    {
        Accepted("""
                [Differentiable]
                public static double Layer(double w, [NoDerivative] double x, Func<double, double> scale) => w * scale(x);
            """);
    }

    [Fact]
    public void GG0004_FixedNamesThePointer()
    {
        var diagnostic = Expect("""
                [Differentiable]
                public static unsafe double Sum(double[] w)
                {
                    double s = 0;
                    fixed (double* [|p = w|])
                    {
                        for (int i = 0; i < w.Length; i++)
                        {
                            s += p[i] * p[i];
                        }
                    }

                    return s;
                }
            """, "GG0004");

        var message = Message(diagnostic);
        Assert.Contains("the pointer 'p' of a 'fixed' statement", message);
        Assert.DoesNotContain("for (", message);
        Assert.Contains("index the array or span itself", message);
    }

    [Fact]
    public void GG0004_PointerLocalNamed()
    {
        var diagnostic = Expect("""
                [Differentiable]
                public static unsafe double Square(double x)
                {
                    double* [|p = stackalloc double[1]|];
                    return x * x;
                }
            """, "GG0004");

        Assert.Contains("the pointer 'p'", Message(diagnostic));
    }

    // ---- Increments used as values ----

    [Fact]
    public void Increments_used_as_values_are_accepted()
    {
        Accepted("""
                [Differentiable]
                public static double F(double[] w, double x)
                {
                    double[] h = new double[w.Length];
                    int k = 0;
                    for (int i = 0; i < w.Length; i++)
                    {
                        h[k++] = w[i] * x;
                        if (k-- > 2 && x > ++i) x += h[++k - 1];
                    }

                    return h[--k] * x++ + x;
                }
            """);
    }

    [Fact]
    public void GG0004_IncrementInALoopCondition()
    {
        var diagnostic = Expect("""
                [Differentiable]
                public static double F(double x, int n)
                {
                    double r = 0;
                    while ([|n--|] > 0) r += x;
                    return r;
                }
            """, "GG0004");

        Assert.Contains("before the loop and at the end of its body", Message(diagnostic));
    }

    [Fact]
    public void GG0004_IncrementAfterAReadOfItsVariable()
    {
        var diagnostic = Expect("""
                [Differentiable]
                public static double F(double[] w)
                {
                    int k = 0;
                    return w[k] + w[[|k++|]];
                }
            """, "GG0004");

        Assert.Contains("'k++' in an expression that reads 'k' before it", Message(diagnostic));
    }

    [Fact]
    public void GG0004_IncrementAfterACallToALambdaThatReadsItsVariable()
    {
        // Inlined where it is called, the lambda would read k after the lifted increment: 'f(2) + w[k++]' read w[0] twice
        // in the method and w[1], then w[0] here (a wrong value and gradient without a diagnostic before this check).
        var diagnostic = Expect("""
                [Differentiable]
                public static double F(double[] w)
                {
                    int k = 0;
                    Func<double, double> f = v => v * w[k];
                    double Local() => w[k];
                    return f(2.0) + Local() + w[[|k++|]];
                }
            """, "GG0004");

        Assert.Contains("after a call to a lambda or local function", Message(diagnostic));
    }

    [Fact]
    public void GG0004_CopyWithinOneArray()
    {
        // Array.Copy moves overlapping elements as if through a buffer; an element loop would smear h[0] forward.
        var diagnostic = Expect("""
                [Differentiable]
                public static double F(double[] w)
                {
                    double[] h = new double[4];
                    h[0] = w[0];
                    h[1] = w[1];
                    [|h.CopyTo(h, 1)|];
                    return h[2] * h[1];
                }
            """, "GG0004");

        Assert.Contains("which may write the array or span 'h'", Message(diagnostic));
    }

    [Fact]
    public void GG0004_IncrementInALambda()
    {
        Expect("""
                [Differentiable]
                public static double F(double x)
                {
                    int k = 0;
                    Func<double, double> f = v => v * [|k++|];
                    return f(x);
                }
            """, "GG0004");
    }

    // ---- Array initializers ----

    [Fact]
    public void Array_initializers_and_collection_expressions_are_accepted()
    {
        Accepted("""
                [Differentiable]
                public static double F(double[] w, double x)
                {
                    double[] a = { 1, x, 2.5 };
                    var b = new[] { x * x, w[0] };
                    double[] c = [a[1], b[0], 3];
                    Span<double> d = [x, 1.0];
                    double s = 0;
                    for (int i = 0; i < 3; i++)
                    {
                        double[] e = new double[] { w[i % w.Length], i };
                        s += a[i] * c[i] + e[0] * e[1];
                    }

                    return s + d[0] * b[1];
                }
            """);
    }

    [Fact]
    public void GG0004_ReadOnlySpanGivenValues()
    {
        var diagnostic = Expect("""
                [Differentiable]
                public static double F(double x)
                {
                    ReadOnlySpan<double> [|c = [1.0, x]|];
                    return c[0] * c[1];
                }
            """, "GG0004");

        Assert.Contains("the array or span local 'c'", Message(diagnostic));
    }
}
