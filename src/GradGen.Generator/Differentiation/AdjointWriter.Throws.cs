namespace GradGen.Generator.Differentiation;

/// <summary>What a method that throws changes in the code written before its forward sweep.</summary>
internal sealed partial class AdjointWriter
{
    private bool? _mayThrow;

    /// <summary>
    /// Whether the method has a throw. Top-level slots are then not sized before the forward sweep: the size reads
    /// lengths of parameters a guard may be about to reject (null, or too short for 'checked' arithmetic), and
    /// would throw another exception before the guard could. The argument checks then let a null array through to the
    /// method's own guard (<see cref="ArgumentChecks.MayThrow"/>).
    /// </summary>
    private bool MayThrow => _mayThrow ??= Throws.Anywhere(_model.Body);
}
