using System.Collections.Generic;
using System.Linq;
using GradGen.Generator.Helpers;

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
    public void WriteEntry(IndentedWriter writer, string core)
    {
        WriteArgumentChecks(writer);
        var arguments = new List<string>();
        foreach (var parameter in _model.Parameters)
        {
            // 'in' passes an 'in' or 'ref readonly' parameter on by reference, as the method received it.
            arguments.Add((parameter.Modifier.Length > 0 ? "in " : string.Empty) + Naming.Escape(parameter.Name));
        }

        var gradients = _model.Parameters.Where(p => p.IsDifferentiable).ToList();
        arguments.Add(_mode == SweepMode.Gradient ? Literal(_model.ReturnType, 1).Text : Naming.Escape(_model.SeedName));
        arguments.AddRange(gradients.Select(p => (p.Type.IsRealCollection ? string.Empty : "ref ") + p.GradientName));
        var call = core + "(" + string.Join(", ", arguments) + ")";
        if (_mode != SweepMode.Gradient)
        {
            writer.Line(call + ";");
            return;
        }

        // The core adds into the gradients: a Gradient overwrites them, so they start at zero.
        foreach (var parameter in gradients)
        {
            if (parameter.Type.IsTwoIndex)
            {
                WriteTwoIndexClear(writer, parameter);
            }
            else
            {
                writer.Line(parameter.Type.IsRealCollection
                    ? Emission.ZeroFill.Statement(parameter.GradientName!, parameter.Type.Element!.Text)
                    : parameter.GradientName + " = " + Zero(parameter.Type) + ";");
            }
        }

        writer.Line("return " + call + ";");
    }
}
