using System.Linq;
using GradGen.Generator.Tests.Infrastructure;
using Microsoft.CodeAnalysis;

namespace GradGen.Generator.Tests;

/// <summary>
/// Every GradGen diagnostic (GG0001-GG0008) on exactly the span its descriptor promises, with a message that names
/// the construct and the method; plus which files are generated when some methods have errors.
/// </summary>
public sealed class DiagnosticTests
{
    /// <summary>
    /// <see cref="GeneratorHarness.AssertSingleDiagnostic"/> once the generator reports source locations. Until then
    /// (it reports external-file locations, see <see cref="Diagnostics_AreLocatedInTheSourceTree"/>) the same checks
    /// against the file path and span the location carries: one generator diagnostic, this id, Test0.cs, exactly the
    /// marked span, and no other warning or error.
    /// </summary>
    private static Diagnostic Expect(string markup, string id)
    {
        GeneratorHarness.ParseMarkup(markup, out var source, out var span);
        var run = GeneratorHarness.Run(source);
        if (run.GeneratorDiagnostics.Length == 1 && run.GeneratorDiagnostics[0].Location.IsInSource)
        {
            return GeneratorHarness.AssertSingleDiagnostic(markup, id);
        }

        var diagnostic = Assert.Single(run.GeneratorDiagnostics);
        Assert.Equal(id, diagnostic.Id);
        Assert.Equal(DiagnosticSeverity.Error, diagnostic.Severity);
        Assert.Equal("Test0.cs", diagnostic.Location.GetLineSpan().Path);
        Assert.Equal(source.Substring(span.Start, span.Length), Text(source, diagnostic));
        Assert.Equal(span, diagnostic.Location.SourceSpan);
        Assert.Empty(run.CompilationDiagnostics);
        Assert.Empty(run.GeneratedSources);
        return diagnostic;
    }

    /// <summary>The text a diagnostic covers in <paramref name="source"/>, whatever kind of location it has.</summary>
    private static string Text(string source, Diagnostic diagnostic) =>
        source.Substring(diagnostic.Location.SourceSpan.Start, diagnostic.Location.SourceSpan.Length);

    private static string Message(Diagnostic diagnostic) => diagnostic.GetMessage(System.Globalization.CultureInfo.InvariantCulture);

    /// <summary>Wraps members in a file with the usings the cases need and a partial static class C.</summary>
    private static string InStaticClass(string members) => $$"""
        using System;
        using GradGen;

        namespace Demo;

        public static partial class C
        {
        {{members}}
        }
        """;

    [Fact]
    public void Diagnostics_AreLocatedInTheSourceTree()
    {
        var diagnostic = GeneratorHarness.AssertSingleDiagnostic("""
            using GradGen;

            public class [|Plain|]
            {
                [Differentiable]
                public static double F(double x) => x;
            }
            """, "GG0001");

        Assert.True(diagnostic.Location.IsInSource);
        Assert.Equal("Plain", GeneratorHarness.SpanText(diagnostic));
    }

    // ---- GG0001: containing type not partial ----

    [Fact]
    public void GG0001_TypeNotPartial_OnTheTypeIdentifier()
    {
        var diagnostic = Expect("""
            using GradGen;

            namespace Demo;

            public static class [|Plain|]
            {
                [Differentiable]
                public static double Square(double x) => x * x;
            }
            """, "GG0001");

        var message = Message(diagnostic);
        Assert.Contains("'Plain'", message);
        Assert.Contains("'Square'", message);
        Assert.Contains("partial", message);
    }

    [Fact]
    public void GG0001_NestedTypeNotPartial_OnTheInnerIdentifier()
    {
        var diagnostic = Expect("""
            using GradGen;

            namespace Demo;

            public partial class Outer
            {
                internal class [|Inner|]
                {
                    [Differentiable]
                    public static double Square(double x) => x * x;
                }
            }
            """, "GG0001");

        Assert.Contains("'Inner'", Message(diagnostic));
    }

    [Fact]
    public void GG0001_OuterTypeNotPartial_OnTheOuterIdentifier()
    {
        var diagnostic = Expect("""
            using GradGen;

            namespace Demo;

            public class [|Outer|]
            {
                internal partial class Inner
                {
                    [Differentiable]
                    public static double Square(double x) => x * x;
                }
            }
            """, "GG0001");

        Assert.Contains("'Outer'", Message(diagnostic));
        Assert.Contains("'Square'", Message(diagnostic));
    }

