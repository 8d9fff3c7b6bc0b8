using System;

namespace GradGen.Benchmarks.Models;

/// <summary>
/// Residuals of a five-parameter curve fit, rᵢ = p₀·exp(−p₁tᵢ) + p₂·exp(−p₃tᵢ) + p₄ − yᵢ: a vector-valued method
/// (<c>[DifferentiableOutput]</c>) for which GradGen generates <c>ResidualsJacobian</c> (m × 5, row-major).
/// </summary>
public static partial class ExponentialResiduals
{
    public const int ParameterCount = 5;

    [Differentiable]
    public static void Residuals(ReadOnlySpan<double> p, [NoDerivative] ReadOnlySpan<double> t, [NoDerivative] ReadOnlySpan<double> y, [DifferentiableOutput] Span<double> r)
    {
        for (int i = 0; i < t.Length; i++)
        {
            r[i] = p[0] * Math.Exp(-p[1] * t[i]) + p[2] * Math.Exp(-p[3] * t[i]) + p[4] - y[i];
        }
    }

    /// <summary>One residual, for MathNet's NumericalJacobian, which differentiates an array of scalar functions.</summary>
    public static double Residual(ReadOnlySpan<double> p, double t, double y) =>
        p[0] * Math.Exp(-p[1] * t) + p[2] * Math.Exp(-p[3] * t) + p[4] - y;

    /// <summary>
    /// The residuals and their Jacobian by hand, in one pass: row i is (e₁, −p₀tᵢe₁, e₂, −p₂tᵢe₂, 1) with
    /// e₁ = exp(−p₁tᵢ), e₂ = exp(−p₃tᵢ), each exponential computed once.
    /// </summary>
    public static void ResidualsJacobianByHand(ReadOnlySpan<double> p, ReadOnlySpan<double> t, ReadOnlySpan<double> y, Span<double> r, Span<double> jacobian)
    {
        if (r.Length != t.Length || jacobian.Length != t.Length * ParameterCount)
        {
            throw new ArgumentException("The Jacobian must have t.Length × 5 elements.", nameof(jacobian));
        }

        for (int i = 0; i < t.Length; i++)
        {
            double e1 = Math.Exp(-p[1] * t[i]);
            double e2 = Math.Exp(-p[3] * t[i]);
            r[i] = p[0] * e1 + p[2] * e2 + p[4] - y[i];
            Span<double> row = jacobian.Slice(i * ParameterCount, ParameterCount);
            row[0] = e1;
            row[1] = -p[0] * t[i] * e1;
            row[2] = e2;
            row[3] = -p[2] * t[i] * e2;
            row[4] = 1;
        }
    }
}
