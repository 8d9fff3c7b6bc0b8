using System;
using System.Collections.Generic;
using GradGen.Fuzz.Tests.Programs;

namespace GradGen.Fuzz.Tests.Generation;

/// <summary>What the program generator may produce.</summary>
internal sealed record FuzzOptions
{
    /// <summary>
    /// Whether an int array may be written after an active element was read through it (bug 3 of issue 15:
    /// <c>s = w[k[0]] * w[k[0]]; k[0] = 1; s += w[k[0]];</c>, finding F1 in docs/testing.md, fixed). Off, int arrays are
    /// filled before the first statement that reads them.
    /// </summary>
    public bool IntArrayRewrites { get; init; }

    /// <summary>Whether known finding F4 (a NaN gradient from 0·∞, recognised by its symptom) fails the run (GRADGEN_FUZZ_KNOWN=1).</summary>
    public bool ReportKnown { get; init; }

    /// <summary>Whether a loop body may write nothing declared outside it (finding F2, fixed).</summary>
    public bool LoopsWithoutWork { get; init; }

    /// <summary>Whether conditions may be C# constants (finding F3: CS0162 in the generated code, fixed).</summary>
    public bool ConstantConditions { get; init; }

    /// <summary>
    /// Must-refuse-or-exact mode: programs also pass active arrays to LINQ (<c>w.Sum()</c>), span views to
    /// <c>[Differentiable]</c> callees (<c>H(w.Slice(1, 2))</c>) and similar; each must get a GG error or an exact gradient.
    /// </summary>
    public bool MustRefuse { get; init; }

    /// <summary>Constructs of must-refuse mode left out because they are known findings (see docs/testing.md).</summary>
    public IReadOnlySet<string> ExcludedRefusalShapes { get; init; } = new HashSet<string>();

    /// <summary>Probability that a program is "long": arrays of 20-60 elements, checked with the dot-product test too.</summary>
    public double LongProbability { get; init; } = 0.1;

    /// <summary>Probability that a program is in single precision.</summary>
    public double FloatProbability { get; init; } = 0.25;

    /// <summary>Probability that <c>Main</c> declares a local function (static or capturing) that its expressions may call.</summary>
    public double LocalFunctionProbability { get; init; } = 0.3;

    /// <summary>
    /// Probability per statement of the "everyday" constructs of issues 18 and 19 (<see cref="Everyday"/>): tuples, logging,
    /// guards and throws, lambdas in locals; expressions get switch expressions, patterns, LINQ and throw expressions.
    /// </summary>
    public double EverydayProbability { get; init; } = 0.1;

    /// <summary>
    /// Whether programs may throw at some test points (<c>if (x0 &gt; 1.1) throw new ArgumentOutOfRangeException(…)</c>):
    /// the oracle then requires Gradient, Pullback, Pushforward and HessianVectorProduct to throw the same exception type there.
    /// </summary>
    public bool TakenThrows { get; init; } = true;

    /// <summary>Whether the branches of <c>?:</c> and the right of <c>&amp;&amp;</c>/<c>||</c> in an <c>if</c> may call methods of the program.</summary>
    public bool CallsInBranches { get; init; } = true;
}

/// <summary>The state of generating one method.</summary>
internal sealed class GenContext
{
    public GenContext(Random random, FuzzOptions options, Ty precision, IReadOnlyList<Method> callable, List<string> features)
    {
        Random = random;
        Options = options;
        T = precision;
        Callable = callable;
        Features = features;
    }

    public Random Random { get; }

    public FuzzOptions Options { get; }

    /// <summary>The method's precision: its locals, return type and most arithmetic.</summary>
    public Ty T { get; }

    /// <summary>Methods of the program this method may call.</summary>
    public IReadOnlyList<Method> Callable { get; }

    /// <summary>The recursive method whose body this is (it calls itself with depth − 1), if any.</summary>
    public string? SelfRecursive { get; init; }

    public List<string> Features { get; }

    public Scope Scope { get; init; } = new();

    /// <summary>Local functions of the method being generated, callable like <see cref="Callable"/>.</summary>
    public List<Method> LocalFunctions { get; } = new();

    public int LoopDepth { get; set; }

    public int BlockDepth { get; set; }

    public bool InSwitch { get; set; }

    /// <summary>Whether a block may declare a local array or span (refused in a local function GradGen inlines: GG0004).</summary>
    public bool NestedArrays { get; init; } = true;

    /// <summary>
    /// Whether a loop's condition is being generated: no LINQ or lambda calls there (each becomes a loop before its
    /// statement, which a loop condition has not: GG0004) and no patterns ("tested by several patterns in a loop
    /// condition": GG0004, compute the value into a local first).
    /// </summary>
    public bool InLoopCondition { get; set; }

    /// <summary>Whether this is a lambda's body (no LINQ, lambdas or calls inside).</summary>
    public bool InLambda { get; init; }

    /// <summary>Tuple-returning local functions of the method being generated (called only as <c>var (a, b) = T(…);</c>).</summary>
    public List<(string Name, int Arity)> TupleFunctions { get; } = new();

    /// <summary>Statements left to generate in this method.</summary>
    public int Budget { get; set; }

    /// <summary>Whether some statement has read an active element through an int array (bug 3's shape follows).</summary>
    public bool ReadThroughIntArray { get; set; }

    /// <summary>The index of the last element read of each array (read again at times).</summary>
    public Dictionary<string, Expr> LastIndex { get; } = new();

    public bool Chance(double p) => Random.NextDouble() < p;

    public T Pick<T>(IReadOnlyList<T> items) => items[Random.Next(items.Count)];

    public void Feature(string name)
    {
        if (!Features.Contains(name))
        {
            Features.Add(name);
        }
    }
}
