using System.Collections.Generic;
using System.Linq;
using System.Text.RegularExpressions;
using GradGen.Generator.Emission;
using GradGen.Generator.Helpers;
using GradGen.Generator.Model;

namespace GradGen.Generator.Differentiation;

internal enum SweepMode
{
    /// <summary>Returns the value and writes the gradient: the seed is 1.</summary>
    Gradient,

    /// <summary>Adds seed × gradient to the caller's adjoints: how differentiable calls compose.</summary>
    Pullback,
}

/// <summary>
/// The reverse-mode transform of one method body, written as C#.
/// The forward sweep is the original code, with the old value of a variable saved just before an assignment
/// overwrites it when the reverse sweep still needs it. The reverse sweep walks the statements backward;
/// before differentiating a statement it restores what that statement overwrote, so every value it reads is
/// the value the forward sweep saw there, and intermediate values are recomputed from those (cheap, exact).
/// For each statement v = e it adds v̄·∂e/∂x to x̄ for every active x that e reads (with +=: a value used twice
/// gets both contributions), then clears v̄ unless e read v itself.
/// </summary>
internal sealed class AdjointWriter
{
    private static readonly Regex SimpleText = new(@"^(@?[A-Za-z_][A-Za-z0-9_]*|[0-9][0-9.Ee+\-]*[fFdDmMuUlL]?)$", RegexOptions.Compiled);

    private readonly MethodModel _model;
    private readonly SweepMode _mode;
    private readonly NameTable _names;
    private readonly ExprPrinter _printer;
    private readonly ActivityView _activity;
    private readonly Dictionary<int, string> _adjointNames = new();
    private readonly HashSet<int> _reassignedParameters = new();
    private readonly Dictionary<int, string> _saves = new();
    private readonly List<(string Type, string Name)> _adjointLocals = new();
    private readonly HashSet<string> _declaredAdjoints = new();
    private Dictionary<Expr, string> _bound = new();
    private LineBuffer _out = new();

    public AdjointWriter(MethodModel model, SweepMode mode)
    {
        _model = model;
        _mode = mode;
        _names = new NameTable(model);
        _printer = new ExprPrinter(_names.Variable);
        _activity = new ActivityView(model);
        foreach (var statement in model.Body)
        {
            if (statement is AssignStmt assign && model.Variables[assign.VariableId].Kind == VariableKind.Parameter)
            {
                _reassignedParameters.Add(assign.VariableId);
            }
        }
    }

    /// <summary>Writes the whole method body into <paramref name="writer"/>.</summary>
    public void Write(IndentedWriter writer)
    {
        var forward = WriteForward(out var valueName);
        var reverse = WriteReverse();

        if (forward.Count > 0)
        {
            writer.Line("// Forward sweep: the original computation.");
            forward.WriteTo(writer);
            writer.Line();
        }

        writer.Line("// Reverse sweep: adjoints (∂result/∂v) flow from the result back to the parameters.");
        if (_mode == SweepMode.Gradient)
        {
            foreach (var parameter in _model.Parameters.Where(p => p.IsDifferentiable))
            {
                writer.Line(parameter.GradientName + " = " + Zero(parameter.Type) + ";");
            }
        }

        foreach (var (type, name) in _adjointLocals)
        {
            if (reverse.Texts.Any(t => ContainsName(t, name)))
            {
                writer.Line(type + " " + name + " = " + Zero(type == "float" ? TypeRef.Float : TypeRef.Double) + ";");
            }
        }

        reverse.WriteTo(writer);
        foreach (var id in _reassignedParameters)
        {
            var parameter = _model.Parameters.FirstOrDefault(p => p.VariableId == id);
            if (parameter?.GradientName is not null && _activity.IsActive(id))
            {
                writer.Line(parameter.GradientName + (_mode == SweepMode.Gradient ? " = " : " += ") + AdjointName(id) + ";");
            }
        }

        if (valueName is not null)
        {
            writer.Line("return " + valueName + ";");
        }
    }

