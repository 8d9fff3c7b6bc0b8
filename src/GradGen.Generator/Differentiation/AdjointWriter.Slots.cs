using System.Collections.Generic;
using System.Linq;
using GradGen.Generator.Differentiation.Adjoint;
using GradGen.Generator.Helpers;
using GradGen.Generator.Model;

namespace GradGen.Generator.Differentiation;

/// <summary>
/// Slots: what a loop records for its reverse (the old value of an overwritten variable or element, a kept exponential, a
/// branch taken) goes into an array indexed by the iteration instead of onto a tape, when every loop from the start of
/// the nest to the recording statement is counted with a start and a trip count fixed for the whole method (a rectangular
/// nest, like the GMM's components × dimensions). A nest starts at a top-level loop or inside the body of a fused loop
/// (there the loop runs each iteration's reverse before the next iteration starts, so one array serves every iteration;
/// declared once, before the fused loops). Stack space up to <see cref="StackSlots"/> elements, else one pooled array,
/// returned at the end.
/// <para>
/// A top-level nest's arrays hold every iteration until the reverse sweep, and are declared before the forward sweep,
/// with the gradient clears: a pool rental is a call, and a call between a recurrence's first value and its loop
/// (<c>double p = 0;</c> … <c>while</c>) keeps that value on the stack for the whole loop (no floating-point register
/// survives a call on x64 Unix; Horner's rule measured 25–30% slower than with the tape when the rental sat there). So
/// a top-level nest takes slots only when its sizes read nothing but parameters the method never reassigns (lengths,
/// literals); otherwise it tapes.
/// </para>
/// <para>
/// Why not the tape: a push reads and writes the tape's count through memory and has a call on its growth path inside the
/// loop; in the GMM's JIT listing that kept the loop's other values on the stack. A large tape also grows by doubling on
/// every call, copying as it goes. A slot is one store and one load at an index the counters give (the reverse steps
/// each counter back to the value it had in that iteration).
/// </para>
/// </summary>
internal sealed partial class AdjointWriter
{
    private const int StackSlots = 128;

    private readonly List<SlotArray> _slotArrays = new();

    /// <summary>The loops around the statement being written, inside a fused body or a top-level loop; null elsewhere.</summary>
    private List<SlotLevel?>? _slotNest;

    private bool _inFusedBody;

    /// <param name="Iteration">The iteration number, 0 first.</param>
    /// <param name="Trips">The trip count, fixed for the method (negative when the loop does not run).</param>
    private sealed record SlotLevel(Code Iteration, Expr Trips);

    /// <param name="Managed">Elements that hold references: always pooled (stack space cannot hold them) and cleared on return.</param>
    private sealed record SlotArray(string Element, string Name, string Count, string Rented, string Length, bool InFusedBody, bool Managed = false);

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

        var counter = Code.Name(_names.Variable(shape.Counter));
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
    private Target? SlotAt(string element, bool managed = false)
    {
        if (_slotNest is not { Count: > 0 } nest || nest.Any(level => level is null))
        {
            return null;
        }

        if (!_inFusedBody && (MayThrow || !nest.All(level => ReadsOnlyParameters(level!.Trips))))
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

            if (!_inFusedBody)
            {
                // Declared before the forward sweep, where the locals it reads are not assigned yet: their definitions.
                trips = _printer.Print(level.Trips, Definition);
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
            count.Count == 1 ? count[0] : "checked(" + string.Join(" * ", count) + ")",
            _inFusedBody,
            managed);
        _slotArrays.Add(slots);
        return Target.Element(Code.Atom(name + "[" + index.Text + "]", NameSet.Union(NameSet.Of(name), index.Names), index), name, plainIndex: true);
    }

    /// <summary>
    /// Whether a size can be computed before the forward sweep: it reads only parameters never reassigned, and int locals
    /// declared once at the top level from such values (<c>int n = x.Length;</c>), whose definitions it then reads instead.
    /// No division: computed earlier than the method computes it, a division by zero would throw somewhere else.
    /// </summary>
    private bool ReadsOnlyParameters(Expr expr) => expr switch
    {
        LiteralExpr => true,
        LengthExpr { Row: null } l => _model.Variables[l.ArrayId].Kind == VariableKind.Parameter && !_reassignedParameters.Contains(l.ArrayId),
        VariableExpr v => _model.Variables[v.VariableId].Kind == VariableKind.Parameter
            ? !_reassignedParameters.Contains(v.VariableId)
            : SizeDefinitions.TryGetValue(v.VariableId, out var definition) && ReadsOnlyParameters(definition),
        BinaryExpr { Op: BinaryOp.Add or BinaryOp.Subtract or BinaryOp.Multiply } or UnaryExpr or ConversionExpr => ExprWalker.Children(expr).All(ReadsOnlyParameters),
        _ => false,
    };

    private Dictionary<int, Expr>? _sizeDefinitions;

    /// <summary>Int locals assigned exactly once, by a declaration at the top level of the method: their values.</summary>
    private Dictionary<int, Expr> SizeDefinitions => _sizeDefinitions ??= DefinitionsOf(_model.Body);

    private static Dictionary<int, Expr> DefinitionsOf(IReadOnlyList<Stmt> body)
    {
        var assignments = StatementWalker.Preorder(body).OfType<AssignStmt>().GroupBy(a => a.VariableId).ToDictionary(g => g.Key, g => g.Count());
        var definitions = new Dictionary<int, Expr>();
        foreach (var statement in body)
        {
            if (statement is AssignStmt { IsDeclaration: true } declaration && declaration.Value.Type.Kind == NumericKind.Int && assignments[declaration.VariableId] == 1)
            {
                definitions[declaration.VariableId] = declaration.Value;
            }
        }

        return definitions;
    }

    /// <summary>Prints a local of <see cref="SizeDefinitions"/> as its definition (recursively).</summary>
    private Code? Definition(Expr expr) =>
        expr is VariableExpr v && _model.Variables[v.VariableId].Kind != VariableKind.Parameter && SizeDefinitions.TryGetValue(v.VariableId, out var definition)
            ? _printer.Print(definition, Definition)
            : null;

    /// <summary>
    /// The slot arrays of fused bodies, declared before the fused loops, where every fixed value they are sized by is known.
    /// </summary>
    private void WriteSlotArrays(IndentedWriter writer)
    {
        var lines = SlotDeclarations(_slotArrays.Where(slots => slots.InFusedBody)).ToList();
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
        var lines = SlotDeclarations(_slotArrays.Where(slots => !slots.InFusedBody)).ToList();
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
            yield return "global::System.Span<" + slots.Element + "> " + slots.Name + " = " + slots.Count + " <= " + StackSlots
                + " ? stackalloc " + slots.Element + "[" + slots.Count + "] : (" + slots.Rented + " = " + rent + ");";
        }
    }

    private void ReturnSlotArrays(IndentedWriter writer)
    {
        foreach (var slots in _slotArrays)
        {
            writer.Open("if (" + slots.Rented + " is not null)");
            writer.Line("global::System.Buffers.ArrayPool<" + slots.Element + ">.Shared.Return(" + slots.Rented + (slots.Managed ? ", clearArray: true" : string.Empty) + ");");
            writer.Close();
        }
    }
}
