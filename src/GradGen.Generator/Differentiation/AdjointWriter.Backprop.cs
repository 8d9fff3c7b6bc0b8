using System.Collections.Generic;
using System.Linq;
using GradGen.Generator.Differentiation.Adjoint;
using GradGen.Generator.Helpers;
using GradGen.Generator.Model;

namespace GradGen.Generator.Differentiation;

/// <summary>Derivatives of expressions: how one statement's adjoint reaches the values it read.</summary>
internal sealed partial class AdjointWriter
{
    /// <summary>Adds <paramref name="adjoint"/>·∂expr/∂x to x̄ for every active x in <paramref name="expr"/>.</summary>
    private void Backprop(ReverseScope scope, Expr expr, Code adjoint)
    {
        if (!_activity.IsActive(expr))
        {
            return;
        }

        switch (expr)
        {
            case VariableExpr v when v.VariableId == scope.SelfId:
                scope.SelfContribution = adjoint;
                break;
            case VariableExpr v:
                scope.Lines.Add(Accumulate(Target.Of(AdjointName(v.VariableId)), adjoint));
                break;
            case UnaryExpr { Op: UnaryOp.Negate } u:
                Backprop(scope, u.Operand, Code.Negate(adjoint));
                break;
            case UnaryExpr u:
                Backprop(scope, u.Operand, adjoint);
                break;
            case ConversionExpr c:
                // A conversion between float and double passes the adjoint through, converted back.
                Backprop(scope, c.Operand, Code.Cast(c.Operand.Type.Text, adjoint));
                break;
            case BinaryExpr b:
                BackpropBinary(scope, b, adjoint);
                break;
            case ConditionalExpr c:
                BackpropConditional(scope, c, adjoint);
                break;
            case MathCallExpr m:
                BackpropMath(scope, m, adjoint);
                break;
            case DifferentiableCallExpr d:
                BackpropCall(scope, d, adjoint);
                break;
            case NumericCallExpr n:
                BackpropNumeric(scope, n, adjoint);
                break;
            case ElementExpr e:
                // z = a[i]: ā[i] += z̄
                ReadIndices(scope, e.Index, e.Column);
                scope.Lines.Add(Accumulate(AdjointElement(e.ArrayId, e.Index, e.Column, e.Jagged), adjoint));
                break;
        }
    }

    /// <summary>The indices of an element whose adjoint the derivatives add into (the element's own value is not read).</summary>
    private static void ReadIndices(ReverseScope scope, Expr index, Expr? column)
    {
        scope.Read(index);
        if (column is not null)
        {
            scope.Read(column);
        }
    }

    /// <summary>'target += adjoint;', or 'target -= a;' when the adjoint is '-a'.</summary>
    private static Line Accumulate(Target target, Code adjoint) =>
        adjoint.Negated() is { } subtracted ? new Assign(target, "-=", subtracted) : new Assign(target, "+=", adjoint);

