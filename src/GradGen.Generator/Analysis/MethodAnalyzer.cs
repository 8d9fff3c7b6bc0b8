using System.Collections.Generic;
using System.Linq;
using GradGen.Generator.Diagnostics;
using GradGen.Generator.Differentiation;
using GradGen.Generator.Helpers;
using GradGen.Generator.Model;

namespace GradGen.Generator.Analysis;

/// <summary>
/// The step between parsing and emission, run once the custom derivatives of the whole compilation are known:
/// calls to methods with a [DerivativeOf] pullback become differentiable calls, activity analysis runs, calls that
/// would lose a derivative are reported (or, when the method opted in, differentiated numerically with a warning).
/// It sees only equatable data, so an edit elsewhere that changes nothing here leaves the output cached.
/// </summary>
internal static class MethodAnalyzer
{
    public static AnalysisResult Analyze(ParseResult parse, EquatableArray<CustomDerivative> customDerivatives)
    {
        if (parse.Model is not { } model)
        {
            return new AnalysisResult(null, parse.Diagnostics);
        }

        var diagnostics = parse.Diagnostics.ToList();
        var derivatives = new Dictionary<string, CustomDerivative>();
        foreach (var derivative in customDerivatives)
        {
            if (!derivatives.ContainsKey(derivative.Key))
            {
                derivatives.Add(derivative.Key, derivative);
            }
        }

        var body = ModelRewriter.Rewrite(model.Body, expr =>
            expr is OpaqueExpr { IsInvocation: true, CalleeKey: { } key, Target: { } target, Receiver: null } call
            && derivatives.TryGetValue(key, out var custom)
                ? new DifferentiableCallExpr(target, call.Member, call.Arguments, call.RealParameters, call.CallSite, call.Type, custom.PullbackTarget, custom.PullbackName)
                : null);

        var differentiable = model.Parameters.Where(p => p.IsDifferentiable).Select(p => p.VariableId).ToList();
        var numeric = new HashSet<int>();
        ActivityAnalysis activity;
        List<ActivityAnalysis.BlockingCall> blocking;
        while (true)
        {
            activity = ActivityAnalysis.Run(model.Variables, body, differentiable);
            blocking = ActivityAnalysis.FindCallsWithoutDerivative(body, activity).ToList();
            if (!parse.FiniteDifferenceFallback)
            {
                break;
            }

            // Opted in: every call that would lose a derivative and can be differentiated numerically is, and the
            // analysis runs again (its result is now active, which may reach further calls).
            var convert = new HashSet<int>(blocking.Where(b => !b.ToNoDerivativeParameter).Select(b => b.CallSite));
            convert.ExceptWith(numeric);
            var converted = false;
            var current = activity;
            body = ModelRewriter.Rewrite(body, expr =>
            {
                if (expr is OpaqueExpr { IsInvocation: true, Target: { } target, Receiver: null } call && convert.Contains(call.CallSite) && call.Type.IsReal
                    && call.Arguments.All(a => !current.IsActive(a) || a.Type.IsReal))
                {
                    numeric.Add(call.CallSite);
                    converted = true;
                    return new NumericCallExpr(target, call.Member, call.Arguments, call.Type);
                }

                return null;
            });
            if (!converted)
            {
                break;
            }
        }

        foreach (var site in numeric.OrderBy(s => s))
        {
            var callSite = parse.CallSites[site];
            diagnostics.Add(DiagnosticInfo.Create(DiagnosticDescriptors.FiniteDifferenceFallback, callSite.Location, callSite.Callee, model.Name));
        }

        foreach (var site in blocking)
        {
            var callSite = parse.CallSites[site.CallSite];
            diagnostics.Add(site.ToNoDerivativeParameter
                ? DiagnosticInfo.Create(
                    DiagnosticDescriptors.ActiveArgumentToNoDerivativeParameter,
                    callSite.Location,
                    callSite.Callee,
                    callSite.ArgumentTexts[site.ArgumentIndex],
                    model.Name,
                    callSite.ParameterNames[site.ArgumentIndex])
                : DiagnosticInfo.Create(
                    DiagnosticDescriptors.NoKnownDerivative,
                    callSite.Location,
                    callSite.Callee,
                    callSite.ArgumentTexts[site.ArgumentIndex],
                    model.Name));
        }

        var result = diagnostics.ToEquatableArray();
        if (diagnostics.Any(d => d.Descriptor.DefaultSeverity == Microsoft.CodeAnalysis.DiagnosticSeverity.Error))
        {
            return new AnalysisResult(null, result);
        }

        var variables = model.Variables.Select(v => v with { IsActive = activity.IsActive(v.Id) }).ToEquatableArray();
        return new AnalysisResult(model with { Variables = variables, Body = body }, result);
    }
}
