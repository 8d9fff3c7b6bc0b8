using System;
using System.Composition.Hosting;
using System.Linq;
using System.Reflection;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CodeFixes;

namespace GradGen.CodeFixes.Tests;

/// <summary>What the IDE needs to find the providers: MEF exports for C#, the ids, and Fix All.</summary>
public sealed class RegistrationTests
{
    [Fact]
    public void EveryProvider_IsExportedForCSharpAndFixesItsId()
    {
        var container = new ContainerConfiguration().WithAssembly(typeof(MakeTypePartialCodeFixProvider).Assembly).CreateContainer();
        var providers = container.GetExports<CodeFixProvider>().ToList();

        Assert.Equal(
            new[] { "GG0001", "GG0006", "GG0014" },
            providers.SelectMany(p => p.FixableDiagnosticIds).OrderBy(id => id, StringComparer.Ordinal));

        foreach (var provider in providers)
        {
            var export = provider.GetType().GetCustomAttribute<ExportCodeFixProviderAttribute>();
            Assert.NotNull(export);
            Assert.Equal(new[] { LanguageNames.CSharp }, export.Languages);
            Assert.Equal(provider.GetType().Name, export.Name);
            Assert.NotNull(provider.GetType().GetCustomAttribute<System.Composition.SharedAttribute>());
            Assert.Same(WellKnownFixAllProviders.BatchFixer, provider.GetFixAllProvider());
        }
    }
}
