using System;
using System.Collections.Generic;
using System.Linq;
using System.Threading;
using GradGen.Generator.Differentiation.Adjoint;
using GradGen.Generator.Helpers;
using GradGen.Generator.Model;

namespace GradGen.Generator.Differentiation;

/// <summary>
/// Statements: each visit returns the statement's forward code and its reverse code together, so what the
/// forward sweep records (a saved value, a branch, a trip count) and what the reverse sweep reads back are
/// decided in one place. <c>depth</c> counts enclosing blocks, <c>loops</c> enclosing loops.
/// </summary>
internal sealed partial class AdjointWriter
{
    /// <summary>
    /// Forward code now; reverse code as a function run later, last statement first, so the reverse sweep's
    /// locals are numbered in the order a reader meets them. The values a statement saves for the reverse sweep are
    /// recorded as early in the block as they can be (above statements that neither change them nor use the same
    /// tape): a tape push can call into the pool, and a call between a loop's accumulator and the loop would keep
    /// the accumulator out of registers for the whole loop.
    /// </summary>
    private (LineList Forward, Func<LineList> Reverse) VisitBlock(IReadOnlyList<Stmt> statements, int depth, int loops)
    {
        var entries = new List<Entry>();
        var reverses = new List<Func<LineList>>();
        Stmt? previous = null;
        foreach (var statement in statements)
        {
            _cancellationToken.ThrowIfCancellationRequested();
            _saveTapes = new HashSet<string>();
            var (saves, f, r) = Visit(statement, depth, loops, previous);
            var entry = new Entry(statement, saves, f, _saveTapes);
            var position = entries.Count;
            if (saves.Count > 0 && entry.Tapes.Count > 0)
            {
                var reads = SaveReads(statement);
                while (position > 0 && entries[position - 1].Movable && !entries[position - 1].Writes.Overlaps(reads) && !entries[position - 1].Tapes.Overlaps(entry.Tapes))
                {
                    position--;
                }

                if (position < entries.Count)
                {
                    entries[position].Prefix.Append(saves);
                    entry = entry with { Saves = new LineList() };
                }
            }

            entries.Add(entry);
            reverses.Add(r);
            previous = statement;
        }

        var forward = new LineList();
        var afterBlock = false;
        foreach (var entry in entries)
        {
            var lines = new LineList();
            lines.Append(entry.Prefix);
            lines.Append(entry.Saves);
            lines.Append(entry.Forward);
            if (afterBlock && lines.Count > 0)
            {
                forward.Blank();
            }

            forward.Append(lines);
            afterBlock = lines.Count > 0 ? lines.Last is Close : afterBlock;
        }

        return (forward, () =>
        {
            var reverse = new LineList();
            for (var i = reverses.Count - 1; i >= 0; i--)
            {
                reverse.Append(reverses[i]());
            }

            return reverse;
        });
    }

    private HashSet<string> _saveTapes = new();
    private LineList _saves = new();

    /// <summary>One statement's forward code in a block: saves moved up from later statements, its own saves, its code.</summary>
    private sealed record Entry(Stmt Statement, LineList Saves, LineList Forward, HashSet<string> Tapes)
    {
        public LineList Prefix { get; } = new();

        public bool Movable => Statement is AssignStmt or ElementAssignStmt or ExpressionStmt;

        public HashSet<int> Writes { get; } = Statement switch
        {
            AssignStmt a => new HashSet<int> { a.VariableId },
            ElementAssignStmt e => new HashSet<int> { e.ArrayId },
            _ => new HashSet<int>(),
        };
    }

    /// <summary>What a statement's save reads: the variable, or the array and the index's variables.</summary>
    private static HashSet<int> SaveReads(Stmt statement)
    {
        var reads = new HashSet<int>();
        switch (statement)
        {
            case AssignStmt a:
                reads.Add(a.VariableId);
                break;
            case ElementAssignStmt e:
                reads.Add(e.ArrayId);
                ExprWalker.CollectVariables(e.Index, reads);
                if (e.Column is not null)
                {
                    ExprWalker.CollectVariables(e.Column, reads);
                }

                break;
        }

        return reads;
    }

