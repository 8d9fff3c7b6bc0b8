using System.Collections.Generic;
using System.Linq;
using GradGen.Generator.Diagnostics;
using GradGen.Generator.Helpers;
using GradGen.Generator.Model;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp.Syntax;
using Microsoft.CodeAnalysis.Operations;

namespace GradGen.Generator.Parsing;

/// <summary>
/// Invocations: Math calls, calls to [Differentiable] methods and their call sites, calls that may write
/// through a collection argument, and the hoisting of a call into a temporary.
/// </summary>
internal sealed partial class BodyParser
{
    /// <summary>The classes whose static functions the rule table covers: Math, MathF, and double's and float's own (printed as keywords, which nothing can shadow).</summary>
    private static string? MathClass(IMethodSymbol target) => target.ContainingType switch
    {
        { SpecialType: SpecialType.System_Double } => "double",
        { SpecialType: SpecialType.System_Single } => "float",
        { Name: "Math" or "MathF", ContainingNamespace: { Name: "System", ContainingNamespace.IsGlobalNamespace: true } } type => "global::System." + type.Name,
        _ => null,
    };

    /// <summary>A Math-like function's parameters as <see cref="DerivativeRules.IsKnown"/> reads them: 'r' floating point, 'i' int.</summary>
    private static string MathSignature(IMethodSymbol target) =>
        new(target.Parameters.Select(p => p.Type.SpecialType switch
        {
            SpecialType.System_Double or SpecialType.System_Single => 'r',
            SpecialType.System_Int32 => 'i',
            _ => '?',
        }).ToArray());

