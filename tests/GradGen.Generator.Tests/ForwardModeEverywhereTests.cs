using System.IO;
using System.Linq;
using System.Runtime.CompilerServices;
using System.Text.RegularExpressions;
using GradGen.Generator.Tests.Infrastructure;
using Microsoft.CodeAnalysis;

namespace GradGen.Generator.Tests;

/// <summary>
/// Every model of tests/GradGen.Tests (every construct GradGen differentiates) with forward mode and second derivatives
/// asked for: the generator must not throw, and what it generates must compile without warnings. A construct forward
/// mode cannot handle must be GG0032, never broken code. (Their numbers are tested by ForwardTests and the random tester.)
/// </summary>
public sealed class ForwardModeEverywhereTests
{
    [Fact]
    public void Every_model_with_forward_mode_and_second_derivatives_compiles()
    {
        var sources = ModelSources().Select(s => Regex.Replace(
            s.Replace("[Differentiable]", "[Differentiable(HessianVectorProduct = true)]"),
            @"\[Differentiable\((?!HessianVectorProduct = true\)\])",
            "[Differentiable(HessianVectorProduct = true, ")).ToList();
        var run = GeneratorHarness.Run(sources);
        var broken = run.CompilationDiagnostics.Where(d => d.Location.SourceTree?.FilePath.EndsWith(".g.cs", System.StringComparison.Ordinal) == true).ToList();
        Assert.True(broken.Count == 0, string.Join("\n", broken.Take(20).Select(d => d.ToString())));
        Assert.True(run.GeneratedSources.Count > 50, "expected most models to generate");
        Assert.Contains(run.GeneratedSources.Values, s => s.Contains("HessianVectorProduct(", System.StringComparison.Ordinal));
    }

    private static string[] ModelSources([CallerFilePath] string here = "")
    {
        var directory = Path.Combine(Path.GetDirectoryName(here)!, "..", "GradGen.Tests", "Models");
        return Directory.GetFiles(directory, "*.cs").OrderBy(f => f, System.StringComparer.Ordinal).Select(File.ReadAllText).ToArray();
    }
}