    private (LineList Saves, LineList Forward, Func<LineList> Reverse) Visit(Stmt statement, int depth, int loops, Stmt? previous)
    {
        var forward = new LineList();
        var saves = new LineList();
        _saves = saves;
        Action? reverse = null;
        switch (statement)
        {
            case AssignStmt assign:
                reverse = VisitAssign(assign, forward, depth, loops);
                break;
            case ElementAssignStmt element:
                reverse = VisitElementAssign(element, forward, depth, loops);
                break;
            case ArrayDeclStmt array:
                VisitArrayDecl(array, forward);
                break;
            case ExpressionStmt expression:
                forward.Add(new Evaluate(_printer.Print(expression.Value)));
                break;
            case ReturnStmt ret:
                if (_mode != SweepMode.Pullback)
                {
                    _valueName = _names.Fresh("_value");
                    forward.Add(new Declare(_model.ReturnType.Text, _valueName, _printer.Print(_returnedValue ?? ret.Value)));
                }
                else if (Throws.In(ret.Value))
                {
                    // A Pullback returns no value, but must throw where the method throws.
                    forward.Add(new Assign(Target.Of("_"), "=", _printer.Print(ret.Value)));
                }

                if (_activity.IsActive(ret.Value))
                {
                    reverse = () =>
                    {
                        _out.Comment(ret.Source.StartsWith("(", StringComparison.Ordinal) ? "return " + _printer.Print(ret.Value).Text + "; " + ret.Source : ret.Source);
                        var seed = _mode == SweepMode.Gradient ? Literal(_model.ReturnType, 1) : Code.Name(Naming.Escape(_model.SeedName));
                        Backprop(ret.Value, seed);
                    };
                }

                break;
            case IfStmt branch:
                var (ifForward, ifReverse) = VisitIf(branch, depth, loops);
                return (saves, ifForward, ifReverse);
            case LoopStmt loop:
                var (loopForward, loopReverse) = VisitLoop(loop, depth, loops, previous);
                return (saves, loopForward, loopReverse);
        }

        return (saves, forward, () =>
        {
            _out = new LineList();
            _bound = new Dictionary<Expr, Code>();
            reverse?.Invoke();
            return _out;
        });
    }

    /// <summary>Whether a statement has anything to do in the reverse sweep (decides whether branches and trip counts are recorded).</summary>
    private bool HasReverse(Stmt statement) => statement switch
    {
        AssignStmt a => (_records.NeedsRestore(a) && !_recomputed.Contains(a)) || (_activity.IsActive(a.VariableId) && !IsLinearWithConstant(a)),
        ElementAssignStmt e => _activity.IsActive(e.ArrayId) || _records.NeedsRestore(e),
        ReturnStmt r => _activity.IsActive(r.Value),
        IfStmt i => i.Then.Any(HasReverse) || i.Else.Any(HasReverse),
        LoopStmt l => l.Body.Any(HasReverse) || l.Increment.Any(HasReverse),
        _ => false,
    };

    private Action VisitAssign(AssignStmt assign, LineList forward, int depth, int loops)
    {
        var id = assign.VariableId;
        var variable = _model.Variables[id];
        var name = _names.Variable(id);
        Line? restore = null;
        if (_records.NeedsRestore(assign) && !_recomputed.Contains(assign))
        {
            restore = InverseStep(assign) ?? new Assign(Target.Of(name), "=", Save(variable.Type, Code.Name(name), depth, loops));
        }

        var value = PrintTapingResults(assign, assign.Value, id, forward, depth, loops);
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
        return () => ReverseAssign(assign, restore, resetsAdjoint: !(assign.IsDeclaration && depth == 0));
    }

