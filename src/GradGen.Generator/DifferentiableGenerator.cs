using System.Collections.Generic;
using System.Collections.Immutable;
using System.Linq;
using GradGen.Generator.Analysis;
using GradGen.Generator.Diagnostics;
using GradGen.Generator.Emission;
using GradGen.Generator.Helpers;
using GradGen.Generator.Model;
using GradGen.Generator.Parsing;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp.Syntax;

namespace GradGen.Generator;

/// <summary>
/// Writes <c>FGradient</c> and <c>FPullback</c> for every method marked [Differentiable].
/// The parser is the only step that sees symbols; what flows on is equatable data, so an unchanged
/// method keeps its cached output and its diagnostics.
/// </summary>
[Generator(LanguageNames.CSharp)]
public sealed class DifferentiableGenerator : IIncrementalGenerator
{
    /// <summary>The parse cache of the last pipeline this instance initialised; for tests.</summary>
    internal ParseCache? Cache { get; private set; }

    public void Initialize(IncrementalGeneratorInitializationContext context)
    {
        // Per pipeline: a driver's reruns reuse the results of methods whose binding cannot have changed.
        var cache = Cache = new ParseCache();
        var parsed = context.SyntaxProvider
            .ForAttributeWithMetadataName(
                SymbolNames.DifferentiableAttribute,
                static (node, _) => node is MethodDeclarationSyntax,
                (context, cancellationToken) => cache.GetOrParse(context, cancellationToken))
            .WithTrackingName(TrackingNames.Parse);

        // [DerivativeOf] methods anywhere in the compilation; the analysis of every differentiable method sees
        // them as one equatable list (without locations, so moving a derivative does not re-analyse anything).
        var customResults = context.SyntaxProvider
            .ForAttributeWithMetadataName(
                CustomDerivativeParser.DerivativeOfAttribute,
                static (node, _) => node is MethodDeclarationSyntax,
                static (context, cancellationToken) => CustomDerivativeParser.Parse(context, cancellationToken))
            .WithTrackingName(TrackingNames.CustomDerivatives);
        var allCustom = customResults.Collect();
        var customDerivatives = allCustom
            .Select(static (results, _) => results.Where(r => r.Derivative is not null).Select(r => r.Derivative!).ToEquatableArray())
            .WithTrackingName(TrackingNames.CustomDerivativeList);

        var analyzedAlone = parsed
            .Combine(customDerivatives)
            .Select(static (pair, cancellationToken) => MethodAnalyzer.Analyze(pair.Left, pair.Right, cancellationToken))
            .WithTrackingName(TrackingNames.Analysis);

        // Decided over all methods at once (CallGraph): active values into a callee's [NoDerivative] parameters go
        // through an internal pullback of the callee (ThroughCalls; where it cannot be had, the call is GG0009 again),
        // and a method that calls a [Differentiable] method with errors (which gets no Pullback) is reported at the
        // call instead of getting code that cannot compile. The call graph is small equatable data.
        var callGraph = parsed.Collect()
            .Combine(analyzedAlone.Collect())
            .Combine(customDerivatives)
            .Select(static (pair, cancellationToken) => CallGraph.Of(pair.Left.Left, pair.Left.Right, pair.Right, cancellationToken))
            .WithTrackingName(TrackingNames.FailingMethods);
        var throughPlan = callGraph
            .Select(static (graph, _) => graph.Through)
            .WithTrackingName(TrackingNames.ThroughPlan);
        context.RegisterSourceOutput(throughPlan, static (output, plan) =>
        {
            foreach (var variant in plan.Variants)
            {
                output.AddSource(variant.HintName, ThroughEmitter.Emit(variant, output.CancellationToken));
            }
        });

        var checkedCalls = analyzedAlone
            .Combine(callGraph)
            .Select(static (pair, _) => pair.Right.Check(pair.Left))
            .WithTrackingName(TrackingNames.CallCheck);

        // Second derivatives through calls: the callees of a method that wants them get them too (SecondOrderCalls).
        var secondOrder = checkedCalls
            .Select(static (result, _) => SecondOrderCalls.ToNode(result))
            .Collect()
            .Select(static (nodes, cancellationToken) => SecondOrderCalls.Of(nodes, cancellationToken))
            .WithTrackingName(TrackingNames.SecondOrderPlan);
        var analyzed = checkedCalls
            .Combine(secondOrder)
            .Select(static (pair, _) => SecondOrderCalls.Apply(pair.Left, pair.Right))
            .WithTrackingName(TrackingNames.SecondOrder);

        // Diagnostics are carried as plain data; at the output they are put back into the compilation's own syntax
        // trees, so #pragma and editors treat them as in-source diagnostics. Only this cheap step sees the compilation.
        var diagnostics = analyzed
            .Select(static (result, _) => result.Diagnostics)
            .WithTrackingName(TrackingNames.Diagnostics);
        context.RegisterSourceOutput(diagnostics.Combine(context.CompilationProvider), static (output, pair) =>
        {
            foreach (var diagnostic in pair.Left)
            {
                output.ReportDiagnostic(diagnostic.ToDiagnostic(pair.Right));
            }
        });

        // Overrides that are not [Differentiable] of methods that are (they would inherit the base's gradient).
        var overrides = context.SyntaxProvider
            .CreateSyntaxProvider(static (node, _) => OverrideChecker.IsCandidate(node), static (context, cancellationToken) => OverrideChecker.Check(context, cancellationToken))
            .Where(static diagnostic => diagnostic is not null)
            .WithTrackingName(TrackingNames.Overrides);
        context.RegisterSourceOutput(overrides.Combine(context.CompilationProvider), static (output, pair) =>
            output.ReportDiagnostic(pair.Left!.ToDiagnostic(pair.Right)));

        var customDiagnostics = allCustom.Select(static (results, _) => CustomDerivativeDiagnostics(results));
        context.RegisterSourceOutput(customDiagnostics.Combine(context.CompilationProvider), static (output, pair) =>
        {
            foreach (var diagnostic in pair.Left)
            {
                output.ReportDiagnostic(diagnostic.ToDiagnostic(pair.Right));
            }
        });

        var models = analyzed
            .Select(static (result, _) => result.Model)
            .Where(static model => model is not null)
            .WithTrackingName(TrackingNames.Model);
        context.RegisterSourceOutput(models, static (output, model) =>
            output.AddSource(model!.HintName, SourceEmitter.Emit(model, output.CancellationToken)));
    }

