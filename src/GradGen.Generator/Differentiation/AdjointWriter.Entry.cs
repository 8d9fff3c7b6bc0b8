using System.Collections.Generic;
using System.Linq;
using GradGen.Generator.Differentiation.Adjoint;

namespace GradGen.Generator.Differentiation;

/// <summary>
/// The body of a public Gradient or Pullback whose sweeps are in the method's shared core (<see cref="SweepMode.Core"/>):
/// its own argument checks, in a Gradient the gradient arguments set to zero, then the call. The checks stay here, not in
/// the core: a Gradient must check before it zeroes (a gradient span that overlaps an input would be cleared first), and
/// it checks more than a Pullback (no two gradients may share memory).
/// </summary>
internal sealed partial class AdjointWriter
{
    /// <param name="core">The core, qualified: <c>this.__GradGen_FCore</c> or <c>global::N.C.__GradGen_FCore</c>.</param>
    public CoreCall BuildEntry(string core)
    {
        // The checks' counters first, as they are printed first.
        var checks = Checks();
        var clears = _mode == SweepMode.Gradient ? _model.Parameters.Where(p => p.IsDifferentiable).Select(Clear).ToList() : new List<GradientClear>();
        return new CoreCall(checks, clears, core, _mode == SweepMode.Gradient);
    }
}
