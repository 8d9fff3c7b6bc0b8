using System;
using System.Collections.Generic;
using System.Linq;
using GradGen.Generator.Differentiation.Adjoint;
using GradGen.Generator.Helpers;
using GradGen.Generator.Model;

namespace GradGen.Generator.Differentiation;

/// <summary>
/// Assignments to locals, parameters and elements, and local array declarations: what each records for the reverse
/// sweep (a tape, a slot, a local, or nothing when the value can be recomputed or stepped back) and the adjoint
/// updates and restores it replays.
/// </summary>
internal sealed partial class AdjointWriter
{
    private Action<ReverseScope> VisitAssign(AssignStmt assign, LineList forward, Recorded recorded, int depth, int loops)
    {
        var id = assign.VariableId;
        var variable = _model.Variables[id];
        var name = _names.Variable(id);
        Line? restore = null;
        if (_records.NeedsRestore(assign) && !_recomputed.Contains(assign))
        {
            restore = InverseStep(assign) ?? new Assign(Target.Of(name), "=", Save(recorded, variable.Type, Code.Name(name), depth, loops));
        }

        var value = PrintTapingResults(assign, assign.Value, id, forward, recorded.Tapes, depth, loops);
        if (assign.IsDeclaration && depth == 0)
        {
            forward.Add(new Declare(variable.Type.Text, name, value));
        }
        else
        {
            if (assign.IsDeclaration)
            {
                HoistVariable(id);
            }

            // 'x = -(-x)' prints its value as 'x': the assignment changes nothing and 'x = x;' is warning CS1717.
            if (assign.IsDeclaration || value.Text != name)
            {
                forward.Add(Assignment(assign, name, value));
            }
        }

        // A declaration at the top level runs once, before anything reads the variable: its adjoint needs no reset.
        return scope => ReverseAssign(scope, assign, restore, resetsAdjoint: !(assign.IsDeclaration && depth == 0));
    }

    /// <summary>'v += c' with c inactive: the adjoint of v passes through unchanged, nothing to do in reverse.</summary>
    private bool IsLinearWithConstant(AssignStmt assign) =>
        Linear(assign) is { } sum && !_activity.IsActive(sum.Right);

    /// <summary>
    /// 'v = v ± e' with e not reading v and one type throughout: the old v passes its adjoint on unchanged (the sum).
    /// </summary>
    private BinaryExpr? Linear(AssignStmt assign) =>
        SelfUpdates.Accumulation(assign) is { } sum && sum.Left.Type == sum.Type && _model.Variables[assign.VariableId].Type == sum.Type
        && !ExprWalker.Reads(sum.Right, assign.VariableId)
            ? sum
            : null;

    /// <summary>
    /// Whether <paramref name="value"/> reads the variable exactly once, outside any '?:' branch or call through a
    /// pullback (those add to adjoints in place, where the contribution cannot be held back).
    /// </summary>
    private static bool ReadsOnceDirectly(Expr value, int id)
    {
        var count = 0;
        var blocked = false;
        Walk(value);
        return count == 1 && !blocked;

        void Walk(Expr expr)
        {
            switch (expr)
            {
                case VariableExpr v when v.VariableId == id:
                    count++;
                    return;
                case ConditionalExpr or DifferentiableCallExpr:
                    blocked |= ExprWalker.Reads(expr, id);
                    break;
            }

            foreach (var child in ExprWalker.Children(expr))
            {
                Walk(child);
            }
        }
    }

    private static Line? SelfUpdate(string adjoint, Code? contribution, TypeRef type)
    {
        if (contribution is not { } code)
        {
            return new Assign(Target.Of(adjoint), "=", ZeroOf(type));
        }

        if (code.Operator == "*" && code.Left is { IsName: true } left && left.Text == adjoint
            && code.Right is { } factor && (factor.IsName || factor.IsLiteral && !factor.IsNegative))
        {
            return new Assign(Target.Of(adjoint), "*=", factor);
        }

        return code.IsName && code.Text == adjoint ? null : new Assign(Target.Of(adjoint), "=", code);
    }

    /// <summary>'s = s + e' reads better as 's += e', and 'i = i + 1' as 'i++'.</summary>
    private static Line Assignment(AssignStmt assign, string name, Code value)
    {
        if (assign.Value is BinaryExpr { Op: BinaryOp.Add or BinaryOp.Subtract or BinaryOp.Multiply or BinaryOp.Divide } b
            && b.Left is VariableExpr v && v.VariableId == assign.VariableId && b.Type == v.Type)
        {
            if (b.Right is LiteralExpr { Text: "1" } && b.Op is BinaryOp.Add or BinaryOp.Subtract && b.Overflow == Overflow.Default)
            {
                return new Step(name, b.Op == BinaryOp.Add);
            }

            var op = b.Op switch
            {
                BinaryOp.Add => "+=",
                BinaryOp.Subtract => "-=",
                BinaryOp.Multiply => "*=",
                _ => "/=",
            };
            if (value.Operator is { } printed && printed + "=" == op && value.Left is { IsName: true } left && left.Text == name)
            {
                return new Assign(Target.Of(name), op, value.Right!.Value.Wrap(value.RightText!, Precedence.Primary));
            }
        }

        return new Assign(Target.Of(name), "=", value);
    }