    /// <summary>Each [DerivativeOf] method's own errors, and one for every second derivative of the same method.</summary>
    private static EquatableArray<DiagnosticInfo> CustomDerivativeDiagnostics(ImmutableArray<CustomDerivativeResult> results)
    {
        var diagnostics = new List<DiagnosticInfo>();
        var first = new Dictionary<string, CustomDerivativeResult>();
        foreach (var result in results)
        {
            diagnostics.AddRange(result.Diagnostics);
            if (result.Derivative is not { } derivative)
            {
                continue;
            }

            if (first.TryGetValue(derivative.Key, out var earlier))
            {
                diagnostics.Add(DiagnosticInfo.Create(DiagnosticDescriptors.DuplicateCustomDerivative, result.Location, result.DerivativeName, result.TargetName, earlier.DerivativeName));
            }
            else
            {
                first.Add(derivative.Key, result);
            }
        }

        return diagnostics.ToEquatableArray();
    }
}

/// <summary>Names of the pipeline steps, for incremental-caching tests.</summary>
public static class TrackingNames
{
    public const string Parse = nameof(Parse);
    public const string Diagnostics = nameof(Diagnostics);
    public const string Model = nameof(Model);
    public const string CustomDerivatives = nameof(CustomDerivatives);
    public const string CustomDerivativeList = nameof(CustomDerivativeList);
    public const string Analysis = nameof(Analysis);
    public const string FailingMethods = nameof(FailingMethods);
    public const string CallCheck = nameof(CallCheck);
    public const string Overrides = nameof(Overrides);
    public const string SecondOrderPlan = nameof(SecondOrderPlan);
    public const string SecondOrder = nameof(SecondOrder);
    public const string ThroughPlan = nameof(ThroughPlan);
}
