using System.Collections.Generic;
using System.Linq;
using GradGen.Generator.Differentiation.Adjoint;
using GradGen.Generator.Helpers;

namespace GradGen.Generator.Differentiation;

internal sealed partial class AdjointWriter
{
    /// <summary>
    /// The slot arrays of fused bodies, declared before the fused loops, where every fixed value they are sized by is known.
    /// </summary>
    private void WriteSlotArrays(IndentedWriter writer)
    {
        var lines = SlotDeclarations(_storage.SlotArrays.Where(slots => slots.InFusedBody)).ToList();
        if (lines.Count == 0)
        {
            return;
        }

        writer.Line("// What the loops inside the fused loops record, one slot per iteration (the fused loop reuses them).");
        foreach (var line in lines)
        {
            writer.Line(line);
        }
    }

    /// <summary>The slot arrays of top-level loops, declared before the forward sweep (see the class summary).</summary>
    private void WriteTopLevelSlotArrays(IndentedWriter writer)
    {
        var lines = SlotDeclarations(_storage.SlotArrays.Where(slots => !slots.InFusedBody)).ToList();
        if (lines.Count == 0)
        {
            return;
        }

        writer.Line("// What the loops record for the reverse sweep, one slot per iteration.");
        foreach (var line in lines)
        {
            writer.Line(line);
        }
    }

    private static IEnumerable<string> SlotDeclarations(IEnumerable<SlotArray> arrays)
    {
        foreach (var slots in arrays)
        {
            yield return "int " + slots.Count + " = " + slots.Length + ";";
            var rent = "global::System.Buffers.ArrayPool<" + slots.Element + ">.Shared.Rent(" + slots.Count + ")";
            if (slots.Managed)
            {
                yield return slots.Element + "[]? " + slots.Rented + " = " + rent + ";";
                yield return "global::System.Span<" + slots.Element + "> " + slots.Name + " = " + slots.Rented + ";";
                continue;
            }

            yield return slots.Element + "[]? " + slots.Rented + " = null;";
            yield return "global::System.Span<" + slots.Element + "> " + slots.Name + " = " + slots.Count + " <= " + StorageAllocation.StackSlots
                + " ? stackalloc " + slots.Element + "[" + slots.Count + "] : (" + slots.Rented + " = " + rent + ");";
        }
    }

    private void ReturnSlotArrays(IndentedWriter writer)
    {
        foreach (var slots in _storage.SlotArrays)
        {
            writer.Open("if (" + slots.Rented + " is not null)");
            writer.Line("global::System.Buffers.ArrayPool<" + slots.Element + ">.Shared.Return(" + slots.Rented + (slots.Managed ? ", clearArray: true" : string.Empty) + ");");
            writer.Close();
        }
    }
}
