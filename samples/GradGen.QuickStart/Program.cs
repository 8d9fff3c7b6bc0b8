using System;
using GradGen;
using GradGen.QuickStart;

// The seed example: y = σ(a·x), z = b·y. GradGen wrote SeedModel.ZGradient at compile time.
const double a = 0.7, b = -1.3, x = 2.1;

var z = SeedModel.ZGradient(a, b, x, out var dA, out var dB);

// A central finite difference, the way one would check a gradient by hand.
const double h = 1e-6;
var fdA = (SeedModel.Z(a + h, b, x) - SeedModel.Z(a - h, b, x)) / (2 * h);
var fdB = (SeedModel.Z(a, b + h, x) - SeedModel.Z(a, b - h, x)) / (2 * h);

// And the derivatives worked out on paper: ∂z/∂a = b·x·σ(ax)(1 − σ(ax)), ∂z/∂b = σ(ax).
var s = 1 / (1 + Math.Exp(-a * x));

Console.WriteLine("GradGen quick start: z = b·σ(a·x)   at a = 0.7, b = -1.3, x = 2.1");
Console.WriteLine();
Console.WriteLine($"  z           = {z,22:R}");
Console.WriteLine($"  ∂z/∂a       = {dA,22:R}   (finite difference {fdA:R}, by hand {b * x * s * (1 - s):R})");
Console.WriteLine($"  ∂z/∂b       = {dB,22:R}   (finite difference {fdB:R}, by hand {s:R})");
Console.WriteLine();
Console.WriteLine("The generated code is in samples/GradGen.QuickStart/obj/Generated after a build.");

namespace GradGen.QuickStart
{
    public static partial class SeedModel
    {
        /// <summary>A one-neuron model: z = b·σ(a·x). The data x gets no gradient.</summary>
        [Differentiable]
        public static double Z(double a, double b, [NoDerivative] double x)
        {
            var y = 1.0 / (1.0 + Math.Exp(-a * x));
            return b * y;
        }
    }
}