    [Fact]
    public void GG0001_EveryNonPartialContainingTypeIsReported()
    {
        const string source = """
            using GradGen;

            public class Outer
            {
                public struct Inner
                {
                    [Differentiable]
                    public static double Square(double x) => x * x;
                }
            }
            """;
        var run = GeneratorHarness.Run(source);

        Assert.Empty(run.GeneratedSources);
        Assert.Empty(run.CompilationDiagnostics);
        Assert.All(run.GeneratorDiagnostics, d => Assert.Equal("GG0001", d.Id));
        Assert.Equal(
            new[] { "Inner", "Outer" },
            run.GeneratorDiagnostics.Select(d => Text(source, d)).OrderBy(t => t, System.StringComparer.Ordinal));
    }

    // ---- GG0002: return type not double or float ----

    [Theory]
    [InlineData("int")]
    [InlineData("long")]
    [InlineData("decimal")]
    [InlineData("double?")]
    public void GG0002_UnsupportedReturnType_OnTheReturnType(string type)
    {
        var diagnostic = Expect(InStaticClass($$"""
                [Differentiable]
                public static [|{{type}}|] Compute(double x) => default;
            """), "GG0002");

        Assert.Contains("'Compute'", Message(diagnostic));
        Assert.Contains("'" + type + "'", Message(diagnostic));
    }

    [Fact]
    public void GG0002_VoidReturnType_OnTheReturnType()
    {
        var diagnostic = Expect(InStaticClass("""
                [Differentiable]
                public static [|void|] Compute(double x)
                {
                }
            """), "GG0002");

        Assert.Contains("'Compute'", Message(diagnostic));
        Assert.Contains("'void'", Message(diagnostic));
    }

    // ---- GG0003: ref or out parameter ('in' and 'ref readonly' are read as values: EverydayDiagnosticTests) ----

    [Theory]
    [InlineData("ref", "=> x;")]
    [InlineData("out", "{ x = 1; return x; }")]
    public void GG0003_ByRefParameter_OnTheWholeParameter(string modifier, string body)
    {
        var diagnostic = Expect(InStaticClass($$"""
                [Differentiable]
                public static double Compute(double a, [|{{modifier}} double x|]) {{body}}
            """), "GG0003");

        var message = Message(diagnostic);
        Assert.Contains("'x'", message);
        Assert.Contains("'Compute'", message);
        Assert.Contains("'" + modifier + "'", message);
    }

    [Fact]
    public void GG0003_ByRefParameterWithAttribute_CoversTheAttributeToo()
    {
        Expect(InStaticClass("""
                [Differentiable]
                public static double Compute(double a, [|[NoDerivative] ref double x|]) => a * x;
            """), "GG0003");
    }

    // ---- GG0004: unsupported construct ----

    [Fact]
    public void GG0004_WriteIntoParameterArray_OnTheAssignment()
    {
        var diagnostic = Expect(InStaticClass("""
                [Differentiable]
                public static double Scale(double x, double[] w)
                {
                    [|w[0] = x|];
                    return w[0] * x;
                }
            """), "GG0004");

        Assert.Contains("a write into the parameter 'w'", Message(diagnostic));
        Assert.Contains("'Scale'", Message(diagnostic));
        Assert.Contains("copy it into a local array", Message(diagnostic));
    }

    [Fact]
    public void GG0004_ArrayLocalThatAliasesAParameter_OnTheDeclarator()
    {
        var diagnostic = Expect(InStaticClass("""
                [Differentiable]
                public static double First(double[] w)
                {
                    double[] [|a = w|];
                    return a[0];
                }
            """), "GG0004");

        Assert.Contains("the array or span local 'a' initialised with 'w'", Message(diagnostic));
        Assert.Contains("'new double[n]' or 'stackalloc double[n]'", Message(diagnostic));
    }

    [Fact]
    public void GG0004_DifferentiableCallInALoopCondition_OnTheCall()
    {
        var diagnostic = Expect(InStaticClass("""
                [Differentiable]
                public static double Square(double x) => x * x;

                [Differentiable]
                public static double Grow(double x)
                {
                    var y = x;
                    while ([|Square(y)|] < 100)
                    {
                        y = y * 2;
                    }

                    return y;
                }
            """), "GG0004");

        Assert.Contains("a call to the [Differentiable] method 'Square' in a loop condition", Message(diagnostic));
    }

