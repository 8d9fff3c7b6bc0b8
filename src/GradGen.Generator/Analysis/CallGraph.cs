using System.Collections.Immutable;
using System.Linq;
using System.Threading;
using GradGen.Generator.Helpers;
using GradGen.Generator.Model;
using GradGen.Generator.Parsing;

namespace GradGen.Generator.Analysis;

/// <summary>
/// What the whole set of differentiable methods decides for each of them: the internal pullbacks that active values
/// into [NoDerivative] parameters need (<see cref="ThroughCalls"/>), and the methods that end up with errors, whose
/// callers are reported at the call (<see cref="CallChecker"/>). One step over the collected methods: each further
/// collect-and-combine level in the pipeline multiplies the work Roslyn does to record the steps of every output when
/// step tracking is on (tests, IDE diagnostics), so both decisions share one level.
/// </summary>
internal sealed record CallGraph(ThroughCalls.Plan Through, EquatableArray<MethodIdentity> Failing)
{
    public static CallGraph Of(ImmutableArray<ParseResult> parses, ImmutableArray<AnalysisResult> results, EquatableArray<CustomDerivative> custom, CancellationToken cancellationToken)
    {
        var through = ThroughCalls.Of(parses, results, custom, cancellationToken);
        var nodes = results.Select(r => CallChecker.ToNode(ThroughCalls.Apply(r, through))).ToImmutableArray();
        return new CallGraph(through, CallChecker.Failing(nodes, cancellationToken));
    }

    /// <summary>One method with its redirected calls settled and its calls of failing methods reported.</summary>
    public AnalysisResult Check(AnalysisResult result) => CallChecker.Check(ThroughCalls.Apply(result, Through), Failing);
}
