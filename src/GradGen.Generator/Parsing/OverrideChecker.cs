using System.Threading;
using GradGen.Generator.Diagnostics;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp;
using Microsoft.CodeAnalysis.CSharp.Syntax;

namespace GradGen.Generator.Parsing;

/// <summary>
/// GG0023 at an override that is not [Differentiable] of a method that is: it inherits the base's virtual generated
/// members, so a call of <c>HGradient</c> on the derived type would differentiate the base's <c>H</c>, not the one that
/// runs. Only methods declared 'override' are looked at, so the check costs nothing elsewhere.
/// </summary>
internal static class OverrideChecker
{
    public static bool IsCandidate(SyntaxNode node) =>
        node is MethodDeclarationSyntax method && method.Modifiers.Any(SyntaxKind.OverrideKeyword);

    public static DiagnosticInfo? Check(GeneratorSyntaxContext context, CancellationToken cancellationToken)
    {
        if (context.Node is not MethodDeclarationSyntax syntax
            || context.SemanticModel.GetDeclaredSymbol(syntax, cancellationToken) is not IMethodSymbol method
            || SymbolNames.HasAttribute(method, SymbolNames.DifferentiableAttribute)
            || GeneratedMembers.Overridden(method) is not { } overridden)
        {
            return null;
        }

        var name = method.ContainingType.Name + "." + method.Name;
        return DiagnosticInfo.Create(DiagnosticDescriptors.OverrideWithoutDifferentiable, LocationInfo.From(syntax.Identifier),
            name, overridden.ContainingType.Name + "." + overridden.Name, "'" + name + "' is not [Differentiable] itself");
    }
}
