using System.Collections.Generic;
using System.Linq;
using System.Threading;
using GradGen.Generator.Analysis;
using GradGen.Generator.Differentiation;
using GradGen.Generator.Differentiation.Forward;
using GradGen.Generator.Helpers;
using GradGen.Generator.Model;
using GradGen.Generator.Parsing;

namespace GradGen.Generator.Emission;

/// <summary>
/// Writes <c>FHessianVectorProduct</c> and <c>FHessian</c>. The Hessian-vector product is the reverse sweep of the
/// forward sweep (reverse over forward): the tangent model computes g(x, v) = ∇f(x)·v, and one reverse sweep of it
/// gives ∂g/∂x = H·v and ∂g/∂v = ∇f(x) together, so one call writes both the gradient and H·v. Both transforms are
/// the ones that write Pushforward and Gradient. The Hessian is n Hessian-vector products with the unit vectors,
/// symmetrised.
/// </summary>
internal static class SecondOrderEmitter
{
    private sealed record Names(ParameterModel Parameter, string Direction, string Gradient, string Product);

    public static void Write(IndentedWriter writer, MethodModel model, CancellationToken cancellationToken)
    {
        var names = NamesOf(model);
        var byParameter = names.ToDictionary(n => n.Parameter.VariableId);
        var forward = TangentTransform.Transform(model, p => byParameter[p.VariableId].Direction, cancellationToken);
        var (lowered, helpers) = TangentCallLowering.Lower(forward.Model, GeneratedMembers.HelperPrefix(model.Name), StaticTarget(model));
        var hvp = ProductModel(model, forward with { Model = lowered }, names);
        var fusion = LoopFusion.Of(hvp, cancellationToken);

        var parameters = SourceEmitter.ParameterList(hvp);
        foreach (var name in names)
        {
            parameters += GradientParameter(name.Parameter.Type, name.Gradient);
        }

        foreach (var name in names)
        {
            parameters += GradientParameter(name.Parameter.Type, name.Product);
        }

        var productName = Naming.Escape(model.Name + "HessianVectorProduct");
        writer.Line("/// <summary>");
        writer.Line("/// Returns <c>" + SourceEmitter.Xml(model.Signature) + "</c>, writes its gradient (" + List(names.Select(n => n.Gradient)) + ") and the");
        writer.Line("/// Hessian times the direction (" + List(names.Select(n => n.Direction)) + ") into " + List(names.Select(n => n.Product)) + ":");
        writer.Line("/// the reverse sweep of the forward sweep.");
        writer.Line("/// </summary>");
        writer.Line(SourceEmitter.GeneratedCodeAttribute);
        writer.Open(SourceEmitter.Modifiers(model, string.Empty) + model.ReturnType.Text + " " + productName + "(" + parameters + ")");
        WriteDirectionChecks(writer, model, names);
        AdjointMethodPrinter.Write(writer, new AdjointWriter(fusion, SweepMode.Gradient, cancellationToken, ReturnedValue(forward)).Build());
        writer.Close();
        writer.Line();
        HessianWriter.Write(writer, model, productName, names.Select(n => (n.Parameter, n.Direction)).ToList());
        foreach (var helper in helpers)
        {
            TangentHelperWriter.Write(writer, model, helper);
        }
    }

    /// <summary>The containing type as a static call names it: <c>global::Ns.Outer.Inner&lt;T&gt;</c>.</summary>
    private static string StaticTarget(MethodModel model) => SourceEmitter.QualifiedType(model);

    private static string List(IEnumerable<string> names) => string.Join(", ", names.Select(n => "<c>" + n + "</c>"));

    private static string GradientParameter(TypeRef type, string name) =>
        type.IsRealCollection ? ", " + TypeRefs.GradientText(type) + " " + name : ", out " + type.Text + " " + name;

    /// <summary>vA, dA, hvA for a parameter a: direction, gradient (the Gradient's own name) and product, none taken.</summary>
    private static List<Names> NamesOf(MethodModel model)
    {
        var taken = new HashSet<string>(model.Parameters.Select(p => p.Name));
        taken.UnionWith(model.Parameters.Where(p => p.IsDifferentiable).Select(p => p.GradientName!));
        var result = new List<Names>();
        foreach (var parameter in model.Parameters.Where(p => p.IsDifferentiable))
        {
            var suffix = parameter.GradientName!.Substring(1);
            var direction = Naming.Unique("v" + suffix, taken);
            taken.Add(direction);
            var product = Naming.Unique("hv" + suffix, taken);
            taken.Add(product);
            result.Add(new Names(parameter, direction, parameter.GradientName!, product));
        }

        return result;
    }

