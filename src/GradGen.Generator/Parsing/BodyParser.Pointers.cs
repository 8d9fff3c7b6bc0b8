using GradGen.Generator.Diagnostics;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp.Syntax;
using Microsoft.CodeAnalysis.Operations;

namespace GradGen.Generator.Parsing;

/// <summary>Pointers are refused, each named by its own name at its own declaration, not by the text of a whole block.</summary>
internal sealed partial class BodyParser
{
    private const string PointerAdvice = "index the array or span itself (w[i]), or use a span (Span<double> s = stackalloc double[n]); GradGen differentiates element reads, not pointers";

    /// <summary>A 'fixed' statement (its operation is not public in Roslyn), refused at each pointer it declares.</summary>
    private bool RefuseFixed(IOperation operation)
    {
        if (operation.Syntax is not FixedStatementSyntax fixedStatement)
        {
            return false;
        }

        foreach (var variable in fixedStatement.Declaration.Variables)
        {
            _diagnostics.Add(DiagnosticInfo.Create(DiagnosticDescriptors.UnsupportedConstruct, LocationInfo.From(variable),
                "the pointer '" + variable.Identifier.ValueText + "' of a 'fixed' statement", _method.Name, PointerAdvice));
        }

        return true;
    }

    /// <summary>A local of a pointer type ('double* p = stackalloc double[n]'), refused at its declaration.</summary>
    private bool RefusePointerLocal(IVariableDeclaratorOperation declarator)
    {
        if (declarator.Symbol.Type is not (IPointerTypeSymbol or IFunctionPointerTypeSymbol))
        {
            return false;
        }

        Unsupported(declarator, "the pointer '" + declarator.Symbol.Name + "'", PointerAdvice);
        _rejected.Add(declarator.Symbol);
        return true;
    }
}
