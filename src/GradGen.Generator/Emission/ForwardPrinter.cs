using System;
using System.Collections.Generic;
using System.Linq;
using GradGen.Generator.Differentiation;
using GradGen.Generator.Differentiation.Forward;
using GradGen.Generator.Helpers;
using GradGen.Generator.Model;

namespace GradGen.Generator.Emission;

/// <summary>
/// Prints the body of a forward-mode model (<see cref="TangentTransform"/>) as one sweep: each statement as the user
/// wrote it, after the statement that computes its tangent. Variables first declared inside a branch or loop are
/// declared at the top (lowered early returns may assign them in two blocks); the others where they were declared.
/// </summary>
internal sealed class ForwardPrinter
{
    private readonly MethodModel _model;
    private readonly NameTable _names;
    private readonly ExprPrinter _printer;
    private readonly string _tangentResult;
    private readonly Expr? _tangent;
    private readonly int _originalVariables;
    private readonly HashSet<int> _hoisted = new();
    private readonly List<string> _declarations = new();
    private readonly LineBuffer _out = new();
    private readonly TangentColumnsPrinter? _columns;
    private readonly HashSet<int> _pooled;
    private readonly List<(string Element, string Name)> _rented = new();

    /// <param name="forward">The forward model; unless the method is vector-valued, its last parameter is the <c>out</c> tangent of the result.</param>
    /// <param name="columns">Where the tangents hold n directions at once (a Jacobian's columns); null for one direction.</param>
    public ForwardPrinter(ForwardModel forward, TangentColumns? columns = null)
    {
        _model = forward.Model;
        _names = new NameTable(_model);
        _printer = new ExprPrinter(_names.Variable);
        _tangentResult = _model.IsVectorValued ? string.Empty : _names.Variable(_model.Parameters[_model.Parameters.Count - 1].VariableId);
        _tangent = forward.TangentResult;
        _originalVariables = forward.OriginalVariableCount;
        _columns = columns is null ? null : new TangentColumnsPrinter(columns, _names, _printer, _out);
        _pooled = PooledArrays.Of(_model);
    }

    /// <summary>The printing of the n-wide tangents, where there are (a Jacobian's columns).</summary>
    public TangentColumnsPrinter? Columns => _columns;

    /// <summary>The names of the printed method's variables.</summary>
    public NameTable Names => _names;

    public void Write(IndentedWriter writer)
    {
        Block(_model.Body, depth: 0);
        foreach (var declaration in _declarations)
        {
            writer.Line(declaration);
        }

        if (_declarations.Count > 0)
        {
            writer.Line();
        }

        _out.WriteTo(writer);
    }

    /// <summary>
    /// Gives the pooled arrays back before the method's single return (not in a finally: a try region would keep the
    /// loops' locals out of registers; if an exception escapes, the GC takes them).
    /// </summary>
    private void ReturnRented()
    {
        foreach (var (element, name) in _rented)
        {
            _out.Line(PooledArray.Return(element, name));
        }
    }

    private void Block(IEnumerable<Stmt> statements, int depth)
    {
        foreach (var statement in statements)
        {
            Statement(statement, depth);
        }
    }

