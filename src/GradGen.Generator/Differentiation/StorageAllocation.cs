using System;
using System.Collections.Generic;
using System.Linq;
using GradGen.Generator.Differentiation.Adjoint;
using GradGen.Generator.Emission;
using GradGen.Generator.Helpers;
using GradGen.Generator.Model;

namespace GradGen.Generator.Differentiation;

/// <summary>
/// Where each value the forward sweep records for the reverse sweep is kept (<see cref="Place"/>), decided apart from
/// the transform that asks: a local outside loops, else a slot where the loops around the site allow one, else a tape.
/// It also owns the method-level storage this implies (tapes, slot arrays, pooled arrays, locals declared before the
/// forward sweep), which the method's shape declares and releases (<see cref="AdjointMethod"/>).
/// <para>
/// Slots: what a loop records (the old value of an overwritten variable or element, a kept exponential, a branch taken)
/// goes into an array indexed by the iteration instead of onto a tape, when every loop from the start of the nest to the
/// recording statement is counted with a start and a trip count fixed for the whole method (a rectangular nest, like the
/// GMM's components × dimensions). A nest starts at a top-level loop or inside the body of a fused loop (there the loop
/// runs each iteration's reverse before the next iteration starts, so one array serves every iteration; declared once,
/// before the fused loops). Stack space up to <see cref="StackSlots"/> elements, else one pooled array, returned at the
/// end.
/// </para>
/// <para>
/// A top-level nest's arrays hold every iteration until the reverse sweep, and are declared before the forward sweep,
/// with the gradient clears: a pool rental is a call, and a call between a recurrence's first value and its loop
/// (<c>double p = 0;</c> … <c>while</c>) keeps that value on the stack for the whole loop (no floating-point register
/// survives a call on x64 Unix; Horner's rule measured 25–30% slower than with the tape when the rental sat there). So
/// a top-level nest takes slots only when its sizes read nothing but parameters the method never reassigns (lengths,
/// literals), and only in a method that cannot throw before its loops run; otherwise it tapes.
/// </para>
/// <para>
/// Why not always the tape: a push reads and writes the tape's count through memory and has a call on its growth path
/// inside the loop; in the GMM's JIT listing that kept the loop's other values on the stack. A large tape also grows by
/// doubling on every call, copying as it goes. A slot is one store and one load at an index the counters give (the
/// reverse steps each counter back to the value it had in that iteration).
/// </para>
/// </summary>
internal sealed class StorageAllocation
{
    public const int StackSlots = 128;

    private readonly MethodModel _model;
    private readonly NameTable _names;
    private readonly ExprPrinter _printer;
    private readonly LoopShapes _loops;
    private readonly ISet<int> _reassignedParameters;
    private readonly Func<bool> _mayThrow;
    private readonly List<TapeDeclaration> _tapes = new();
    private readonly List<SlotArray> _slotArrays = new();
    private readonly List<RentedArray> _rented = new();
    private readonly List<Line> _prologue = new();
    private Dictionary<int, Expr>? _sizeDefinitions;

    /// <summary>The loops around the site being written, inside a fused body or a top-level loop; null elsewhere.</summary>
    private List<SlotLevel?>? _nest;

    private bool _inFusedBody;

    /// <param name="reassignedParameters">Parameters the method assigns: a slot array cannot be sized by them before the forward sweep.</param>
    /// <param name="mayThrow">Whether the method may throw (then a top-level nest tapes: see the class summary).</param>
    public StorageAllocation(MethodModel model, NameTable names, ExprPrinter printer, LoopShapes loops, ISet<int> reassignedParameters, Func<bool> mayThrow)
    {
        _model = model;
        _names = names;
        _printer = printer;
        _loops = loops;
        _reassignedParameters = reassignedParameters;
        _mayThrow = mayThrow;
    }

    /// <param name="Iteration">The iteration number, 0 first.</param>
    /// <param name="Trips">The trip count, fixed for the method (negative when the loop does not run).</param>
    private sealed record SlotLevel(Code Iteration, Expr Trips);

