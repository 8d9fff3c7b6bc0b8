using System.Linq;
using GradGen.Generator.Tests.Infrastructure;
using Microsoft.CodeAnalysis;

namespace GradGen.Generator.Tests;

/// <summary>
/// For input that compiles, the generated code compiles without a warning (TreatWarningsAsErrors, AnalysisLevel latest):
/// one minimal input per class of broken output found by fuzzing (issue 16) and by looking for more. Each runs the
/// generator and asserts no GG diagnostic and no warning or error anywhere in the output compilation.
/// </summary>
public sealed class OutputCompilesTests
{
    private static string Model(string members, string prelude = "") => $$"""
        using System;
        using GradGen;
        {{prelude}}

        public static partial class C
        {
        {{members}}
        }
        """;

    public static TheoryData<string, string> ValidInputs => new()
    {
        // Constants print with their type: an enum constant as its integer would not convert back.
        { "an enum local initialised with a constant (CS0266)", Model("""
            [Differentiable]
            public static double F(double x)
            {
                System.DayOfWeek d = System.DayOfWeek.Monday;
                return d == DayOfWeek.Monday ? x * x : x;
            }
            """) },
        { "an enum parameter compared with a member (CS0019)", Model("""
            [Differentiable]
            public static double F(double x, Mode m) => m == Mode.B ? x * x : x;
            """, "public enum Mode { A, B }") },
        { "an enum constant boxed for HasFlag (CS0030), and a combination of flags with no member", Model("""
            [Differentiable]
            public static double F(double x, Fl fl)
            {
                var r = x;
                if (fl.HasFlag(Fl.A)) { r = r * x; }
                if (fl == (Fl.A | Fl.B)) { r = r * 2; }
                return r;
            }
            """, "[Flags] public enum Fl { None = 0, A = 1, B = 2 }") },
        { "enum constants of other underlying types, negative, nested in a generic type, named by keywords", """
            using System;
            using GradGen;
            public enum Small : byte { A = 1, B = 200 }
            public enum Wide : long { M = -5, Big = long.MaxValue }
            public enum @class { @int, @string }
            public static partial class C<T>
            {
                public enum Inner { X, Y }
                public const Inner K = Inner.Y;

                [Differentiable]
                public static double F(double x, Small s, Wide w, Inner inner, @class c)
                {
                    const Small local = Small.B;
                    const Wide none = (Wide)(-9);
                    double r = x;
                    if (s == local || s == (Small)7) { r = r * 2; }
                    if (w == none || w == Wide.M || w == Wide.Big) { r = r * 3; }
                    if (inner == K && c == @class.@string) { r = r * 4; }
                    Small zero = default;
                    return zero == 0 ? r : x;
                }
            }
            """ },
        { "constants of every type C# has literals for, and of those it has none for (nint, byte, short)", Model("""
            public const string S = "a\0b\u2028c\"\\\ud83d\ude00";
            public const char Ch = '\'';
            public const decimal Dm = -79228162514264337593543950335m;
            public const nint NI = -4;
            public const nuint NU = 4;
            public const float Nan = float.NaN;
            public const double NegZero = -0.0;

            [Differentiable]
            public static double F(double x)
            {
                decimal dm = 1.5m; char ch = 'a'; long l = long.MinValue; uint u = 3u; nint ni = NI; byte b = 5; sbyte sb = -3;
                short sh = -2; ulong ul = 7; ushort us = 9; int? none = null; string? text = null; int def = default;
                nint product = NI * 2;
                var r = x + (S.Length + Ch + (Dm < dm ? 1 : 0) + (long)NU > 0 ? 1 : 0) + (double.IsNaN(Nan) && NegZero == 0 ? 1 : 0);
                r = r + (ch == 'a' ? 1 : 0) + (l < 0 ? 1 : 0) + u + ni + b + sb + sh + ul + us + def + product;
                return r * x + (none.HasValue ? 1 : 0) + (text == null ? 1 : 0);
            }
            """) },

        // Values of managed types recorded in loops: pooled tapes and slots, never stack memory (CS0208).
        { "a string overwritten in a loop with an uncounted trip count, read by the reverse sweep (tape)", Model("""
            [Differentiable]
            public static double F(double x, int n)
            {
                string s = "";
                double r = x;
                int k = 0;
                while (k < n)
                {
                    s = s + "a";
                    r = r * s.Length * x;
                    k += 2;
                }

                return r;
            }
            """) },
        { "a string overwritten in a counted loop, read by the reverse sweep (slots)", Model("""
            [Differentiable]
            public static double F(double x, int n)
            {
                string s = "";
                double r = x;
                for (int i = 0; i < n; i++)
                {
                    s = s + "a";
                    r = r * s.Length * x;
                }

                return r;
            }
            """) },
        { "a value of a type parameter overwritten in a loop", """
            using GradGen;
            public partial class C<T> where T : class
            {
                public T? Item;
                private static T? Pick(int k, T? a) => k > 2 ? null : a;

                [Differentiable]
                public double F(double x, int n)
                {
                    T? t = Item;
                    double r = x;
                    int k = 0;
                    while (k < n)
                    {
                        t = Pick(k, t);
                        r = r * (t == null ? 1 : 2) * x;
                        k += 2;
                    }

                    return r;
                }
            }
            """ },

        // Warning-level directives are not broken syntax: the method and its callers are generated.
        { "#warning and an unknown #pragma in the method, with a caller", Model("""
            [Differentiable]
            public static double F(double x)
            {
            #pragma warning disable CS1030, CS1633
            #warning this is fine
            #pragma something unknown
                return x * x;
            }

            [Differentiable]
            public static double G(double x) => F(x) * 2;
            """) },

        // Warnings the generated copy would repeat.
        { "x = x; in the method (CS1717)", Model("""
            [Differentiable]
            public static double F(double x)
            {
                double y = x;
            #pragma warning disable CS1717
                y = y;
                x = x;
            #pragma warning restore CS1717
                return x * y;
            }
            """) },
        { "a lower-case type name and type parameter (CS8981)", """
            using GradGen;
            #pragma warning disable CS8981
            public static partial class lower<t>
            {
                [Differentiable]
                public static double F(double x) => x * x;
            }
            """ },
        { "an obsolete member the method uses, suppressed in its file (CS0612, CS0618)", Model("""
            [Obsolete("old")] public static double Old(int k) => k;
            [Obsolete] public static int Older => 3;

            [Differentiable]
            public static double F(double x)
            {
            #pragma warning disable CS0618, CS0612
                double y = Old(2) + Older;
            #pragma warning restore CS0618, CS0612
                return x * y;
            }
            """) },
        { "a null check in the forward sweep the reverse sweep reads after (CS8602)", """
            using GradGen;
            public partial class C
            {
                public string? Name;

                [Differentiable]
                public double F(double x)
                {
                    string? s = Name;
                    double r = x;
                    if (s != null) { r = r * s.Length; }
                    return r * x;
                }
            }
            """ },
        { "a protected member of a sealed type, suppressed in its file (CS0628)", """
            using GradGen;
            #pragma warning disable CS0628
            public sealed partial class C
            {
                [Differentiable]
                protected internal double F(double x) => x * x;
            }
            """ },
        { "nint arithmetic that may overflow, suppressed in its file (CS8973)", Model("""
            public const nint NI = -4;

            [Differentiable]
            public static double F(double x)
            {
            #pragma warning disable CS8973
                long big = NI * int.MaxValue;
            #pragma warning restore CS8973
                return x * (big > 0 ? 1 : 2);
            }
            """) },
        { "checked and unchecked contexts", Model("""
            [Differentiable]
            public static double F(double x, int n)
            {
                int k = checked(n * 2);
                int j = unchecked(n * 1000000);
                checked { k = k + 1; k++; }
                double r = checked(x * x + (short)n);
                return r * k * j;
            }
            """) },

        // Containing types the generated file reopens.
        { "an interface with a variant type parameter (CS1067)", """
            using GradGen;
            public partial interface IVariant<out T>
            {
                [Differentiable]
                static double F(double x) => x * x;
            }
            """ },
        { "generic, nested, record, readonly, ref and unsafe containing types; file-scoped namespace, using static, aliases", """
            global using GG = GradGen;
            using static System.Math;
            using M = System.Math;
            using GradGen;
            namespace N.Inner;
            public partial class Outer<T> where T : struct
            {
                public partial class Nested<U>
                {
                    [Differentiable]
                    public static double F(double x, T t, U u) => Sin(x) * M.Cos(x);
                }
            }
            public partial record R(double A) { [GG.Differentiable] public double F(double x) => x * A; }
            public partial record struct RS(double A) { [Differentiable] public double F(double x) => x * A; }
            public readonly partial struct S { private readonly double _a; public S(double a) { _a = a; } [Differentiable] public double F(double x) => x * _a; }
            public ref partial struct RR { public double A; [Differentiable] public double F(double x) => x * A; }
            public unsafe partial class U { [Differentiable] public static double F(double x) => x * sizeof(int); }
            public partial struct MS { public double A; [Differentiable] public readonly double F(double x) => x * A; }
            """ },

        // Inherited members with the generated names are hidden, as the derived method hides or overrides its base.
        { "a base class member named like a generated one (CS0108)", """
            using GradGen;
            public class Base
            {
                public double HGradient(double x, out double dX) { dX = 0; return 0; }
                public int HPullback;
            }
            public partial class Derived : Base
            {
                [Differentiable]
                public double H(double x) => x * x;
            }
            """ },
        { "a [Differentiable] method hiding a [Differentiable] base method (CS0108 on both generated members)", """
            using GradGen;
            public partial class Base
            {
                [Differentiable]
                public double H(double x) => x * x;
            }
            public partial class Derived : Base
            {
                [Differentiable]
                public new double H(double x) => x * x * x;
            }
            """ },
        { "methods, types and namespaces whose names differ only in case (hint names compare ignoring case: CS8785)", """
            using GradGen;
            #pragma warning disable CS8981
            public static partial class C
            {
                [Differentiable]
                public static double F(double x) => x * x;

                [Differentiable]
                public static double f(double x) => x * x * x;
            }
            public static partial class c
            {
                [Differentiable]
                public static double F(double x) => x;
            }
            namespace N.A { public static partial class D { [Differentiable] public static double F(double x) => x; } }
            namespace N.a { public static partial class D { [Differentiable] public static double F(double x) => x; } }
            """ },
        { "virtual methods, overrides, sealed overrides, an override of an ordinary virtual method, calls through base (CS0114, CS0506)", """
            using GradGen;
            public partial class Base
            {
                public virtual double K(double x) => x;

                [Differentiable]
                public virtual double H(double x) => x * x;

                [Differentiable]
                public double Caller(double x) => H(x) * 2;
            }
            public partial class Derived : Base
            {
                [Differentiable]
                public override double H(double x) => base.H(x) * x;

                [Differentiable]
                public override double K(double x) => base.K(2.0) * x;
            }
            public partial class Leaf : Derived
            {
                [Differentiable]
                public sealed override double H(double x) => x;

                [Differentiable]
                public override double K(double x) => x * x;
            }
            """ },
        // Finding F2 of the random tester: a loop with no reverse work, fused, kept its body's uses and lost their declarations.
        { "a fused loop whose body only continues", Model("""
            [Differentiable]
            public static double F(double x)
            {
                for (int i = 0; i < 2; i++) { continue; }
                return x;
            }
            """) },
        { "a fused loop whose body only declares a local", Model("""
            [Differentiable]
            public static double F(double x)
            {
                for (int i = 0; i < 2; i++) { double v = x * 3; }
                return x * x;
            }
            """) },
        { "a fused loop counting down whose body is a switch", Model("""
            [Differentiable]
            public static double F(double x)
            {
                for (int i = 2; i >= 0; i--) { switch (i % 3) { case 0: break; default: break; } }
                return x;
            }
            """) },
        { "a fused loop whose body is an empty inner loop", Model("""
            [Differentiable]
            public static double F(double x)
            {
                for (int i = 0; i < 2; i++) { for (int j = 2; j >= 0; j--) { } }
                return x;
            }
            """) },
        // Finding F3: a constant condition of the user's makes a branch of the generated code unreachable (CS0162).
        { "a constant condition", Model("""
            [Differentiable]
            public static double F(double x) => (!(-1.79 >= 0.05)) ? 1.3 : x;
            """) },
        // Finding F8: x = -(-x) must not print as x = x (CS1717).
        { "a double negation assigned to its operand", Model("""
            [Differentiable]
            public static double F(double x0, int depth)
            {
                if (depth <= 0) { return x0; }
                x0 = -(-x0);
                return 1.0;
            }
            """) },
    };

