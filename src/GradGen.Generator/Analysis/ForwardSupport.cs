using System.Collections.Generic;
using System.Linq;
using GradGen.Generator.Diagnostics;
using GradGen.Generator.Model;

namespace GradGen.Generator.Analysis;

/// <summary>
/// What forward mode (<c>Forward = true</c>) and second derivatives (<c>HessianVectorProduct = true</c>) cannot do yet,
/// reported as GG0032 at the construct, so that the method gets no Pushforward or Hessian instead of a wrong one:
/// <list type="bullet">
/// <item>a call differentiated by finite differences (<c>Fallback = FiniteDifferences</c>) on an active value;</item>
/// <item>a call that may have side effects, left inside an active expression (a branch of <c>?:</c>): the tangent
/// reads the expression's parts again, so such a call would run twice;</item>
/// <item>for second derivatives, a call with an active argument to a method with a custom derivative, a vector-valued
/// method, or parameters of another precision than the result;</item>
/// <item>an active rectangular or jagged array (its tangent would need the array's shape).</item>
/// </list>
/// </summary>
internal static class ForwardSupport
{
    private const string Forward = "forward mode (Forward = true)";
    private const string Second = "second derivatives (HessianVectorProduct = true)";

    /// <summary>
    /// Reports what the method's own modes cannot do, and returns which modes the method could have (what its callers
    /// need of it: the pipeline then raises its modes, <see cref="SecondOrderCalls"/>).
    /// </summary>
    public static DerivativeModes Check(ParseResult parse, MethodModel model, IReadOnlyList<Stmt> body, ActivityAnalysis activity, List<DiagnosticInfo> diagnostics)
    {
        if (model.IsVectorValued)
        {
            OutputReads(parse, model, body, diagnostics);
        }

        var problems = Problems(parse, model, body, activity);
        var second = (model.Modes & DerivativeModes.HessianVectorProduct) != 0;
        if (second)
        {
            diagnostics.AddRange(problems.Select(p => p.Diagnostic));
        }
        else if (model.Modes != DerivativeModes.Reverse || model.IsVectorValued)
        {
            diagnostics.AddRange(problems.Where(p => !p.SecondOnly).Select(p => p.Diagnostic));
        }

        if (!model.SecondOrderNamesFree || model.IsVectorValued)
        {
            return DerivativeModes.Reverse;
        }

        return problems.Count == 0 ? DerivativeModes.Forward | DerivativeModes.HessianVectorProduct
            : problems.All(p => p.SecondOnly) ? DerivativeModes.Forward
            : DerivativeModes.Reverse;
    }

    private readonly record struct Problem(DiagnosticInfo Diagnostic, bool SecondOnly);

