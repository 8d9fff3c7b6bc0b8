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

/// <summary>GG0014: marks the parameter the result does not depend on <c>[NoDerivative]</c> (adding <c>using GradGen;</c> if needed).</summary>
[ExportCodeFixProvider(LanguageNames.CSharp, Name = nameof(MarkNoDerivativeCodeFixProvider))]
[Shared]
public sealed class MarkNoDerivativeCodeFixProvider : CodeFixProvider
{
    /// <summary>The same for every GG0014 fix, so Fix All applies them together.</summary>
    public const string EquivalenceKey = "GradGen.GG0014.MarkNoDerivative";

    public override ImmutableArray<string> FixableDiagnosticIds { get; } = ImmutableArray.Create(GradGenNames.ParameterWithoutEffectId);

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
            var parameter = root.FindNode(diagnostic.Location.SourceSpan, getInnermostNodeForTie: true)
                .AncestorsAndSelf().OfType<ParameterSyntax>().FirstOrDefault();
            if (parameter is null || !CanMark(model, parameter, context.CancellationToken))
            {
                continue;
            }

            var span = parameter.Span;
            context.RegisterCodeFix(
                CodeAction.Create($"Mark '{parameter.Identifier.ValueText}' [{GradGenNames.NoDerivative}]", ct => MarkAsync(document, span, ct), EquivalenceKey),
                diagnostic);
        }
    }

    private static bool CanMark(SemanticModel model, ParameterSyntax parameter, CancellationToken cancellationToken) =>
        model.Compilation.GetTypeByMetadataName(GradGenNames.NoDerivativeAttributeMetadataName) is not null
        && model.GetDeclaredSymbol(parameter, cancellationToken) is { } symbol
        && !symbol.GetAttributes().Any(a => a.AttributeClass?.ToDisplayString() == GradGenNames.NoDerivativeAttributeMetadataName);

    private static async Task<Document> MarkAsync(Document document, TextSpan span, CancellationToken cancellationToken)
    {
        var root = await document.GetSyntaxRootAsync(cancellationToken).ConfigureAwait(false);
        var parameter = root?.FindNode(span, getInnermostNodeForTie: true).AncestorsAndSelf().OfType<ParameterSyntax>().FirstOrDefault();
        if (root is null || parameter is null)
        {
            return document;
        }

        var marked = SyntaxEdits.AddAttributeInline(parameter, SyntaxEdits.GradGenAttribute(GradGenNames.NoDerivative));
        return await DocumentCleanup.RunAsync(document.WithSyntaxRoot(root.ReplaceNode(parameter, marked)), cancellationToken).ConfigureAwait(false);
    }
}
