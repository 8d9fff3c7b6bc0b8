using System;
using System.Runtime.ExceptionServices;
using System.Threading;

namespace GradGen.Generator.Tests.Robustness;

/// <summary>
/// Runs code on a thread with a 1 MB stack, the default of Windows threads, where IDEs and compiler servers run the
/// generator. A stack overflow cannot be caught in .NET: it ends the test process, which the test run reports as a
/// crash of the test that was running. So what runs here must not overflow, and a regression fails loudly.
/// </summary>
internal static class BoundedStack
{
    public const int Size = 1 << 20;

    public static T Run<T>(Func<T> action)
    {
        T result = default!;
        ExceptionDispatchInfo? failure = null;
        var thread = new Thread(
            () =>
            {
                try
                {
                    result = action();
                }
                catch (Exception e)
                {
                    failure = ExceptionDispatchInfo.Capture(e);
                }
            },
            Size);
        thread.Start();
        thread.Join();
        failure?.Throw();
        return result;
    }
}
