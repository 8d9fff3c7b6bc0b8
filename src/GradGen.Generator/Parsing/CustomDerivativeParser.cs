using System.Collections.Generic;
using System.Linq;
using System.Threading;
using GradGen.Generator.Diagnostics;
using GradGen.Generator.Helpers;
using GradGen.Generator.Model;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp.Syntax;

namespace GradGen.Generator.Parsing;

/// <summary>
/// Reads one [DerivativeOf(typeof(T), nameof(T.M))] method and checks it against the pullback signature of T.M:
/// a derivative that does not fit is an error that spells out the signature it must have, never silently ignored.
/// </summary>
internal static class CustomDerivativeParser
{
    public const string DerivativeOfAttribute = "GradGen.DerivativeOfAttribute";

    public static CustomDerivativeResult Parse(GeneratorAttributeSyntaxContext context, CancellationToken cancellationToken)
    {
        var empty = new CustomDerivativeResult(null, EquatableArray<DiagnosticInfo>.Empty, null, string.Empty, string.Empty);
        if (context.TargetSymbol is not IMethodSymbol method || context.TargetNode is not MethodDeclarationSyntax syntax || context.Attributes.Length == 0)
        {
            return empty;
        }

        var attribute = context.Attributes[0];
        if (attribute.ConstructorArguments.Length != 2
            || attribute.ConstructorArguments[0].Value is not INamedTypeSymbol type
            || attribute.ConstructorArguments[1].Value is not string name)
        {
            // The compiler reports a malformed attribute itself.
            return empty;
        }

        cancellationToken.ThrowIfCancellationRequested();
        var location = LocationInfo.From(attribute.ApplicationSyntaxReference?.GetSyntax(cancellationToken)) ?? LocationInfo.From(syntax.Identifier);
        var derivativeName = method.ContainingType.Name + "." + method.Name;
        var targetName = type.Name + "." + name;
        CustomDerivativeResult Error(DiagnosticDescriptor descriptor, params string[] arguments) =>
            new(null, new EquatableArray<DiagnosticInfo>(new[] { DiagnosticInfo.Create(descriptor, location, arguments) }), location, derivativeName, targetName);

        var candidates = type.GetMembers(name).OfType<IMethodSymbol>()
            .Where(m => m.MethodKind == MethodKind.Ordinary && m.Parameters.All(p => p.Name.Length > 0 && p.Type.TypeKind != TypeKind.Error))
            .ToList();
        if (method.Parameters.Any(p => p.Name.Length == 0 || p.Type.TypeKind == TypeKind.Error) || syntax.ContainsDiagnostics)
        {
            // Typing in progress: the compiler reports it.
            return empty;
        }

        if (candidates.Count == 0)
        {
            return Error(DiagnosticDescriptors.InvalidDerivativeTarget, derivativeName, targetName, "which is not a method of '" + type.Name + "': name a static method with nameof(" + type.Name + ".Method)");
        }

        var expected = new List<string>();
        foreach (var candidate in candidates)
        {
            var signature = ExpectedParameters(candidate);
            if (signature is null)
            {
                continue;
            }

            expected.Add("static void " + method.Name + "(" + string.Join(", ", signature.Select(p => p.Display)) + ")");
            if (!Matches(method, signature))
            {
                continue;
            }

            if (!candidate.IsStatic)
            {
                return Error(DiagnosticDescriptors.InvalidDerivativeTarget, derivativeName, targetName, "which is an instance method: custom derivatives are for static methods; wrap the call in a static method and give that one the derivative");
            }

            if (SymbolNames.HasAttribute(candidate, SymbolNames.DifferentiableAttribute))
            {
                return Error(DiagnosticDescriptors.InvalidDerivativeTarget, derivativeName, targetName, "which is [Differentiable] already, so its generated Pullback is used: remove [Differentiable] or this custom derivative");
            }

            for (ISymbol? symbol = method; symbol is not null; symbol = symbol.ContainingType)
            {
                if (symbol.DeclaredAccessibility is Accessibility.Private or Accessibility.Protected or Accessibility.ProtectedAndInternal)
                {
                    return Error(DiagnosticDescriptors.CustomDerivativeSignature, derivativeName, targetName, "it is not accessible from other types; make it, and every type containing it, internal or public");
                }
            }

            var key = candidate.OriginalDefinition.GetDocumentationCommentId();
            if (key is null)
            {
                return empty;
            }

            var derivative = new CustomDerivative(key, method.ContainingType.ToDisplayString(SymbolNames.Qualified), Naming.Escape(method.Name));
            return new CustomDerivativeResult(derivative, EquatableArray<DiagnosticInfo>.Empty, location, derivativeName, targetName);
        }

        if (expected.Count == 0)
        {
            return Error(DiagnosticDescriptors.InvalidDerivativeTarget, derivativeName, targetName, "which does not return double or float: only such methods have a pullback");
        }

        return Error(DiagnosticDescriptors.CustomDerivativeSignature, derivativeName, targetName, "expected " + string.Join(" or ", expected.Distinct()));
    }

    private sealed record ExpectedParameter(string Type, RefKind RefKind, string Display);

    /// <summary>The target's parameters, the seed, then a ref adjoint per float/double and a Span adjoint per array or span.</summary>
    private static List<ExpectedParameter>? ExpectedParameters(IMethodSymbol target)
    {
        if (target.ReturnType.SpecialType is not (SpecialType.System_Double or SpecialType.System_Single) || target.IsGenericMethod)
        {
            return null;
        }

        var parameters = new List<ExpectedParameter>();
        var names = new HashSet<string>(target.Parameters.Select(p => p.Name));
        foreach (var parameter in target.Parameters)
        {
            var text = parameter.Type.ToDisplayString(SymbolNames.Qualified);
            parameters.Add(new ExpectedParameter(text, parameter.RefKind, Short(parameter.Type) + " " + parameter.Name));
        }

        var seedName = Naming.Unique("seed", names);
        names.Add(seedName);
        parameters.Add(new ExpectedParameter(target.ReturnType.ToDisplayString(SymbolNames.Qualified), RefKind.None, Short(target.ReturnType) + " " + seedName));
        foreach (var parameter in target.Parameters)
        {
            var gradientName = Naming.Unique(Naming.GradientName(parameter.Name), names);
            var type = TypeRefs.From(parameter.Type);
            if (parameter.RefKind == RefKind.None && type.IsReal)
            {
                names.Add(gradientName);
                parameters.Add(new ExpectedParameter(type.Text, RefKind.Ref, "ref " + type.Text + " " + gradientName));
            }
            else if (parameter.RefKind == RefKind.None && type.IsRealCollection)
            {
                names.Add(gradientName);
                var span = TypeRefs.GradientText(type);
                parameters.Add(new ExpectedParameter(span, RefKind.None, (type.IsTwoIndex ? Short(parameter.Type) : "Span<" + type.Element!.Text + ">") + " " + gradientName));
            }
        }

        return parameters;
    }

    private static bool Matches(IMethodSymbol method, List<ExpectedParameter> expected)
    {
        if (!method.IsStatic || !method.ReturnsVoid || method.IsGenericMethod || method.Parameters.Length != expected.Count)
        {
            return false;
        }

        for (var i = 0; i < expected.Count; i++)
        {
            var parameter = method.Parameters[i];
            if (parameter.Type.ToDisplayString(SymbolNames.Qualified) != expected[i].Type || parameter.RefKind != expected[i].RefKind)
            {
                return false;
            }
        }

        return true;
    }

    private static string Short(ITypeSymbol type) => type.ToDisplayString(SymbolDisplayFormat.MinimallyQualifiedFormat);
}
