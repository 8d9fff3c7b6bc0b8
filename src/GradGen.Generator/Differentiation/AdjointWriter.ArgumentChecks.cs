using System.Collections.Generic;
using System.Linq;
using GradGen.Generator.Helpers;

namespace GradGen.Generator.Differentiation;

/// <summary>
/// The checks at the top of a generated method: every gradient span has its input's length, and no gradient span shares
/// memory with a collection the method reads (the sweeps clear and add into the gradients while they still read the
/// inputs: silently wrong) or, in a Gradient, with another gradient (each would end up holding the sum of both). A Pullback
/// may be given one span for two gradients: it only adds, so both contributions arrive, which is what a call passing one
/// array as two arguments needs.
/// </summary>
internal sealed partial class AdjointWriter
{
    private void WriteArgumentChecks(IndentedWriter writer)
    {
        WriteShapeChecks(writer);
        var gradients = _model.Parameters.Where(p => p.IsDifferentiable && p.Type.IsRealCollection && !p.Type.IsTwoIndex).ToList();
        foreach (var parameter in gradients)
        {
            var name = Naming.Escape(parameter.Name);
            writer.Open("if (" + parameter.GradientName + ".Length != " + LengthOf(parameter, name) + ")");
            writer.Line("throw new global::System.ArgumentException(\"The gradient '" + parameter.GradientName + "' must have the length of '" + parameter.Name + "'.\", nameof(" + parameter.GradientName + "));");
            writer.Close();
            writer.Line();
        }

        for (var g = 0; g < gradients.Count; g++)
        {
            var gradient = gradients[g];
            var element = gradient.Type.Element!.Text;
            var others = new List<string>();
            others.AddRange(_model.Parameters.Where(p => p.Type.IsRealCollection && !p.Type.IsTwoIndex && p.Type.Element!.Text == element).Select(p => Naming.Escape(p.Name)));
            var otherGradients = _mode == SweepMode.Gradient
                ? gradients.Where(p => p != gradient && p.Type.Element!.Text == element).ToList()
                : new List<Model.ParameterModel>();
            others.AddRange(otherGradients.Where(p => gradients.IndexOf(p) > g).Select(p => p.GradientName!));

            var tests = others.Select(other => "global::System.MemoryExtensions.Overlaps<" + element + ">(" + gradient.GradientName + ", " + other + ")").ToList();
            // One test per line: a reader sees at once which pairs are checked.
            for (var t = 0; t < tests.Count - 1; t++)
            {
                writer.Line((t == 0 ? "if (" : "    || ") + tests[t]);
            }

            writer.Open((tests.Count == 1 ? "if (" : "    || ") + tests[tests.Count - 1] + ")");
            var what = otherGradients.Count > 0 ? "the inputs or the other gradients" : "the inputs";
            writer.Line("throw new global::System.ArgumentException(\"The gradient '" + gradient.GradientName + "' must not share memory with " + what + ".\", nameof(" + gradient.GradientName + "));");
            writer.Close();
            writer.Line();
        }
    }
}
