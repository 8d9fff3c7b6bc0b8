using System.Globalization;
using System.Linq;
using GradGen.Generator.Tests.Infrastructure;
using Microsoft.CodeAnalysis;

namespace GradGen.Generator.Tests;

/// <summary>
/// Local functions and calls inside '?:', '&amp;&amp;' and '||': what is accepted compiles cleanly, what stays refused is
/// reported once, with its id, at its exact span.
/// </summary>
public sealed class LocalFunctionDiagnosticTests
{
    private static string InClass(string members) => $$"""
        using System;
        using System.Linq;
        using GradGen;

        namespace Demo;

        public static partial class C
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

    [Fact]
    public void GG0040_DirectRecursion_AtTheRecursiveCall()
    {
        var diagnostic = Expect("""
                [Differentiable]
                public static double F(double x, int n)
                {
                    double Power(double v, int k) => k == 0 ? 1.0 : v * [|Power(v, k - 1)|];
                    return Power(x, n);
                }
            """, "GG0040");

        Assert.Contains("The local function 'Power' cannot be differentiated as part of 'F': it calls itself", Message(diagnostic));
        Assert.Contains("write the recursion as a loop", Message(diagnostic));
    }

    [Fact]
    public void GG0040_MutualRecursion_WhereTheCycleCloses()
    {
        var diagnostic = Expect("""
                [Differentiable]
                public static double F(double x, int n)
                {
                    double Even(double v, int k) => k == 0 ? v : Odd(v * 0.5, k - 1);
                    double Odd(double v, int k) => k == 0 ? -v : [|Even(v * v, k - 1)|];
                    return Even(x, n);
                }
            """, "GG0040");

        Assert.Contains("it calls itself through 'Odd'", Message(diagnostic));
    }

    [Fact]
    public void GG0040_RefParameter_AtTheParameter()
    {
        var diagnostic = Expect("""
                [Differentiable]
                public static double F(double x)
                {
                    void Bump([|ref double v|]) => v *= 2;
                    var y = x;
                    Bump(ref y);
                    return y;
                }
            """, "GG0040");

        Assert.Contains("it has the 'ref' parameter 'v'", Message(diagnostic));
    }

    [Fact]
    public void GG0040_GenericFunction_AtItsTypeParameters()
    {
        var diagnostic = Expect("""
                [Differentiable]
                public static double F(double x)
                {
                    T Same[|<T>|](T v) => v;
                    return Same(x) * x;
                }
            """, "GG0040");

        Assert.Contains("it is generic", Message(diagnostic));
    }

    [Fact]
    public void GG0040_MethodGroupAsADelegate_AtTheName()
    {
        var diagnostic = Expect("""
                [Differentiable]
                public static double F(double[] w, double x)
                {
                    double Scaled(double v) => v * x;
                    return w.Select([|Scaled|]).Sum();
                }
            """, "GG0040");

        Assert.Contains("it is used as a delegate", Message(diagnostic));
        Assert.Contains("'v => Scaled(v)'", Message(diagnostic));
    }

    [Fact]
    public void GG0040_CapturedWriteInsideAnExpression_AtTheCall()
    {
        var diagnostic = Expect("""
                [Differentiable]
                public static double F(double x)
                {
                    var total = x;
                    double Step(double v)
                    {
                        total = total * v;
                        return total;
                    }

                    return total + [|Step(x)|];
                }
            """, "GG0040");

        Assert.Contains("it writes the captured variable 'total' and is called inside an expression", Message(diagnostic));
    }

    [Fact]
    public void GG0040_CapturedWriteInALambdaBody_AtTheCall()
    {
        var diagnostic = Expect("""
                [Differentiable]
                public static double F(double x)
                {
                    var total = x;
                    double Step(double v)
                    {
                        total = total * v;
                        return total;
                    }

                    Func<double, double> g = v => [|Step(v)|];
                    return total + g(x);
                }
            """, "GG0040");

        Assert.Contains("it writes the captured variable 'total' and is called inside an expression", Message(diagnostic));
    }

    [Fact]
    public void GG0040_ArrayWrittenThroughAParameterInsideAnExpression_AtTheCall()
    {
        var diagnostic = Expect("""
                [Differentiable]
                public static double F(double x)
                {
                    var buffer = new double[2];
                    double Bump(double[] a, double v)
                    {
                        a[0] = v;
                        return v * v;
                    }

                    return buffer[0] + [|Bump(buffer, x)|];
                }
            """, "GG0040");

        Assert.Contains("it writes the caller's array or span through its parameter 'a' and is called inside an expression", Message(diagnostic));
    }

    [Fact]
    public void GG0040_TupleResultNotDeconstructed_AtTheCall()
    {
        var diagnostic = Expect("""
                [Differentiable]
                public static double F(double x)
                {
                    (double, double) Pair(double v) => (v, v * v);
                    var p = [|Pair(x)|];
                    return p.Item1 * x;
                }
            """, "GG0040");

        Assert.Contains("it returns a tuple, which is used here other than deconstructed into locals", Message(diagnostic));
    }

    [Fact]
    public void GG0040_BlockBodyInALoopCondition_AtTheCall()
    {
        var diagnostic = Expect("""
                [Differentiable]
                public static double F(double x)
                {
                    double Size(double v)
                    {
                        var s = v * v;
                        return s;
                    }

                    var y = x;
                    while ([|Size(y)|] < 100)
                    {
                        y = y * 2;
                    }

                    return y;
                }
            """, "GG0040");

        Assert.Contains("it is called in a loop condition and has statements of its own", Message(diagnostic));
    }

    [Fact]
    public void GG0041_ChainThatExplodesWhenInlined_AtTheOutermostCall()
    {
        var functions = new System.Text.StringBuilder("double F0(double v) => v * v + 1;\n");
        for (var i = 1; i <= 9; i++)
        {
            functions.Append($"double F{i}(double v) => F{i - 1}(v) + F{i - 1}(v * 2) + F{i - 1}(v * 3) + F{i - 1}(v * 4);\n");
        }

        var diagnostic = Expect($$"""
                [Differentiable]
                public static double F(double x)
                {
                    {{functions}}
                    return F1(x) + [|F9(x)|];
                }
            """, "GG0041");

        Assert.Contains("Inlining the local function 'F9' at this call makes 'F'", Message(diagnostic));
        Assert.Contains("over GradGen's limit of 60,000 nodes", Message(diagnostic));
    }

    [Fact]
    public void A_problem_in_a_function_called_twice_is_reported_once()
    {
        var diagnostic = Expect("""
                [Differentiable]
                public static double F(double x)
                {
                    double G(double v)
                    {
                        [|goto end;|]
                        end:
                        return v;
                    }

                    return G(x) * G(x * x);
                }
            """, "GG0004");

        Assert.Contains("goto", Message(diagnostic));
    }

    [Fact]
    public void Accepted_captured_write_as_a_statement_and_a_tuple_function() => Accepted("""
            [Differentiable]
            public static double F(double x, double y)
            {
                var total = 0.0;
                void Add(double v) => total += v;
                (double, double) Polar(double r, double t) => (r * Math.Cos(t), r * Math.Sin(t));
                Add(x);
                var (a, b) = Polar(x, y);
                Add(a * b);
                return total;
            }
        """);

    [Fact]
    public void GG0004_DifferentiableCallInAConditionalInALoopCondition_OnTheCall()
    {
        var diagnostic = Expect("""
                [Differentiable]
                public static double Square(double x) => x * x;

