using System.Collections.Generic;
using System.Linq;
using GradGen.Generator.Differentiation.Forward;
using GradGen.Generator.Helpers;
using GradGen.Generator.Model;

namespace GradGen.Generator.Emission;

/// <summary>
/// Writes the private helpers of a Hessian-vector product that calls other [Differentiable] methods
/// (<see cref="TangentCallLowering"/>): for a call of G, <c>T(a, t)</c> returns ∇G(a)·t from G's Pushforward, and its
/// pullback <c>P(a, t, seed, ā, t̄)</c> adds seed·H_G(a)·t to ā and seed·∇G(a) to t̄ from one
/// <c>GHessianVectorProduct</c> along t. Arguments without a tangent get a zero direction. Scratch spans are pooled.
/// </summary>
internal static class TangentHelperWriter
{
    public static void Write(IndentedWriter writer, MethodModel model, TangentHelper helper)
    {
        var call = helper.Call;
        var baseName = call.PullbackName.TrimStart('@');
        baseName = baseName.Substring(0, baseName.Length - "Pullback".Length);
        var pushforward = call.Target + "." + Naming.Escape(baseName + "Pushforward");
        var product = call.Target + "." + Naming.Escape(baseName + "HessianVectorProduct");
        var modifiers = "private " + (helper.IsStatic ? "static " : model.IsReadOnly ? "readonly " : string.Empty);
        var arguments = call.Arguments.Select((a, i) => a.Type.Text + " a" + Index(i)).ToList();
        var tangents = new List<string>();
        for (var i = 0; i < call.Arguments.Count; i++)
        {
            if (helper.Tangents[i])
            {
                tangents.Add(TangentType(call.Arguments[i].Type) + " t" + Index(i));
            }
        }

        var real = call.Type.Text;
        writer.Line();
        writer.Line("// ∇" + baseName + "(a)·t, for the reverse sweep of the tangent of a call of " + baseName + " (its pullback is below).");
        writer.Line(SourceEmitter.GeneratedCodeAttribute);
        writer.Open(modifiers + real + " " + helper.Name + "(" + string.Join(", ", arguments.Concat(tangents)) + ")");
        var rented = new List<(string Element, string Array)>();
        var directions = Directions(writer, call, helper, rented);
        writer.Line(pushforward + "(" + string.Join(", ", call.Arguments.Select((_, i) => "a" + Index(i)).Concat(directions)) + ", out " + real + " _d);");
        ReturnAll(writer, rented);
        writer.Line("return _d;");
        writer.Close();

        writer.Line();
        writer.Line("// Adds seed·H·t to the arguments' adjoints and seed·∇" + baseName + "(a) to the tangents': one Hessian-vector product along t.");
        writer.Line(SourceEmitter.GeneratedCodeAttribute);
        var adjoints = new List<string>();
        for (var i = 0; i < call.Arguments.Count; i++)
        {
            if (call.DifferentiableParameters[i])
            {
                adjoints.Add(AdjointType(call.Arguments[i].Type) + " da" + Index(i));
            }
        }

        for (var i = 0; i < call.Arguments.Count; i++)
        {
            if (helper.Tangents[i])
            {
                adjoints.Add(AdjointType(call.Arguments[i].Type) + " dt" + Index(i));
            }
        }

        writer.Open(modifiers + "void " + helper.PullbackName + "(" + string.Join(", ", arguments.Concat(tangents).Append(real + " seed").Concat(adjoints)) + ")");
        directions = Directions(writer, call, helper, rented);
        var gradients = new List<string>();
        var products = new List<string>();
        for (var i = 0; i < call.Arguments.Count; i++)
        {
            if (!call.DifferentiableParameters[i])
            {
                continue;
            }

            var type = call.Arguments[i].Type;
            foreach (var (prefix, list) in new[] { ("_g", gradients), ("_h", products) })
            {
                var name = prefix + Index(i);
                if (type.IsRealCollection)
                {
                    Rent(writer, type.Element!.Text, name, "a" + Index(i) + ".Length", rented);
                    list.Add(name);
                }
                else
                {
                    list.Add("out " + type.Text + " " + name);
                }
            }
        }

        writer.Line(product + "(" + string.Join(", ", call.Arguments.Select((_, i) => "a" + Index(i)).Concat(directions).Concat(gradients).Concat(products)) + ");");
        for (var i = 0; i < call.Arguments.Count; i++)
        {
            if (call.DifferentiableParameters[i])
            {
                Accumulate(writer, call.Arguments[i].Type, "da" + Index(i), "_h" + Index(i));
            }
        }

        for (var i = 0; i < call.Arguments.Count; i++)
        {
            if (helper.Tangents[i])
            {
                Accumulate(writer, call.Arguments[i].Type, "dt" + Index(i), "_g" + Index(i));
            }
        }

        ReturnAll(writer, rented);
        writer.Close();
    }

    private static string Index(int i) => i.ToString(System.Globalization.CultureInfo.InvariantCulture);

    private static string TangentType(TypeRef type) =>
        type.IsRealCollection ? "global::System.ReadOnlySpan<" + type.Element!.Text + ">" : type.Text;

    private static string AdjointType(TypeRef type) =>
        type.IsRealCollection ? "global::System.Span<" + type.Element!.Text + ">" : "ref " + type.Text;

    /// <summary>The direction of each differentiable argument: its tangent, or zero (a cleared pooled span for an array).</summary>
    private static List<string> Directions(IndentedWriter writer, DifferentiableCallExpr call, TangentHelper helper, List<(string Element, string Array)> rented)
    {
        var directions = new List<string>();
        for (var i = 0; i < call.Arguments.Count; i++)
        {
            if (!call.DifferentiableParameters[i])
            {
                continue;
            }

            var type = call.Arguments[i].Type;
            if (helper.Tangents[i])
            {
                directions.Add("t" + Index(i));
            }
            else if (type.IsRealCollection)
            {
                var name = "_z" + Index(i);
                Rent(writer, type.Element!.Text, name, "a" + Index(i) + ".Length", rented);
                writer.Line(ZeroFill.Statement(name, type.Element!.Text));
                directions.Add(name);
            }
            else
            {
                directions.Add(ForwardPrinter.Zero(type));
            }
        }

        return directions;
    }

    private static void Rent(IndentedWriter writer, string element, string name, string length, List<(string Element, string Array)> rented)
    {
        var array = name + "Array";
        rented.Add((element, array));
        writer.Line(element + "[] " + array + " = global::System.Buffers.ArrayPool<" + element + ">.Shared.Rent(" + length + ");");
        writer.Line("global::System.Span<" + element + "> " + name + " = new global::System.Span<" + element + ">(" + array + ", 0, " + length + ");");
    }

    private static void Accumulate(IndentedWriter writer, TypeRef type, string target, string source)
    {
        if (!type.IsRealCollection)
        {
            writer.Line(target + " += seed * " + source + ";");
            return;
        }

        writer.Open("for (int _i = 0; _i < " + target + ".Length; _i++)");
        writer.Line(target + "[_i] += seed * " + source + "[_i];");
        writer.Close();
    }

    private static void ReturnAll(IndentedWriter writer, List<(string Element, string Array)> rented)
    {
        foreach (var (element, array) in rented)
        {
            writer.Line("global::System.Buffers.ArrayPool<" + element + ">.Shared.Return(" + array + ");");
        }

        rented.Clear();
    }
}
