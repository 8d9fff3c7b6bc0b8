using System.Collections.Generic;
using System.Linq;
using GradGen.Generator.Differentiation.Adjoint;
using GradGen.Generator.Helpers;
using GradGen.Generator.Model;

namespace GradGen.Generator.Differentiation;

/// <summary>
/// The gradients of rectangular and jagged arrays: each must have its parameter's shape (both lengths of a <c>T[,]</c>;
/// the row count and every row's length of a <c>T[][]</c>) and must not be an input array of its kind the sweeps still read
/// (nor, in a Gradient, another gradient). Each row of a jagged gradient must not overlap the same row of its input or any
/// input span; rows shared at different positions of two jagged arrays are not looked for (that check would cost a
/// comparison per pair of rows on every call). A Gradient clears the gradients whole (every row of a jagged one) before
/// adding; a Pullback only adds.
/// </summary>
internal sealed partial class AdjointWriter
{
    private void WriteShapeChecks(IndentedWriter writer)
    {
        foreach (var parameter in _model.Parameters.Where(p => p.IsDifferentiable && p.Type.IsTwoIndex))
        {
            if (parameter.Type.Collection == CollectionKind.Matrix)
            {
                WriteMatrixChecks(writer, parameter);
            }
            else
            {
                WriteJaggedChecks(writer, parameter);
            }

            writer.Line();
        }
    }

    private void WriteMatrixChecks(IndentedWriter writer, ParameterModel parameter)
    {
        var name = Naming.Escape(parameter.Name);
        var gradient = parameter.GradientName!;
        writer.Line("if (" + gradient + ".GetLength(0) != " + Dimension(name, 0));
        writer.Open("    || " + gradient + ".GetLength(1) != " + Dimension(name, 1) + ")");
        writer.Line(ShapeThrow(parameter));
        writer.Close();
        writer.Line();
        WriteSameArrayTest(writer, parameter);
    }

    /// <summary>The gradient is none of the arrays of its kind the method reads, nor (in a Gradient) a later gradient of its kind.</summary>
    private void WriteSameArrayTest(IndentedWriter writer, ParameterModel parameter)
    {
        var gradient = parameter.GradientName!;
        bool SameKind(ParameterModel p) => p.Type.Collection == parameter.Type.Collection && p.Type.Element == parameter.Type.Element;
        var others = _model.Parameters.Where(SameKind).Select(p => Naming.Escape(p.Name)).ToList();
        var otherGradients = _mode == SweepMode.Gradient ? _model.Parameters.Where(p => p != parameter && p.IsDifferentiable && SameKind(p)).ToList() : new List<ParameterModel>();

        // Each gradient against the later ones: a Pullback may take one array for two gradients, it only adds.
        others.AddRange(otherGradients.Where(p => p.VariableId > parameter.VariableId).Select(p => p.GradientName!));
        var tests = others.Select(other => "global::System.Object.ReferenceEquals(" + gradient + ", " + other + ")").ToList();
        WriteAliasTest(writer, tests, gradient, otherGradients.Count > 0);
    }

    private void WriteJaggedChecks(IndentedWriter writer, ParameterModel parameter)
    {
        var name = Naming.Escape(parameter.Name);
        var gradient = parameter.GradientName!;
        var element = parameter.Type.Element!.Text;
        writer.Open("if (" + gradient + ".Length != " + (MayThrow ? "(" + name + "?.Length ?? 0)" : name + ".Length") + ")");
        writer.Line(ShapeThrow(parameter));
        writer.Close();
        writer.Line();
        WriteSameArrayTest(writer, parameter);
        writer.Line();

        // A null row (the method throws on reading it, as the original does) must have a null gradient row.
        var row = _names.FreshNumbered("_row");
        writer.Open("for (int " + row + " = 0; " + row + " < " + gradient + ".Length; " + row + "++)");
        writer.Open("if (" + gradient + "[" + row + "]?.Length != " + name + "[" + row + "]?.Length)");
        writer.Line(ShapeThrow(parameter));
        writer.Close();
        writer.Line();

        // Its row against the same row of the input, and against every input span of the element type.
        var others = _model.Parameters.Where(p => p.Type.IsRealCollection && !p.Type.IsTwoIndex && p.Type.Element == parameter.Type.Element).Select(p => Naming.Escape(p.Name))
            .Prepend(name + "[" + row + "]");
        var tests = others.Select(other => "global::System.MemoryExtensions.Overlaps<" + element + ">(" + gradient + "[" + row + "], " + other + ")").ToList();
        WriteAliasTest(writer, tests, gradient, otherGradients: false);
        writer.Close();
    }

