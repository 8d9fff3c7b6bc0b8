using GradGen.Generator.Model;

namespace GradGen.Generator.Differentiation;

/// <summary>What a method that throws changes in the code written before its forward sweep.</summary>
internal sealed partial class AdjointWriter
{
    private bool? _mayThrow;

    /// <summary>
    /// Whether the method has a throw. Top-level slots are then not sized before the forward sweep: the size reads
    /// lengths of parameters a guard may be about to reject (null, or too short for 'checked' arithmetic), and
    /// would throw another exception before the guard could.
    /// </summary>
    private bool MayThrow => _mayThrow ??= Throws.Anywhere(_model.Body);

    /// <summary>
    /// The length an array parameter's gradient must have. In a method that throws, a null array counts as empty
    /// (through a span, which is empty for null: a test such as 'w is null' would make the compiler's null analysis
    /// warn at every later use), so a null array with an empty gradient reaches the method's own guard
    /// (<c>w ?? throw new ArgumentNullException(…)</c>), which throws what the original throws.
    /// </summary>
    private static string LengthOf(ParameterModel parameter, string name, bool mayThrow) =>
        mayThrow && parameter.Type.Collection == CollectionKind.Array
            ? "((global::System.ReadOnlySpan<" + parameter.Type.Element!.Text + ">)" + name + ").Length"
            : name + ".Length";

    private string LengthOf(ParameterModel parameter, string name) => LengthOf(parameter, name, MayThrow);
}