    [Theory]
    [MemberData(nameof(ValidInputs))]
    public void Generated_code_compiles_without_warnings(string what, string source)
    {
        var run = GeneratorHarness.Run(source);
        Assert.True(run.GeneratorDiagnostics.IsEmpty, what + ":\n" + GeneratorHarness.FormatDiagnostics(run.GeneratorDiagnostics));
        Assert.NotEmpty(run.GeneratedSources);
        GeneratorHarness.AssertCompilesCleanly(run);
    }

    /// <summary>
    /// Random tester, seed 424213460: a Hessian-vector product returns the method's value, printed from the original
    /// return expression, which the product's model does not hold; an array that expression uses whole was taken from the
    /// pool as a span, which does not convert to <c>IEnumerable&lt;double&gt;</c> (CS0030). (A value that does not depend
    /// on the parameters: where it does, a call in it is GG0032 for forward mode.)
    /// </summary>
    [Fact]
    public void A_new_array_used_whole_only_in_the_value_a_Hessian_vector_product_returns_stays_an_array()
    {
        var run = GeneratorHarness.Run(Model("""
            [Differentiable(HessianVectorProduct = true)]
            public static double F(double x, [NoDerivative] double[] data)
            {
                double[] a = new double[data.Length];
                return data.Length > 0 ? 3.0 : System.Linq.Enumerable.Sum(System.Linq.Enumerable.AsEnumerable(a));
            }
            """));
        // The value does not depend on x (GG0014, a warning); the generated members must still compile.
        Assert.Equal("GG0014", Assert.Single(run.GeneratorDiagnostics).Id);
        Assert.NotEmpty(run.GeneratedSources);
        Assert.Empty(run.CompilationDiagnostics);
    }

