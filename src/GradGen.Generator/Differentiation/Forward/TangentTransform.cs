using System;
using System.Collections.Generic;
using System.Linq;
using System.Threading;
using GradGen.Generator.Analysis;
using GradGen.Generator.Helpers;
using GradGen.Generator.Model;

namespace GradGen.Generator.Differentiation.Forward;

/// <summary>
/// A method's forward-mode model: the original statements interleaved with tangent statements, every tangent an
/// ordinary variable. <see cref="Model"/>'s parameters are the original ones followed by one tangent parameter per
/// differentiable parameter (<see cref="TangentParameters"/>, in the same order); <see cref="TangentResult"/> is the
/// tangent of the returned value (null where it is zero), valid where the model returns. Variables from
/// <see cref="OriginalVariableCount"/> on are the transform's (tangents and temporaries); <see cref="Tangents"/> are the
/// ids of every tangent (of parameters, the output, locals and temporaries), in increasing order.
/// </summary>
internal sealed record ForwardModel(MethodModel Model, Expr? TangentResult, EquatableArray<int> TangentParameters, int OriginalVariableCount, EquatableArray<int> Tangents);

/// <summary>
/// Forward mode as a transform of the model into a model (Enzyme's and Clad's forward mode work so too): for each
/// assignment <c>v = e</c> of an active variable it adds <c>dv = Σ ∂e/∂x · dx</c> just before it, with the partial
/// derivatives of <see cref="DerivativeRules"/> built as model expressions. Because the result is again a model, the
/// Pushforward is printed from it and the Hessian-vector product is its reverse sweep.
/// Calls to Math functions with active arguments are bound to temporaries first (their value and arguments are then
/// read, not computed again), except where the statement has calls with side effects whose order must not change, or
/// inside a branch of <c>?:</c>, where the call must run only when the branch is taken.
/// </summary>
internal sealed class TangentTransform
{
    private readonly List<Variable> _variables;
    private readonly Dictionary<int, int> _tangentOf = new();
    private readonly CancellationToken _cancellationToken;
    private Expr? _tangentResult;

    private TangentTransform(MethodModel model, CancellationToken cancellationToken)
    {
        _variables = model.Variables.ToList();
        _cancellationToken = cancellationToken;
    }

    /// <param name="model">An analysed model (activity known) that <see cref="ForwardSupport"/> accepts.</param>
    /// <param name="tangentName">The name of the tangent parameter of a differentiable parameter.</param>
    public static ForwardModel Transform(MethodModel model, Func<ParameterModel, string> tangentName, CancellationToken cancellationToken = default)
    {
        var transform = new TangentTransform(model, cancellationToken);
        var parameters = model.Parameters.ToList();
        var tangentParameters = new List<int>();
        foreach (var parameter in model.Parameters.Where(p => p.IsDifferentiable))
        {
            var type = parameter.Type.IsRealCollection
                ? new TypeRef("global::System.ReadOnlySpan<" + parameter.Type.Element!.Text + ">", NumericKind.Other, CollectionKind.ReadOnlySpan, parameter.Type.Element)
                : parameter.Type;
            var id = transform.NewVariable(tangentName(parameter), type, VariableKind.Parameter);
            transform._tangentOf[parameter.VariableId] = id;
            tangentParameters.Add(id);
            parameters.Add(new ParameterModel(id, tangentName(parameter), type, GradientName: null));
        }

        if (model.IsVectorValued)
        {
            // The output's tangents: a span the Pushforward writes, after the tangents of the inputs.
            var output = model.Parameters.First(p => p.VariableId == model.OutputId);
            var taken = parameters.Select(p => p.Name).ToList();
            var name = Naming.Unique(Naming.GradientName(output.Name), taken);
            var id = transform.NewVariable(name, output.Type, VariableKind.Parameter);
            transform._tangentOf[output.VariableId] = id;
            parameters.Add(new ParameterModel(id, name, output.Type, GradientName: null));
        }

        foreach (var variable in model.Variables.Where(v => v.IsActive && v.Kind != VariableKind.Parameter))
        {
            transform._tangentOf[variable.Id] = transform.NewVariable(Naming.GradientName(variable.Name), variable.Type, VariableKind.Local);
        }

        var body = transform.Block(model.Body);
        var forward = model with
        {
            Parameters = parameters.Select(p => p with { GradientName = null }).ToEquatableArray(),
            Variables = transform._variables.ToEquatableArray(),
            Body = body.ToEquatableArray(),
        };
        return new ForwardModel(forward, transform._tangentResult, tangentParameters.ToEquatableArray(), model.Variables.Count, transform._tangentOf.Values.OrderBy(id => id).ToEquatableArray());
    }

