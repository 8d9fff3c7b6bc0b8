using System.Collections.Generic;
using System.Linq;
using GradGen.Generator.Helpers;
using GradGen.Generator.Model;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.Operations;

namespace GradGen.Generator.Parsing;

/// <summary>
/// '?:', '&amp;&amp;', '||' and switch expression arms evaluate an operand only when it is taken. Most operands are plain expressions and stay
/// where they are. An operand that needs statements before it (a call to a [Differentiable] method, lifted into a
/// temporary; an inlined local function; a lambda argument bound to a local) cannot have them run before the whole
/// statement as elsewhere: they would run on both paths, and the recursion 'n == 0 ? 1.0 : x * Pow(x, n - 1)' would
/// never end. Such an operator becomes an 'if' that assigns a temporary, with each operand's statements inside the
/// branch that takes it: the reverse sweep replays it like any other 'if'.
/// </summary>
internal sealed partial class BodyParser
{
    /// <summary>Greater than zero while parsing an operand that runs only sometimes; ordinary calls there stay in place.</summary>
    private int _branchDepth;

    /// <summary>Parses an operand evaluated only when taken; the statements it needs are returned instead of left pending.</summary>
    private (Expr Value, EquatableArray<Stmt> Before) ParseTaken(IOperation operation)
    {
        var mark = _pending.Count;
        _branchDepth++;
        var value = ParseExpression(operation, isRoot: false);
        _branchDepth--;
        var before = _pending.Skip(mark).ToEquatableArray();
        _pending.RemoveRange(mark, _pending.Count - mark);
        return (value, before);
    }

    private Expr ParseConditional(IConditionalOperation conditional, IOperation whenFalse, TypeRef type)
    {
        var condition = ParseExpression(conditional.Condition, isRoot: false);
        var (whenTrue, beforeTrue) = ParseTaken(conditional.WhenTrue);
        var (otherwise, beforeFalse) = ParseTaken(whenFalse);
        if (beforeTrue.Count == 0 && beforeFalse.Count == 0)
        {
            return new ConditionalExpr(condition, whenTrue, otherwise, type);
        }

        if (type.Collection != CollectionKind.None)
        {
            return Unsupported(conditional, "a '?:' choosing between arrays or spans, one of which calls a method", "choose with if/else, or compute into locals first");
        }

        // 'c ? A : B' is 'T t = default; if (c) { …; t = A; } else { …; t = B; }'.
        var result = DeclareTemporary(type);
        var source = OneLine(conditional.Syntax.ToString());
        _pending.Add(new AssignStmt(result, Initial(type), IsDeclaration: true, source));
        _pending.Add(new IfStmt(condition, Taken(beforeTrue, result, whenTrue, source), Taken(beforeFalse, result, otherwise, source), source + " (in: " + _source + ")"));
        return Var(result);
    }

    /// <summary>
    /// 'a &amp;&amp; b' whose right operand needs statements: 'bool t = a; if (t) { …; t = b; }'; for 'a || b' the test is '!t'.
    /// </summary>
    private Expr ShortCircuit(IBinaryOperation binary, BinaryOp op, Expr left, Expr right, EquatableArray<Stmt> before)
    {
        var result = DeclareTemporary(TypeRef.Bool);
        var source = OneLine(binary.Syntax.ToString());
        _pending.Add(new AssignStmt(result, left, IsDeclaration: true, source));
        Expr test = op == BinaryOp.ConditionalAnd ? Var(result) : new UnaryExpr(UnaryOp.Not, Var(result), TypeRef.Bool);
        _pending.Add(new IfStmt(test, Taken(before, result, right, source), EquatableArray<Stmt>.Empty, source + " (in: " + _source + ")"));
        return Var(result);
    }

    /// <summary>
    /// A switch expression whose arm values need statements: 'T t = default; if (arm 0) { …; t = v0; } else if (arm 1)
    /// { … } else { …; t = vLast; }'.
    /// </summary>
    private Expr LowerArms(ISwitchExpressionOperation switchExpression, List<Expr> conditions, List<(Expr Value, EquatableArray<Stmt> Before)> values, TypeRef type)
    {
        if (type.Collection != CollectionKind.None)
        {
            return Unsupported(switchExpression, "a 'switch' expression choosing between arrays or spans, one of which calls a method", "choose with if/else, or compute into locals first");
        }

        var result = DeclareTemporary(type);
        var arms = switchExpression.Arms;
        var source = OneLine(arms[arms.Length - 1].Syntax.ToString());
        var chain = Taken(values[values.Count - 1].Before, result, values[values.Count - 1].Value, source);
        for (var i = arms.Length - 2; i >= 0; i--)
        {
            source = OneLine(arms[i].Syntax.ToString());
            chain = new EquatableArray<Stmt>(new Stmt[] { new IfStmt(conditions[i], Taken(values[i].Before, result, values[i].Value, source), chain, source + " (in: " + _source + ")") });
        }

        _pending.Add(new AssignStmt(result, Initial(type), IsDeclaration: true, OneLine(switchExpression.Syntax.ToString())));
        _pending.AddRange(chain);
        return Var(result);
    }

    /// <summary>One branch: its statements, then the assignment of its value (a throw expression is a statement of its own).</summary>
    private static EquatableArray<Stmt> Taken(EquatableArray<Stmt> before, int result, Expr value, string source)
    {
        var last = value is ThrowExpr ? new ExpressionStmt(value, source) : (Stmt)new AssignStmt(result, value, IsDeclaration: false, source);
        return before.Concat(new[] { last }).ToEquatableArray();
    }

    /// <summary>The value a temporary holds before a branch assigns it.</summary>
    private static LiteralExpr Initial(TypeRef type) => type.Kind switch
    {
        NumericKind.Double => new LiteralExpr("0.0", type, IsNegative: false),
        NumericKind.Float => new LiteralExpr("0f", type, IsNegative: false),
        NumericKind.Bool => BoolLiteral(false),
        NumericKind.Int => new LiteralExpr("0", type, IsNegative: false),
        _ => new LiteralExpr("default", type, IsNegative: false),
    };
}
