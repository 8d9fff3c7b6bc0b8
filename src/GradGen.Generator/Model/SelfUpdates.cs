namespace GradGen.Generator.Model;

/// <summary>
/// Statements that update a variable or an element from its own value: <c>v = v ± e</c> (an accumulation; with an int
/// constant, a step) and <c>a[i] = a[i] ± e</c>. One recogniser for the analyses and the transform, which each add
/// their own conditions (types, what <c>e</c> reads, its activity).
/// </summary>
internal static class SelfUpdates
{
    /// <summary><c>v = v + e</c> or <c>v = v - e</c>, the left operand the variable itself: the sum; null otherwise.</summary>
    public static BinaryExpr? Accumulation(Stmt statement) =>
        statement is AssignStmt { Value: BinaryExpr { Op: BinaryOp.Add or BinaryOp.Subtract, Left: VariableExpr self } sum } assign
        && self.VariableId == assign.VariableId
            ? sum
            : null;

    /// <summary>
    /// An int stepped by a constant (<c>i++</c>, <c>i -= 2</c>), which the reverse sweep undoes by the opposite step:
    /// the sum; null otherwise.
    /// </summary>
    public static BinaryExpr? IntStep(Stmt statement) =>
        Accumulation(statement) is { Left: VariableExpr { Type.Kind: NumericKind.Int }, Right: LiteralExpr, Type.Kind: NumericKind.Int } step ? step : null;

    /// <summary><c>a[i] = a[i] ± e</c> (the same element, both indices): the sum; null otherwise.</summary>
    public static BinaryExpr? ElementAccumulation(ElementAssignStmt assign) =>
        assign.Value is BinaryExpr { Op: BinaryOp.Add or BinaryOp.Subtract, Left: ElementExpr self } sum
        && self.ArrayId == assign.ArrayId && self.Index == assign.Index && self.Column == assign.Column
            ? sum
            : null;
}
