using System.Collections.Generic;
using System.Linq;
using GradGen.Generator.Helpers;
using GradGen.Generator.Model;

namespace GradGen.Generator.Emission;

/// <summary>
/// Writes <c>FHessian</c>: row i of the Hessian over the flattened differentiable inputs (a, w[0], w[1], …) is the
/// Hessian-vector product with the i-th unit vector; the result is symmetrised, (H + Hᵀ)/2, so that a Cholesky
/// factorisation sees an exactly symmetric matrix. Directions, gradients and products of arrays and spans live in
/// pooled arrays: nothing is allocated once warm.
/// </summary>
internal static class HessianWriter
{
    public static void Write(IndentedWriter writer, MethodModel model, string productName, List<(ParameterModel Parameter, string Direction)> inputs)
    {
        var taken = new HashSet<string>(model.Parameters.Select(p => p.Name));
        string Fresh(string name)
        {
            var unique = Naming.Unique(name, taken);
            taken.Add(unique);
            return unique;
        }

        var hessian = Fresh("hessian");
        var n = Fresh("n");
        var row = Fresh("row");
        var value = Fresh("value");
        var real = model.ReturnType.Text;
        var one = model.ReturnType.Kind == NumericKind.Float ? "1f" : "1.0";
        var zero = model.ReturnType.Kind == NumericKind.Float ? "0f" : "0.0";

        var sizes = inputs.Select(i => i.Parameter.Type.IsRealCollection ? Naming.Escape(i.Parameter.Name) + ".Length" : "1").ToList();
        writer.Line("/// <summary>");
        writer.Line("/// Returns <c>" + SourceEmitter.Xml(model.Signature) + "</c> and writes its Hessian over the differentiable inputs");
        writer.Line("/// (" + string.Join(", ", inputs.Select(i => i.Parameter.Type.IsRealCollection ? i.Parameter.Name + "[0], …" : i.Parameter.Name)) + "), row-major and symmetric:");
        writer.Line("/// one Hessian-vector product per row.");
        writer.Line("/// </summary>");
        writer.Line(SourceEmitter.GeneratedCodeAttribute);
        writer.Open(SourceEmitter.Modifiers(model, string.Empty) + real + " " + Naming.Escape(model.Name + "Hessian") + "(" + SourceEmitter.ParameterList(model) + ", global::System.Span<" + real + "> " + hessian + ")");
        writer.Line("int " + n + " = " + (sizes.Count == 0 ? "0" : string.Join(" + ", sizes)) + ";");
        writer.Open("if (" + hessian + ".Length != " + n + " * " + n + ")");
        writer.Line("throw new global::System.ArgumentException(\"The Hessian '" + hessian + "' must have n × n elements, n = " + (sizes.Count == 0 ? "0" : string.Join(" + ", sizes)) + " differentiable inputs.\", nameof(" + hessian + "));");
        writer.Close();
        writer.Line();

        // Per input: its direction, and where the call writes its gradient (unused) and its row of the product.
        var arguments = model.Parameters.Select(p => p.Modifier.Length > 0 ? "in " + Naming.Escape(p.Name) : Naming.Escape(p.Name)).ToList();
        var directions = new List<string>();
        var gradients = new List<string>();
        var products = new List<string>();
        var rented = new List<(string Element, string Array)>();
        var copies = new List<(string Product, bool Collection, string Size)>();
        foreach (var (parameter, direction) in inputs)
        {
            var element = parameter.Type.IsRealCollection ? parameter.Type.Element!.Text : parameter.Type.Text;
            var product = Fresh("hv" + direction.Substring(1));
            if (parameter.Type.IsRealCollection)
            {
                var length = Naming.Escape(parameter.Name) + ".Length";
                var spans = new[] { Fresh(direction), Fresh("g" + direction.Substring(1)), product };
                foreach (var span in spans)
                {
                    var array = Fresh("_" + span);
                    rented.Add((element, array));
                    writer.Line(element + "[] " + array + " = global::System.Buffers.ArrayPool<" + element + ">.Shared.Rent(" + length + ");");
                    writer.Line("global::System.Span<" + element + "> " + span + " = new global::System.Span<" + element + ">(" + array + ", 0, " + length + ");");
                }

                directions.Add(spans[0]);
                gradients.Add(spans[1]);
                products.Add(product);
                copies.Add((product, true, length));
            }
            else
            {
                var local = Fresh(direction);
                writer.Line(element + " " + local + " = " + zero + ";");
                writer.Line(element + " " + product + " = " + zero + ";");
                directions.Add(local);
                gradients.Add("out _");
                products.Add("out " + product);
                copies.Add((product, false, "1"));
            }
        }

        writer.Line(real + " " + value + " = " + (sizes.Count == 0 ? Naming.Escape(model.Name) + "(" + string.Join(", ", arguments) + ")" : "default") + ";");
        writer.Open("for (int " + row + " = 0; " + row + " < " + n + "; " + row + "++)");
        WriteRow(writer, inputs, directions, copies, sizes, row, n, hessian, one, zero);
        writer.Line(value + " = " + productName + "(" + string.Join(", ", arguments.Concat(directions).Concat(gradients).Concat(products)) + ");");
        WriteCopies(writer, copies, sizes, row, n, hessian);
        writer.Close();
        writer.Line();
        WriteSymmetrise(writer, n, hessian, one, Fresh);
        foreach (var (element, array) in rented)
        {
            writer.Line("global::System.Buffers.ArrayPool<" + element + ">.Shared.Return(" + array + ");");
        }

        writer.Line("return " + value + ";");
        writer.Close();
    }

