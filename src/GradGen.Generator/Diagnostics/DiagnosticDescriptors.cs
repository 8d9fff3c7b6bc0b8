using Microsoft.CodeAnalysis;

namespace GradGen.Generator.Diagnostics;

/// <summary>
/// Every diagnostic GradGen reports. Ids are stable (GG0001 onward); each message names the construct
/// and says what to do. Usage errors come first, then unsupported constructs, then calls.
/// </summary>
internal static class DiagnosticDescriptors
{
    private const string Usage = "GradGen.Usage";
    private const string Unsupported = "GradGen.Unsupported";
    private const string Calls = "GradGen.Calls";

    public static readonly DiagnosticDescriptor TypeNotPartial = Create(
        "GG0001", Usage, "Containing type must be partial",
        "The type '{0}' contains the [Differentiable] method '{1}' but is not partial: add the 'partial' modifier to '{0}' so GradGen can add '{1}Gradient' and '{1}Pullback' to it");

    public static readonly DiagnosticDescriptor UnsupportedReturnType = Create(
        "GG0002", Usage, "Differentiable method must return double or float",
        "The [Differentiable] method '{0}' returns '{1}': a differentiable method must return double or float, or return void and write its result into one [DifferentiableOutput] Span<double>");

    public static readonly DiagnosticDescriptor ByRefParameter = Create(
        "GG0003", Usage, "Differentiable method parameters must be passed by value",
        "The parameter '{0}' of the [Differentiable] method '{1}' is passed by '{2}': pass it by value and return the result instead");

    public static readonly DiagnosticDescriptor UnsupportedConstruct = Create(
        "GG0004", Unsupported, "Construct not supported in a differentiable method",
        "GradGen cannot differentiate {0} in the [Differentiable] method '{1}': {2}");

    public static readonly DiagnosticDescriptor AssignmentToMember = Create(
        "GG0005", Unsupported, "Differentiable method assigns a field or property",
        "The [Differentiable] method '{0}' assigns the {1} '{2}' a value that depends on a differentiable parameter, or assigns it and also reads it as a floating-point value: the gradient would miss what goes through it; assign a local and return it instead");

    public static readonly DiagnosticDescriptor NoKnownDerivative = Create(
        "GG0006", Calls, "Call with an active argument to a method with no known derivative",
        "The call to '{0}' passes '{1}', which depends on a differentiable parameter of '{2}', but '{0}' has no known derivative: add [Differentiable] to '{0}', give it a custom derivative with [DerivativeOf], mark the parameters it depends on [NoDerivative], or opt into numeric derivatives with [Differentiable(Fallback = DerivativeFallback.FiniteDifferences)]");

    public static readonly DiagnosticDescriptor MissingBody = Create(
        "GG0007", Usage, "Differentiable method must have a body",
        "The [Differentiable] method '{0}' has no body: GradGen differentiates the code of a method, so mark a method that has a body");

    public static readonly DiagnosticDescriptor GenericMethod = Create(
        "GG0008", Usage, "Generic methods are not supported",
        "The [Differentiable] method '{0}' is generic: write it for double or float without type parameters (the containing type may be generic)");

    public static readonly DiagnosticDescriptor ActiveArgumentToNoDerivativeParameter = Create(
        "GG0009", Calls, "Active argument to a [NoDerivative] parameter",
        "The call to '{0}' passes '{1}', which depends on a differentiable parameter of '{2}', to the parameter '{3}' that has no derivative (it is marked [NoDerivative], or its type is not double, float or an array or span of them), so its derivative would be lost: remove [NoDerivative] from '{3}' or give it such a type, or pass a value that does not depend on differentiable parameters");

    public static readonly DiagnosticDescriptor InvalidDerivativeTarget = Create(
        "GG0010", CustomDerivatives, "Invalid [DerivativeOf] target",
        "[DerivativeOf] on '{0}' names '{1}', {2}");

    public static readonly DiagnosticDescriptor CustomDerivativeSignature = Create(
        "GG0011", CustomDerivatives, "Custom derivative does not have the pullback signature",
        "The custom derivative '{0}' must have the pullback signature of '{1}' (its parameters, the seed, then an adjoint for each double, float, array or span parameter): {2}");

