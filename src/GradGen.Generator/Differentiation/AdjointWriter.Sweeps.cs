using System;
using System.Collections.Generic;
using System.Linq;
using GradGen.Generator.Differentiation.Adjoint;
using GradGen.Generator.Helpers;
using GradGen.Generator.Model;

namespace GradGen.Generator.Differentiation;

/// <summary>
/// The method-level shape: the sweeps are built first (<see cref="BuildSweeps"/>), cleaned up, and only then written
/// in order: argument checks, tapes, clears, the forward sweep, the reverse sweep (with any fused loops), copy-outs,
/// returns to the pool, the value.
/// </summary>
internal sealed partial class AdjointWriter
{
    /// <summary>
    /// The lines of one method's sweeps. Without fused loops, <see cref="Forward"/> and <see cref="Reverse"/> are the
    /// whole method. With fused loops (LoopFusion): <see cref="Forward"/> is the code before them, then come the
    /// return's reverse (<see cref="ReturnReverse"/>), the loops (<see cref="Fused"/>: each iteration forward, then
    /// reverse) and the value (<see cref="Value"/>); <see cref="Reverse"/> is then only that of the code before the loops.
    /// <see cref="ReverseNames"/> holds every name the reverse lines mention: adjoint locals, clears and copy-outs
    /// nobody reads are left out.
    /// </summary>
    private sealed record Sweeps(LineList Forward, LineList Reverse, LineList? Fused, LineList? ReturnReverse, LineList? Value, HashSet<string> ReverseNames);

