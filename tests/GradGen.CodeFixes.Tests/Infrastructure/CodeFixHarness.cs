using System;
using System.Collections.Generic;
using System.Collections.Immutable;
using System.Linq;
using System.Text;
using System.Threading;
using System.Threading.Tasks;
using GradGen.Generator;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CodeActions;
using Microsoft.CodeAnalysis.CodeFixes;
using Microsoft.CodeAnalysis.CSharp;
using Microsoft.CodeAnalysis.Text;
using Xunit.Sdk;

namespace GradGen.CodeFixes.Tests.Infrastructure;

/// <summary>What the generator reported for a project, and the compilation with its output.</summary>
/// <param name="GeneratorDiagnostics">Diagnostics the generator reported (all severities).</param>
/// <param name="CompilationDiagnostics">Warnings and errors of the compilation plus the generated code.</param>
internal sealed record ProjectRun(ImmutableArray<Diagnostic> GeneratorDiagnostics, ImmutableArray<Diagnostic> CompilationDiagnostics)
{
    /// <summary>Every warning and error, the generator's first.</summary>
    public IEnumerable<Diagnostic> Problems =>
        GeneratorDiagnostics.Where(d => d.Severity is DiagnosticSeverity.Warning or DiagnosticSeverity.Error).Concat(CompilationDiagnostics);
}

/// <summary>A code fix offered for a diagnostic, and the solution it leads to.</summary>
internal sealed record AppliedFix(CodeAction Action, Solution Before, Solution After)
{
    /// <summary>The text of a document after the fix.</summary>
    public async Task<string> TextAsync(DocumentId id) => (await After.GetDocument(id)!.GetTextAsync()).ToString();

    /// <summary>The documents whose text the fix changed.</summary>
    public IReadOnlyList<DocumentId> ChangedDocuments =>
        After.GetChanges(Before).GetProjectChanges().SelectMany(p => p.GetChangedDocuments(onlyGetDocumentsWithTextChanges: true)).ToList();
}

/// <summary>
/// Workspace tests for the code fixes. GradGen's diagnostics come from its source generator, not from an analyzer,
/// so the harness does what the IDE does: it runs <see cref="DifferentiableGenerator"/> on a project's compilation,
/// takes a diagnostic it reported, finds that diagnostic's document by file path and hands it to the provider in a
/// <see cref="CodeFixContext"/>; an offered fix is applied through its <see cref="ApplyChangesOperation"/>.
/// </summary>
internal static class CodeFixHarness
{
    public static readonly CSharpParseOptions ParseOptions = CSharpParseOptions.Default.WithLanguageVersion(LanguageVersion.Latest);

    /// <summary>As in the generator tests: a library with nullable on and every warning wave.</summary>
    public static readonly CSharpCompilationOptions CompilationOptions = new(
        OutputKind.DynamicallyLinkedLibrary,
        nullableContextOptions: NullableContextOptions.Enable,
        allowUnsafe: true,
        deterministic: true,
        warningLevel: 9999);

    /// <summary>.NET 10 reference assemblies.</summary>
    public static readonly ImmutableArray<MetadataReference> FrameworkReferences =
        Basic.Reference.Assemblies.Net100.References.All.Cast<MetadataReference>().ToImmutableArray();

    /// <summary>The GradGen runtime assembly (the attributes).</summary>
    public static readonly MetadataReference GradGenReference =
        MetadataReference.CreateFromFile(typeof(GradGen.DifferentiableAttribute).Assembly.Location);

    /// <summary>A workspace with one project "Tests" of the given sources, at paths "Test0.cs", "Test1.cs", ...</summary>
    public static Project CreateProject(params string[] sources) =>
        AddProject(new AdhocWorkspace().CurrentSolution, "Tests", sources, FrameworkReferences.Add(GradGenReference));

    /// <summary>Adds a C# project with the given sources (paths "{name}/Test0.cs", ... when the name is not "Tests").</summary>
    public static Project AddProject(Solution solution, string name, IReadOnlyList<string> sources, IEnumerable<MetadataReference> references)
    {
        var projectId = ProjectId.CreateNewId(name);
        solution = solution.AddProject(ProjectInfo.Create(
            projectId, VersionStamp.Default, name, name, LanguageNames.CSharp,
            compilationOptions: CompilationOptions,
            parseOptions: ParseOptions,
            metadataReferences: references));

        var prefix = name == "Tests" ? "" : name + "/";
        for (var i = 0; i < sources.Count; i++)
        {
            var path = $"{prefix}Test{i}.cs";
            solution = solution.AddDocument(
                DocumentId.CreateNewId(projectId, path), path, SourceText.From(sources[i], Encoding.UTF8), filePath: path);
        }

        return solution.GetProject(projectId)!;
    }

