using GradGen.Generator.Differentiation.Adjoint;
using GradGen.Generator.Helpers;
using GradGen.Generator.Tests.Infrastructure;

namespace GradGen.Generator.Tests;

/// <summary>The audit of printed adjoint lines (<see cref="LineAudit"/>) is installed, runs, and catches a missing name.</summary>
public sealed class LineAuditTests
{
    [Fact]
    public void The_audit_checks_the_lines_of_a_generated_gradient()
    {
        var before = LineAudit.Checked;
        var result = GeneratorHarness.Run("""
            using GradGen;
            public static partial class M
            {
                [Differentiable]
                public static double F(double[] x)
                {
                    double s = 0;
                    for (int i = 1; i < x.Length; i++)
                    {
                        double d = x[i] - x[i - 1] * x[i - 1];
                        s += 100 * d * d + (1 - x[i - 1]) * (1 - x[i - 1]);
                    }

                    return s;
                }
            }
            """);
        Assert.Empty(result.GeneratorDiagnostics);
        Assert.Empty(result.CompilationDiagnostics);
        Assert.True(LineAudit.Checked > before);
    }

    [Fact]
    public void A_line_whose_code_does_not_list_a_name_it_mentions_fails()
    {
        // 'i' printed as an atom without its name: a pass would not see that the update reads i.
        var line = new Assign(Target.Element(Code.Atom("dx[i]", NameSet.Of("dx")), "dx", plainIndex: true), "+=", Code.Name("a"));
        var failure = Assert.Throws<System.InvalidOperationException>(() => LineAudit.Check(line, "dx[i] += a;"));
        Assert.Contains("does not list i", failure.Message);
        LineAudit.Check(line with { Target = Target.Element(Code.Atom("dx[i]", NameSet.Of("dx", "i")), "dx", plainIndex: true) }, "dx[i] += a;");
        var text = "_d_x[i] += (nint)global::System.Math.Exp(x[i]).CompareTo(_t0) + global::C<T>.Y;";
        Assert.Equal(new[] { "_d_x", "i", "x", "_t0" }, LineAudit.Mentioned(line, text));
    }
}
