using System;
using System.Collections.Generic;
using System.Linq;
using System.Threading;
using GradGen.Generator.Analysis;
using GradGen.Generator.Differentiation.Adjoint;
using GradGen.Generator.Emission;
using GradGen.Generator.Helpers;
using GradGen.Generator.Model;
using GradGen.Generator.Parsing;

namespace GradGen.Generator.Differentiation;

internal enum SweepMode
{
    /// <summary>Returns the value and writes the gradient: the seed is 1.</summary>
    Gradient,

    /// <summary>Adds seed × gradient to the caller's adjoints: how differentiable calls compose.</summary>
    Pullback,

    /// <summary>
    /// The sweeps a method's Gradient and Pullback share: no argument checks (each caller made its own), adds seed ×
    /// gradient to the gradient arguments and returns the value.
    /// </summary>
    Core,
}

/// <summary>
/// The reverse-mode transform of one method body, written as C#.
/// The forward sweep is the original code, plus what the reverse sweep cannot recompute: the old value of a
/// variable an assignment overwrites (when <see cref="RecordAnalysis"/> says it is read again), which branch
/// an 'if' took, and how many times a loop ran. Outside loops these go into locals; inside loops onto
/// <c>GradGen.Tape&lt;T&gt;</c> stacks (stack space first, then pooled arrays: no allocation once warm), disposed
/// at the end without a try/finally, which would keep the locals of hot loops out of registers.
/// The reverse sweep walks the statements backward, replaying the same branches and trip counts; before it
/// differentiates a statement it restores what that statement overwrote, so every value it reads is the value
/// the forward sweep saw there. For each statement v = e it adds v̄·∂e/∂x to x̄ for every active x that e reads
/// (with +=: a value used twice gets both contributions), then clears v̄.
/// </summary>
internal sealed partial class AdjointWriter
{
    private readonly MethodModel _model;
    private readonly SweepMode _mode;
    private readonly NameTable _names;
    private readonly ExprPrinter _printer;
    private readonly ActivityView _activity;
    private readonly RecordAnalysis _records;
    private readonly HashSet<int> _pooled;
    private readonly CancellationToken _cancellationToken;
    private readonly LoopShapes _loops;
    private readonly HashSet<LoopStmt> _fused;
    private readonly Dictionary<int, string> _adjointNames = new();
    private readonly HashSet<int> _reassignedParameters = new();

    /// <summary>
    /// Parameters whose adjoint is a local copied into the gradient argument at the end: reassigned ones (their first
    /// value's adjoint is what the caller gets), and in a method with loops every scalar one. An out/ref gradient is
    /// memory the JIT updates in place on every iteration (a store through a gradient span might change it), while a
    /// local accumulator stays in a register.
    /// </summary>
    private readonly HashSet<int> _copiedOutParameters = new();
    private readonly List<(string Type, string Name)> _adjointLocals = new();
    private readonly HashSet<int> _hoisted = new();
    private readonly StorageAllocation _storage;
    private string? _valueName;
    private readonly Expr? _returnedValue;
    private readonly string? _outputSeed;

    /// <param name="fusion">The method's model with its fusion plan (<see cref="LoopFusion.Of"/>).</param>
    /// <param name="returnedValue">
    /// What a Gradient returns where it is not the value it differentiates: a Hessian-vector product differentiates the
    /// tangent of the method's value and returns the value itself.
    /// </param>
    /// <param name="outputSeed">
    /// For a vector-valued method's Pullback: the read-only span of seeds of its [DifferentiableOutput] span, copied into
    /// that span's adjoint before the sweeps (the return seeds nothing).
    /// </param>
    /// <param name="analyses">The method's <see cref="AdjointAnalyses"/> when another writer of the same plan has them already.</param>
    public AdjointWriter(LoopFusion.Plan fusion, SweepMode mode, CancellationToken cancellationToken = default, Expr? returnedValue = null, string? outputSeed = null, AdjointAnalyses? analyses = null)
    {
        _returnedValue = returnedValue;
        _outputSeed = outputSeed;
        _cancellationToken = cancellationToken;
        var model = fusion.Model;
        _model = model;
        _mode = mode;
        analyses ??= AdjointAnalyses.Of(fusion, cancellationToken, returnedValue);
        _fused = analyses.Fused;
        _names = new NameTable(model);
        _printer = new ExprPrinter(_names.Variable);
        _activity = analyses.Activity;
        _loops = analyses.Loops;
        _records = analyses.Records;
        _pooled = analyses.Pooled;
        _storage = new StorageAllocation(model, _names, _printer, _loops, _reassignedParameters, () => MayThrow);
        foreach (var statement in StatementWalker.Preorder(model.Body))
        {
            if (statement is AssignStmt assign && model.Variables[assign.VariableId].Kind == VariableKind.Parameter)
            {
                _reassignedParameters.Add(assign.VariableId);
            }
        }

        _copiedOutParameters.UnionWith(_reassignedParameters);
        if (StatementWalker.Preorder(model.Body).Any(s => s is LoopStmt))
        {
            _copiedOutParameters.UnionWith(model.Parameters.Where(p => p.IsDifferentiable && !p.Type.IsRealCollection).Select(p => p.VariableId));
        }
    }

    /// <summary>A Gradient overwrites its gradient arguments: they start at zero, but for those assigned their local adjoint at the end.</summary>
    private List<GradientClear> GradientClears(HashSet<string> reverseNames)
    {
        var clears = new List<GradientClear>();
        if (_mode != SweepMode.Gradient)
        {
            return clears;
        }

        foreach (var parameter in _model.Parameters.Where(p => p.IsDifferentiable))
        {
            if (!(_copiedOutParameters.Contains(parameter.VariableId) && !parameter.Type.IsRealCollection && _activity.IsActive(parameter.VariableId)
                && _adjointNames.TryGetValue(parameter.VariableId, out var adjoint) && reverseNames.Contains(adjoint)))
            {
                clears.Add(Clear(parameter));
            }
        }

        return clears;
    }