    private static List<Problem> Problems(ParseResult parse, MethodModel model, IReadOnlyList<Stmt> body, ActivityAnalysis activity)
    {
        var problems = new List<Problem>();
        void Add(DiagnosticInfo diagnostic, bool secondOnly) => problems.Add(new Problem(diagnostic, secondOnly));
        if (model.IsVectorValued)
        {
            Add(DiagnosticInfo.Create(DiagnosticDescriptors.NotInForwardMode, parse.Method?.Location,
                "A [DifferentiableOutput] span", model.Name, Second, "differentiate a scalar of the outputs (a sum of squares) instead"), secondOnly: true);
        }

        if (model.GradientModifiers.Contains("virtual ") || model.GradientModifiers.Contains("override "))
        {
            // Generated members follow the method's dispatch; a base and an override would both need them, with the same modes.
            Add(DiagnosticInfo.Create(DiagnosticDescriptors.NotInForwardMode, parse.Method?.Location,
                "A virtual or overriding method", model.Name, Forward, "differentiate a non-virtual [Differentiable] method that it calls"), secondOnly: false);
        }

        if (model.Parameters.FirstOrDefault(p => p.IsDifferentiable && (p.Type.Element ?? p.Type).Kind != model.ReturnType.Kind) is { } mixed && !model.IsVectorValued)
        {
            // One Hessian holds every pair of inputs: they must share the result's precision.
            Add(DiagnosticInfo.Create(DiagnosticDescriptors.NotInForwardMode, parse.Method?.Location,
                "The parameter '" + mixed.Name + "', of another precision than the result,", model.Name, Second, "make it '" + model.ReturnType.Text + "', or mark it [NoDerivative]"), secondOnly: true);
        }

        if (model.Variables.FirstOrDefault(v => v.Type.IsTwoIndex && activity.IsActive(v.Id)) is { } matrix)
        {
            // Tangents of rectangular and jagged arrays are not built yet: refused rather than given a wrong shape.
            Add(DiagnosticInfo.Create(DiagnosticDescriptors.NotInForwardMode, parse.Method?.Location,
                "The rectangular or jagged array '" + matrix.Name + "'", model.Name, Forward, "use the Gradient (reverse mode) of this method"), secondOnly: false);
        }

        var reported = new HashSet<int>();
        var numericReported = new HashSet<string>();
        foreach (var statement in StatementWalker.Preorder(body))
        {
            var (target, value) = statement switch
            {
                AssignStmt a => (a.VariableId, a.Value),
                ElementAssignStmt e => (e.ArrayId, e.Value),
                ReturnStmt r => (-1, r.Value),
                _ => (-2, (Expr?)null),
            };
            if (value is null || (target >= 0 ? !activity.IsActive(target) : !activity.IsActive(value)))
            {
                continue;
            }

            Visit(value, top: true);
        }

        return problems;

        void Visit(Expr expr, bool top)
        {
            switch (expr)
            {
                case NumericCallExpr numeric when numeric.Arguments.Any(activity.IsActive):
                    // A numeric call keeps no call site: reported once per callee, at the method.
                    if (numericReported.Add(numeric.Member))
                    {
                        Add(DiagnosticInfo.Create(DiagnosticDescriptors.NotInForwardMode, parse.Method?.Location,
                            "The call to '" + numeric.Member + "', differentiated by finite differences,", model.Name, Forward, "give it a derivative ([Differentiable] or [DerivativeOf])"), secondOnly: false);
                    }

                    break;
                case OpaqueExpr { IsInvocation: true } opaque when !top && !IsPure(opaque) && reported.Add(opaque.CallSite):
                    Add(DiagnosticInfo.Create(DiagnosticDescriptors.NotInForwardMode, Location(parse, opaque.CallSite),
                        "The call '" + Text(parse, opaque.CallSite) + "', inside an expression whose value depends on a differentiable parameter,", model.Name, Forward,
                        "compute it into a local first, so that it runs once"), secondOnly: false);
                    break;
                case MemberWriteExpr write when reported.Add(write.Site):
                    Add(DiagnosticInfo.Create(DiagnosticDescriptors.NotInForwardMode, Location(parse, write.Site),
                        "The write '" + Text(parse, write.Site) + "', inside an expression whose value depends on a differentiable parameter,", model.Name, Forward,
                        "make it a statement of its own"), secondOnly: false);
                    break;
                case DifferentiableCallExpr { CalleeKey: null } call when call.Arguments.Any(activity.IsActive) && reported.Add(call.CallSite):
                    // A custom derivative ([DerivativeOf]) gives a pullback, and nothing to differentiate it again.
                    Add(DiagnosticInfo.Create(DiagnosticDescriptors.NotInForwardMode, Location(parse, call.CallSite),
                        "The call '" + Text(parse, call.CallSite) + "', differentiated by a custom derivative,", model.Name, Second,
                        "make the callee [Differentiable], or use Forward = true (first derivatives) only"), secondOnly: true);
                    break;
            }

            foreach (var child in ExprWalker.Children(expr))
            {
                Visit(child, top: false);
            }
        }
    }

    /// <summary>
    /// GG0034 for a read of a vector-valued method's output other than its length (element reads are reported where
    /// they are parsed; these are compound assignments, foreach, LINQ, passing the span on): a read could see what the
    /// caller left there, and the transforms treat the output as written only.
    /// </summary>
    private static void OutputReads(ParseResult parse, MethodModel model, IReadOnlyList<Stmt> body, List<DiagnosticInfo> diagnostics)
    {
        var output = model.Variables[model.OutputId].Name;
        foreach (var statement in StatementWalker.Preorder(body))
        {
            if (StatementWalker.Expressions(statement).Any(Reads))
            {
                diagnostics.Add(DiagnosticInfo.Create(DiagnosticDescriptors.OutputRead, parse.Method?.Location, statement.Source, model.Name, output));
                return;
            }
        }

        bool Reads(Expr expr) => expr switch
        {
            ElementExpr e when e.ArrayId == model.OutputId => true,
            ViewExpr view when view.ArrayId == model.OutputId => true,
            VariableExpr v when v.VariableId == model.OutputId => true,
            _ => ExprWalker.Children(expr).Any(Reads),
        };
    }

    /// <summary>Math functions GradGen has no rule for (Sign, BitIncrement, …) run without side effects: running them twice is harmless.</summary>
    private static bool IsPure(OpaqueExpr call) =>
        call.Receiver is null && call.Target is "global::System.Math" or "global::System.MathF" or "double" or "float";

    private static LocationInfo? Location(ParseResult parse, int site) => site >= 0 && site < parse.CallSites.Count ? parse.CallSites[site].Location : parse.Method?.Location;

    private static string Text(ParseResult parse, int site) => site >= 0 && site < parse.CallSites.Count ? parse.CallSites[site].Text ?? parse.CallSites[site].Callee : "?";
}
