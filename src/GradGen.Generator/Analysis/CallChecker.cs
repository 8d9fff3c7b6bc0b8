using System.Collections.Generic;
using System.Collections.Immutable;
using System.Linq;
using System.Threading;
using GradGen.Generator.Diagnostics;
using GradGen.Generator.Helpers;
using GradGen.Generator.Model;

namespace GradGen.Generator.Analysis;

/// <summary>
/// A [Differentiable] method with errors gets no Pullback, so a method that calls it cannot be differentiated either.
/// Instead of generated code that fails to compile, the caller gets GG0016 at the call, pointing at the callee.
/// </summary>
internal static class CallChecker
{
    /// <summary>One method as the call graph sees it.</summary>
    internal sealed record Node(MethodIdentity Method, bool HasErrors, EquatableArray<string> Calls);

    public static Node? ToNode(AnalysisResult result) =>
        result.Method is null ? null : new Node(result.Method, result.Model is null, result.Model is null ? EquatableArray<string>.Empty : CalledKeys(result.Model));

    /// <summary>Methods with errors, and (transitively) those whose calls reach them.</summary>
    /// <remarks>A walk from the failing methods along reversed calls: linear in the calls (a fixpoint over all methods
    /// would take a pass per link of a long chain).</remarks>
    public static EquatableArray<MethodIdentity> Failing(ImmutableArray<Node?> nodes, CancellationToken cancellationToken = default)
    {
        var failing = new Dictionary<string, MethodIdentity>();
        var callers = new Dictionary<string, List<Node>>();
        var pending = new Stack<string>();
        foreach (var node in nodes)
        {
            if (node is null)
            {
                continue;
            }

            if (node.HasErrors && !failing.ContainsKey(node.Method.Key))
            {
                failing[node.Method.Key] = node.Method;
                pending.Push(node.Method.Key);
            }

            foreach (var callee in node.Calls)
            {
                if (!callers.TryGetValue(callee, out var list))
                {
                    callers[callee] = list = new List<Node>();
                }

                list.Add(node);
            }
        }

        while (pending.Count > 0)
        {
            cancellationToken.ThrowIfCancellationRequested();
            if (!callers.TryGetValue(pending.Pop(), out var list))
            {
                continue;
            }

            foreach (var caller in list)
            {
                if (!failing.ContainsKey(caller.Method.Key))
                {
                    failing[caller.Method.Key] = caller.Method;
                    pending.Push(caller.Method.Key);
                }
            }
        }

        return failing.Values.OrderBy(m => m.Key, System.StringComparer.Ordinal).ToEquatableArray();
    }

    public static AnalysisResult Check(AnalysisResult result, EquatableArray<MethodIdentity> failing)
    {
        if (result.Model is not { } model || failing.Count == 0)
        {
            return result;
        }

        var byKey = failing.ToDictionary(m => m.Key);
        var diagnostics = result.Diagnostics.ToList();
        var activity = new ActivityView(model);
        foreach (var call in Calls(model))
        {
            // An inactive call runs forward only: the callee itself exists, only its missing Pullback would be called.
            if (call.CalleeKey is { } key && activity.IsActive(call) && byKey.TryGetValue(key, out var callee) && call.CallSite < result.CallSites.Count)
            {
                var additional = callee.Location is null ? default : new EquatableArray<LocationInfo>(new[] { callee.Location });
                diagnostics.Add(new DiagnosticInfo(
                    DiagnosticDescriptors.CalleeHasErrors,
                    result.CallSites[call.CallSite].Location,
                    new EquatableArray<string>(new[] { callee.Name, model.Name }),
                    additional));
            }
        }

        // Distinct: a call in a local function inlined at several calls is one call for the user.
        return diagnostics.Count == result.Diagnostics.Count ? result : result with { Model = null, Diagnostics = diagnostics.Distinct().ToEquatableArray() };
    }

    internal static EquatableArray<string> CalledKeys(MethodModel model)
    {
        var activity = new ActivityView(model);
        return Calls(model).Where(activity.IsActive).Select(c => c.CalleeKey).Where(k => k is not null).Select(k => k!)
            .Distinct().OrderBy(k => k, System.StringComparer.Ordinal).ToEquatableArray();
    }

    internal static IEnumerable<DifferentiableCallExpr> Calls(MethodModel model) => Calls(model.Body);

    internal static IEnumerable<DifferentiableCallExpr> Calls(IReadOnlyList<Stmt> body)
    {
        foreach (var statement in StatementWalker.Preorder(body))
        {
            foreach (var root in StatementWalker.Expressions(statement))
            {
                foreach (var call in Find(root))
                {
                    yield return call;
                }
            }
        }
    }

    private static IEnumerable<DifferentiableCallExpr> Find(Expr expr)
    {
        if (expr is DifferentiableCallExpr call)
        {
            yield return call;
        }

        foreach (var child in ExprWalker.Children(expr))
        {
            foreach (var found in Find(child))
            {
                yield return found;
            }
        }
    }
}
