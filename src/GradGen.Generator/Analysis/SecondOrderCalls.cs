using System.Collections.Generic;
using System.Collections.Immutable;
using System.Linq;
using System.Threading;
using GradGen.Generator.Diagnostics;
using GradGen.Generator.Helpers;
using GradGen.Generator.Model;

namespace GradGen.Generator.Analysis;

/// <summary>
/// Modes through calls. A method with <c>HessianVectorProduct = true</c> that calls another [Differentiable] method G
/// needs, for the reverse sweep of its tangent, G's Hessian-vector product: so G (and what G calls, transitively) gets
/// second derivatives too, as if it asked for them; where one of them cannot have them (a custom derivative, a
/// vector-valued method, an error, a name taken), the caller gets GG0032 at its call instead. A method with forward mode
/// is faster through G's Pushforward than through G's Pullback: so G gets forward mode too where it can have it, and the
/// calls of G are marked (<see cref="DifferentiableCallExpr.HasPushforward"/>); where it cannot, the Pullback serves.
/// </summary>
internal static class SecondOrderCalls
{
    /// <summary>One method as this analysis sees it.</summary>
    internal sealed record Node(string Key, DerivativeModes Wants, DerivativeModes Capable, EquatableArray<string> Calls);

    /// <summary>Methods to raise to forward mode and to second derivatives, those reached that cannot have second derivatives, and every method with a Pushforward.</summary>
    internal sealed record Plan(EquatableArray<string> RaiseForward, EquatableArray<string> RaiseSecond, EquatableArray<string> Blocked, EquatableArray<string> WithPushforward);

    public static Node? ToNode(AnalysisResult result) =>
        result.Method is null || result.Model is not { } model
            ? null
            : new Node(result.Method.Key, model.IsVectorValued ? model.Modes | DerivativeModes.Forward : model.Modes, model.Capable, CallChecker.CalledKeys(model));

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

        bool Has(string key, DerivativeModes mode) => byKey.TryGetValue(key, out var n) && (n.Capable & mode) != 0;

        // Second derivatives: every method reached from one that wants them; blocked where it, or a callee, cannot.
        var reached = Reach(byKey, byKey.Values.Where(n => (n.Wants & DerivativeModes.HessianVectorProduct) != 0), _ => true, cancellationToken);
        var blocked = new HashSet<string>(reached.Where(k => !Has(k, DerivativeModes.HessianVectorProduct)));
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

        var raiseSecond = new HashSet<string>(reached.Where(k => !blocked.Contains(k) && (byKey[k].Wants & DerivativeModes.HessianVectorProduct) == 0));

        // Forward mode: every method reached from one with forward mode through methods that can have it.
        var forward = Reach(byKey, byKey.Values.Where(n => (n.Wants & DerivativeModes.Forward) != 0), k => Has(k, DerivativeModes.Forward), cancellationToken);
        var raiseForward = new HashSet<string>(forward.Where(k => (byKey[k].Wants & DerivativeModes.Forward) == 0 && !raiseSecond.Contains(k)));
        var withPushforward = new HashSet<string>(byKey.Values.Where(n => (n.Wants & DerivativeModes.Forward) != 0).Select(n => n.Key));
        withPushforward.UnionWith(raiseForward);
        withPushforward.UnionWith(raiseSecond);
        return new Plan(Sorted(raiseForward), Sorted(raiseSecond), Sorted(blocked), Sorted(withPushforward));
    }

    /// <summary>The callees reached from <paramref name="from"/> (not themselves), following only callees <paramref name="through"/> accepts.</summary>
    private static HashSet<string> Reach(Dictionary<string, Node> byKey, IEnumerable<Node> from, System.Func<string, bool> through, CancellationToken cancellationToken)
    {
        var reached = new HashSet<string>();
        var pending = new Stack<string>();
        foreach (var node in from)
        {
            foreach (var callee in node.Calls.Where(through))
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
                foreach (var callee in node.Calls.Where(through).Where(reached.Add))
                {
                    pending.Push(callee);
                }
            }
        }

        return reached;
    }

    private static EquatableArray<string> Sorted(IEnumerable<string> keys) => keys.OrderBy(k => k, System.StringComparer.Ordinal).ToEquatableArray();

    /// <summary>
    /// Raises the modes of a method its callers need; marks, in a method with forward mode, its calls of methods with a
    /// Pushforward; GG0032 at a method's calls of methods that cannot have the second derivatives it wants.
    /// </summary>
    public static AnalysisResult Apply(AnalysisResult result, Plan plan)
    {
        if (result.Model is not { } model || result.Method is null)
        {
            return result;
        }

        var key = result.Method.Key;
        var modes = model.Modes
            | (plan.RaiseForward.Contains(key) ? DerivativeModes.Forward : DerivativeModes.Reverse)
            | (plan.RaiseSecond.Contains(key) ? DerivativeModes.Forward | DerivativeModes.HessianVectorProduct : DerivativeModes.Reverse);
        if (modes != model.Modes)
        {
            model = model with { Modes = modes };
        }

        if (((modes & DerivativeModes.Forward) != 0 || model.IsVectorValued) && plan.WithPushforward.Count > 0)
        {
            var withPushforward = new HashSet<string>(plan.WithPushforward);
            var body = ModelRewriter.Rewrite(model.Body, expr => expr is DifferentiableCallExpr { HasPushforward: false, CalleeKey: { } callee } call && withPushforward.Contains(callee)
                ? call with { HasPushforward = true }
                : null);
            model = model with { Body = body };
        }

        result = result with { Model = model };
        if ((model.Modes & DerivativeModes.HessianVectorProduct) == 0 || plan.Blocked.Count == 0 || plan.RaiseSecond.Contains(key))
        {
            return result;
        }

        var blocked = new HashSet<string>(plan.Blocked);
        var activity = new ActivityView(model);
        var diagnostics = result.Diagnostics.ToList();
        var reported = new HashSet<int>();
        foreach (var call in CallChecker.Calls(model))
        {
            if (call.CalleeKey is { } callee && blocked.Contains(callee) && activity.IsActive(call) && reported.Add(call.CallSite) && call.CallSite < result.CallSites.Count)
            {
                diagnostics.Add(DiagnosticInfo.Create(DiagnosticDescriptors.NotInForwardMode, result.CallSites[call.CallSite].Location,
                    "The call '" + (result.CallSites[call.CallSite].Text ?? call.Name) + "', to a method that cannot have second derivatives (GG0032 there if it asked for them: a custom derivative, a vector-valued method, a call to such a method),",
                    model.Name, "second derivatives (HessianVectorProduct = true)", "write that code into the method, or use Forward = true (first derivatives) only"));
            }
        }

        return diagnostics.Count == result.Diagnostics.Count ? result : result with { Model = null, Diagnostics = diagnostics.ToEquatableArray() };
    }
}
