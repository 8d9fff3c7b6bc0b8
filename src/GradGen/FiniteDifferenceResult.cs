namespace GradGen;

/// <summary>
/// A finite-difference derivative together with an estimate of its error, returned by
/// <see cref="FiniteDifferences.DerivativeWithError"/>.
/// </summary>
/// <param name="Value">The approximate derivative.</param>
/// <param name="ErrorEstimate">
/// An estimate of <c>|Value − f′(x)|</c>. For <see cref="FiniteDifferenceScheme.Richardson"/> it is the
/// tableau's own estimate (Ridders' method), usually an overestimate. For the other schemes it is a rough
/// estimate from the same formula at steps <c>h</c> and <c>h/2</c>: the truncation error of <c>D(h)</c>
/// extrapolated from <c>|D(h) − D(h/2)|·2ᵖ/(2ᵖ − 1)</c>, where <c>p</c> is the order of the scheme; near the
/// default step, where truncation and round-off are balanced, this is mostly a round-off estimate and
/// accurate only to an order of magnitude.
/// </param>
/// <param name="Evaluations">The number of times the function was evaluated.</param>
public readonly record struct FiniteDifferenceResult(double Value, double ErrorEstimate, int Evaluations);
