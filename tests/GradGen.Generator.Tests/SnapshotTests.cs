using System.Runtime.CompilerServices;
using GradGen.Generator.Tests.Infrastructure;

namespace GradGen.Generator.Tests;

/// <summary>
/// One snapshot per supported construct: the generated Gradient and Pullback must compile without any warning
/// (user projects build with warnings as errors) and match Snapshots/{name}.verified.cs.
/// Numeric correctness of the derivatives is tested in GradGen.Tests; here only the generated text.
/// </summary>
public sealed class SnapshotTests
{
    /// <summary>Runs the generator, requires a warning-free compilation and at least one file, and compares the snapshot.</summary>
    private static GeneratorRun Verify(string source, string name, [CallerFilePath] string callerFile = "")
    {
        var run = GeneratorHarness.Run(source);
        GeneratorHarness.AssertCompilesCleanly(run);
        Assert.NotEmpty(run.GeneratedSources);
        Snapshot.MatchGenerated(run, name, callerFile);
        return run;
    }

    [Fact]
    public void SeedExample()
    {
        Verify("""
            using System;
            using GradGen;

            namespace Demo;

            public static partial class SeedModel
            {
                [Differentiable]
                public static double Z(double a, double b, [NoDerivative] double x)
                {
                    var y = 1 / (1 + Math.Exp(-a * x));
                    return b * y;
                }
            }
            """, "SeedExample");
    }

    /// <summary>
    /// A reverse loop that calls MathF functions hoists its invariant temporaries as one calling Math does
    /// (<c>w[i + 1] - 0.5f</c> is computed once per row, before the inner reverse loop).
    /// </summary>
    [Fact]
    public void FloatInvariantTemporaries()
    {
        Verify("""
            using System;
            using GradGen;

            namespace Demo;

            public static partial class Triangle
            {
                [Differentiable]
                public static float F(ReadOnlySpan<float> w)
                {
                    float total = 0;
                    for (int i = 0; i < w.Length; i++)
                    {
                        for (int j = i + 1; j < w.Length; j++)
                        {
                            total += MathF.Sin(w[j]) * (w[i + 1] - 0.5f);
                        }
                    }

                    return total;
                }
            }
            """, "FloatInvariantTemporaries");
    }

    [Fact]
    public void Arithmetic()
    {
        Verify("""
            using System;
            using GradGen;

            namespace Demo;

            public static partial class Arithmetic
            {
                private const double Scale = 2.5;

                [Differentiable]
                public static double Ops(double a, double b)
                {
                    const double half = 0.5;
                    var sum = a + b;
                    var difference = a - b;
                    var product = a * b;
                    var quotient = a / b;
                    var remainder = a % b;
                    var negated = -a;
                    return sum + difference * 2 - product / 3.0 + quotient * half + remainder * Scale - negated;
                }

                [Differentiable]
                public static double Literals(double x, double y)
                {
                    var t = -2.0 * x + -y - -x * 1.5e-3 - (-x) * (-y);
                    return t * Math.PI - Math.E / y + 1e10 - 0.1 + 4 * x;
                }

                [Differentiable]
                public static double Remainders(double x, double y) => x % 2.0 + 3.0 % y + (x * y) % (x + y);
            }
            """, "Arithmetic");
    }

    [Fact]
    public void LocalsAndReassignment()
    {
        Verify("""
            using System;
            using GradGen;

            namespace Demo;

            public static partial class Locals
            {
                [Differentiable]
                public static double Overwrite(double x, double y)
                {
                    var u = x + 1;
                    u = y * y;
                    var t = x * y;
                    t = Math.Sin(t) + x;
                    t = t * t;
                    double w;
                    w = t + u;
                    return w;
                }

                [Differentiable]
                public static double ReassignParameter(double x, double y)
                {
                    var first = x * y;
                    x = x * 3;
                    y = 2.0;
                    return first + x * y;
                }
            }
            """, "LocalsAndReassignment");
    }

