using System.Collections.Generic;
using System.Linq;
using System.Threading;
using GradGen.Generator.Diagnostics;
using GradGen.Generator.Helpers;
using GradGen.Generator.Model;

namespace GradGen.Generator.Analysis;

/// <summary>
/// The step between parsing and emission, run once the custom derivatives of the whole compilation are known:
/// calls to methods with a [DerivativeOf] pullback become differentiable calls, activity analysis runs, calls that
/// would lose a derivative are reported (or, when the method opted in, differentiated numerically with a warning).
/// It sees only equatable data, so an edit elsewhere that changes nothing here leaves the output cached.
/// </summary>
internal static class MethodAnalyzer
{
    public static AnalysisResult Analyze(ParseResult parse, EquatableArray<CustomDerivative> customDerivatives, CancellationToken cancellationToken = default)
    {
        if (parse.Model is not { } model)
        {
            return new AnalysisResult(null, parse.Diagnostics, parse.Method);
        }

        var diagnostics = parse.Diagnostics.ToList();
        var derivatives = new Dictionary<string, CustomDerivative>();
        foreach (var derivative in customDerivatives)
        {
            if (!derivatives.ContainsKey(derivative.Key))
            {
                derivatives.Add(derivative.Key, derivative);
            }
        }

        var body = ModelRewriter.Rewrite(model.Body, expr =>
            expr is OpaqueExpr { IsInvocation: true, CalleeKey: { } key, Target: { } target, Receiver: null } call
            && derivatives.TryGetValue(key, out var custom)
            && !call.Arguments.Any(a => a.Type.IsTwoIndex) // no adjoint to give a whole matrix: stays a call with no derivative (GG0006 if active)
                ? new DifferentiableCallExpr(target, call.Member, call.Arguments, call.RealParameters, call.CallSite, call.Type, custom.PullbackTarget, custom.PullbackName)
                : null);

        var differentiable = model.Parameters.Where(p => p.IsDifferentiable).Select(p => p.VariableId).ToList();
        var numeric = new HashSet<int>();
        ActivityAnalysis activity;
        List<SoundnessRule.Loss> blocking;
        while (true)
        {
            cancellationToken.ThrowIfCancellationRequested();
            activity = ActivityAnalysis.Run(model.Variables, body, differentiable, cancellationToken);
            blocking = SoundnessRule.Find(body, activity, model.OutputId);
            if (!parse.FiniteDifferenceFallback)
            {
                break;
            }

            // Opted in: every call that would lose a derivative and can be differentiated numerically is, and the
            // analysis runs again (its result is now active, which may reach further calls).
            var convert = new HashSet<int>(blocking.Where(b => b.Kind == SoundnessRule.Kind.NoDerivative).Select(b => b.Site));
            convert.ExceptWith(numeric);
            var converted = false;
            var current = activity;
            body = ModelRewriter.Rewrite(body, expr =>
            {
                if (expr is OpaqueExpr { IsInvocation: true, Target: { } target, Receiver: null } call && convert.Contains(call.CallSite) && call.Type.IsReal
                    && call.Arguments.All(a => !current.IsTainted(a) || a.Type.IsReal))
                {
                    numeric.Add(call.CallSite);
                    converted = true;
                    return new NumericCallExpr(target, call.Member, call.Arguments, call.Type);
                }

                return null;
            });
            if (!converted)
            {
                break;
            }
        }

        if (blocking.Count == 0 && !diagnostics.Any(d => d.Descriptor.DefaultSeverity == Microsoft.CodeAnalysis.DiagnosticSeverity.Error))
        {
            // Warnings only where the method is otherwise fine: next to an error they would only repeat it.
            Warnings(parse, model, body, activity, diagnostics);
        }

        foreach (var site in numeric.OrderBy(s => s))
        {
            var callSite = parse.CallSites[site];
            diagnostics.Add(DiagnosticInfo.Create(DiagnosticDescriptors.FiniteDifferenceFallback, callSite.Location, callSite.Callee, model.Name));
        }

        // Active values into [NoDerivative] parameters of callees with a body here: through the callee's internal pullback.
        IReadOnlyList<Stmt> redirected = body;
        var through = ThroughCalls.Redirect(ref redirected, blocking, loss => Report(parse, model, loss));
        body = redirected.ToEquatableArray();
        foreach (var loss in blocking)
        {
            diagnostics.Add(Report(parse, model, loss));
        }

        var capable = ForwardSupport.Check(parse, model, body, activity, diagnostics);
        if (through.Count > 0)
        {
            ThroughCalls.RefuseForward(parse, model, through, diagnostics);
            capable = DerivativeModes.Reverse;
        }

        // Distinct: a local function inlined at several calls would otherwise repeat a report at its body once per call.
        var result = diagnostics.Distinct().ToEquatableArray();
        if (diagnostics.Any(d => d.Descriptor.DefaultSeverity == Microsoft.CodeAnalysis.DiagnosticSeverity.Error))
        {
            return new AnalysisResult(null, result, parse.Method, parse.CallSites);
        }

        var variables = model.Variables.Select(v => v with { IsActive = activity.IsActive(v.Id) }).ToEquatableArray();
        return new AnalysisResult(model with { Variables = variables, Body = body, Capable = capable }, result, parse.Method, parse.CallSites, through.ToEquatableArray());
    }

