using System.Collections.Generic;
using System.Linq;
using GradGen.Generator.Diagnostics;
using GradGen.Generator.Model;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp.Syntax;

namespace GradGen.Generator.Parsing;

/// <summary>
/// Whether the members GradGen adds for a method (<c>FGradient</c>, <c>FPullback</c>) fit in its type. A member of the
/// type itself with the same name (a method only with the same signature) would make the generated file fail with
/// CS0102/CS0111: that is GG0020 at the user's member, and the method gets no code. An accessible inherited member
/// the generated one hides (a base class's own <c>FGradient</c>, or the generated members of an overridden or hidden
/// [Differentiable] method) is hidden on purpose, as the derived method hides its base: the generated member is
/// declared <c>new</c> (no CS0108/CS0114). The generated members of a virtual method are virtual, and those of an override
/// of a [Differentiable] method override the base's, so a call through the base type differentiates the method that runs.
/// </summary>
internal static class GeneratedMembers
{
    /// <summary>
    /// The modifiers of the generated Gradient and Pullback after their accessibility ('new ', 'virtual ',
    /// 'sealed override ', …), or null after reporting GG0020/GG0021/GG0022/GG0023.
    /// </summary>
    internal sealed record Placement(string Gradient, string Pullback, string Core = "");

    /// <summary>One parameter of a generated member: its type and whether it is passed by reference (ref/out).</summary>
    private readonly record struct Parameter(ITypeSymbol Type, bool ByRef);

    public static Placement? Check(IMethodSymbol method, MethodDeclarationSyntax syntax, Compilation compilation, List<DiagnosticInfo> diagnostics, DerivativeModes modes = DerivativeModes.Reverse)
    {
        if (syntax.ExplicitInterfaceSpecifier is not null)
        {
            var name = syntax.Identifier.ValueText;
            var span = LocationInfo.From(syntax.GetLocation().SourceTree is { } tree
                ? Location.Create(tree, Microsoft.CodeAnalysis.Text.TextSpan.FromBounds(syntax.ExplicitInterfaceSpecifier.SpanStart, syntax.Identifier.Span.End))
                : null);
            diagnostics.Add(DiagnosticInfo.Create(DiagnosticDescriptors.ExplicitInterfaceImplementation, span, syntax.ExplicitInterfaceSpecifier.Name + "." + name, name));
            return null;
        }

        for (var containing = method.ContainingType; containing is not null; containing = containing.ContainingType)
        {
            if (containing.IsFileLocal)
            {
                var declaration = syntax.Ancestors().OfType<BaseTypeDeclarationSyntax>().FirstOrDefault(t => t.Identifier.ValueText == containing.Name);
                diagnostics.Add(DiagnosticInfo.Create(DiagnosticDescriptors.FileLocalType,
                    declaration is null ? LocationInfo.From(syntax.Identifier) : LocationInfo.From(declaration.Identifier), containing.Name, method.Name));
                return null;
            }
        }

        var type = method.ContainingType;
        var gradient = Signature(method, compilation, pullback: false);
        var pullback = Signature(method, compilation, pullback: true);
        if (gradient is null || pullback is null)
        {
            return new Placement(string.Empty, string.Empty);
        }

        var gradientName = method.Name + "Gradient";
        var pullbackName = method.Name + "Pullback";
        // The private core the Gradient and Pullback share has the Pullback's parameters (Emission/SourceEmitter.CoreName).
        var coreName = "__GradGen_" + method.Name + "Core";
        var taken = Taken(type, gradientName, gradient) ?? Taken(type, pullbackName, pullback) ?? Taken(type, coreName, pullback);
        if (taken is not null)
        {
            var location = LocationInfo.From(taken.Locations.FirstOrDefault(l => l.IsInSource)) ?? LocationInfo.From(syntax.Identifier);
            diagnostics.Add(DiagnosticInfo.Create(DiagnosticDescriptors.GeneratedNameTaken, location,
                Kind(taken), taken.Name, taken is IMethodSymbol ? " and signature" : string.Empty, method.Name));
            return null;
        }

        if (TakenByName(type, method.Name, modes, SymbolNames.OutputParameter(method) is not null) is { } forwardTaken)
        {
            var location = LocationInfo.From(forwardTaken.Locations.FirstOrDefault(l => l.IsInSource)) ?? LocationInfo.From(syntax.Identifier);
            diagnostics.Add(DiagnosticInfo.Create(DiagnosticDescriptors.GeneratedNameTaken, location, Kind(forwardTaken), forwardTaken.Name, string.Empty, method.Name));
            return null;
        }

        var core = CoreHides(type, method, coreName, pullback, compilation) ? "new " : string.Empty;
        if (Overridden(method) is { } overridden)
        {
            // The generated members of an override override those of the [Differentiable] method it overrides, so that a
            // call through the base type differentiates the method that runs.
            if (Signature(overridden, compilation, pullback: false) is { } baseGradient && SameParameters(baseGradient, gradient))
            {
                var modifier = (method.IsSealed ? "sealed " : string.Empty) + "override ";
                return new Placement(modifier, modifier, core);
            }

            diagnostics.Add(DiagnosticInfo.Create(DiagnosticDescriptors.OverrideWithoutDifferentiable, LocationInfo.From(syntax.Identifier),
                method.ContainingType.Name + "." + method.Name, overridden.ContainingType.Name + "." + overridden.Name,
                "its differentiable parameters differ from those of '" + overridden.ContainingType.Name + "." + overridden.Name + "' ([NoDerivative], float or double)"));
            return null;
        }

        // A virtual method, or an override of a method that is not [Differentiable]: generated members that overrides can override.
        var dispatch = type.TypeKind == TypeKind.Class && (method.IsVirtual || (method.IsOverride && !method.IsSealed)) ? "virtual " : string.Empty;
        return new Placement(
            (Hides(type, method, gradientName, gradient, compilation) ? "new " : string.Empty) + dispatch,
            (Hides(type, method, pullbackName, pullback, compilation) ? "new " : string.Empty) + dispatch,
            core);
    }