    [Fact]
    public void Enum_constants_are_printed_by_member_name_or_as_a_cast()
    {
        var run = GeneratorHarness.Run(Model("""
            [Differentiable]
            public static double F(double x, Fl fl) => fl.HasFlag(Fl.A) || fl == (Fl.A | Fl.B) ? x * x : x;
            """, "[Flags] public enum Fl { None = 0, A = 1, B = 2 }"));

        var text = run.GeneratedSources.Values.Single();
        Assert.Contains("fl.HasFlag((global::System.Enum)global::Fl.A)", text, System.StringComparison.Ordinal);
        Assert.Contains("fl == ((global::Fl)3)", text, System.StringComparison.Ordinal);
    }

    [Fact]
    public void A_managed_value_goes_on_a_tape_that_starts_empty_and_slots_that_are_cleared_on_return()
    {
        var run = GeneratorHarness.Run(Model("""
            [Differentiable]
            public static double F(double x, int n)
            {
                string s = "";
                double r = x;
                for (int i = 0; i < n; i++)
                {
                    s = s + "a";
                    r = r * s.Length * x;
                }

                int k = 0;
                while (k < n)
                {
                    s = s + "b";
                    r = r * s.Length * x;
                    k += 2;
                }

                return r;
            }
            """));

        var text = run.GeneratedSources.Values.Single();
        Assert.Contains("new global::GradGen.Tape<string>(default)", text, System.StringComparison.Ordinal);
        Assert.Contains("global::System.Buffers.ArrayPool<string>.Shared.Return(_slotArray0, clearArray: true);", text, System.StringComparison.Ordinal);
        Assert.DoesNotContain("stackalloc string", text, System.StringComparison.Ordinal);
    }