    [Fact]
    public void CompoundAssignments()
    {
        Verify("""
            using GradGen;

            namespace Demo;

            public static partial class Compound
            {
                [Differentiable]
                public static double Locals(double x, double y)
                {
                    var s = x;
                    s += y;
                    s -= 2 * x;
                    s *= y;
                    s /= x;
                    return s;
                }

                [Differentiable]
                public static double Parameters(double x, double y)
                {
                    x += y;
                    y *= x;
                    x -= 1;
                    y /= 4;
                    return x * y;
                }

                [Differentiable]
                public static float FloatTarget(float f, double d)
                {
                    var g = f;
                    g += 1;
                    g *= f;
                    var h = d;
                    h *= g;
                    h -= f;
                    return g + (float)h;
                }
            }
            """, "CompoundAssignments");
    }

    [Fact]
    public void MathFunctions()
    {
        Verify("""
            using System;
            using GradGen;

            namespace Demo;

            public static partial class Functions
            {
                [Differentiable]
                public static double Trigonometric(double x, double y)
                {
                    var a = Math.Sin(x) + Math.Cos(x) + Math.Tan(x);
                    var b = Math.Asin(x) + Math.Acos(x) + Math.Atan(x) + Math.Atan2(y, x);
                    var c = Math.Sinh(x) + Math.Cosh(x) + Math.Tanh(x);
                    var d = Math.Asinh(y) + Math.Acosh(y) + Math.Atanh(x);
                    return a * b + c * d;
                }

                // Floor, Ceiling, Round and Truncate are here for their rule (derivative 0): GG0015 says so, and is expected.
                #pragma warning disable GG0015
                [Differentiable]
                public static double ExponentialAndOthers(double x, double y)
                {
                    var e = Math.Exp(x) + Math.Log(x) + Math.Log(x, y) + Math.Log10(x) + Math.Log2(x);
                    var r = Math.Sqrt(x) + Math.Cbrt(x) + Math.Pow(x, y) + Math.Pow(x, 3) + Math.Pow(2, y);
                    var m = Math.Abs(x) + Math.Min(x, y) + Math.Max(x, y) + Math.FusedMultiplyAdd(x, y, x);
                    var p = Math.Floor(x) + Math.Ceiling(y) + Math.Round(x) + Math.Truncate(y);
                    return e * r + m * p;
                }
            }
            """, "MathFunctions");
    }

    [Fact]
    public void MathFWithFloat()
    {
        Verify("""
            using System;
            using GradGen;

            namespace Demo;

            public static partial class SingleFunctions
            {
                #pragma warning disable GG0015 // MathF.Floor on purpose
                [Differentiable]
                public static float F(float x, float y)
                {
                    var a = MathF.Sin(x) * MathF.Cos(y) + MathF.Tanh(x) + MathF.Atan2(y, x);
                    var b = MathF.Exp(x) / MathF.Sqrt(y) + MathF.Log(y) + MathF.Pow(x, y);
                    var c = MathF.Abs(x) + MathF.Max(x, y) + MathF.Floor(y) + MathF.FusedMultiplyAdd(x, y, 1f);
                    return a * b - c * 0.5f + MathF.PI;
                }
            }
            """, "MathFWithFloat");
    }

    [Fact]
    public void FloatDoubleMix()
    {
        Verify("""
            using System;
            using GradGen;

            namespace Demo;

            public static partial class Mixed
            {
                [Differentiable]
                public static float ToFloat(float a, double b)
                {
                    double t = a * b;
                    float u = (float)t + a;
                    return (float)(u * Math.Sin(a)) + (float)b;
                }

                [Differentiable]
                public static double ToDouble(float a, float b)
                {
                    var product = a * b;
                    double wide = product;
                    return wide * a + (double)b / 2 + MathF.Exp(a);
                }
            }
            """, "FloatDoubleMix");
    }

    [Fact]
    public void ExpressionBodied()
    {
        Verify("""
            using System;
            using GradGen;

            namespace Demo;

            public partial class Bodies
            {
                private readonly double _k = 3;

                [Differentiable]
                public static double Square(double x) => x * x;

                [Differentiable]
                public double Scaled(double x, double y) => _k * Math.Sin(x * y);
            }
            """, "ExpressionBodied");
    }

