using System.Collections.Generic;
using System.Threading;
using GradGen.Generator.Analysis;
using GradGen.Generator.Helpers;
using GradGen.Generator.Model;

namespace GradGen.Generator.Differentiation;

/// <summary>
/// What the reverse transform asks about a method whatever it writes (a Gradient or a Pullback): activity, loop shapes,
/// which loops are fused, which writes must be recorded and which local arrays are pooled. None of it depends on the sweep's mode, so the Gradient and
/// the Pullback of a method share one (the record analysis' searches are remembered across both).
/// </summary>
internal sealed class AdjointAnalyses
{
    private AdjointAnalyses(ActivityView activity, LoopShapes loops, HashSet<LoopStmt> fused, RecordAnalysis records, HashSet<int> pooled)
    {
        Pooled = pooled;
        Activity = activity;
        Loops = loops;
        Fused = fused;
        Records = records;
    }

    public ActivityView Activity { get; }

    public LoopShapes Loops { get; }

    public HashSet<LoopStmt> Fused { get; }

    public RecordAnalysis Records { get; }

    /// <summary>The local arrays declared as spans over pooled arrays (<see cref="PooledArrays"/>).</summary>
    public HashSet<int> Pooled { get; }

    /// <param name="returnedValue">What the generated method returns where it is not the model's return (see <see cref="AdjointWriter"/>).</param>
    public static AdjointAnalyses Of(LoopFusion.Plan fusion, CancellationToken cancellationToken = default, Expr? returnedValue = null)
    {
        var model = fusion.Model;
        var fused = new HashSet<LoopStmt>(fusion.Loops, ReferenceComparer<LoopStmt>.Instance);
        var activity = new ActivityView(model);
        var loops = fusion.Shapes ?? new LoopShapes(model);
        return new AdjointAnalyses(activity, loops, fused, new RecordAnalysis(model.Body, activity, loops, fused, cancellationToken), PooledArrays.Of(model, returnedValue));
    }
}