    private void BackpropBinary(ReverseScope scope, BinaryExpr b, Code adjoint)
    {
        var leftActive = _activity.IsActive(b.Left);
        var rightActive = _activity.IsActive(b.Right);
        if (leftActive && rightActive)
        {
            adjoint = BindAdjoint(scope, adjoint, b.Type);
        }

        switch (b.Op)
        {
            case BinaryOp.Add:
                // z = x + y: x̄ += z̄, ȳ += z̄
                Backprop(scope, b.Left, adjoint);
                Backprop(scope, b.Right, adjoint);
                break;
            case BinaryOp.Subtract:
                // z = x - y: x̄ += z̄, ȳ -= z̄
                Backprop(scope, b.Left, adjoint);
                Backprop(scope, b.Right, Code.Negate(adjoint));
                break;
            case BinaryOp.Multiply:
                // z = x * y: x̄ += z̄·y, ȳ += x·z̄; z = x * x: x̄ += 2·x·z̄
                if (leftActive && b.Left == b.Right && b.Left is VariableExpr or ElementExpr)
                {
                    Backprop(scope, b.Left, Code.Multiply(Code.Multiply(Literal(b.Type, 2), Value(scope, b.Left)), adjoint));
                    break;
                }

                // z = (k·x)·x with k inactive (as in '100 * a * a'): x̄ += 2·k·x·z̄, one contribution instead of two.
                if (b.Left is BinaryExpr { Op: BinaryOp.Multiply } scaled && b.Right is VariableExpr or ElementExpr && rightActive
                    && (scaled.Right == b.Right && !_activity.IsActive(scaled.Left) ? scaled.Left : scaled.Left == b.Right && !_activity.IsActive(scaled.Right) ? scaled.Right : null) is { } factor)
                {
                    Backprop(scope, b.Right, Code.Multiply(Code.Multiply(Code.Multiply(Literal(b.Type, 2), Value(scope, factor)), Value(scope, b.Right)), adjoint));
                    break;
                }

                if (leftActive)
                {
                    Backprop(scope, b.Left, Code.Multiply(adjoint, Value(scope, b.Right)));
                }

                if (rightActive)
                {
                    Backprop(scope, b.Right, Code.Multiply(Value(scope, b.Left), adjoint));
                }

                break;
            case BinaryOp.Divide:
                // z = x / y: x̄ += z̄ / y, ȳ -= z̄·x / y²
                if (leftActive)
                {
                    Backprop(scope, b.Left, Code.Divide(adjoint, Value(scope, b.Right)));
                }

                if (rightActive)
                {
                    var y = Value(scope, b.Right);
                    Backprop(scope, b.Right, Code.Negate(Code.Divide(Code.Multiply(adjoint, Value(scope, b.Left)), Code.Multiply(y, y))));
                }

                break;
            case BinaryOp.Remainder:
                // z = x % y = x - trunc(x / y)·y: x̄ += z̄, ȳ -= z̄·trunc(x / y)
                Backprop(scope, b.Left, adjoint);
                if (rightActive)
                {
                    var math = b.Type.Kind == NumericKind.Float ? "global::System.MathF" : "global::System.Math";
                    Backprop(scope, b.Right, Code.Negate(Code.Multiply(adjoint, Code.PureCall(math + ".Truncate", Code.Divide(Value(scope, b.Left), Value(scope, b.Right))))));
                }

                break;
        }
    }

    private void BackpropConditional(ReverseScope scope, ConditionalExpr c, Code adjoint)
    {
        // The branch the forward sweep took gets the whole adjoint; the condition has none.
        adjoint = BindAdjoint(scope, adjoint, c.Type);
        var condition = _printer.Print(c.Condition);
        scope.Read(c.Condition);
        var trueActive = _activity.IsActive(c.WhenTrue);
        var falseActive = _activity.IsActive(c.WhenFalse);
        scope.Lines.Open(new Open(BlockKind.If, trueActive ? condition : Code.Not(condition)));
        Backprop(scope.Branch(), trueActive ? c.WhenTrue : c.WhenFalse, adjoint);
        scope.Lines.Close();
        if (trueActive && falseActive)
        {
            scope.Lines.Open(new Open(BlockKind.Else));
            Backprop(scope.Branch(), c.WhenFalse, adjoint);
            scope.Lines.Close();
        }
    }

    private void BackpropMath(ReverseScope scope, MathCallExpr call, Code adjoint)
    {
        var activeArguments = call.Arguments.Count(_activity.IsActive);
        if (activeArguments > 1)
        {
            adjoint = BindAdjoint(scope, adjoint, call.Type);
        }

        var context = new RuleContext(this, scope, call);
        for (var i = 0; i < call.Arguments.Count; i++)
        {
            if (!_activity.IsActive(call.Arguments[i]))
            {
                continue;
            }

            if (DerivativeRules.TryPartial(call.Function, call.Arguments.Count, context, i, out var p))
            {
                Backprop(scope, call.Arguments[i], Code.Multiply(adjoint, p));
            }
        }
    }

