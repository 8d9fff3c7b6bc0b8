using System;
using System.Collections.Generic;
using System.IO;
using System.Runtime.CompilerServices;
using System.Text;
using DiffPlex.DiffBuilder;
using DiffPlex.DiffBuilder.Model;
using Xunit.Sdk;

namespace GradGen.Generator.Tests.Infrastructure;

/// <summary>
/// Golden-file snapshots, named as Verify names them: <c>Snapshots/{name}.verified.cs</c> beside the calling test
/// file is the accepted text; on a mismatch <c>Snapshots/{name}.received.cs</c> gets the actual text and the test
/// fails with a unified diff. Set <c>GRADGEN_ACCEPT_SNAPSHOTS=1</c> to write the actual text to the verified file
/// instead (then review the change with git diff).
/// </summary>
internal static class Snapshot
{
    /// <summary>Environment variable that, when "1", makes mismatching snapshots overwrite the verified file.</summary>
    public const string AcceptVariable = "GRADGEN_ACCEPT_SNAPSHOTS";

    /// <summary>Lines of unchanged context shown around each change in the diff.</summary>
    internal const int ContextLines = 3;

    /// <summary>Maximum number of diff lines in a failure message.</summary>
    internal const int MaxDiffLines = 200;

    private static readonly UTF8Encoding Utf8NoBom = new(encoderShouldEmitUTF8Identifier: false);

    /// <summary>
    /// Compares <paramref name="actual"/> with <c>Snapshots/{name}.verified.cs</c> in the directory of the calling
    /// source file. Line endings are normalized to \n and a missing final newline is added (on both sides).
    /// </summary>
    public static void Match(string actual, string name, [CallerFilePath] string callerFile = "") =>
        MatchInDirectory(actual, name, SnapshotDirectoryOf(callerFile));

    /// <summary>
    /// Snapshots every generated source of <paramref name="run"/>, in hint-name order, each preceded by a line
    /// <c>//--- {hintName}</c>.
    /// </summary>
    public static void MatchGenerated(GeneratorRun run, string name, [CallerFilePath] string callerFile = "") =>
        MatchInDirectory(FormatGenerated(run), name, SnapshotDirectoryOf(callerFile));

    /// <summary>The text <see cref="MatchGenerated"/> compares: all generated sources with "//--- hint" headers.</summary>
    internal static string FormatGenerated(GeneratorRun run)
    {
        var sb = new StringBuilder();
        foreach (var source in run.GeneratedSources)
        {
            sb.Append("//--- ").Append(source.Key).Append('\n').Append(Normalize(source.Value));
        }

        return sb.ToString();
    }

    /// <summary>
    /// <see cref="Match"/> with an explicit snapshot directory (files are <c>{snapshotDirectory}/{name}.verified.cs</c>
    /// and <c>.received.cs</c>). <paramref name="accept"/> overrides the environment variable when not null.
    /// </summary>
    internal static void MatchInDirectory(string actual, string name, string snapshotDirectory, bool? accept = null)
    {
        if (string.IsNullOrWhiteSpace(name) || Path.IsPathRooted(name) || name.Contains("..", StringComparison.Ordinal))
        {
            throw new ArgumentException($"Invalid snapshot name '{name}'.", nameof(name));
        }

        var verifiedPath = Path.Combine(snapshotDirectory, name + ".verified.cs");
        var receivedPath = Path.Combine(snapshotDirectory, name + ".received.cs");

        actual = Normalize(actual);
        var expected = File.Exists(verifiedPath) ? Normalize(File.ReadAllText(verifiedPath)) : null;

        if (string.Equals(expected, actual, StringComparison.Ordinal))
        {
            File.Delete(receivedPath);
            return;
        }

        if (accept ?? AcceptRequested())
        {
            Write(verifiedPath, actual);
            File.Delete(receivedPath);
            return;
        }

        Write(receivedPath, actual);

        var message = new StringBuilder();
        message.Append(expected is null
                ? $"Snapshot '{name}' has no verified file: {verifiedPath}\n"
                : $"Snapshot '{name}' does not match {verifiedPath}\n")
            .Append($"Received text written to {receivedPath}\n")
            .Append($"To accept it: rerun with {AcceptVariable}=1 (or move the .received.cs file over the .verified.cs file), then review with git diff.\n")
            .Append("--- verified\n")
            .Append("+++ received\n")
            .Append(UnifiedDiff(expected ?? string.Empty, actual));
        throw new XunitException(message.ToString());
    }