    /// <summary>
    /// The tangent model returning the tangent, with the directions as differentiable parameters whose adjoints are the
    /// gradient (∂(∇f·v)/∂v = ∇f) and the method's own parameters' adjoints H·v; activity analysed again.
    /// </summary>
    private static MethodModel ProductModel(MethodModel model, ForwardModel forward, List<Names> names)
    {
        var gradientOf = new Dictionary<int, string>();
        for (var i = 0; i < names.Count; i++)
        {
            gradientOf[names[i].Parameter.VariableId] = names[i].Product;
            gradientOf[forward.TangentParameters[i]] = names[i].Gradient;
        }

        var parameters = forward.Model.Parameters
            .Select(p => p with { GradientName = gradientOf.TryGetValue(p.VariableId, out var g) ? g : null })
            .ToEquatableArray();
        var body = forward.Model.Body.ToList();
        var last = body.Count - 1;
        var tangent = forward.TangentResult ?? TangentRules.Literal(model.ReturnType, 0);
        body[last] = body[last] is ReturnStmt ret ? ret with { Value = tangent } : body[last];
        var activity = ActivityAnalysis.Run(forward.Model.Variables, body, gradientOf.Keys);
        // Values that reach no returned value (the method's own result, of which the tangent is returned) need no
        // adjoint: theirs is zero.
        var useful = UsefulValues.Find(body, forward.Model.Variables);
        var variables = forward.Model.Variables
            .Select(v => v with { IsActive = activity.IsActive(v.Id) && (useful is null || useful.Contains(v.Id) || gradientOf.ContainsKey(v.Id)) })
            .ToEquatableArray();
        return forward.Model with { Parameters = parameters, Variables = variables, Body = body.ToEquatableArray() };
    }

    private static Expr? ReturnedValue(ForwardModel forward) =>
        forward.Model.Body.Count > 0 && forward.Model.Body[forward.Model.Body.Count - 1] is ReturnStmt ret ? ret.Value : null;

    private static void WriteDirectionChecks(IndentedWriter writer, MethodModel model, List<Names> names)
    {
        var mayThrow = Throws.Anywhere(model.Body);
        foreach (var name in names.Where(n => n.Parameter.Type.IsRealCollection))
        {
            var parameter = name.Parameter;
            var escaped = Naming.Escape(parameter.Name);
            var length = mayThrow && parameter.Type.Collection == CollectionKind.Array
                ? "((global::System.ReadOnlySpan<" + parameter.Type.Element!.Text + ">)" + escaped + ").Length"
                : escaped + ".Length";
            writer.Open("if (" + name.Direction + ".Length != " + length + ")");
            writer.Line("throw new global::System.ArgumentException(\"The direction '" + name.Direction + "' must have the length of '" + parameter.Name + "'.\", nameof(" + name.Direction + "));");
            writer.Close();
            writer.Line();
            if (parameter.Type.Collection is CollectionKind.Array or CollectionKind.Span or CollectionKind.ReadOnlySpan
                && !StatementWalker.Preorder(model.Body).Any(s => s is AssignStmt assign && assign.VariableId == parameter.VariableId))
            {
                WriteSameLength(writer, name, length);
            }
        }
    }

    /// <summary>
    /// The gradient and product spans checked here too, then the three spans re-created with the input's length
    /// (equal, checked): the JIT proves an index in range of them wherever it proves it in range of the input, and drops
    /// their range checks.
    /// </summary>
    private static void WriteSameLength(IndentedWriter writer, Names name, string length)
    {
        foreach (var span in new[] { name.Gradient, name.Product })
        {
            writer.Open("if (" + span + ".Length != " + length + ")");
            writer.Line("throw new global::System.ArgumentException(\"The gradient '" + span + "' must have the length of '" + name.Parameter.Name + "'.\", nameof(" + span + "));");
            writer.Close();
            writer.Line();
        }

        const string Marshal = "global::System.Runtime.InteropServices.MemoryMarshal";
        writer.Line(name.Direction + " = " + Marshal + ".CreateReadOnlySpan(ref " + Marshal + ".GetReference(" + name.Direction + "), " + length + ");");
        writer.Line(name.Gradient + " = " + Marshal + ".CreateSpan(ref " + Marshal + ".GetReference(" + name.Gradient + "), " + length + ");");
        writer.Line(name.Product + " = " + Marshal + ".CreateSpan(ref " + Marshal + ".GetReference(" + name.Product + "), " + length + ");");
        writer.Line();
    }
}
