using System.Collections.Generic;
using System.Linq;
using GradGen.Generator.Helpers;
using GradGen.Generator.Model;

namespace GradGen.Generator.Emission;

/// <summary>
/// Writes <c>FJacobian</c> of a vector-valued method: m = r.Length outputs, n differentiable inputs (a, w[0], …) in
/// parameter order, J row-major (m × n). With n ≤ m, column j is the Pushforward along the j-th unit vector; otherwise
/// row i is the Pullback of the i-th unit seed. Directions, seeds and gradients of arrays live in pooled arrays.
/// </summary>
internal static class JacobianWriter
{
    /// <param name="columns">Whether the forward strategy fills all columns in one sweep (<see cref="JacobianColumnsWriter"/>)
    /// rather than one Pushforward per column.</param>
    public static void Write(IndentedWriter writer, MethodModel model, ParameterModel output, List<string> takenNames, bool columns)
    {
        var taken = new HashSet<string>(takenNames);
        string Fresh(string name)
        {
            var unique = Naming.Unique(name, taken);
            taken.Add(unique);
            return unique;
        }

        var real = output.Type.Element!.Text;
        var one = output.Type.Element!.Kind == NumericKind.Float ? "1f" : "1.0";
        var zero = output.Type.Element!.Kind == NumericKind.Float ? "0f" : "0.0";
        var jacobian = Fresh("jacobian");
        var n = Fresh("n");
        var m = Fresh("m");
        var r = Naming.Escape(output.Name);
        var inputs = model.Parameters.Where(p => p.IsDifferentiable).ToList();
        var sizes = inputs.Select(p => p.Type.IsRealCollection ? Naming.Escape(p.Name) + ".Length" : "1").ToList();
        var arguments = model.Parameters.Select(p => p.Modifier.Length > 0 ? "in " + Naming.Escape(p.Name) : Naming.Escape(p.Name)).ToList();
        var rented = new List<string>();

        writer.Line("/// <summary>");
        writer.Line("/// Writes <c>" + r + "</c> as <c>" + SourceEmitter.Xml(model.Signature) + "</c> does, and its Jacobian into <c>" + jacobian + "</c>, row-major:");
        writer.Line("/// " + r + ".Length rows, one column per differentiable input (" + string.Join(", ", inputs.Select(p => p.Type.IsRealCollection ? p.Name + "[0], …" : p.Name)) + ").");
        writer.Line("/// One forward sweep per input when there are no more inputs than outputs, else one reverse sweep per output.");
        writer.Line("/// </summary>");
        writer.Line(SourceEmitter.GeneratedCodeAttribute);
        writer.Open(SourceEmitter.Modifiers(model, string.Empty) + "void " + Naming.Escape(model.Name + "Jacobian") + "(" + SourceEmitter.ParameterList(model) + ", global::System.Span<" + real + "> " + jacobian + ")");
        var sum = sizes.Count == 0 ? "0" : string.Join(" + ", sizes);
        writer.Line("int " + n + " = " + sum + ";");
        writer.Line("int " + m + " = " + r + ".Length;");
        writer.Open("if (" + jacobian + ".Length != " + m + " * " + n + ")");
        writer.Line("throw new global::System.ArgumentException(\"The Jacobian '" + jacobian + "' must have " + r + ".Length × n elements, n = " + sum + " differentiable inputs.\", nameof(" + jacobian + "));");
        writer.Close();
        writer.Line();
        VectorEmitter.WriteAliasCheck(writer, model, output, new[] { jacobian });
        writer.Open("if (" + n + " == 0)");
        writer.Line(Naming.Escape(model.Name) + "(" + string.Join(", ", arguments) + ");");
        writer.Close();

        string Rent(string name, string length)
        {
            var array = Fresh("_" + name);
            rented.Add(array);
            writer.Line(real + "[] " + array + " = global::System.Buffers.ArrayPool<" + real + ">.Shared.Rent(" + length + ");");
            writer.Line("global::System.Span<" + real + "> " + name + " = new global::System.Span<" + real + ">(" + array + ", 0, " + length + ");");
            return name;
        }

        // Forward: column j = J·e_j.
        writer.Open("else if (" + n + " <= " + m + ")");
        if (columns)
        {
            writer.Line(JacobianColumnsWriter.Name(model) + "(" + string.Join(", ", arguments.Append(jacobian).Append(n)) + ");");
            writer.Close();
            WriteReverse();
            writer.Close();
            return;
        }

        var directions = inputs.Select(p => p.Type.IsRealCollection ? Rent(Fresh("v" + p.GradientName!.Substring(1)), Naming.Escape(p.Name) + ".Length") : Fresh("v" + p.GradientName!.Substring(1))).ToList();
        var column = Rent(Fresh("column"), m);
        var j = Fresh("j");
        writer.Open("for (int " + j + " = 0; " + j + " < " + n + "; " + j + "++)");
        WriteUnit(writer, inputs, directions, sizes, j, one, zero, declare: true);
        writer.Line(Naming.Escape(model.Name + "Pushforward") + "(" + string.Join(", ", arguments.Concat(directions).Append(column)) + ");");
        var i = Fresh("i");
        writer.Open("for (int " + i + " = 0; " + i + " < " + m + "; " + i + "++)");
        writer.Line(jacobian + "[" + i + " * " + n + " + " + j + "] = " + column + "[" + i + "];");
        writer.Close();
        writer.Close();
        writer.Line();
        ReturnAll();
        writer.Close();

        WriteReverse();
        writer.Close();

        // Reverse: row i = Jᵀ·e_i.
        void WriteReverse()
        {
            writer.Open("else");
            var seed = Rent(Fresh("seed"), m);
            var gradients = inputs.Select(p => p.Type.IsRealCollection ? Rent(Fresh("g" + p.GradientName!.Substring(1)), Naming.Escape(p.Name) + ".Length") : Fresh("g" + p.GradientName!.Substring(1))).ToList();
            var row = Fresh("row");
            writer.Open("for (int " + row + " = 0; " + row + " < " + m + "; " + row + "++)");
            writer.Line(ZeroFill.Statement(seed, real));
            writer.Line(seed + "[" + row + "] = " + one + ";");
            for (var k = 0; k < inputs.Count; k++)
            {
                writer.Line(inputs[k].Type.IsRealCollection ? ZeroFill.Statement(gradients[k], inputs[k].Type.Element!.Text) : real + " " + gradients[k] + " = " + zero + ";");
            }

            writer.Line(Naming.Escape(model.Name + "Pullback") + "(" + string.Join(", ", arguments.Append(seed).Concat(inputs.Select((p, k) => p.Type.IsRealCollection ? gradients[k] : "ref " + gradients[k]))) + ");");
            var offset = "0";
            for (var k = 0; k < inputs.Count; k++)
            {
                var start = row + " * " + n + (offset == "0" ? string.Empty : " + " + offset);
                writer.Line(inputs[k].Type.IsRealCollection
                    ? gradients[k] + ".CopyTo(" + jacobian + ".Slice(" + start + ", " + sizes[k] + "));"
                    : jacobian + "[" + start + "] = " + gradients[k] + ";");
                offset = offset == "0" ? sizes[k] : offset + " + " + sizes[k];
            }

            writer.Close();
            writer.Line();
            ReturnAll();
            writer.Close();
        }

        void ReturnAll()
        {
            foreach (var array in rented)
            {
                writer.Line("global::System.Buffers.ArrayPool<" + real + ">.Shared.Return(" + array + ");");
            }

            rented.Clear();
        }
    }

    /// <summary>The unit direction of column <paramref name="index"/>: 1 in the input it falls in, 0 elsewhere.</summary>
    private static void WriteUnit(IndentedWriter writer, List<ParameterModel> inputs, List<string> directions, List<string> sizes, string index, string one, string zero, bool declare)
    {
        var offset = "0";
        var sum = false;
        for (var k = 0; k < inputs.Count; k++)
        {
            // The sizes are names and literals: the offset is a sum once it has two of them.
            var at = offset == "0" ? index : sum ? index + " - (" + offset + ")" : index + " - " + offset;
            if (inputs[k].Type.IsRealCollection)
            {
                writer.Line(ZeroFill.Statement(directions[k], inputs[k].Type.Element!.Text));
                writer.Open("if (" + at + " >= 0 && " + at + " < " + sizes[k] + ")");
                writer.Line(directions[k] + "[" + at + "] = " + one + ";");
                writer.Close();
            }
            else
            {
                writer.Line((declare ? inputs[k].Type.Text + " " : string.Empty) + directions[k] + " = " + at + " == 0 ? " + one + " : " + zero + ";");
            }

            sum = offset != "0";
            offset = offset == "0" ? sizes[k] : offset + " + " + sizes[k];
        }
    }
}
