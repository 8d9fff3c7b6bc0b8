using GradGen.Generator.Diagnostics;
using GradGen.Generator.Model;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.Operations;

namespace GradGen.Generator.Parsing;

/// <summary>
/// The GG0004 diagnostic for a construct outside the supported subset, with the construct named the way a user
/// would say it and advice on what to write instead.
/// </summary>
internal sealed partial class BodyParser
{
    private Expr Unsupported(IOperation operation, string construct, string advice)
    {
        _diagnostics.Add(DiagnosticInfo.Create(DiagnosticDescriptors.UnsupportedConstruct, LocationInfo.From(operation.Syntax), construct, _method.Name, advice));
        return new LiteralExpr("0", TypeRefs.From(operation.Type), IsNegative: false);
    }

    /// <summary>Names the construct the way a user would say it.</summary>
    internal static string Describe(IOperation operation) => operation switch
    {
        IForLoopOperation => "a 'for' loop",
        IForEachLoopOperation => "a 'foreach' loop",
        IWhileLoopOperation { ConditionIsTop: true } => "a 'while' loop",
        IWhileLoopOperation => "a 'do' loop",
        IConditionalOperation { Type: null } => "an 'if' statement",
        ISwitchOperation => "a 'switch' statement",
        ISwitchExpressionOperation => "a 'switch' expression",
        IBranchOperation branch => "a '" + branch.Syntax.ToString().TrimEnd(';').Trim() + "' statement",
        IThrowOperation => "a 'throw'",
        ITryOperation => "a 'try' statement",
        IUsingOperation => "a 'using' statement",
        ILockOperation => "a 'lock' statement",
        ILocalFunctionOperation => "a local function",
        IAnonymousFunctionOperation or IDelegateCreationOperation => "a lambda or anonymous function",
        IArrayElementReferenceOperation => "the array element access '" + OneLine(operation.Syntax.ToString()) + "'",
        IArrayCreationOperation => "the array creation '" + OneLine(operation.Syntax.ToString()) + "'",
        IObjectCreationOperation => "the object creation '" + OneLine(operation.Syntax.ToString()) + "'",
        IInterpolatedStringOperation => "an interpolated string",
        IIsPatternOperation or IIsTypeOperation => "a type or pattern test",
        IPropertyReferenceOperation => "the indexer access '" + OneLine(operation.Syntax.ToString()) + "'",
        IDynamicInvocationOperation or IDynamicMemberReferenceOperation => "a dynamic operation",
        _ => "'" + OneLine(operation.Syntax.ToString()) + "'",
    };

    private static string AdviceFor(IOperation operation) => operation switch
    {
        IBranchOperation or ISwitchOperation =>
            "use if/else, loops with 'break' and 'continue', 'return', and 'switch' on integers with constant labels",
        IArrayElementReferenceOperation or IArrayCreationOperation or IPropertyReferenceOperation =>
            "read elements of array or span parameters and locals with an int index, or declare local arrays with 'new double[n]' or 'stackalloc double[n]'",
        _ => "rewrite it with locals, arithmetic, System.Math calls and calls to [Differentiable] methods, or move it into a method whose arguments do not depend on differentiable parameters",
    };
}