    /// <summary>
    /// The compiler removes a [Conditional] call with its arguments (Debug.WriteLine without DEBUG): an increment in them
    /// cannot move out into a statement that would always run, so it is refused there.
    /// </summary>
    [Fact]
    public void GG0004_IncrementInTheArgumentsOfAConditionalCall_OnTheIncrement()
    {
        var diagnostic = Expect(InStaticClass("""
                [Differentiable]
                public static double Counted(double x)
                {
                    int n = 0;
                    System.Diagnostics.Debug.WriteLine([|n++|]);
                    return x * n;
                }
            """), "GG0004");

        Assert.Contains("'n++' used as a value here", Message(diagnostic));
    }

    [Fact]
    public void GG0004_SwitchExpressionThatDoesNotCoverEveryValue_OnTheSwitch()
    {
        var diagnostic = Expect(InStaticClass("""
                #pragma warning disable CS8509 // not exhaustive: NaN is not covered
                [Differentiable]
                public static double Pick(double x) => [|x switch
                {
                    < 0 => -x,
                    >= 0 => x * x,
                }|];
            """), "GG0004");

        Assert.Contains("a 'switch' expression that does not cover every value", Message(diagnostic));
        Assert.Contains("end it with a '_ => …' arm", Message(diagnostic));
    }

    [Fact]
    public void GG0004_DeclarationPattern_OnThePattern()
    {
        var diagnostic = Expect(InStaticClass("""
                [Differentiable]
                public static double Pick(double x, int n)
                {
                    switch (n)
                    {
                        case [|var k|] when k > 2:
                            return x * k;
                        default:
                            return x;
                    }
                }
            """), "GG0004");

        Assert.Contains("the pattern 'var k'", Message(diagnostic));
        Assert.Contains("use constant ('0'), relational ('< 1.5')", Message(diagnostic));
    }

    [Fact]
    public void GG0004_PatternValueWithACallTestedTwiceInALoopCondition_OnTheValue()
    {
        var diagnostic = Expect(InStaticClass("""
                [Differentiable]
                public static double Pick(double x)
                {
                    var y = x;
                    while ([|Helper(y)|] is > 0 and < 1)
                    {
                        y = y * 2;
                    }

                    return y;
                }

                private static double Helper(double v) => v;
            """), "GG0004");

        Assert.Contains("the value 'Helper(y)', tested by several patterns in a loop condition", Message(diagnostic));
    }

    [Fact]
    public void GG0004_DeconstructionOfACallResult_OnTheValue()
    {
        var diagnostic = Expect(InStaticClass("""
                [Differentiable]
                public static double Polar(double x)
                {
                    var (r, t) = [|Helper(x)|];
                    return r * t;
                }

                private static (double, double) Helper(double v) => (v, 2 * v);
            """), "GG0004");

        Assert.Contains("the deconstruction of 'Helper(x)'", Message(diagnostic));
        Assert.Contains("deconstruct a tuple literal", Message(diagnostic));
    }

    [Fact]
    public void GG0004_BreakBeforeTheEndOfASwitchSection_OnTheBreak()
    {
        var diagnostic = Expect(InStaticClass("""
                [Differentiable]
                public static double Pick(double x, int n)
                {
                    var y = x;
                    switch (n)
                    {
                        case 0:
                            if (x > 1)
                            {
                                [|break;|]
                            }

                            y = x * x;
                            break;
                        default:
                            y = -x;
                            break;
                    }

                    return y;
                }
            """), "GG0004");

        Assert.Contains("a 'break' before the end of a switch section", Message(diagnostic));
    }

    [Fact]
    public void GG0004_Lambda_OnTheLambda()
    {
        var diagnostic = Expect(InStaticClass("""
                [Differentiable]
                public static double Apply(double x) => Call([|v => v * x|], x);

                private static double Call(Func<double, double> f, double x) => f(x);
            """), "GG0004");

        Assert.Contains("a lambda", Message(diagnostic));
        Assert.Contains("'Apply'", Message(diagnostic));
    }

