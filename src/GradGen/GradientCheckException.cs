using System;

namespace GradGen;

/// <summary>
/// Thrown by <see cref="GradientCheckReport.ThrowIfFailed"/> when an analytic gradient disagrees with its
/// finite-difference reference. The message is the report's table.
/// </summary>
public sealed class GradientCheckException : Exception
{
    /// <summary>Creates the exception for a failed report; the message is <c>report.ToString()</c>.</summary>
    /// <param name="report">The failed check.</param>
    /// <exception cref="ArgumentNullException"><paramref name="report"/> is null.</exception>
    public GradientCheckException(GradientCheckReport report)
        : base((report ?? throw new ArgumentNullException(nameof(report))).ToString())
    {
        Report = report;
    }

    /// <summary>The failed check, with every row.</summary>
    public GradientCheckReport Report { get; }
}