    private int NewVariable(string name, TypeRef type, VariableKind kind)
    {
        var id = _variables.Count;
        _variables.Add(new Variable(id, name, type, kind, IsActive: true));
        return id;
    }

    private bool IsActive(Expr expr) => ActivityView.IsActive(expr, id => _variables[id].IsActive);

    private List<Stmt> Block(IEnumerable<Stmt> statements)
    {
        var result = new List<Stmt>();
        foreach (var statement in statements)
        {
            _cancellationToken.ThrowIfCancellationRequested();
            Statement(statement, result);
        }

        return result;
    }

    private void Statement(Stmt statement, List<Stmt> output)
    {
        switch (statement)
        {
            case AssignStmt assign when _tangentOf.TryGetValue(assign.VariableId, out var tangent):
                Assign(assign, tangent, output);
                break;
            case ElementAssignStmt element when _tangentOf.TryGetValue(element.ArrayId, out var tangentArray):
                ElementAssign(element, tangentArray, output);
                break;
            case ArrayDeclStmt array when _tangentOf.TryGetValue(array.ArrayId, out var tangentArray):
                output.Add(array);
                output.Add(new ArrayDeclStmt(tangentArray, new LengthExpr(array.ArrayId, TypeRef.Int), array.IsStackAlloc, "tangents of " + array.Source));
                break;
            case ReturnStmt ret:
                var value = Lift(ret.Value, output, Liftable(ret.Value));
                _tangentResult = Tangent(value);
                output.Add(ret with { Value = value });
                break;
            case IfStmt branch:
                output.Add(branch with { Then = Block(branch.Then).ToEquatableArray(), Else = Block(branch.Else).ToEquatableArray() });
                break;
            case LoopStmt loop:
                output.Add(loop with { Body = Block(loop.Body).ToEquatableArray(), Increment = Block(loop.Increment).ToEquatableArray() });
                break;
            case AssignStmt or ElementAssignStmt or ArrayDeclStmt or ExpressionStmt:
                // Inactive: runs as it is.
                output.Add(statement);
                break;
            default:
                throw new InvalidOperationException("Forward mode has no rule for " + statement.GetType().Name);
        }
    }

    private void Assign(AssignStmt assign, int tangent, List<Stmt> output)
    {
        var type = _variables[assign.VariableId].Type;
        if (assign.Value is DifferentiableCallExpr call && IsActive(call))
        {
            output.Add(TangentCall(call, assign.VariableId, tangent, assign.IsDeclaration, assign.Source, output));
            return;
        }

        var value = Lift(assign.Value, output, Liftable(assign.Value));

        // The tangent first: it reads the values the assignment may overwrite (v = v * v).
        output.Add(new AssignStmt(tangent, Tangent(value) ?? TangentRules.Literal(type, 0), assign.IsDeclaration, "tangent of " + assign.Source));
        output.Add(assign with { Value = value });
    }

    private void ElementAssign(ElementAssignStmt element, int tangentArray, List<Stmt> output)
    {
        // C# evaluates the index before the value: binding it first keeps the order, and both writes use it.
        var index = element.Index is VariableExpr or LiteralExpr ? element.Index : Bind(element.Index, output);
        var value = Lift(element.Value, output, Liftable(element.Value));
        var type = _variables[element.ArrayId].Type.Element!;
        output.Add(new ElementAssignStmt(tangentArray, index, Tangent(value) ?? TangentRules.Literal(type, 0), "tangent of " + element.Source));
        output.Add(element with { Index = index, Value = value });
    }