    [Fact]
    public void Generated_members_follow_the_method_virtual_override_sealed_or_new()
    {
        var run = GeneratorHarness.Run("""
            using GradGen;
            public partial class Base
            {
                [Differentiable]
                public virtual double H(double x) => x * x;

                [Differentiable]
                public double P(double x) => x * x;
            }
            public partial class Derived : Base
            {
                [Differentiable]
                public sealed override double H(double x) => x;

                [Differentiable]
                public new double P(double x) => x;
            }
            """);

        var text = string.Concat(run.GeneratedSources.Values);
        Assert.Contains("public virtual double HGradient(", text, System.StringComparison.Ordinal);
        Assert.Contains("public virtual void HPullback(", text, System.StringComparison.Ordinal);
        Assert.Contains("public sealed override double HGradient(", text, System.StringComparison.Ordinal);
        Assert.Contains("public sealed override void HPullback(", text, System.StringComparison.Ordinal);
        Assert.Contains("public double PGradient(", text, System.StringComparison.Ordinal);
        Assert.Contains("public new double PGradient(", text, System.StringComparison.Ordinal);
        Assert.Contains("public new void PPullback(", text, System.StringComparison.Ordinal);
        GeneratorHarness.AssertCompilesCleanly(run);
    }

    /// <summary>
    /// The private core of Gradient and Pullback hides what the derived type can see: the core of the same method in a base
    /// type it is nested in (private members are visible there), or an accessible base member of that name and signature
    /// (CS0108 without 'new'); and nothing else (CS0109 with it).
    /// </summary>
    [Fact]
    public void The_shared_core_is_new_exactly_where_it_hides_a_base_member()
    {
        var run = GeneratorHarness.Run("""
            using GradGen;
            public partial class Base
            {
                [Differentiable]
                public virtual double H(double x) => x * x;

                public partial class Nested : Base
                {
                    [Differentiable]
                    public override double H(double x) => x * x * x;
                }
            }
            public partial class Derived : Base
            {
                [Differentiable]
                public override double H(double x) => x;
            }
            public class Other
            {
                protected static double __GradGen_GCore(double x, double seed, ref double dX) => 0;
            }
            public partial class FromOther : Other
            {
                [Differentiable]
                public static double G(double x) => x * x;
            }
            """);

        GeneratorHarness.AssertCompilesCleanly(run);
        Assert.Contains("private double __GradGen_HCore(", run.GeneratedSources["Base.H.g.cs"], System.StringComparison.Ordinal);
        Assert.Contains("private new double __GradGen_HCore(", run.GeneratedSources["Base+Nested.H.g.cs"], System.StringComparison.Ordinal);
        Assert.Contains("private double __GradGen_HCore(", run.GeneratedSources["Derived.H.g.cs"], System.StringComparison.Ordinal);
        Assert.Contains("private new static double __GradGen_GCore(", run.GeneratedSources["FromOther.G.g.cs"], System.StringComparison.Ordinal);
    }

