namespace GradGen;

/// <summary>
/// A finite-difference derivative together with an estimate of its error, returned by
/// <see cref="FiniteDifferences.DerivativeWithError"/>.
/// </summary>
/// <param name="Value">The approximate derivative.</param>
/// <param name="ErrorEstimate">
/// An estimate of <c>|Value − f′(x)|</c>. For <see cref="FiniteDifferenceScheme.Richardson"/> it is the
/// tableau's own estimate (Ridders' method): the smallest difference between neighbouring tableau entries, floored
/// at the round-off estimate of the central difference it came from; on smooth functions it is within a factor of
/// 10 of the true error, usually above it. For the other schemes it is a rough estimate (an upper bound within
/// one to two orders of magnitude at the default step), the sum of a truncation estimate from the same formula at
/// steps <c>h</c> and <c>h/2</c>, <c>|D(h) − D(h/2)|·2ᵖ/(2ᵖ − 1)</c> with <c>p</c> the order of the scheme, and a
/// round-off estimate <c>ε·Σ|wₖ·f(x + kh)|/(divisor)</c> over the stencil's weights <c>wₖ</c>.
/// </param>
/// <param name="Evaluations">The number of times the function was evaluated.</param>
public readonly record struct FiniteDifferenceResult(double Value, double ErrorEstimate, int Evaluations);