    private Expr ParseInvocation(IInvocationOperation invocation, bool hoist, bool discarded)
    {
        var target = invocation.TargetMethod;
        var arguments = new List<Expr>();
        var argumentTexts = new List<string>();
        var type = TypeRefs.From(invocation.Type);
        var differentiableCall = !discarded && _removableCallDepth == 0 && type.IsReal && !target.IsGenericMethod && SymbolNames.HasAttribute(target, SymbolNames.DifferentiableAttribute);
        var removable = MayBeRemoved(target);
        var place = _noHoistPlace;
        if (removable)
        {
            // The compiler removes a [Conditional] call with its arguments unless the symbol is defined (Debug.WriteLine,
            // Debug.Assert without DEBUG): nothing in them may move out to run unconditionally. Its result is void, so a
            // [Differentiable] method called in them is an ordinary call: its value is only logged.
            _noHoistDepth++;
            _removableCallDepth++;
            _noHoistPlace = "in the arguments of '" + target.Name + "', which the compiler removes unless a symbol is defined";
        }

        foreach (var argument in invocation.Arguments.OrderBy(a => a.Parameter?.Ordinal ?? int.MaxValue))
        {
            if (argument.Parameter is { RefKind: not (RefKind.None or RefKind.In) } refParameter)
            {
                arguments.Add(Unsupported(argument, "the '" + (refParameter.RefKind == RefKind.RefReadOnlyParameter ? "ref readonly" : refParameter.RefKind.ToString().ToLowerInvariant()) + "' argument '" + OneLine(argument.Syntax.ToString()) + "'",
                    refParameter.RefKind == RefKind.RefReadOnlyParameter ? "make the callee's parameter 'in' or pass by value" : "pass arguments by value"));
                continue;
            }

            if (argument.ArgumentKind == ArgumentKind.ParamArray)
            {
                arguments.Add(Unsupported(argument, "a 'params' argument list", "pass an explicit array or spell out the call"));
                continue;
            }

            arguments.Add(differentiableCall && ParseViewArgument(argument) is { } view ? view : ParseExpression(argument.Value, isRoot: false));
            argumentTexts.Add(argument.ArgumentKind == ArgumentKind.DefaultValue ? "(default)" : OneLine(argument.Value.Syntax.ToString()));
        }

        if (removable)
        {
            _noHoistPlace = place;
            _removableCallDepth--;
            _noHoistDepth--;
        }

        if (MathClass(target) is { } mathClass
            && type.IsReal
            && !target.IsGenericMethod
            && MathCatalogue.IsKnown(target.Name, MathSignature(target)))
        {
            return new MathCallExpr(mathClass, target.Name, arguments.ToEquatableArray(), type, AddCallSite(invocation, argumentTexts));
        }

        if (differentiableCall)
        {
            string? receiver = null;
            if (target.IsStatic)
            {
                receiver = target.ContainingType!.ToDisplayString(SymbolNames.Qualified);
            }
            else if (invocation.Instance is IInstanceReferenceOperation { ReferenceKind: InstanceReferenceKind.ContainingTypeInstance } self)
            {
                // 'base.H(x)' calls the base's H and must pull back through the base's HPullback, not the override's.
                receiver = self.Syntax is BaseExpressionSyntax ? "base" : "this";
            }

            if (receiver is null)
            {
                return Unsupported(invocation, "a call to the [Differentiable] method '" + target.Name + "' on another instance", "call it on 'this' or make it static");
            }

            if (_noHoistDepth > 0)
            {
                return Unsupported(invocation, "a call to the [Differentiable] method '" + target.Name + "' " + _noHoistPlace, "compute it into a local first");
            }

            if (RefuseTwoIndexData(invocation, target, arguments) is { } refused)
            {
                return refused;
            }

            var call = new DifferentiableCallExpr(
                receiver,
                Naming.Escape(target.Name),
                arguments.ToEquatableArray(),
                target.Parameters.Select(SymbolNames.IsDifferentiableParameter).ToEquatableArray(),
                AddCallSite(invocation, argumentTexts),
                type,
                receiver,
                Naming.Escape(target.Name + "Pullback"),
                target.OriginalDefinition.GetDocumentationCommentId(),
                ThroughParameters: Analysis.ThroughCalls.Parameters(target));
            return hoist ? Hoist(call, invocation) : call;
        }

        Expr? instance = null;
        string? staticTarget = null;
        if (target.IsStatic || invocation.Instance is null)
        {
            staticTarget = target.ContainingType!.ToDisplayString(SymbolNames.Qualified);
        }
        else
        {
            instance = ParseExpression(invocation.Instance, isRoot: false);
            if (TypeRefs.From(invocation.Instance.Type!) is { Collection: not CollectionKind.None } receiverType && receiverType.Collection != instance.Type.Collection)
            {
                // '((ReadOnlySpan<double>)x).Slice(0, n)' with x a double[]: the parser drops a conversion between arrays and
                // spans of the same elements (converted implicitly where used), but the member is looked up on the receiver's type.
                instance = new ConversionExpr(instance, receiverType);
            }
        }

        var member = Naming.Escape(target.Name);
        if (target.IsGenericMethod)
        {
            member += "<" + string.Join(", ", target.TypeArguments.Select(t => t.ToDisplayString(SymbolNames.Qualified))) + ">";
        }

        if (ViewedCollection(invocation) is { } viewed && (IsDifferentiableParameter(viewed) || WrittenCollection(invocation) is not null))
        {
            return RefuseView(invocation, viewed);
        }

        if (WrittenCollection(invocation) is { } written)
        {
            return Unsupported(invocation, "the call '" + OneLine(invocation.Syntax.ToString()) + "', which may write the array or span '" + written + "'",
                "write its elements in a loop instead, so the reverse sweep sees every write");
        }

        var site = AddCallSite(invocation, argumentTexts);
        var opaque = target.IsStatic && !target.IsGenericMethod
            ? new OpaqueExpr(staticTarget, instance, member, true, arguments.ToEquatableArray(), site, type,
                target.OriginalDefinition.GetDocumentationCommentId(),
                target.Parameters.Select(p => p.RefKind == RefKind.None && (p.Type.SpecialType is SpecialType.System_Double or SpecialType.System_Single || TypeRefs.From(p.Type).IsRealCollection)).ToEquatableArray())
            : new OpaqueExpr(staticTarget, instance, member, true, arguments.ToEquatableArray(), site, type);
        return hoist && _noHoistDepth == 0 && _branchDepth == 0 && invocation.Type is { SpecialType: not SpecialType.System_Void } ? Hoist(opaque, invocation) : opaque;
    }

    /// <summary>
    /// A call the compiler may leave out with its arguments: a [Conditional] method, or a partial method with no
    /// implementation.
    /// </summary>
    private static bool MayBeRemoved(IMethodSymbol target) =>
        target is { IsPartialDefinition: true, PartialImplementationPart: null }
        || target.GetAttributes().Any(a => a.AttributeClass is { Name: "ConditionalAttribute", ContainingNamespace: { Name: "Diagnostics", ContainingNamespace: { Name: "System", ContainingNamespace.IsGlobalNamespace: true } } });