    /// <summary>The call runs once, with arguments bound where not simple; the statement carries the tangents of its arguments.</summary>
    private TangentCallStmt TangentCall(DifferentiableCallExpr call, int result, int tangent, bool isDeclaration, string source, List<Stmt> output)
    {
        var arguments = call.Arguments.Select(a => IsSimple(a) || a.Type.IsRealCollection ? a : Bind(Lift(a, output, Liftable(a)), output)).ToList();
        var tangents = arguments.Select((a, i) => call.DifferentiableParameters[i] && IsActive(a) ? Tangent(a) : null).ToList();
        return new TangentCallStmt(
            result,
            tangent,
            call with { Arguments = arguments.ToEquatableArray() },
            tangents.Select((t, i) => t ?? arguments[i]).ToEquatableArray(),
            tangents.Select(t => t is not null).ToEquatableArray(),
            isDeclaration,
            source);
    }

    /// <summary>
    /// Binds the calls of <paramref name="expr"/> with active arguments to temporaries, with their tangents, in
    /// <paramref name="output"/>; returns the expression reading them. Only where <paramref name="liftable"/>: evaluation
    /// order is kept where the expression has side effects.
    /// </summary>
    private Expr Lift(Expr expr, List<Stmt> output, bool liftable)
    {
        switch (expr)
        {
            case DifferentiableCallExpr call when IsActive(call):
                var id = NewTemporary(call.Type);
                output.Add(TangentCall(call, id, _tangentOf[id], isDeclaration: true, "(a call in) " + call.Name, output));
                return new VariableExpr(id, call.Type);
            case MathCallExpr call when liftable && IsActive(call):
                var arguments = call.Arguments.Select(a => Lift(a, output, liftable)).Select(a => IsSimple(a) || !IsActive(a) ? a : Bind(a, output));
                var bound = call with { Arguments = arguments.ToEquatableArray() };
                var temporary = NewTemporary(call.Type);
                var value = new VariableExpr(temporary, call.Type);
                output.Add(new AssignStmt(temporary, bound, IsDeclaration: true, call.Function));
                output.Add(new AssignStmt(_tangentOf[temporary], MathTangent(bound, value) ?? TangentRules.Literal(call.Type, 0), IsDeclaration: true, "tangent of " + call.Function));
                return value;
            case BinaryExpr { Op: BinaryOp.Add or BinaryOp.Subtract or BinaryOp.Multiply or BinaryOp.Divide or BinaryOp.Remainder } b when liftable:
                return b with { Left = Lift(b.Left, output, liftable), Right = Lift(b.Right, output, liftable) };
            case UnaryExpr u when liftable:
                return u with { Operand = Lift(u.Operand, output, liftable) };
            case ConversionExpr c when liftable:
                return c with { Operand = Lift(c.Operand, output, liftable) };
            default:
                return expr;
        }
    }

    private int NewTemporary(TypeRef type)
    {
        var id = NewVariable("_f", type, VariableKind.Temporary);
        _tangentOf[id] = NewVariable("_df", type, VariableKind.Temporary);
        return id;
    }

    /// <summary>A temporary holding <paramref name="value"/> (and its tangent, when active).</summary>
    private VariableExpr Bind(Expr value, List<Stmt> output)
    {
        if (!IsActive(value))
        {
            var plain = _variables.Count;
            _variables.Add(new Variable(plain, "_f", value.Type, VariableKind.Temporary));
            output.Add(new AssignStmt(plain, value, IsDeclaration: true, "argument"));
            return new VariableExpr(plain, value.Type);
        }

        var id = NewTemporary(value.Type);
        output.Add(new AssignStmt(_tangentOf[id], Tangent(value) ?? TangentRules.Literal(value.Type, 0), IsDeclaration: true, "tangent of an argument"));
        output.Add(new AssignStmt(id, value, IsDeclaration: true, "argument"));
        return new VariableExpr(id, value.Type);
    }

    private static bool IsSimple(Expr expr) => expr is VariableExpr or LiteralExpr or LengthExpr
        || (expr is ElementExpr { Index: VariableExpr or LiteralExpr });

    /// <summary>Whether calls may be taken out of the expression: none of its parts has a side effect whose order matters.</summary>
    private static bool Liftable(Expr expr) => expr switch
    {
        OpaqueExpr { IsInvocation: true } or MemberWriteExpr or ThrowExpr or NumericCallExpr or InterpolatedStringExpr => false,
        _ => ExprWalker.Children(expr).All(Liftable),
    };