    public static readonly DiagnosticDescriptor DuplicateCustomDerivative = Create(
        "GG0012", CustomDerivatives, "Two custom derivatives for one method",
        "'{0}' is a second custom derivative of '{1}', which already has '{2}': keep one of them");

    public static readonly DiagnosticDescriptor FiniteDifferenceFallback = CreateWarning(
        "GG0013", "Call differentiated by finite differences",
        "The call to '{0}' in '{1}' is differentiated numerically (five-point finite differences, opted in with Fallback = DerivativeFallback.FiniteDifferences): about 10 correct digits and 4 extra calls per dependent argument; give '{0}' a custom derivative with [DerivativeOf] for an exact and cheaper gradient",
        Calls);

    public static readonly DiagnosticDescriptor ParameterWithoutEffect = CreateWarning(
        "GG0014", "Gradient is always zero",
        "The result of '{0}' does not depend on the parameter '{1}' through any value a derivative flows through, so its gradient is always zero: mark '{1}' [NoDerivative], or use it",
        Warnings);

    public static readonly DiagnosticDescriptor ZeroDerivative = CreateWarning(
        "GG0015", "Derivative is zero almost everywhere",
        "{0} has derivative zero almost everywhere, so the gradient of '{1}' gets nothing through it from the differentiable value it is applied to: if that is intended, suppress GG0015 here; otherwise use a smooth function",
        Warnings);

    public static readonly DiagnosticDescriptor CalleeHasErrors = Create(
        "GG0016", Calls, "Call to a differentiable method that has errors",
        "The call to '{0}' in '{1}' cannot be differentiated because '{0}' has errors of its own (reported there): fix those and '{1}' is differentiated too");

    public static readonly DiagnosticDescriptor ViewOfActiveArray = Create(
        "GG0017", Unsupported, "View or copy of a differentiable array or span",
        "'{0}' makes a view or copy of '{1}', which depends on a differentiable parameter of '{2}', and uses it where GradGen cannot follow it, so the derivative would be lost: a view (Slice, a range, AsSpan) of a differentiable parameter is differentiated only when it is held in a local read element by element or passed to a span parameter of a [Differentiable] method, and copies (ToArray, a range of an array passed as an array) and AsMemory are not; pass '{1}' itself (with an offset and a count where only part of it is meant) and index it there");

    public static readonly DiagnosticDescriptor ConversionWithoutDerivative = Create(
        "GG0018", Unsupported, "Differentiable value converted through a type with no derivative",
        "'{0}' converts '{1}', which depends on a differentiable parameter of '{2}', back to floating point from '{3}', a type GradGen has no derivative for, so the derivative would be lost: keep the value a double or float (or an array or span of them) all the way");

    public static readonly DiagnosticDescriptor GeneratedNameTaken = Create(
        "GG0020", Usage, "A member already has the name of a generated member",
        "The {0} '{1}' has the name{2} of the member GradGen generates for the [Differentiable] method '{3}', so '{3}' gets no generated code: rename '{1}', or rename '{3}'");

    public static readonly DiagnosticDescriptor NotInForwardMode = Create(
        "GG0032", Unsupported, "Not supported by forward mode or second derivatives",
        "{0} in the [Differentiable] method '{1}' is not supported by {2}, so the method gets none of its generated members: {3}");

    public static readonly DiagnosticDescriptor InvalidOutput = Create(
        "GG0033", Usage, "Invalid [DifferentiableOutput]",
        "{0}: a vector-valued [Differentiable] method returns void and writes its result into one [DifferentiableOutput] parameter of type Span<double> or Span<float>");

    public static readonly DiagnosticDescriptor OutputRead = Create(
        "GG0034", Unsupported, "The output of a vector-valued method is read",
        "'{0}' in the [Differentiable] method '{1}' reads the [DifferentiableOutput] span '{2}', which may be read before it is written and is not an input: compute into a local (a double, or an array or span declared in the method) and write '{2}' once from it");

    public static readonly DiagnosticDescriptor ExplicitInterfaceImplementation = Create(
        "GG0021", Usage, "Explicit interface implementations are not supported",
        "The [Differentiable] method '{0}' is an explicit interface implementation, which cannot have a generated '{1}Gradient' or '{1}Pullback' beside it: move the body into a [Differentiable] method of the type and call it from '{0}'");

