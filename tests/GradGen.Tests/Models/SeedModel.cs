using System;

namespace GradGen.Tests.Models;

public static partial class SeedModel
{
    /// <summary>The seed's example: y = σ(a·x), z = b·y.</summary>
    [Differentiable]
    public static double Z(double a, double b, [NoDerivative] double x)
    {
        var y = 1.0 / (1.0 + Math.Exp(-a * x));
        var z = b * y;
        return z;
    }

    /// <summary>The same with x differentiable too, written as a call to a differentiable sigmoid.</summary>
    [Differentiable]
    public static double Sigmoid(double t) => 1.0 / (1.0 + Math.Exp(-t));

    [Differentiable]
    public static double ZComposed(double a, double b, double x) => b * Sigmoid(a * x);
}