    private void Statement(Stmt statement, int depth)
    {
        if (_columns?.TryWrite(statement) == true)
        {
            return;
        }

        switch (statement)
        {
            case AssignStmt { IsDeclaration: false, Value: BinaryExpr { Op: BinaryOp.Add or BinaryOp.Subtract or BinaryOp.Multiply, Left: VariableExpr self, Overflow: Overflow.Default } update } assign
                when self.VariableId == assign.VariableId && update.Type == _model.Variables[assign.VariableId].Type:
                // 's = s + e' as the user wrote it: 's += e'.
                var op = update.Op == BinaryOp.Add ? " += " : update.Op == BinaryOp.Subtract ? " -= " : " *= ";
                var step = update.Right is LiteralExpr { Text: "1" } && update.Type.Kind == NumericKind.Int && update.Op != BinaryOp.Multiply
                    ? (update.Op == BinaryOp.Add ? "++" : "--")
                    : op + _printer.Print(update.Right).Text;
                _out.Line(_names.Variable(assign.VariableId) + step + ";");
                break;
            case AssignStmt assign:
                Assign(assign.VariableId, _printer.Print(assign.Value).Text, assign.IsDeclaration, depth);
                break;
            case ElementAssignStmt element:
                _out.Line(_names.Variable(element.ArrayId) + "[" + _printer.Print(element.Index).Text + "] = " + _printer.Print(element.Value).Text + ";");
                break;
            case ArrayDeclStmt array:
                var variable = _model.Variables[array.ArrayId];
                var name = _names.Variable(array.ArrayId);
                if (_pooled.Contains(array.ArrayId))
                {
                    var element = variable.Type.Element!.Text;
                    _rented.Add((element, PooledArray.Declare(text => _out.Line("// " + text), (text, _) => _out.Line(text), element, name, array.Length, _printer.Print, _names.FreshNumbered)));
                    break;
                }

                _out.Line(variable.Type.Text + " " + name + " = " + (array.IsStackAlloc ? "stackalloc " : "new ") + variable.Type.Element!.Text + "[" + _printer.Print(array.Length).Text + "];");
                if (array.IsStackAlloc && array.ArrayId >= _originalVariables)
                {
                    // Tangents start at zero, as the method's own array does (stack memory is not zeroed under [SkipLocalsInit]).
                    _out.Line(ZeroFill.Statement(name, variable.Type.Element!.Text));
                }

                break;
            case ExpressionStmt expression:
                _out.Line(_printer.Print(expression.Value).Text + ";");
                break;
            case ReturnStmt when _model.IsVectorValued:
                // The outputs are written where the method writes them.
                ReturnRented();
                break;
            case ReturnStmt ret:
                _out.Line(_tangentResult + " = " + (_tangent is null ? Zero(_model.ReturnType) : _printer.Print(_tangent).Text) + ";");
                ReturnRented();
                _out.Line("return " + _printer.Print(ret.Value).Text + ";");
                break;
            case IfStmt branch:
                _out.Open("if (" + _printer.Print(branch.Condition).Text + ")");
                Block(branch.Then, depth + 1);
                if (branch.Else.Count > 0)
                {
                    _out.Close();
                    _out.Open("else");
                    Block(branch.Else, depth + 1);
                }

                _out.Close();
                break;
            case LoopStmt loop:
                _out.Open(loop.ConditionAtEnd ? "do" : "while (" + _printer.Print(loop.Condition).Text + ")");
                Block(loop.Body, depth + 1);
                Block(loop.Increment, depth + 1);
                if (loop.ConditionAtEnd)
                {
                    _out.CloseWith("} while (" + _printer.Print(loop.Condition).Text + ");");
                }
                else
                {
                    _out.Close();
                }

                break;
            case TangentCallStmt call:
                TangentCallPrinter.Write(call, _model, _names, _printer, _out, (id, value, isDeclaration) => Assign(id, value, isDeclaration, depth));
                break;
            default:
                throw new InvalidOperationException("Unknown statement " + statement.GetType().Name);
        }
    }

    private void Assign(int id, string value, bool isDeclaration, int depth)
    {
        var variable = _model.Variables[id];
        var name = _names.Variable(id);
        // The transform's temporaries are read only in the block that declares them.
        var inPlace = depth == 0 || (id >= _originalVariables && variable.Kind == VariableKind.Temporary);
        if (isDeclaration && inPlace && !_hoisted.Contains(id))
        {
            _out.Line(variable.Type.Text + " " + name + " = " + value + ";");
            return;
        }

        if (isDeclaration && _hoisted.Add(id))
        {
            _declarations.Add(variable.Type.Text + " " + name + " = " + Zero(variable.Type) + ";");
        }

        if (value != name)
        {
            _out.Line(name + " = " + value + ";");
        }
    }

    internal static string Zero(TypeRef type) => type.Kind switch
    {
        NumericKind.Double => "0.0",
        NumericKind.Float => "0f",
        NumericKind.Int => "0",
        NumericKind.Bool => "false",
        _ => "default!",
    };
}
