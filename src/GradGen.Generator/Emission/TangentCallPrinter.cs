using System;
using System.Collections.Generic;
using System.Linq;
using GradGen.Generator.Differentiation;
using GradGen.Generator.Helpers;
using GradGen.Generator.Model;

namespace GradGen.Generator.Emission;

/// <summary>
/// The tangent of a call to another [Differentiable] method (or one with a custom derivative) in a forward sweep,
/// through the callee's Pullback with seed 1: it gives ∂G/∂aᵢ for every argument, and the tangent is their sum
/// weighted by the arguments' tangents. This needs nothing from the callee but what every differentiable method has,
/// and costs one reverse sweep of the callee: exact, and a constant factor of the call.
/// Gradients of array and span arguments go into pooled scratch arrays, so nothing is allocated once warm.
/// </summary>
internal static class TangentCallPrinter
{
    /// <summary>
    /// Through the callee's Pushforward (it has one): value and tangent in one forward sweep of the callee. An array
    /// argument without a tangent gets a cleared pooled span.
    /// </summary>
    private static void WriteThroughPushforward(TangentCallStmt statement, NameTable names, ExprPrinter printer, LineBuffer output, Action<int, string, bool> assign, List<string> arguments)
    {
        var call = statement.Call;
        var tangents = new List<string>();
        var rented = new List<(string Element, string Array)>();
        for (var i = 0; i < call.Arguments.Count; i++)
        {
            if (!call.DifferentiableParameters[i])
            {
                continue;
            }

            var type = call.Arguments[i].Type;
            if (statement.HasTangent[i])
            {
                tangents.Add(printer.Print(statement.ArgumentTangents[i]).Text);
            }
            else if (type.IsRealCollection)
            {
                var element = type.Element!.Text;
                var array = names.FreshNumbered("_rented");
                var span = names.FreshNumbered("_z");
                output.Line(element + "[] " + array + " = global::System.Buffers.ArrayPool<" + element + ">.Shared.Rent(" + arguments[i] + ".Length);");
                output.Line("global::System.Span<" + element + "> " + span + " = new global::System.Span<" + element + ">(" + array + ", 0, " + arguments[i] + ".Length);");
                output.Line(ZeroFill.Statement(span, element));
                tangents.Add(span);
                rented.Add((element, array));
            }
            else
            {
                tangents.Add(ForwardPrinter.Zero(type));
            }
        }

        var baseName = call.PullbackName.TrimStart('@');
        baseName = baseName.Substring(0, baseName.Length - "Pullback".Length);
        var tangent = names.FreshNumbered("_d");
        output.Line("// " + statement.Source + " (and its tangent, from its Pushforward)");
        assign(statement.ResultId, call.Target + "." + Naming.Escape(baseName + "Pushforward") + "(" + string.Join(", ", arguments.Concat(tangents)) + ", out " + call.Type.Text + " " + tangent + ")", statement.IsDeclaration);
        assign(statement.TangentId, tangent, statement.IsDeclaration);
        foreach (var (element, array) in rented)
        {
            output.Line("global::System.Buffers.ArrayPool<" + element + ">.Shared.Return(" + array + ");");
        }
    }

    public static void Write(TangentCallStmt statement, MethodModel model, NameTable names, ExprPrinter printer, LineBuffer output, Action<int, string, bool> assign)
    {
        var call = statement.Call;
        var arguments = new List<string>();
        foreach (var argument in call.Arguments)
        {
            arguments.Add(printer.Print(argument).Text);
        }

        if (call.HasPushforward)
        {
            WriteThroughPushforward(statement, names, printer, output, assign, arguments);
            return;
        }

        output.Line("// " + statement.Source + " (its tangent from the pullback with seed 1)");

        var gradients = new List<string>();
        var terms = new List<string>();
        var loops = new List<(string Scratch, string Tangent, string Length)>();
        var rented = new List<(string Element, string Array)>();
        for (var i = 0; i < call.Arguments.Count; i++)
        {
            if (!call.DifferentiableParameters[i])
            {
                continue;
            }

            var argument = call.Arguments[i];
            var tangent = statement.HasTangent[i] ? statement.ArgumentTangents[i] : null;
            if (argument.Type.IsRealCollection)
            {
                var element = argument.Type.Element!.Text;
                var array = names.FreshNumbered("_rented");
                var span = names.FreshNumbered("_g");
                var length = arguments[i] + ".Length";
                output.Line(element + "[] " + array + " = global::System.Buffers.ArrayPool<" + element + ">.Shared.Rent(" + length + ");");
                output.Line("global::System.Span<" + element + "> " + span + " = new global::System.Span<" + element + ">(" + array + ", 0, " + length + ");");
                output.Line(ZeroFill.Statement(span, element));
                gradients.Add(span);
                rented.Add((element, array));
                if (tangent is not null)
                {
                    loops.Add((span, printer.Print(tangent).Text, length));
                }

                continue;
            }

            var local = names.FreshNumbered("_g");
            output.Line(argument.Type.Text + " " + local + " = " + ForwardPrinter.Zero(argument.Type) + ";");
            gradients.Add("ref " + local);
            if (tangent is not null)
            {
                terms.Add(Code.Multiply(Code.Atom(local), printer.Print(tangent)).Text);
            }
        }

        var seed = call.Type.Kind == NumericKind.Float ? "1f" : "1.0";
        output.Line(call.PullbackTarget + "." + call.PullbackName + "(" + string.Join(", ", arguments) + (arguments.Count > 0 ? ", " : string.Empty) + seed
            + (gradients.Count > 0 ? ", " + string.Join(", ", gradients) : string.Empty) + ");");

        // The value after the pullback: 'x = H(x)' overwrites an argument the pullback must see as it was.
        assign(statement.ResultId, call.Target + "." + call.Name + "(" + string.Join(", ", arguments) + ")", statement.IsDeclaration);

        var tangentName = names.Variable(statement.TangentId);
        assign(statement.TangentId, terms.Count == 0 ? ForwardPrinter.Zero(call.Type) : string.Join(" + ", terms), statement.IsDeclaration);
        foreach (var (scratch, tangent, length) in loops)
        {
            var index = names.FreshNumbered("_i");
            output.Open("for (int " + index + " = 0; " + index + " < " + length + "; " + index + "++)");
            output.Line(tangentName + " += " + scratch + "[" + index + "] * " + tangent + "[" + index + "];");
            output.Close();
        }

        foreach (var (element, array) in rented)
        {
            output.Line("global::System.Buffers.ArrayPool<" + element + ">.Shared.Return(" + array + ");");
        }
    }
}
