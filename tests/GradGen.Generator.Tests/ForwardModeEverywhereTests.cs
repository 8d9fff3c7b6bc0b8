using System;
using System.Collections.Generic;
using System.IO;
using System.Linq;
using System.Reflection;
using System.Runtime.CompilerServices;
using System.Runtime.Loader;
using System.Text;
using System.Text.RegularExpressions;
using GradGen.Generator.Tests.Infrastructure;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp;

namespace GradGen.Generator.Tests;

/// <summary>
/// Every model of tests/GradGen.Tests (every construct GradGen differentiates) with forward mode and second derivatives
/// asked for: the generator must not throw, what it generates must compile without warnings (a construct forward mode
/// cannot handle must be GG0032, never broken code), and for every static method of double and double[] parameters,
/// the Pushforward must give the Gradient's value and ∇f·d, and the Hessian-vector product the same gradient.
/// </summary>
public sealed class ForwardModeEverywhereTests
{
    [Fact]
    public void Every_model_with_forward_mode_and_second_derivatives_compiles_and_agrees_with_its_gradient()
    {
        var sources = ModelSources().Select(s => Regex.Replace(
            s.Replace("[Differentiable]", "[Differentiable(HessianVectorProduct = true)]"),
            @"\[Differentiable\((?!HessianVectorProduct = true\)\])",
            "[Differentiable(HessianVectorProduct = true, ")).ToList();
        var run = GeneratorHarness.RunUntracked(sources);
        var broken = run.CompilationDiagnostics.Where(d => d.Location.SourceTree?.FilePath.EndsWith(".g.cs", StringComparison.Ordinal) == true).ToList();
        Assert.True(broken.Count == 0, string.Join("\n", broken.Take(20).Select(d => d.ToString())));
        Assert.True(run.GeneratedSources.Count > 50, "expected most models to generate");

        // Spans are zeroed with Fill, never Clear: on AVX-512 hosts a small Clear stalls the Math calls after it (ZeroFill).
        // (Comment lines quote the user's own statements, which may call Clear: GradGen writes those as loops.)
        var clears = run.GeneratedSources.Where(s => s.Value.Split('\n').Any(line => !line.TrimStart().StartsWith("//", StringComparison.Ordinal)
            && (line.Contains(".Clear();", StringComparison.Ordinal) || line.Contains("Array.Clear(", StringComparison.Ordinal)))).Select(s => s.Key).ToList();
        Assert.True(clears.Count == 0, "Span.Clear() in " + string.Join(", ", clears));

        var (drivers, names) = Drivers(run.OutputCompilation);
        Assert.True(names.Count > 40, "expected many models with double and double[] parameters, found " + names.Count);
        var compilation = run.OutputCompilation.AddSyntaxTrees(CSharpSyntaxTree.ParseText(drivers, GeneratorHarness.ParseOptions, "Drivers.cs"));
        using var stream = new MemoryStream();
        var emitted = compilation.Emit(stream);
        Assert.True(emitted.Success, string.Join("\n", emitted.Diagnostics.Where(d => d.Severity == DiagnosticSeverity.Error).Take(10)));
        stream.Position = 0;
        var context = new AssemblyLoadContext("forward-everywhere", isCollectible: true);
        try
        {
            var type = context.LoadFromStream(stream).GetType("ForwardDrivers")!;
            var failures = new List<string>();
            var checkedCount = 0;
            foreach (var name in names)
            {
                var check = type.GetMethod(name, BindingFlags.Public | BindingFlags.Static)!.CreateDelegate<Func<Random, string?>>();
                string? failure;
                try
                {
                    failure = check(new Random(20261204));
                }
                catch (TargetInvocationException)
                {
                    continue;
                }

                if (failure == "skip")
                {
                    continue;
                }

                checkedCount++;
                if (failure is not null)
                {
                    failures.Add(name + ": " + failure);
                }
            }

            Assert.True(failures.Count == 0, string.Join("\n", failures));
            Assert.True(checkedCount > 30, "only " + checkedCount + " models could be checked");
        }
        finally
        {
            context.Unload();
        }
    }

    /// <summary>
    /// One driver per static method M of double and double[] parameters (and [NoDerivative] ones of those types) that got
    /// a Pushforward: it draws a point and a direction and returns null, "skip" (not finite, or a guard threw), or what
    /// differs.
    /// </summary>
    private static (string Source, List<string> Names) Drivers(Compilation compilation)
    {
        var source = new StringBuilder("using System;\n\npublic static class ForwardDrivers\n{\n");
        var names = new List<string>();
        foreach (var type in AllTypes(compilation.Assembly.GlobalNamespace))
        {
            foreach (var method in type.GetMembers().OfType<IMethodSymbol>())
            {
                if (!method.IsStatic || method.DeclaredAccessibility != Accessibility.Public || method.ReturnType.SpecialType != SpecialType.System_Double
                    || !method.GetAttributes().Any(a => a.AttributeClass?.Name == "DifferentiableAttribute")
                    || type.GetMembers(method.Name + "Pushforward").IsEmpty || type.GetMembers(method.Name + "HessianVectorProduct").IsEmpty
                    || type.IsGenericType || method.Parameters.Any(p => !IsDouble(p.Type) && !IsDoubleArray(p.Type)))
                {
                    continue;
                }

                var name = "Check" + names.Count.ToString(System.Globalization.CultureInfo.InvariantCulture);
                names.Add(name);
                source.Append(Driver(type, method, name));
            }
        }

        source.Append("    private static double Dot(double[] a, double[] b) { double s = 0; for (int i = 0; i < a.Length; i++) s += a[i] * b[i]; return s; }\n\n");
        source.Append("    private static double MaxDifference(double[] a, double[] b) { double m = 0; for (int i = 0; i < a.Length; i++) m = Math.Max(m, Math.Abs(a[i] - b[i])); return m; }\n");
        return (source.Append("}\n").ToString(), names);
    }

