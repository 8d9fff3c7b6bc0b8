using System.Collections.Generic;
using System.Collections.Immutable;
using System.Linq;
using System.Threading;
using GradGen.Generator.Diagnostics;
using GradGen.Generator.Differentiation;
using GradGen.Generator.Helpers;
using GradGen.Generator.Model;

namespace GradGen.Generator.Analysis;

/// <summary>
/// Second derivatives through calls. A method with <c>HessianVectorProduct = true</c> that calls another
/// [Differentiable] method G needs, for the reverse sweep of its tangent, G's Hessian-vector product: so G (and what G
/// calls, transitively) gets second derivatives too, as if it asked for them. Where one of them cannot have them (a
/// custom derivative, a vector-valued method, an error, a name taken), the caller gets GG0032 at its call instead.
/// </summary>
internal static class SecondOrderCalls
{
    /// <summary>One method as this analysis sees it.</summary>
    internal sealed record Node(string Key, bool Wants, bool Capable, EquatableArray<string> Calls);

    /// <summary>Methods to raise to second derivatives, and those reached that cannot have them (themselves or through a callee).</summary>
    internal sealed record Plan(EquatableArray<string> Raise, EquatableArray<string> Blocked);

    public static Node? ToNode(AnalysisResult result) =>
        result.Method is null || result.Model is not { } model
            ? null
            : new Node(result.Method.Key, (model.Modes & DerivativeModes.HessianVectorProduct) != 0, model.SecondOrderCapable, CallChecker.CalledKeys(model));

    public static Plan Of(ImmutableArray<Node?> nodes, CancellationToken cancellationToken = default)
    {
        var byKey = new Dictionary<string, Node>();
        foreach (var node in nodes)
        {
            if (node is not null && !byKey.ContainsKey(node.Key))
            {
                byKey[node.Key] = node;
            }
        }

        // Every method reached from one that wants second derivatives.
        var reached = new HashSet<string>();
        var pending = new Stack<string>();
        foreach (var node in byKey.Values.Where(n => n.Wants))
        {
            foreach (var callee in node.Calls)
            {
                if (reached.Add(callee))
                {
                    pending.Push(callee);
                }
            }
        }

        while (pending.Count > 0)
        {
            cancellationToken.ThrowIfCancellationRequested();
            if (byKey.TryGetValue(pending.Pop(), out var node))
            {
                foreach (var callee in node.Calls.Where(reached.Add))
                {
                    pending.Push(callee);
                }
            }
        }

        // Blocked: cannot have them itself, or calls (transitively) one that cannot; a fixpoint along reversed calls.
        var blocked = new HashSet<string>(reached.Where(k => !byKey.TryGetValue(k, out var n) || !n.Capable));
        bool changed;
        do
        {
            cancellationToken.ThrowIfCancellationRequested();
            changed = false;
            foreach (var key in reached)
            {
                if (!blocked.Contains(key) && byKey[key].Calls.Any(blocked.Contains))
                {
                    blocked.Add(key);
                    changed = true;
                }
            }
        }
        while (changed);

        var raise = reached.Where(k => !blocked.Contains(k) && !byKey[k].Wants);
        return new Plan(
            raise.OrderBy(k => k, System.StringComparer.Ordinal).ToEquatableArray(),
            blocked.OrderBy(k => k, System.StringComparer.Ordinal).ToEquatableArray());
    }

    /// <summary>Raises the modes of a method callers need second derivatives of; GG0032 at a wanting method's calls to blocked ones.</summary>
    public static AnalysisResult Apply(AnalysisResult result, Plan plan)
    {
        if (result.Model is not { } model || result.Method is null)
        {
            return result;
        }

        if (plan.Raise.Contains(result.Method.Key))
        {
            return result with { Model = model with { Modes = model.Modes | DerivativeModes.Forward | DerivativeModes.HessianVectorProduct } };
        }

        if ((model.Modes & DerivativeModes.HessianVectorProduct) == 0 || plan.Blocked.Count == 0)
        {
            return result;
        }

        var blocked = new HashSet<string>(plan.Blocked);
        var activity = new ActivityView(model);
        var diagnostics = result.Diagnostics.ToList();
        var reported = new HashSet<int>();
        foreach (var call in CallChecker.Calls(model))
        {
            if (call.CalleeKey is { } key && blocked.Contains(key) && activity.IsActive(call) && reported.Add(call.CallSite) && call.CallSite < result.CallSites.Count)
            {
                diagnostics.Add(DiagnosticInfo.Create(DiagnosticDescriptors.NotInForwardMode, result.CallSites[call.CallSite].Location,
                    "The call '" + (result.CallSites[call.CallSite].Text ?? call.Name) + "', to a method that cannot have second derivatives (GG0032 there if it asked for them: a custom derivative, a vector-valued method, a call to such a method),",
                    model.Name, "second derivatives (HessianVectorProduct = true)", "write that code into the method, or use Forward = true (first derivatives) only"));
            }
        }

        return diagnostics.Count == result.Diagnostics.Count ? result : result with { Model = null, Diagnostics = diagnostics.ToEquatableArray() };
    }
}
