using System.Collections.Generic;
using System.Linq;
using GradGen.Generator.Model;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp.Syntax;
using Microsoft.CodeAnalysis.Operations;

namespace GradGen.Generator.Parsing;

/// <summary>
/// Expression lambdas, inlined where they run: as LINQ selectors (BodyParser.Linq.cs) and as locals that are never
/// assigned again ('Func&lt;double, double&gt; sq = v =&gt; v * v; … sq(x)'). Each parameter is bound to its argument,
/// a variable as it is and anything else through a local assigned once before the body, so every argument is
/// evaluated exactly once, in order, as a delegate call evaluates it; the body is then parsed like any expression.
/// </summary>
internal sealed partial class BodyParser
{
    private readonly Dictionary<ILocalSymbol, IAnonymousFunctionOperation> _lambdas = new(SymbolEqualityComparer.Default);

    /// <summary>A lambda written in place, or a lambda local this parser inlines; null for a Func parameter, a method group or anything else.</summary>
    private IAnonymousFunctionOperation? LambdaOf(IOperation operation)
    {
        operation = Strip(operation);
        return operation switch
        {
            IDelegateCreationOperation { Target: IAnonymousFunctionOperation lambda } => lambda,
            ILocalReferenceOperation local when _lambdas.TryGetValue(local.Local, out var held) => held,
            _ => null,
        };
    }

    /// <summary>Only an expression lambda is inlined; a statement body is reported on the lambda.</summary>
    private bool CheckLambda(IAnonymousFunctionOperation lambda)
    {
        if (lambda.Syntax is AnonymousFunctionExpressionSyntax { ExpressionBody: not null } && ReturnedValue(lambda) is not null)
        {
            return true;
        }

        Unsupported(lambda, "the lambda '" + OneLine(lambda.Syntax.ToString()) + "', which has a statement body", "write it as an expression lambda (v => …)");
        return false;
    }

    /// <summary>
    /// A return of the method itself, or of the local function being inlined (<see cref="_inlined"/>), not of a
    /// lambda or another local function inside it (whose 'return' is its own).
    /// </summary>
    private bool IsOwnReturn(IReturnOperation operation)
    {
        for (var node = operation.Parent; node is not null; node = node.Parent)
        {
            if (node is ILocalFunctionOperation function)
            {
                return ReferenceEquals(function, _inlined);
            }

            if (node is IAnonymousFunctionOperation)
            {
                return false;
            }
        }

        return _inlined is null;
    }

    private static IOperation? ReturnedValue(IAnonymousFunctionOperation lambda) =>
        lambda.Body.Operations.Length == 1 && lambda.Body.Operations[0] is IReturnOperation { ReturnedValue: { } value } ? value : null;

    /// <summary>Binds the lambda's parameters to <paramref name="arguments"/> and parses its body in their place.</summary>
    private Expr InlineLambda(IAnonymousFunctionOperation lambda, IReadOnlyList<Expr> arguments)
    {
        var parameters = lambda.Symbol.Parameters;
        for (var i = 0; i < parameters.Length; i++)
        {
            var type = TypeRefs.From(parameters[i].Type);
            var argument = arguments[i];
            if (argument is VariableExpr variable && variable.Type == type)
            {
                _ids[parameters[i]] = variable.VariableId;
                continue;
            }

            var id = Declare(parameters[i], parameters[i].Name, parameters[i].Type, VariableKind.Local);
            var value = argument.Type == type ? argument : new ConversionExpr(argument, type);
            _pending.Add(new AssignStmt(id, value, IsDeclaration: true, OneLine(lambda.Syntax.ToString()) + " (its parameter " + parameters[i].Name + ")"));
        }

        return ParseExpression(ReturnedValue(lambda)!, isRoot: false);
    }

    /// <summary>'Func&lt;…&gt; f = (…) =&gt; expression;' never assigned again: remembered, and inlined at each call.</summary>
    private bool TryDeclareLambda(IVariableDeclaratorOperation declarator, IVariableInitializerOperation? initializer)
    {
        var local = declarator.Symbol;
        if (local.Type.TypeKind != TypeKind.Delegate || initializer is null
            || Strip(initializer.Value) is not IDelegateCreationOperation { Target: IAnonymousFunctionOperation lambda })
        {
            return false;
        }

        if (IsAssignedAgain(declarator, local))
        {
            Unsupported(declarator, "the lambda local '" + local.Name + "', which is assigned again", "declare a separate local for each lambda");
            _rejected.Add(local); // its uses would only repeat this diagnostic
            return true;
        }

        if (CheckLambda(lambda))
        {
            _lambdas[local] = lambda;
        }
        else
        {
            _rejected.Add(local);
        }

        return true;
    }

    private static bool IsAssignedAgain(IOperation declarator, ILocalSymbol local)
    {
        var root = declarator;
        while (root.Parent is not null)
        {
            root = root.Parent;
        }

        return root.Descendants().OfType<ILocalReferenceOperation>().Any(reference =>
            SymbolEqualityComparer.Default.Equals(reference.Local, local)
            && reference.Parent switch
            {
                IAssignmentOperation assignment => assignment.Target == reference,
                IArgumentOperation { Parameter.RefKind: not RefKind.None } => true,
                ITupleOperation => true,
                IAddressOfOperation => true,
                _ => false,
            });
    }

    /// <summary>'sq(x)' on a lambda local: the arguments evaluated once, in order, then the body inlined.</summary>
    private Expr InlineLambdaCall(IInvocationOperation call, IAnonymousFunctionOperation lambda)
    {
        var arguments = new List<Expr>();
        foreach (var argument in call.Arguments.OrderBy(a => a.Parameter?.Ordinal ?? int.MaxValue))
        {
            var value = ParseExpression(argument.Value, isRoot: false);
            if (value is not VariableExpr && _noHoistDepth > 0)
            {
                return Unsupported(call, "the call '" + OneLine(call.Syntax.ToString()) + "' of a lambda with an argument that is not a variable " + _noHoistPlace, "compute the argument into a local first");
            }

            arguments.Add(Stable(value, "_arg", call));
        }

        return InlineLambda(lambda, arguments);
    }
}