    /// <summary>An int stepped by a constant ('i++', 'i -= 2') is restored by the opposite step: no tape needed.</summary>
    private Line? InverseStep(AssignStmt assign)
    {
        if (SelfUpdates.IntStep(assign) is { Right: LiteralExpr literal } b)
        {
            var name = _names.Variable(assign.VariableId);
            return literal.Text == "1"
                ? new Step(name, Up: b.Op != BinaryOp.Add)
                : new Assign(Target.Of(name), b.Op == BinaryOp.Add ? "-=" : "+=", Code.Literal(literal.Text, literal.IsNegative));
        }

        return null;
    }

    /// <summary>Records <paramref name="value"/> in the forward sweep; returns the expression that reads it back in the reverse sweep.</summary>
    private Code Save(Recorded recorded, TypeRef type, Code value, int depth, int loops)
    {
        var site = _storage.Place(type, depth, loops, () => _names.FreshNumbered("_s"));
        if (site is RecordSite.Tape tape)
        {
            recorded.Tapes.Add(tape.Name);
        }

        recorded.Saves.Add(site.Record(value));
        return site.Read;
    }

    private void ReverseAssign(ReverseScope scope, AssignStmt assign, Line? restore, bool resetsAdjoint)
    {
        var id = assign.VariableId;
        if (!_activity.IsActive(id))
        {
            restore.AddTo(scope.Lines);
            return;
        }

        var adjoint = AdjointName(id);
        var type = _model.Variables[id].Type;
        var linear = Linear(assign);
        if (restore is null && (linear is not null ? !_activity.IsActive(linear.Right) : !_activity.IsActive(assign.Value) && !resetsAdjoint))
        {
            // Nothing to undo and no adjoint to pass on ('v += 1', a top-level declaration from a constant).
            return;
        }

        scope.Lines.Comment(assign.Source);
        PopTapedResults(scope, assign);
        if (!_activity.IsActive(assign.Value))
        {
            restore.AddTo(scope.Lines);
            if (resetsAdjoint)
            {
                scope.Lines.Add(new Assign(Target.Of(adjoint), "=", ZeroOf(type)));
            }

            return;
        }

        if (linear is not null)
        {
            // v += e: the old v receives v̄ unchanged, so only e needs an adjoint.
            restore.AddTo(scope.Lines);
            Backprop(scope, linear.Right, linear.Op == BinaryOp.Add ? Code.Name(adjoint) : Code.Negate(Code.Name(adjoint)));
            return;
        }

        if (ReadsOnceDirectly(assign.Value, id))
        {
            // v = f(v) with one v: the new v̄ is v̄·∂f/∂v, written once the other operands have their share.
            restore.AddTo(scope.Lines);
            var update = scope.SelfUpdate(id);
            Backprop(update, assign.Value, Code.Name(adjoint));
            if (SelfUpdate(adjoint, update.SelfContribution, type) is { } last)
            {
                scope.Lines.Add(last);
            }

            return;
        }

        if (ExprWalker.Reads(assign.Value, id))
        {
            // v = f(v, …): the old v gets its own contribution, so the incoming adjoint must be taken out first.
            var incoming = _names.FreshNumbered("_a");
            scope.Lines.Add(new Declare(type.Text, incoming, Code.Name(adjoint)));
            scope.Lines.Add(new Assign(Target.Of(adjoint), "=", ZeroOf(type)));
            restore.AddTo(scope.Lines);
            Backprop(scope, assign.Value, Code.Name(incoming));
            return;
        }

        BindStoredResult(scope, assign, Code.Name(_names.Variable(id)), type, copy: restore is not null);
        restore.AddTo(scope.Lines);
        Backprop(scope, assign.Value, Code.Name(adjoint));
        if (resetsAdjoint)
        {
            scope.Lines.Add(new Assign(Target.Of(adjoint), "=", ZeroOf(type)));
        }
    }

    private Action<ReverseScope> VisitElementAssign(ElementAssignStmt assign, LineList forward, Recorded recorded, int depth, int loops)
    {
        var elementType = _model.Variables[assign.ArrayId].Type.Element!;
        var element = PrimalElement(assign);
        Line? restore = null;
        if (_records.NeedsRestore(assign))
        {
            restore = new Assign(element, "=", Save(recorded, elementType, element.Code, depth, loops));
        }

        forward.Add(new Assign(element, "=", PrintTapingResults(assign, assign.Value, assign.ArrayId, forward, recorded.Tapes, depth, loops)));
        return scope => ReverseElementAssign(scope, assign, restore);
    }

