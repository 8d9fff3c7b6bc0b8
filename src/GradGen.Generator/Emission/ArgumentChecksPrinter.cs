using System.Collections.Generic;
using System.Linq;
using GradGen.Generator.Differentiation;
using GradGen.Generator.Differentiation.Adjoint;
using GradGen.Generator.Helpers;
using GradGen.Generator.Model;

namespace GradGen.Generator.Emission;

/// <summary>
/// Prints the checks at the top of a generated method (<see cref="ArgumentChecks"/>): every gradient span has its input's
/// length, and no gradient span shares memory with a collection the method reads (the sweeps clear and add into the
/// gradients while they still read the inputs: silently wrong) or, in a Gradient, with another gradient (each would end up
/// holding the sum of both). A Pullback may be given one span for two gradients: it only adds, so both contributions
/// arrive, which is what a call passing one array as two arguments needs.
/// <para>
/// The gradients of rectangular and jagged arrays: each must have its parameter's shape (both lengths of a <c>T[,]</c>;
/// the row count and every row's length of a <c>T[][]</c>) and must not be an input array of its kind the sweeps still
/// read (nor, in a Gradient, another gradient). Each row of a jagged gradient must not overlap the same row of its input
/// or any input span; rows shared at different positions of two jagged arrays are not looked for (that check would cost
/// a comparison per pair of rows on every call). A Gradient clears the gradients whole (every row of a jagged one)
/// before adding (<see cref="WriteClear"/>); a Pullback only adds.
/// </para>
/// </summary>
internal static class ArgumentChecksPrinter
{
    public static void Write(IndentedWriter writer, ArgumentChecks checks)
    {
        var model = checks.Model;
        var rows = checks.JaggedRows.GetEnumerator();
        foreach (var parameter in model.Parameters.Where(p => p.IsDifferentiable && p.Type.IsTwoIndex))
        {
            if (parameter.Type.Collection == CollectionKind.Matrix)
            {
                WriteMatrixChecks(writer, checks, parameter);
            }
            else
            {
                rows.MoveNext();
                WriteJaggedChecks(writer, checks, parameter, rows.Current);
            }

            writer.Line();
        }

        var gradients = model.Parameters.Where(p => p.IsDifferentiable && p.Type.IsRealCollection && !p.Type.IsTwoIndex).ToList();
        foreach (var parameter in gradients)
        {
            var name = Naming.Escape(parameter.Name);
            writer.Open("if (" + parameter.GradientName + ".Length != " + LengthOf(parameter, name, checks.MayThrow) + ")");
            writer.Line("throw new global::System.ArgumentException(\"The gradient '" + parameter.GradientName + "' must have the length of '" + parameter.Name + "'.\", nameof(" + parameter.GradientName + "));");
            writer.Close();
            writer.Line();
        }

        for (var g = 0; g < gradients.Count; g++)
        {
            var gradient = gradients[g];
            var element = gradient.Type.Element!.Text;
            var others = new List<string>();
            others.AddRange(model.Parameters.Where(p => p.Type.IsRealCollection && !p.Type.IsTwoIndex && p.Type.Element!.Text == element).Select(p => Naming.Escape(p.Name)));
            var otherGradients = checks.Mode == SweepMode.Gradient
                ? gradients.Where(p => p != gradient && p.Type.Element!.Text == element).ToList()
                : new List<ParameterModel>();
            others.AddRange(otherGradients.Where(p => gradients.IndexOf(p) > g).Select(p => p.GradientName!));
            var tests = others.Select(other => "global::System.MemoryExtensions.Overlaps<" + element + ">(" + gradient.GradientName + ", " + other + ")").ToList();
            WriteAliasTest(writer, tests, gradient.GradientName!, otherGradients.Count > 0);
            writer.Line();
        }
    }

    /// <summary>A Gradient overwrites its gradients: a scalar is set to zero, a span filled, a rectangular or jagged array cleared whole, every row of it.</summary>
    public static void WriteClear(IndentedWriter writer, GradientClear clear)
    {
        var parameter = clear.Parameter;
        var gradient = parameter.GradientName!;
        var element = parameter.Type.Element?.Text;
        if (!parameter.Type.IsTwoIndex)
        {
            writer.Line(parameter.Type.IsRealCollection
                ? ZeroFill.Statement(gradient, element!)
                : gradient + " = " + ZeroFill.Zero(parameter.Type.Text) + ";");
            return;
        }

        var row = clear.Row!;
        if (parameter.Type.Collection == CollectionKind.Matrix)
        {
            // Element by element: Array.Clear stalls the Math calls after it on AVX-512 hosts (see ZeroFill).
            var column = clear.Column!;
            writer.Open("for (int " + row + " = 0; " + row + " < " + gradient + ".GetLength(0); " + row + "++)");
            writer.Open("for (int " + column + " = 0; " + column + " < " + gradient + ".GetLength(1); " + column + "++)");
            writer.Line(gradient + "[" + row + ", " + column + "] = " + ZeroFill.Zero(element!) + ";");
            writer.Close();
            writer.Close();
            return;
        }

        writer.Open("for (int " + row + " = 0; " + row + " < " + gradient + ".Length; " + row + "++)");
        writer.Line(ZeroFill.Statement("new global::System.Span<" + element + ">(" + gradient + "[" + row + "])", element!));
        writer.Close();
    }

