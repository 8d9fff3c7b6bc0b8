using System.Threading;
using GradGen.Generator.Analysis;
using GradGen.Generator.Differentiation;
using GradGen.Generator.Helpers;
using GradGen.Generator.Model;

namespace GradGen.Generator.Emission;

/// <summary>
/// Writes the internal pullback of a method in which its [NoDerivative] parameters are differentiable
/// (<see cref="ThroughCalls"/>): what a caller that passes them active values calls. Not part of the public contract.
/// </summary>
internal static class ThroughEmitter
{
    public static string Emit(MethodModel model, CancellationToken cancellationToken = default)
    {
        var writer = new IndentedWriter();
        SourceEmitter.OpenTypes(writer, model);
        writer.Line("// Adds seed times the gradient of " + model.Signature + " to the gradient arguments, [NoDerivative] parameters");
        writer.Line("// included: for callers that pass them values depending on their own differentiable parameters.");
        SourceEmitter.WritePullback(writer, model, Naming.Escape(ThroughCalls.PullbackName(model.Name)), LoopFusion.Of(model, cancellationToken), cancellationToken);
        SourceEmitter.CloseTypes(writer, model);
        return writer.ToString();
    }
}
