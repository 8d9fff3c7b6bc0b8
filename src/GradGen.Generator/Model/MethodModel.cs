using GradGen.Generator.Helpers;

namespace GradGen.Generator.Model;

/// <summary>One containing type, outermost first, enough to reopen it as a partial declaration.</summary>
internal sealed record ContainingType(string Keyword, string Name, string TypeParameters);

/// <summary>
/// A parameter of the original method and, if it is differentiable, the name of its gradient parameter.
/// <see cref="Modifier"/> is "in " or "ref readonly " for a read-only reference, which the body reads as a value and
/// the generated methods keep, so that call sites written for the original compile against them too.
/// </summary>
internal sealed record ParameterModel(int VariableId, string Name, TypeRef Type, string? GradientName, string Modifier = "")
{
    public bool IsDifferentiable => GradientName is not null;
}

/// <summary>
/// Everything the differentiation and emission stages need about one [Differentiable] method, as values only:
/// no symbol, syntax node or compilation survives past the parser. <see cref="GradientModifiers"/> and
/// <see cref="PullbackModifiers"/>: what follows the accessibility of each generated member ('new ', 'virtual ', 'override ');
/// <see cref="CoreModifiers"/>: 'new ' where the private core of Gradient and Pullback hides an accessible base member.
/// </summary>
internal sealed record MethodModel(
    string HintName,
    string? Namespace,
    EquatableArray<ContainingType> ContainingTypes,
    string Name,
    string Accessibility,
    bool IsStatic,
    bool IsReadOnly,
    bool IsUnsafe,
    string Signature,
    TypeRef ReturnType,
    EquatableArray<ParameterModel> Parameters,
    string SeedName,
    EquatableArray<Variable> Variables,
    EquatableArray<Stmt> Body,
    string GradientModifiers = "",
    string PullbackModifiers = "",
    DerivativeModes Modes = DerivativeModes.Reverse,
    int OutputId = -1,
    bool SecondOrderNamesFree = false,
    DerivativeModes Capable = DerivativeModes.Reverse,
    string CoreModifiers = "")
{
    /// <summary>
    /// A vector-valued method: it returns void and writes its result into the [DifferentiableOutput] span whose
    /// variable is <see cref="OutputId"/>; it gets Pullback, Pushforward and Jacobian instead of Gradient.
    /// </summary>
    public bool IsVectorValued => OutputId >= 0;

    // SecondOrderNamesFree (parser): no member takes the names of FPushforward, FHessianVectorProduct, FHessian or the
    // private helpers of second derivatives. Capable (analysis): the modes the method itself could have, so that a
    // caller that wants them may raise its modes (Analysis/SecondOrderCalls).
}

/// <summary>What to generate besides Gradient and Pullback: [Differentiable(Forward = true, HessianVectorProduct = true)].</summary>
[System.Flags]
internal enum DerivativeModes
{
    Reverse = 0,

    /// <summary>FPushforward: one forward sweep with tangents.</summary>
    Forward = 1,

    /// <summary>FHessianVectorProduct and FHessian: the reverse sweep of the forward sweep.</summary>
    HessianVectorProduct = 2,
}

/// <summary>
/// The parser's output: a model (absent when the method has errors; activity not yet known), its diagnostics,
/// the calls that may still need reporting, and whether the method opted into finite-difference fallbacks.
/// </summary>
internal sealed record ParseResult(
    MethodModel? Model,
    EquatableArray<Diagnostics.DiagnosticInfo> Diagnostics,
    EquatableArray<CallSite> CallSites = default,
    bool FiniteDifferenceFallback = false,
    MethodIdentity? Method = null,
    EquatableArray<Diagnostics.LocationInfo> ParameterLocations = default);

/// <summary>Which method a result belongs to: its documentation id (how calls name it), its name, where it is declared.</summary>
internal sealed record MethodIdentity(string Key, string Name, Diagnostics.LocationInfo? Location);

/// <summary>After custom derivatives and activity are known: the model to emit (absent on errors) and every diagnostic.</summary>
internal sealed record AnalysisResult(
    MethodModel? Model,
    EquatableArray<Diagnostics.DiagnosticInfo> Diagnostics,
    MethodIdentity? Method = null,
    EquatableArray<CallSite> CallSites = default,
    EquatableArray<Analysis.ThroughCall> ThroughCalls = default);
