using System;
using System.Globalization;
using System.Linq;
using System.Threading;

namespace GradGen.Runtime.Tests;

public class GradientCheckTests
{
    private static readonly double[] Start = { -1.2, 1.0 };

    /// <summary>The Rosenbrock gradient with component <paramref name="index"/> scaled by <paramref name="factor"/>.</summary>
    private static GradientFunction Wrong(int index, double factor) => (x, g) =>
    {
        double value = TestFunctions.RosenbrockGradient(x, g);
        g[index] *= factor;
        return value;
    };

    [Fact]
    public void Compare_PassesOnACorrectGradient()
    {
        foreach (double[] x in new[] { Start, TestFunctions.Point(64, 21), TestFunctions.Point(64, 22) })
        {
            GradientCheckReport report = GradientCheck.Compare(TestFunctions.Rosenbrock, TestFunctions.RosenbrockGradient, x);
            Assert.True(report.Passed, report.ToString());
            Assert.Equal(x.Length, report.Entries.Count);
            Assert.Equal(0, report.FailedCount);
            Assert.True(report.ValuePassed);
            Assert.Same(report, report.ThrowIfFailed());
        }

        GradientCheck.Compare(TestFunctions.Mixed, TestFunctions.MixedGradient, new[] { 0.3, -0.8, 1.7 }).ThrowIfFailed();
    }

    [Theory]
    [InlineData(FiniteDifferenceScheme.Central)]
    [InlineData(FiniteDifferenceScheme.FivePoint)]
    [InlineData(FiniteDifferenceScheme.Richardson)]
    public void Compare_FailsOnAComponentOffByOnePercent_AndNamesIt(FiniteDifferenceScheme scheme)
    {
        double[] x = TestFunctions.Point(6, 23);
        GradientCheckReport report = GradientCheck.Compare(TestFunctions.Rosenbrock, Wrong(3, 1.01), x, new GradientCheckOptions { Scheme = scheme });
        Assert.False(report.Passed);
        Assert.Equal(1, report.FailedCount);
        Assert.Equal(3, report.WorstIndex);
        GradientCheckEntry worst = Assert.IsType<GradientCheckEntry>(report.Worst);
        Assert.Equal("x[3]", worst.Label);
        Assert.False(worst.Passed);
        Assert.True(worst.ToleranceRatio > 1.0);
        Assert.Equal(0.01 / 1.01, worst.RelativeError, 1e-6);
        Assert.Equal(Math.Abs(worst.Analytic - worst.Numeric), worst.AbsoluteError);
        Assert.All(report.Entries.Where(e => e.Index != 3), e => Assert.True(e.Passed));
        Assert.Equal(scheme, report.Scheme);
    }

    [Fact]
    public void Report_ToString_ShowsFailedTolerancesSchemeAndMarksTheWrongRow()
    {
        GradientCheckReport report = GradientCheck.Compare(TestFunctions.Rosenbrock, Wrong(1, 1.01), Start);
        string text = report.ToString();
        string[] lines = text.Split('\n', StringSplitOptions.RemoveEmptyEntries);
        Assert.StartsWith("Gradient check FAILED", lines[0]);
        Assert.Contains("central differences", lines[0]);
        Assert.Contains("atol = 1E-06", lines[0]);
        Assert.Contains("rtol = 1E-05", lines[0]);

        string row = Assert.Single(lines, l => l.Contains("x[1]", StringComparison.Ordinal) && !l.StartsWith("Gradient", StringComparison.Ordinal));
        Assert.StartsWith("!", row);
        Assert.Contains("<-- worst", row);
        Assert.Contains("-88.88", row); // analytic: 200·(1 − 1.44)·1.01
        Assert.Contains("-88 ", row); // numeric: 200·(1 − 1.44)

        string good = Assert.Single(lines, l => l.Contains("x[0]", StringComparison.Ordinal));
        Assert.DoesNotContain("worst", good);
        Assert.StartsWith(" ", good);
        Assert.Contains("-215.6", good);
    }

    [Fact]
    public void Report_ToString_UsesTheInvariantCulture()
    {
        CultureInfo saved = Thread.CurrentThread.CurrentCulture;
        try
        {
            Thread.CurrentThread.CurrentCulture = CultureInfo.GetCultureInfo("de-DE");
            string text = GradientCheck.Compare(TestFunctions.Rosenbrock, TestFunctions.RosenbrockGradient, Start).ToString();
            Assert.StartsWith("Gradient check PASSED", text);
            Assert.Contains("-215.6", text);
            Assert.DoesNotContain("-215,6", text);
        }
        finally
        {
            Thread.CurrentThread.CurrentCulture = saved;
        }
    }

