using System.Collections.Generic;
using System.Linq;
using GradGen.Generator.Differentiation.Forward;
using GradGen.Generator.Helpers;
using GradGen.Generator.Model;
using GradGen.Generator.Parsing;

namespace GradGen.Generator.Emission;

/// <summary>
/// Writes the private helper that fills all n columns of a Jacobian in one forward sweep (<see cref="TangentColumns"/>):
/// the tangents of the n unit directions side by side, in one pooled block; the output's tangents are the Jacobian.
/// </summary>
internal static class JacobianColumnsWriter
{
    public static string Name(MethodModel model) => GeneratedMembers.HelperPrefix(model.Name) + "JacobianColumns";

    /// <summary>Whether the method's forward model fits vector forward mode (else the Jacobian calls Pushforward per column).</summary>
    public static bool Fits(MethodModel model, ForwardModel forward)
    {
        var real = model.Parameters.First(p => p.VariableId == model.OutputId).Type.Element!.Kind;
        var outputTangent = forward.Model.Parameters[forward.Model.Parameters.Count - 1].VariableId;
        return TangentColumns.Fits(forward, outputTangent)
            && forward.Tangents.All(id => (forward.Model.Variables[id].Type.Element ?? forward.Model.Variables[id].Type).Kind == real);
    }

    public static void Write(IndentedWriter writer, MethodModel model, ForwardModel forward)
    {
        var output = model.Parameters.First(p => p.VariableId == model.OutputId);
        var element = output.Type.Element!;
        var real = element.Text;
        var outputTangent = forward.Model.Parameters[forward.Model.Parameters.Count - 1].VariableId;

        // The helper's model: the method's parameters, then the Jacobian and the number of columns; the tangents of the
        // parameters become locals (spans over the pooled block).
        var variables = forward.Model.Variables.Select(v => v.Kind == VariableKind.Parameter && v.Id >= forward.OriginalVariableCount ? v with { Kind = VariableKind.Local } : v).ToList();
        var taken = model.Parameters.Select(p => p.Name).ToList();
        var jacobianName = Naming.Unique("jacobian", taken);
        taken.Add(jacobianName);
        var widthName = Naming.Unique("n", taken);
        var spanType = new TypeRef("global::System.Span<" + real + ">", NumericKind.Other, CollectionKind.Span, element);
        var jacobian = Add(variables, jacobianName, spanType, VariableKind.Parameter);
        var width = Add(variables, widthName, TypeRef.Int, VariableKind.Parameter);
        var index = Add(variables, "j", TypeRef.Int, VariableKind.Local);
        // The forward model's parameters: the method's, without gradient names (the helper has no gradient parameters).
        var parameters = forward.Model.Parameters.Take(model.Parameters.Count)
            .Append(new ParameterModel(jacobian, jacobianName, spanType, null))
            .Append(new ParameterModel(width, widthName, TypeRef.Int, null))
            .ToEquatableArray();
        var helperModel = forward.Model with { Parameters = parameters, Variables = variables.ToEquatableArray() };
        var directions = new HashSet<int>(forward.TangentParameters.Where(id => variables[id].Type.IsRealCollection));
        var scalars = new HashSet<int>(forward.Tangents.Where(id => !directions.Contains(id) && id != outputTangent));
        // Block layout, in units of n: the directions of the inputs in parameter order, then the scalar tangents; the
        // same order gives each input its first column.
        var units = new List<string>();
        var constant = 0;
        var inputs = model.Parameters.Where(p => p.IsDifferentiable).Zip(forward.TangentParameters, (p, id) => (Parameter: p, Tangent: id)).ToList();
        var firstColumns = new List<(string Name, string Column)>();
        foreach (var (parameter, _) in inputs)
        {
            firstColumns.Add((parameter.Name, Units(constant, units)));
            if (parameter.Type.IsRealCollection)
            {
                units.Add(Naming.Escape(parameter.Name) + ".Length");
            }
            else
            {
                constant++;
            }
        }

        var sparsity = TangentSparsity.Analyse(forward, scalars, directions, outputTangent);
        var columns = new TangentColumns(scalars, directions, outputTangent, jacobian, width, index, sparsity, firstColumns);
        var printer = new ForwardPrinter(forward with { Model = helperModel }, columns);
        var names = printer.Names;
        var n = names.Variable(width);

        writer.Line();
        writer.Line(sparsity is null
            ? "// The Jacobian's n columns in one forward sweep: every tangent holds the n unit directions side by side."
            : "// The Jacobian's n columns in one forward sweep: every tangent holds its columns that can be non-zero, one local each.");
        writer.Line(SourceEmitter.GeneratedCodeAttribute);
        var modifiers = "private " + (model.IsStatic ? "static " : model.IsReadOnly ? "readonly " : string.Empty) + (model.IsUnsafe ? "unsafe " : string.Empty);
        writer.Open(modifiers + "void " + Name(model) + "(" + SourceEmitter.ParameterList(helperModel) + ")");
        if (sparsity is not null)
        {
            WriteColumnLocals(writer, printer, sparsity, scalars, inputs.Select(i => i.Tangent).ToList(), element, names.Variable(jacobian));
            writer.Close();
            return;
        }

        var scalarLocals = scalars.Where(id => !inputs.Any(i => i.Tangent == id)).OrderBy(id => id).ToList();

        var block = names.Fresh("_tangents");
        var all = names.Fresh("_block");
        var size = Units(constant + scalarLocals.Count, units) + " * " + n;
        writer.Line(real + "[] " + block + " = global::System.Buffers.ArrayPool<" + real + ">.Shared.Rent(" + size + ");");
        writer.Line("global::System.Span<" + real + "> " + all + " = new global::System.Span<" + real + ">(" + block + ", 0, " + size + ");");
        writer.Line(ZeroFill.Statement(all, real));

        var scalarsBefore = 0;
        var lengthsBefore = new List<string>();
        var one = element.Kind == NumericKind.Float ? "1f" : "1.0";
        foreach (var (parameter, tangent) in inputs)
        {
            var name = names.Variable(tangent);
            var column = Units(scalarsBefore, lengthsBefore);
            var start = column == "0" ? "0" : column + " * " + n;
            if (parameter.Type.IsRealCollection)
            {
                var length = Naming.Escape(parameter.Name) + ".Length";
                writer.Line("global::System.Span<" + real + "> " + name + " = " + all + ".Slice(" + start + ", " + length + " * " + n + ");");
                var i = names.Fresh("i");
                writer.Open("for (int " + i + " = 0; " + i + " < " + length + "; " + i + "++)");
                writer.Line(name + "[" + i + " * " + n + " + " + (column == "0" ? i : column + " + " + i) + "] = " + one + ";");
                writer.Close();
                lengthsBefore.Add(length);
            }
            else
            {
                writer.Line("global::System.Span<" + real + "> " + name + " = " + all + ".Slice(" + start + ", " + n + ");");
                writer.Line(name + "[" + column + "] = " + one + ";");
                scalarsBefore++;
            }
        }

        foreach (var id in scalarLocals)
        {
            var column = Units(scalarsBefore, lengthsBefore);
            writer.Line("global::System.Span<" + real + "> " + names.Variable(id) + " = " + all + ".Slice(" + (column == "0" ? "0" : column + " * " + n) + ", " + n + ");");
            scalarsBefore++;
        }

        // Elements the method never writes have a zero derivative.
        writer.Line(ZeroFill.Statement(names.Variable(jacobian), real));
        writer.Line();
        printer.Write(writer);
        writer.Line("global::System.Buffers.ArrayPool<" + real + ">.Shared.Return(" + block + ");");
        writer.Close();
    }

