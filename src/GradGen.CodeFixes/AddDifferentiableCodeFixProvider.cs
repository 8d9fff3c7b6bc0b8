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
using Microsoft.CodeAnalysis.FindSymbols;
using Microsoft.CodeAnalysis.Text;

namespace GradGen.CodeFixes;

/// <summary>
/// GG0006: adds <c>[Differentiable]</c> to the called method, where it is declared (possibly another document or
/// project of the solution), and makes the types containing it partial as GradGen requires. Offered only for a
/// callee declared in source, with a body, not generic, returning double or float, with by-value parameters, in a
/// project that references GradGen: not for a method from a referenced assembly such as the BCL.
/// </summary>
[ExportCodeFixProvider(LanguageNames.CSharp, Name = nameof(AddDifferentiableCodeFixProvider))]
[Shared]
public sealed class AddDifferentiableCodeFixProvider : CodeFixProvider
{
    /// <summary>The same for every GG0006 fix, so Fix All applies them together.</summary>
    public const string EquivalenceKey = "GradGen.GG0006.AddDifferentiable";

    public override ImmutableArray<string> FixableDiagnosticIds { get; } = ImmutableArray.Create(GradGenNames.NoKnownDerivativeId);

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
            var invocation = root.FindNode(diagnostic.Location.SourceSpan, getInnermostNodeForTie: true)
                .AncestorsAndSelf().OfType<InvocationExpressionSyntax>().FirstOrDefault();
            if (invocation is null)
            {
                continue;
            }

            var callee = await FindCalleeDeclarationAsync(document, model, invocation, context.CancellationToken).ConfigureAwait(false);
            if (callee is null)
            {
                continue;
            }

            var (calleeDocument, declarationSpan, name) = callee.Value;
            context.RegisterCodeFix(
                CodeAction.Create(
                    $"Add [{GradGenNames.Differentiable}] to '{name}'",
                    ct => AddDifferentiableAsync(calleeDocument, declarationSpan, ct),
                    EquivalenceKey),
                diagnostic);
        }
    }

    /// <summary>The document and span of the declaration (with a body) of the method <paramref name="invocation"/> calls.</summary>
    private static async Task<(Document Document, TextSpan Span, string Name)?> FindCalleeDeclarationAsync(
        Document document, SemanticModel model, InvocationExpressionSyntax invocation, CancellationToken cancellationToken)
    {
        if (model.GetSymbolInfo(invocation, cancellationToken).Symbol is not IMethodSymbol called)
        {
            return null;
        }

        var method = (called.ReducedFrom ?? called).OriginalDefinition;
        if (!CanBeDifferentiable(method))
        {
            return null;
        }

        var solution = document.Project.Solution;
        var source = await SymbolFinder.FindSourceDefinitionAsync(method, solution, cancellationToken).ConfigureAwait(false) as IMethodSymbol;
        if (source is null)
        {
            return null;
        }

        source = source.PartialImplementationPart ?? source;
        foreach (var reference in source.DeclaringSyntaxReferences)
        {
            var node = await reference.GetSyntaxAsync(cancellationToken).ConfigureAwait(false);
            if (node is not MethodDeclarationSyntax { } declaration || (declaration.Body is null && declaration.ExpressionBody is null))
            {
                continue;
            }

            // Null for generated code, which cannot be edited.
            var calleeDocument = solution.GetDocument(reference.SyntaxTree);
            if (calleeDocument is null)
            {
                continue;
            }

            var calleeModel = await calleeDocument.GetSemanticModelAsync(cancellationToken).ConfigureAwait(false);
            if (calleeModel?.Compilation.GetTypeByMetadataName(GradGenNames.DifferentiableAttributeMetadataName) is null)
            {
                continue;
            }

            return (calleeDocument, declaration.Span, source.Name);
        }

        return null;
    }

    /// <summary>Whether GradGen could differentiate the method once marked (else the fix would only trade one error for another).</summary>
    private static bool CanBeDifferentiable(IMethodSymbol method) =>
        method.MethodKind == MethodKind.Ordinary
        && !method.IsGenericMethod
        && !method.IsAbstract
        && !method.IsExtern
        && method.ReturnType.SpecialType is SpecialType.System_Double or SpecialType.System_Single
        && method.Parameters.All(p => p.RefKind == RefKind.None)
        && !method.GetAttributes().Any(a => a.AttributeClass?.ToDisplayString() == GradGenNames.DifferentiableAttributeMetadataName);

    private static async Task<Solution> AddDifferentiableAsync(Document document, TextSpan declarationSpan, CancellationToken cancellationToken)
    {
        var root = await document.GetSyntaxRootAsync(cancellationToken).ConfigureAwait(false);
        var method = root?.FindNode(declarationSpan, getInnermostNodeForTie: true).AncestorsAndSelf().OfType<MethodDeclarationSyntax>().FirstOrDefault();
        if (root is null || method is null)
        {
            return document.Project.Solution;
        }

        var endOfLine = SyntaxEdits.EndOfLineOf(root);
        var nodes = new List<SyntaxNode> { method };
        nodes.AddRange(SyntaxEdits.NonPartialContainingTypes(method));
        var newRoot = root.ReplaceNodes(nodes, (original, rewritten) => rewritten switch
        {
            MethodDeclarationSyntax m when original == method => SyntaxEdits.AddAttributeOnOwnLine(m, SyntaxEdits.GradGenAttribute(GradGenNames.Differentiable), endOfLine),
            TypeDeclarationSyntax t => SyntaxEdits.MakePartial(t),
            _ => rewritten,
        });

        var changed = await DocumentCleanup.RunAsync(document.WithSyntaxRoot(newRoot), cancellationToken).ConfigureAwait(false);
        return changed.Project.Solution;
    }
}
