using System.Collections.Generic;
using GradGen.Generator.Model;

namespace GradGen.Generator.Differentiation.Adjoint;

/// <summary>
/// The body of a generated method that holds the sweeps (a method's shared core, or a Pullback with its own sweeps), as
/// the transform leaves it: the sweeps' lines and the method-level storage and checks around them. Only
/// <see cref="Emission.AdjointMethodPrinter"/> turns it into text, in this order: argument checks, tapes, (with
/// <see cref="CallsFirst"/>) gradient clears and top-level slot arrays, the output's seeds, the forward sweep, the
/// outputs kept, the reverse sweep (clears here without <see cref="CallsFirst"/>, then adjoint locals, then the fused
/// loops with their slot arrays), copy-outs, releases, the outputs restored, the value.
/// </summary>
/// <param name="Checks">The argument checks; null in a core (each of its callers checks its own arguments).</param>
/// <param name="CallsFirst">
/// Clears and top-level slot arrays before the forward sweep: with fused loops or top-level slots, a call (Span.Fill, a
/// pool rental) between a sum's initialisation and its loop, or between the forward and the reverse loops of a
/// recurrence, would keep the loop's values out of registers (no XMM register survives a call on x64 Unix).
/// </param>
/// <param name="Clears">The gradients a Gradient zeroes (those not assigned from a local adjoint at the end).</param>
/// <param name="ZeroesGradients">A Gradient of a method with gradients (with <see cref="CallsFirst"/>, a blank line follows the clears).</param>
/// <param name="Prologue">Locals declared before the forward sweep (fused loops use them too).</param>
/// <param name="Guarded">Whether anything is recorded or rented (the forward sweep's comment says so; releases follow the reverse).</param>
/// <param name="Sweeps">The sweeps' lines.</param>
/// <param name="FusedLoops">How many loops are fused (their count shapes the comments).</param>
/// <param name="AdjointLocals">Adjoint locals declared before the reverse sweep (the others are declared at their first update).</param>
/// <param name="CopyOuts">Parameters whose adjoint lived in a local pass it to their gradient.</param>
/// <param name="ValueName">The local the method returns; null for a Pullback.</param>
internal sealed record AdjointMethod(
    ArgumentChecks? Checks,
    IReadOnlyList<TapeDeclaration> Tapes,
    bool CallsFirst,
    IReadOnlyList<GradientClear> Clears,
    bool ZeroesGradients,
    IReadOnlyList<SlotArray> SlotArrays,
    OutputSeed? Seed,
    IReadOnlyList<Line> Prologue,
    bool Guarded,
    KeptOutputs? Kept,
    Sweeps Sweeps,
    int FusedLoops,
    IReadOnlyList<Line> AdjointLocals,
    IReadOnlyList<Line> CopyOuts,
    IReadOnlyList<RentedArray> Rented,
    string? ValueName);

/// <summary>
/// The lines of one method's sweeps. Without fused loops, <see cref="Forward"/> and <see cref="Reverse"/> are the
/// whole method. With fused loops (LoopFusion): <see cref="Forward"/> is the code before them, then come the
/// return's reverse (<see cref="ReturnReverse"/>), the loops (<see cref="Fused"/>: each iteration forward, then
/// reverse) and the value (<see cref="Value"/>); <see cref="Reverse"/> is then only that of the code before the loops.
/// <see cref="ReverseNames"/> holds every name the reverse lines mention: adjoint locals, clears and copy-outs
/// nobody reads are left out.
/// </summary>
internal sealed record Sweeps(LineList Forward, LineList Reverse, LineList? Fused, LineList? ReturnReverse, LineList? Value, HashSet<string> ReverseNames);

/// <summary>
/// The checks at the top of a Gradient or Pullback: every gradient has its input's length or shape and shares no memory
/// with the inputs (nor, in a Gradient, with another gradient).
/// </summary>
/// <param name="MayThrow">
/// The method throws: a null array input then counts as empty, so it reaches the method's own guard, which throws what
/// the original throws.
/// </param>
/// <param name="JaggedRows">The loop counter of each jagged gradient's row checks, in parameter order.</param>
internal sealed record ArgumentChecks(MethodModel Model, SweepMode Mode, bool MayThrow, IReadOnlyList<string> JaggedRows);

/// <summary>A gradient a Gradient sets to zero; a rectangular or jagged one element by element, with these counters.</summary>
internal sealed record GradientClear(ParameterModel Parameter, string? Row = null, string? Column = null);

/// <summary>
/// A vector-valued method's Pullback: its output span's adjoint (<paramref name="Adjoint"/>) starts as a pooled
/// (<paramref name="Rented"/>) copy of the caller's seeds (<paramref name="Seeds"/>).
/// </summary>
internal sealed record OutputSeed(string Element, string Output, string Rented, string Adjoint, string Seeds);

/// <summary>
/// A vector-valued method's Pullback keeps the outputs' final values in a pooled array (<paramref name="Kept"/>) between
/// the sweeps (the reverse sweep restores overwritten elements) and copies them back at the end.
/// </summary>
internal sealed record KeptOutputs(string Element, string Output, string Kept);

/// <summary>
/// The body of a Gradient or Pullback whose sweeps are in the shared core: its checks, in a Gradient
/// (<paramref name="IsGradient"/>) its gradients zeroed, then the call of <paramref name="Core"/>: with seed 1 from a
/// Gradient, which returns its value.
/// </summary>
/// <param name="Core">The core, qualified: <c>this.__GradGen_FCore</c> or <c>global::N.C.__GradGen_FCore</c>.</param>
internal sealed record CoreCall(ArgumentChecks Checks, IReadOnlyList<GradientClear> Clears, string Core, bool IsGradient);