    [Fact]
    public void A_type_with_a_broken_type_parameter_list_gets_no_generated_code()
    {
        var run = GeneratorHarness.Run("""
            using GradGen;
            public partial class C<
            {
                [Differentiable]
                public static double F(double x) => x * x;
            }
            """);

        Assert.Empty(run.GeneratedSources);
        Assert.Empty(run.GeneratorDiagnostics);
    }

    [Fact]
    public void A_caller_of_a_method_whose_generation_failed_gets_GG0016_and_no_code()
    {
        var run = GeneratorHarness.Run(Model("""
            public static double FGradient(double x, out double dX) { dX = 2 * x; return x * x; }

            [Differentiable]
            public static double F(double x) => x * x;

            [Differentiable]
            public static double G(double x) => F(x) * 2;
            """));

        Assert.Equal(new[] { "GG0016", "GG0020" }, run.GeneratorDiagnostics.Select(d => d.Id).OrderBy(id => id));
        Assert.Empty(run.GeneratedSources);
        Assert.DoesNotContain(run.CompilationDiagnostics, d => d.Severity == DiagnosticSeverity.Error);
    }

    [Theory]
    [InlineData("x * missing", "CS0103")]
    [InlineData("x * ", "CS1525")]
    public void A_caller_of_a_method_with_a_compiler_error_gets_GG0016_instead_of_a_call_to_a_missing_Pullback(string body, string error)
    {
        var run = GeneratorHarness.Run(Model($$"""
            [Differentiable]
            public static double F(double x) => {{body}};

            [Differentiable]
            public static double G(double x) => F(x) * 2;
            """));

        Assert.Equal("GG0016", Assert.Single(run.GeneratorDiagnostics).Id);
        Assert.Equal(new[] { error }, run.CompilationDiagnostics.Select(d => d.Id));
    }
}
