using GradGen.Generator.Helpers;

namespace GradGen.Generator.Differentiation.Adjoint;

/// <summary>
/// Where a value the forward sweep records for the reverse sweep is kept (<see cref="StorageAllocation.Place"/>): what
/// the forward writes (<see cref="Record"/>) and what the reverse reads (<see cref="Read"/>).
/// </summary>
internal abstract record RecordSite
{
    /// <summary>The code that reads the value back in the reverse sweep.</summary>
    public abstract Code Read { get; }

    /// <summary>The forward line that records <paramref name="value"/>.</summary>
    public abstract Line Record(Code value);

    /// <summary>
    /// A local, outside loops: declared where the value is computed, or (<paramref name="Hoisted"/>) declared before the
    /// forward sweep and assigned in the block that computes it, so the reverse sweep outside that block sees it.
    /// </summary>
    public sealed record Local(string Type, string Name, bool Hoisted) : RecordSite
    {
        public override Code Read => Code.Name(Name);

        public override Line Record(Code value) => Hoisted ? new Assign(Target.Of(Name), "=", value) : new Declare(Type, Name, value);
    }

    /// <summary>An element of a slot array, indexed by the iterations of the loops around it (<see cref="SlotArray"/>).</summary>
    public sealed record Slot(Target Element) : RecordSite
    {
        public override Code Read => Element.Code;

        public override Line Record(Code value) => new Assign(Element, "=", value);
    }

    /// <summary>A tape: pushed in the forward sweep, popped in the reverse sweep, last in first out.</summary>
    public sealed record Tape(string Name) : RecordSite
    {
        public override Code Read => Code.Pop(Name);

        public override Line Record(Code value) => new Evaluate(Code.Call(Code.Name(Name), "Push", value));
    }
}

/// <summary>A <c>GradGen.Tape&lt;T&gt;</c> declared before the forward sweep and disposed after the reverse sweep.</summary>
/// <param name="Managed">Values that hold references: the tape starts empty (stack space cannot hold them).</param>
internal sealed record TapeDeclaration(string Type, string Name, bool Managed);

/// <summary>
/// The array behind the slots recorded at one site: <paramref name="Count"/> elements (<paramref name="Length"/>), on
/// the stack up to <see cref="StorageAllocation.StackSlots"/>, else rented into <paramref name="Rented"/>.
/// </summary>
/// <param name="InFusedBody">Declared before the fused loops (one array serves every iteration of a fused loop), not before the forward sweep.</param>
/// <param name="Managed">Elements that hold references: always pooled (stack space cannot hold them) and cleared on return.</param>
internal sealed record SlotArray(string Element, string Name, string Count, string Rented, string Length, bool InFusedBody, bool Managed = false);

/// <summary>An array rented from the shared pool in the forward sweep and returned at the end of the method.</summary>
internal sealed record RentedArray(string Element, string Name);
