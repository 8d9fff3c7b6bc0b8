using System.Collections.Generic;
using System.Linq;
using GradGen.Generator.Helpers;
using GradGen.Generator.Model;

namespace GradGen.Generator.Differentiation.Forward;

/// <summary>
/// One call <c>y = G(a)</c> of a forward model that the reverse sweep differentiates: its tangent
/// <c>dy = ∇G(a)·da</c> becomes a call of a private helper <c>T(a, da)</c> whose pullback, <c>P(a, da, s, ā, d̄a)</c>,
/// adds s·H_G·da to ā and s·∇G to d̄a, both from one <c>GHessianVectorProduct</c>. <see cref="Tangents"/> says which
/// arguments have a tangent (the helper takes only those; the others are zero).
/// </summary>
internal sealed record TangentHelper(DifferentiableCallExpr Call, EquatableArray<bool> Tangents, string Name, string PullbackName, bool IsStatic);

/// <summary>
/// Rewrites the <see cref="TangentCallStmt"/>s of a forward model into two ordinary assignments, the value through G
/// (whose Pullback the reverse sweep knows) and the tangent through a helper, so that the <see cref="AdjointWriter"/>
/// can differentiate the forward model without knowing tangent calls. Used for Hessian-vector products.
/// </summary>
internal static class TangentCallLowering
{
    public static (MethodModel Model, List<TangentHelper> Helpers) Lower(MethodModel model, string helperPrefix, string staticTarget)
    {
        var helpers = new List<TangentHelper>();
        EquatableArray<Stmt> Block(EquatableArray<Stmt> statements)
        {
            var output = new List<Stmt>();
            foreach (var statement in statements)
            {
                switch (statement)
                {
                    case TangentCallStmt call:
                        output.AddRange(Lowered(call));
                        break;
                    case IfStmt branch:
                        output.Add(branch with { Then = Block(branch.Then), Else = Block(branch.Else) });
                        break;
                    case LoopStmt loop:
                        output.Add(loop with { Body = Block(loop.Body), Increment = Block(loop.Increment) });
                        break;
                    default:
                        output.Add(statement);
                        break;
                }
            }

            return output.ToEquatableArray();
        }

        IEnumerable<Stmt> Lowered(TangentCallStmt statement)
        {
            var call = statement.Call;
            var index = helpers.Count.ToString(System.Globalization.CultureInfo.InvariantCulture);
            var isStatic = call.Target is not ("this" or "base");
            var helper = new TangentHelper(call, statement.HasTangent, helperPrefix + "Tangent" + index, helperPrefix + "TangentPullback" + index, isStatic);
            helpers.Add(helper);
            var tangents = statement.ArgumentTangents.Where((_, i) => statement.HasTangent[i]).ToList();
            var target = isStatic ? staticTarget : "this";
            var tangentCall = new DifferentiableCallExpr(
                target,
                helper.Name,
                call.Arguments.Concat(tangents).ToEquatableArray(),
                call.DifferentiableParameters.Concat(tangents.Select(_ => true)).ToEquatableArray(),
                call.CallSite,
                call.Type,
                target,
                helper.PullbackName);
            yield return new AssignStmt(statement.ResultId, call, statement.IsDeclaration, statement.Source);
            yield return new AssignStmt(statement.TangentId, tangentCall, statement.IsDeclaration, "tangent of " + statement.Source);
        }

        var body = Block(model.Body);
        return (model with { Body = body }, helpers);
    }
}
