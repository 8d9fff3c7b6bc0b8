using System.Collections.Generic;
using System.Linq;
using System.Text.RegularExpressions;
using System.Threading;
using GradGen.Generator.Diagnostics;
using GradGen.Generator.Model;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.Operations;

namespace GradGen.Generator.Parsing;

/// <summary>
/// Walks the IOperation tree of a method body into <see cref="Stmt"/>s and <see cref="Expr"/>s.
/// Anything outside the supported subset becomes a GG0004/GG0005 diagnostic at its own syntax;
/// parsing goes on so one build shows every problem of the method.
/// Jumps are lowered here so the transform sees only structured statements: 'return e' inside a branch or loop
/// becomes '_result = e; _done = true;', 'break' and 'continue' set flags, and whatever follows a statement
/// that may set a flag is wrapped in 'if (!flag)'; loop conditions test the flags first.
/// </summary>
internal sealed partial class BodyParser
{
    private static readonly Regex Whitespace = new(@"\s+", RegexOptions.Compiled);

    private readonly IMethodSymbol _method;
    private readonly List<DiagnosticInfo> _diagnostics;
    private readonly CancellationToken _cancellationToken;
    private readonly Dictionary<ISymbol, int> _ids = new(SymbolEqualityComparer.Default);
    private readonly HashSet<int> _declaredWithoutValue = new();
    private readonly HashSet<int> _refStructs = new();
    private readonly HashSet<ISymbol> _rejected = new(SymbolEqualityComparer.Default);
    private readonly List<Stmt> _pending = new();
    private readonly Dictionary<ILabelSymbol, int> _breakFlags = new(SymbolEqualityComparer.Default);
    private readonly Dictionary<ILabelSymbol, int> _continueFlags = new(SymbolEqualityComparer.Default);
    private readonly HashSet<ILabelSymbol> _switchExits = new(SymbolEqualityComparer.Default);
    private List<Stmt> _current;
    private int _temporaryCount;
    private int _noHoistDepth;
    private string _noHoistPlace = "inside '?:', '&&' or '||'";

    /// <summary>Inside the arguments of a call the compiler may remove (<see cref="MayBeRemoved"/>).</summary>
    private int _removableCallDepth;
    private int _loopDepth;
    private int? _resultId;
    private int? _doneId;
    private string _source = string.Empty;

    /// <summary>The [DifferentiableOutput] span of a vector-valued method: written, never read.</summary>
    private readonly IParameterSymbol? _output;

    public BodyParser(IMethodSymbol method, List<DiagnosticInfo> diagnostics, CancellationToken cancellationToken, IParameterSymbol? output = null)
    {
        _output = output;
        _method = method;
        _diagnostics = diagnostics;
        _cancellationToken = cancellationToken;
        _current = Statements;
    }

    public List<Variable> Variables { get; } = new();

    public List<Stmt> Statements { get; } = new();

    public List<CallSite> CallSites { get; } = new();

    public int DeclareParameter(IParameterSymbol parameter) => Declare(parameter, parameter.Name, parameter.Type, VariableKind.Parameter);

    public void ParseBody(IBlockOperation block)
    {
        _body = block;
        // Only a return that ends the body stays a return; any other needs the result and a 'done' flag. The same walk
        // finds the local functions, inlined where they are called.
        var earlyReturn = false;
        foreach (var operation in block.Descendants())
        {
            earlyReturn |= operation is IReturnOperation ret && ret.Parent != block && IsOwnReturn(ret);
            if (operation is ILocalFunctionOperation function)
            {
                _localFunctions[function.Symbol] = function;
            }
        }

        if (_localFunctions.Count > 0)
        {
            _methodNodes = MethodLimits.Measure(block.Syntax, _cancellationToken).Nodes;
        }

        if (earlyReturn)
        {
            if (!_method.ReturnsVoid)
            {
                var returnType = TypeRefs.From(_method.ReturnType);
                _resultId = DeclareTemporary(returnType, "_result");
                Statements.Add(new AssignStmt(_resultId.Value, Zero(returnType), IsDeclaration: true, "(the result of an early return)"));
            }

            _doneId = DeclareTemporary(TypeRef.Bool, "_done");
            Statements.Add(new AssignStmt(_doneId.Value, BoolLiteral(false), IsDeclaration: true, "(set when a return has run)"));
        }

        var returns = ParseBlock(block.Operations);
        CheckMemberWrites();
        if (_localFunctions.Count > 0)
        {
            // A local function inlined at several calls would repeat each problem of its body once per call.
            var distinct = _diagnostics.Distinct().ToList();
            _diagnostics.Clear();
            _diagnostics.AddRange(distinct);
        }

        if (_method.ReturnsVoid)
        {
            // A vector-valued method: the model still ends in a return, of a constant nothing differentiates.
            Statements.Add(new ReturnStmt(Zero(TypeRef.Double), "(the end of the method)"));
        }
        else if (earlyReturn)
        {
            Statements.Add(new ReturnStmt(Var(_resultId!.Value), "(the return that ran)"));
        }
        else if (!returns && _diagnostics.Count == 0)
        {
            // Every path of a method that returns a value ends in a return, so reaching here means
            // the body ends some other way (a throw); that construct was reported already.
            Unsupported(block, "a body that does not end in 'return'", "end the method with a return statement");
        }
    }

    private int Declare(ISymbol symbol, string name, ITypeSymbol type, VariableKind kind)
    {
        var id = Variables.Count;
        if (type.IsRefLikeType && TypeRefs.From(type).Collection == CollectionKind.None)
        {
            _refStructs.Add(id);
        }

        Variables.Add(new Variable(id, name, TypeRefs.From(type), kind));
        _ids[symbol] = id;
        return id;
    }

    private int DeclareTemporary(TypeRef type, string? name = null)
    {
        var id = Variables.Count;
        Variables.Add(new Variable(id, name ?? "_t" + _temporaryCount++, type, VariableKind.Temporary));
        return id;
    }

    private VariableExpr Var(int id) => new(id, Variables[id].Type);

    private void Add(Stmt statement) => _current.Add(statement);

    private static IOperation Strip(IOperation operation)
    {
        while (operation is IConversionOperation { IsImplicit: true } conversion)
        {
            operation = conversion.Operand;
        }

        return operation;
    }

    private void Flush()
    {
        _current.AddRange(_pending);
        _pending.Clear();
    }

    private static string OneLine(string text) => Whitespace.Replace(text, " ").Trim();
}