    public IReadOnlyList<TapeDeclaration> Tapes => _tapes;

    public IReadOnlyList<SlotArray> SlotArrays => _slotArrays;

    public IReadOnlyList<RentedArray> Rented => _rented;

    /// <summary>Locals declared before the forward sweep (see <see cref="Declare"/>).</summary>
    public IReadOnlyList<Line> Prologue => _prologue;

    /// <summary>
    /// Where a value of <paramref name="type"/> recorded at a site <paramref name="depth"/> blocks and
    /// <paramref name="loops"/> loops deep is kept. <paramref name="localName"/> names the local outside loops (asked for
    /// only then).
    /// </summary>
    public RecordSite Place(TypeRef type, int depth, int loops, Func<string> localName)
    {
        if (loops > 0)
        {
            return SlotAt(type.Text, type.IsManaged) is { } slot ? new RecordSite.Slot(slot) : new RecordSite.Tape(Tape(type.Text, type.IsManaged));
        }

        var name = localName();
        if (depth == 0)
        {
            return new RecordSite.Local(type.Text, name, Hoisted: false);
        }

        Declare(type.Text, name, Default(type));
        return new RecordSite.Local(type.Text, name, Hoisted: true);
    }

    /// <summary>The tape for values of <paramref name="type"/>, declared once before the forward sweep.</summary>
    public string Tape(string type, bool managed = false)
    {
        foreach (var tape in _tapes)
        {
            if (tape.Type == type)
            {
                return tape.Name;
            }
        }

        var name = _names.Fresh(type switch
        {
            "bool" => "_branches",
            "int" => "_counts",
            "double" => "_doubles",
            "float" => "_floats",
            _ => "_tape",
        });
        _tapes.Add(new TapeDeclaration(type, name, managed));
        return name;
    }

    /// <summary>An array rented in the forward sweep: returned to the pool at the end of the method.</summary>
    public void Rent(string element, string name) => _rented.Add(new RentedArray(element, name));

    /// <summary>A local the forward and reverse sweeps share although it is first set inside a block: declared at the top.</summary>
    public void Declare(string type, string name, string initial) => _prologue.Add(new Declare(type, name, Code.Atom(initial)));

    /// <summary>
    /// Runs <paramref name="visit"/> as the body of a loop that starts a nest of slots: a top-level loop (nothing recorded
    /// in it outlives the method's sweeps) or, with <paramref name="fusedBody"/>, the body of a fused loop.
    /// </summary>
    public T InNest<T>(bool fusedBody, Func<T> visit)
    {
        var (nest, inFusedBody) = (_nest, _inFusedBody);
        _nest = new List<SlotLevel?>();
        _inFusedBody = fusedBody;
        try
        {
            return visit();
        }
        finally
        {
            (_nest, _inFusedBody) = (nest, inFusedBody);
        }
    }

    /// <summary>Whether sites are inside a nest of slots (<see cref="InNest"/>).</summary>
    public bool InAnyNest => _nest is not null;

    /// <summary>Runs <paramref name="visit"/> with <paramref name="loop"/>'s body (or, with null, its step) as the innermost level.</summary>
    public T InLevel<T>(LoopStmt? loop, Func<T> visit)
    {
        var nest = _nest;
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
        if (_loops.Of(loop) is not { Trips: { } trips } shape || !_loops.IsFixed(shape.Start) || !_loops.IsFixed(trips))
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
    public Target? SlotAt(string element, bool managed = false)
    {
        if (_nest is not { Count: > 0 } nest || nest.Any(level => level is null))
        {
            return null;
        }

        if (!_inFusedBody && (_mayThrow() || !nest.All(level => ReadsOnlyParameters(level!.Trips))))
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

    /// <summary>The value a local starts with before it is set: what C# would require it to be definitely assigned to.</summary>
    public static string Default(TypeRef type) => type.Kind switch
    {
        NumericKind.Double => "0.0",
        NumericKind.Float => "0f",
        NumericKind.Int => "0",
        NumericKind.Bool => "false",
        _ => "default!",
    };
}
