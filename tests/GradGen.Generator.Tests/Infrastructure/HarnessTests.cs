using System;
using System.IO;
using System.Linq;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.Text;
using Xunit.Sdk;

namespace GradGen.Generator.Tests.Infrastructure;

/// <summary>Tests of <see cref="GeneratorHarness"/> itself, using stand-in generators and no GradGen output.</summary>
public sealed class GeneratorHarnessTests
{
    [Fact]
    public void ParseMarkup_RemovesMarkersAndReturnsTheMarkedSpan()
    {
        GeneratorHarness.ParseMarkup("class C { void [|M|]() { } }", out var source, out var span);

        Assert.Equal("class C { void M() { } }", source);
        Assert.Equal(new TextSpan(15, 1), span);
        Assert.Equal("M", source.Substring(span.Start, span.Length));
    }

    [Fact]
    public void ParseMarkup_HandlesMultiLineAndEmptySpans()
    {
        GeneratorHarness.ParseMarkup("a\n[|b\nc|]\nd", out var source, out var span);
        Assert.Equal("a\nb\nc\nd", source);
        Assert.Equal("b\nc", source.Substring(span.Start, span.Length));

        GeneratorHarness.ParseMarkup("xy[||]z", out source, out span);
        Assert.Equal("xyz", source);
        Assert.Equal(new TextSpan(2, 0), span);
    }

    [Theory]
    [InlineData("no markers")]
    [InlineData("only [| open")]
    [InlineData("only |] close")]
    [InlineData("close |] before [|open|]")]
    [InlineData("[|one|] and [|two|]")]
    public void ParseMarkup_RejectsAnythingButOnePair(string markup)
    {
        Assert.Throws<ArgumentException>(() => GeneratorHarness.ParseMarkup(markup, out _, out _));
    }

    [Fact]
    public void CreateCompilation_ReferencesNet10AndTheRuntimeWithTheRequiredOptions()
    {
        var compilation = GeneratorHarness.CreateCompilation(
            """
            using System.Collections.Generic;

            namespace N;

            public static partial class C
            {
                [GradGen.Differentiable]
                public static double F(double x, [GradGen.NoDerivative] double k) => x * k;

                public static unsafe int G(int* p) => *p;

                public static string? H(List<string> xs) => xs.Count > 0 ? xs[0] : null;
            }
            """);

        Assert.Equal("Tests", compilation.AssemblyName);
        Assert.Equal(OutputKind.DynamicallyLinkedLibrary, compilation.Options.OutputKind);
        Assert.Equal(NullableContextOptions.Enable, compilation.Options.NullableContextOptions);
        Assert.True(compilation.Options.AllowUnsafe);
        Assert.True(compilation.Options.Deterministic);
        Assert.Empty(compilation.GetDiagnostics().Where(d => d.Severity >= DiagnosticSeverity.Warning));
    }

    [Fact]
    public void CreateCompilation_WithSeveralSources_NamesThemTestN()
    {
        var compilation = GeneratorHarness.CreateCompilation(new[] { "class A { }", "class B : A { }" }, "Multi");

        Assert.Equal("Multi", compilation.AssemblyName);
        Assert.Equal(new[] { "Test0.cs", "Test1.cs" }, compilation.SyntaxTrees.Select(t => t.FilePath));
        Assert.Empty(compilation.GetDiagnostics().Where(d => d.Severity >= DiagnosticSeverity.Warning));
    }

    [Fact]
    public void Run_FailsLoudlyWithTheExceptionTextWhenTheGeneratorThrows()
    {
        var compilation = GeneratorHarness.CreateCompilation("class C { }");

        var ex = Assert.ThrowsAny<XunitException>(() => GeneratorHarness.Run(compilation, new ThrowingGenerator()));

        Assert.Contains("InvalidOperationException", ex.Message);
        Assert.Contains("generator exploded", ex.Message);
    }