    public static readonly DiagnosticDescriptor FileLocalType = Create(
        "GG0022", Usage, "A file-local type cannot get generated members",
        "The type '{0}' is file-local ('file'), so GradGen cannot add '{1}Gradient' and '{1}Pullback' to it from its own generated file: declare '{0}' internal instead of file");

    public static readonly DiagnosticDescriptor OverrideWithoutDifferentiable = Create(
        "GG0023", Usage, "An override of a [Differentiable] method must be differentiable the same way",
        "'{0}' overrides the [Differentiable] method '{1}', but {2}: a call of the gradient through '{1}' would differentiate the wrong method; mark '{0}' [Differentiable] with the same differentiable parameters");

    public static readonly DiagnosticDescriptor DelegateCall = Create(
        "GG0028", Calls, "Delegate called with an active argument",
        "The delegate '{0}' is called with '{1}', which depends on a differentiable parameter of '{2}', and GradGen cannot see what a delegate runs, so it has no derivative for it and cannot tell whether it keeps the value: call a [Differentiable] method directly instead (choose between several with an enum or a flag and if), log with a static method such as Console.WriteLine, or call the delegate only on values that do not depend on differentiable parameters");

    public static readonly DiagnosticDescriptor WholeTwoIndexArray = Create(
        "GG0038", Unsupported, "Rectangular or jagged array used other than element by element",
        "'{0}' uses the rectangular or jagged array '{1}' of '{2}' {3}; GradGen reads such arrays element by element only ('a[i, j]', 'a[i][j]', 'a.Length', 'a.GetLength(0)', 'a[i].Length'): index the elements in a 'for' loop there instead");


    public static readonly DiagnosticDescriptor LocalFunctionNotInlined = Create(
        "GG0040", Unsupported, "Local function cannot be differentiated as part of the method",
        "The local function '{0}' cannot be differentiated as part of '{1}': it {2}; {3}");

    public static readonly DiagnosticDescriptor LocalFunctionTooLarge = Create(
        "GG0041", Limits, "Local functions inline too large",
        "Inlining the local function '{0}' at this call makes '{1}' {2}, over GradGen's limit of {3}: call it from fewer places or through fewer levels of local functions, or make it a [Differentiable] method of the type, which is called rather than inlined");

    public static readonly DiagnosticDescriptor NestedTooDeeply = Create(
        "GG0025", Limits, "Method nested too deeply for GradGen",
        "The [Differentiable] method '{0}' nests {1} levels deep (deepest at line {2}); GradGen differentiates methods nested at most {3} levels deep: split long expressions into locals and deep nesting into methods");

    public static readonly DiagnosticDescriptor TooManyParameters = Create(
        "GG0026", Limits, "Too many parameters for GradGen",
        "The [Differentiable] method '{0}' has {1} parameters, {2} of them arrays or spans of double or float; GradGen differentiates methods of at most {3} parameters and {4} such arrays or spans: pass the values in arrays");

    public static readonly DiagnosticDescriptor MethodTooLarge = Create(
        "GG0027", Limits, "Method too large for GradGen",
        "The [Differentiable] method '{0}' has {1} syntax nodes; GradGen differentiates methods of at most {2}: split it into [Differentiable] methods that call each other");

    private const string Limits = "GradGen.Limits";
    private const string CustomDerivatives = "GradGen.CustomDerivatives";
    private const string Warnings = "GradGen.Warnings";

    /// <summary>Where the repository's docs/diagnostics pages are published: each descriptor links to its own page.</summary>
    public const string HelpLinkBase = "https://github.com/gradgen/gradgen/blob/main/docs/diagnostics/";

    private static DiagnosticDescriptor Create(string id, string category, string title, string message) =>
        new(id, title, message, category, DiagnosticSeverity.Error, isEnabledByDefault: true, helpLinkUri: HelpLinkBase + id + ".md");

    private static DiagnosticDescriptor CreateWarning(string id, string title, string message, string category) =>
        new(id, title, message, category, DiagnosticSeverity.Warning, isEnabledByDefault: true, helpLinkUri: HelpLinkBase + id + ".md");
}
