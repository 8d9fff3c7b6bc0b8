using System.Collections.Generic;
using System.Collections.Immutable;
using System.Linq;
using System.Threading;
using GradGen.Generator.Diagnostics;
using GradGen.Generator.Helpers;
using GradGen.Generator.Model;
using GradGen.Generator.Parsing;
using Microsoft.CodeAnalysis;

namespace GradGen.Generator.Analysis;

/// <summary>One call that passes an active value to a callee's [NoDerivative] parameter, and the GG0009 it becomes if the callee's internal pullback cannot be had.</summary>
internal sealed record ThroughCall(string CalleeKey, EquatableArray<bool> Parameters, DiagnosticInfo Diagnostic);

/// <summary>
/// Active values passed to a callee's [NoDerivative] parameter. [NoDerivative] keeps that parameter out of the callee's
/// public Gradient and Pullback; it does not make the caller's derivative through it zero. When the callee's body is in
/// this compilation (and it does not dispatch virtually), the caller calls an internal pullback of the callee in which
/// every [NoDerivative] parameter of a differentiable type is differentiable, <c>__GradGen_GAllPullback</c>: the callee
/// analysed again with those parameters active (its "all" variant). What that variant calls the same way needs its own
/// variant, so variants are found by a worklist (a recursive method's variant calls itself). Where a variant has errors,
/// or calls a method with errors, its callers get GG0009 at the call, as before.
/// </summary>
internal static class ThroughCalls
{
    private const string Suffix = " all";

    /// <summary>The variants to emit, and the callees whose variant fails.</summary>
    internal sealed record Plan(EquatableArray<MethodModel> Variants, EquatableArray<string> Failing);

    /// <summary>
    /// Which parameters of <paramref name="target"/> an internal pullback can differentiate: [NoDerivative] ones of a
    /// differentiable one-index type. Empty for a callee without a body here, a virtual, abstract or overriding one (the
    /// pullback would not follow the dispatch), or one in an interface.
    /// </summary>
    public static EquatableArray<bool> Parameters(IMethodSymbol target)
    {
        var method = target.OriginalDefinition;
        if (method.IsVirtual || method.IsAbstract || method.IsOverride || method.IsExtern || method.IsPartialDefinition && method.PartialImplementationPart is null
            || method.ContainingType is null || method.ContainingType.TypeKind == TypeKind.Interface
            || !method.DeclaringSyntaxReferences.Any())
        {
            return EquatableArray<bool>.Empty;
        }

        var mask = method.Parameters.Select(p =>
            p.RefKind is RefKind.None or RefKind.In or RefKind.RefReadOnlyParameter
            && (p.Type.SpecialType is SpecialType.System_Double or SpecialType.System_Single || TypeRefs.From(p.Type) is { IsRealCollection: true, IsTwoIndex: false })
            && SymbolNames.HasAttribute(p, SymbolNames.NoDerivativeAttribute)
            && !SymbolNames.HasAttribute(p, SymbolNames.DifferentiableOutputAttribute)).ToArray();
        return mask.Any(m => m) ? mask.ToEquatableArray() : EquatableArray<bool>.Empty;
    }

    /// <summary>The name of the internal pullback of the callee <paramref name="name"/> (reserved: GG0020 for user members with the prefix).</summary>
    public static string PullbackName(string name) => "__GradGen_" + name.TrimStart('@') + "AllPullback";

    /// <summary>
    /// Takes out of <paramref name="losses"/> the GG0009 losses an internal pullback of the callee can avoid, and
    /// redirects those calls to it. Returns the calls redirected (empty: nothing changed).
    /// </summary>
    public static List<ThroughCall> Redirect(ref IReadOnlyList<Stmt> body, List<SoundnessRule.Loss> losses, System.Func<SoundnessRule.Loss, DiagnosticInfo> report)
    {
        var calls = new Dictionary<int, DifferentiableCallExpr>();
        foreach (var call in CallChecker.Calls(body))
        {
            calls[call.CallSite] = call;
        }

        var through = new List<ThroughCall>();
        var sites = new HashSet<int>();
        foreach (var loss in losses.ToList())
        {
            if (loss.Kind == SoundnessRule.Kind.ToNoDerivativeParameter && calls.TryGetValue(loss.Site, out var call)
                && call.CalleeKey is { } key && loss.Input < call.ThroughParameters.Count && call.ThroughParameters[loss.Input])
            {
                losses.Remove(loss);
                sites.Add(loss.Site);
                through.Add(new ThroughCall(key, call.ThroughParameters, report(loss)));
            }
        }

        if (sites.Count > 0)
        {
            body = ModelRewriter.Rewrite(body, expr => expr is DifferentiableCallExpr call && sites.Contains(call.CallSite) && call.ThroughParameters.Count > 0
                ? call with
                {
                    DifferentiableParameters = call.DifferentiableParameters.Zip(call.ThroughParameters, (a, b) => a || b).ToEquatableArray(),
                    PullbackName = PullbackName(call.Name),
                }
                : null);
        }

        return through;
    }

    /// <summary>GG0032 at each redirected call of a method with forward mode: the callee has no forward counterpart of its internal pullback.</summary>
    public static void RefuseForward(ParseResult parse, MethodModel model, IEnumerable<ThroughCall> through, List<DiagnosticInfo> diagnostics)
    {
        if (model.Modes == DerivativeModes.Reverse && !model.IsVectorValued)
        {
            return;
        }

        foreach (var call in through)
        {
            diagnostics.Add(DiagnosticInfo.Create(DiagnosticDescriptors.NotInForwardMode, call.Diagnostic.Location,
                "A call that passes a value depending on a differentiable parameter to a [NoDerivative] parameter", model.Name,
                (model.Modes & DerivativeModes.HessianVectorProduct) != 0 ? "second derivatives (HessianVectorProduct = true)" : "forward mode (Forward = true)",
                "remove [NoDerivative] from the callee's parameter, or use the reverse mode only"));
        }
    }