    /// <summary>Runs the generator on the project's compilation. Fails the test if the generator threw.</summary>
    public static async Task<ProjectRun> RunGeneratorAsync(Project project)
    {
        var compilation = await project.GetCompilationAsync() ?? throw new XunitException("The project has no compilation.");
        GeneratorDriver driver = CSharpGeneratorDriver.Create(
            new[] { new DifferentiableGenerator().AsSourceGenerator() },
            parseOptions: ParseOptions);
        driver = driver.RunGeneratorsAndUpdateCompilation(compilation, out var output, out var generatorDiagnostics);

        var failures = driver.GetRunResult().Results.Where(r => r.Exception is not null).Select(r => r.Exception!.ToString())
            .Concat(generatorDiagnostics.Where(d => d.Id is "CS8784" or "CS8785").Select(d => d.ToString()))
            .ToList();
        if (failures.Count > 0)
        {
            throw new XunitException("The source generator failed:\n" + string.Join("\n", failures));
        }

        var compilationDiagnostics = output.GetDiagnostics()
            .Where(d => d.Severity is DiagnosticSeverity.Warning or DiagnosticSeverity.Error)
            .ToImmutableArray();
        return new ProjectRun(generatorDiagnostics, compilationDiagnostics);
    }

    /// <summary>The project's compilation plus the generated code.</summary>
    public static async Task<Compilation> CompileWithGeneratorAsync(Project project)
    {
        var compilation = await project.GetCompilationAsync() ?? throw new XunitException("The project has no compilation.");
        CSharpGeneratorDriver.Create(new[] { new DifferentiableGenerator().AsSourceGenerator() }, parseOptions: ParseOptions)
            .RunGeneratorsAndUpdateCompilation(compilation, out var output, out _);
        return output;
    }

    /// <summary>The generator's diagnostics with <paramref name="id"/>, in source order. Fails if there are none.</summary>
    public static async Task<ImmutableArray<Diagnostic>> DiagnosticsAsync(Project project, string id)
    {
        var run = await RunGeneratorAsync(project);
        var found = run.GeneratorDiagnostics.Where(d => d.Id == id)
            .OrderBy(d => d.Location.GetLineSpan().Path, StringComparer.Ordinal)
            .ThenBy(d => d.Location.SourceSpan.Start)
            .ToImmutableArray();
        if (found.IsEmpty)
        {
            throw new XunitException($"Expected the generator to report {id}, but it reported:\n" + Format(run.GeneratorDiagnostics));
        }

        return found;
    }

    /// <summary>The document a diagnostic is located in, found by file path as the IDE does.</summary>
    public static Document DocumentOf(Project project, Diagnostic diagnostic)
    {
        var path = diagnostic.Location.GetLineSpan().Path;
        return project.Documents.SingleOrDefault(d => d.FilePath == path)
            ?? throw new XunitException($"No document at '{path}' for {diagnostic}");
    }

    /// <summary>The code actions <paramref name="provider"/> registers for <paramref name="diagnostic"/>.</summary>
    public static async Task<ImmutableArray<CodeAction>> GetFixesAsync(CodeFixProvider provider, Project project, Diagnostic diagnostic)
    {
        Assert.Contains(diagnostic.Id, provider.FixableDiagnosticIds);

        var document = DocumentOf(project, diagnostic);
        var tree = await document.GetSyntaxTreeAsync() ?? throw new XunitException("The document has no syntax tree.");

        // As the IDE hands it over: located in the document's own syntax tree (the generator maps its locations
        // back into the compilation's trees, which are the documents' trees).
        Assert.Same(tree, diagnostic.Location.SourceTree);

        var actions = ImmutableArray.CreateBuilder<CodeAction>();
        var context = new CodeFixContext(document, diagnostic, (action, _) => actions.Add(action), CancellationToken.None);
        await provider.RegisterCodeFixesAsync(context);
        return actions.ToImmutable();
    }

    /// <summary>Applies <paramref name="action"/>: it must consist of exactly one <see cref="ApplyChangesOperation"/>.</summary>
    public static async Task<AppliedFix> ApplyAsync(CodeAction action, Solution solution)
    {
        var operations = await action.GetOperationsAsync(CancellationToken.None);
        var apply = Assert.IsType<ApplyChangesOperation>(Assert.Single(operations));
        return new AppliedFix(action, solution, apply.ChangedSolution);
    }