    [Fact]
    public void GG0006_ActiveArrayPassedToAnOrdinaryMethod_OnTheCall()
    {
        var diagnostic = Expect(InStaticClass("""
                public static double Total(ReadOnlySpan<double> v) => v[0] + v[1];

                [Differentiable]
                public static double Weighted(double x, double[] w) => [|Total(w)|] * x;
            """), "GG0006");

        Assert.Contains("'Weighted'", Message(diagnostic));
    }

    [Fact]
    public void GG0004_ObjectCreation_OnTheCreationExpression()
    {
        var diagnostic = Expect(InStaticClass("""
                [Differentiable]
                public static double Make(double x)
                {
                    var o = [|new object()|];
                    return x + o.GetHashCode();
                }
            """), "GG0004");

        Assert.Contains("the object creation 'new object()'", Message(diagnostic));
        Assert.Contains("'Make'", Message(diagnostic));
    }

    [Fact]
    public void GG0004_TryStatement_OnTheWholeStatement()
    {
        var diagnostic = Expect(InStaticClass("""
                [Differentiable]
                public static double Guarded(double x)
                {
                    var y = 0.0;
                    [|try
                    {
                        y = x * x;
                    }
                    finally
                    {
                        y = y + 1;
                    }|]

                    return y;
                }
            """), "GG0004");

        Assert.Contains("a 'try' statement", Message(diagnostic));
        Assert.Contains("'Guarded'", Message(diagnostic));
    }

    [Fact]
    public void GG0004_EveryUnsupportedConstructOfAMethodIsReported()
    {
        const string markup = """
            using GradGen;

            public static partial class C
            {
                [Differentiable]
                public static double Both(double x, double[] w)
                {
                    double[] a = w;
                    w[0] = x;
                    return x + a[0];
                }
            }
            """;
        var run = GeneratorHarness.Run(markup);

        Assert.Empty(run.GeneratedSources);
        Assert.Empty(run.CompilationDiagnostics);
        Assert.Equal(2, run.GeneratorDiagnostics.Length);
        Assert.All(run.GeneratorDiagnostics, d => Assert.Equal("GG0004", d.Id));
        Assert.Equal("a = w", Text(markup, run.GeneratorDiagnostics[0]));
        Assert.Equal("w[0] = x", Text(markup, run.GeneratorDiagnostics[1]));
    }

    [Fact]
    public void GG0004_RefLocal_OnTheDeclarator()
    {
        var diagnostic = Expect(InStaticClass("""
                [Differentiable]
                public static double Alias(double x)
                {
                    ref double [|r = ref x|];
                    r = r * 2;
                    return x;
                }
            """), "GG0004");

        Assert.Contains("the ref local 'r'", Message(diagnostic));
    }

    [Fact]
    public void GG0004_WriteThroughAPointer_OnTheAssignment()
    {
        const string markup = """
            using GradGen;

            public static unsafe partial class C
            {
                [Differentiable]
                public static double Store(double x, double* p)
                {
                    [|*p = x|];
                    return x * x;
                }
            }
            """;
        GeneratorHarness.ParseMarkup(markup, out var source, out var span);
        var run = GeneratorHarness.Run(source);

        var diagnostic = Assert.Single(run.GeneratorDiagnostics);
        Assert.Equal("GG0004", diagnostic.Id);
        Assert.Equal(span, diagnostic.Location.SourceSpan);
        Assert.Contains("an assignment to '*p'", Message(diagnostic));
    }

    [Fact]
    public void GG0004_CallThatMayWriteALocalSpan_OnTheCall()
    {
        var diagnostic = Expect(InStaticClass("""
                [Differentiable]
                public static double Sum(ReadOnlySpan<double> w)
                {
                    Span<double> h = stackalloc double[w.Length];
                    w.CopyTo(h);
                    [|h.Reverse()|];
                    var s = 0.0;
                    foreach (var v in h)
                    {
                        s += v;
                    }

                    return s;
                }
            """), "GG0004");

        Assert.Contains("which may write the array or span 'h'", Message(diagnostic));
    }

    [Fact]
    public void GG0004_SortOfALocalSpan_OnTheCall()
    {
        var diagnostic = Expect(InStaticClass("""
                [Differentiable]
                public static double Sum(double x)
                {
                    Span<double> h = stackalloc double[2];
                    h[0] = x;
                    [|h.Sort()|];
                    return h[0] + x;
                }
            """), "GG0004");

        Assert.Contains("which may write the array or span 'h'", Message(diagnostic));
    }