                [Differentiable]
                public static double F(double x, bool flag)
                {
                    var y = x;
                    while ((flag ? [|Square(y)|] : y) < 100)
                    {
                        y = y * 2;
                    }

                    return y;
                }
            """, "GG0004");

        Assert.Contains("a call to the [Differentiable] method 'Square' in a loop condition", Message(diagnostic));
    }

    /// <summary>
    /// A callee's failure is one error where it is, and one GG0016 at each call of a caller that needs its pullback: a
    /// recursion through '?:' adds no second error to the failing method itself, and an inactive call none.
    /// </summary>
    [Fact]
    public void A_failing_recursive_method_gets_no_second_error_and_its_caller_one_GG0016()
    {
        var source = InClass("""
                [Differentiable]
                public static double Pow(double x, int n)
                {
                    try { } finally { }
                    return n == 0 ? 1.0 : x * Pow(x, n - 1);
                }

                [Differentiable]
                public static double Caller(double x, double y) => Pow(x, 3) + (y > 0 ? Pow(2.0, 2) * y : y);
            """);
        var run = GeneratorHarness.Run(source);
        var ids = run.GeneratorDiagnostics.Select(d => d.Id).OrderBy(id => id).ToArray();
        Assert.Equal(new[] { "GG0004", "GG0016" }, ids);
        var callerError = run.GeneratorDiagnostics.Single(d => d.Id == "GG0016");
        Assert.Equal("Pow(x, 3)", source.Substring(callerError.Location.SourceSpan.Start, callerError.Location.SourceSpan.Length));
    }

    [Fact]
    public void GG0004_DifferentiableCallInASwitchGuard_OnTheCall()
    {
        var diagnostic = Expect("""
                [Differentiable]
                public static double Square(double x) => x * x;

                [Differentiable]
                public static double F(double x) => x switch
                {
                    > 0 when [|Square(x)|] > 2 => x,
                    _ => -x,
                };
            """, "GG0004");

        Assert.Contains("a call to the [Differentiable] method 'Square' in a 'switch' expression guard", Message(diagnostic));
    }

    [Fact]
    public void Accepted_calls_in_conditionals_and_short_circuits() => Accepted("""
            [Differentiable]
            public static double Log1pExp(double x) => Math.Log(1 + Math.Exp(x));

            [Differentiable]
            public static double F(double x, bool flag, int n)
            {
                var s = x >= 0 ? -Log1pExp(-x) : x - Log1pExp(x);
                if (flag && Log1pExp(s) > 1 || !flag && n > 0 ? Log1pExp(x) > 2 : false)
                {
                    s = s * 2;
                }

                Func<double, double> g = v => v * x;
                return n == 0 ? s : g(s + 1);
            }
        """);
}