    private static void WriteAliasTest(IndentedWriter writer, List<string> tests, string gradient, bool otherGradients)
    {
        if (tests.Count == 0)
        {
            return;
        }

        for (var t = 0; t < tests.Count - 1; t++)
        {
            writer.Line((t == 0 ? "if (" : "    || ") + tests[t]);
        }

        writer.Open((tests.Count == 1 ? "if (" : "    || ") + tests[tests.Count - 1] + ")");
        writer.Line("throw new global::System.ArgumentException(\"The gradient '" + gradient + "' must not share memory with the inputs" + (otherGradients ? " or the other gradients" : string.Empty) + ".\", nameof(" + gradient + "));");
        writer.Close();
    }

    /// <summary>A length of a rectangular parameter; in a method that throws, 0 for null, so its own null guard runs (see <see cref="LengthOf(ParameterModel, string, bool)"/>).</summary>
    private string Dimension(string name, int dimension) =>
        MayThrow ? "(" + name + "?.GetLength(" + dimension + ") ?? 0)" : name + ".GetLength(" + dimension + ")";

    private static string ShapeThrow(ParameterModel parameter) =>
        "throw new global::System.ArgumentException(\"The gradient '" + parameter.GradientName + "' must have the shape of '" + parameter.Name + "'.\", nameof(" + parameter.GradientName + "));";

    /// <summary>A Gradient overwrites a rectangular or jagged gradient whole, every row of it.</summary>
    private void WriteTwoIndexClear(IndentedWriter writer, ParameterModel parameter)
    {
        var gradient = parameter.GradientName!;
        var row = _names.FreshNumbered("_row");
        if (parameter.Type.Collection == CollectionKind.Matrix)
        {
            // Element by element: Array.Clear stalls the Math calls after it on AVX-512 hosts (see ZeroFill).
            var column = _names.FreshNumbered("_column");
            writer.Open("for (int " + row + " = 0; " + row + " < " + gradient + ".GetLength(0); " + row + "++)");
            writer.Open("for (int " + column + " = 0; " + column + " < " + gradient + ".GetLength(1); " + column + "++)");
            writer.Line(gradient + "[" + row + ", " + column + "] = " + Zero(parameter.Type.Element!) + ";");
            writer.Close();
            writer.Close();
            return;
        }

        writer.Open("for (int " + row + " = 0; " + row + " < " + gradient + ".Length; " + row + "++)");
        writer.Line(Emission.ZeroFill.Statement("new global::System.Span<" + parameter.Type.Element!.Text + ">(" + gradient + "[" + row + "])", parameter.Type.Element!.Text));
        writer.Close();
    }
    /// <summary>The element an element write stores to, as the method writes it: 'a[i]', 'a[i, j]'.</summary>
    private Target PrimalElement(ElementAssignStmt assign) => Target.Element(
        _printer.Element(_names.Variable(assign.ArrayId), new ElementExpr(assign.ArrayId, assign.Index, TypeRef.Double, assign.Column)),
        _names.Variable(assign.ArrayId),
        PlainIndex(assign.Index, assign.Column, jagged: false));

    /// <summary>Indices that read no array element, of an element that is not in a jagged row.</summary>
    private static bool PlainIndex(Expr index, Expr? column, bool jagged) =>
        !jagged && !ReadsElement(index) && (column is null || !ReadsElement(column));

    private static bool ReadsElement(Expr expr) =>
        expr is ElementExpr or MemberElementExpr or LengthExpr { Row: not null } || ExprWalker.Children(expr).Any(ReadsElement);

    /// <summary>
    /// The adjoint of an element: at the same indices in a gradient array or span, except for a local rectangular array,
    /// whose adjoint is a flat pooled span (row-major, as the array itself): 'a[i, j]' has '_d_a[i * a.GetLength(1) + j]'.
    /// </summary>
    private Target AdjointElement(int arrayId, Expr index, Expr? column, bool jagged)
    {
        var variable = _model.Variables[arrayId];
        var adjoint = AdjointName(arrayId);
        var plain = PlainIndex(index, column, jagged);
        if (column is not null && variable.Kind != VariableKind.Parameter && variable.Type.Collection == CollectionKind.Matrix)
        {
            var columns = Code.Atom(_names.Variable(arrayId) + ".GetLength(1)", NameSet.Of(_names.Variable(arrayId)));
            var flat = Code.Add(Code.Multiply(_printer.Print(index), columns), _printer.Print(column));
            return Target.Element(Code.Atom(adjoint + "[" + flat.Text + "]", NameSet.Union(NameSet.Of(adjoint), flat.Names), flat), adjoint, plain);
        }

        var element = new ElementExpr(arrayId, index, variable.Type.Element!, column, jagged);
        var code = _printer.Element(adjoint, element);
        return Target.Element(code, _printer.RowOf(adjoint, element) ?? adjoint, plain);
    }
}