    /// <summary>Sets the direction to the unit vector of the row: 1 where the row falls in an input, 0 elsewhere.</summary>
    private static void WriteRow(IndentedWriter writer, List<(ParameterModel Parameter, string Direction)> inputs, List<string> directions, List<(string Product, bool Collection, string Size)> copies, List<string> sizes, string row, string n, string hessian, string one, string zero)
    {
        var offset = "0";
        var sum = false;
        for (var i = 0; i < inputs.Count; i++)
        {
            // The sizes are names and literals: the offset is a sum once it has two of them.
            var at = offset == "0" ? row : sum ? row + " - (" + offset + ")" : row + " - " + offset;
            if (copies[i].Collection)
            {
                writer.Line(ZeroFill.Statement(directions[i], inputs[i].Parameter.Type.Element!.Text));
                writer.Open("if (" + at + " >= 0 && " + at + " < " + sizes[i] + ")");
                writer.Line(directions[i] + "[" + at + "] = " + one + ";");
                writer.Close();
            }
            else
            {
                writer.Line(directions[i] + " = " + at + " == 0 ? " + one + " : " + zero + ";");
            }

            sum = offset != "0";
            offset = offset == "0" ? sizes[i] : offset + " + " + sizes[i];
        }
    }

    private static void WriteCopies(IndentedWriter writer, List<(string Product, bool Collection, string Size)> copies, List<string> sizes, string row, string n, string hessian)
    {
        var offset = "0";
        foreach (var (product, collection, size) in copies)
        {
            var start = row + " * " + n + (offset == "0" ? string.Empty : " + " + offset);
            writer.Line(collection
                ? product + ".CopyTo(" + hessian + ".Slice(" + start + ", " + size + "));"
                : hessian + "[" + start + "] = " + product + ";");
            offset = offset == "0" ? size : offset + " + " + size;
        }
    }

    private static void WriteSymmetrise(IndentedWriter writer, string n, string hessian, string one, System.Func<string, string> fresh)
    {
        var i = fresh("i");
        var j = fresh("j");
        var half = one == "1f" ? "0.5f" : "0.5";
        writer.Open("for (int " + i + " = 0; " + i + " < " + n + "; " + i + "++)");
        writer.Open("for (int " + j + " = " + i + " + 1; " + j + " < " + n + "; " + j + "++)");
        writer.Line(hessian + "[" + i + " * " + n + " + " + j + "] = " + hessian + "[" + j + " * " + n + " + " + i + "] = " + half + " * (" + hessian + "[" + i + " * " + n + " + " + j + "] + " + hessian + "[" + j + " * " + n + " + " + i + "]);");
        writer.Close();
        writer.Close();
        writer.Line();
    }
}
