namespace GradGen.Generator.Model;

/// <summary>
/// BCL methods that take an array (or any object) only to compare its reference, with null or with another object:
/// <c>ArgumentNullException.ThrowIfNull(w)</c>, <c>ObjectDisposedException.ThrowIf(c, w)</c>,
/// <c>ReferenceEquals(a, b)</c>. They can neither write an array they are given nor keep a value, so the parser lets
/// them see active arrays and the soundness rule does not treat their other arguments as places a value could be kept.
/// </summary>
internal static class InspectionCalls
{
    /// <param name="target">The static method's type as an <see cref="OpaqueExpr"/> prints it (global::-qualified, <c>object</c> for System.Object).</param>
    public static bool Contains(string? target, string member) =>
        (target, member) is ("global::System.ArgumentNullException", "ThrowIfNull")
            or ("global::System.ObjectDisposedException", "ThrowIf")
            or ("object", "ReferenceEquals");
}
