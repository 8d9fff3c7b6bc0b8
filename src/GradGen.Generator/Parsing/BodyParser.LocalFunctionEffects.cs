using System.Collections.Generic;
using System.Globalization;
using System.Linq;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp.Syntax;
using Microsoft.CodeAnalysis.Operations;

namespace GradGen.Generator.Parsing;

/// <summary>
/// What inlining a local function brings in: the caller's variables it writes (itself or through the functions it
/// calls), and the syntax nodes and depth of its expansion.
/// </summary>
internal sealed partial class BodyParser
{
    /// <summary>The variables a local function writes, itself or through the local functions it calls.</summary>
    private HashSet<ISymbol> Writes(IMethodSymbol function)
    {
        if (_writes.TryGetValue(function, out var known))
        {
            return known;
        }

        var writes = new HashSet<ISymbol>(SymbolEqualityComparer.Default);
        _writes[function] = writes; // a recursion sees what is known so far, and is refused anyway
        var calls = new List<IMethodSymbol>();
        foreach (var node in _localFunctions[function].Descendants())
        {
            var target = node switch
            {
                ISimpleAssignmentOperation assignment => assignment.Target,
                ICompoundAssignmentOperation compound => compound.Target,

                // '(p0, p1) = (p1, p0)': a write of each variable of the tuple (not a simple assignment).
                IDeconstructionAssignmentOperation deconstruction => deconstruction.Target,
                IIncrementOrDecrementOperation step => step.Target,
                IArgumentOperation { Parameter.RefKind: RefKind.Ref or RefKind.Out } byReference => byReference.Value,
                _ => null,
            };
            if (target is ITupleOperation tuple)
            {
                writes.UnionWith(tuple.Descendants().Select(WrittenVariable).Where(v => v is not null)!);
            }
            else if (target is not null && WrittenVariable(target) is { } written)
            {
                writes.Add(written);
            }

            if (node is IInvocationOperation { TargetMethod.MethodKind: MethodKind.LocalFunction } call && _localFunctions.ContainsKey(call.TargetMethod.OriginalDefinition))
            {
                calls.Add(call.TargetMethod.OriginalDefinition);
            }
        }

        foreach (var callee in calls)
        {
            writes.UnionWith(Writes(callee));
        }

        return writes;
    }

    /// <summary>The local or parameter a write changes: itself, or the array or span whose element it writes.</summary>
    private static ISymbol? WrittenVariable(IOperation target) => target switch
    {
        ILocalReferenceOperation local => local.Local,
        IParameterReferenceOperation parameter => parameter.Parameter,
        IArrayElementReferenceOperation element => WrittenVariable(Strip(element.ArrayReference)),
        IPropertyReferenceOperation { Instance: { } instance } => WrittenVariable(Strip(instance)),
        _ => null,
    };

    /// <summary>Whether a local or parameter belongs to the function (its own, or of a lambda or function inside it).</summary>
    private static bool IsWithin(ISymbol symbol, IMethodSymbol function)
    {
        for (var owner = symbol.ContainingSymbol; owner is not null; owner = owner.ContainingSymbol)
        {
            if (SymbolEqualityComparer.Default.Equals(owner, function))
            {
                return true;
            }

            if (owner is not IMethodSymbol { MethodKind: MethodKind.LocalFunction or MethodKind.AnonymousFunction })
            {
                return false;
            }
        }

        return false;
    }

    /// <summary>Syntax levels from the root of the method or local function a call is in down to the call.</summary>
    private static int CallDepth(IOperation call) =>
        call.Syntax.Ancestors().TakeWhile(a => a is not (LocalFunctionStatementSyntax or BaseMethodDeclarationSyntax)).Count();

    /// <summary>
    /// What inlining a function brings in, the functions it calls inlined too: syntax nodes (saturating, a chain of
    /// functions that each call the next twice doubles at each link) and depth. A recursion counts once; it is refused.
    /// </summary>
    private (int Nodes, int Depth) Expansion(IMethodSymbol function)
    {
        if (_expansions.TryGetValue(function, out var known))
        {
            return known;
        }

        _expansions[function] = (0, 0);
        var operation = _localFunctions[function];
        var (depth, _, nodes) = MethodLimits.Measure(operation.Syntax, _cancellationToken);
        long total = nodes;
        var deepest = depth;
        foreach (var call in operation.Descendants().OfType<IInvocationOperation>())
        {
            if (call.TargetMethod.MethodKind == MethodKind.LocalFunction && _localFunctions.ContainsKey(call.TargetMethod.OriginalDefinition))
            {
                var inner = Expansion(call.TargetMethod.OriginalDefinition);
                total += inner.Nodes;
                deepest = System.Math.Max(deepest, CallDepth(call) + inner.Depth);
            }
        }

        var result = ((int)System.Math.Min(total, int.MaxValue), System.Math.Min(deepest, int.MaxValue / 2));
        _expansions[function] = result;
        return result;
    }

    private static string Count(long value) => value.ToString("N0", CultureInfo.InvariantCulture);
}
