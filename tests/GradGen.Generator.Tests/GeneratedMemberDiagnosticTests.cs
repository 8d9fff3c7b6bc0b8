using GradGen.Generator.Tests.Infrastructure;
using Microsoft.CodeAnalysis;

namespace GradGen.Generator.Tests;

/// <summary>
/// GG0020, GG0021, GG0022: where the members GradGen generates cannot go, and a ref struct the reverse sweep could not
/// record (GG0004). Each is reported at the user's own code, and nothing is generated that would fail to compile.
/// </summary>
public sealed class GeneratedMemberDiagnosticTests
{
    private static string Message(Diagnostic diagnostic) => diagnostic.GetMessage(System.Globalization.CultureInfo.InvariantCulture);

    private static string InClass(string members) => $$"""
        using System;
        using GradGen;

        public partial class C
        {
        {{members}}
        }
        """;

    [Fact]
    public void GG0020_AFieldNamedLikeTheGradient_AtTheField()
    {
        var diagnostic = GeneratorHarness.AssertSingleDiagnostic(InClass("""
                public double [|SquareGradient|];

                [Differentiable]
                public double Square(double x) => x * x;
            """), "GG0020");

        Assert.Equal("The field 'SquareGradient' has the name of the member GradGen generates for the [Differentiable] method 'Square', so 'Square' gets no generated code: rename 'SquareGradient', or rename 'Square'", Message(diagnostic));
    }

    [Fact]
    public void GG0020_AMethodWithTheGradientsSignature_AtTheMethod()
    {
        var diagnostic = GeneratorHarness.AssertSingleDiagnostic(InClass("""
                public static double [|FGradient|](double x, out double dX) { dX = 2 * x; return x * x; }

                [Differentiable]
                public static double F(double x) => x * x;
            """), "GG0020");

        Assert.Contains("The method 'FGradient' has the name and signature", Message(diagnostic));
    }

    /// <summary>The private core Gradient and Pullback share has the Pullback's parameters and a reserved name.</summary>
    [Fact]
    public void GG0020_AMethodWithTheSharedCoresNameAndSignature_AtTheMethod() =>
        GeneratorHarness.AssertSingleDiagnostic(InClass("""
                private static double [|__GradGen_FCore|](double x, double s, ref double d) => 0;

                [Differentiable]
                public static double F(double x) => x * x;
            """), "GG0020");

    [Fact]
    public void GG0020_APullbackThatDiffersOnlyInOutForRef_AtTheMethod() =>
        GeneratorHarness.AssertSingleDiagnostic(InClass("""
                public static void [|FPullback|](double x, double s, out double d) { d = 0; }

                [Differentiable]
                public static double F(double x) => x * x;
            """), "GG0020");

    [Fact]
    public void GG0020_TheContainingTypeHasTheGeneratedName_AtTheType() =>
        GeneratorHarness.AssertSingleDiagnostic("""
            using GradGen;
            public partial class [|TGradient|]
            {
                [Differentiable]
                public double T(double x) => x * x;
            }
            """, "GG0020");

    [Fact]
    public void GG0020_NotReported_ForOverloadsOfTheGeneratedName()
    {
        var run = GeneratorHarness.Run(InClass("""
                public static double FGradient(double x) => x;
                public static void FPullback(double x, double s, float d) { }
                public static void FPullback(double x, double s, double d) { }

                [Differentiable]
                public static double F(double x) => x * x;
            """));

        Assert.Empty(run.GeneratorDiagnostics);
        GeneratorHarness.AssertCompilesCleanly(run);
    }

    [Fact]
    public void GG0021_AnExplicitInterfaceImplementation_AtItsName()
    {
        var diagnostic = GeneratorHarness.AssertSingleDiagnostic("""
            using GradGen;
            public interface IF { double F(double x); }
            public partial class C : IF
            {
                [Differentiable]
                double [|IF.F|](double x) => x * x;
            }
            """, "GG0021");

        Assert.Contains("'IF.F' is an explicit interface implementation", Message(diagnostic));
    }

    [Fact]
    public void GG0022_AFileLocalType_AtItsName()
    {
        var diagnostic = GeneratorHarness.AssertSingleDiagnostic("""
            using GradGen;
            file partial class [|Local|]
            {
                [Differentiable]
                public static double F(double x) => x * x;
            }
            """, "GG0022");

        Assert.Contains("declare 'Local' internal instead of file", Message(diagnostic));
    }

    [Fact]
    public void GG0023_AnOverrideThatIsNotDifferentiable_AtItsName()
    {
        var diagnostic = GeneratorHarness.AssertSingleDiagnostic("""
            using GradGen;
            public partial class Base
            {
                [Differentiable]
                public virtual double H(double x) => x * x;
            }
            public partial class Middle : Base
            {
                [Differentiable]
                public override double H(double x) => x * x * x;
            }
            public class Derived : Middle
            {
                public override double [|H|](double x) => 2 * x;
            }
            """, "GG0023");

        Assert.Contains("'Derived.H' overrides the [Differentiable] method 'Middle.H', but 'Derived.H' is not [Differentiable] itself", Message(diagnostic));
    }

    [Fact]
    public void GG0023_AnOverrideWithOtherDifferentiableParameters_AtItsName()
    {
        var diagnostic = GeneratorHarness.AssertSingleDiagnostic("""
            using GradGen;
            public partial class Base
            {
                [Differentiable]
                public virtual double H(double x, double y) => x * y;
            }
            public partial class Derived : Base
            {
                [Differentiable]
                public override double [|H|](double x, [NoDerivative] double y) => x * x * y;
            }
            """, "GG0023");

        Assert.Contains("its differentiable parameters differ from those of 'Base.H'", Message(diagnostic));
    }

    [Fact]
    public void GG0004_ARefStructLocalWrittenInALoop_AtTheWrite()
    {
        var diagnostic = GeneratorHarness.AssertSingleDiagnostic("""
            using GradGen;
            public ref struct Box { public int N; public Box(int n) { N = n; } }
            public static partial class C
            {
                private static Box Make(int k) => new Box(k);

                [Differentiable]
                public static double F(double x, int n)
                {
                    Box b = Make(1);
                    double r = x;
                    for (int k = 0; k < n; k++)
                    {
                        [|b = Make(k + 1)|];
                        r = r * b.N * x;
                    }

                    return r;
                }
            }
            """, "GG0004");

        Assert.Contains("a local of the ref struct type 'Box'", Message(diagnostic));
    }
}
