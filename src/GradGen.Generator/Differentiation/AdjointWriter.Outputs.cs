using GradGen.Generator.Helpers;

namespace GradGen.Generator.Differentiation;

/// <summary>
/// The Pullback of a vector-valued method: its [DifferentiableOutput] span's adjoint starts as a pooled copy of the
/// caller's seeds, and the outputs' final values are kept between the sweeps (the reverse sweep restores what the
/// forward sweep overwrote) and copied back at the end.
/// </summary>
internal sealed partial class AdjointWriter
{
    private void WriteOutputSeed(IndentedWriter writer)
    {
        var output = _model.Variables[_model.OutputId];
        var element = output.Type.Element!.Text;
        var name = _names.Variable(_model.OutputId);
        var rented = _names.FreshNumbered("_rented");
        _storage.Rent(element, rented);
        var adjoint = AdjointName(_model.OutputId);
        writer.Line(element + "[] " + rented + " = global::System.Buffers.ArrayPool<" + element + ">.Shared.Rent(" + name + ".Length);");
        writer.Line("global::System.Span<" + element + "> " + adjoint + " = new global::System.Span<" + element + ">(" + rented + ", 0, " + name + ".Length);");
        writer.Line(_outputSeed + ".CopyTo(" + adjoint + ");");
        writer.Line();
    }

    /// <summary>
    /// A vector-valued method's Pullback keeps the outputs' final values in a pooled array between the sweeps (the
    /// reverse sweep restores overwritten elements); returns the array to copy back from, or null.
    /// </summary>
    private string? WriteOutputKept(IndentedWriter writer)
    {
        if (_outputSeed is null || !_model.IsVectorValued)
        {
            return null;
        }

        var output = _names.Variable(_model.OutputId);
        var element = _model.Variables[_model.OutputId].Type.Element!.Text;
        var kept = _names.FreshNumbered("_outputs");
        writer.Line(element + "[] " + kept + " = global::System.Buffers.ArrayPool<" + element + ">.Shared.Rent(" + output + ".Length);");
        writer.Line(output + ".CopyTo(" + kept + ");");
        writer.Line();
        return kept;
    }

    private void WriteOutputRestore(IndentedWriter writer, string? outputValues)
    {
        if (outputValues is null)
        {
            return;
        }

        // The outputs as the forward sweep left them (the reverse sweep restored what it overwrote).
        var element = _model.Variables[_model.OutputId].Type.Element!.Text;
        var output = _names.Variable(_model.OutputId);
        writer.Line("new global::System.Span<" + element + ">(" + outputValues + ", 0, " + output + ".Length).CopyTo(" + output + ");");
        writer.Line("global::System.Buffers.ArrayPool<" + element + ">.Shared.Return(" + outputValues + ");");
    }
}