    /// <summary>
    /// An ordinary call that may write an array or span variable of the method (h.Clear(), x.CopyTo(h), Array.Fill(h, …)):
    /// the reverse sweep would neither restore nor differentiate what it wrote, so it is reported instead.
    /// </summary>
    private string? WrittenCollection(IInvocationOperation invocation)
    {
        if (invocation.TargetMethod.IsStatic && InspectionCalls.Contains(invocation.TargetMethod.ContainingType.ToDisplayString(SymbolNames.Qualified), invocation.TargetMethod.Name))
        {
            return null;
        }

        if (invocation.Instance is { } instance && CollectionVariable(Strip(instance)) is { } receiver
            && Variables[receiver].Type.Collection is CollectionKind.Array or CollectionKind.Span or CollectionKind.Matrix or CollectionKind.Jagged
            && invocation.TargetMethod.Name is not ("ToArray" or "ToString" or "GetHashCode" or "Equals" or "IndexOf" or "Contains" or "SequenceEqual" or "CopyTo" or "TryCopyTo"
                or "GetLength" or "GetLongLength" or "GetLowerBound" or "GetUpperBound"))
        {
            return Variables[receiver].Name;
        }

        foreach (var argument in invocation.Arguments)
        {
            var parameterType = argument.Parameter is { } parameter ? TypeRefs.From(parameter.Type) : null;
            // Whoever is given a jagged array can write its rows, whatever the parameter's type says.
            var writable = parameterType is { Collection: CollectionKind.Array or CollectionKind.Span or CollectionKind.Matrix or CollectionKind.Jagged } || MayWriteThrough(argument.Parameter?.Type)
                || CollectionVariable(Strip(argument.Value)) is { } given && Variables[given].Type.Collection == CollectionKind.Jagged;
            if (writable && CollectionVariable(Strip(argument.Value)) is { } id)
            {
                return Variables[id].Name;
            }
        }

        return null;
    }

    /// <summary>
    /// Parameter types through which a callee can write an array it is given: Array, object (cast back), and the
    /// collection interfaces with setters or Add/Clear (IList, ICollection, generic or not). IEnumerable and the
    /// read-only interfaces cannot.
    /// </summary>
    private static bool MayWriteThrough(ITypeSymbol? type) =>
        type is not null
        && (type.SpecialType is SpecialType.System_Array or SpecialType.System_Object
            || type.OriginalDefinition.SpecialType is SpecialType.System_Collections_Generic_IList_T or SpecialType.System_Collections_Generic_ICollection_T
            || type.ToDisplayString() is "System.Collections.IList" or "System.Collections.ICollection");

    private int AddCallSite(IInvocationOperation invocation, List<string> argumentTexts)
    {
        var target = invocation.TargetMethod;
        CallSites.Add(new CallSite(
            LocationInfo.From(invocation.Syntax),
            target.ContainingType?.Name + "." + target.Name,
            argumentTexts.ToEquatableArray(),
            target.Parameters.Select(p => p.Name).ToEquatableArray(),
            OneLine(invocation.Syntax.ToString()),
            ReceiverText(invocation.Instance),
            target.MethodKind == MethodKind.DelegateInvoke));
        return CallSites.Count - 1;
    }

    private static string? ReceiverText(IOperation? instance) =>
        instance is null ? null : instance.IsImplicit ? "this" : OneLine(instance.Syntax.ToString());

    /// <summary>A field or property read on an instance: a site, so an active receiver can be reported there.</summary>
    private int AddMemberSite(IMemberReferenceOperation member)
    {
        CallSites.Add(new CallSite(
            LocationInfo.From(member.Syntax),
            member.Member.ContainingType?.Name + "." + member.Member.Name,
            EquatableArray<string>.Empty,
            EquatableArray<string>.Empty,
            OneLine(member.Syntax.ToString()),
            ReceiverText(member.Instance)));
        return CallSites.Count - 1;
    }

    /// <summary>
    /// Lifts a call out of its expression into a temporary assigned just before the statement,
    /// so the call runs once and the reverse sweep reads its value instead of calling again.
    /// </summary>
    private Expr Hoist(Expr call, IOperation invocation)
    {
        var id = DeclareTemporary(call.Type);
        _pending.Add(new AssignStmt(id, call, IsDeclaration: true, OneLine(invocation.Syntax.ToString()) + " (in: " + _source + ")"));
        return new VariableExpr(id, call.Type);
    }
}