    private void BackpropCall(ReverseScope scope, DifferentiableCallExpr call, Code adjoint)
    {
        // u = G(a, b): G's Pullback adds ū·∂G/∂a to ā and ū·∂G/∂b to b̄.
        var arguments = new List<Code>();
        var refs = new List<Code>();
        var after = new List<(Expr Argument, string Adjoint)>();
        var scratches = new List<(string Element, string Name)>();
        for (var i = 0; i < call.Arguments.Count; i++)
        {
            var argument = call.Arguments[i];
            arguments.Add(_printer.Print(argument));
            scope.Read(argument);
            if (!call.DifferentiableParameters[i])
            {
                continue;
            }

            if (argument.Type.IsRealCollection)
            {
                // An array or span argument: the callee adds into a span of adjoints of the same length.
                refs.Add(CollectionAdjoint(scope, argument, call, scratches));
                continue;
            }

            if (argument is VariableExpr v && _activity.IsActive(v.VariableId))
            {
                refs.Add(Ref(AdjointName(v.VariableId)));
                continue;
            }

            var local = _names.FreshNumbered("_d");
            scope.Lines.Add(new Declare(argument.Type.Text, local, ZeroOf(argument.Type)));
            refs.Add(Ref(local));
            if (_activity.IsActive(argument))
            {
                after.Add((argument, local));
            }
        }

        arguments.Add(adjoint);
        arguments.AddRange(refs);
        scope.Lines.Add(new Evaluate(Code.Call(call.PullbackTarget + "." + call.PullbackName, arguments.ToArray())));
        foreach (var (element, scratch) in scratches)
        {
            scope.Lines.Add(new Evaluate(Code.Call("global::System.Buffers.ArrayPool<" + element + ">.Shared.Return", Code.Name(scratch))));
        }

        foreach (var (argument, local) in after)
        {
            Backprop(scope, argument, Code.Name(local));
        }
    }

    /// <summary>'ref <paramref name="name"/>', an argument the callee adds into.</summary>
    private static Code Ref(string name) => Code.Name(name).Wrap("ref " + name, Precedence.Primary);

    /// <summary>
    /// The opted-in fallback for a call with no derivative: for each active argument, the five-point difference
    /// (8·(f(x+h) − f(x−h)) − (f(x+2h) − f(x−2h))) / 12h with h sized to x and exactly representable.
    /// </summary>
    private void BackpropNumeric(ReverseScope scope, NumericCallExpr call, Code adjoint)
    {
        if (call.Arguments.Count(_activity.IsActive) > 1)
        {
            adjoint = BindAdjoint(scope, adjoint, call.Type);
        }

        var values = call.Arguments.Select(argument => Value(scope, argument)).ToArray();
        for (var i = 0; i < call.Arguments.Count; i++)
        {
            var argument = call.Arguments[i];
            if (!_activity.IsActive(argument))
            {
                continue;
            }

            var type = argument.Type;
            var x = values[i];
            var h = _names.FreshNumbered("_h");
            scope.Lines.Comment(call.Member + ": no derivative, so five-point finite differences in its argument " + (i + 1) + " (Fallback = FiniteDifferences)");
            scope.Lines.Add(new Declare(type.Text, h, Code.Call("global::GradGen.FiniteDifferences.DefaultStep", Code.Atom("global::GradGen.FiniteDifferenceScheme.FivePoint"), x)));
            Code At(double steps)
            {
                var shifted = values.ToArray();
                var offset = steps is 1 or -1 ? Code.Name(h) : Code.Multiply(Literal(type, System.Math.Abs(steps)), Code.Name(h));
                shifted[i] = steps > 0 ? Code.Add(x, offset) : Code.Subtract(x, offset);
                return Code.Call(call.Target + "." + call.Member, shifted);
            }

            var near = Code.Subtract(At(1), At(-1));
            var far = Code.Subtract(At(2), At(-2));
            var derivative = Code.Divide(Code.Subtract(Code.Multiply(Literal(call.Type, 8), near), far), Code.Multiply(Literal(type, 12), Code.Name(h)));
            var name = _names.FreshNumbered("_t");
            scope.Lines.Add(new Declare(call.Type.Text, name, derivative, IsTemp: true));
            Backprop(scope, argument, Code.Multiply(adjoint, Code.Name(name)));
        }
    }