    private LineBuffer WriteForward(out string? valueName)
    {
        valueName = null;
        var buffer = new LineBuffer();
        var body = _model.Body;
        for (var k = 0; k < body.Count; k++)
        {
            switch (body[k])
            {
                case AssignStmt assign:
                    var variable = _model.Variables[assign.VariableId];
                    var name = _names.Variable(assign.VariableId);
                    if (NeedsSave(k))
                    {
                        var save = _names.FreshNumbered("_s");
                        _saves[k] = save;
                        buffer.Line(variable.Type.Text + " " + save + " = " + name + ";");
                    }

                    var value = _printer.Print(assign.Value).Text;
                    buffer.Line(assign.IsDeclaration ? variable.Type.Text + " " + name + " = " + value + ";" : name + " = " + value + ";");
                    break;
                case ExpressionStmt expression:
                    buffer.Line(_printer.Print(expression.Value).Text + ";");
                    break;
                case ReturnStmt ret when _mode == SweepMode.Gradient:
                    valueName = _names.Fresh("_value");
                    buffer.Line(_model.ReturnType.Text + " " + valueName + " = " + _printer.Print(ret.Value).Text + ";");
                    break;
            }
        }

        return buffer;
    }

    /// <summary>
    /// An assignment must save the old value when the reverse sweep of this or an earlier statement reads it:
    /// those run after this statement's reverse, when the variable must hold its old value again.
    /// </summary>
    private bool NeedsSave(int k)
    {
        if (_model.Body[k] is not AssignStmt { IsDeclaration: false } assign)
        {
            return false;
        }

        for (var j = 0; j <= k; j++)
        {
            var reader = _model.Body[j] switch
            {
                AssignStmt a when _activity.IsActive(a.VariableId) && _activity.IsActive(a.Value) => a.Value,
                ReturnStmt r when _activity.IsActive(r.Value) => r.Value,
                _ => null,
            };
            if (reader is not null && ExprWalker.Reads(reader, assign.VariableId))
            {
                return true;
            }
        }

        return false;
    }

    private LineBuffer WriteReverse()
    {
        _out = new LineBuffer();
        var seed = _mode == SweepMode.Gradient ? Literal(_model.ReturnType, 1) : Code.Atom(Naming.Escape(_model.SeedName));
        var body = _model.Body;
        for (var k = body.Count - 1; k >= 0; k--)
        {
            _bound = new Dictionary<Expr, string>();
            switch (body[k])
            {
                case ReturnStmt ret:
                    if (_activity.IsActive(ret.Value))
                    {
                        _out.Line("// " + ret.Source);
                        Backprop(ret.Value, seed);
                    }

                    break;
                case AssignStmt assign:
                    ReverseAssign(k, assign);
                    break;
            }
        }

        return _out;
    }

    private void ReverseAssign(int k, AssignStmt assign)
    {
        var id = assign.VariableId;
        var restore = _saves.TryGetValue(k, out var save) ? _names.Variable(id) + " = " + save + ";" : null;
        if (!_activity.IsActive(id))
        {
            if (restore is not null)
            {
                _out.Line(restore);
            }

            return;
        }

        _out.Line("// " + assign.Source);
        var adjoint = AdjointName(id);
        if (!_activity.IsActive(assign.Value))
        {
            restore.AddTo(_out);
            if (!assign.IsDeclaration)
            {
                _out.Line(adjoint + " = " + Zero(_model.Variables[id].Type) + ";");
            }

            return;
        }

        if (ExprWalker.Reads(assign.Value, id))
        {
            // v = f(v, …): the old v gets its own contribution, so the incoming adjoint must be taken out first.
            var incoming = _names.FreshNumbered("_a");
            _out.Line(_model.Variables[id].Type.Text + " " + incoming + " = " + adjoint + ";");
            _out.Line(adjoint + " = " + Zero(_model.Variables[id].Type) + ";");
            restore.AddTo(_out);
            Backprop(assign.Value, Code.Atom(incoming));
            return;
        }

        restore.AddTo(_out);
        Backprop(assign.Value, Code.Atom(adjoint));
        if (!assign.IsDeclaration)
        {
            _out.Line(adjoint + " = " + Zero(_model.Variables[id].Type) + ";");
        }
    }

    /// <summary>Adds <paramref name="adjoint"/>·∂expr/∂x to x̄ for every active x in <paramref name="expr"/>.</summary>
    private void Backprop(Expr expr, Code adjoint)
    {
        if (!_activity.IsActive(expr))
        {
            return;
        }

        switch (expr)
        {
            case VariableExpr v:
                _out.Line(adjoint.Negated() is { } subtracted
                    ? AdjointName(v.VariableId) + " -= " + subtracted.Text + ";"
                    : AdjointName(v.VariableId) + " += " + adjoint.Text + ";");
                break;
            case UnaryExpr { Op: UnaryOp.Negate } u:
                Backprop(u.Operand, Code.Negate(adjoint));
                break;
            case UnaryExpr u:
                Backprop(u.Operand, adjoint);
                break;
            case ConversionExpr c:
                // A conversion between float and double passes the adjoint through, converted back.
                Backprop(c.Operand, Code.Cast(c.Operand.Type.Text, adjoint));
                break;
            case BinaryExpr b:
                BackpropBinary(b, adjoint);
                break;
            case ConditionalExpr c:
                BackpropConditional(c, adjoint);
                break;
            case MathCallExpr m:
                BackpropMath(m, adjoint);
                break;
            case DifferentiableCallExpr d:
                BackpropCall(d, adjoint);
                break;
        }
    }