    /// <summary>The diagnostic for one place where an active value would lose its derivative (<see cref="SoundnessRule"/>).</summary>
    private static DiagnosticInfo Report(ParseResult parse, MethodModel model, SoundnessRule.Loss loss)
    {
        if (loss.Site < 0 || loss.Site >= parse.CallSites.Count)
        {
            // Every operation the rule can report has a call site; should one lack it, the error still stands, at the method.
            return DiagnosticInfo.Create(DiagnosticDescriptors.NoKnownDerivative, parse.Method?.Location, "an operation", "a value", model.Name);
        }

        var site = parse.CallSites[loss.Site];
        var input = loss.Input < 0 ? site.ReceiverText ?? "this"
            : loss.Input < site.ArgumentTexts.Count ? site.ArgumentTexts[loss.Input] : "(argument " + (loss.Input + 1) + ")";
        return loss.Kind switch
        {
            SoundnessRule.Kind.ToNoDerivativeParameter => DiagnosticInfo.Create(
                DiagnosticDescriptors.ActiveArgumentToNoDerivativeParameter, site.Location, site.Callee, input, model.Name, site.ParameterNames[loss.Input]),
            SoundnessRule.Kind.ViewOrCopy => DiagnosticInfo.Create(DiagnosticDescriptors.ViewOfActiveArray, site.Location, site.Text ?? site.Callee, input, model.Name),
            SoundnessRule.Kind.NoDerivative when site.IsDelegateCall => DiagnosticInfo.Create(DiagnosticDescriptors.DelegateCall, site.Location, site.ReceiverText ?? site.Callee, input, model.Name),
            SoundnessRule.Kind.MemberWrite => DiagnosticInfo.Create(DiagnosticDescriptors.AssignmentToMember, site.Location, model.Name, site.Callee, site.Text ?? "?"),
            SoundnessRule.Kind.Conversion => DiagnosticInfo.Create(DiagnosticDescriptors.ConversionWithoutDerivative, site.Location, site.Text ?? site.Callee, input, model.Name, site.Callee),
            _ => DiagnosticInfo.Create(DiagnosticDescriptors.NoKnownDerivative, site.Location, site.Callee, input, model.Name),
        };
    }

