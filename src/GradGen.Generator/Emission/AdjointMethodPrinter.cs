using System.Collections.Generic;
using System.Linq;
using GradGen.Generator.Differentiation.Adjoint;
using GradGen.Generator.Helpers;

namespace GradGen.Generator.Emission;

/// <summary>
/// Prints the body of a method with sweeps (<see cref="AdjointMethod"/>) or of one that calls its core
/// (<see cref="CoreCall"/>): the storage declarations, checks, clears and releases around the sweeps' lines, with the
/// comments that tell a reader what each part is. Decides nothing: what exists and in which order is in the model.
/// </summary>
internal static class AdjointMethodPrinter
{
    public static void Write(IndentedWriter writer, CoreCall entry)
    {
        ArgumentChecksPrinter.Write(writer, entry.Checks);
        var model = entry.Checks.Model;
        var arguments = new List<string>();
        foreach (var parameter in model.Parameters)
        {
            // 'in' passes an 'in' or 'ref readonly' parameter on by reference, as the method received it.
            arguments.Add((parameter.Modifier.Length > 0 ? "in " : string.Empty) + Naming.Escape(parameter.Name));
        }

        var gradients = model.Parameters.Where(p => p.IsDifferentiable).ToList();
        arguments.Add(entry.IsGradient
            ? model.ReturnType.Kind == Model.NumericKind.Float ? CSharpLiterals.Float(1f) : CSharpLiterals.Double(1)
            : Naming.Escape(model.SeedName));
        arguments.AddRange(gradients.Select(p => (p.Type.IsRealCollection ? string.Empty : "ref ") + p.GradientName));
        var call = entry.Core + "(" + string.Join(", ", arguments) + ")";
        if (!entry.IsGradient)
        {
            writer.Line(call + ";");
            return;
        }

        // The core adds into the gradients: a Gradient overwrites them, so they start at zero.
        foreach (var clear in entry.Clears)
        {
            ArgumentChecksPrinter.WriteClear(writer, clear);
        }

        writer.Line("return " + call + ";");
    }

    public static void Write(IndentedWriter writer, AdjointMethod method)
    {
        if (method.Checks is not null)
        {
            ArgumentChecksPrinter.Write(writer, method.Checks);
        }

        foreach (var tape in method.Tapes)
        {
            // Stack space cannot hold references: a tape of managed values starts empty and grows into pooled arrays.
            writer.Line("var " + tape.Name + " = new global::GradGen.Tape<" + tape.Type + ">(" + (tape.Managed ? "default" : "stackalloc " + tape.Type + "[32]") + ");");
        }

        var topLevelSlots = method.SlotArrays.Where(slots => !slots.InFusedBody).ToList();
        if (method.CallsFirst)
        {
            WriteClears(writer, method.Clears);
            WriteSlotArrays(writer, topLevelSlots, "// What the loops record for the reverse sweep, one slot per iteration.");
            if (method.ZeroesGradients || topLevelSlots.Count > 0)
            {
                writer.Line();
            }
        }

        if (method.Seed is { } seed)
        {
            // The output's adjoint starts as the caller's seeds; each write of an element then passes its adjoint on.
            writer.Line(seed.Element + "[] " + seed.Rented + " = global::System.Buffers.ArrayPool<" + seed.Element + ">.Shared.Rent(" + seed.Output + ".Length);");
            writer.Line("global::System.Span<" + seed.Element + "> " + seed.Adjoint + " = new global::System.Span<" + seed.Element + ">(" + seed.Rented + ", 0, " + seed.Output + ".Length);");
            writer.Line(seed.Seeds + ".CopyTo(" + seed.Adjoint + ");");
            writer.Line();
        }

        WriteForwardSweep(writer, method);
        if (method.Kept is { } kept)
        {
            writer.Line(kept.Element + "[] " + kept.Kept + " = global::System.Buffers.ArrayPool<" + kept.Element + ">.Shared.Rent(" + kept.Output + ".Length);");
            writer.Line(kept.Output + ".CopyTo(" + kept.Kept + ");");
            writer.Line();
        }

        WriteReverseSweep(writer, method);
        WriteLines(writer, method.CopyOuts);
        if (method.Guarded)
        {
            WriteReleases(writer, method);
        }

        if (method.Kept is { } outputs)
        {
            // The outputs as the forward sweep left them (the reverse sweep restored what it overwrote).
            writer.Line("new global::System.Span<" + outputs.Element + ">(" + outputs.Kept + ", 0, " + outputs.Output + ".Length).CopyTo(" + outputs.Output + ");");
            writer.Line("global::System.Buffers.ArrayPool<" + outputs.Element + ">.Shared.Return(" + outputs.Kept + ");");
        }

        if (method.ValueName is not null)
        {
            writer.Line("return " + method.ValueName + ";");
        }
    }