    // ---- GG0005: assignment to a field or property ----

    [Fact]
    public void GG0005_FieldAssignment_OnTheAssignmentWithoutSemicolon()
    {
        var diagnostic = Expect("""
            using GradGen;

            namespace Demo;

            public partial class Cache
            {
                private double _last;

                public double Last => _last;

                [Differentiable]
                public double Square(double x)
                {
                    [|_last = x|];
                    return x * x;
                }
            }
            """, "GG0005");

        var message = Message(diagnostic);
        Assert.Contains("'Square'", message);
        Assert.Contains("field '_last'", message);
    }

    [Fact]
    public void GG0005_PropertyAssignment_OnTheAssignmentWithoutSemicolon()
    {
        var diagnostic = Expect("""
            using GradGen;

            namespace Demo;

            public partial class Cache
            {
                public double Last { get; set; }

                [Differentiable]
                public double Square(double x)
                {
                    [|Last = x * x|];
                    return x * x;
                }
            }
            """, "GG0005");

        Assert.Contains("'Square'", Message(diagnostic));
        Assert.Contains("property 'Last'", Message(diagnostic));
    }

    [Fact]
    public void GG0005_CompoundAssignmentToStaticField_OnTheAssignment()
    {
        var diagnostic = Expect(InStaticClass("""
                public static double Total;

                [Differentiable]
                public static double Accumulate(double x)
                {
                    [|Total += x|];
                    return x;
                }
            """), "GG0005");

        Assert.Contains("'Accumulate'", Message(diagnostic));
        Assert.Contains("field 'Total'", Message(diagnostic));
    }

    // ---- GG0009: active argument to a [NoDerivative] parameter ----

    [Fact]
    public void GG0009_ActiveArgumentToNoDerivativeParameter_OnTheWholeInvocation()
    {
        // 'factor' reaches a method with no derivative, so Scaled has no internal pullback through it.
        var diagnostic = Expect(InStaticClass("""
                static double Round2(double v) => Math.Round(v, 2);

                [Differentiable]
                public static double Scaled(double v, [NoDerivative] double factor) => v * Round2(factor);

                [Differentiable]
                public static double F(double x, double y) => [|Scaled(y, x * 2)|];
            """), "GG0009");

        var message = Message(diagnostic);
        Assert.Contains("'C.Scaled'", message);
        Assert.Contains("'x * 2'", message);
        Assert.Contains("'factor'", message);
        Assert.Contains("'F'", message);
    }

    [Fact]
    public void GG0009_NotReported_ForAnInactiveArgument()
    {
        var run = GeneratorHarness.Run(InStaticClass("""
                [Differentiable]
                public static double Scaled(double v, [NoDerivative] double factor) => v * factor;

                [Differentiable]
                public static double F(double x, [NoDerivative] double k) => Scaled(x, k * 2);
            """).Replace("[|", string.Empty).Replace("|]", string.Empty));

        Assert.Empty(run.GeneratorDiagnostics);
        GeneratorHarness.AssertCompilesCleanly(run);
    }

    // ---- GG0006: active argument to a method with no known derivative ----

    [Fact]
    public void GG0006_UserMethod_OnTheWholeInvocation()
    {
        var diagnostic = Expect(InStaticClass("""
                private static double Helper(double v) => v * 2;

                [Differentiable]
                public static double Twice(double x) => [|Helper(x)|] + 1;
            """), "GG0006");

        var message = Message(diagnostic);
        Assert.Contains("'C.Helper'", message);
        Assert.Contains("'x'", message);
        Assert.Contains("'Twice'", message);
    }

    [Fact]
    public void GG0006_ActiveLocalArgument_NamesTheArgument()
    {
        var diagnostic = Expect(InStaticClass("""
                private static double Helper(double v, int n) => v * n;

                [Differentiable]
                public static double Twice(double x, int n)
                {
                    var t = x * x;
                    return [|Helper(t, n)|];
                }
            """), "GG0006");

        Assert.Contains("'t'", Message(diagnostic));
        Assert.Contains("'Twice'", Message(diagnostic));
    }

