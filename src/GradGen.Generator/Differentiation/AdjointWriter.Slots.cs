using System.Collections.Generic;
using System.Linq;
using GradGen.Generator.Helpers;
using GradGen.Generator.Model;

namespace GradGen.Generator.Differentiation;

/// <summary>
/// Slots: inside the body of a fused loop, what a nested loop records (the old value of an overwritten variable or
/// element, a kept exponential) goes into an array indexed by the iteration instead of onto a tape, when every loop
/// between the fused body and the recording statement is counted with a start and a trip count fixed for the whole
/// method (a rectangular nest, like the GMM's components × dimensions). A fused loop runs each iteration's reverse before
/// the next iteration starts, so one array serves every iteration; it is sized once, before the fused loops (stack space
/// up to <see cref="StackSlots"/> elements, else a pooled array).
/// <para>
/// Why not the tape there: a push reads and writes the tape's count through memory and has a call on its growth path
/// inside the loop; in the GMM's JIT listing that kept the loop's other values on the stack. A slot is one store and one
/// load at an index the counters give (the reverse steps each counter back to the value it had in that iteration).
/// </para>
/// </summary>
internal sealed partial class AdjointWriter
{
    private const int StackSlots = 128;

    private readonly List<SlotArray> _slotArrays = new();

    /// <summary>The loops around the statement being written, inside a fused body; null outside fused bodies.</summary>
    private List<SlotLevel?>? _slotNest;

    /// <param name="Iteration">The iteration number, 0 first.</param>
    /// <param name="Trips">The trip count, fixed for the method (negative when the loop does not run).</param>
    private sealed record SlotLevel(Code Iteration, Expr Trips);

    private sealed record SlotArray(string Element, string Name, string Count, string Rented, string Length);

    /// <summary>Runs <paramref name="visit"/> with <paramref name="loop"/>'s body (or, with null, its step) as the innermost level.</summary>
    private T InSlotLevel<T>(LoopStmt? loop, System.Func<T> visit)
    {
        var nest = _slotNest;
        if (nest is null)
        {
            return visit();
        }

        // A loop's step runs once per iteration too, but after the body: no slot of its own (it tapes).
        nest.Add(loop is null ? null : Level(loop));
        try
        {
            return visit();
        }
        finally
        {
            nest.RemoveAt(nest.Count - 1);
        }
    }

    private SlotLevel? Level(LoopStmt loop)
    {
        if (_loops.Of(loop) is not { Trips: { } trips } shape || !IsFixed(shape.Start) || !IsFixed(trips))
        {
            return null;
        }

        var counter = Code.Atom(_names.Variable(shape.Counter));
        var start = _printer.Print(shape.Start);
        var iteration = shape.Step > 0
            ? shape.Start is LiteralExpr { Text: "0" } ? counter : Code.Subtract(counter, start)
            : Code.Subtract(start, counter);
        return new SlotLevel(iteration, trips);
    }

    /// <summary>
    /// A slot for a value of <paramref name="element"/> recorded here, or null where it goes on a tape: the element the
    /// forward writes and the reverse reads (<c>_slots0[c * d + i]</c>).
    /// </summary>
    private string? SlotAt(string element)
    {
        if (_slotNest is not { Count: > 0 } nest || nest.Any(level => level is null))
        {
            return null;
        }

        var index = nest[0]!.Iteration;
        var count = new List<string>();
        foreach (var level in nest)
        {
            var trips = _printer.Print(level!.Trips);
            if (count.Count > 0)
            {
                index = Code.Add(Code.Multiply(index, trips), level.Iteration);
            }

            var neverNegative = level.Trips is LengthExpr || level.Trips is LiteralExpr { IsNegative: false };
            count.Add(neverNegative ? trips.At(Precedence.Multiplicative) : "global::System.Math.Max(0, " + trips.Text + ")");
        }

        var name = _names.FreshNumbered("_slots");
        var slots = new SlotArray(
            element,
            name,
            _names.FreshNumbered("_slotCount"),
            _names.FreshNumbered("_slotArray"),
            count.Count == 1 ? count[0] : "checked(" + string.Join(" * ", count) + ")");
        _slotArrays.Add(slots);
        return name + "[" + index.Text + "]";
    }

    /// <summary>The slot arrays, declared before the fused loops, where every fixed value they are sized by is known.</summary>
    private void WriteSlotArrays(IndentedWriter writer)
    {
        if (_slotArrays.Count == 0)
        {
            return;
        }

        writer.Line("// What the loops inside the fused loops record, one slot per iteration (the fused loop reuses them).");
        foreach (var slots in _slotArrays)
        {
            writer.Line("int " + slots.Count + " = " + slots.Length + ";");
            writer.Line(slots.Element + "[]? " + slots.Rented + " = null;");
            writer.Line("global::System.Span<" + slots.Element + "> " + slots.Name + " = " + slots.Count + " <= " + StackSlots
                + " ? stackalloc " + slots.Element + "[" + slots.Count + "] : (" + slots.Rented + " = global::System.Buffers.ArrayPool<"
                + slots.Element + ">.Shared.Rent(" + slots.Count + "));");
        }
    }

    private void ReturnSlotArrays(IndentedWriter writer)
    {
        foreach (var slots in _slotArrays)
        {
            writer.Open("if (" + slots.Rented + " is not null)");
            writer.Line("global::System.Buffers.ArrayPool<" + slots.Element + ">.Shared.Return(" + slots.Rented + ");");
            writer.Close();
        }
    }
}
