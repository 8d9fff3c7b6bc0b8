using System;
using System.IO;
using System.Linq;
using System.Runtime.CompilerServices;
using GradGen.Generator.Differentiation;
using GradGen.Generator.Model;

namespace GradGen.Generator.Tests;

/// <summary>
/// The generator's stages depend only forward: Parsing and Analysis work on the model without knowing how it is
/// differentiated, Differentiation builds what Emission prints, and the list of functions the parser keeps as Math calls is the list the derivative rules cover.
/// </summary>
public sealed class LayeringTests
{
    [Fact]
    public void The_math_catalogue_lists_exactly_the_functions_with_a_derivative_rule()
    {
        var catalogue = MathCatalogue.Functions.OrderBy(f => f, StringComparer.Ordinal).ToArray();
        var rules = DerivativeRules.Functions.OrderBy(f => f, StringComparer.Ordinal).ToArray();
        Assert.Equal(rules, catalogue);
    }

    [Theory]
    [InlineData("Parsing")]
    [InlineData("Analysis")]
    public void A_stage_before_differentiation_does_not_use_it(string stage)
    {
        var folder = Path.GetFullPath(Path.Combine(Path.GetDirectoryName(ThisFile())!, "..", "..", "src", "GradGen.Generator", stage));
        var files = Directory.GetFiles(folder, "*.cs");
        Assert.NotEmpty(files);
        var offending = files
            .Where(f => File.ReadLines(f).Any(line => !line.TrimStart().StartsWith("//", StringComparison.Ordinal)
                && (line.Contains("GradGen.Generator.Differentiation", StringComparison.Ordinal) || line.Contains("Differentiation.", StringComparison.Ordinal))))
            .Select(Path.GetFileName)
            .ToList();
        Assert.True(offending.Count == 0, stage + " files that use Differentiation: " + string.Join(", ", offending));
    }

    /// <summary>
    /// Differentiation builds the adjoint (lines, storage, the method's shape) and Emission prints it: a writer of text
    /// in Differentiation would be C# that no printer and no clean-up pass sees.
    /// </summary>
    [Fact]
    public void Differentiation_does_not_write_text()
    {
        var folder = Path.GetFullPath(Path.Combine(Path.GetDirectoryName(ThisFile())!, "..", "..", "src", "GradGen.Generator", "Differentiation"));
        var files = Directory.GetFiles(folder, "*.cs", SearchOption.AllDirectories);
        Assert.NotEmpty(files);
        var offending = files
            .Where(f => File.ReadLines(f).Any(line => line.Contains("IndentedWriter", StringComparison.Ordinal) || line.Contains("LineBuffer", StringComparison.Ordinal)))
            .Select(Path.GetFileName)
            .ToList();
        Assert.True(offending.Count == 0, "Differentiation files that write text: " + string.Join(", ", offending));
    }

    private static string ThisFile([CallerFilePath] string path = "") => path;
}
