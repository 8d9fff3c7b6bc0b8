using System;
using System.Globalization;
using System.Text;

namespace GradGen;

/// <summary>The report's table: what each check compared, in its own words, and one line per row.</summary>
public sealed partial class GradientCheckReport
{
    private const int NumberWidth = 18;

    /// <summary>The report as a fixed-width table with every row.</summary>
    /// <returns>A header saying PASSED or FAILED with what was compared, the scheme and the tolerances, the value
    /// check, and one row per derivative with the checked and reference values, absolute and relative error;
    /// failing rows are marked <c>!</c> and the worst row <c>&lt;-- worst</c>. Numbers use the invariant culture.</returns>
    public override string ToString() => ToString(int.MaxValue);

    /// <summary>The report as a fixed-width table with at most <paramref name="maxRows"/> rows.</summary>
    /// <param name="maxRows">
    /// The most rows to show. When there are more, the worst row and failing rows are shown first in priority,
    /// then the first passing rows, in index order, followed by a count of the rows left out.
    /// </param>
    /// <returns>The table.</returns>
    public string ToString(int maxRows)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(maxRows);
        CultureInfo inv = CultureInfo.InvariantCulture;
        var text = new StringBuilder();
        (string analyticName, string referenceName) = ColumnNames();
        string reference = Method == GradientCheckMethod.Pushforward ? "against the gradient" : SchemeName(Scheme);
        text.Append(inv, $"{Title()} {(Passed ? "PASSED" : "FAILED")}: {reference}, ");
        text.Append(inv, $"atol = {Format(AbsoluteTolerance)}, rtol = {Format(RelativeTolerance)}, ");
        text.Append(IsSinglePrecision ? "float" : "double");
        text.Append(inv, $"; {FailedCount} of {Entries.Count} {RowsName()} outside |{analyticName} - {referenceName}| <= atol + rtol*|{referenceName}|");
        if (Worst is GradientCheckEntry worst)
        {
            text.Append(inv, $"; worst {worst.Label} at {Format(worst.ToleranceRatio)} x allowed");
        }

        text.AppendLine();
        text.Append("  method: ").Append(MethodDescription()).AppendLine();
        string valueStatus = ValuePassed ? "ok" : Options.CheckValue ? "MISMATCH" : "mismatch (not checked)";
        text.Append(inv, $"  value: {ValueDescription()}, abs err {Format(ValueAbsoluteError)} ({valueStatus})").AppendLine();

        int labelWidth = 10;
        foreach (GradientCheckEntry entry in Entries)
        {
            labelWidth = Math.Max(labelWidth, entry.Label.Length + 2);
        }