    /// <summary>'v += c' with c inactive: the adjoint of v passes through unchanged, nothing to do in reverse.</summary>
    private bool IsLinearWithConstant(AssignStmt assign) =>
        assign.Value is BinaryExpr { Op: BinaryOp.Add or BinaryOp.Subtract, Left: VariableExpr self } sum
        && self.VariableId == assign.VariableId && self.Type == sum.Type && _model.Variables[assign.VariableId].Type == sum.Type
        && !ExprWalker.Reads(sum.Right, assign.VariableId) && !_activity.IsActive(sum.Right);

    private int _selfId = -1;
    private Code? _selfContribution;

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
        if (assign.Value is BinaryExpr { Op: BinaryOp.Add or BinaryOp.Subtract, Left: VariableExpr v, Right: LiteralExpr literal } b
            && v.VariableId == assign.VariableId && b.Type.Kind == NumericKind.Int && v.Type.Kind == NumericKind.Int)
        {
            var name = _names.Variable(assign.VariableId);
            return literal.Text == "1"
                ? new Step(name, Up: b.Op != BinaryOp.Add)
                : new Assign(Target.Of(name), b.Op == BinaryOp.Add ? "-=" : "+=", Code.Literal(literal.Text, literal.IsNegative));
        }

        return null;
    }

    /// <summary>Records <paramref name="value"/> in the forward sweep; returns the expression that reads it back in the reverse sweep.</summary>
    private Code Save(TypeRef type, Code value, int depth, int loops)
    {
        if (loops > 0 && SlotAt(type.Text, type.IsManaged) is { } slot)
        {
            _saves.Add(new Assign(slot, "=", value));
            return slot.Code;
        }

        if (loops > 0)
        {
            var tape = Tape(type.Text, type.IsManaged);
            _saveTapes.Add(tape);
            _saves.Add(Push(tape, value));
            return Code.Pop(tape);
        }

        var save = _names.FreshNumbered("_s");
        if (depth == 0)
        {
            _saves.Add(new Declare(type.Text, save, value));
        }
        else
        {
            Hoist(type.Text, save, Default(type));
            _saves.Add(new Assign(Target.Of(save), "=", value));
        }

        return Code.Name(save);
    }

    /// <summary>'<paramref name="tape"/>.Push(<paramref name="value"/>);'.</summary>
    private static Line Push(string tape, Code value) => new Evaluate(Code.Call(Code.Name(tape), "Push", value));

    private void ReverseAssign(AssignStmt assign, Line? restore, bool resetsAdjoint)
    {
        var id = assign.VariableId;
        if (!_activity.IsActive(id))
        {
            restore.AddTo(_out);
            return;
        }

        var adjoint = AdjointName(id);
        var type = _model.Variables[id].Type;
        var linear = assign.Value is BinaryExpr { Op: BinaryOp.Add or BinaryOp.Subtract, Left: VariableExpr self } sum
            && self.VariableId == id && self.Type == type && sum.Type == type && !ExprWalker.Reads(sum.Right, id)
            ? sum
            : null;
        if (restore is null && (linear is not null ? !_activity.IsActive(linear.Right) : !_activity.IsActive(assign.Value) && !resetsAdjoint))
        {
            // Nothing to undo and no adjoint to pass on ('v += 1', a top-level declaration from a constant).
            return;
        }

        _out.Comment(assign.Source);
        PopTapedResults(assign);
        if (!_activity.IsActive(assign.Value))
        {
            restore.AddTo(_out);
            if (resetsAdjoint)
            {
                _out.Add(new Assign(Target.Of(adjoint), "=", ZeroOf(type)));
            }

            return;
        }

        if (linear is not null)
        {
            // v += e: the old v receives v̄ unchanged, so only e needs an adjoint.
            restore.AddTo(_out);
            Backprop(linear.Right, linear.Op == BinaryOp.Add ? Code.Name(adjoint) : Code.Negate(Code.Name(adjoint)));
            return;
        }

        if (ReadsOnceDirectly(assign.Value, id))
        {
            // v = f(v) with one v: the new v̄ is v̄·∂f/∂v, written once the other operands have their share.
            restore.AddTo(_out);
            _selfId = id;
            _selfContribution = null;
            Backprop(assign.Value, Code.Name(adjoint));
            _selfId = -1;
            if (SelfUpdate(adjoint, _selfContribution, type) is { } update)
            {
                _out.Add(update);
            }

            return;
        }

        if (ExprWalker.Reads(assign.Value, id))
        {
            // v = f(v, …): the old v gets its own contribution, so the incoming adjoint must be taken out first.
            var incoming = _names.FreshNumbered("_a");
            _out.Add(new Declare(type.Text, incoming, Code.Name(adjoint)));
            _out.Add(new Assign(Target.Of(adjoint), "=", ZeroOf(type)));
            restore.AddTo(_out);
            Backprop(assign.Value, Code.Name(incoming));
            return;
        }

        BindStoredResult(assign, Code.Name(_names.Variable(id)), type, copy: restore is not null);
        restore.AddTo(_out);
        Backprop(assign.Value, Code.Name(adjoint));
        if (resetsAdjoint)
        {
            _out.Add(new Assign(Target.Of(adjoint), "=", ZeroOf(type)));
        }
    }

    private Action VisitElementAssign(ElementAssignStmt assign, LineList forward, int depth, int loops)
    {
        var elementType = _model.Variables[assign.ArrayId].Type.Element!;
        var element = PrimalElement(assign);
        Line? restore = null;
        if (_records.NeedsRestore(assign))
        {
            restore = new Assign(element, "=", Save(elementType, element.Code, depth, loops));
        }

        forward.Add(new Assign(element, "=", PrintTapingResults(assign, assign.Value, assign.ArrayId, forward, depth, loops)));
        return () => ReverseElementAssign(assign, restore);
    }

    private void ReverseElementAssign(ElementAssignStmt assign, Line? restore)
    {
        var elementType = _model.Variables[assign.ArrayId].Type.Element!;
        if (!_activity.IsActive(assign.ArrayId))
        {
            restore.AddTo(_out);
            return;
        }

        _out.Comment(assign.Source);
        PopTapedResults(assign);
        var adjoint = AdjointElement(assign.ArrayId, assign.Index, assign.Column, jagged: false);
        if (!_activity.IsActive(assign.Value))
        {
            _out.Add(new Assign(adjoint, "=", ZeroOf(elementType)));
            restore.AddTo(_out);
            return;
        }

        if (assign.Value is BinaryExpr { Op: BinaryOp.Add or BinaryOp.Subtract, Left: ElementExpr self } sum
            && self.ArrayId == assign.ArrayId && self.Index == assign.Index && self.Column == assign.Column && sum.Type == elementType
            && !ExprWalker.Reads(sum.Right, assign.ArrayId))
        {
            // a[i] += e: the old a[i] receives ā[i] unchanged, so only e needs an adjoint (and ā[i] is only read).
            restore.AddTo(_out);
            if (_activity.IsActive(sum.Right))
            {
                var passed = _names.FreshNumbered("_a");
                _out.Add(new Declare(elementType.Text, passed, adjoint.Code));
                Backprop(sum.Right, sum.Op == BinaryOp.Add ? Code.Name(passed) : Code.Negate(Code.Name(passed)));
            }

            return;
        }

        // The element's adjoint is taken out before the value's contributions come in (the value may read the element).
        var incoming = _names.FreshNumbered("_a");
        _out.Add(new Declare(elementType.Text, incoming, adjoint.Code));
        _out.Add(new Assign(adjoint, "=", ZeroOf(elementType)));
        BindStoredResult(assign, PrimalElement(assign).Code, elementType, copy: true);
        restore.AddTo(_out);
        Backprop(assign.Value, Code.Name(incoming));
    }

    /// <summary>
    /// 'v = Exp(e)': the derivative is the value v holds now, before the restore below gives v its old value back
    /// (copied to a local first if there is a restore; an element is always copied).
    /// </summary>
    private void BindStoredResult(Stmt statement, Code stored, TypeRef type, bool copy)
    {
        if (!_records.ReusesResult(statement))
        {
            return;
        }

        var call = statement is AssignStmt a ? a.Value : ((ElementAssignStmt)statement).Value;
        if (!copy)
        {
            _bound[call] = stored;
            return;
        }

        var name = _names.FreshNumbered("_t");
        _out.Add(new Declare(type.Text, name, stored, IsTemp: true));
        _bound[call] = Code.Name(name);
    }

    private void VisitArrayDecl(ArrayDeclStmt array, LineList forward)
    {
        var variable = _model.Variables[array.ArrayId];
        var name = _names.Variable(array.ArrayId);
        var element = variable.Type.Element!.Text;
        if (_pooled.Contains(array.ArrayId))
        {
            _rented.Add((element, Emission.PooledArray.Declare(forward.Comment, (text, names) => forward.Add(new Opaque(text, names)), element, name, array.Length, _printer.Print, _names.FreshNumbered)));
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
            _rented.Add((element, rented));
            forward.Add(new Declare(element + "[]", rented, Code.Call("global::System.Buffers.ArrayPool<" + element + ">.Shared.Rent", adjointLength)));
            forward.Add(new Declare(span, adjoint, Code.Atom("new " + span + "(" + rented + ", 0, " + adjointLength.Text + ")", NameSet.Of(rented, name))));
        }

        // Adjoints start at zero (stack memory is not zeroed under [SkipLocalsInit], pooled arrays never are).
        forward.Add(new Evaluate(Emission.ZeroFill.Call(Code.Name(adjoint), element)));
    }

    private (LineList Forward, Func<LineList> Reverse) VisitIf(IfStmt branch, int depth, int loops)
    {
        var (thenForward, thenReverse) = VisitBlock(branch.Then, depth + 1, loops);
        var (elseForward, elseReverse) = VisitBlock(branch.Else, depth + 1, loops);
        var condition = _printer.Print(branch.Condition);
        var forward = new LineList();
        if (!HasReverse(branch))
        {
            WriteBranches(forward, condition, thenForward, elseForward);
            return (forward, () => new LineList());
        }

        Code taken;
        if (loops == 0)
        {
            // Runs at most once: a local remembers the branch.
            var bit = _names.FreshNumbered("_b");
            if (depth == 0)
            {
                forward.Add(new Declare("bool", bit, condition));
            }
            else
            {
                Hoist("bool", bit, "false");
                forward.Add(new Assign(Target.Of(bit), "=", condition));
            }

            taken = Code.Name(bit);
            WriteBranches(forward, taken, thenForward, elseForward);
        }
        else if (SlotAt("bool") is { } slot)
        {
            thenForward.Add(new Assign(slot, "=", Code.Literal("true", false)));
            elseForward.Add(new Assign(slot, "=", Code.Literal("false", false)));
            WriteBranches(forward, condition, thenForward, elseForward);
            taken = slot.Code;
        }
        else
        {
            // Inside a loop each run pushes its branch last, so the reverse sweep pops it first.
            var tape = Tape("bool");
            thenForward.Add(Push(tape, Code.Literal("true", false)));
            elseForward.Add(Push(tape, Code.Literal("false", false)));
            WriteBranches(forward, condition, thenForward, elseForward);
            taken = Code.Pop(tape);
        }

        return (forward, () =>
        {
            var reverse = new LineList();
            reverse.Comment(branch.Source.StartsWith("(", StringComparison.Ordinal) ? "if (" + condition.Text + ")" : branch.Source);
            var (then, otherwise) = (thenReverse(), elseReverse());
            if (then.Count == 0 && otherwise.Count == 0 && loops > 0)
            {
                // Nothing to replay, but the recorded branch must still come off the tape.
                reverse.Add(new Evaluate(taken));
            }

            WriteBranches(reverse, taken, then, otherwise);
            return reverse;
        });
    }

    private static void WriteBranches(LineList output, Code condition, LineList then, LineList otherwise)
    {
        if (then.Count == 0 && otherwise.Count == 0)
        {
            return;
        }

        if (then.Count == 0)
        {
            output.Open(new Open(BlockKind.If, Negate(condition)));
            output.Append(otherwise);
            output.Close();
            return;
        }

        output.Open(new Open(BlockKind.If, condition));
        output.Append(then);
        output.Close();
        if (otherwise.Count > 0)
        {
            output.Open(new Open(BlockKind.Else));
            output.Append(otherwise);
            output.Close();
        }
    }

    /// <summary>'!c' of a name is 'c'; anything else gets a '!'.</summary>
    private static Code Negate(Code condition) =>
        condition.Complemented is { IsName: true } name ? name : Code.Not(condition);

    private (LineList Forward, Func<LineList> Reverse) VisitLoop(LoopStmt loop, int depth, int loops, Stmt? previous)
    {
        var recompute = Canonical(loop, previous) is { } counterLoop ? Recomputable(loop, counterLoop.Counter) : new List<AssignStmt>();
        foreach (var statement in recompute)
        {
            _recomputed.Add(statement);
        }

        var invariants = HoistInvariants(loop);
        var invariantLines = invariants.Select(h => h.Declaration).ToList();
        // A top-level loop starts a nest of slots (AdjointWriter.Slots).
        var ownsSlots = _slotNest is null && depth == 0 && loops == 0;
        if (ownsSlots)
        {
            _slotNest = new List<SlotLevel?>();
        }

        var (bodyForward, bodyReverse) = InSlotLevel(loop, () => VisitBlock(loop.Body, depth + 1, loops + 1));
        var (stepForward, stepReverse) = InSlotLevel(null, () => VisitBlock(loop.Increment, depth + 1, loops + 1));
        ForgetInvariants(invariants);
        var condition = _printer.Print(loop.Condition);
        var forward = new LineList();
        if (ownsSlots)
        {
            _slotNest = null;
        }

        var canonical = HasReverse(loop) ? Canonical(loop, previous) : null;
        string? counter = null;
        if (HasReverse(loop) && canonical is null)
        {
            // The trip count: the reverse sweep runs the body's adjoint that many times, last iteration first.
            counter = _names.FreshNumbered("_n");
            if (loops == 0 && depth > 0)
            {
                Hoist("int", counter, "0");
            }
            else
            {
                forward.Add(new Declare("int", counter, Code.Literal("0", false)));
            }
        }

        var guarded = invariantLines.Count > 0 && !loop.ConditionAtEnd;
        if (guarded)
        {
            // The invariants are computed only if the loop runs: an index valid in every iteration need not be otherwise.
            forward.Open(new Open(BlockKind.If, condition));
        }

        foreach (var line in invariantLines)
        {
            forward.Add(line);
        }

        forward.Open(loop.ConditionAtEnd ? new Open(BlockKind.Do) : new Open(BlockKind.While, condition));
        if (counter is not null)
        {
            forward.Add(new Step(counter, Up: true));
        }

        forward.Append(bodyForward);
        forward.Append(stepForward);
        if (loop.ConditionAtEnd)
        {
            forward.Close(new Close(condition));
        }
        else
        {
            forward.Close();
        }

        if (guarded)
        {
            forward.Close();
        }

        if (canonical is { } c)
        {
            // for (i = a; …; i++): the counter itself says how many iterations ran. Stepping it back to a replays
            // them, with i at each iteration's value, and leaves the loop in registers (no separate trip count).
            var name = _names.Variable(c.Counter);
            var start = _printer.Print(c.Start);
            return (forward, () =>
            {
                var reverse = new LineList();
                reverse.Comment(loop.Source);
                if (c.Exit is { } exit)
                {
                    // Where the counter stopped, computed instead of taped before each re-entry of the loop.
                    reverse.Add(new Assign(Target.Of(name), "=", _printer.Print(exit)));
                }

                var counterCode = Code.Name(name);
                reverse.Open(new Open(BlockKind.While, Code.Atom(name + (c.Step > 0 ? " > " : " < ") + start.At(Precedence.Relational), NameSet.Union(counterCode.Names, start.Names), start)));
                reverse.Add(new Step(name, Up: c.Step < 0));
                foreach (var statement in recompute)
                {
                    // Recomputed from inputs that do not change, instead of saved each iteration.
                    reverse.Add(new Assign(Target.Of(_names.Variable(statement.VariableId)), "=", _printer.Print(statement.Value)));
                }

                reverse.Append(bodyReverse());
                reverse.Close();
                return reverse;
            });
        }

        if (counter is null)
        {
            // Nothing to reverse; a counter the analysis expects this loop to reset is still reset (RecordAnalysis).
            return (forward, () =>
            {
                var reverse = new LineList();
                if (_loops.Of(loop) is { Exit: { } exit } shape)
                {
                    reverse.Add(new Assign(Target.Of(_names.Variable(shape.Counter)), "=", _printer.Print(exit)));
                }

                return reverse;
            });
        }

        string? counts = null;
        if (loops > 0)
        {
            counts = Tape("int");
            forward.Add(Push(counts, Code.Name(counter)));
        }

        return (forward, () =>
        {
            var reverse = new LineList();
            reverse.Comment(loop.Source);
            if (counts is not null)
            {
                reverse.Add(new Declare("int", counter, Code.Pop(counts)));
            }

            reverse.Open(new Open(BlockKind.CountDown, Counter: counter));
            reverse.Append(stepReverse());
            reverse.Append(bodyReverse());
            reverse.Close();
            return reverse;
        });
    }

    private readonly HashSet<Stmt> _recomputed = new(ReferenceComparer<Stmt>.Instance);

    /// <summary>
    /// Locals a canonical loop's body declares first thing, from values that hold still during the reverse sweep
    /// (the counter, fixed values, parameters and their elements, earlier such locals) and never assigns again:
    /// the reverse sweep recomputes them at the start of each iteration instead of taping them.
    /// </summary>
    private List<AssignStmt> Recomputable(LoopStmt loop, int counter)
    {
        var result = new List<AssignStmt>();
        var allowed = new HashSet<int> { counter };
        var writes = StatementWalker.Preorder(loop.Body).OfType<AssignStmt>().GroupBy(a => a.VariableId).ToDictionary(g => g.Key, g => g.Count());
        foreach (var statement in loop.Body)
        {
            if (statement is not AssignStmt { IsDeclaration: true } declaration || writes[declaration.VariableId] != 1 || !Stable(declaration.Value, allowed))
            {
                break;
            }

            result.Add(declaration);
            allowed.Add(declaration.VariableId);
        }

        return result;
    }

    private bool Stable(Expr expr, HashSet<int> allowed) => expr switch
    {
        LiteralExpr or LengthExpr { Row: null } => true,
        LengthExpr { Row: { } row } => Stable(row, allowed),
        VariableExpr v => allowed.Contains(v.VariableId) || IsFixed(v),
        ElementExpr e => _model.Variables[e.ArrayId].Kind == VariableKind.Parameter && Stable(e.Index, allowed) && (e.Column is null || Stable(e.Column, allowed)),
        BinaryExpr or UnaryExpr or ConversionExpr or MathCallExpr => ExprWalker.Children(expr).All(c => Stable(c, allowed)),
        _ => false,
    };

    private LoopShapes.CountedLoop? Canonical(LoopStmt loop, Stmt? previous) => _loops.Of(loop);

    private bool IsFixed(Expr expr) => _loops.IsFixed(expr);
}

internal static class RestoreExtensions
{
    public static void AddTo(this Line? restore, LineList buffer)
    {
        if (restore is not null)
        {
            buffer.Add(restore);
        }
    }
}