    [Fact]
    public void ConditionalOperator()
    {
        Verify("""
            using System;
            using GradGen;

            namespace Demo;

            public static partial class Conditionals
            {
                [Differentiable]
                public static double Relu(double x) => x > 0 ? x : 0.0;

                [Differentiable]
                public static double Branches(double a, double b)
                {
                    var p = a * b > 1 && a < b ? a * a : Math.Sin(b);
                    var q = a > b ? 1.0 : b;
                    return p + (q < 0 ? -q : q * a);
                }
            }
            """, "ConditionalOperator");
    }

    [Fact]
    public void CallsToDifferentiableMethods()
    {
        Verify("""
            using System;
            using GradGen;

            namespace Demo;

            public partial class Calls
            {
                private readonly double _w = 2;

                [Differentiable]
                public static double G(double x) => x * Math.Exp(x);

                [Differentiable]
                public double H(double x, double y) => _w * x * y;

                [Differentiable]
                public static double K(double x, [NoDerivative] double s, int n) => x * s * n;

                [Differentiable]
                public static double Static(double x, double y)
                {
                    var u = G(x);
                    return u * G(y);
                }

                [Differentiable]
                public double ViaThis(double x, double y) => this.H(x, y) + H(y, x * x);

                [Differentiable]
                public static double WithInactiveArguments(double x, [NoDerivative] double c) => K(x, c, 3) + G(c);

                [Differentiable]
                public static float FloatArgument(float f) => (float)G(f) * f;

                [Differentiable]
                public static double Nested(double x, double y) => x * G(y) + G(x * y);
            }
            """, "CallsToDifferentiableMethods");
    }

    [Fact]
    public void CallsToOrdinaryMethods()
    {
        Verify("""
            using System;
            using GradGen;

            namespace Demo;

            public static partial class Ordinary
            {
                private static double Scale(int n) => n * 0.5;

                private static double Helper(double c, int n) => c * n;

                [Differentiable]
                public static double Use(double x, int n, [NoDerivative] double c)
                {
                    System.Diagnostics.Debug.Assert(n > 0);
                    var s = Scale(n);
                    var m = Math.Max(n, 3);
                    var r = Math.Round(c);
                    var h = Helper(c, n) + Math.Sin(c);
                    return x * s + m + r * x + h * Math.Exp(x);
                }
            }
            """, "CallsToOrdinaryMethods");
    }

    [Fact]
    public void InstanceFieldsAndProperties()
    {
        Verify("""
            using GradGen;

            namespace Demo;

            public partial class Layer
            {
                public static double Global = 1.5;

                private readonly double _weight;

                public Layer(double weight, Layer? inner)
                {
                    _weight = weight;
                    Inner = inner;
                }

                public double Bias { get; set; }

                public Layer? Inner { get; }

                public static int Count => 4;

                [Differentiable]
                public double Apply(double x)
                {
                    var y = _weight * x + Bias;
                    var z = this._weight * Global + Count * y;
                    return z + (Inner != null ? Inner.Bias * x : 0.0);
                }
            }
            """, "InstanceFieldsAndProperties");
    }

    [Fact]
    public void PassThroughParameters()
    {
        Verify("""
            using GradGen;

            namespace Demo;

            public readonly struct Settings
            {
                public Settings(double k) => K = k;

                public double K { get; }
            }

            public static partial class PassThrough
            {
                [Differentiable]
                public static double Mixed(double a, [NoDerivative] double b, int n, bool flag, string name, Settings s, float f)
                {
                    var scale = flag ? s.K : name.Length;
                    return a * b * n + scale * f + a * scale;
                }
            }
            """, "PassThroughParameters");
    }

    [Fact]
    public void GradientNameCollisions()
    {
        Verify("""
            using GradGen;

            namespace Demo;

            public static partial class Collisions
            {
                [Differentiable]
                public static double Seeded(double a, double dA, double seed) => a * dA * seed;

                [Differentiable]
                public static double CaseOnly(double x, double X, double dX_1) => x * X + dX_1;

                [Differentiable]
                public static double LaterParameter(double b, double dB) => b * dB;

                [Differentiable]
                public static double SeedTwice(double seed, double seed_1) => seed * seed_1;
            }
            """, "GradientNameCollisions");
    }

