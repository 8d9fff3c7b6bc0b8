using System.Linq;
using GradGen.Generator.Diagnostics;
using GradGen.Generator.Model;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp.Syntax;
using Microsoft.CodeAnalysis.Operations;

namespace GradGen.Generator.Parsing;

/// <summary>
/// Local function calls that cannot be inlined exactly (GG0040): recursion, generic functions, ref, out and params
/// parameters, tuple results used other than deconstructed, uses as delegates, and writes to the caller's variables
/// from a call inside an expression.
/// </summary>
internal sealed partial class BodyParser
{
    /// <summary>Why the call cannot be inlined (reported, with a placeholder value), or null.</summary>
    private Expr? Refusal(IInvocationOperation call, ILocalFunctionOperation function, bool deconstructed = false)
    {
        var symbol = function.Symbol;
        var syntax = function.Syntax as LocalFunctionStatementSyntax;
        var zero = new LiteralExpr("0", TypeRefs.From(call.Type), IsNegative: false);
        if (_inlining.Contains(symbol, SymbolEqualityComparer.Default))
        {
            var through = _inlining.Last();
            RefuseLocal(call.Syntax, function, SymbolEqualityComparer.Default.Equals(through, symbol) ? "calls itself" : "calls itself through '" + through.Name + "'",
                "write the recursion as a loop, or make the function a [Differentiable] method of the type, which may call itself");
            return zero;
        }

        if (symbol.IsGenericMethod)
        {
            RefuseLocal(syntax?.TypeParameterList ?? call.Syntax, function, "is generic", "write it for double or float");
            return zero;
        }

        if (symbol.Parameters.FirstOrDefault(p => p.RefKind is RefKind.Ref or RefKind.Out or RefKind.RefReadOnlyParameter || p.IsParams) is { } byReference)
        {
            var where = byReference.DeclaringSyntaxReferences.FirstOrDefault()?.GetSyntax() ?? call.Syntax;
            RefuseLocal(where, function, "has the " + (byReference.IsParams ? "'params'" : "'" + (byReference.RefKind == RefKind.RefReadOnlyParameter ? "ref readonly" : byReference.RefKind.ToString().ToLowerInvariant()) + "'") + " parameter '" + byReference.Name + "'",
                "pass values and return the result, a tuple for several");
            return zero;
        }

        if (symbol.ReturnsByRef || symbol.ReturnsByRefReadonly || symbol.IsAsync || function.Body is null)
        {
            RefuseLocal(syntax?.Identifier is { } name ? (SyntaxNodeOrToken)name : call.Syntax, function, "is async, returns by reference or has no body",
                "return a value computed in its body");
            return zero;
        }

        if (symbol.ReturnType.IsTupleType && !deconstructed)
        {
            RefuseLocal(call.Syntax, function, "returns a tuple, which is used here other than deconstructed into locals", "deconstruct its result where it is called: 'var (a, b) = " + symbol.Name + "(…);'");
            return zero;
        }

        if (WrittenOutside(symbol) is { } captured && !IsWholeStatementValue(call))
        {
            var what = captured is IParameterSymbol && IsWithin(captured, symbol) ? "the caller's array or span through its parameter '" + captured.Name + "'" : "the captured variable '" + captured.Name + "'";
            RefuseLocal(call.Syntax, function, "writes " + what + " and is called inside an expression, where the write would move before reads that C# makes first",
                "call it as a statement of its own ('" + symbol.Name + "(…);') or as the whole value of a local's assignment ('y = " + symbol.Name + "(…);')");
            return zero;
        }

        return null;
    }

    private void RefuseLocal(SyntaxNodeOrToken where, ILocalFunctionOperation function, string reason, string advice)
    {
        var location = where.IsNode ? LocationInfo.From(where.AsNode()) : LocationInfo.From(where.AsToken());
        _diagnostics.Add(DiagnosticInfo.Create(DiagnosticDescriptors.LocalFunctionNotInlined, location, function.Symbol.Name, _method.Name, reason, advice));
    }

    /// <summary>'F' without a call: a delegate the method would hand on, whose captures no derivative follows.</summary>
    private Expr RefuseLocalDelegate(IMethodReferenceOperation reference, TypeRef type)
    {
        _diagnostics.Add(DiagnosticInfo.Create(
            DiagnosticDescriptors.LocalFunctionNotInlined, LocationInfo.From(reference.Syntax), reference.Method.Name, _method.Name, "is used as a delegate",
            "call it directly; where a delegate is needed (a LINQ selector), write a lambda that calls it, 'v => " + reference.Method.Name + "(v)'"));
        return new LiteralExpr("0", type, IsNegative: false);
    }

    /// <summary>
    /// A call whose value is all its statement evaluates ('F(x);', 'y = F(x);', 'var y = F(x);', 'return F(x);',
    /// '(a, b) = F(x);' into locals): nothing C# evaluates before it can see a write the inlined body makes first.
    /// </summary>
    private static bool IsWholeStatementValue(IOperation call)
    {
        var node = call;
        while (node.Parent is IConversionOperation { IsImplicit: true } or IParenthesizedOperation)
        {
            node = node.Parent;
        }

        return node.Parent switch
        {
            IExpressionStatementOperation or IVariableInitializerOperation => true,
            IReturnOperation ret => !InLambda(ret),
            ISimpleAssignmentOperation { Parent: IExpressionStatementOperation, Target: ILocalReferenceOperation or IParameterReferenceOperation } assignment => assignment.Value == node,
            IDeconstructionAssignmentOperation { Parent: IExpressionStatementOperation } deconstruction =>
                deconstruction.Value == node && deconstruction.Target.DescendantsAndSelf().All(t => t is ITupleOperation or IDeclarationExpressionOperation or ILocalReferenceOperation or IParameterReferenceOperation or IDiscardOperation),
            _ => false,
        };
    }

    /// <summary>
    /// A variable of the caller the function writes: a captured one, or the elements of an array or span passed to a
    /// parameter (the caller's storage); null if it writes only its own locals and by-value parameters.
    /// </summary>
    private ISymbol? WrittenOutside(IMethodSymbol function) =>
        Writes(function).FirstOrDefault(w => !IsWithin(w, function) || w is IParameterSymbol parameter && TypeRefs.From(parameter.Type).Collection != CollectionKind.None);

    /// <summary>Whether a return is a lambda's, whose body is inlined inside whatever expression calls the lambda.</summary>
    private static bool InLambda(IOperation operation)
    {
        for (var node = operation.Parent; node is not null; node = node.Parent)
        {
            if (node is IAnonymousFunctionOperation)
            {
                return true;
            }

            if (node is ILocalFunctionOperation)
            {
                return false;
            }
        }

        return false;
    }
}
