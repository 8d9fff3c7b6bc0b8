using System.Collections.Generic;
using GradGen.Generator.Helpers;
using GradGen.Generator.Model;

namespace GradGen.Generator.Differentiation.Adjoint;

/// <summary>
/// The reverse of one statement while it is built, passed down explicitly: the lines it adds, the values bound to locals
/// for its derivatives (a value two partial derivatives read is computed once), and for a self-update (<c>v = f(v)</c>
/// with one read of v) the variable whose own contribution is kept apart and written last. Each statement's reverse gets
/// a fresh scope; each branch of a <c>?:</c> a child with its own copy of the bindings (what one branch binds, the other
/// cannot read), sharing the lines and the self-update.
/// <para>
/// With <see cref="Reads"/> (tests only): the variables whose values the derivatives read, which must be among those
/// <see cref="RecordAnalysis"/> assumed the statement's reverse reads: a read it missed is a value nobody restores.
/// </para>
/// </summary>
internal sealed class ReverseScope
{
    private readonly ReverseScope? _root;
    private Code? _selfContribution;

    /// <param name="trackReads">Whether to collect <see cref="Reads"/>.</param>
    public ReverseScope(bool trackReads = false)
        : this(new LineList(), new Dictionary<Expr, Code>(), selfId: -1, root: null, trackReads ? new HashSet<int>() : null)
    {
    }

    private ReverseScope(LineList lines, Dictionary<Expr, Code> bound, int selfId, ReverseScope? root, HashSet<int>? reads)
    {
        Lines = lines;
        Bound = bound;
        SelfId = selfId;
        _root = root;
        Reads = reads;
    }

    /// <summary>The variables whose values this statement's derivatives read, when tracked; else null.</summary>
    public HashSet<int>? Reads { get; }

    /// <summary>Notes that the derivatives read the value of <paramref name="expr"/> (every variable in it).</summary>
    public void Read(Expr expr)
    {
        if (Reads is not null)
        {
            ExprWalker.CollectVariables(expr, Reads);
        }
    }

    public LineList Lines { get; }

    /// <summary>Expressions already computed into a local (or known to equal one) in this statement's reverse.</summary>
    public Dictionary<Expr, Code> Bound { get; }

    /// <summary>The variable of a self-update, whose contribution goes to <see cref="SelfContribution"/>; -1 when none.</summary>
    public int SelfId { get; }

    /// <summary>The adjoint a self-update's variable receives from its one read.</summary>
    public Code? SelfContribution
    {
        get => _root is null ? _selfContribution : _root.SelfContribution;
        set
        {
            if (_root is null)
            {
                _selfContribution = value;
            }
            else
            {
                _root.SelfContribution = value;
            }
        }
    }

    /// <summary>A scope for one branch of a conditional: the same lines and self-update, a copy of the bindings.</summary>
    public ReverseScope Branch() => new(Lines, new Dictionary<Expr, Code>(Bound), SelfId, _root ?? this, Reads);

    /// <summary>The same scope, for the derivatives of a self-update of <paramref name="id"/> (its contribution starts unset).</summary>
    public ReverseScope SelfUpdate(int id) => new(Lines, Bound, id, root: null, Reads);
}
