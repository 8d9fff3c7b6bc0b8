using System.Linq;
using GradGen.Generator.Helpers;
using GradGen.Generator.Model;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.Operations;

namespace GradGen.Generator.Parsing;

/// <summary>
/// A local array or span declared inside a loop or a branch (<c>double[] logits = new double[k];</c> in a sample loop)
/// is lowered to one declared at the top level, just before the top-level statement that holds it, and cleared
/// where it was declared (unless an initializer or the next statement writes every element before any read,
/// <c>BodyParser.FilledBeforeRead.cs</c>): each iteration then starts from zeros, as a fresh array does, and the rest of the transform
/// sees an ordinary top-level local array (adjoint storage, recording of overwritten elements, refills, fusion, forward
/// mode). The gradient therefore allocates it once per call instead of once per iteration, and a <c>stackalloc</c>
/// never sits inside a loop of generated code (CA2014). Sound only when the length is the same at the hoisted place and
/// at every run of the declaration: it may read only constants, parameters and int locals declared at the top level
/// that nothing assigns again, and their lengths.
/// </summary>
internal sealed partial class BodyParser
{
    private IBlockOperation? _body;

    /// <summary>
    /// Where in <see cref="Statements"/> the top-level statement being parsed begins: a hoisted declaration goes there,
    /// before that statement's own initialisations (a loop's 'int s = 0' must stay right before its loop to keep it counted).
    /// </summary>
    private int _hoistAt;

    /// <summary>Declares a nested local array at the top level and clears it in place; false (after a diagnostic) when it cannot be.</summary>
    /// <param name="count">The number of values of an initializer (then <paramref name="length"/> is the initializer itself).</param>
    private bool TryHoistArrayDeclaration(IVariableDeclaratorOperation declarator, int id, IOperation length, bool stackAlloc, int? count = null)
    {
        var name = declarator.Symbol.Name;
        if (_inlined is not null)
        {
            // A local function inlined at two calls would declare the array twice at the top level.
            Unsupported(declarator, "the array or span local '" + name + "' declared inside the local function '" + _inlined.Symbol.Name + "'",
                "declare it in the method and pass it to the local function, or make the local function a [Differentiable] method");
            return false;
        }

        if (count is null && !IsFixedLength(length))
        {
            Unsupported(declarator, "the array or span local '" + name + "' declared inside a loop or branch with the length '" + OneLine(length.Syntax.ToString()) + "'",
                "give it a length fixed for the whole method (a constant, a parameter, a '.Length', or an int local declared once at the top level), or declare it once before the loop");
            return false;
        }

        var lengthExpr = count is { } n ? IntLiteral(n) : ParseExpression(length, isRoot: false);
        Flush();
        Statements.Insert(_hoistAt, new ArrayDeclStmt(id, lengthExpr, stackAlloc, _source));
        _hoistAt++;
        if (_loopDepth > 0 && count is null && !IsFilledBeforeRead(declarator, length))
        {
            // (An initializer writes every element, and so does a filling loop right after the declaration.)
            AddClear(id, name);
        }

        return true;
    }

    /// <summary>'for (c = 0; c &lt; a.Length; c++) a[c] = 0;': a counted refill of the whole array (<c>LoopShapes.FilledArray</c>).</summary>
    private void AddClear(int id, string name)
    {
        var element = Variables[id].Type.Element!;
        var counter = DeclareTemporary(TypeRef.Int, "_clear");
        var zero = new LiteralExpr("0", TypeRef.Int, IsNegative: false);
        var source = "(a fresh '" + name + "' each time its declaration runs)";
        Add(new AssignStmt(counter, zero, IsDeclaration: true, source));
        var condition = new BinaryExpr(BinaryOp.LessThan, Var(counter), new LengthExpr(id, TypeRef.Int), TypeRef.Bool);
        var body = new Stmt[] { new ElementAssignStmt(id, Var(counter), Zero(element), source) };
        var step = new BinaryExpr(BinaryOp.Add, Var(counter), new LiteralExpr("1", TypeRef.Int, IsNegative: false), TypeRef.Int);
        var increment = new Stmt[] { new AssignStmt(counter, step, IsDeclaration: false, source) };
        Add(new LoopStmt(condition, new EquatableArray<Stmt>(body), new EquatableArray<Stmt>(increment), ConditionAtEnd: false, source));
    }

    private bool IsFixedLength(IOperation operation)
    {
        if (operation.ConstantValue.HasValue)
        {
            return true;
        }

        return operation switch
        {
            IConversionOperation conversion => IsFixedLength(conversion.Operand),
            IParenthesizedOperation parenthesized => IsFixedLength(parenthesized.Operand),
            IBinaryOperation { OperatorKind: BinaryOperatorKind.Add or BinaryOperatorKind.Subtract or BinaryOperatorKind.Multiply or BinaryOperatorKind.Divide } binary
                => IsFixedLength(binary.LeftOperand) && IsFixedLength(binary.RightOperand),
            IPropertyReferenceOperation { Property.Name: "Length", Instance: { } instance } when instance.Type is IArrayTypeSymbol || instance.Type?.IsRefLikeType == true
                => IsFixedLength(instance),
            IParameterReferenceOperation parameter => SymbolEqualityComparer.Default.Equals(parameter.Parameter.ContainingSymbol, _method)
                && parameter.Parameter.RefKind is RefKind.None or RefKind.In && !IsWritten(parameter.Parameter),
            ILocalReferenceOperation local => _ids.TryGetValue(local.Local, out var id) && !local.Local.IsRef
                && Statements.Take(_hoistAt).Any(s => s is AssignStmt { IsDeclaration: true } a && a.VariableId == id || s is ArrayDeclStmt d && d.ArrayId == id)
                && !IsWritten(local.Local),
            _ => false,
        };
    }

    /// <summary>Whether anything in the method body assigns the symbol other than its declaration.</summary>
    private bool IsWritten(ISymbol symbol) => _body is null || IsWrittenIn(_body, symbol);

    /// <summary>Whether anything inside <paramref name="scope"/> assigns the symbol other than its declaration.</summary>
    private static bool IsWrittenIn(IOperation scope, ISymbol symbol)
    {
        foreach (var operation in scope.Descendants())
        {
            var target = operation switch
            {
                IAssignmentOperation assignment => assignment.Target,
                IIncrementOrDecrementOperation step => step.Target,
                IArgumentOperation { Parameter.RefKind: not RefKind.None and not RefKind.In } argument => argument.Value,
                _ => null,
            };

            if (target is null)
            {
                continue;
            }

            if (target is ILocalReferenceOperation or IParameterReferenceOperation && Refers(target, symbol))
            {
                return true;
            }

            if (target.Descendants().Any(d => Refers(d, symbol) && d.Parent is ITupleOperation))
            {
                return true;
            }
        }

        return false;
    }

    private static bool Refers(IOperation operation, ISymbol symbol) => operation switch
    {
        ILocalReferenceOperation l => SymbolEqualityComparer.Default.Equals(l.Local, symbol),
        IParameterReferenceOperation p => SymbolEqualityComparer.Default.Equals(p.Parameter, symbol),
        _ => false,
    };
}