    /// <summary>GG0014 (a parameter with no effect on the result) and GG0015 (a function flat almost everywhere on an active value).</summary>
    private static void Warnings(ParseResult parse, MethodModel model, IReadOnlyList<Stmt> body, ActivityAnalysis activity, List<DiagnosticInfo> diagnostics)
    {
        var useful = UsefulVariables(body, model.OutputId);
        for (var i = 0; i < model.Parameters.Count; i++)
        {
            var parameter = model.Parameters[i];
            if (parameter.IsDifferentiable && !useful.Contains(parameter.VariableId) && i < parse.ParameterLocations.Count)
            {
                diagnostics.Add(DiagnosticInfo.Create(DiagnosticDescriptors.ParameterWithoutEffect, parse.ParameterLocations[i], model.Name, parameter.Name));
            }
        }

        var reported = new HashSet<int>();
        foreach (var statement in StatementWalker.Preorder(body))
        {
            foreach (var root in StatementWalker.Expressions(statement))
            {
                // A call lifted into a temporary is used where the temporary is read: judged as a floating-point use.
                var lifted = statement is AssignStmt { } assign && model.Variables[assign.VariableId].Kind == VariableKind.Temporary;
                foreach (var expr in FlatCandidates(root, root.Type.IsInert && !lifted))
                {
                    var (site, construct) = expr switch
                    {
                        MathCallExpr { Function: "Floor" or "Ceiling" or "Round" or "Truncate" } m when m.Arguments.Any(activity.IsActive) => (m.Site, "'" + m.ClassName.Replace("global::System.", string.Empty) + "." + m.Function + "'"),
                        ConversionExpr { Site: >= 0, Type.IsInert: true } c when activity.IsActive(c.Operand) => (c.Site, "The conversion to '" + c.Type.Text + "'"),
                        OpaqueExpr { IsInvocation: true, Member: "Sign", Target: "global::System.Math" or "global::System.MathF" or "double" or "float" } o when o.Arguments.Any(activity.IsActive) => (o.CallSite, "'" + o.Target!.Replace("global::System.", string.Empty) + ".Sign'"),
                        _ => (-1, string.Empty),
                    };
                    if (site >= 0 && reported.Add(site))
                    {
                        diagnostics.Add(DiagnosticInfo.Create(DiagnosticDescriptors.ZeroDerivative, parse.CallSites[site].Location, construct, model.Name));
                    }
                }
            }
        }
    }

    /// <summary>
    /// The subexpressions GG0015 looks at: those whose value is used as a floating-point number, not only as an inert
    /// one (an index, a condition, an int local: <c>int i = (int)Math.Floor(t)</c> for an interpolation table). The
    /// derivative through an integer or a comparison is zero by what they are, and the gradient of the rest is right.
    /// An explicit stack: nested iterators cost depth² on a long sum.
    /// </summary>
    private static IEnumerable<Expr> FlatCandidates(Expr expr, bool usedInertly)
    {
        var pending = new Stack<(Expr Expr, bool Inert)>();
        pending.Push((expr, usedInertly));
        while (pending.Count > 0)
        {
            var (current, inert) = pending.Pop();
            if (!inert)
            {
                yield return current;
            }

            foreach (var child in ExprWalker.Children(current))
            {
                pending.Push((child, inert || current.Type.IsInert));
            }
        }
    }

    /// <summary>Variables the result depends on through values a derivative flows through (not conditions, indices or opaque calls).</summary>
    private static HashSet<int> UsefulVariables(IReadOnlyList<Stmt> body, int outputId = -1)
    {
        var statements = StatementWalker.Preorder(body).ToList();
        // A vector-valued method's result is its output span.
        var useful = outputId >= 0 ? new HashSet<int> { outputId } : new HashSet<int>();
        foreach (var ret in statements.OfType<ReturnStmt>())
        {
            Flows(ret.Value, useful);
        }

        bool changed;
        do
        {
            changed = false;
            foreach (var statement in statements)
            {
                var (target, value) = statement switch
                {
                    AssignStmt a => (a.VariableId, a.Value),
                    ElementAssignStmt e => (e.ArrayId, e.Value),
                    _ => (-1, null!),
                };
                if (target >= 0 && useful.Contains(target))
                {
                    var before = useful.Count;
                    Flows(value, useful);
                    changed |= useful.Count != before;
                }
            }
        }
        while (changed);

        return useful;
    }

    private static void Flows(Expr expr, HashSet<int> into)
    {
        switch (expr)
        {
            case VariableExpr v:
                into.Add(v.VariableId);
                return;
            case ElementExpr e:
                into.Add(e.ArrayId);
                return;
            case ViewExpr view:
                into.Add(view.ArrayId);
                return;
            case LiteralExpr or LengthExpr or OpaqueExpr or ThisExpr or ThrowExpr or InterpolatedStringExpr:
                return;
            case BinaryExpr { Op: not (BinaryOp.Add or BinaryOp.Subtract or BinaryOp.Multiply or BinaryOp.Divide or BinaryOp.Remainder) }:
                return;
            case ConditionalExpr c:
                Flows(c.WhenTrue, into);
                Flows(c.WhenFalse, into);
                return;
        }

        foreach (var child in ExprWalker.Children(expr))
        {
            Flows(child, into);
        }
    }
}