    private void BackpropBinary(BinaryExpr b, Code adjoint)
    {
        var leftActive = _activity.IsActive(b.Left);
        var rightActive = _activity.IsActive(b.Right);
        if (leftActive && rightActive)
        {
            adjoint = BindAdjoint(adjoint, b.Type);
        }

        switch (b.Op)
        {
            case BinaryOp.Add:
                // z = x + y: x̄ += z̄, ȳ += z̄
                Backprop(b.Left, adjoint);
                Backprop(b.Right, adjoint);
                break;
            case BinaryOp.Subtract:
                // z = x - y: x̄ += z̄, ȳ -= z̄
                Backprop(b.Left, adjoint);
                Backprop(b.Right, Code.Negate(adjoint));
                break;
            case BinaryOp.Multiply:
                // z = x * y: x̄ += z̄·y, ȳ += x·z̄
                if (leftActive)
                {
                    Backprop(b.Left, Code.Multiply(adjoint, Value(b.Right)));
                }

                if (rightActive)
                {
                    Backprop(b.Right, Code.Multiply(Value(b.Left), adjoint));
                }

                break;
            case BinaryOp.Divide:
                // z = x / y: x̄ += z̄ / y, ȳ -= z̄·x / y²
                if (leftActive)
                {
                    Backprop(b.Left, Code.Divide(adjoint, Value(b.Right)));
                }

                if (rightActive)
                {
                    var y = Value(b.Right);
                    Backprop(b.Right, Code.Negate(Code.Divide(Code.Multiply(adjoint, Value(b.Left)), Code.Multiply(y, y))));
                }

                break;
            case BinaryOp.Remainder:
                // z = x % y = x - trunc(x / y)·y: x̄ += z̄, ȳ -= z̄·trunc(x / y)
                Backprop(b.Left, adjoint);
                if (rightActive)
                {
                    var math = b.Type.Kind == NumericKind.Float ? "global::System.MathF" : "global::System.Math";
                    Backprop(b.Right, Code.Negate(Code.Multiply(adjoint, Code.Call(math + ".Truncate", Code.Divide(Value(b.Left), Value(b.Right))))));
                }

                break;
        }
    }

    private void BackpropConditional(ConditionalExpr c, Code adjoint)
    {
        // The branch the forward sweep took gets the whole adjoint; the condition has none.
        adjoint = BindAdjoint(adjoint, c.Type);
        var condition = _printer.Print(c.Condition);
        var trueActive = _activity.IsActive(c.WhenTrue);
        var falseActive = _activity.IsActive(c.WhenFalse);
        var outer = _bound;
        _out.Open(trueActive ? "if (" + condition.Text + ")" : "if (!" + condition.At(Precedence.Unary) + ")");
        _bound = new Dictionary<Expr, string>(outer);
        Backprop(trueActive ? c.WhenTrue : c.WhenFalse, adjoint);
        _out.Close();
        if (trueActive && falseActive)
        {
            _out.Open("else");
            _bound = new Dictionary<Expr, string>(outer);
            Backprop(c.WhenFalse, adjoint);
            _out.Close();
        }

        _bound = outer;
    }

    private void BackpropMath(MathCallExpr call, Code adjoint)
    {
        var activeArguments = call.Arguments.Count(_activity.IsActive);
        if (activeArguments > 1)
        {
            adjoint = BindAdjoint(adjoint, call.Type);
        }

        var context = new RuleContext(this, call);
        for (var i = 0; i < call.Arguments.Count; i++)
        {
            if (!_activity.IsActive(call.Arguments[i]))
            {
                continue;
            }

            var partial = DerivativeRules.Partial(call.Function, call.Arguments.Count, context, i);
            if (partial is { } p)
            {
                Backprop(call.Arguments[i], Code.Multiply(adjoint, p));
            }
        }
    }

