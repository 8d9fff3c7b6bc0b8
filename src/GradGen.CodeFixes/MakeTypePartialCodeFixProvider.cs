using System.Collections.Generic;
using System.Collections.Immutable;
using System.Composition;
using System.Linq;
using System.Threading;
using System.Threading.Tasks;
using GradGen.CodeFixes.Shared;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CodeActions;
using Microsoft.CodeAnalysis.CodeFixes;
using Microsoft.CodeAnalysis.CSharp.Syntax;
using Microsoft.CodeAnalysis.Text;

namespace GradGen.CodeFixes;

/// <summary>
/// GG0001: adds <c>partial</c> to the reported type, to every type it is nested in and to every type between it
/// and a [Differentiable] method inside it that lacks it, so one fix clears all GG0001 of those methods.
/// </summary>
[ExportCodeFixProvider(LanguageNames.CSharp, Name = nameof(MakeTypePartialCodeFixProvider))]
[Shared]
public sealed class MakeTypePartialCodeFixProvider : CodeFixProvider
{
    /// <summary>The same for every GG0001 fix, so Fix All applies them together.</summary>
    public const string EquivalenceKey = "GradGen.GG0001.MakePartial";

    public override ImmutableArray<string> FixableDiagnosticIds { get; } = ImmutableArray.Create(GradGenNames.TypeNotPartialId);

    public override FixAllProvider GetFixAllProvider() => WellKnownFixAllProviders.BatchFixer;

    public override async Task RegisterCodeFixesAsync(CodeFixContext context)
    {
        var document = context.Document;
        var root = await document.GetSyntaxRootAsync(context.CancellationToken).ConfigureAwait(false);
        var model = await document.GetSemanticModelAsync(context.CancellationToken).ConfigureAwait(false);
        if (root is null || model is null)
        {
            return;
        }

        foreach (var diagnostic in context.Diagnostics)
        {
            var types = TypesToMakePartial(root, model, diagnostic.Location.SourceSpan, context.CancellationToken);
            if (types.Count == 0)
            {
                continue;
            }

            var spans = types.Select(t => t.Span).ToImmutableArray();
            context.RegisterCodeFix(
                CodeAction.Create(Title(types), ct => MakePartialAsync(document, spans, ct), EquivalenceKey),
                diagnostic);
        }
    }

    /// <summary>"Make 'Model' partial", "Make 'Outer' and 'Inner' partial", "Make 'A', 'B' and 'C' partial".</summary>
    private static string Title(IReadOnlyList<TypeDeclarationSyntax> types)
    {
        var names = types.Select(t => "'" + t.Identifier.ValueText + "'").ToList();
        var list = names.Count == 1
            ? names[0]
            : string.Join(", ", names.Take(names.Count - 1)) + " and " + names[names.Count - 1];
        return $"Make {list} partial";
    }

    /// <summary>The non-partial declarations to change, in document order (outer types first).</summary>
    private static IReadOnlyList<TypeDeclarationSyntax> TypesToMakePartial(SyntaxNode root, SemanticModel model, TextSpan span, CancellationToken cancellationToken)
    {
        var type = root.FindToken(span.Start).Parent?.AncestorsAndSelf().OfType<TypeDeclarationSyntax>().FirstOrDefault();
        if (type is null)
        {
            return new TypeDeclarationSyntax[0];
        }

        var result = new HashSet<TypeDeclarationSyntax>();
        if (!SyntaxEdits.IsPartial(type))
        {
            result.Add(type);
        }

        result.UnionWith(SyntaxEdits.NonPartialContainingTypes(type));

        // Nested types between the reported one and its [Differentiable] methods need 'partial' too.
        foreach (var method in type.DescendantNodes().OfType<MethodDeclarationSyntax>())
        {
            if (method.AttributeLists.Count == 0 || method.Parent == type || !IsDifferentiable(model, method, cancellationToken))
            {
                continue;
            }

            result.UnionWith(SyntaxEdits.NonPartialContainingTypes(method).TakeWhile(t => t != type));
        }

        return result.OrderBy(t => t.SpanStart).ToList();
    }

    private static bool IsDifferentiable(SemanticModel model, MethodDeclarationSyntax method, CancellationToken cancellationToken) =>
        model.GetDeclaredSymbol(method, cancellationToken) is { } symbol
        && symbol.GetAttributes().Any(a => a.AttributeClass?.ToDisplayString() == GradGenNames.DifferentiableAttributeMetadataName);

    private static async Task<Document> MakePartialAsync(Document document, ImmutableArray<TextSpan> spans, CancellationToken cancellationToken)
    {
        var root = await document.GetSyntaxRootAsync(cancellationToken).ConfigureAwait(false);
        if (root is null)
        {
            return document;
        }

        var types = root.DescendantNodes().OfType<TypeDeclarationSyntax>().Where(t => spans.Contains(t.Span)).ToList();
        var newRoot = root.ReplaceNodes(types, (_, rewritten) => SyntaxEdits.MakePartial(rewritten));
        return document.WithSyntaxRoot(newRoot);
    }
}