    [Fact]
    public void Report_ToStringWithMaxRows_KeepsTheWorstRow()
    {
        double[] x = TestFunctions.Point(30, 24);
        GradientCheckReport report = GradientCheck.Compare(TestFunctions.Rosenbrock, Wrong(17, 1.05), x);
        string text = report.ToString(4);
        Assert.Contains("x[17]", text);
        Assert.Contains("26 more components not shown", text);
        Assert.DoesNotContain("x[29]", text);
        Assert.Contains("x[29]", report.ToString());
    }

    [Fact]
    public void ThrowIfFailed_ThrowsWithTheReport()
    {
        GradientCheckReport report = GradientCheck.Compare(TestFunctions.Rosenbrock, Wrong(0, 0.99), Start);
        var e = Assert.Throws<GradientCheckException>(() => report.ThrowIfFailed());
        Assert.Same(report, e.Report);
        Assert.Equal(report.ToString(), e.Message);
        Assert.Contains("x[0]", e.Message);
    }

    [Fact]
    public void Compare_ChecksTheReturnedValue()
    {
        GradientFunction offValue = (x, g) => TestFunctions.RosenbrockGradient(x, g) + 1e-3;
        GradientCheckReport report = GradientCheck.Compare(TestFunctions.Rosenbrock, offValue, Start);
        Assert.False(report.Passed);
        Assert.False(report.ValuePassed);
        Assert.Equal(0, report.FailedCount);
        Assert.Equal(TestFunctions.Rosenbrock(Start), report.NumericValue);
        Assert.Equal(report.NumericValue + 1e-3, report.Value);
        Assert.Contains("MISMATCH", report.ToString());

        GradientCheckReport unchecked_ = GradientCheck.Compare(TestFunctions.Rosenbrock, offValue, Start, new GradientCheckOptions { CheckValue = false });
        Assert.True(unchecked_.Passed);
        Assert.False(unchecked_.ValuePassed);
    }

    [Fact]
    public void Compare_PassesAZeroedBufferToAnAccumulatingGradient()
    {
        GradientFunction accumulating = (x, g) =>
        {
            // Clad-style: adds into caller-zeroed storage instead of assigning.
            for (int i = 0; i < x.Length - 1; i++)
            {
                double a = 1.0 - x[i];
                double b = x[i + 1] - (x[i] * x[i]);
                g[i] += (-2.0 * a) - (400.0 * x[i] * b);
                g[i + 1] += 200.0 * b;
            }

            return TestFunctions.Rosenbrock(x);
        };
        GradientCheck.Compare(TestFunctions.Rosenbrock, accumulating, TestFunctions.Point(5, 25)).ThrowIfFailed();
    }

    [Fact]
    public void Compare_ReportsDefaultsAndEvaluations()
    {
        int calls = 0;
        ScalarFunction counted = x =>
        {
            calls++;
            return TestFunctions.Rosenbrock(x);
        };
        GradientCheckReport report = GradientCheck.Compare(counted, TestFunctions.RosenbrockGradient, TestFunctions.Point(7, 26));
        Assert.Equal(1 + 14, report.Evaluations);
        Assert.Equal(calls, report.Evaluations);
        Assert.Equal(GradientCheckOptions.DefaultAbsoluteTolerance, report.AbsoluteTolerance);
        Assert.Equal(GradientCheckOptions.DefaultRelativeTolerance, report.RelativeTolerance);
        Assert.Equal(1e-6, report.Options.AbsoluteTolerance);
        Assert.Equal(FiniteDifferenceScheme.Central, report.Options.Scheme);
        Assert.Equal(GradientCheckMethod.Components, report.Method);
        Assert.False(report.IsSinglePrecision);
    }

    [Fact]
    public void Compare_HonoursExplicitTolerances()
    {
        // 1 % off passes when rtol is 2 % and fails when it is 0.5 %.
        var loose = new GradientCheckOptions { AbsoluteTolerance = 0.0, RelativeTolerance = 0.02 };
        var tight = loose with { RelativeTolerance = 0.005 };
        Assert.True(GradientCheck.Compare(TestFunctions.Rosenbrock, Wrong(1, 1.01), Start, loose).Passed);
        Assert.False(GradientCheck.Compare(TestFunctions.Rosenbrock, Wrong(1, 1.01), Start, tight).Passed);
        Assert.Throws<ArgumentOutOfRangeException>(() => GradientCheck.Compare(TestFunctions.Rosenbrock, TestFunctions.RosenbrockGradient, Start, new GradientCheckOptions { AbsoluteTolerance = -1 }));
    }

    [Fact]
    public void Compare_FailsOnNaN()
    {
        GradientFunction nan = (x, g) =>
        {
            double value = TestFunctions.RosenbrockGradient(x, g);
            g[0] = double.NaN;
            return value;
        };
        GradientCheckReport report = GradientCheck.Compare(TestFunctions.Rosenbrock, nan, Start);
        Assert.False(report.Passed);
        Assert.Equal(0, report.WorstIndex);
    }
}
