using System;
using System.Collections.Concurrent;
using System.Collections.Generic;
using System.Linq;
using System.Runtime.CompilerServices;
using GradGen.Generator.Differentiation;
using GradGen.Generator.Model;

namespace GradGen.Generator.Tests.Infrastructure;

/// <summary>
/// Checks every statement's reverse the generator builds in this test run: the variables whose values its derivatives
/// read must be among those <see cref="RecordAnalysis"/> assumed it reads. The analysis decides from those alone which
/// overwritten values the forward sweep records, so a read it missed is a value the reverse sweep may find overwritten by a
/// later statement: a wrong gradient. A statement that fails throws inside the generator, so the test that ran it fails,
/// and is kept in <see cref="Failures"/>.
/// </summary>
internal static class ReadsAudit
{
    public static readonly ConcurrentQueue<string> Failures = new();

    private static long _checked;

    public static long Checked => System.Threading.Interlocked.Read(ref _checked);

    [ModuleInitializer]
    internal static void Install() => AdjointWriter.ReadsAudit = Check;

    public static void Check(Stmt statement, ISet<int> reads, ISet<int> assumed)
    {
        System.Threading.Interlocked.Increment(ref _checked);
        var missing = reads.Where(id => !assumed.Contains(id)).OrderBy(id => id).ToList();
        if (missing.Count > 0)
        {
            var failure = "The reverse of '" + statement.Source + "' reads variables " + string.Join(", ", missing) + " that RecordAnalysis does not list";
            Failures.Enqueue(failure);
            throw new InvalidOperationException(failure);
        }
    }
}
