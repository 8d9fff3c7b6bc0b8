namespace GradGen;

/// <summary>
/// The finite-difference formula used by <see cref="FiniteDifferences"/> to approximate a derivative.
/// </summary>
/// <remarks>
/// <para>
/// With step <c>h</c>, machine epsilon <c>ε</c> and <c>s = max(1, |x|)</c>, the error of each scheme is a
/// truncation term that shrinks with <c>h</c> plus a round-off term <c>≈ ε·|f|/h</c> that grows as <c>h</c> shrinks.
/// The default steps balance the two; see <see cref="FiniteDifferences.DefaultRelativeStep"/>.
/// </para>
/// <list type="table">
/// <listheader><term>scheme</term><description>formula, error order, default step, evaluations per derivative</description></listheader>
/// <item><term><see cref="Forward"/></term><description><c>(f(x+h) − f(x))/h</c>, O(h), <c>√ε·s ≈ 1.49e-8·s</c>, 2 (N+1 for a gradient)</description></item>
/// <item><term><see cref="Backward"/></term><description><c>(f(x) − f(x−h))/h</c>, O(h), <c>√ε·s</c>, 2 (N+1 for a gradient)</description></item>
/// <item><term><see cref="Central"/></term><description><c>(f(x+h) − f(x−h))/(2h)</c>, O(h²), <c>∛ε·s ≈ 6.06e-6·s</c>, 2 (2N for a gradient)</description></item>
/// <item><term><see cref="FivePoint"/></term><description><c>(−f(x+2h) + 8f(x+h) − 8f(x−h) + f(x−2h))/(12h)</c>, O(h⁴), <c>ε^(1/5)·s ≈ 7.4e-4·s</c>, 4 (4N for a gradient)</description></item>
/// <item><term><see cref="Richardson"/></term><description>Ridders' extrapolation of central differences, usually 12 to 14 digits, initial step <c>0.1·s</c>, at most 20</description></item>
/// </list>
/// </remarks>
public enum FiniteDifferenceScheme
{
    /// <summary>Forward difference <c>(f(x+h) − f(x))/h</c>: first order, about 8 correct digits in double precision.</summary>
    Forward,

    /// <summary>Backward difference <c>(f(x) − f(x−h))/h</c>: first order, about 8 correct digits in double precision.</summary>
    Backward,

    /// <summary>Central difference <c>(f(x+h) − f(x−h))/(2h)</c>: second order, about 10 to 11 correct digits in double precision.</summary>
    Central,

    /// <summary>
    /// Five-point stencil <c>(−f(x+2h) + 8f(x+h) − 8f(x−h) + f(x−2h))/(12h)</c>: fourth order,
    /// about 12 to 13 correct digits on smooth functions.
    /// </summary>
    FivePoint,

    /// <summary>
    /// Ridders' method: central differences at steps shrinking by a factor 1.4 from an initial step of
    /// <c>0.1·max(1, |x|)</c>, extrapolated to <c>h → 0</c> in a Neville tableau. It stops when the
    /// tableau's error starts growing, returns the best value with an error estimate
    /// (<see cref="FiniteDifferences.DerivativeWithError"/>), and usually reaches 12 to 14 digits on smooth
    /// functions at the cost of up to 20 evaluations. The function must be smooth and defined over
    /// <c>[x − 0.1·max(1, |x|), x + 0.1·max(1, |x|)]</c> and must not oscillate on a much shorter scale: at
    /// <c>x = 1000.1</c>, <c>sin</c> needs an explicit initial step such as 0.1 (then 15 digits), and the default
    /// step of 100 gives an error of 0.5 that the error estimate (3e-3) does not reveal.
    /// </summary>
    Richardson,
}