    /// <summary>The clear of one gradient, with fresh counters for a rectangular or jagged one.</summary>
    private GradientClear Clear(ParameterModel parameter) => parameter.Type.Collection switch
    {
        _ when !parameter.Type.IsTwoIndex => new GradientClear(parameter),
        CollectionKind.Matrix => new GradientClear(parameter, _names.FreshNumbered("_row"), _names.FreshNumbered("_column")),
        _ => new GradientClear(parameter, _names.FreshNumbered("_row")),
    };

    /// <summary>The argument checks, with a fresh row counter for each jagged gradient.</summary>
    private ArgumentChecks Checks() => new(
        _model,
        _mode,
        MayThrow,
        _model.Parameters.Where(p => p.IsDifferentiable && p.Type.IsTwoIndex && p.Type.Collection != CollectionKind.Matrix).Select(_ => _names.FreshNumbered("_row")).ToList());

    /// <summary>The clean-up passes on a reverse sweep's lines.</summary>
    private void Peephole(LineList reverse)
    {
        var elementAdjoints = ElementAdjointTypes();
        ElementAdjointMerger.HoistInvariant(reverse.Items, elementAdjoints, () => _names.FreshNumbered("_g"));
        ElementAdjointMerger.Merge(reverse.Items, elementAdjoints, () => _names.FreshNumbered("_g"));
        InvariantTemps.Hoist(reverse.Items);
    }

    /// <summary>
    /// A fused loop (LoopFusion): <c>while (cond) { body; body's reverse; step }</c>. The body is written as if it were the
    /// top level of a method run once per iteration: what it saves for its reverse goes into locals, not onto tapes.
    /// </summary>
    private LineList VisitFusedLoop(LoopStmt loop)
    {
        var invariants = HoistInvariants(loop);
        var (bodyForward, bodyReverse) = _storage.InNest(fusedBody: true, () => VisitBlock(loop.Body, depth: 1, loops: 0));
        var (stepForward, _) = VisitBlock(loop.Increment, depth: 1, loops: 0);
        ForgetInvariants(invariants);
        var reverse = bodyReverse();
        Peephole(reverse);
        var lines = new LineList();
        var condition = _printer.Print(loop.Condition);
        if (invariants.Count > 0)
        {
            lines.Open(new Open(BlockKind.If, condition));
            foreach (var (_, _, declaration) in invariants)
            {
                lines.Add(declaration);
            }
        }

        lines.Open(new Open(BlockKind.While, condition));
        lines.Append(bodyForward);
        if (bodyForward.Count > 0 && reverse.Count > 0)
        {
            lines.Blank();
        }

        lines.Append(reverse);
        lines.Append(stepForward);
        lines.Close();
        if (invariants.Count > 0)
        {
            lines.Close();
        }

        return lines;
    }

    /// <summary>Gradient spans of array and span parameters and adjoints of local arrays, with their element types.</summary>
    private Dictionary<string, string> ElementAdjointTypes()
    {
        var types = new Dictionary<string, string>(System.StringComparer.Ordinal);
        foreach (var parameter in _model.Parameters.Where(p => p.GradientName is not null && p.Type.IsRealCollection))
        {
            types[parameter.GradientName!] = parameter.Type.Element!.Text;
        }

        foreach (var row in _adjointRows)
        {
            types[row.Key] = row.Value;
        }

        foreach (var entry in _adjointNames)
        {
            var type = _model.Variables[entry.Key].Type;
            if (type.IsRealCollection)
            {
                types[entry.Value] = type.Element!.Text;
            }
        }

        return types;
    }

    /// <summary>A local the forward and reverse sweeps share although it is first set inside a block: declared at the top.</summary>
    private void Hoist(string type, string name, string initial) => _storage.Declare(type, name, initial);

    private void HoistVariable(int id)
    {
        if (_hoisted.Add(id))
        {
            var variable = _model.Variables[id];
            Hoist(variable.Type.Text, _names.Variable(id), Default(variable.Type));
        }
    }

    private string AdjointName(int id)
    {
        if (_adjointNames.TryGetValue(id, out var name))
        {
            return name;
        }

        var variable = _model.Variables[id];
        var parameter = variable.Kind == VariableKind.Parameter ? _model.Parameters.First(p => p.VariableId == id) : null;
        if (parameter?.GradientName is not null && !_copiedOutParameters.Contains(id))
        {
            // A parameter that is never reassigned accumulates straight into the caller's gradient.
            name = parameter.GradientName;
        }
        else
        {
            var baseName = _names.Variable(id).TrimStart('@');
            name = _names.Fresh(baseName.StartsWith("_", System.StringComparison.Ordinal) ? "_d" + baseName : "_d_" + baseName);
            if (!variable.Type.IsRealCollection)
            {
                // Local arrays get their adjoint storage where they are declared.
                _adjointLocals.Add((variable.Type.Text, name));
            }
        }

        _adjointNames[id] = name;
        return name;
    }

    private static string Zero(TypeRef type) => type.Kind == NumericKind.Float ? "0f" : "0.0";

    private static Code ZeroOf(TypeRef type) => Code.Literal(Zero(type), isNegative: false);

    private static string Default(TypeRef type) => StorageAllocation.Default(type);

    private static Code Literal(TypeRef type, double value) =>
        type.Kind == NumericKind.Float
            ? Code.Literal(CSharpLiterals.Float((float)value), value < 0)
            : Code.Literal(CSharpLiterals.Double(value), value < 0);
}
