using System;
using System.IO;
using System.Linq;
using System.Text.RegularExpressions;
using GradGen.Generator.Tests.Infrastructure;

namespace GradGen.Generator.Tests;

/// <summary>
/// Which loops the generator fuses (runs each iteration's reverse right after it), on the models GradGen.Tests checks
/// against finite differences: the models one condition away from fusion must not fuse (their tests would then fail),
/// and the ones that may must (or the tests would not test fusion at all).
/// </summary>
public class LoopFusionTests
{
    private static readonly Lazy<GeneratorRun> Models = new(() => GeneratorHarness.Run(new[] { ModelSource("FusedLoops.cs"), ModelSource("Gmm.cs"), ModelSource("SlotModels.cs"), ModelSource("LoopInvariants.cs") }));

    [Theory]
    [InlineData("FusedLoops.TwoSums", 1)]
    [InlineData("FusedLoops.MovedPastIndependent", 2)]
    [InlineData("FusedLoops.Scratch", 2)]
    [InlineData("FusedLoops.Skips", 1)]
    [InlineData("Gmm.Objective", 2)]
    [InlineData("FusedLoops.CallsHelper", 1)]
    [InlineData("FusedLoops.SquaredSum", 0)]
    [InlineData("FusedLoops.SumReadInLoop", 0)]
    [InlineData("FusedLoops.SumOfSums", 0)]
    [InlineData("FusedLoops.Product", 0)]
    [InlineData("FusedLoops.Recurrence", 0)]
    [InlineData("FusedLoops.ReadBefore", 0)]
    [InlineData("FusedLoops.CounterAfter", 0)]
    [InlineData("FusedLoops.StopsEarly", 0)]
    [InlineData("FusedLoops.ReturnReadsScratch", 0)]
    [InlineData("FusedLoops.FillReadsAhead", 0)]
    [InlineData("FusedLoops.CallChangesData", 0)]
    public void Fuses_exactly_the_loops_it_may(string method, int fusedLoops)
    {
        var run = Models.Value;
        GeneratorHarness.AssertCompilesCleanly(run);
        var text = run.GeneratedSources["GradGen.Tests.Models." + method + ".g.cs"];
        var gradient = Core(text);
        Assert.Equal(fusedLoops, Regex.Matches(gradient, @": each iteration forward, then its reverse$", RegexOptions.Multiline).Count);
    }

    /// <summary>
    /// How many slot arrays (AdjointWriter.Slots) each gradient declares: values recorded by a rectangular nest of counted
    /// loops (from a top-level loop sized by parameters and locals defined from them without division, or inside a fused
    /// body) take slots (the tests of SlotModels then test slots), and stay on tapes otherwise (the GMM's first loop is
    /// sized by d = means.Length / k: it tapes; its loops over k take slots).
    /// </summary>
    [Theory]
    [InlineData("SlotModels.Offsets", 2, false)]
    [InlineData("SlotModels.ThreeLevels", 4, false)]
    [InlineData("SlotModels.Mixture", 3, false)]
    [InlineData("Gmm.Objective", 6, true)]
    [InlineData("SlotModels.LocalBound", 1, false)]
    [InlineData("SlotModels.Triangle", 0, true)]
    [InlineData("FusedLoops.Scratch", 2, false)]
    public void Records_in_slots_where_the_nest_is_rectangular(string method, int slotArrays, bool tapes)
    {
        var text = Models.Value.GeneratedSources["GradGen.Tests.Models." + method + ".g.cs"];
        var gradient = Core(text);
        Assert.Equal(slotArrays, Regex.Matches(gradient, @"global::System\.Span<\w+> _slots\d+ = ").Count);
        Assert.Equal(tapes, gradient.Contains("new global::GradGen.Tape<", StringComparison.Ordinal));
    }

    /// <summary>
    /// What each gradient's forward sweep computes once before a loop (AdjointWriter.LoopInvariants): the models of
    /// LoopInvariants hoist exactly these (so their tests test hoisting), and nothing a loop changes or reads under a condition.
    /// </summary>
    [Theory]
    [InlineData("LoopInvariants.Rows", "x[i_1] - w[i_1]")]
    [InlineData("LoopInvariants.Changing", "global::System.Math.Exp(w[0])")]
    [InlineData("LoopInvariants.EmptyLastRow", "w[i + 1]")]
    [InlineData("LoopInvariants.Guarded", "w[n - 1] * 0.5")]
    [InlineData("LoopInvariants.DoLoop", "w[0] + w[1]")]
    [InlineData("Gmm.Objective", "x[p * d + i_2] - means[c_1 * d + i_2]")]
    public void Computes_loop_invariants_once(string method, params string[] hoisted)
    {
        var text = Models.Value.GeneratedSources["GradGen.Tests.Models." + method + ".g.cs"];
        var gradient = Core(text);
        var declarations = Regex.Matches(gradient, @"\b(?:double|int) (_inv\d+) = (.*);$", RegexOptions.Multiline);
        Assert.Equal(hoisted, declarations.Select(m => m.Groups[2].Value).ToArray());
        Assert.True(Regex.Matches(gradient, @"\b" + declarations[0].Groups[1].Value + @"\b").Count >= 2, gradient);
    }

    /// <summary>The moved loop runs after the statements it moved past, which are unchanged and in their order.</summary>
    [Fact]
    public void A_loop_moves_past_independent_statements_only()
    {
        var text = Models.Value.GeneratedSources["GradGen.Tests.Models.FusedLoops.MovedPastIndependent.g.cs"];
        var total = text.IndexOf("total += x[i_1] * x[i_1];", StringComparison.Ordinal);
        var scale = text.IndexOf("double scale = ", StringComparison.Ordinal);
        var sum = text.IndexOf("sum += data[i] * ", StringComparison.Ordinal);
        var dependent = text.IndexOf("dependent += total * x[i_2];", StringComparison.Ordinal);
        Assert.True(total >= 0 && scale >= 0 && sum >= 0 && dependent >= 0, text);
        Assert.True(total < scale && scale < sum && sum < dependent, text);
    }

    /// <summary>The shared core of the method's Gradient and Pullback: the one copy of its sweeps.</summary>
    private static string Core(string text)
    {
        var start = text.LastIndexOf('\n', text.IndexOf("Core(", text.IndexOf("private ", StringComparison.Ordinal), StringComparison.Ordinal)) + 1;
        var indent = text.Substring(start, text.IndexOf('p', start) - start);
        return text.Substring(start, text.IndexOf("\n" + indent + "}\n", start, StringComparison.Ordinal) - start);
    }

    private static string ModelSource(string file)
    {
        var directory = new DirectoryInfo(AppContext.BaseDirectory);
        while (directory is not null && !File.Exists(Path.Combine(directory.FullName, "GradGen.sln")))
        {
            directory = directory.Parent;
        }

        Assert.NotNull(directory);
        return File.ReadAllText(Path.Combine(directory!.FullName, "tests", "GradGen.Tests", "Models", file));
    }
}
