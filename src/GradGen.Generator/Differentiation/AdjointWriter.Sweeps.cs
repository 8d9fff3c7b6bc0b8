using System;
using System.Collections.Generic;
using System.Linq;
using GradGen.Generator.Differentiation.Adjoint;
using GradGen.Generator.Helpers;
using GradGen.Generator.Model;

namespace GradGen.Generator.Differentiation;

/// <summary>
/// The method-level shape (<see cref="AdjointMethod"/>): the sweeps are built first (<see cref="BuildSweeps"/>) and
/// cleaned up, then what the method declares, checks and releases around them.
/// </summary>
internal sealed partial class AdjointWriter
{
    /// <summary>The whole method body, for <see cref="Emission.AdjointMethodPrinter"/> to print.</summary>
    public AdjointMethod Build()
    {
        var sweeps = BuildSweeps();
        var checks = _mode == SweepMode.Core ? null : Checks();

        // With fused loops or top-level slots, the calls come before the forward sweep (AdjointMethod.CallsFirst).
        var callsFirst = sweeps.Fused is not null || _storage.SlotArrays.Any(slots => !slots.InFusedBody);
        var clears = GradientClears(sweeps.ReverseNames);
        OutputSeed? seed = null;
        if (_outputSeed is not null && _model.IsVectorValued && _activity.IsActive(_model.OutputId))
        {
            var output = _model.Variables[_model.OutputId];
            var rented = _names.FreshNumbered("_rented");
            _storage.Rent(output.Type.Element!.Text, rented);
            seed = new OutputSeed(output.Type.Element!.Text, _names.Variable(_model.OutputId), rented, AdjointName(_model.OutputId), _outputSeed);
        }

        var guarded = _storage.Tapes.Count > 0 || _storage.Rented.Count > 0 || _storage.SlotArrays.Count > 0;
        KeptOutputs? kept = null;
        if (_outputSeed is not null && _model.IsVectorValued)
        {
            kept = new KeptOutputs(_model.Variables[_model.OutputId].Type.Element!.Text, _names.Variable(_model.OutputId), _names.FreshNumbered("_outputs"));
        }

        return new AdjointMethod(
            checks,
            _storage.Tapes,
            callsFirst,
            clears,
            _mode == SweepMode.Gradient && _model.Parameters.Any(p => p.IsDifferentiable),
            _storage.SlotArrays,
            seed,
            _storage.Prologue,
            guarded,
            kept,
            sweeps,
            _fused.Count,
            AdjointLocalDeclarations(sweeps),
            CopyOuts(sweeps.ReverseNames),
            _storage.Rented,
            _valueName);
    }

    private Sweeps BuildSweeps()
    {
        var body = _model.Body;
        var fusedFrom = _fused.Count == 0 ? body.Count : body.Count - 1 - _fused.Count * 2;
        var (forward, reverseSweep) = VisitBlock(body.Take(fusedFrom).ToList(), depth: 0, loops: 0);
        LineList? fused = null;
        LineList? returnReverse = null;
        LineList? value = null;
        if (fusedFrom < body.Count)
        {
            fused = new LineList();
            Func<LineList> returnSweep;
            (value, returnSweep) = VisitBlock(new[] { body[body.Count - 1] }, depth: 0, loops: 0);
            returnReverse = returnSweep();
            for (var i = fusedFrom; i < body.Count - 1; i++)
            {
                if (body[i] is LoopStmt loop && _fused.Contains(loop))
                {
                    fused.Append(VisitFusedLoop(loop));
                }
                else
                {
                    // The counter's initialisation (an int declaration, nothing to reverse), under the loop's header.
                    if (fused.Count > 0)
                    {
                        fused.Blank();
                    }

                    fused.Comment(body[i + 1].Source + ": each iteration forward, then its reverse");
                    fused.Append(VisitBlock(new[] { body[i] }, depth: 0, loops: 0).Forward);
                }
            }
        }

        var reverse = reverseSweep();
        Peephole(reverse);
        if (returnReverse is not null)
        {
            Peephole(returnReverse);
        }

        var reverseNames = new HashSet<string>(StringComparer.Ordinal);
        foreach (var lines in new[] { reverse, returnReverse, fused })
        {
            lines?.AddNamesTo(reverseNames);
        }

        return new Sweeps(forward, reverse, fused, returnReverse, value, reverseNames);
    }

    /// <summary>Adjoint locals the reverse lines read, declared before them unless declared at their first update.</summary>
    private List<Line> AdjointLocalDeclarations(Sweeps sweeps)
    {
        var declaredAtFirstUpdate = AdjointLocals.DeclareAtFirstUpdate(
            sweeps.ReturnReverse is null ? new[] { sweeps.Reverse } : new[] { sweeps.ReturnReverse, sweeps.Fused!, sweeps.Reverse }, _adjointLocals);
        var declarations = new List<Line>();
        foreach (var (type, name) in _adjointLocals)
        {
            if (sweeps.ReverseNames.Contains(name) && !declaredAtFirstUpdate.Contains(name))
            {
                declarations.Add(new Declare(type, name, ZeroOf(type == "float" ? TypeRef.Float : TypeRef.Double)));
            }
        }

        return declarations;
    }

    /// <summary>Parameters whose adjoint lived in a local (reassigned, or read in loops) pass it to their gradient.</summary>
    private List<Line> CopyOuts(HashSet<string> reverseNames)
    {
        var lines = new List<Line>();
        foreach (var id in _model.Parameters.Select(p => p.VariableId).Where(_copiedOutParameters.Contains))
        {
            var parameter = _model.Parameters.FirstOrDefault(p => p.VariableId == id);
            if (parameter?.GradientName is not null && _activity.IsActive(id))
            {
                var adjoint = AdjointName(id);
                if (reverseNames.Contains(adjoint))
                {
                    lines.Add(new Assign(Target.Of(parameter.GradientName), _mode == SweepMode.Gradient ? "=" : "+=", Code.Name(adjoint)));
                }
                else if (_mode == SweepMode.Gradient && _reassignedParameters.Contains(id))
                {
                    // Reassigned, but no path from the result reaches its first value: the gradient is 0.
                    lines.Add(new Assign(Target.Of(parameter.GradientName), "=", ZeroOf(parameter.Type)));
                }
            }
        }

        return lines;
    }
}