    /// <summary>
    /// The length an array parameter's gradient must have. In a method that throws, a null array counts as empty
    /// (through a span, which is empty for null: a test such as 'w is null' would make the compiler's null analysis
    /// warn at every later use), so a null array with an empty gradient reaches the method's own guard
    /// (<c>w ?? throw new ArgumentNullException(…)</c>), which throws what the original throws.
    /// </summary>
    private static string LengthOf(ParameterModel parameter, string name, bool mayThrow) =>
        mayThrow && parameter.Type.Collection == CollectionKind.Array
            ? "((global::System.ReadOnlySpan<" + parameter.Type.Element!.Text + ">)" + name + ").Length"
            : name + ".Length";

    private static void WriteMatrixChecks(IndentedWriter writer, ArgumentChecks checks, ParameterModel parameter)
    {
        var name = Naming.Escape(parameter.Name);
        var gradient = parameter.GradientName!;
        writer.Line("if (" + gradient + ".GetLength(0) != " + Dimension(name, 0, checks.MayThrow));
        writer.Open("    || " + gradient + ".GetLength(1) != " + Dimension(name, 1, checks.MayThrow) + ")");
        writer.Line(ShapeThrow(parameter));
        writer.Close();
        writer.Line();
        WriteSameArrayTest(writer, checks, parameter);
    }

    /// <summary>The gradient is none of the arrays of its kind the method reads, nor (in a Gradient) a later gradient of its kind.</summary>
    private static void WriteSameArrayTest(IndentedWriter writer, ArgumentChecks checks, ParameterModel parameter)
    {
        var gradient = parameter.GradientName!;
        bool SameKind(ParameterModel p) => p.Type.Collection == parameter.Type.Collection && p.Type.Element == parameter.Type.Element;
        var parameters = checks.Model.Parameters;
        var others = parameters.Where(SameKind).Select(p => Naming.Escape(p.Name)).ToList();
        var otherGradients = checks.Mode == SweepMode.Gradient ? parameters.Where(p => p != parameter && p.IsDifferentiable && SameKind(p)).ToList() : new List<ParameterModel>();

        // Each gradient against the later ones: a Pullback may take one array for two gradients, it only adds.
        others.AddRange(otherGradients.Where(p => p.VariableId > parameter.VariableId).Select(p => p.GradientName!));
        var tests = others.Select(other => "global::System.Object.ReferenceEquals(" + gradient + ", " + other + ")").ToList();
        WriteAliasTest(writer, tests, gradient, otherGradients.Count > 0);
    }

    private static void WriteJaggedChecks(IndentedWriter writer, ArgumentChecks checks, ParameterModel parameter, string row)
    {
        var name = Naming.Escape(parameter.Name);
        var gradient = parameter.GradientName!;
        var element = parameter.Type.Element!.Text;
        writer.Open("if (" + gradient + ".Length != " + (checks.MayThrow ? "(" + name + "?.Length ?? 0)" : name + ".Length") + ")");
        writer.Line(ShapeThrow(parameter));
        writer.Close();
        writer.Line();
        WriteSameArrayTest(writer, checks, parameter);
        writer.Line();

        // A null row (the method throws on reading it, as the original does) must have a null gradient row.
        writer.Open("for (int " + row + " = 0; " + row + " < " + gradient + ".Length; " + row + "++)");
        writer.Open("if (" + gradient + "[" + row + "]?.Length != " + name + "[" + row + "]?.Length)");
        writer.Line(ShapeThrow(parameter));
        writer.Close();
        writer.Line();

        // Its row against the same row of the input, and against every input span of the element type.
        var others = checks.Model.Parameters.Where(p => p.Type.IsRealCollection && !p.Type.IsTwoIndex && p.Type.Element == parameter.Type.Element).Select(p => Naming.Escape(p.Name))
            .Prepend(name + "[" + row + "]");
        var tests = others.Select(other => "global::System.MemoryExtensions.Overlaps<" + element + ">(" + gradient + "[" + row + "], " + other + ")").ToList();
        WriteAliasTest(writer, tests, gradient, otherGradients: false);
        writer.Close();
    }

    /// <summary>One test per line: a reader sees at once which pairs are checked.</summary>
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

    /// <summary>A length of a rectangular parameter; in a method that throws, 0 for null, so its own null guard runs (see <see cref="LengthOf"/>).</summary>
    private static string Dimension(string name, int dimension, bool mayThrow) =>
        mayThrow ? "(" + name + "?.GetLength(" + dimension + ") ?? 0)" : name + ".GetLength(" + dimension + ")";

    private static string ShapeThrow(ParameterModel parameter) =>
        "throw new global::System.ArgumentException(\"The gradient '" + parameter.GradientName + "' must have the shape of '" + parameter.Name + "'.\", nameof(" + parameter.GradientName + "));";
}