    /// <summary>
    /// Whether the private core hides a member of a base type: one of that name and signature accessible here, or the
    /// core of a [Differentiable] base method of the same name and Pullback signature, whose private members a type
    /// nested in that base type sees.
    /// </summary>
    private static bool CoreHides(INamedTypeSymbol type, IMethodSymbol method, string name, List<Parameter> signature, Compilation compilation)
    {
        for (var baseType = type.BaseType; baseType is not null; baseType = baseType.BaseType)
        {
            if (baseType.GetMembers(name).Any(member => compilation.IsSymbolAccessibleWithin(member, type) && (member is not IMethodSymbol other || SameSignature(other, signature))))
            {
                return true;
            }

            if (!IsNestedIn(type, baseType.OriginalDefinition))
            {
                continue;
            }

            foreach (var member in baseType.GetMembers(method.Name))
            {
                if (member is IMethodSymbol { IsGenericMethod: false } original
                    && SymbolNames.HasAttribute(original, SymbolNames.DifferentiableAttribute)
                    && Signature(original, compilation, pullback: true) is { } generated
                    && SameParameters(generated, signature))
                {
                    return true;
                }
            }
        }

        return false;
    }

    private static bool IsNestedIn(INamedTypeSymbol type, INamedTypeSymbol outer)
    {
        for (var containing = type.ContainingType; containing is not null; containing = containing.ContainingType)
        {
            if (SymbolEqualityComparer.Default.Equals(containing.OriginalDefinition, outer))
            {
                return true;
            }
        }

        return false;
    }

    /// <summary>The nearest [Differentiable] method that <paramref name="method"/> overrides, directly or through other overrides.</summary>
    internal static IMethodSymbol? Overridden(IMethodSymbol method)
    {
        for (var overridden = method.OverriddenMethod; overridden is not null; overridden = overridden.OverriddenMethod)
        {
            if (SymbolNames.HasAttribute(overridden, SymbolNames.DifferentiableAttribute))
            {
                return overridden;
            }
        }

        return null;
    }

    private static bool SameParameters(List<Parameter> a, List<Parameter> b) => a.Count == b.Count && a.Zip(b, Same).All(same => same);

    /// <summary>The parameters of the generated Gradient or Pullback, as <c>SourceEmitter</c> writes them.</summary>
    private static List<Parameter>? Signature(IMethodSymbol method, Compilation compilation, bool pullback)
    {
        var list = method.Parameters.Select(p => new Parameter(p.Type, p.RefKind != RefKind.None)).ToList();
        if (pullback)
        {
            list.Add(new Parameter(method.ReturnType, false));
        }

        var span = compilation.GetTypeByMetadataName("System.Span`1");
        foreach (var parameter in method.Parameters.Where(SymbolNames.IsDifferentiableParameter))
        {
            if (TypeRefs.From(parameter.Type).IsTwoIndex)
            {
                // A rectangular or jagged array's gradient is an array of its own type, passed by value.
                list.Add(new Parameter(parameter.Type, false));
                continue;
            }

            var element = parameter.Type switch
            {
                IArrayTypeSymbol array => array.ElementType,
                INamedTypeSymbol { TypeArguments.Length: 1 } named when TypeRefs.From(named).IsRealCollection => named.TypeArguments[0],
                _ => null,
            };
            if (element is null)
            {
                list.Add(new Parameter(parameter.Type, true));
            }
            else if (span is null)
            {
                return null;
            }
            else
            {
                list.Add(new Parameter(span.Construct(element), false));
            }
        }

        return list;
    }

