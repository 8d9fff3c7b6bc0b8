using System.Collections.Generic;
using System.Linq;
using System.Threading;
using GradGen.Generator.Differentiation;
using GradGen.Generator.Differentiation.Forward;
using GradGen.Generator.Helpers;
using GradGen.Generator.Model;
using GradGen.Generator.Parsing;

namespace GradGen.Generator.Emission;

/// <summary>
/// The members of a vector-valued method (one that writes its result into a [DifferentiableOutput] span r):
/// <c>FPullback</c> adds Jᵀ·seed to the gradients (the reverse sweep, with r's adjoint starting at the seeds),
/// <c>FPushforward</c> writes J·direction (the forward sweep), and <c>FJacobian</c> writes J row-major, with one
/// forward sweep per input when there are no more inputs than outputs, else one reverse sweep per output.
/// </summary>
internal static class VectorEmitter
{
    public static void Write(IndentedWriter writer, MethodModel model, CancellationToken cancellationToken)
    {
        var output = model.Parameters.First(p => p.VariableId == model.OutputId);
        var element = output.Type.Element!;
        var taken = model.Parameters.Select(p => p.Name).Concat(model.Parameters.Where(p => p.IsDifferentiable).Select(p => p.GradientName!)).ToList();
        var seed = Naming.Unique("seed" + Naming.GradientName(output.Name).Substring(1), taken);
        taken.Add(seed);

        WritePullback(writer, model, output, seed, cancellationToken);
        writer.Line();
        var forward = TangentTransform.Transform(model, p => p.GradientName!, cancellationToken);
        var tangentOutput = forward.Model.Parameters[forward.Model.Parameters.Count - 1];
        WritePushforward(writer, model, forward, output, tangentOutput);
        writer.Line();
        var columns = JacobianColumnsWriter.Fits(model, forward);
        JacobianWriter.Write(writer, model, output, taken, columns);
        if (columns)
        {
            JacobianColumnsWriter.Write(writer, model, forward);
        }
    }

    private static void WritePullback(IndentedWriter writer, MethodModel model, ParameterModel output, string seed, CancellationToken cancellationToken)
    {
        var element = output.Type.Element!.Text;
        var parameters = SourceEmitter.ParameterList(model) + ", global::System.ReadOnlySpan<" + element + "> " + seed;
        foreach (var parameter in model.Parameters.Where(p => p.IsDifferentiable))
        {
            parameters += parameter.Type.IsRealCollection
                ? ", " + TypeRefs.GradientText(parameter.Type) + " " + parameter.GradientName
                : ", ref " + parameter.Type.Text + " " + parameter.GradientName;
        }

        writer.Line("/// <summary>");
        writer.Line("/// Writes <c>" + Naming.Escape(output.Name) + "</c> as <c>" + SourceEmitter.Xml(model.Signature) + "</c> does, and adds Jᵀ·<c>" + seed + "</c> to the gradient arguments,");
        writer.Line("/// J the Jacobian of <c>" + output.Name + "</c>: one forward and one reverse sweep.");
        writer.Line("/// </summary>");
        writer.Line(SourceEmitter.GeneratedCodeAttribute);
        writer.Open(SourceEmitter.Modifiers(model, string.Empty) + "void " + Naming.Escape(model.Name + "Pullback") + "(" + parameters + ")");
        WriteLengthCheck(writer, seed, output, "seeds");
        WriteAliasCheck(writer, model, output, new[] { seed });
        // No loop fusion: the outputs' final values are kept between the forward sweep and the reverse sweep, which restores
        // the values overwritten elements had.
        var plan = new LoopFusion.Plan(model, new LoopStmt[0], null);
        AdjointMethodPrinter.Write(writer, new AdjointWriter(plan, SweepMode.Pullback, cancellationToken, outputSeed: seed).Build());
        writer.Close();
    }

    private static void WritePushforward(IndentedWriter writer, MethodModel model, ForwardModel forward, ParameterModel output, ParameterModel tangentOutput)
    {
        writer.Line("/// <summary>");
        writer.Line("/// Writes <c>" + Naming.Escape(output.Name) + "</c> as <c>" + SourceEmitter.Xml(model.Signature) + "</c> does, and J·(" + string.Join(", ", model.Parameters.Where(p => p.IsDifferentiable).Select(p => "<c>" + p.GradientName + "</c>")) + ")");
        writer.Line("/// into <c>" + tangentOutput.Name + "</c>: one forward sweep, no tape.");
        writer.Line("/// </summary>");
        writer.Line(SourceEmitter.GeneratedCodeAttribute);
        writer.Open(SourceEmitter.Modifiers(model, string.Empty) + "void " + Naming.Escape(model.Name + "Pushforward") + "(" + SourceEmitter.ParameterList(forward.Model) + ")");
        foreach (var (parameter, id) in model.Parameters.Where(p => p.IsDifferentiable).Zip(forward.TangentParameters, (p, id) => (p, id)))
        {
            if (parameter.Type.IsRealCollection)
            {
                WriteLengthCheck(writer, forward.Model.Parameters.First(t => t.VariableId == id).Name, parameter, "tangent");
            }
        }

        WriteLengthCheck(writer, tangentOutput.Name, output, "tangent");
        WriteAliasCheck(writer, model, output, forward.TangentParameters.Select(id => forward.Model.Parameters.First(t => t.VariableId == id)).Where(t => t.Type.IsRealCollection).Select(t => t.Name).Append(tangentOutput.Name));
        // Elements the method never writes have a zero derivative.
        writer.Line(ZeroFill.Statement(tangentOutput.Name, tangentOutput.Type.Element!.Text));
        new ForwardPrinter(forward).Write(writer);
        writer.Close();
    }

    /// <summary>
    /// The output must not share memory with an input (the method writes it while it may still read them) nor with the
    /// other spans of the call: silently wrong derivatives otherwise.
    /// </summary>
    internal static void WriteAliasCheck(IndentedWriter writer, MethodModel model, ParameterModel output, IEnumerable<string> others)
    {
        var element = output.Type.Element!.Text;
        var name = Naming.Escape(output.Name);
        var spans = model.Parameters.Where(p => p != output && p.Type.IsRealCollection && p.Type.Element!.Text == element).Select(p => Naming.Escape(p.Name)).Concat(others).ToList();
        if (spans.Count == 0)
        {
            return;
        }

        var tests = spans.Select(other => "global::System.MemoryExtensions.Overlaps<" + element + ">(" + name + ", " + other + ")").ToList();
        for (var t = 0; t < tests.Count - 1; t++)
        {
            writer.Line((t == 0 ? "if (" : "    || ") + tests[t]);
        }

        writer.Open((tests.Count == 1 ? "if (" : "    || ") + tests[tests.Count - 1] + ")");
        writer.Line("throw new global::System.ArgumentException(\"The output '" + output.Name + "' must not share memory with the inputs or the other spans.\", nameof(" + name + "));");
        writer.Close();
        writer.Line();
    }

    internal static void WriteLengthCheck(IndentedWriter writer, string name, ParameterModel of, string what)
    {
        writer.Open("if (" + name + ".Length != " + Naming.Escape(of.Name) + ".Length)");
        writer.Line("throw new global::System.ArgumentException(\"The " + what + " '" + name + "' must have the length of '" + of.Name + "'.\", nameof(" + name + "));");
        writer.Close();
        writer.Line();
    }
}
