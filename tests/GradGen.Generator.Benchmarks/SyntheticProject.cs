using System.Collections.Generic;
using System.Linq;
using System.Text;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp;

namespace GradGen.Generator.Benchmarks;

/// <summary>
/// A compilation of <see cref="FileCount"/> files with <see cref="MethodsPerFile"/> [Differentiable] methods each,
/// of the shapes users write (straight-line code, loops over spans, branches, calls between them). The same files,
/// as many as asked, make the standalone project of <see cref="BuildProject"/>.
/// </summary>
internal static class SyntheticProject
{
    public const int FileCount = 50;
    public const int MethodsPerFile = 10;

    public static readonly CSharpParseOptions ParseOptions = CSharpParseOptions.Default.WithLanguageVersion(LanguageVersion.Latest);

    public static readonly MetadataReference[] References = Basic.Reference.Assemblies.Net100.References.All.Cast<MetadataReference>()
        .Append(MetadataReference.CreateFromFile(typeof(GradGen.DifferentiableAttribute).Assembly.Location))
        .ToArray();

    /// <summary>The first <paramref name="fileCount"/> files: <c>Models{f}.cs</c> and its text.</summary>
    public static IEnumerable<(string Path, string Text)> Files(int fileCount = FileCount) =>
        Enumerable.Range(0, fileCount).Select(f => ($"Models{f}.cs", File(f, edit: false)));

    public static CSharpCompilation Create()
    {
        var references = References;
        var trees = Files().Select(file => CSharpSyntaxTree.ParseText(file.Text, ParseOptions, path: file.Path));
        return CSharpCompilation.Create("Synthetic", trees, references, new CSharpCompilationOptions(OutputKind.DynamicallyLinkedLibrary, nullableContextOptions: NullableContextOptions.Enable));
    }

    /// <summary>The same compilation with one method of file 0 changed.</summary>
    public static CSharpCompilation EditOneMethod(CSharpCompilation compilation)
    {
        var tree = compilation.SyntaxTrees.First(t => t.FilePath == "Models0.cs");
        return compilation.ReplaceSyntaxTree(tree, CSharpSyntaxTree.ParseText(File(0, edit: true), ParseOptions, path: tree.FilePath));
    }

    private static string File(int file, bool edit)
    {
        var text = new StringBuilder();
        text.AppendLine("using System;").AppendLine("using GradGen;").AppendLine();
        text.AppendLine("namespace Synthetic;").AppendLine();
        text.AppendLine($"public static partial class Models{file}").AppendLine("{");
        for (var m = 0; m < MethodsPerFile; m++)
        {
            var name = $"M{m}";
            var scale = edit && m == 0 ? "3.5" : "2.5";
            switch (m % 4)
            {
                case 0:
                    text.AppendLine($$"""
                        [Differentiable]
                        public static double {{name}}(double a, double b, [NoDerivative] double x)
                        {
                            var y = 1.0 / (1.0 + Math.Exp(-a * x));
                            var t = Math.Sin(b) * y + {{scale}};
                            t *= t;
                            return b * y + t;
                        }
                    """);
                    break;
                case 1:
                    text.AppendLine($$"""
                        [Differentiable]
                        public static double {{name}}(ReadOnlySpan<double> w, [NoDerivative] ReadOnlySpan<double> x)
                        {
                            var s = 0.0;
                            for (var i = 0; i < w.Length; i++)
                            {
                                s += w[i] * x[i] * {{scale}};
                            }

                            return Math.Log(1 + Math.Exp(-s));
                        }
                    """);
                    break;
                case 2:
                    text.AppendLine($$"""
                        [Differentiable]
                        public static double {{name}}(double x, double y)
                        {
                            double r;
                            if (x > y)
                            {
                                r = x * x - y;
                            }
                            else
                            {
                                r = Math.Tanh(x * y) * {{scale}};
                            }

                            return r + M0(x, y, 0.5);
                        }
                    """);
                    break;
                default:
                    text.AppendLine($$"""
                        [Differentiable]
                        public static double {{name}}(ReadOnlySpan<double> c, double x)
                        {
                            var p = 0.0;
                            foreach (var v in c)
                            {
                                p = p * x + v * {{scale}};
                            }

                            return p;
                        }
                    """);
                    break;
            }
        }

        return text.AppendLine("}").ToString();
    }
}
