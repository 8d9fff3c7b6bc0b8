using System;

namespace GradGen.CurveFitting.Models;

/// <summary>
/// f(t; p) = p₀·exp(−p₁·t) + p₂·exp(−p₃·t): two decaying exponentials, the classic ill-conditioned curve fit.
/// GradGen generates <c>ModelJacobian</c> (the t.Length × 4 Jacobian ∂f/∂p, row-major, by four forward sweeps),
/// <c>ModelPullback</c> and <c>ModelPushforward</c>.
/// </summary>
public static partial class TwoExponentials
{
    public const int ParameterCount = 4;

    /// <summary>Writes the model's value at every t into <paramref name="f"/> (never reads it).</summary>
    [Differentiable]
    public static void Model(ReadOnlySpan<double> p, [NoDerivative] ReadOnlySpan<double> t, [DifferentiableOutput] Span<double> f)
    {
        for (int i = 0; i < t.Length; i++)
        {
            f[i] = p[0] * Math.Exp(-p[1] * t[i]) + p[2] * Math.Exp(-p[3] * t[i]);
        }
    }
}