    [Fact]
    public void Run_CollectsGeneratedSourcesInHintNameOrderAndCompilationDiagnostics()
    {
        var run = GeneratorHarness.Run(GeneratorHarness.CreateCompilation("class C { }"), new TwoFileGenerator());

        Assert.Equal(new[] { "A.g.cs", "B.g.cs" }, run.GeneratedSources.Keys);
        Assert.Contains("class FromA", run.GeneratedSources["A.g.cs"]);
        Assert.Equal(3, run.OutputCompilation.SyntaxTrees.Count());
        Assert.Empty(run.GeneratorDiagnostics);
        var warning = Assert.Single(run.CompilationDiagnostics);
        Assert.Equal("CS0168", warning.Id);
        Assert.Equal(
            "//--- A.g.cs\nclass FromA { }\n//--- B.g.cs\nclass FromB\n{\n    void M() { int unused; }\n}\n",
            Snapshot.FormatGenerated(run));
    }

    [Fact]
    public void AssertCompilesCleanly_PassesOnCleanCode()
    {
        var run = GeneratorHarness.Run("public static class Clean { public static int One() => 1; }");

        GeneratorHarness.AssertCompilesCleanly(run);
    }

    [Fact]
    public void AssertCompilesCleanly_FailsOnAWarningAndShowsTheGeneratedLine()
    {
        var run = GeneratorHarness.Run(GeneratorHarness.CreateCompilation("class C { }"), new TwoFileGenerator());

        var ex = Assert.ThrowsAny<XunitException>(() => GeneratorHarness.AssertCompilesCleanly(run));

        Assert.Contains("CS0168 warning", ex.Message);
        Assert.Contains("B.g.cs(3,20)", ex.Message);
        Assert.Contains("|     void M() { int unused; }", ex.Message);
        Assert.Contains("^^^^^^", ex.Message);
    }

    [Fact]
    public void SpanTextAndLineColumn_DescribeTheDiagnosticLocation()
    {
        var compilation = GeneratorHarness.CreateCompilation("class C\n{\n    int x = \"no\";\n}\n");

        var error = Assert.Single(compilation.GetDiagnostics().Where(d => d.Severity == DiagnosticSeverity.Error));

        Assert.Equal("CS0029", error.Id);
        Assert.Equal("\"no\"", GeneratorHarness.SpanText(error));
        Assert.Equal((3, 13), GeneratorHarness.LineColumn(error));
    }

    [Fact]
    public void AssertSingleDiagnostic_FailsWhenNoDiagnosticIsReported()
    {
        var ex = Assert.ThrowsAny<XunitException>(
            () => GeneratorHarness.AssertSingleDiagnostic("class [|C|] { }", "GG0001"));

        Assert.Contains("expected exactly one diagnostic GG0001 at Test0.cs(1,7)", ex.Message);
        Assert.Contains("Generator diagnostics (0)", ex.Message);
    }

    [Fact]
    public void AssertSingleDiagnostic_FailsOnAnUnexpectedCompilerDiagnostic()
    {
        var ex = Assert.ThrowsAny<XunitException>(
            () => GeneratorHarness.AssertSingleDiagnostic("class [|C|] { void M() { int unused; } }", "GG0001"));

        Assert.Contains("CS0168", ex.Message);
    }

    private sealed class ThrowingGenerator : IIncrementalGenerator
    {
        public void Initialize(IncrementalGeneratorInitializationContext context) =>
            context.RegisterSourceOutput(
                context.CompilationProvider,
                (_, _) => throw new InvalidOperationException("generator exploded"));
    }

    private sealed class TwoFileGenerator : IIncrementalGenerator
    {
        public void Initialize(IncrementalGeneratorInitializationContext context) =>
            context.RegisterPostInitializationOutput(ctx =>
            {
                // Added out of order on purpose; the second one has a CS0168 warning on line 3.
                ctx.AddSource("B.g.cs", "class FromB\r\n{\r\n    void M() { int unused; }\r\n}\r\n");
                ctx.AddSource("A.g.cs", "class FromA { }");
            });
    }
}

