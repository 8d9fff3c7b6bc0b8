using System.Collections.Generic;
using System.Linq;
using GradGen.Generator.Model;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.Operations;

namespace GradGen.Generator.Parsing;

/// <summary>
/// Deconstruction of tuple literals, 'var (s, c) = (Math.Sin(t), Math.Cos(t))' and '(a, b) = (b, a)', lowered to one
/// assignment per element. C# evaluates every value before it assigns any target, so when a value reads a variable
/// that an earlier element assigns (a swap), all values go into temporaries first; otherwise they are assigned
/// directly. 'Math.SinCos(t)' deconstructs into its two Math calls.
/// </summary>
internal sealed partial class BodyParser
{
    private void ParseDeconstruction(IDeconstructionAssignmentOperation deconstruction)
    {
        var targets = new List<Target?>();
        var values = new List<Expr>();
        if (!Flatten(deconstruction.Target, deconstruction.Value, deconstruction, targets, values))
        {
            // Its new locals are reported here once, not again at every use.
            foreach (var declared in deconstruction.Target.DescendantsAndSelf().OfType<ILocalReferenceOperation>().Where(l => l.IsDeclaration))
            {
                _rejected.Add(declared.Local);
            }

            return;
        }

        var assigned = new HashSet<int>();
        var needsTemporaries = false;
        for (var i = 0; i < targets.Count; i++)
        {
            needsTemporaries |= ReadsAny(values[i], assigned) || targets[i]?.Index is { } index && ReadsAny(index, assigned);
            if (targets[i] is { } target)
            {
                assigned.Add(target.Id);
            }
        }

        if (targets.Any(t => t?.Index is { } index && ReadsAny(index, assigned)))
        {
            Unsupported(deconstruction, "a deconstruction into an element whose index it also assigns", "assign the elements one by one");
            return;
        }

        Flush();
        for (var i = 0; i < targets.Count; i++)
        {
            if (needsTemporaries && targets[i] is not null && values[i] is not LiteralExpr)
            {
                var temporary = DeclareTemporary(values[i].Type);
                Add(new AssignStmt(temporary, values[i], IsDeclaration: true, _source));
                values[i] = Var(temporary);
            }
        }

        for (var i = 0; i < targets.Count; i++)
        {
            if (targets[i] is { } target)
            {
                AddAssignment(target, values[i]);
            }
        }
    }

    /// <summary>Pairs each target with its value, depth first; false when something was reported.</summary>
    private bool Flatten(IOperation target, IOperation value, IOperation assignment, List<Target?> targets, List<Expr> values)
    {
        if (target is IDeclarationExpressionOperation declaration)
        {
            target = declaration.Expression;
        }

        while (value is IConversionOperation { IsImplicit: true, Operand: ITupleOperation } conversion)
        {
            value = conversion.Operand;
        }

        if (target is ITupleOperation targetTuple)
        {
            if (value is ITupleOperation valueTuple && valueTuple.Elements.Length == targetTuple.Elements.Length)
            {
                for (var i = 0; i < targetTuple.Elements.Length; i++)
                {
                    if (!Flatten(targetTuple.Elements[i], valueTuple.Elements[i], assignment, targets, values))
                    {
                        return false;
                    }
                }

                return true;
            }

            if (value is IInvocationOperation localCall && IsLocalFunctionCall(localCall))
            {
                var elements = ParseLocalTupleCall(localCall, targetTuple.Elements.Length);
                for (var i = 0; elements is not null && i < elements.Count; i++)
                {
                    if (!Leaf(targetTuple.Elements[i], elements[i], assignment, targets, values))
                    {
                        return false;
                    }
                }

                return elements is not null;
            }

            if (value is IInvocationOperation { TargetMethod: { Name: "SinCos", Parameters.Length: 1 } sinCos } invocation
                && MathClass(sinCos) is { } mathClass && targetTuple.Elements.Length == 2)
            {
                var argument = PatternInput(invocation.Arguments[0].Value, uses: 2);
                var site = AddCallSite(invocation, new List<string> { OneLine(invocation.Arguments[0].Value.Syntax.ToString()) });
                return Leaf(targetTuple.Elements[0], new MathCallExpr(mathClass, "Sin", new Helpers.EquatableArray<Expr>(new[] { argument }), argument.Type, site), assignment, targets, values)
                    && Leaf(targetTuple.Elements[1], new MathCallExpr(mathClass, "Cos", new Helpers.EquatableArray<Expr>(new[] { argument }), argument.Type, site), assignment, targets, values);
            }

            Unsupported(value, "the deconstruction of '" + OneLine(value.Syntax.ToString()) + "'", "deconstruct a tuple literal such as '(Math.Sin(t), Math.Cos(t))', or Math.SinCos(t)");
            return false;
        }

        return Leaf(target, ParseExpression(value, isRoot: true), assignment, targets, values);
    }

    private bool Leaf(IOperation target, Expr value, IOperation assignment, List<Target?> targets, List<Expr> values)
    {
        if (target is IDeclarationExpressionOperation declaration)
        {
            target = declaration.Expression;
        }

        if (target is IDiscardOperation)
        {
            if (!CallsNothing(value))
            {
                Unsupported(target, "a discarded tuple element whose value calls a method", "assign it to a local");
                return false;
            }

            targets.Add(null);
            values.Add(value);
            return true;
        }

        if (target is ILocalReferenceOperation { IsDeclaration: true } declared && !_ids.ContainsKey(declared.Local))
        {
            var id = Declare(declared.Local, declared.Local.Name, declared.Local.Type, VariableKind.Local);
            _declaredWithoutValue.Add(id);
        }

        var leaf = TargetOf(target, assignment);
        if (leaf is null)
        {
            return false;
        }

        if (value.Type != leaf.Type)
        {
            if (!(value.Type.IsReal || value.Type.Kind == NumericKind.Int) || !leaf.Type.IsReal)
            {
                Unsupported(target, "the conversion of '" + OneLine(target.Syntax.ToString()) + "' in a deconstruction", "deconstruct values of the targets' own types");
                return false;
            }

            value = new ConversionExpr(value, leaf.Type);
        }

        targets.Add(leaf);
        values.Add(value);
        return true;
    }

    private static bool ReadsAny(Expr expr, HashSet<int> variables) => expr switch
    {
        VariableExpr v => variables.Contains(v.VariableId),
        ElementExpr e when variables.Contains(e.ArrayId) => true,
        LengthExpr l when variables.Contains(l.ArrayId) => true,
        _ => ExprWalker.Children(expr).Any(child => ReadsAny(child, variables)),
    };
}