    private Code CollectionAdjoint(ReverseScope scope, Expr argument, DifferentiableCallExpr call, List<(string Element, string Name)> scratches)
    {
        if (argument is VariableExpr v && _activity.IsActive(v.VariableId))
        {
            return Code.Name(AdjointName(v.VariableId));
        }

        if (argument is ViewExpr view && _activity.IsActive(view.ArrayId))
        {
            // A view of a parameter: the callee adds into the same slice of the parameter's gradient.
            return _printer.Slice(Code.Name(AdjointName(view.ArrayId)), view);
        }

        var element = argument.Type.Element!.Text;
        if (argument.Type.IsTwoIndex)
        {
            // Not reached: the parser lets only a differentiable parameter (active) be passed whole (GG0038). Were it reached,
            // a new array of the argument's shape takes the dropped adjoints, so the code stays right.
            var printed = _printer.Print(argument);
            var array = printed.At(Precedence.Primary);
            if (argument.Type.Collection == CollectionKind.Matrix)
            {
                return printed.Wrap("new " + element + "[" + array + ".GetLength(0), " + array + ".GetLength(1)]", Precedence.Primary);
            }

            var row = _names.FreshNumbered("_row");
            return Code.Atom(
                "global::System.Array.ConvertAll(" + array + ", " + row + " => " + row + " is null ? null! : new " + element + "[" + row + ".Length])",
                NameSet.Union(printed.Names, NameSet.Of(row)),
                printed) with { Calls = true };
        }

        // Data passed where the callee differentiates: its adjoints go to a pooled scratch span and are dropped.
        var scratch = _names.FreshNumbered("_scratch");
        var argumentCode = _printer.Print(argument);
        var length = argumentCode.Wrap(argumentCode.At(Precedence.Primary) + ".Length", Precedence.Primary);
        scope.Lines.Add(new Declare(element + "[]", scratch, Code.Call("global::System.Buffers.ArrayPool<" + element + ">.Shared.Rent", length)));
        scratches.Add((element, scratch));
        return Code.Atom("new global::System.Span<" + element + ">(" + scratch + ", 0, " + length.Text + ")", NameSet.Union(NameSet.Of(scratch), length.Names), length);
    }

    /// <summary>
    /// The value of a primal expression at this point of the reverse sweep, bound to a local unless it is a
    /// name or literal. Calls inside it are bound first, so each Math call runs at most once per statement.
    /// </summary>
    private Code Value(ReverseScope scope, Expr expr)
    {
        if (scope.Bound.TryGetValue(expr, out var bound))
        {
            return bound;
        }

        var code = _printer.Print(expr, sub =>
        {
            if (sub is MathCallExpr && !ReferenceEquals(sub, expr))
            {
                return Value(scope, sub);
            }

            if (sub is VariableExpr or ElementExpr or ViewExpr or LengthExpr)
            {
                scope.Read(sub);
            }

            return null;
        });
        if (code.IsSimple || expr is ElementExpr { Index: VariableExpr or LiteralExpr, Column: null or VariableExpr or LiteralExpr })
        {
            return code;
        }

        var name = _names.FreshNumbered("_t");
        scope.Lines.Add(new Declare(expr.Type.Text, name, code, IsTemp: true));
        var local = Code.Name(name);
        scope.Bound[expr] = local;
        return local;
    }

    private Code BindAdjoint(ReverseScope scope, Code adjoint, TypeRef type)
    {
        if (adjoint.IsSimple)
        {
            return adjoint;
        }

        var name = _names.FreshNumbered("_a");
        scope.Lines.Add(new Declare(type.Text, name, adjoint));
        return Code.Name(name);
    }

    private sealed class RuleContext : IRuleContext<Code>
    {
        private readonly AdjointWriter _writer;
        private readonly ReverseScope _scope;
        private readonly MathCallExpr _call;

        public RuleContext(AdjointWriter writer, ReverseScope scope, MathCallExpr call)
        {
            _writer = writer;
            _scope = scope;
            _call = call;
        }

        public Code Arg(int index) => _writer.Value(_scope, _call.Arguments[index]);

        public Code Result() => _writer.Value(_scope, _call);

        public Code Literal(double value) => AdjointWriter.Literal(_call.Type, value);

        public Code Call(string function, params Code[] arguments) => Code.PureCall(_call.ClassName + "." + function, arguments);

        public Code Add(Code left, Code right) => Code.Add(left, right);

        public Code Subtract(Code left, Code right) => Code.Subtract(left, right);

        public Code Multiply(Code left, Code right) => Code.Multiply(left, right);

        public Code Divide(Code left, Code right) => Code.Divide(left, right);

        public Code Negate(Code operand) => Code.Negate(operand);

        public Code Conditional(Code condition, Code whenTrue, Code whenFalse) => Code.Conditional(condition, whenTrue, whenFalse);

        public Code Compare(Code left, string op, Code right) =>
            Code.Binary(left, op, right, op == "==" ? Precedence.Equality : Precedence.Relational);
    }
}
