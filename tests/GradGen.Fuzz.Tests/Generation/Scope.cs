using System.Collections.Generic;
using System.Linq;
using GradGen.Fuzz.Tests.Programs;

namespace GradGen.Fuzz.Tests.Generation;

/// <summary>
/// A scalar in scope. <see cref="Bound"/> is an exclusive upper bound of an int's value (ints are never negative).
/// <see cref="ByRef"/>: an <c>in</c> parameter, which a lambda cannot capture (CS1628).
/// </summary>
internal sealed record ScalarVar(string Name, Ty Type, bool Mutable, int Bound = 0, bool ByRef = false);

/// <summary>A <c>Func&lt;T, T&gt;</c> local holding a lambda, called as <c>Name(e)</c>.</summary>
internal sealed record FuncVar(string Name, Ty Type);

/// <summary>
/// An array or span in scope. <see cref="Length"/> is its element count when known when generating (else 0: a
/// helper's parameter, indexed modulo <c>Name.Length</c>); <see cref="Writable"/> for locals. <see cref="IsView"/>: a
/// <c>ReadOnlySpan</c> local viewing a parameter (<c>w0.Slice(1, 3)</c>, <c>w0[..2]</c>), read and passed on, never walked by
/// <c>foreach</c> (GradGen refuses that, GG0004) nor used as a length where a fixed one is needed.
/// </summary>
internal sealed record ArrayVar(string Name, Ty Element, int Length, bool Writable, bool IsSpan, bool Active, bool IsView = false)
{
    public Expr LengthExpr => Length > 0 ? new Lit(Ty.Int, Length) : new VarRef(Ty.Int, Name + ".Length");
}

/// <summary>
/// A rectangular (<c>Name[i, j]</c>) or jagged (<c>Name[i][j]</c>, <see cref="Columns"/> its shortest row) array parameter of
/// <c>Main</c>, read only.
/// </summary>
internal sealed record MatrixVar(string Name, Ty Element, int Rows, int Columns, bool Jagged = false);

/// <summary>What is visible at the current point of generation; blocks push and pop frames.</summary>
internal sealed class Scope
{
    private readonly List<List<ScalarVar>> _scalars = new() { new() };
    private readonly List<List<ArrayVar>> _arrays = new() { new() };
    private readonly List<List<FuncVar>> _funcs = new() { new() };
    private int _next;

    /// <summary>A scope whose fresh names are numbered from <paramref name="first"/> (a local function's, apart from its method's).</summary>
    public Scope(int first = 0) => _next = first;

    public IEnumerable<ScalarVar> Scalars => _scalars.SelectMany(f => f);

    public IEnumerable<ArrayVar> Arrays => _arrays.SelectMany(f => f);

    public IEnumerable<FuncVar> Funcs => _funcs.SelectMany(f => f);

    /// <summary>Rectangular arrays: parameters of <c>Main</c>, visible everywhere in it, never written or passed.</summary>
    public List<MatrixVar> Matrices { get; } = new();

    public string Fresh(string prefix) => prefix + _next++;

    public void Add(ScalarVar v) => _scalars[^1].Add(v);

    public void Add(ArrayVar a) => _arrays[^1].Add(a);

    public void Add(FuncVar f) => _funcs[^1].Add(f);

    public void Push()
    {
        _scalars.Add(new());
        _arrays.Add(new());
        _funcs.Add(new());
    }

    public void Pop()
    {
        _scalars.RemoveAt(_scalars.Count - 1);
        _arrays.RemoveAt(_arrays.Count - 1);
        _funcs.RemoveAt(_funcs.Count - 1);
    }

    public List<ScalarVar> Reals() => Scalars.Where(v => v.Type is Ty.Double or Ty.Float).ToList();

    public List<ScalarVar> Ints() => Scalars.Where(v => v.Type == Ty.Int).ToList();

    public List<ArrayVar> RealArrays() => Arrays.Where(a => a.Element is Ty.Double or Ty.Float).ToList();

    public List<ArrayVar> IntArrays() => Arrays.Where(a => a.Element == Ty.Int).ToList();
}
