using System;
using System.Collections.Generic;
using System.Collections.Immutable;
using System.Linq;
using System.Runtime.CompilerServices;
using System.Security.Cryptography;
using System.Text;
using System.Threading;
using GradGen.Generator.Helpers;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp;
using Microsoft.CodeAnalysis.CSharp.Syntax;

namespace GradGen.Generator.Parsing;

/// <summary>
/// What the binding of one method body can depend on outside its own syntax tree: every tree's declarations
/// (types, member signatures, attributes, field and constant initializers, usings, directives) with the bodies of
/// methods, constructors, operators and accessors left out, plus the references, the compilation options and the
/// assembly name. C# infers no member type from another member's body, so two compilations with equal fingerprints
/// bind an unchanged method body identically; that is what lets <see cref="ParseCache"/> skip the rebinding of every
/// method on each keystroke (Roslyn builds all source symbols afresh for every new compilation).
/// </summary>
internal sealed class DeclarationFingerprint : IEquatable<DeclarationFingerprint>
{
    private static readonly ConditionalWeakTable<SyntaxTree, byte[]> TreeHashes = new();
    private static readonly ConditionalWeakTable<Compilation, DeclarationFingerprint> Fingerprints = new();

    private readonly string? _assemblyName;
    private readonly CompilationOptions _options;
    private readonly ImmutableArray<MetadataReference> _references;
    private readonly byte[] _declarations;

    private DeclarationFingerprint(Compilation compilation, CancellationToken cancellationToken)
    {
        _assemblyName = compilation.AssemblyName;
        _options = compilation.Options;
        _references = compilation.References.ToImmutableArray();
        using var sha = SHA256.Create();
        var all = new List<byte>();
        foreach (var tree in compilation.SyntaxTrees)
        {
            all.AddRange(TreeHash(tree, cancellationToken));
        }

        _declarations = sha.ComputeHash(all.ToArray());
    }

    /// <summary>Computed once per compilation; each tree's part once per tree (unchanged trees are shared between compilations).</summary>
    public static DeclarationFingerprint Of(Compilation compilation, CancellationToken cancellationToken)
    {
        if (Fingerprints.TryGetValue(compilation, out var known))
        {
            return known;
        }

        var fingerprint = new DeclarationFingerprint(compilation, cancellationToken);
        return Fingerprints.GetValue(compilation, _ => fingerprint);
    }

    public bool Equals(DeclarationFingerprint? other) =>
        other is not null
        && (ReferenceEquals(this, other)
            || (_assemblyName == other._assemblyName
                && _declarations.SequenceEqual(other._declarations)
                && _references.SequenceEqual(other._references, ReferenceComparer<MetadataReference>.Instance)
                && _options.Equals(other._options)));

    public override bool Equals(object? obj) => Equals(obj as DeclarationFingerprint);

    public override int GetHashCode() => BitConverter.ToInt32(_declarations, 0);

    private static byte[] TreeHash(SyntaxTree tree, CancellationToken cancellationToken)
    {
        if (TreeHashes.TryGetValue(tree, out var known))
        {
            return known;
        }

        var text = DeclarationText(tree.GetRoot(cancellationToken), cancellationToken);
        using var sha = SHA256.Create();
        var hash = sha.ComputeHash(Encoding.UTF8.GetBytes(text));
        return TreeHashes.GetValue(tree, _ => hash);
    }

    /// <summary>The tree's tokens and directives, with member bodies replaced by a marker (so a body and `;` differ).</summary>
    private static string DeclarationText(SyntaxNode root, CancellationToken cancellationToken)
    {
        var text = new StringBuilder();
        var pending = new Stack<SyntaxNodeOrToken>();
        pending.Push(root);
        while (pending.Count > 0)
        {
            cancellationToken.ThrowIfCancellationRequested();
            var item = pending.Pop();
            if (item.IsToken)
            {
                var token = item.AsToken();
                foreach (var trivia in token.LeadingTrivia)
                {
                    if (trivia.IsDirective)
                    {
                        text.Append(trivia.ToFullString()).Append('\n');
                    }
                }

                text.Append(token.Text).Append('\u0001');
                continue;
            }

            var node = item.AsNode()!;
            if (IsMemberBody(node))
            {
                text.Append("\u0002body\u0002");
                continue;
            }

            // Children pushed in reverse so they come out in source order.
            var children = node.ChildNodesAndTokens();
            for (var i = children.Count - 1; i >= 0; i--)
            {
                pending.Push(children[i]);
            }
        }

        return text.ToString();
    }

    private static bool IsMemberBody(SyntaxNode node) =>
        (node is BlockSyntax or ArrowExpressionClauseSyntax
            && node.Parent is BaseMethodDeclarationSyntax or AccessorDeclarationSyntax or LocalFunctionStatementSyntax)
        || (node is ArrowExpressionClauseSyntax && node.Parent is PropertyDeclarationSyntax or IndexerDeclarationSyntax);
}