    /// <summary>
    /// The common case: <paramref name="sources"/> make one project, the generator reports
    /// <paramref name="id"/> (the <paramref name="index"/>th in source order), the provider offers exactly one fix
    /// with <paramref name="title"/>, and applying it turns the document at <paramref name="changedPath"/> into
    /// <paramref name="after"/>, no other document changes, and the project then compiles with the generator
    /// without any warning or error.
    /// </summary>
    public static async Task<AppliedFix> VerifyFixAsync(
        CodeFixProvider provider,
        string id,
        string[] sources,
        string title,
        string changedPath,
        string after,
        int index = 0)
    {
        var project = CreateProject(sources);
        var diagnostics = await DiagnosticsAsync(project, id);
        var action = Assert.Single(await GetFixesAsync(provider, project, diagnostics[index]));
        Assert.Equal(title, action.Title);
        Assert.False(string.IsNullOrEmpty(action.EquivalenceKey));

        var fix = await ApplyAsync(action, project.Solution);
        var changed = project.Documents.Single(d => d.FilePath == changedPath);
        Assert.Equal(new[] { changed.Id }, fix.ChangedDocuments);
        AssertSameText(after, await fix.TextAsync(changed.Id));

        await AssertCompilesCleanlyAsync(fix.After.GetProject(project.Id)!);
        return fix;
    }

    /// <summary>
    /// Fix All with the provider's <see cref="CodeFixProvider.GetFixAllProvider"/> over the diagnostics the generator
    /// reports in <paramref name="scope"/>, starting from the first one with <paramref name="id"/>.
    /// </summary>
    public static async Task<AppliedFix> FixAllAsync(CodeFixProvider provider, Project project, string id, string equivalenceKey, FixAllScope scope = FixAllScope.Document)
    {
        var first = (await DiagnosticsAsync(project, id))[0];
        var fixAll = provider.GetFixAllProvider() ?? throw new XunitException("The provider has no Fix All.");
        Assert.Contains(scope, fixAll.GetSupportedFixAllScopes());

        var context = new FixAllContext(
            DocumentOf(project, first), provider, scope, equivalenceKey, new[] { id }, new GeneratorDiagnosticProvider(), CancellationToken.None);
        var action = await fixAll.GetFixAsync(context) ?? throw new XunitException("Fix All offered nothing.");
        return await ApplyAsync(action, project.Solution);
    }

    /// <summary>No warning or error from the generator or the compiler (generated code included).</summary>
    public static async Task AssertCompilesCleanlyAsync(Project project)
    {
        var run = await RunGeneratorAsync(project);
        var problems = run.Problems.ToList();
        if (problems.Count > 0)
        {
            throw new XunitException("Expected no warnings or errors after the fix, but found:\n" + Format(problems));
        }
    }

    /// <summary>Exact comparison, reporting the first line that differs.</summary>
    public static void AssertSameText(string expected, string actual)
    {
        if (expected == actual)
        {
            return;
        }

        var expectedLines = expected.Split('\n');
        var actualLines = actual.Split('\n');
        var line = 0;
        while (line < expectedLines.Length && line < actualLines.Length && expectedLines[line] == actualLines[line])
        {
            line++;
        }

        throw new XunitException(
            $"The fixed text differs from the expected one at line {line + 1}.\n"
            + $"Expected: {Show(expectedLines, line)}\n"
            + $"Actual:   {Show(actualLines, line)}\n"
            + $"---- whole actual text ----\n{actual}\n---- end ----");
    }

    public static string Format(IEnumerable<Diagnostic> diagnostics) =>
        string.Concat(diagnostics.Select(d => "  " + d + "\n"));

    private static string Show(string[] lines, int line) =>
        line < lines.Length ? "'" + lines[line].Replace("\r", "\\r") + "'" : "(end of text)";

    /// <summary>Hands Fix All the generator's diagnostics, as the IDE's diagnostic service would.</summary>
    private sealed class GeneratorDiagnosticProvider : FixAllContext.DiagnosticProvider
    {
        public override async Task<IEnumerable<Diagnostic>> GetDocumentDiagnosticsAsync(Document document, CancellationToken cancellationToken) =>
            (await RunGeneratorAsync(document.Project)).GeneratorDiagnostics.Where(d => d.Location.GetLineSpan().Path == document.FilePath);

        public override Task<IEnumerable<Diagnostic>> GetProjectDiagnosticsAsync(Project project, CancellationToken cancellationToken) =>
            Task.FromResult(Enumerable.Empty<Diagnostic>());

        public override async Task<IEnumerable<Diagnostic>> GetAllDiagnosticsAsync(Project project, CancellationToken cancellationToken) =>
            (await RunGeneratorAsync(project)).GeneratorDiagnostics;
    }
}