    /// <summary>
    /// A unified line diff of <paramref name="expected"/> to <paramref name="actual"/>: "- " removed, "+ " added,
    /// "  " context lines, hunks headed by "@@ -l,n +l,n @@", at most <see cref="MaxDiffLines"/> lines.
    /// </summary>
    internal static string UnifiedDiff(string expected, string actual)
    {
        // Both texts end in \n (see Normalize); without dropping it the line chunker would add an empty last line.
        var model = InlineDiffBuilder.Diff(
            WithoutFinalNewline(expected), WithoutFinalNewline(actual), ignoreWhiteSpace: false, ignoreCase: false);

        // Old and new 1-based line numbers of each line, for the hunk headers.
        var lines = new List<(ChangeType Type, string Text, int Old, int New)>();
        int oldLine = 1, newLine = 1;
        foreach (var piece in model.Lines)
        {
            var type = piece.Type;
            lines.Add((type, piece.Text ?? string.Empty, oldLine, newLine));
            if (type != ChangeType.Inserted)
            {
                oldLine++;
            }

            if (type != ChangeType.Deleted)
            {
                newLine++;
            }
        }

        var output = new List<string>();
        var i = 0;
        while (i < lines.Count)
        {
            if (lines[i].Type == ChangeType.Unchanged)
            {
                i++;
                continue;
            }

            // A hunk: from ContextLines before this change to ContextLines after the last change that is at most
            // 2 * ContextLines unchanged lines away from the previous one.
            var start = Math.Max(0, i - ContextLines);
            var end = i;
            for (var j = i; j < lines.Count && j <= end + 2 * ContextLines; j++)
            {
                if (lines[j].Type != ChangeType.Unchanged)
                {
                    end = j;
                }
            }

            var stop = Math.Min(lines.Count, end + ContextLines + 1);
            int oldCount = 0, newCount = 0;
            for (var j = start; j < stop; j++)
            {
                oldCount += lines[j].Type == ChangeType.Inserted ? 0 : 1;
                newCount += lines[j].Type == ChangeType.Deleted ? 0 : 1;
            }

            // As in GNU diff, an empty range is numbered by the line before it.
            var oldStart = oldCount == 0 ? lines[start].Old - 1 : lines[start].Old;
            var newStart = newCount == 0 ? lines[start].New - 1 : lines[start].New;
            output.Add($"@@ -{oldStart},{oldCount} +{newStart},{newCount} @@");
            for (var j = start; j < stop; j++)
            {
                var prefix = lines[j].Type switch
                {
                    ChangeType.Inserted => "+ ",
                    ChangeType.Deleted => "- ",
                    _ => "  ",
                };
                output.Add(prefix + lines[j].Text);
            }

            i = stop;
        }

        if (output.Count == 0)
        {
            return "(no line differences found; the texts differ in a way a line diff does not show)\n";
        }

        var sb = new StringBuilder();
        for (var k = 0; k < output.Count && k < MaxDiffLines; k++)
        {
            sb.Append(output[k]).Append('\n');
        }

        if (output.Count > MaxDiffLines)
        {
            sb.Append($"... {output.Count - MaxDiffLines} more diff lines not shown; see the received file.\n");
        }

        return sb.ToString();
    }

    /// <summary>\r\n and \r become \n; non-empty text gets a final \n if it lacks one.</summary>
    internal static string Normalize(string text)
    {
        text = text.Replace("\r\n", "\n", StringComparison.Ordinal).Replace('\r', '\n');
        return text.Length == 0 || text.EndsWith('\n') ? text : text + "\n";
    }

    private static string WithoutFinalNewline(string text) =>
        text.EndsWith('\n') ? text.Substring(0, text.Length - 1) : text;

    private static bool AcceptRequested() =>
        Environment.GetEnvironmentVariable(AcceptVariable) == "1";

    /// <summary>The <c>Snapshots</c> directory beside <paramref name="callerFile"/>, which must exist.</summary>
    internal static string SnapshotDirectoryOf(string callerFile)
    {
        var directory = Path.GetDirectoryName(callerFile);
        if (string.IsNullOrEmpty(directory) || !Directory.Exists(directory))
        {
            throw new XunitException(
                $"Snapshot: the calling test file's directory '{directory}' (from [CallerFilePath] '{callerFile}') "
                + "does not exist here; snapshot tests must run from the source tree they were built from.");
        }

        return Path.Combine(directory, "Snapshots");
    }

    private static void Write(string path, string text)
    {
        Directory.CreateDirectory(Path.GetDirectoryName(path)!);
        File.WriteAllText(path, text, Utf8NoBom);
    }
}