    [Fact]
    public void GG0006_MathFunctionWithoutRule_OnTheWholeInvocation()
    {
        var diagnostic = Expect(InStaticClass("""
                [Differentiable]
                public static double Clamped(double x) => 2 * [|Math.ReciprocalEstimate(x)|];
            """), "GG0006");

        Assert.Contains("Math.ReciprocalEstimate", Message(diagnostic));
        Assert.Contains("'Clamped'", Message(diagnostic));
    }

    // ---- GG0007: no body ----

    [Fact]
    public void GG0007_AbstractMethod_OnTheMethodIdentifier()
    {
        var diagnostic = Expect("""
            using GradGen;

            namespace Demo;

            public abstract partial class Model
            {
                [Differentiable]
                public abstract double [|Evaluate|](double x);
            }
            """, "GG0007");

        Assert.Contains("'Evaluate'", Message(diagnostic));
        Assert.Contains("no body", Message(diagnostic));
    }

    [Fact]
    public void GG0007_ExternMethod_OnTheMethodIdentifier()
    {
        var diagnostic = Expect("""
            using System.Runtime.InteropServices;
            using GradGen;

            namespace Demo;

            public static partial class Native
            {
                [Differentiable]
                [DllImport("libm")]
                public static extern double [|cos|](double x);
            }
            """, "GG0007");

        Assert.Contains("'cos'", Message(diagnostic));
    }

    [Fact]
    public void GG0007_PartialDefinition_OnTheMethodIdentifier()
    {
        var diagnostic = Expect("""
            using GradGen;

            namespace Demo;

            public static partial class Split
            {
                [Differentiable]
                public static partial double [|Square|](double x);

                public static partial double Square(double x) => x * x;
            }
            """, "GG0007");

        Assert.Contains("'Square'", Message(diagnostic));
    }

    [Fact]
    public void GG0007_InterfaceMethodWithoutBody_OnTheMethodIdentifier()
    {
        var diagnostic = Expect("""
            using GradGen;

            namespace Demo;

            public partial interface IModel
            {
                [Differentiable]
                double [|Evaluate|](double x);
            }
            """, "GG0007");

        Assert.Contains("'Evaluate'", Message(diagnostic));
    }

    // ---- GG0008: generic method ----

    [Fact]
    public void GG0008_GenericMethod_OnTheTypeParameterList()
    {
        var diagnostic = Expect(InStaticClass("""
                [Differentiable]
                public static double Identity[|<T>|](double x) => x;
            """), "GG0008");

        Assert.Contains("'Identity'", Message(diagnostic));
        Assert.Contains("generic", Message(diagnostic));
    }

    [Fact]
    public void GG0008_GenericMethodWithConstraints_OnTheTypeParameterListOnly()
    {
        Expect(InStaticClass("""
                [Differentiable]
                public static double Scale[|<T, U>|](double x)
                    where T : struct
                    where U : class => x * 2;
            """), "GG0008");
    }

    // ---- Which files are generated ----

    [Fact]
    public void GG0016_ACallerOfAMethodWithErrors_IsReportedAtTheCall_AndNoCodeFailsToCompile()
    {
        const string markup = """
            using GradGen;

            public static partial class C
            {
                [Differentiable]
                public static double Halve(double x, double[] w)
                {
                    w[0] = x;
                    return x;
                }

                [Differentiable]
                public static double Caller(double x, double[] w) => Halve(x, w) * x;

                [Differentiable]
                public static double Outer(double x, double[] w) => Caller(x, w) + x;
            }
            """;
        var run = GeneratorHarness.Run(markup);

        Assert.Empty(run.CompilationDiagnostics);
        Assert.Empty(run.GeneratedSources);
        var ids = run.GeneratorDiagnostics.Select(d => d.Id).OrderBy(id => id).ToArray();
        Assert.Equal(new[] { "GG0004", "GG0016", "GG0016" }, ids);

        var caller = run.GeneratorDiagnostics.Single(d => d.Id == "GG0016" && Text(markup, d) == "Halve(x, w)");
        Assert.Contains("'C.Halve'", Message(caller));
        Assert.Contains("'Caller'", Message(caller));
        var additional = Assert.Single(caller.AdditionalLocations);
        Assert.Equal("Halve", markup.Substring(additional.SourceSpan.Start, additional.SourceSpan.Length));

        // The chain goes on: Outer calls Caller, which now has an error of its own.
        Assert.Contains(run.GeneratorDiagnostics, d => d.Id == "GG0016" && Text(markup, d) == "Caller(x, w)");
    }