    private static void WriteForwardSweep(IndentedWriter writer, AdjointMethod method)
    {
        if (method.Sweeps.Forward.Count == 0 && method.Prologue.Count == 0)
        {
            return;
        }

        // The prologue declares locals that fused loops use too (their bodies' locals, flags, counters), so it is
        // written even when no code comes before the fused loops.
        writer.Line("// Forward sweep: the original computation" + (method.Guarded ? ", recording what the reverse sweep needs." : "."));
        WriteLines(writer, method.Prologue);
        AdjointLinePrinter.Write(method.Sweeps.Forward, writer);
        writer.Line();
    }

    private static void WriteReverseSweep(IndentedWriter writer, AdjointMethod method)
    {
        var sweeps = method.Sweeps;
        if (sweeps.Fused is not null)
        {
            writer.Line("// Fused " + (method.FusedLoops == 1 ? "loop: its iterations share" : "loops: their iterations share") + " only sums, whose adjoints the result gives first,");
            writer.Line("// so each iteration's reverse sweep runs right after it.");
        }
        else
        {
            writer.Line("// Reverse sweep: adjoints (∂result/∂v) flow from the result back to the parameters.");
        }

        if (!method.CallsFirst)
        {
            WriteClears(writer, method.Clears);
        }

        WriteLines(writer, method.AdjointLocals);
        if (sweeps.Fused is not null)
        {
            AdjointLinePrinter.Write(sweeps.ReturnReverse!, writer);
            WriteSlotArrays(writer, method.SlotArrays.Where(slots => slots.InFusedBody).ToList(), "// What the loops inside the fused loops record, one slot per iteration (the fused loop reuses them).");
            AdjointLinePrinter.Write(sweeps.Fused, writer);
            if (sweeps.Value!.Count > 0)
            {
                writer.Line();
                AdjointLinePrinter.Write(sweeps.Value, writer);
            }

            if (sweeps.Reverse.Count > 0)
            {
                writer.Line();
                writer.Line("// Reverse sweep of the code before the fused " + (method.FusedLoops == 1 ? "loop." : "loops."));
            }
        }

        AdjointLinePrinter.Write(sweeps.Reverse, writer);
    }

    private static void WriteClears(IndentedWriter writer, IReadOnlyList<GradientClear> clears)
    {
        foreach (var clear in clears)
        {
            ArgumentChecksPrinter.WriteClear(writer, clear);
        }
    }

    private static void WriteLines(IndentedWriter writer, IReadOnlyList<Line> lines)
    {
        foreach (var line in lines)
        {
            writer.Line(AdjointLinePrinter.Print(line));
        }
    }

    /// <summary>Slot arrays: on the stack up to StorageAllocation.StackSlots elements, else rented (always, for references).</summary>
    private static void WriteSlotArrays(IndentedWriter writer, IReadOnlyList<SlotArray> arrays, string comment)
    {
        if (arrays.Count == 0)
        {
            return;
        }

        writer.Line(comment);
        foreach (var slots in arrays)
        {
            writer.Line("int " + slots.Count + " = " + slots.Length + ";");
            var rent = "global::System.Buffers.ArrayPool<" + slots.Element + ">.Shared.Rent(" + slots.Count + ")";
            if (slots.Managed)
            {
                writer.Line(slots.Element + "[]? " + slots.Rented + " = " + rent + ";");
                writer.Line("global::System.Span<" + slots.Element + "> " + slots.Name + " = " + slots.Rented + ";");
                continue;
            }

            writer.Line(slots.Element + "[]? " + slots.Rented + " = null;");
            writer.Line("global::System.Span<" + slots.Element + "> " + slots.Name + " = " + slots.Count + " <= " + Differentiation.StorageAllocation.StackSlots
                + " ? stackalloc " + slots.Element + "[" + slots.Count + "] : (" + slots.Rented + " = " + rent + ");");
        }
    }

    private static void WriteReleases(IndentedWriter writer, AdjointMethod method)
    {
        // Not in a finally: a try region would keep the loops' locals out of registers. If an exception
        // escapes, the rented arrays are simply not returned to the pool (the GC takes them).
        foreach (var tape in method.Tapes)
        {
            writer.Line(tape.Name + ".Dispose();");
        }

        foreach (var rented in method.Rented)
        {
            writer.Line("global::System.Buffers.ArrayPool<" + rented.Element + ">.Shared.Return(" + rented.Name + ");");
        }

        foreach (var slots in method.SlotArrays)
        {
            writer.Open("if (" + slots.Rented + " is not null)");
            writer.Line("global::System.Buffers.ArrayPool<" + slots.Element + ">.Shared.Return(" + slots.Rented + (slots.Managed ? ", clearArray: true" : string.Empty) + ");");
            writer.Close();
        }
    }
}
