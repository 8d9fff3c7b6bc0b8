using System.Collections.Generic;
using System.Linq;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp;
using Microsoft.CodeAnalysis.CSharp.Syntax;
using Microsoft.CodeAnalysis.Simplification;

namespace GradGen.CodeFixes.Shared;

/// <summary>
/// The syntax edits the fixes share. Trivia is placed by hand so that an edit changes nothing but the added text:
/// comments, blank lines and indentation around it stay as they were.
/// </summary>
internal static class SyntaxEdits
{
    /// <summary>
    /// <c>[global::GradGen.Name]</c>, marked for <see cref="DocumentCleanup"/> to reduce to <c>[Name]</c> and to add
    /// <c>using GradGen;</c> where that is needed.
    /// </summary>
    public static AttributeListSyntax GradGenAttribute(string name)
    {
        var qualified = SyntaxFactory.QualifiedName(
                SyntaxFactory.AliasQualifiedName(
                    SyntaxFactory.IdentifierName(SyntaxFactory.Token(SyntaxKind.GlobalKeyword)),
                    SyntaxFactory.IdentifierName(GradGenNames.Namespace)),
                SyntaxFactory.IdentifierName(name))
            .WithAdditionalAnnotations(Simplifier.Annotation, Simplifier.AddImportsAnnotation);
        return SyntaxFactory.AttributeList(SyntaxFactory.SingletonSeparatedList(SyntaxFactory.Attribute(qualified)));
    }

    /// <summary>
    /// Puts <paramref name="attributeList"/> on its own line above <paramref name="method"/>'s other attribute lists
    /// and modifiers, after its documentation comment, at its indentation.
    /// </summary>
    public static MethodDeclarationSyntax AddAttributeOnOwnLine(MethodDeclarationSyntax method, AttributeListSyntax attributeList, SyntaxTrivia endOfLine)
    {
        var first = method.GetFirstToken();
        var leading = first.LeadingTrivia;
        var indentation = Indentation(leading);
        var list = attributeList.WithLeadingTrivia(leading).WithTrailingTrivia(endOfLine);
        var edited = method.ReplaceToken(first, first.WithLeadingTrivia(indentation));
        return edited.WithAttributeLists(edited.AttributeLists.Insert(0, list));
    }

    /// <summary>Puts <paramref name="attributeList"/> in front of the parameter, followed by a space.</summary>
    public static ParameterSyntax AddAttributeInline(ParameterSyntax parameter, AttributeListSyntax attributeList)
    {
        var first = parameter.GetFirstToken();
        var list = attributeList.WithLeadingTrivia(first.LeadingTrivia).WithTrailingTrivia(SyntaxFactory.Space);
        var edited = parameter.ReplaceToken(first, first.WithLeadingTrivia(SyntaxTriviaList.Empty));
        return edited.WithAttributeLists(edited.AttributeLists.Insert(0, list));
    }

    public static bool IsPartial(TypeDeclarationSyntax type) => type.Modifiers.Any(SyntaxKind.PartialKeyword);

    /// <summary>
    /// Adds <c>partial</c> as the last modifier, right before the keyword (where C# requires it). With no other
    /// modifier it takes over the keyword's leading trivia, so indentation and comments stay in front.
    /// </summary>
    public static TypeDeclarationSyntax MakePartial(TypeDeclarationSyntax type)
    {
        if (IsPartial(type))
        {
            return type;
        }

        if (type.Modifiers.Count > 0)
        {
            return type.WithModifiers(type.Modifiers.Add(SyntaxFactory.Token(SyntaxKind.PartialKeyword).WithTrailingTrivia(SyntaxFactory.Space)));
        }

        var keyword = type.Keyword;
        var partial = SyntaxFactory.Token(keyword.LeadingTrivia, SyntaxKind.PartialKeyword, SyntaxFactory.TriviaList(SyntaxFactory.Space));
        return type
            .WithKeyword(keyword.WithLeadingTrivia(SyntaxTriviaList.Empty))
            .WithModifiers(SyntaxFactory.TokenList(partial));
    }

    /// <summary><paramref name="node"/>'s enclosing type declarations that are not partial, innermost first.</summary>
    public static IEnumerable<TypeDeclarationSyntax> NonPartialContainingTypes(SyntaxNode node) =>
        node.Ancestors().OfType<TypeDeclarationSyntax>().Where(t => !IsPartial(t));

    /// <summary>The line break the file uses (its first one), or a line feed for a file of one line.</summary>
    public static SyntaxTrivia EndOfLineOf(SyntaxNode root)
    {
        foreach (var trivia in root.DescendantTrivia(descendIntoTrivia: true))
        {
            if (trivia.IsKind(SyntaxKind.EndOfLineTrivia))
            {
                return trivia;
            }
        }

        return SyntaxFactory.LineFeed;
    }

    /// <summary>The whitespace at the end of a token's leading trivia: the indentation of its line.</summary>
    private static SyntaxTriviaList Indentation(SyntaxTriviaList leading)
    {
        var start = leading.Count;
        while (start > 0 && leading[start - 1].IsKind(SyntaxKind.WhitespaceTrivia))
        {
            start--;
        }

        return SyntaxFactory.TriviaList(leading.Skip(start));
    }
}
