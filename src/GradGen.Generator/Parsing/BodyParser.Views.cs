using System.Linq;
using GradGen.Generator.Diagnostics;
using GradGen.Generator.Model;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.Operations;

namespace GradGen.Generator.Parsing;

/// <summary>
/// The views of arrays and spans (<c>w[..n]</c>, <c>w.Slice(a, n)</c>, <c>w.AsSpan(a, n)</c>, and copies such as
/// <c>w.ToArray()</c>) that are not lowered elsewhere: views of differentiable parameters held in locals, passed to
/// differentiable callees or walked by <c>foreach</c> are (<c>BodyParser.ViewLocals.cs</c>, <c>BodyParser.Loops.cs</c>),
/// their adjoint being the same view of the gradient. Any other use of a view of a differentiable parameter is GG0017
/// here, where the parser knows it is active; a view of any other array or span is refused by the analysis (GG0017) when
/// an active one reaches the method's result through it. Ranges of data and views that could be written
/// (<c>x.AsSpan()</c> of a data array) are GG0004; a read-only view of data (<c>x.Slice(0, n)</c> of a ReadOnlySpan)
/// passed to a call is accepted.
/// </summary>
internal sealed partial class BodyParser
{
    private static bool IsRange(IOperation index) =>
        index.Type is { Name: "Range", ContainingNamespace: { Name: "System", ContainingNamespace.IsGlobalNamespace: true } };

    /// <summary>The array or span variable a call makes a view or copy of (receiver, or an extension method's 'this'), if any.</summary>
    private int? ViewedCollection(IInvocationOperation invocation)
    {
        var viewed = invocation.Instance ?? (invocation.TargetMethod.IsExtensionMethod && invocation.Arguments.Length > 0 ? invocation.Arguments[0].Value : null);
        if (viewed is null || CollectionVariable(Strip(viewed)) is not { } id)
        {
            return null;
        }

        var result = TypeRefs.From(invocation.Type);
        var viewType = result.IsRealCollection
            || (invocation.Type is INamedTypeSymbol { IsGenericType: true, TypeArguments.Length: 1 } named
                && named.Name is "Memory" or "ReadOnlyMemory" or "ArraySegment"
                && named.TypeArguments[0].SpecialType is SpecialType.System_Double or SpecialType.System_Single);
        return viewType ? id : null;
    }

    private bool IsDifferentiableParameter(int id) =>
        Variables[id].Kind == VariableKind.Parameter
        && _method.Parameters.Any(p => _ids.TryGetValue(p, out var parameterId) && parameterId == id && SymbolNames.IsDifferentiableParameter(p));

    private Expr RefuseView(IOperation view, int viewedId)
    {
        var text = OneLine(view.Syntax.ToString());
        if (IsDifferentiableParameter(viewedId))
        {
            _diagnostics.Add(DiagnosticInfo.Create(DiagnosticDescriptors.ViewOfActiveArray, LocationInfo.From(view.Syntax), text, Variables[viewedId].Name, _method.Name));
            return new LiteralExpr("0", TypeRefs.From(view.Type), IsNegative: false);
        }

        var construct = view is IInvocationOperation ? "the view '" + text + "'" : "the range '" + text + "'";
        return Unsupported(view, construct, "pass '" + Variables[viewedId].Name + "' itself (with an offset and a count where only part of it is meant) and index it there; views of arrays and spans are not supported");
    }
}
