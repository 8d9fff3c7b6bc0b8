namespace GradGen.Generator.Emission;

/// <summary>
/// The statement that sets a span of gradients, adjoints or tangents to zero: <c>Fill(0.0)</c>, never <c>Clear()</c>.
/// On an x64 Linux machine with AVX-512, <c>Span.Clear()</c> of 80 to 800 bytes leaves the CPU's upper vector state
/// dirty, and every <c>Math.Exp</c>, <c>Log</c>, … after it (the C library's wrappers are legacy-SSE code) stalls:
/// 1,000 <c>Math.Exp</c> calls took 130 µs after clearing 10 to 100 doubles, 4 µs without, and the softmax-regression
/// gradient ran 5× slower than with <c>Fill</c> (docs/benchmarks.md). <c>Fill</c> is managed vector code, as fast as
/// <c>Clear</c> at these sizes, and leaves the state clean. (A rectangular gradient, which has no span, is zeroed
/// element by element for the same reason.)
/// </summary>
internal static class ZeroFill
{
    /// <param name="span">A span expression (or an array, which converts).</param>
    /// <param name="element">The element type as printed: <c>double</c> or <c>float</c> give a literal zero.</param>
    public static string Statement(string span, string element) => span + ".Fill(" + Zero(element) + ");";

    /// <summary>'<paramref name="span"/>.Fill(0.0)' as code.</summary>
    public static Helpers.Code Call(Helpers.Code span, string element) => Helpers.Code.Call(span, "Fill", Helpers.Code.Literal(Zero(element), isNegative: false));

    /// <summary>The literal zero of an element type as printed (<c>0.0</c>, <c>0f</c>).</summary>
    public static string Zero(string element) => element switch
    {
        "double" => "0.0",
        "float" => "0f",
        _ => "default",
    };
}
