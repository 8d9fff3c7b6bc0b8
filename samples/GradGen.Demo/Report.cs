using System;
using System.Collections.Generic;
using System.Globalization;
using System.Linq;
using System.Text;
using Spectre.Console;

namespace GradGen.Demo;

/// <summary>A table shown in the console (Spectre.Console) and written into summary.md, from the same cells.</summary>
internal sealed class ReportTable
{
    private readonly List<string[]> _rows = [];

    public ReportTable(string title, params string[] headers)
    {
        Title = title;
        Headers = headers;
    }

    public string Title { get; }

    public string[] Headers { get; }

    public void Add(params string[] cells)
    {
        if (cells.Length != Headers.Length)
        {
            throw new ArgumentException($"A row of '{Title}' has {cells.Length} cells for {Headers.Length} columns.", nameof(cells));
        }

        _rows.Add(cells);
    }

    /// <summary>The first column is left-aligned, the rest (numbers) right-aligned.</summary>
    public Table ToSpectre()
    {
        var table = new Table { Border = TableBorder.Rounded, Title = new TableTitle(Markup.Escape(Title)) };
        for (int c = 0; c < Headers.Length; c++)
        {
            var column = new TableColumn(Markup.Escape(Headers[c]));
            table.AddColumn(c == 0 ? column.LeftAligned() : column.RightAligned());
        }

        foreach (string[] row in _rows)
        {
            table.AddRow(row.Select(Markup.Escape).ToArray());
        }

        return table;
    }

    public string ToMarkdown()
    {
        var text = new StringBuilder();
        text.Append("| ").AppendJoin(" | ", Headers.Select(EscapeMarkdown)).AppendLine(" |");
        text.Append("| ").AppendJoin(" | ", Headers.Select((_, c) => c == 0 ? "---" : "---:")).AppendLine(" |");
        foreach (string[] row in _rows)
        {
            text.Append("| ").AppendJoin(" | ", row.Select(EscapeMarkdown)).AppendLine(" |");
        }

        return text.ToString();
    }

    private static string EscapeMarkdown(string cell) => cell.Replace("|", "\\|", StringComparison.Ordinal);
}

/// <summary>Number formats shared by the console and the summary.</summary>
internal static class Format
{
    private static readonly CultureInfo Invariant = CultureInfo.InvariantCulture;

    /// <summary>A duration with a unit that keeps three significant digits: 812 ns, 4.31 µs, 12.0 ms, 1.52 s.</summary>
    public static string Time(double seconds)
    {
        if (double.IsNaN(seconds))
        {
            return "–";
        }

        return seconds switch
        {
            < 1e-6 => Significant(seconds * 1e9) + " ns",
            < 1e-3 => Significant(seconds * 1e6) + " µs",
            < 1 => Significant(seconds * 1e3) + " ms",
            _ => Significant(seconds) + " s",
        };
    }

    /// <summary>Three significant digits, no exponent: 812, 43.1, 4.31, 0.431.</summary>
    public static string Significant(double value)
    {
        double magnitude = Math.Abs(value);
        string format = magnitude >= 100 ? "0" : magnitude >= 10 ? "0.0" : magnitude >= 1 ? "0.00" : "0.000";
        return value.ToString(format, Invariant);
    }

    /// <summary>Scientific notation with two significant digits: 1.5e-08.</summary>
    public static string Scientific(double value) => value == 0 ? "0" : value.ToString("0.0e+00", Invariant);

    public static string Ratio(double value) => value >= 100 ? value.ToString("0", Invariant) + "×" : Significant(value) + "×";

    public static string Integer(long value) => value.ToString("N0", Invariant);

    public static string Loss(double value) => value.ToString("0.000000", Invariant);
}