    /// <summary>The tangent of an expression whose differentiable calls are bound to temporaries; null where it is zero.</summary>
    private Expr? Tangent(Expr expr)
    {
        if (!IsActive(expr))
        {
            return null;
        }

        var type = expr.Type;
        switch (expr)
        {
            case VariableExpr v:
                return new VariableExpr(_tangentOf[v.VariableId], _variables[_tangentOf[v.VariableId]].Type);
            case ElementExpr e:
                return e with { ArrayId = _tangentOf[e.ArrayId] };
            case ViewExpr view:
                // The same slice of the parameter's tangent, a ReadOnlySpan as the callee's tangents are.
                var tangentType = _variables[_tangentOf[view.ArrayId]].Type;
                return view with { ArrayId = _tangentOf[view.ArrayId], Type = tangentType, Cast = false };
            case UnaryExpr { Op: UnaryOp.Negate } u:
                return TangentRules.Negate(Tangent(u.Operand), type);
            case UnaryExpr { Op: UnaryOp.Plus } u:
                return Tangent(u.Operand);
            case ConversionExpr c:
                return Tangent(c.Operand) is { } operand ? (c.Operand.Type == type ? operand : c with { Operand = operand, Site = -1 }) : null;
            case BinaryExpr b:
                return BinaryTangent(b);
            case ConditionalExpr c:
                var whenTrue = Tangent(c.WhenTrue);
                var whenFalse = Tangent(c.WhenFalse);
                return whenTrue is null && whenFalse is null
                    ? null
                    : new ConditionalExpr(c.Condition, whenTrue ?? TangentRules.Literal(type, 0), whenFalse ?? TangentRules.Literal(type, 0), type);
            case MathCallExpr m:
                return MathTangent(m, m);
            default:
                throw new InvalidOperationException("Forward mode has no rule for " + expr.GetType().Name);
        }
    }

    private Expr? BinaryTangent(BinaryExpr b)
    {
        var type = b.Type;
        var left = Tangent(b.Left);
        var right = Tangent(b.Right);
        switch (b.Op)
        {
            case BinaryOp.Add:
                return TangentRules.Add(left, right, type);
            case BinaryOp.Subtract:
                return TangentRules.Subtract(left, right, type);
            case BinaryOp.Multiply:
                // d(l·r) = dl·r + l·dr
                return TangentRules.Add(TangentRules.Scale(b.Right, left, type), TangentRules.Scale(b.Left, right, type), type);
            case BinaryOp.Divide:
                // d(l/r) = dl/r − l·dr/r²
                var byLeft = left is null ? null : new BinaryExpr(BinaryOp.Divide, left, b.Right, type);
                var byRight = right is null
                    ? null
                    : new BinaryExpr(BinaryOp.Divide, new BinaryExpr(BinaryOp.Multiply, b.Left, right, type), new BinaryExpr(BinaryOp.Multiply, b.Right, b.Right, type), type);
                return TangentRules.Subtract(byLeft, byRight, type);
            case BinaryOp.Remainder:
                // l % r = l − trunc(l/r)·r: d = dl − trunc(l/r)·dr
                var math = type.Kind == NumericKind.Float ? "global::System.MathF" : "global::System.Math";
                var quotient = new MathCallExpr(math, "Truncate", new Expr[] { new BinaryExpr(BinaryOp.Divide, b.Left, b.Right, type) }.ToEquatableArray(), type);
                return TangentRules.Subtract(left, TangentRules.Scale(quotient, right, type), type);
            default:
                return null;
        }
    }

    /// <summary>Σ ∂f/∂aᵢ · daᵢ over the active arguments; <paramref name="result"/> is the call's value (a temporary, or the call).</summary>
    private Expr? MathTangent(MathCallExpr call, Expr result)
    {
        var context = new TangentRules.Context(call, result);
        Expr? sum = null;
        for (var i = 0; i < call.Arguments.Count; i++)
        {
            if (IsActive(call.Arguments[i])
                && Tangent(call.Arguments[i]) is { } argument
                && DerivativeRules.TryPartial(call.Function, call.Arguments.Count, context, i, out var partial))
            {
                sum = TangentRules.Add(sum, TangentRules.Scale(partial, argument, call.Type), call.Type);
            }
        }

        return sum;
    }
}