    /// <summary>Writes the whole method body into <paramref name="writer"/>.</summary>
    public void Write(IndentedWriter writer)
    {
        var sweeps = BuildSweeps();
        if (_mode != SweepMode.Core)
        {
            WriteArgumentChecks(writer);
        }

        foreach (var (type, name, managed) in _storage.Tapes)
        {
            // Stack space cannot hold references: a tape of managed values starts empty and grows into pooled arrays.
            writer.Line("var " + name + " = new global::GradGen.Tape<" + type + ">(" + (managed ? "default" : "stackalloc " + type + "[32]") + ");");
        }

        // With fused loops or top-level slots, the calls come before the forward sweep: a call (Span.Clear, a pool
        // rental) between a sum's initialisation and its loop, or between the forward and the reverse loops of a
        // recurrence, would keep the loop's values out of registers (no XMM register survives a call on x64 Unix).
        var callsFirst = sweeps.Fused is not null || _storage.SlotArrays.Any(slots => !slots.InFusedBody);
        if (callsFirst)
        {
            WriteGradientClears(writer, sweeps.ReverseNames);
            WriteTopLevelSlotArrays(writer);
            if (_mode == SweepMode.Gradient && _model.Parameters.Any(p => p.IsDifferentiable) || _storage.SlotArrays.Any(slots => !slots.InFusedBody))
            {
                writer.Line();
            }
        }

        if (_outputSeed is not null && _model.IsVectorValued && _activity.IsActive(_model.OutputId))
        {
            // The output's adjoint starts as the caller's seeds; each write of an element then passes its adjoint on.
            WriteOutputSeed(writer);
        }

        var guarded = _storage.Tapes.Count > 0 || _storage.Rented.Count > 0 || _storage.SlotArrays.Count > 0;
        WriteForwardSweep(writer, sweeps.Forward, guarded);
        var outputValues = WriteOutputKept(writer);
        WriteReverseSweep(writer, sweeps, callsFirst);
        WriteCopyOuts(writer, sweeps.ReverseNames);
        if (guarded)
        {
            WriteReleases(writer);
        }

        WriteOutputRestore(writer, outputValues);
        if (_valueName is not null)
        {
            writer.Line("return " + _valueName + ";");
        }
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

    private void WriteForwardSweep(IndentedWriter writer, LineList forward, bool guarded)
    {
        if (forward.Count == 0 && _storage.Prologue.Count == 0)
        {
            return;
        }

        // The prologue declares locals that fused loops use too (their bodies' locals, flags, counters), so it is
        // written even when no code comes before the fused loops.
        writer.Line("// Forward sweep: the original computation" + (guarded ? ", recording what the reverse sweep needs." : "."));
        foreach (var line in _storage.Prologue)
        {
            writer.Line(Emission.AdjointLinePrinter.Print(line));
        }

        forward.WriteTo(writer);
        writer.Line();
    }

    private void WriteReverseSweep(IndentedWriter writer, Sweeps sweeps, bool callsFirst)
    {
        if (sweeps.Fused is not null)
        {
            writer.Line("// Fused " + (_fused.Count == 1 ? "loop: its iterations share" : "loops: their iterations share") + " only sums, whose adjoints the result gives first,");
            writer.Line("// so each iteration's reverse sweep runs right after it.");
        }
        else
        {
            writer.Line("// Reverse sweep: adjoints (∂result/∂v) flow from the result back to the parameters.");
        }

        if (!callsFirst)
        {
            WriteGradientClears(writer, sweeps.ReverseNames);
        }

        var declaredAtFirstUpdate = AdjointLocals.DeclareAtFirstUpdate(
            sweeps.ReturnReverse is null ? new[] { sweeps.Reverse } : new[] { sweeps.ReturnReverse, sweeps.Fused!, sweeps.Reverse }, _adjointLocals);
        foreach (var (type, name) in _adjointLocals)
        {
            if (sweeps.ReverseNames.Contains(name) && !declaredAtFirstUpdate.Contains(name))
            {
                writer.Line(type + " " + name + " = " + Zero(type == "float" ? TypeRef.Float : TypeRef.Double) + ";");
            }
        }

        if (sweeps.Fused is not null)
        {
            sweeps.ReturnReverse!.WriteTo(writer);
            WriteSlotArrays(writer);
            sweeps.Fused.WriteTo(writer);
            if (sweeps.Value!.Count > 0)
            {
                writer.Line();
                sweeps.Value.WriteTo(writer);
            }

            if (sweeps.Reverse.Count > 0)
            {
                writer.Line();
                writer.Line("// Reverse sweep of the code before the fused " + (_fused.Count == 1 ? "loop." : "loops."));
            }
        }

        sweeps.Reverse.WriteTo(writer);
    }

    /// <summary>Parameters whose adjoint lived in a local (reassigned, or read in loops) pass it to their gradient.</summary>
    private void WriteCopyOuts(IndentedWriter writer, HashSet<string> reverseNames)
    {
        foreach (var id in _model.Parameters.Select(p => p.VariableId).Where(_copiedOutParameters.Contains))
        {
            var parameter = _model.Parameters.FirstOrDefault(p => p.VariableId == id);
            if (parameter?.GradientName is not null && _activity.IsActive(id))
            {
                var adjoint = AdjointName(id);
                if (reverseNames.Contains(adjoint))
                {
                    writer.Line(parameter.GradientName + (_mode == SweepMode.Gradient ? " = " : " += ") + adjoint + ";");
                }
                else if (_mode == SweepMode.Gradient && _reassignedParameters.Contains(id))
                {
                    // Reassigned, but no path from the result reaches its first value: the gradient is 0.
                    writer.Line(parameter.GradientName + " = " + Zero(parameter.Type) + ";");
                }
            }
        }
    }

    private void WriteReleases(IndentedWriter writer)
    {
        // Not in a finally: a try region would keep the loops' locals out of registers. If an exception
        // escapes, the rented arrays are simply not returned to the pool (the GC takes them).
        foreach (var (_, name, _) in _storage.Tapes)
        {
            writer.Line(name + ".Dispose();");
        }

        foreach (var (element, name) in _storage.Rented)
        {
            writer.Line("global::System.Buffers.ArrayPool<" + element + ">.Shared.Return(" + name + ");");
        }

        ReturnSlotArrays(writer);
    }
}
