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
/// </summary>
internal sealed class ReverseScope
{
    private readonly ReverseScope? _root;
    private Code? _selfContribution;

    public ReverseScope()
        : this(new LineList(), new Dictionary<Expr, Code>(), selfId: -1, root: null)
    {
    }

    private ReverseScope(LineList lines, Dictionary<Expr, Code> bound, int selfId, ReverseScope? root)
    {
        Lines = lines;
        Bound = bound;
        SelfId = selfId;
        _root = root;
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
    public ReverseScope Branch() => new(Lines, new Dictionary<Expr, Code>(Bound), SelfId, _root ?? this);

    /// <summary>The same scope, for the derivatives of a self-update of <paramref name="id"/> (its contribution starts unset).</summary>
    public ReverseScope SelfUpdate(int id) => new(Lines, Bound, id, root: null);
}