    [Fact]
    public void LocalsNamedLikeGeneratedNames()
    {
        Verify("""
            using System;
            using GradGen;

            namespace Demo;

            public static partial class Shadows
            {
                [Differentiable]
                public static double G(double v) => v * v;

                [Differentiable]
                public static double F(double x, double y)
                {
                    var _t0 = Math.Sin(x * y);
                    var _value = _t0 * x;
                    var _s0 = x;
                    _s0 = _s0 * y;
                    y = y * 2;
                    var _d_y = y * y + G(x) * 2;
                    var _a0 = _d_y;
                    _a0 = _a0 * _a0;
                    var _d0 = 1.0;
                    return _value + _s0 + _a0 * Math.Exp(_d_y) + _d0 * G(_d_y + x);
                }
            }
            """, "LocalsNamedLikeGeneratedNames");
    }

    [Fact]
    public void KeywordParameterNames()
    {
        Verify("""
            using GradGen;

            namespace Demo;

            public static partial class Keywords
            {
                [Differentiable]
                public static double F(double @in, double @double, [NoDerivative] double @class)
                {
                    var @var = @in * @double;
                    @in = @var + @class;
                    return @in * @var;
                }
            }
            """, "KeywordParameterNames");
    }

    [Fact]
    public void NestedTypes()
    {
        Verify("""
            using GradGen;

            namespace Demo;

            public partial class Outer
            {
                internal partial struct Inner
                {
                    private partial class Innermost
                    {
                        [Differentiable]
                        internal static double F(double x) => x * x;
                    }
                }
            }
            """, "NestedTypes");
    }

    [Fact]
    public void GenericContainingType()
    {
        Verify("""
            using GradGen;

            namespace Demo;

            public partial class Box<T>
                where T : class
            {
                public static double Factor = 2;

                public T? Item { get; set; }

                [Differentiable]
                public static double Scale(double x) => Factor * x;

                [Differentiable]
                public double Instance(double x)
                {
                    var s = Scale(x);
                    return Item != null ? s * x : x;
                }
            }
            """, "GenericContainingType");
    }

    [Fact]
    public void RecordsAndStructs()
    {
        Verify("""
            using GradGen;

            namespace Demo;

            public partial record Point(double X, double Y)
            {
                [Differentiable]
                public double Dot(double a, double b) => X * a + Y * b;
            }

            public partial record struct Pair(double First)
            {
                [Differentiable]
                public readonly double Times(double a) => First * a;
            }

            public partial struct Vector
            {
                public double Z;

                [Differentiable]
                public readonly double Scale(double a) => Z * a;
            }
            """, "RecordsAndStructs");
    }

    [Fact]
    public void GlobalNamespace()
    {
        Verify("""
            using GradGen;

            public static partial class TopLevel
            {
                [Differentiable]
                public static double F(double x) => x * x * x;
            }
            """, "GlobalNamespace");
    }

    [Fact]
    public void Accessibility()
    {
        Verify("""
            using GradGen;

            namespace Demo;

            public partial class Access
            {
                [Differentiable]
                internal static double InternalMethod(double x) => 2 * x;

                [Differentiable]
                private static double PrivateMethod(double x) => 3 * x;

                [Differentiable]
                protected double ProtectedMethod(double x) => 4 * x;

                [Differentiable]
                protected internal static double ProtectedInternalMethod(double x) => 5 * x;

                [Differentiable]
                private protected static double PrivateProtectedMethod(double x) => 6 * x;

                [Differentiable]
                static double DefaultAccessibility(double x) => PrivateMethod(x) * DefaultAccessibility2(x);

                [Differentiable]
                static double DefaultAccessibility2(double x) => x;
            }

            internal static partial class InternalClass
            {
                [Differentiable]
                public static double F(double x) => x;
            }
            """, "Accessibility");
    }

    [Fact]
    public void Overloads()
    {
        var run = Verify("""
            using GradGen;

            namespace Demo;

            public static partial class Poly
            {
                [Differentiable]
                public static double F(double x) => x * x;

                [Differentiable]
                public static double F(double x, double y) => x * y;

                [Differentiable]
                public static float F(float x) => x * x;
            }
            """, "Overloads");
        Assert.Equal(3, run.GeneratedSources.Count);
    }