/// <summary>Tests of <see cref="Snapshot"/> against a temporary directory.</summary>
public sealed class SnapshotTests : IDisposable
{
    private readonly string _directory =
        Path.Combine(Path.GetTempPath(), "gradgen-snapshot-tests", Guid.NewGuid().ToString("N"));

    public SnapshotTests() => Directory.CreateDirectory(_directory);

    public void Dispose() => Directory.Delete(_directory, recursive: true);

    private string Verified(string name) => Path.Combine(_directory, name + ".verified.cs");

    private string Received(string name) => Path.Combine(_directory, name + ".received.cs");

    [Fact]
    public void Match_PassesOnEqualTextAndDeletesAStaleReceivedFile()
    {
        File.WriteAllText(Verified("Same"), "line 1\nline 2\n");
        File.WriteAllText(Received("Same"), "stale");

        Snapshot.MatchInDirectory("line 1\nline 2\n", "Same", _directory, accept: false);

        Assert.False(File.Exists(Received("Same")));
    }

    [Fact]
    public void Match_NormalizesLineEndingsAndTheFinalNewline()
    {
        File.WriteAllText(Verified("Crlf"), "line 1\r\nline 2\r\n");

        Snapshot.MatchInDirectory("line 1\nline 2", "Crlf", _directory, accept: false);
        Snapshot.MatchInDirectory("line 1\r\nline 2\r\n", "Crlf", _directory, accept: false);
    }

    [Fact]
    public void Match_FailsWithADiffAndWritesTheReceivedFileOnMismatch()
    {
        var expected = string.Join("\n", Enumerable.Range(1, 30).Select(i => $"line {i}")) + "\n";
        var actual = expected.Replace("line 15\n", "line fifteen\n", StringComparison.Ordinal);
        File.WriteAllText(Verified("Changed"), expected);

        var ex = Assert.ThrowsAny<XunitException>(
            () => Snapshot.MatchInDirectory(actual, "Changed", _directory, accept: false));

        Assert.Contains("- line 15\n", ex.Message);
        Assert.Contains("+ line fifteen\n", ex.Message);
        Assert.Contains("@@ -12,7 +12,7 @@\n  line 12\n", ex.Message);
        Assert.DoesNotContain("line 11\n", ex.Message);
        Assert.DoesNotContain("line 19\n", ex.Message);
        Assert.EndsWith("  line 18\n", ex.Message);
        Assert.Contains(Received("Changed"), ex.Message);
        Assert.Equal(actual, File.ReadAllText(Received("Changed")));
        Assert.Equal(expected, File.ReadAllText(Verified("Changed")));
    }

    [Fact]
    public void UnifiedDiff_SplitsDistantChangesIntoHunksAndShowsBlankLineChanges()
    {
        var expected = string.Join("\n", Enumerable.Range(1, 20).Select(i => $"line {i}")) + "\n";
        var actual = expected.Replace("line 2\n", "line two\n", StringComparison.Ordinal)
            .Replace("line 19\n", "line 19\n\n", StringComparison.Ordinal);

        Assert.Equal(
            "@@ -1,5 +1,5 @@\n  line 1\n- line 2\n+ line two\n  line 3\n  line 4\n  line 5\n"
            + "@@ -17,4 +17,5 @@\n  line 17\n  line 18\n  line 19\n+ \n  line 20\n",
            Snapshot.UnifiedDiff(expected, actual));
    }

    [Fact]
    public void Match_FailsWhenTheVerifiedFileIsMissing()
    {
        var ex = Assert.ThrowsAny<XunitException>(
            () => Snapshot.MatchInDirectory("class New { }\n", "Missing", _directory, accept: false));

        Assert.Contains("has no verified file", ex.Message);
        Assert.EndsWith("@@ -0,0 +1,1 @@\n+ class New { }\n", ex.Message);
        Assert.Equal("class New { }\n", File.ReadAllText(Received("Missing")));
        Assert.False(File.Exists(Verified("Missing")));
    }

