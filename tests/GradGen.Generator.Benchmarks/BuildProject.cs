using System;
using System.IO;

namespace GradGen.Generator.Benchmarks;

/// <summary>
/// Writes <see cref="SyntheticProject"/> as a standalone class library, to time the generator where users meet it: in a
/// command-line <c>dotnet build -p:ReportAnalyzer=true</c>, whose Csc task prints each generator's own time (the
/// in-process benchmark cannot show the compiler server, its analyzer loading and the SDK's other generators).
/// </summary>
internal static class BuildProject
{
    /// <summary>Writes the csproj and <c>methods / 10</c> source files to <paramref name="directory"/>.</summary>
    public static int Write(string directory, int methods)
    {
        if (methods <= 0 || methods % SyntheticProject.MethodsPerFile != 0)
        {
            Console.Error.WriteLine($"methods must be a positive multiple of {SyntheticProject.MethodsPerFile}");
            return 1;
        }

        var root = RepositoryRoot();
        directory = Path.GetFullPath(directory);
        Directory.CreateDirectory(directory);

        // Sources of an earlier, larger project would otherwise stay in the build.
        foreach (var old in Directory.GetFiles(directory, "Models*.cs"))
        {
            File.Delete(old);
        }

        // Absolute paths, so the project may live anywhere; outside the repository (e.g. /tmp) the repository's
        // Directory.Build.props (warnings as errors, analysis level) and central package versions do not apply to it,
        // only to the two referenced projects, as for a user's project. The generator is referenced as the samples do:
        // as an analyzer, its assembly not referenced (it runs in the compiler; its csproj needs nothing more).
        File.WriteAllText(Path.Combine(directory, "GradGenSynthetic.csproj"), $"""
            <Project Sdk="Microsoft.NET.Sdk">
              <PropertyGroup>
                <TargetFramework>net10.0</TargetFramework>
                <Nullable>enable</Nullable>
              </PropertyGroup>
              <ItemGroup>
                <ProjectReference Include="{Path.Combine(root, "src", "GradGen", "GradGen.csproj")}" />
                <ProjectReference Include="{Path.Combine(root, "src", "GradGen.Generator", "GradGen.Generator.csproj")}" OutputItemType="Analyzer" ReferenceOutputAssembly="false" />
              </ItemGroup>
            </Project>

            """);

        var files = methods / SyntheticProject.MethodsPerFile;
        foreach (var (name, text) in SyntheticProject.Files(files))
        {
            File.WriteAllText(Path.Combine(directory, name), text);
        }

        Console.WriteLine($"{directory}: {files} files x {SyntheticProject.MethodsPerFile} methods, generator from {root}");
        return 0;
    }

    /// <summary>The repository this program was built from: the first directory above its binaries holding GradGen.sln.</summary>
    private static string RepositoryRoot()
    {
        for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
        {
            if (File.Exists(Path.Combine(dir.FullName, "GradGen.sln")))
            {
                return dir.FullName;
            }
        }

        throw new InvalidOperationException($"No GradGen.sln above {AppContext.BaseDirectory}");
    }
}