    [Fact]
    public void UserMathTypeAndSystemNamespace()
    {
        Verify("""
            using GradGen;

            namespace App
            {
                namespace System
                {
                    public static class MathF
                    {
                        public static double Two => 2;
                    }
                }

                public static class Math
                {
                    public static double Scale(double c) => 10 * c;
                }

                public static partial class Uses
                {
                    [Differentiable]
                    public static double F(double x, [NoDerivative] double c)
                    {
                        var s = global::System.Math.Sin(x) * global::System.Math.Exp(x) + global::System.Math.PI;
                        return s * Math.Scale(c) + System.MathF.Two * global::System.Math.Pow(x, 2);
                    }

                    [Differentiable]
                    public static float G(float x) => global::System.MathF.Sqrt(x) * global::System.MathF.Tanh(x);
                }
            }
            """, "UserMathTypeAndSystemNamespace");
    }

    [Fact]
    public void NamesLikeGradientParametersAndGeneratedLocals()
    {
        Verify("""
            using GradGen;

            namespace Demo;

            public static partial class Names
            {
                [Differentiable]
                public static double LocalsLikeGradients(double x, double y)
                {
                    var dX = x * y;
                    var seed = dX * 2;
                    var dY = seed + y;
                    return dY * dX;
                }

                [Differentiable]
                public static double ParametersLikeGeneratedNames(double _value, double _d_x, double _t0)
                {
                    var x = _value * _d_x;
                    x = x * _t0;
                    return x;
                }
            }
            """, "NamesLikeGradientParametersAndGeneratedLocals");
    }

    [Fact]
    public void SameLocalNameInTwoScopes()
    {
        Verify("""
            using GradGen;

            namespace Demo;

            public static partial class Scopes
            {
                [Differentiable]
                public static double F(double x, double y)
                {
                    double r = 0;
                    {
                        var t = x * y;
                        r = t;
                    }

                    {
                        var t = x + y;
                        r = r * t;
                    }

                    return r;
                }
            }
            """, "SameLocalNameInTwoScopes");
    }

    [Fact]
    public void InterfaceMembers()
    {
        Verify("""
            using GradGen;

            namespace Demo;

            public partial interface IModel
            {
                [Differentiable]
                static double Square(double x) => x * x;

                [Differentiable]
                double Triple(double x) => x * 3;
            }
            """, "InterfaceMembers");
    }

    [Fact]
    public void MoreCallShapes()
    {
        Verify("""
            using GradGen;

            namespace Demo;

            public static partial class Shapes
            {
                [Differentiable]
                public static double H(double a, double b) => a * b;

                [Differentiable]
                public static double G(double x) => x * x;

                [Differentiable]
                public static float G(float x) => x * x;

                [Differentiable]
                public static double Sq(this double x) => x * x;

                [Differentiable]
                public static double @checked(double x) => x + 1;

                [Differentiable]
                public static double SameVariableTwice(double x) => H(x, x);

                [Differentiable]
                public static double OverloadsAndConversions(double x, float f, int n) => G(x) + G(f) + G((double)f) + G(n) * x;

                [Differentiable]
                public static double ExtensionAndKeywordName(double x) => x.Sq() * @checked(x);
            }

            public partial struct Weights
            {
                public double K;

                [Differentiable]
                public double G(double x) => K * x;

                [Differentiable]
                public double F(double x) => G(x) * G(x * 2);
            }
            """, "MoreCallShapes");
    }

    [Fact]
    public void RefStructContainingType()
    {
        Verify("""
            using GradGen;

            namespace Demo;

            public ref partial struct Stack
            {
                [Differentiable]
                public static double Square(double x) => x * x;
            }
            """, "RefStructContainingType");
    }

    [Fact]
    public void UnsafePointerParameter()
    {
        Verify("""
            using GradGen;

            namespace Demo;

            public static unsafe partial class Pointers
            {
                [Differentiable]
                public static double Square(double x, double* unused) => x * x;
            }
            """, "UnsafePointerParameter");
    }

    [Fact]
    public void ReadonlyStructMember()
    {
        Verify("""
            using GradGen;

            namespace Demo;

            public partial struct Scale
            {
                public double K;

                [Differentiable]
                public readonly double Apply(double x) => K * x;

                public readonly double Slope(double x)
                {
                    ApplyGradient(x, out var dX);
                    return dX;
                }
            }
            """, "ReadonlyStructMember");
    }
}
