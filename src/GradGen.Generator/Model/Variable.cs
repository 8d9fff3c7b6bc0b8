namespace GradGen.Generator.Model;

internal enum VariableKind
{
    Parameter,
    Local,

    /// <summary>A value the parser lifted out of an expression (a call's result) so the reverse sweep can reuse it.</summary>
    Temporary,
}

/// <summary>
/// A parameter, local or temporary of the method. <see cref="Name"/> is the name the user wrote (or a base
/// name for temporaries); the emitter makes every name unique. <see cref="IsActive"/> is set by activity analysis.
/// </summary>
internal sealed record Variable(int Id, string Name, TypeRef Type, VariableKind Kind, bool IsActive = false)
{
    public bool IsReal => Type.IsReal;
}
