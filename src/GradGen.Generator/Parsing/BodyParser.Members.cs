using System.Collections.Generic;
using System.Linq;
using GradGen.Generator.Diagnostics;
using GradGen.Generator.Helpers;
using GradGen.Generator.Model;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.Operations;

namespace GradGen.Generator.Parsing;

/// <summary>
/// Fields and properties: elements of arrays and spans held in them are read as constants (<c>Table[i]</c>), and
/// inactive values may be written to them (an evaluation counter, a cache keyed by data), once per forward sweep.
/// A member the method writes must not also be read by it as a floating-point value or array: the reverse sweep
/// reads members again, and would see the new value (GG0005).
/// </summary>
internal sealed partial class BodyParser
{
    private readonly HashSet<ISymbol> _realMemberReads = new(SymbolEqualityComparer.Default);
    private readonly List<(ISymbol Member, IOperation Write)> _memberWrites = new();

    /// <summary>A field or property read: remembered when its value is floating point, for <see cref="CheckMemberWrites"/>.</summary>
    private void NoteMemberRead(IMemberReferenceOperation member)
    {
        var type = TypeRefs.From(member.Type);
        if (type.IsReal || type.IsRealCollection)
        {
            _realMemberReads.Add(member.Member);
        }
    }

    /// <summary>'Table[i]' on an array or span field or property.</summary>
    private Expr? ParseMemberElement(IOperation collection, IOperation index, TypeRef type)
    {
        if (Strip(collection) is not IMemberReferenceOperation || TypeRefs.From(collection.Type).Collection == CollectionKind.None)
        {
            return null;
        }

        var indexExpr = ParseExpression(index, isRoot: false);
        return indexExpr.Type.Kind == NumericKind.Int ? new MemberElementExpr(ParseExpression(collection, isRoot: false), indexExpr, type) : null;
    }

    /// <summary>The member an assignment writes: a field or property, or an element or indexer of one; null for other targets.</summary>
    private static (IMemberReferenceOperation Member, IOperation? Collection, IEnumerable<IOperation> Indices)? MemberTarget(IOperation target) => target switch
    {
        IFieldReferenceOperation field => (field, null, Enumerable.Empty<IOperation>()),
        IPropertyReferenceOperation { Arguments.Length: 0 } property => (property, null, Enumerable.Empty<IOperation>()),
        IArrayElementReferenceOperation { ArrayReference: IMemberReferenceOperation member } element => (member, element.ArrayReference, element.Indices),
        IPropertyReferenceOperation { Instance: IMemberReferenceOperation member } indexer => (member, indexer.Instance, indexer.Arguments.Select(a => a.Value)),
        _ => null,
    };

    /// <summary>'Evaluations++', 'Last = v', '_cache[key] = v': a forward-only statement.</summary>
    private bool TryParseMemberWrite(IOperation target, IOperation assignment, string op, IOperation? value)
    {
        if (MemberTarget(target) is not { } written)
        {
            return false;
        }

        var targetExpr = written.Collection is null ? ParseExpression(target, isRoot: false) : ParseExpression(written.Collection, isRoot: false);
        var indices = written.Indices.Select(i => ParseExpression(i, isRoot: false)).ToEquatableArray();
        var valueExpr = value is null ? null : ParseExpression(value, isRoot: false);
        CallSites.Add(new CallSite(LocationInfo.From(assignment.Syntax), written.Member.Member is IFieldSymbol ? "field" : "property", EquatableArray<string>.Empty, EquatableArray<string>.Empty, written.Member.Member.Name));
        _memberWrites.Add((written.Member.Member, assignment));
        Flush();
        Add(new ExpressionStmt(new MemberWriteExpr(targetExpr, indices, op, valueExpr, CallSites.Count - 1, ThrowExpr.Void), _source));
        return true;
    }

    /// <summary>GG0005 at each write of a member the method also reads as a floating-point value or array.</summary>
    private void CheckMemberWrites()
    {
        foreach (var (member, write) in _memberWrites)
        {
            if (_realMemberReads.Contains(member))
            {
                _diagnostics.Add(DiagnosticInfo.Create(DiagnosticDescriptors.AssignmentToMember, LocationInfo.From(write.Syntax), _method.Name, member is IFieldSymbol ? "field" : "property", member.Name));
            }
        }
    }

    private bool TryParseMemberWrite(IOperation operation) => operation switch
    {
        ISimpleAssignmentOperation assignment => TryParseMemberWrite(assignment.Target, assignment, "=", assignment.Value),
        ICompoundAssignmentOperation { OperatorMethod: null } compound when CompoundOperator(compound.OperatorKind) is { } op => TryParseMemberWrite(compound.Target, compound, op, compound.Value),
        IIncrementOrDecrementOperation { OperatorMethod: null } step => TryParseMemberWrite(step.Target, step, step.Kind == OperationKind.Increment ? "++" : "--", null),
        _ => false,
    };

    private static string? CompoundOperator(BinaryOperatorKind kind) => kind switch
    {
        BinaryOperatorKind.Add => "+=",
        BinaryOperatorKind.Subtract => "-=",
        BinaryOperatorKind.Multiply => "*=",
        BinaryOperatorKind.Divide => "/=",
        BinaryOperatorKind.Remainder => "%=",
        BinaryOperatorKind.And => "&=",
        BinaryOperatorKind.Or => "|=",
        BinaryOperatorKind.ExclusiveOr => "^=",
        BinaryOperatorKind.LeftShift => "<<=",
        BinaryOperatorKind.RightShift => ">>=",
        _ => null,
    };
}