    /// <summary>
    /// The sweep of <see cref="TangentSparsity"/>: one local per known column of each scalar tangent (a scalar input's
    /// tangent starts as 1 in its own column), no pooled block.
    /// </summary>
    private static void WriteColumnLocals(IndentedWriter writer, ForwardPrinter printer, TangentSparsity sparsity, HashSet<int> scalars, List<int> tangentParameters, TypeRef element, string jacobian)
    {
        var zero = ForwardPrinter.Zero(element);
        var one = element.Kind == NumericKind.Float ? "1f" : "1.0";
        foreach (var id in scalars.OrderBy(id => id))
        {
            foreach (var column in sparsity.Columns(id))
            {
                var seed = column.Index < 0 && tangentParameters[column.Parameter] == id;
                writer.Line(element.Text + " " + printer.Columns!.ComponentName(id, column) + " = " + (seed ? one : zero) + ";");
            }
        }

        // Elements the method never writes have a zero derivative, and so do the columns no write fills.
        writer.Line(ZeroFill.Statement(jacobian, element.Text));
        writer.Line();
        printer.Write(writer);
    }

    private static string Units(int count, IEnumerable<string> lengths)
    {
        var terms = (count > 0 ? new[] { Text(count) } : new string[0]).Concat(lengths).ToList();
        return terms.Count == 0 ? "0" : terms.Count == 1 ? terms[0] : "(" + string.Join(" + ", terms) + ")";
    }

    private static int Add(List<Variable> variables, string name, TypeRef type, VariableKind kind)
    {
        var id = variables.Count;
        variables.Add(new Variable(id, name, type, kind));
        return id;
    }

    private static string Text(int value) => value.ToString(System.Globalization.CultureInfo.InvariantCulture);
}
