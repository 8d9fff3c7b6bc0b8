using System.Collections.Generic;
using GradGen.Generator.Model;
using GradGen.Generator.Tests.Infrastructure;

namespace GradGen.Generator.Tests;

/// <summary>
/// The audit of what each statement's derivatives read (<see cref="ReadsAudit"/>) is installed, runs, and catches a read
/// the record analysis did not assume.
/// </summary>
public sealed class ReadsAuditTests
{
    [Fact]
    public void The_audit_checks_the_statements_of_a_generated_gradient()
    {
        var before = ReadsAudit.Checked;
        var result = GeneratorHarness.Run("""
            using GradGen;
            public static partial class M
            {
                [Differentiable]
                public static double F(double[] x, double a)
                {
                    double s = 0;
                    for (int i = 0; i < x.Length; i++)
                    {
                        double t = a * x[i];
                        s += t > 0 ? System.Math.Sin(t) * x[i] : t / a;
                        a = a * 0.5;
                    }

                    return s;
                }
            }
            """);
        Assert.Empty(result.GeneratorDiagnostics);
        Assert.Empty(result.CompilationDiagnostics);
        Assert.True(ReadsAudit.Checked > before);
    }

    [Fact]
    public void A_read_the_analysis_did_not_assume_fails()
    {
        var statement = new AssignStmt(2, new VariableExpr(1, TypeRef.Double), IsDeclaration: false, "y = x * z;");
        var failure = Assert.Throws<System.InvalidOperationException>(() => ReadsAudit.Check(statement, new HashSet<int> { 0, 1 }, new HashSet<int> { 0 }));
        Assert.Contains("y = x * z;", failure.Message);
        Assert.Contains("variables 1 ", failure.Message);
        ReadsAudit.Check(statement, new HashSet<int> { 0 }, new HashSet<int> { 0, 1 });
    }
}