    private static string Driver(INamedTypeSymbol type, IMethodSymbol method, string name)
    {
        var target = type.ToDisplayString(SymbolDisplayFormat.FullyQualifiedFormat) + "." + method.Name;
        // Through float, a tangent is rounded to float where the reverse sweep's adjoint is converted back: both right to float precision.
        var text0 = string.Concat(method.DeclaringSyntaxReferences.Select(r => r.GetSyntax().ToString()));
        var tolerance = text0.Contains("float", StringComparison.Ordinal) || text0.Contains("MathF", StringComparison.Ordinal) ? "1e-5" : "1e-9";
        var body = new StringBuilder();
        var args = new List<string>();
        var tangents = new List<string>();
        var gradients = new List<string>();
        var directions = new List<string>();
        var products = new List<string>();
        var dot = new List<string>();
        var compare = new List<string>();
        foreach (var (parameter, i) in method.Parameters.Select((p, i) => (p, i)))
        {
            var differentiable = !parameter.GetAttributes().Any(a => a.AttributeClass?.Name == "NoDerivativeAttribute");
            if (IsDouble(parameter.Type))
            {
                body.Append($"        double a{i} = 0.2 + 0.7 * random.NextDouble(); double d{i} = 2 * random.NextDouble() - 1;\n");
                args.Add($"a{i}");
                if (differentiable)
                {
                    tangents.Add($"d{i}");
                    gradients.Add($"out double g{i}");
                    directions.Add($"d{i}");
                    products.Add($"out double p{i}");
                    compare.Add($"g{i} - q{i}");
                    dot.Add($"g{i} * d{i}");
                    body.Append($"        double q{i} = 0;\n");
                }
            }
            else
            {
                body.Append($"        double[] a{i} = new double[4]; double[] d{i} = new double[4]; double[] g{i} = new double[4]; double[] q{i} = new double[4]; double[] p{i} = new double[4];\n");
                body.Append($"        for (int k = 0; k < 4; k++) {{ a{i}[k] = 0.2 + 0.7 * random.NextDouble(); d{i}[k] = 2 * random.NextDouble() - 1; }}\n");
                args.Add($"a{i}");
                if (differentiable)
                {
                    tangents.Add($"d{i}");
                    gradients.Add($"g{i}");
                    directions.Add($"d{i}");
                    products.Add($"p{i}");
                    dot.Add($"Dot(g{i}, d{i})");
                    compare.Add($"MaxDifference(g{i}, q{i})");
                }
            }
        }

        // The gradient from Gradient (g) and from the Hessian-vector product (q), into different variables.
        var hvpGradients = gradients.Select(g => g.Replace("out double g", "out q", StringComparison.Ordinal).Replace("g", "q", StringComparison.Ordinal)).ToList();
        var text = new StringBuilder();
        text.Append($"    public static string? {name}(Random random)\n    {{\n{body}");
        text.Append($"        double value = {target}Gradient({string.Join(", ", args.Concat(gradients))});\n");
        text.Append($"        double forward = {target}Pushforward({string.Join(", ", args.Concat(tangents))}, out double derivative);\n");
        text.Append($"        double second = {target}HessianVectorProduct({string.Join(", ", args.Concat(directions).Concat(hvpGradients).Concat(products))});\n");
        text.Append($"        double expected = {(dot.Count == 0 ? "0" : string.Join(" + ", dot))};\n");
        text.Append("        if (!double.IsFinite(value) || !double.IsFinite(expected) || Math.Abs(expected) > 1e8) return \"skip\";\n");
        text.Append("        if (forward != value || second != value) return $\"values {value:R}, {forward:R}, {second:R}\";\n");
        text.Append($"        if (!(Math.Abs(derivative - expected) <= 1e-9 * (1 + Math.Abs(expected)))) return $\"{method.Name}: pushforward {{derivative:R}}, gradient·d {{expected:R}}\";\n".Replace("1e-9", tolerance, StringComparison.Ordinal));
        foreach (var difference in compare)
        {
            text.Append($"        if (!(Math.Abs({difference}) <= {tolerance} * (1 + Math.Abs(expected)))) return \"{method.Name}: the gradient of the Hessian-vector product differs: {difference}\";\n");
        }

        text.Append("        return null;\n    }\n\n");
        return text.ToString();
    }

    private static IEnumerable<INamedTypeSymbol> AllTypes(INamespaceSymbol ns)
    {
        foreach (var type in ns.GetTypeMembers())
        {
            yield return type;
            foreach (var nested in type.GetTypeMembers())
            {
                yield return nested;
            }
        }

        foreach (var child in ns.GetNamespaceMembers())
        {
            foreach (var type in AllTypes(child))
            {
                yield return type;
            }
        }
    }

    private static bool IsDouble(ITypeSymbol type) => type.SpecialType == SpecialType.System_Double;

    private static bool IsDoubleArray(ITypeSymbol type) => type is IArrayTypeSymbol { Rank: 1, ElementType.SpecialType: SpecialType.System_Double };

    private static string[] ModelSources([CallerFilePath] string here = "")
    {
        var directory = Path.Combine(Path.GetDirectoryName(here)!, "..", "GradGen.Tests", "Models");
        return Directory.GetFiles(directory, "*.cs").OrderBy(f => f, StringComparer.Ordinal).Select(File.ReadAllText).ToArray();
    }
}