    private void ReverseElementAssign(ReverseScope scope, ElementAssignStmt assign, Line? restore)
    {
        var elementType = _model.Variables[assign.ArrayId].Type.Element!;
        if (!_activity.IsActive(assign.ArrayId))
        {
            restore.AddTo(scope.Lines);
            return;
        }

        scope.Lines.Comment(assign.Source);
        PopTapedResults(scope, assign);
        var adjoint = AdjointElement(assign.ArrayId, assign.Index, assign.Column, jagged: false);
        ReadIndices(scope, assign.Index, assign.Column);
        if (!_activity.IsActive(assign.Value))
        {
            scope.Lines.Add(new Assign(adjoint, "=", ZeroOf(elementType)));
            restore.AddTo(scope.Lines);
            return;
        }

        if (SelfUpdates.ElementAccumulation(assign) is { } sum && sum.Type == elementType && !ExprWalker.Reads(sum.Right, assign.ArrayId))
        {
            // a[i] += e: the old a[i] receives ā[i] unchanged, so only e needs an adjoint (and ā[i] is only read).
            restore.AddTo(scope.Lines);
            if (_activity.IsActive(sum.Right))
            {
                var passed = _names.FreshNumbered("_a");
                scope.Lines.Add(new Declare(elementType.Text, passed, adjoint.Code));
                Backprop(scope, sum.Right, sum.Op == BinaryOp.Add ? Code.Name(passed) : Code.Negate(Code.Name(passed)));
            }

            return;
        }

        // The element's adjoint is taken out before the value's contributions come in (the value may read the element).
        var incoming = _names.FreshNumbered("_a");
        scope.Lines.Add(new Declare(elementType.Text, incoming, adjoint.Code));
        scope.Lines.Add(new Assign(adjoint, "=", ZeroOf(elementType)));
        BindStoredResult(scope, assign, PrimalElement(assign).Code, elementType, copy: true);
        restore.AddTo(scope.Lines);
        Backprop(scope, assign.Value, Code.Name(incoming));
    }

    /// <summary>
    /// 'v = Exp(e)': the derivative is the value v holds now, before the restore below gives v its old value back
    /// (copied to a local first if there is a restore; an element is always copied).
    /// </summary>
    private void BindStoredResult(ReverseScope scope, Stmt statement, Code stored, TypeRef type, bool copy)
    {
        if (!_records.ReusesResult(statement))
        {
            return;
        }

        var call = statement is AssignStmt a ? a.Value : ((ElementAssignStmt)statement).Value;
        if (!copy)
        {
            scope.Bound[call] = stored;
            return;
        }

        var name = _names.FreshNumbered("_t");
        scope.Lines.Add(new Declare(type.Text, name, stored, IsTemp: true));
        scope.Bound[call] = Code.Name(name);
    }

    private void VisitArrayDecl(ArrayDeclStmt array, LineList forward)
    {
        var variable = _model.Variables[array.ArrayId];
        var name = _names.Variable(array.ArrayId);
        var element = variable.Type.Element!.Text;
        if (_pooled.Contains(array.ArrayId))
        {
            _storage.Rent(element, Emission.PooledArray.Declare(forward.Comment, (text, names) => forward.Add(new Opaque(text, names)), element, name, array.Length, _printer.Print, _names.FreshNumbered));
        }
        else
        {
            var length = _printer.Print(array.Length);
            var columns = array.Columns is null ? (Code?)null : _printer.Print(array.Columns);
            var text = (array.IsStackAlloc ? "stackalloc " : "new ") + element + "[" + length.Text + (columns is { } c ? ", " + c.Text : string.Empty) + "]";
            forward.Add(new Declare(variable.Type.Text, name, Code.Atom(text, NameSet.Union(length.Names, columns?.Names ?? NameSet.Empty), length, columns ?? length)));
        }

        if (!_activity.IsActive(array.ArrayId))
        {
            return;
        }

        var adjoint = AdjointName(array.ArrayId);
        var span = "global::System.Span<" + element + ">";
        var adjointLength = Code.Atom(name + ".Length", NameSet.Of(name));
        if (array.IsStackAlloc)
        {
            forward.Add(new Declare(span, adjoint, adjointLength.Wrap("stackalloc " + element + "[" + adjointLength.Text + "]", Precedence.Primary)));
        }
        else
        {
            // The adjoint of a heap array comes from the pool, so the gradient allocates no more than the method does.
            var rented = _names.FreshNumbered("_rented");
            _storage.Rent(element, rented);
            forward.Add(new Declare(element + "[]", rented, Code.Call("global::System.Buffers.ArrayPool<" + element + ">.Shared.Rent", adjointLength)));
            forward.Add(new Declare(span, adjoint, Code.Atom("new " + span + "(" + rented + ", 0, " + adjointLength.Text + ")", NameSet.Of(rented, name))));
        }

        // Adjoints start at zero (stack memory is not zeroed under [SkipLocalsInit], pooled arrays never are).
        forward.Add(new Evaluate(Emission.ZeroFill.Call(Code.Name(adjoint), element)));
    }
}
