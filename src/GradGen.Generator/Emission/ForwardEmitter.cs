using System.Linq;
using System.Threading;
using GradGen.Generator.Differentiation.Forward;
using GradGen.Generator.Helpers;
using GradGen.Generator.Model;

namespace GradGen.Generator.Emission;

/// <summary>Writes <c>FPushforward</c>: the method's value and its directional derivative, in one forward sweep.</summary>
internal static class ForwardEmitter
{
    public static void WritePushforward(IndentedWriter writer, MethodModel model, CancellationToken cancellationToken)
    {
        var forward = TangentTransform.Transform(model, p => p.GradientName!, cancellationToken);
        var taken = forward.Model.Parameters.Select(p => p.Name).ToList();
        var resultName = Naming.Unique("dResult", taken);
        var withResult = WithOutParameter(forward, resultName, model.ReturnType);

        writer.Line("/// <summary>");
        writer.Line("/// Returns <c>" + SourceEmitter.Xml(model.Signature) + "</c> and writes its directional derivative along the tangents");
        writer.Line("/// (" + string.Join(", ", model.Parameters.Where(p => p.IsDifferentiable).Select(p => "<c>" + p.GradientName + "</c>")) + ") into <c>" + resultName + "</c>:");
        writer.Line("/// one forward sweep, no tape.");
        writer.Line("/// </summary>");
        writer.Line(SourceEmitter.GeneratedCodeAttribute);
        writer.Open(SourceEmitter.Modifiers(model, string.Empty) + model.ReturnType.Text + " " + Naming.Escape(model.Name + "Pushforward") + "(" + SourceEmitter.ParameterList(withResult.Model) + ")");
        WriteLengthChecks(writer, model, forward);
        new ForwardPrinter(withResult).Write(writer);
        writer.Close();
    }

    /// <summary>The forward model with one more parameter, <c>out T name</c>: the tangent of the result.</summary>
    private static ForwardModel WithOutParameter(ForwardModel forward, string name, TypeRef type)
    {
        var model = forward.Model;
        var id = model.Variables.Count;
        var variables = model.Variables.Concat(new[] { new Variable(id, name, type, VariableKind.Parameter) }).ToEquatableArray();
        var parameters = model.Parameters.Concat(new[] { new ParameterModel(id, name, type, null, "out ") }).ToEquatableArray();
        return forward with { Model = model with { Variables = variables, Parameters = parameters } };
    }

    /// <summary>Every tangent span has its input's length (a null array counts as empty where the method has a guard that throws).</summary>
    private static void WriteLengthChecks(IndentedWriter writer, MethodModel model, ForwardModel forward)
    {
        var mayThrow = Differentiation.Throws.Anywhere(model.Body);
        var tangents = model.Parameters.Where(p => p.IsDifferentiable).Zip(forward.TangentParameters, (p, id) => (Parameter: p, Tangent: forward.Model.Parameters.First(t => t.VariableId == id)));
        foreach (var (parameter, tangent) in tangents)
        {
            if (!parameter.Type.IsRealCollection)
            {
                continue;
            }

            var name = Naming.Escape(parameter.Name);
            var length = mayThrow && parameter.Type.Collection == CollectionKind.Array
                ? "((global::System.ReadOnlySpan<" + parameter.Type.Element!.Text + ">)" + name + ").Length"
                : name + ".Length";
            writer.Open("if (" + tangent.Name + ".Length != " + length + ")");
            writer.Line("throw new global::System.ArgumentException(\"The tangent '" + tangent.Name + "' must have the length of '" + parameter.Name + "'.\", nameof(" + tangent.Name + "));");
            writer.Close();
            if (parameter.Type.Collection is CollectionKind.Array or CollectionKind.Span or CollectionKind.ReadOnlySpan && !IsAssigned(model, parameter.VariableId))
            {
                // The same span, its length now read from the input's (equal, checked above): the JIT proves an index
                // in range of the tangent wherever it proves it in range of the input, and drops the tangent's range check.
                var marshal = "global::System.Runtime.InteropServices.MemoryMarshal";
                writer.Line(tangent.Name + " = " + marshal + ".CreateReadOnlySpan(ref " + marshal + ".GetReference(" + tangent.Name + "), " + length + ");");
            }

            writer.Line();
        }
    }

    private static bool IsAssigned(MethodModel model, int variableId) =>
        StatementWalker.Preorder(model.Body).Any(s => s is AssignStmt assign && assign.VariableId == variableId);
}