    [Fact]
    public void AMethodWithAnErrorGetsNoFile_AValidMethodBesideItStillDoes()
    {
        var run = GeneratorHarness.Run(InStaticClass("""
                [Differentiable]
                public static double Broken(double x, double[] w)
                {
                    w[0] = x;
                    return x;
                }

                [Differentiable]
                public static double Fine(double x) => x * x;
            """));

        var diagnostic = Assert.Single(run.GeneratorDiagnostics);
        Assert.Equal("GG0004", diagnostic.Id);
        Assert.Contains("'Broken'", Message(diagnostic));
        Assert.Equal(new[] { "Demo.C.Fine.g.cs" }, run.GeneratedSources.Keys);
        Assert.Empty(run.CompilationDiagnostics);
    }

    [Fact]
    public void AMethodWithAnErrorInAnotherFileDoesNotStopAValidOne()
    {
        var run = GeneratorHarness.Run(new[]
        {
            "using GradGen; public class NotPartial { [Differentiable] public static double F(double x) => x; }",
            "using GradGen; public static partial class Ok { [Differentiable] public static double F(double x) => x * x; }",
        });

        var diagnostic = Assert.Single(run.GeneratorDiagnostics);
        Assert.Equal("GG0001", diagnostic.Id);
        Assert.Equal("Test0.cs", diagnostic.Location.GetLineSpan().Path);
        Assert.Equal(new[] { "Ok.F.g.cs" }, run.GeneratedSources.Keys);
        Assert.Empty(run.CompilationDiagnostics);
    }

    [Fact]
    public void AClassWithoutDifferentiableMethods_GetsNoDiagnosticAndNoFile()
    {
        var run = GeneratorHarness.Run("""
            using System;
            using GradGen;

            namespace Demo;

            public class Plain
            {
                public static double Square(double x) => x * x;

                public double Loop(double x, [NoDerivative] double y)
                {
                    while (x > y)
                    {
                        x = x / 2;
                    }

                    return x;
                }

                public int Generic<T>(T value) => value is null ? 0 : 1;
            }
            """);

        Assert.Empty(run.GeneratorDiagnostics);
        Assert.Empty(run.GeneratedSources);
        Assert.Empty(run.CompilationDiagnostics);
    }

    [Fact]
    public void HintNames_AreDistinctForOverloadsAndForTheSameNameInDifferentTypes()
    {
        var run = GeneratorHarness.Run(new[]
        {
            """
            using GradGen;

            namespace Demo
            {
                public static partial class A
                {
                    [Differentiable]
                    public static double F(double x) => x * x;

                    [Differentiable]
                    public static double F(double x, double y) => x * y;

                    [Differentiable]
                    public static float F(float x) => x * x;

                    public partial class Nested
                    {
                        [Differentiable]
                        public static double F(double x) => x;
                    }
                }

                public static partial class B
                {
                    [Differentiable]
                    public static double F(double x) => x + x;
                }

                public partial class G<T>
                {
                    [Differentiable]
                    public static double F(double x) => -x;
                }

                public partial class G
                {
                    [Differentiable]
                    public static double F(double x) => 2 * x;
                }
            }
            """,
            """
            using GradGen;

            namespace Other
            {
                public static partial class A
                {
                    [Differentiable]
                    public static double F(double x) => 3 * x;
                }
            }
            """,
        });

        GeneratorHarness.AssertCompilesCleanly(run);
        var hints = run.GeneratedSources.Keys.ToArray();
        Assert.Equal(8, hints.Length);
        Assert.Equal(hints.Length, hints.Distinct(System.StringComparer.OrdinalIgnoreCase).Count());
        Assert.All(hints, h => Assert.EndsWith(".g.cs", h));
        Assert.Equal(3, hints.Count(h => h.StartsWith("Demo.A.F", System.StringComparison.Ordinal)));
        Assert.Contains("Demo.B.F.g.cs", hints);
        Assert.Contains("Other.A.F.g.cs", hints);

        // Hint names are a pure function of the method: the same input gives the same names on every run.
        var again = GeneratorHarness.Run(run.OutputCompilation.SyntaxTrees.Take(2).Select(t => t.ToString()));
        Assert.Equal(hints, again.GeneratedSources.Keys);
    }
}