        text.Append("  ").Append(LabelHeader().PadRight(labelWidth));
        text.Append(analyticName.PadLeft(NumberWidth)).Append(referenceName.PadLeft(NumberWidth));
        text.Append("abs err".PadLeft(NumberWidth)).Append("rel err".PadLeft(NumberWidth)).AppendLine();
        AppendRows(text, maxRows, labelWidth);
        return text.ToString();
    }

    private void AppendRows(StringBuilder text, int maxRows, int labelWidth)
    {
        bool[] shown = SelectRows(maxRows);
        int omitted = 0;
        for (int i = 0; i < Entries.Count; i++)
        {
            if (!shown[i])
            {
                omitted++;
                continue;
            }

            GradientCheckEntry entry = Entries[i];
            text.Append(entry.Passed ? "  " : "! ").Append(entry.Label.PadRight(labelWidth));
            text.Append(Format(entry.Analytic).PadLeft(NumberWidth)).Append(Format(entry.Numeric).PadLeft(NumberWidth));
            text.Append(Format(entry.AbsoluteError).PadLeft(NumberWidth)).Append(Format(entry.RelativeError).PadLeft(NumberWidth));
            if (i == WorstIndex)
            {
                text.Append("  <-- worst");
            }

            text.AppendLine();
        }

        if (omitted > 0)
        {
            text.Append(CultureInfo.InvariantCulture, $"  ... {omitted} more {RowsName()} not shown").AppendLine();
        }
    }

    private bool[] SelectRows(int maxRows)
    {
        var shown = new bool[Entries.Count];
        int budget = maxRows;
        if (WorstIndex >= 0 && budget > 0)
        {
            shown[WorstIndex] = true;
            budget--;
        }

        for (int pass = 0; pass < 2; pass++)
        {
            for (int i = 0; i < Entries.Count && budget > 0; i++)
            {
                if (!shown[i] && (pass == 1 || !Entries[i].Passed))
                {
                    shown[i] = true;
                    budget--;
                }
            }
        }

        return shown;
    }

    private string Title() => Method switch
    {
        GradientCheckMethod.Pushforward or GradientCheckMethod.PushforwardFiniteDifferences => "Pushforward check",
        GradientCheckMethod.Jacobian => "Jacobian check",
        GradientCheckMethod.HessianVectorProduct => "Hessian-vector product check",
        _ => "Gradient check",
    };

    private string RowsName() => Method switch
    {
        GradientCheckMethod.Components or GradientCheckMethod.HessianVectorProduct => "components",
        GradientCheckMethod.Jacobian => "entries",
        _ => "directions",
    };

    private string LabelHeader() => Method switch
    {
        GradientCheckMethod.Components or GradientCheckMethod.HessianVectorProduct => "component",
        GradientCheckMethod.Jacobian => "entry",
        _ => "direction",
    };

    private (string Analytic, string Reference) ColumnNames() => Method switch
    {
        GradientCheckMethod.Pushforward => ("pushforward", "gradient*v"),
        GradientCheckMethod.HessianVectorProduct => ("analytic", "reference"),
        _ => ("analytic", "numeric"),
    };

    private string MethodDescription()
    {
        CultureInfo inv = CultureInfo.InvariantCulture;
        string step = Options.Step is double h
            ? "step " + Format(h)
            : "default step " + Format(IsSinglePrecision ? FiniteDifferences.DefaultRelativeStepF(Scheme) : FiniteDifferences.DefaultRelativeStep(Scheme))
              + (Method switch
              {
                  GradientCheckMethod.Components => "*max(1,|x[i]|)",
                  GradientCheckMethod.Jacobian => "*max(1,|x[j]|)",
                  _ => "*max(1,|x|inf)/|v|inf",
              });
        return Method switch
        {
            GradientCheckMethod.Components => string.Create(inv, $"every component, {step}, {Evaluations} evaluations of f"),
            GradientCheckMethod.DotProduct => string.Create(inv, $"dot product along random unit directions v, {step}, {Evaluations} evaluations of f"),
            GradientCheckMethod.Pushforward => string.Create(inv, $"the pushforward's derivative along random unit directions v against gradient*v, {Evaluations} evaluation of the gradient"),
            GradientCheckMethod.PushforwardFiniteDifferences => string.Create(inv, $"the pushforward's derivative along random unit directions v against the directional difference of f, {step}, {Evaluations} evaluations of f"),
            GradientCheckMethod.Jacobian => string.Create(inv, $"every entry J[i,j] = dr[i]/dx[j] against differences of r in x[j], {step}, {Evaluations} evaluations of r"),
            _ => string.Create(inv, $"Hv<k>[i] = (H*v_k)[i] against differences of the gradient g along random unit directions v_k, g<k>[i] = gradient written with v_k against g(x), {step}, {Evaluations} evaluations of g"),
        };
    }

    private string ValueDescription()
    {
        string value = Format(Value);
        string reference = Format(NumericValue);
        string worst = ValueCount > 1
            ? string.Create(CultureInfo.InvariantCulture, $" (worst of {ValueCount} {(Method == GradientCheckMethod.Jacobian ? "outputs" : "calls")})")
            : string.Empty;
        return Method switch
        {
            GradientCheckMethod.Pushforward => $"pushforward returned {value}{worst}, gradient returned {reference}",
            GradientCheckMethod.PushforwardFiniteDifferences => $"pushforward returned {value}{worst}, f(x) = {reference}",
            GradientCheckMethod.Jacobian => $"jacobian wrote {ValueLabel} = {value}, r(x) has {ValueLabel} = {reference}{worst}",
            GradientCheckMethod.HessianVectorProduct => $"hessian-vector product returned {value}{worst}, gradient returned {reference}",
            _ => $"gradient returned {value}, f(x) = {reference}",
        };
    }

    private static string Format(double value) => value.ToString("G10", CultureInfo.InvariantCulture);

    private static string SchemeName(FiniteDifferenceScheme scheme) => scheme switch
    {
        FiniteDifferenceScheme.Forward => "forward differences",
        FiniteDifferenceScheme.Backward => "backward differences",
        FiniteDifferenceScheme.Central => "central differences",
        FiniteDifferenceScheme.FivePoint => "five-point stencil",
        _ => "Richardson (Ridders) extrapolation",
    };
}
