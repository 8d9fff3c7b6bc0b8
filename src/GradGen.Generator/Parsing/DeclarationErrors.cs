using System.Collections.Concurrent;
using System.Collections.Immutable;
using System.Linq;
using System.Runtime.CompilerServices;
using System.Threading;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.Text;

namespace GradGen.Generator.Parsing;

/// <summary>
/// Compiler errors of a method: its declaration errors, from the declaration errors of its whole file computed once per
/// compilation, and the errors of its body. Asking the semantic model for all diagnostics of the method's span instead
/// completes every member of the file again for each method (Roslyn walks them all to find those in the span), so a type
/// of n [Differentiable] methods cost n² (measured: 800 methods 6 s, 1,600 methods 10 s; docs/design.md, "Scaling").
/// </summary>
internal static class DeclarationErrors
{
    private static readonly ConditionalWeakTable<Compilation, ConcurrentDictionary<SyntaxTree, ImmutableArray<TextSpan>>> Cache = new();

    public static bool Any(SemanticModel semanticModel, TextSpan span, CancellationToken cancellationToken)
    {
        var byTree = Cache.GetValue(semanticModel.Compilation, _ => new ConcurrentDictionary<SyntaxTree, ImmutableArray<TextSpan>>());
        var declarationErrors = byTree.GetOrAdd(
            semanticModel.SyntaxTree,
            _ => semanticModel.GetDeclarationDiagnostics(cancellationToken: cancellationToken)
                .Where(d => d.Severity == DiagnosticSeverity.Error && d.Location.IsInSource)
                .Select(d => d.Location.SourceSpan)
                .ToImmutableArray());
        return declarationErrors.Any(e => e.IntersectsWith(span))
            || semanticModel.GetMethodBodyDiagnostics(span, cancellationToken).Any(d => d.Severity == DiagnosticSeverity.Error);
    }
}