    /// <summary>Every variant the methods' calls need (transitively), analysed, and those that fail (errors, or calls of methods with errors).</summary>
    public static Plan Of(ImmutableArray<ParseResult> parses, ImmutableArray<AnalysisResult> results, EquatableArray<CustomDerivative> custom, CancellationToken cancellationToken = default)
    {
        var pending = new Queue<ThroughCall>(results.SelectMany(r => r.ThroughCalls));
        if (pending.Count == 0)
        {
            return new Plan(EquatableArray<MethodModel>.Empty, EquatableArray<string>.Empty);
        }

        var byKey = new Dictionary<string, ParseResult>();
        foreach (var parse in parses)
        {
            if (parse.Method is { } method && !byKey.ContainsKey(method.Key))
            {
                byKey.Add(method.Key, parse);
            }
        }

        var nodes = results.Select(r => Node(r, r.Method)).ToList();
        var variants = new Dictionary<string, AnalysisResult>();
        while (pending.Count > 0)
        {
            cancellationToken.ThrowIfCancellationRequested();
            var request = pending.Dequeue();
            if (variants.ContainsKey(request.CalleeKey))
            {
                continue;
            }

            var variant = byKey.TryGetValue(request.CalleeKey, out var parse) && Variant(parse, request.Parameters) is { } variantParse
                ? MethodAnalyzer.Analyze(variantParse, custom, cancellationToken)
                : new AnalysisResult(null, EquatableArray<DiagnosticInfo>.Empty);
            variants.Add(request.CalleeKey, variant);
            nodes.Add(Node(variant, new MethodIdentity(request.CalleeKey + Suffix, request.CalleeKey, null)));
            foreach (var next in variant.ThroughCalls)
            {
                pending.Enqueue(next);
            }
        }

        var failing = new HashSet<string>(CallChecker.Failing(nodes.ToImmutableArray(), cancellationToken).Select(m => m.Key));
        var failed = variants.Keys.Where(k => failing.Contains(k + Suffix)).OrderBy(k => k, System.StringComparer.Ordinal).ToEquatableArray();
        var models = variants.Where(v => !failing.Contains(v.Key + Suffix) && v.Value.Model is not null)
            .OrderBy(v => v.Key, System.StringComparer.Ordinal).Select(v => v.Value.Model!).ToEquatableArray();
        return new Plan(models, failed);
    }

    /// <summary>GG0009 back at the calls whose callee's variant fails; the method then gets no code, and its callers GG0016.</summary>
    public static AnalysisResult Apply(AnalysisResult result, Plan plan)
    {
        if (result.Model is null || result.ThroughCalls.Count == 0 || plan.Failing.Count == 0)
        {
            return result;
        }

        var failing = new HashSet<string>(plan.Failing);
        var lost = result.ThroughCalls.Where(c => failing.Contains(c.CalleeKey)).Select(c => c.Diagnostic).ToList();
        return lost.Count == 0 ? result : result with { Model = null, Diagnostics = result.Diagnostics.Concat(lost).Distinct().ToEquatableArray() };
    }

    /// <summary>A node of the call graph: the method's active calls, and the variants its redirected calls need.</summary>
    private static CallChecker.Node? Node(AnalysisResult result, MethodIdentity? method) =>
        method is null ? null : new CallChecker.Node(method, result.Model is null,
            result.Model is null ? EquatableArray<string>.Empty
                : CallChecker.CalledKeys(result.Model).Concat(result.ThroughCalls.Select(c => c.CalleeKey + Suffix)).Distinct().ToEquatableArray());

    /// <summary>The callee parsed as if the parameters of <paramref name="mask"/> had no [NoDerivative]: reverse mode only, its pullback internal under the reserved name.</summary>
    private static ParseResult? Variant(ParseResult parse, EquatableArray<bool> mask)
    {
        if (parse.Model is not { } model || model.IsVectorValued || mask.Count != model.Parameters.Count)
        {
            return null;
        }

        var taken = new HashSet<string>(model.Variables.Select(v => v.Name).Concat(model.Parameters.Select(p => p.Name))
            .Concat(model.Parameters.Where(p => p.IsDifferentiable).Select(p => p.GradientName!))) { model.SeedName };
        var parameters = new List<ParameterModel>();
        for (var i = 0; i < model.Parameters.Count; i++)
        {
            var parameter = model.Parameters[i];
            if (mask[i] && !parameter.IsDifferentiable)
            {
                var name = Naming.Unique(Naming.GradientName(parameter.Name), taken);
                taken.Add(name);
                parameter = parameter with { GradientName = name };
            }

            parameters.Add(parameter);
        }

        return parse with
        {
            Model = model with
            {
                // '+All' after the method's name: no method's own hint name ends so (a '+' only joins nested types).
                HintName = model.HintName.EndsWith(".g.cs", System.StringComparison.Ordinal)
                    ? model.HintName.Substring(0, model.HintName.Length - ".g.cs".Length) + "+All.g.cs"
                    : model.HintName + "+All",
                Parameters = parameters.ToEquatableArray(),
                Modes = DerivativeModes.Reverse,
                Accessibility = "internal",
                PullbackModifiers = string.Empty,
            },
        };
    }
}
