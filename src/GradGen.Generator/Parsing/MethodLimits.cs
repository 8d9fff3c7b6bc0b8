using System.Collections.Generic;
using System.Globalization;
using System.Linq;
using System.Threading;
using GradGen.Generator.Diagnostics;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp.Syntax;

namespace GradGen.Generator.Parsing;

/// <summary>
/// The one guard in front of everything that recurses. The parser, the analyses, the transform, the printers and the
/// records' own equality recurse once per level of nesting of the method's syntax, and a generator runs on the
/// compiler's and the IDE's threads, whose stack is 1 MB on Windows: a method nested deeper than the pipeline can take
/// must get a diagnostic, never a stack overflow, which would take the compiler server or the IDE's analysis process
/// down. So before anything binds the body, one iterative walk measures the method's syntax (depth, node count) and its
/// parameters, and a method over a limit gets GG0025, GG0026 or GG0027 at its name and nothing else is done with it.
/// The limits are measured (docs/design.md, "Scaling"): every stage of the pipeline runs at the limit on a 1 MB stack,
/// in Debug and Release builds, with room to spare for the frames of the host that calls the generator.
/// </summary>
internal static class MethodLimits
{
    /// <summary>Syntax nodes from the method declaration to its deepest node (a sum of n terms is about n deep).</summary>
    internal static int MaxDepth = 200;

    /// <summary>Syntax nodes in the method: the analyses are at worst about quadratic in this.</summary>
    internal static int MaxNodes = 60_000;

    internal static int MaxParameters = 1_000;

    /// <summary>Array and span parameters: the argument checks compare each gradient with every other collection.</summary>
    internal static int MaxCollectionParameters = 100;

    /// <summary>The diagnostic for a method over a limit, or null.</summary>
    public static DiagnosticInfo? Check(IMethodSymbol method, MethodDeclarationSyntax syntax, CancellationToken cancellationToken)
    {
        var name = LocationInfo.From(syntax.Identifier);
        var collections = method.Parameters.Count(p => TypeRefs.From(p.Type).IsRealCollection);
        if (method.Parameters.Length > MaxParameters || collections > MaxCollectionParameters)
        {
            return DiagnosticInfo.Create(
                DiagnosticDescriptors.TooManyParameters, name, method.Name, Text(method.Parameters.Length), Text(collections),
                Text(MaxParameters), Text(MaxCollectionParameters));
        }

        var (depth, deepest, nodes) = Measure(syntax, cancellationToken);
        if (depth > MaxDepth)
        {
            var line = deepest.GetLocation().GetLineSpan().StartLinePosition.Line + 1;
            return DiagnosticInfo.Create(DiagnosticDescriptors.NestedTooDeeply, name, method.Name, Text(depth), Text(line), Text(MaxDepth));
        }

        return nodes > MaxNodes
            ? DiagnosticInfo.Create(DiagnosticDescriptors.MethodTooLarge, name, method.Name, Text(nodes), Text(MaxNodes))
            : null;
    }

    /// <summary>Depth, the deepest node and the node count of the method's syntax, walked with an explicit stack.</summary>
    internal static (int Depth, SyntaxNode Deepest, int Nodes) Measure(SyntaxNode root, CancellationToken cancellationToken)
    {
        var pending = new Stack<(SyntaxNode Node, int Depth)>();
        pending.Push((root, 1));
        var (depth, deepest, nodes) = (0, root, 0);
        while (pending.Count > 0)
        {
            if ((++nodes & 1023) == 0)
            {
                cancellationToken.ThrowIfCancellationRequested();
            }

            var (node, level) = pending.Pop();
            if (level > depth)
            {
                (depth, deepest) = (level, node);
            }

            foreach (var child in node.ChildNodes())
            {
                pending.Push((child, level + 1));
            }
        }

        return (depth, deepest, nodes);
    }

    private static string Text(int value) => value.ToString("N0", CultureInfo.InvariantCulture);
}