    /// <summary>A member of the type itself that the generated member would clash with.</summary>
    /// <summary>
    /// A member named like a forward-mode or second-derivative method GradGen adds (FPushforward, FHessianVectorProduct,
    /// FHessian, FJacobian), in the type or a base type, whatever its signature: those are not virtual, so any such name is refused.
    /// </summary>
    /// <summary>
    /// Whether the members of second derivatives are free for <paramref name="method"/> even where it does not ask for them:
    /// a caller with <c>HessianVectorProduct = true</c> may need them (then GradGen generates them).
    /// </summary>
    public static bool SecondOrderNamesFree(IMethodSymbol method)
    {
        var type = method.ContainingType;
        if (type is null || TakenByName(type, method.Name, DerivativeModes.HessianVectorProduct, vectorValued: false) is not null)
        {
            return false;
        }

        var prefix = HelperPrefix(method.Name);
        for (var current = type; current is not null; current = current.BaseType)
        {
            if (current.MemberNames.Any(n => n.StartsWith(prefix, System.StringComparison.Ordinal)))
            {
                return false;
            }
        }

        return true;
    }

    /// <summary>The names of the private helpers second derivatives of a method add to its type start so.</summary>
    public static string HelperPrefix(string method) => "__GradGen_" + method + "_";

    private static ISymbol? TakenByName(INamedTypeSymbol type, string method, DerivativeModes modes, bool vectorValued)
    {
        var names = new List<string>();
        if ((modes & (DerivativeModes.Forward | DerivativeModes.HessianVectorProduct)) != 0 || vectorValued)
        {
            names.Add(method + "Pushforward");
        }

        if (vectorValued)
        {
            names.Add(method + "Jacobian");
        }

        if ((modes & DerivativeModes.HessianVectorProduct) != 0)
        {
            names.Add(method + "HessianVectorProduct");
            names.Add(method + "Hessian");
        }

        foreach (var name in names)
        {
            if (type.Name == name || type.TypeParameters.FirstOrDefault(t => t.Name == name) is not null)
            {
                return type.Name == name ? type : type.TypeParameters.First(t => t.Name == name);
            }

            for (var current = type; current is not null; current = current.BaseType)
            {
                if (current.GetMembers(name).FirstOrDefault() is { } member)
                {
                    return member;
                }
            }
        }

        if ((modes & DerivativeModes.HessianVectorProduct) != 0)
        {
            var prefix = HelperPrefix(method);
            for (var current = type; current is not null; current = current.BaseType)
            {
                if (current.GetMembers().FirstOrDefault(m => m.Name.StartsWith(prefix, System.StringComparison.Ordinal)) is { } member)
                {
                    return member;
                }
            }
        }

        return null;
    }

    private static ISymbol? Taken(INamedTypeSymbol type, string name, List<Parameter> signature)
    {
        if (type.Name == name)
        {
            return type;
        }

        foreach (var typeParameter in type.TypeParameters)
        {
            if (typeParameter.Name == name)
            {
                return typeParameter;
            }
        }

        return type.GetMembers(name).FirstOrDefault(member => member is not IMethodSymbol other || SameSignature(other, signature));
    }

    /// <summary>
    /// Whether the generated member hides an accessible member of a base type: any member of that name but a method of
    /// another signature, including what GradGen generates for a [Differentiable] base method of the same name (not yet
    /// in the compilation it sees).
    /// </summary>
    private static bool Hides(INamedTypeSymbol type, IMethodSymbol method, string name, List<Parameter> signature, Compilation compilation)
    {
        var pullback = name.EndsWith("Pullback", System.StringComparison.Ordinal);
        for (var baseType = type.BaseType; baseType is not null; baseType = baseType.BaseType)
        {
            foreach (var member in baseType.GetMembers(name))
            {
                if (compilation.IsSymbolAccessibleWithin(member, type) && (member is not IMethodSymbol other || SameSignature(other, signature)))
                {
                    return true;
                }
            }

            foreach (var member in baseType.GetMembers(method.Name))
            {
                if (member is IMethodSymbol { IsGenericMethod: false } original
                    && SymbolNames.HasAttribute(original, SymbolNames.DifferentiableAttribute)
                    && compilation.IsSymbolAccessibleWithin(original, type)
                    && Signature(original, compilation, pullback) is { } generated
                    && SameParameters(generated, signature))
                {
                    return true;
                }
            }
        }

        return false;
    }

    /// <summary>C# signatures: the same parameter types, each by value or by reference in both (ref and out do not differ).</summary>
    private static bool SameSignature(IMethodSymbol method, List<Parameter> signature) =>
        method.Arity == 0
        && method.Parameters.Length == signature.Count
        && method.Parameters.Select(p => new Parameter(p.Type, p.RefKind != RefKind.None)).Zip(signature, Same).All(same => same);

    private static bool Same(Parameter a, Parameter b) => a.ByRef == b.ByRef && SymbolEqualityComparer.Default.Equals(a.Type, b.Type);

    private static string Kind(ISymbol symbol) => symbol switch
    {
        IMethodSymbol => "method",
        IFieldSymbol => "field",
        IPropertySymbol => "property",
        IEventSymbol => "event",
        ITypeParameterSymbol => "type parameter",
        INamedTypeSymbol => "type",
        _ => "member",
    };
}
