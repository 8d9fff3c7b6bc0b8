using System;
using System.Diagnostics;
using System.Globalization;
using System.IO;
using System.IO.Compression;
using System.Linq;
using Xunit.Abstractions;

namespace GradGen.Package.Tests;

/// <summary>
/// Packs GradGen, then builds and runs a fresh project that references only that package from a local folder, with
/// its own NuGet.config and an empty packages folder, so nothing leaks in from this repository's build.
/// A file missing from the package (the generator, a runtime target, the readme) fails here.
/// </summary>
public sealed class PackAndConsumeTests
{
    private const string Version = "0.1.0";
    private readonly ITestOutputHelper _output;

    public PackAndConsumeTests(ITestOutputHelper output) => _output = output;

    [Fact]
    public void The_package_alone_gives_a_user_project_its_generated_gradient()
    {
        var repository = RepositoryRoot();
        var work = Directory.CreateTempSubdirectory("gradgen-package-");
        try
        {
            var feed = Path.Combine(work.FullName, "feed");
            Run("dotnet", $"pack \"{Path.Combine(repository, "src", "GradGen", "GradGen.csproj")}\" -c Release -o \"{feed}\" --disable-build-servers -nodeReuse:false", repository);

            var package = Path.Combine(feed, $"GradGen.{Version}.nupkg");
            Assert.True(File.Exists(package), "dotnet pack did not produce " + package);
            using (var zip = ZipFile.OpenRead(package))
            {
                var entries = zip.Entries.Select(e => e.FullName).ToHashSet();
                foreach (var expected in new[]
                {
                    "lib/net8.0/GradGen.dll",
                    "lib/net10.0/GradGen.dll",
                    "analyzers/dotnet/cs/GradGen.Generator.dll",
                    "analyzers/dotnet/cs/GradGen.CodeFixes.dll",
                    "README.md",
                })
                {
                    Assert.True(entries.Contains(expected), $"The package lacks {expected}; it has: {string.Join(", ", entries.OrderBy(e => e))}");
                }

                Assert.DoesNotContain(entries, e => e.Contains("Microsoft.CodeAnalysis", StringComparison.Ordinal));
            }

            var consumer = Path.Combine(work.FullName, "consumer");
            Directory.CreateDirectory(consumer);
            File.WriteAllText(Path.Combine(consumer, "NuGet.config"), $"""
                <?xml version="1.0" encoding="utf-8"?>
                <configuration>
                  <packageSources>
                    <clear />
                    <add key="local" value="{feed}" />
                  </packageSources>
                </configuration>
                """);
            File.WriteAllText(Path.Combine(consumer, "Consumer.csproj"), $"""
                <Project Sdk="Microsoft.NET.Sdk">
                  <PropertyGroup>
                    <OutputType>Exe</OutputType>
                    <TargetFramework>net10.0</TargetFramework>
                    <Nullable>enable</Nullable>
                    <ImplicitUsings>enable</ImplicitUsings>
                    <TreatWarningsAsErrors>true</TreatWarningsAsErrors>
                    <ManagePackageVersionsCentrally>false</ManagePackageVersionsCentrally>
                  </PropertyGroup>
                  <ItemGroup>
                    <PackageReference Include="GradGen" Version="{Version}" />
                  </ItemGroup>
                </Project>
                """);
            File.WriteAllText(Path.Combine(consumer, "Program.cs"), """
                using System.Globalization;
                using GradGen;

                var z = Seed.ZGradient(0.7, -1.3, 2.1, out var dA, out var dB);
                Span<double> dW = stackalloc double[3];
                var s = Seed.SumOfSquaresGradient(new[] { 1.0, -2.0, 0.5 }, dW);
                Console.WriteLine(string.Join(" ", new[] { z, dA, dB, s, dW[0], dW[1], dW[2] }.Select(v => v.ToString("R", CultureInfo.InvariantCulture))));

                public static partial class Seed
                {
                    [Differentiable]
                    public static double Z(double a, double b, [NoDerivative] double x) => b / (1.0 + Math.Exp(-a * x));

                    [Differentiable]
                    public static double SumOfSquares(ReadOnlySpan<double> w)
                    {
                        var s = 0.0;
                        foreach (var v in w)
                        {
                            s += v * v;
                        }

                        return s;
                    }
                }
                """);

            var packages = Path.Combine(work.FullName, "packages");
            Run("dotnet", $"restore --packages \"{packages}\" --disable-build-servers", consumer);
            var printed = Run("dotnet", "run --no-restore --disable-build-servers -nodeReuse:false", consumer).Trim().Split('\n').Last().Trim();

            var values = printed.Split(' ').Select(v => double.Parse(v, CultureInfo.InvariantCulture)).ToArray();
            const double a = 0.7, b = -1.3, x = 2.1;
            var sigma = 1 / (1 + Math.Exp(-a * x));
            Close(b * sigma, values[0]);
            Close(b * sigma * (1 - sigma) * x, values[1]);
            Close(sigma, values[2]);
            Close(5.25, values[3]);
            Close(2.0, values[4]);
            Close(-4.0, values[5]);
            Close(1.0, values[6]);
        }
        finally
        {
            try
            {
                work.Delete(recursive: true);
            }
            catch (IOException)
            {
                // A leftover temporary folder is harmless.
            }
        }
    }

    private static void Close(double expected, double actual) =>
        Assert.True(Math.Abs(expected - actual) <= 1e-12 * Math.Max(1, Math.Abs(expected)), $"expected {expected:R}, the consumer printed {actual:R}");

    private string Run(string file, string arguments, string directory)
    {
        var start = new ProcessStartInfo(file, arguments)
        {
            WorkingDirectory = directory,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        start.Environment["DOTNET_CLI_TELEMETRY_OPTOUT"] = "1";
        start.Environment["DOTNET_NOLOGO"] = "1";
        using var process = Process.Start(start)!;
        var stdout = process.StandardOutput.ReadToEndAsync();
        var stderr = process.StandardError.ReadToEndAsync();
        if (!process.WaitForExit(TimeSpan.FromMinutes(5)))
        {
            process.Kill(entireProcessTree: true);
            throw new TimeoutException($"{file} {arguments} did not finish in 5 minutes");
        }

        var output = stdout.Result;
        _output.WriteLine($"> {file} {arguments}\n{output}{stderr.Result}");
        Assert.True(process.ExitCode == 0, $"{file} {arguments} failed ({process.ExitCode}):\n{output}\n{stderr.Result}");
        return output;
    }

    private static string RepositoryRoot()
    {
        for (var directory = new DirectoryInfo(AppContext.BaseDirectory); directory is not null; directory = directory.Parent)
        {
            if (File.Exists(Path.Combine(directory.FullName, "GradGen.sln")))
            {
                return directory.FullName;
            }
        }

        throw new InvalidOperationException("GradGen.sln not found above " + AppContext.BaseDirectory);
    }
}