    private void BackpropCall(DifferentiableCallExpr call, Code adjoint)
    {
        // u = G(a, b): G's Pullback adds ū·∂G/∂a to ā and ū·∂G/∂b to b̄.
        var arguments = new List<string>();
        var refs = new List<string>();
        var after = new List<(Expr Argument, string Adjoint)>();
        for (var i = 0; i < call.Arguments.Count; i++)
        {
            var argument = call.Arguments[i];
            arguments.Add(_printer.Print(argument).Text);
            if (!call.DifferentiableParameters[i])
            {
                continue;
            }

            if (argument is VariableExpr v && _activity.IsActive(v.VariableId))
            {
                refs.Add("ref " + AdjointName(v.VariableId));
                continue;
            }

            var local = _names.FreshNumbered("_d");
            _out.Line(argument.Type.Text + " " + local + " = " + Zero(argument.Type) + ";");
            refs.Add("ref " + local);
            if (_activity.IsActive(argument))
            {
                after.Add((argument, local));
            }
        }

        arguments.Add(adjoint.Text);
        arguments.AddRange(refs);
        _out.Line(call.Target + "." + call.Name + "Pullback(" + string.Join(", ", arguments) + ");");
        foreach (var (argument, local) in after)
        {
            Backprop(argument, Code.Atom(local));
        }
    }

    /// <summary>
    /// The value of a primal expression at this point of the reverse sweep, bound to a local unless it is a
    /// name or literal. Calls inside it are bound first, so each Math call runs at most once per statement.
    /// </summary>
    private Code Value(Expr expr)
    {
        if (_bound.TryGetValue(expr, out var bound))
        {
            return Code.Atom(bound);
        }

        var code = _printer.Print(expr, sub => sub is MathCallExpr && !ReferenceEquals(sub, expr) ? Value(sub) : null);
        if (IsSimple(code))
        {
            return code;
        }

        var name = _names.FreshNumbered("_t");
        _out.Line(expr.Type.Text + " " + name + " = " + code.Text + ";");
        _bound[expr] = name;
        return Code.Atom(name);
    }

    private Code BindAdjoint(Code adjoint, TypeRef type)
    {
        if (IsSimple(adjoint))
        {
            return adjoint;
        }

        var name = _names.FreshNumbered("_a");
        _out.Line(type.Text + " " + name + " = " + adjoint.Text + ";");
        return Code.Atom(name);
    }

    private string AdjointName(int id)
    {
        if (_adjointNames.TryGetValue(id, out var name))
        {
            return name;
        }

        var variable = _model.Variables[id];
        var parameter = variable.Kind == VariableKind.Parameter ? _model.Parameters.First(p => p.VariableId == id) : null;
        if (parameter?.GradientName is not null && !_reassignedParameters.Contains(id))
        {
            // A parameter that is never reassigned accumulates straight into the caller's gradient.
            name = parameter.GradientName;
        }
        else
        {
            var baseName = _names.Variable(id).TrimStart('@');
            name = _names.Fresh(baseName.StartsWith("_", System.StringComparison.Ordinal) ? "_d" + baseName : "_d_" + baseName);
            _adjointLocals.Add((variable.Type.Text, name));
        }

        _adjointNames[id] = name;
        return name;
    }

    private static bool IsSimple(Code code) => SimpleText.IsMatch(code.Text) || (code.IsNegative && SimpleText.IsMatch(code.Text.Substring(1)));

    private static bool ContainsName(string text, string name) =>
        Regex.IsMatch(text, @"(?<![A-Za-z0-9_@])" + Regex.Escape(name) + @"(?![A-Za-z0-9_])");

    private static string Zero(TypeRef type) => type.Kind == NumericKind.Float ? "0f" : "0.0";

    private static Code Literal(TypeRef type, double value) =>
        type.Kind == NumericKind.Float
            ? Code.Literal(CSharpLiterals.Float((float)value), value < 0)
            : Code.Literal(CSharpLiterals.Double(value), value < 0);

    private sealed class RuleContext : IRuleContext
    {
        private readonly AdjointWriter _writer;
        private readonly MathCallExpr _call;

        public RuleContext(AdjointWriter writer, MathCallExpr call)
        {
            _writer = writer;
            _call = call;
        }

        public Code Arg(int index) => _writer.Value(_call.Arguments[index]);

        public Code Result() => _writer.Value(_call);

        public Code Literal(double value) => AdjointWriter.Literal(_call.Type, value);

        public Code Call(string function, params Code[] arguments) => Code.Call(_call.ClassName + "." + function, arguments);
    }
}

internal static class RestoreExtensions
{
    public static void AddTo(this string? restore, LineBuffer buffer)
    {
        if (restore is not null)
        {
            buffer.Line(restore);
        }
    }
}