    [Fact]
    public void Match_CapsTheDiffLength()
    {
        var actual = string.Join("\n", Enumerable.Range(1, 1000).Select(i => $"line {i}")) + "\n";

        var ex = Assert.ThrowsAny<XunitException>(
            () => Snapshot.MatchInDirectory(actual, "Long", _directory, accept: false));

        Assert.Contains("+ line 199\n", ex.Message);
        Assert.DoesNotContain("+ line 200\n", ex.Message);
        Assert.Contains("more diff lines not shown", ex.Message);
        Assert.InRange(ex.Message.Split('\n').Length, 200, 220);
    }

    [Fact]
    public void Match_WithAcceptWritesTheVerifiedFileAndPasses()
    {
        File.WriteAllText(Verified("Accepted"), "old\n");
        File.WriteAllText(Received("Accepted"), "stale");

        Snapshot.MatchInDirectory("new\r\n", "Accepted", _directory, accept: true);

        Assert.Equal("new\n", File.ReadAllText(Verified("Accepted")));
        Assert.False(File.Exists(Received("Accepted")));
    }

    [Fact]
    public void Match_ResolvesTheSnapshotsDirectoryBesideTheCallingFile()
    {
        var expected = Path.Combine(Path.GetDirectoryName(ThisFile())!, "Snapshots");

        Assert.Equal(expected, Snapshot.SnapshotDirectoryOf(ThisFile()));
        Assert.ThrowsAny<XunitException>(() => Snapshot.SnapshotDirectoryOf("/_/no/such/dir/Tests.cs"));
    }

    private static string ThisFile([System.Runtime.CompilerServices.CallerFilePath] string path = "") => path;
}

/// <summary>Tests that change process-wide environment variables run alone, after the parallel tests.</summary>
[CollectionDefinition(Name, DisableParallelization = true)]
public sealed class EnvironmentCollection
{
    public const string Name = "Process environment";
}

/// <summary>Sets <see cref="Snapshot.AcceptVariable"/>; restores its original value afterwards.</summary>
[Collection(EnvironmentCollection.Name)]
public sealed class SnapshotEnvironmentTests : IDisposable
{
    private readonly string _directory =
        Path.Combine(Path.GetTempPath(), "gradgen-snapshot-tests", Guid.NewGuid().ToString("N"));

    private readonly string? _original = Environment.GetEnvironmentVariable(Snapshot.AcceptVariable);

    public SnapshotEnvironmentTests() => Directory.CreateDirectory(_directory);

    public void Dispose()
    {
        Environment.SetEnvironmentVariable(Snapshot.AcceptVariable, _original);
        Directory.Delete(_directory, recursive: true);
    }

    [Fact]
    public void AcceptVariable_ControlsWhetherAMismatchIsWrittenOrFails()
    {
        var verified = Path.Combine(_directory, "Env.verified.cs");
        var received = Path.Combine(_directory, "Env.received.cs");
        File.WriteAllText(verified, "old\n");

        Environment.SetEnvironmentVariable(Snapshot.AcceptVariable, null);
        Assert.ThrowsAny<XunitException>(() => Snapshot.MatchInDirectory("new\n", "Env", _directory));
        Assert.Equal("old\n", File.ReadAllText(verified));
        Assert.True(File.Exists(received));

        Environment.SetEnvironmentVariable(Snapshot.AcceptVariable, "0");
        Assert.ThrowsAny<XunitException>(() => Snapshot.MatchInDirectory("new\n", "Env", _directory));

        Environment.SetEnvironmentVariable(Snapshot.AcceptVariable, "1");
        Snapshot.MatchInDirectory("new\n", "Env", _directory);
        Assert.Equal("new\n", File.ReadAllText(verified));
        Assert.False(File.Exists(received));
    }
}
