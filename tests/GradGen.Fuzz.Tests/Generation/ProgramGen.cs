using System;
using System.Collections.Generic;
using System.Collections.Immutable;
using System.Linq;
using GradGen.Fuzz.Tests.Programs;
using static GradGen.Fuzz.Tests.Generation.ExprGen;

namespace GradGen.Fuzz.Tests.Generation;

/// <summary>
/// Random programs: up to two helpers, sometimes a recursive method with a depth parameter, and <c>Main</c>, all
/// in one precision. Deterministic in the seed.
/// </summary>
internal static class ProgramGen
{
    public static FuzzProgram Generate(int seed, FuzzOptions options)
    {
        var random = new Random(seed);
        var features = new List<string>();
        bool isLong = random.NextDouble() < options.LongProbability;

        // Long programs are double: over a thousand float updates round the value far from the function whose
        // derivative the gradient is, and no tolerance separates that from a wrong gradient.
        Ty t = !isLong && random.NextDouble() < options.FloatProbability ? Ty.Float : Ty.Double;
        if (t == Ty.Float)
        {
            features.Add("float");
        }

        if (isLong)
        {
            features.Add("long");
        }

        // static readonly T[] K0 = { … }: constants read by index everywhere (issue 18).
        var statics = new List<(string, Ty, ImmutableArray<double>)>();
        if (random.NextDouble() < options.EverydayProbability * 2)
        {
            features.Add("static readonly array");
            var values = Enumerable.Range(0, random.Next(2, 6)).Select(_ => Math.Round((random.NextDouble() * 3) - 1.5, 2)).ToImmutableArray();
            statics.Add(("K0", t, values));
        }

        GenContext Context(List<Method> callable, string? self = null)
        {
            var c = new GenContext(random, options, t, callable, features) { SelfRecursive = self };
            AddStatics(c, statics);
            return c;
        }

        var methods = new List<Method>();
        int helpers = random.Next(3);
        for (int h = 0; h < helpers; h++)
        {
            methods.Add(Helper(Context(methods.ToList()), "H" + h));
        }

        if (random.NextDouble() < 0.25)
        {
            features.Add("recursion");
            methods.Add(Recursive(Context(methods.ToList(), "R")));
        }

        var main = Context(methods.ToList());
        var (mainMethod, constants) = MainMethod(main, isLong);
        methods.Add(mainMethod);
        return new FuzzProgram(seed, methods.ToImmutableArray(), constants, features.ToImmutableArray()) { Statics = statics.ToImmutableArray() };
    }

    private static void AddStatics(GenContext c, List<(string Name, Ty Element, ImmutableArray<double> Values)> statics)
    {
        foreach (var (name, element, values) in statics)
        {
            c.Scope.Add(new ArrayVar(name, element, values.Length, false, false, false));
        }
    }

    private static (Method, ImmutableArray<ImmutableArray<double>>) MainMethod(GenContext c, bool isLong)
    {
        var ps = new List<Param>();
        var constants = new List<ImmutableArray<double>>();
        int scalars = c.Random.Next(1, 4);
        for (int k = 0; k < scalars; k++)
        {
            Ty type = c.T == Ty.Double && c.Chance(0.15) ? Ty.Float : c.T;
            ps.Add(new Param(ParamKind.Scalar, type, "x" + k, 1));
        }

        int arrays = c.Random.Next(isLong ? 1 : 0, 3);
        for (int k = 0; k < arrays; k++)
        {
            int length = isLong ? c.Random.Next(20, 61) : c.Random.Next(1, 6);
            ps.Add(new Param(c.Chance(0.5) ? ParamKind.Array : ParamKind.ReadOnlySpan, c.T, "w" + k, length));
        }

        if (c.Chance(0.3))
        {
            c.Feature("matrix");
            int rows = c.Random.Next(1, 4);
            int columns = c.Random.Next(1, 5);
            ps.Add(new Param(ParamKind.Matrix, c.T, "mat0", rows * columns, columns));
        }

        if (c.Chance(0.25))
        {
            c.Feature("jagged");
            var lengths = Enumerable.Range(0, c.Random.Next(1, 4)).Select(_ => c.Random.Next(1, 5)).ToImmutableArray();
            ps.Add(new Param(ParamKind.Jagged, c.T, "jag0", lengths.Sum(), 0, lengths));
        }

        if (c.Chance(0.25))
        {
            ps.Add(new Param(ParamKind.NoDerivative, c.T, "c0", 1));
        }

        if (c.Chance(0.2))
        {
            ps.Add(new Param(ParamKind.NoDerivativeData, c.T, "data0", c.Random.Next(1, 5)));
        }

        if (c.Chance(0.2))
        {
            ps.Add(new Param(ParamKind.Int, Ty.Int, "n0", 1));
        }

        if (c.Options.MustRefuse && c.Chance(0.3))
        {
            ps.Add(new Param(ParamKind.Func, c.T, "f0", 0));
        }

        // Parameters in a random order: gradients must follow the original order.
        var order = ps.OrderBy(_ => c.Random.Next()).ToList();
        foreach (var p in order)
        {
            constants.Add(p.Kind switch
            {
                ParamKind.NoDerivative => ImmutableArray.Create(Math.Round((c.Random.NextDouble() * 3) - 1.5, 3)),
                ParamKind.NoDerivativeData => Enumerable.Range(0, p.Length).Select(_ => Math.Round((c.Random.NextDouble() * 3) - 1.5, 3)).ToImmutableArray(),
                ParamKind.Int => ImmutableArray.Create((double)c.Random.Next(1, 5)),
                _ => ImmutableArray<double>.Empty,
            });
        }

        for (int i = 0; i < order.Count; i++)
        {
            AddToScope(c, order[i], order[i].Kind == ParamKind.Int ? (int)constants[i][0] : 0);
        }

        var prologue = Prologue(c, isLong);
        if (c.Options.TakenThrows && c.Chance(c.Options.EverydayProbability * 0.5))
        {
            // A guard on a parameter, taken at some test points: Gradient and the others must throw the same exception there.
            var x = c.Pick(order.Where(p => p.Kind == ParamKind.Scalar).ToList());
            c.Feature(Everyday.ThrowTaken);
            prologue = prologue.Insert(0, new Guard(B(Ty.Bool, ">", new VarRef(x.Type, x.Name), L(x.Type, 1.1)), $"ArgumentOutOfRangeException(nameof({x.Name}))"));
        }

        if (c.Chance(c.Options.LocalFunctionProbability))
        {
            prologue = prologue.Add(LocalFunction(c));
        }

        if (c.Chance(c.Options.EverydayProbability * 1.5))
        {
            prologue = prologue.Add(Everyday.TupleFunction(c));
            if (c.Chance(0.6))
            {
                prologue = prologue.Add(Everyday.CallTupleFunction(c));
            }
        }

        c.Budget = isLong ? c.Random.Next(3, 8) : c.Random.Next(3, 12);
        var body = prologue.AddRange(StmtGen.Statements(c, c.Budget)).Add(new Return(Real(c, 3, c.T, true)));
        return (new Method("Main", c.T, order.ToImmutableArray(), body), constants.ToImmutableArray());
    }

    private static void AddToScope(GenContext c, Param p, int intValue)
    {
        switch (p.Kind)
        {
            case ParamKind.Scalar:
                c.Scope.Add(new ScalarVar(p.Name, p.Type, p.Type == c.T));
                break;
            case ParamKind.InScalar:
                c.Scope.Add(new ScalarVar(p.Name, p.Type, false, ByRef: true));
                break;
            case ParamKind.NoDerivative:
                c.Scope.Add(new ScalarVar(p.Name, p.Type, false));
                break;
            case ParamKind.Int:
                c.Scope.Add(new ScalarVar(p.Name, Ty.Int, false, intValue + 1));
                break;
            case ParamKind.Func:
                c.Scope.Add(new ScalarVar(p.Name, Ty.Array, false));
                break;
            case ParamKind.Matrix:
                c.Scope.Matrices.Add(new MatrixVar(p.Name, p.Type, p.Rows, p.Columns));
                break;
            case ParamKind.Jagged:
                c.Scope.Matrices.Add(new MatrixVar(p.Name, p.Type, p.RowLengths.Length, p.RowLengths.Min(), Jagged: true));
                break;
            default:
                c.Scope.Add(new ArrayVar(p.Name, p.Type, p.Length, false, p.Kind != ParamKind.Array, p.IsActive));
                break;
        }
    }

    /// <summary>Local arrays and spans (top level, first), and int index arrays filled before anything reads them.</summary>
    private static ImmutableArray<Stmt> Prologue(GenContext c, bool isLong)
    {
        var body = ImmutableArray.CreateBuilder<Stmt>();
        int locals = c.Random.Next(3);
        for (int k = 0; k < locals; k++)
        {
            var sized = c.Scope.RealArrays().Where(a => a.Length > 0).ToList();
            bool byLength = sized.Count > 0 && (isLong || c.Chance(0.3));
            var of = byLength ? c.Pick(sized) : null;
            int length = of?.Length ?? c.Random.Next(1, 6);
            bool span = c.Chance(0.4);
            string name = c.Scope.Fresh("a");
            var given = of is null ? Everyday.GivenValues(c, name, length, span) : null;
            body.Add(given ?? new ArrayDecl(c.T, name, of is null ? L(Ty.Int, length) : new VarRef(Ty.Int, of.Name + ".Length"), span));
            span = given?.Stackalloc ?? span;
            c.Scope.Add(new ArrayVar(name, c.T, length, true, span, true));
            c.Feature(span ? "stackalloc" : "local array");
        }

        if (c.Chance(0.4))
        {
            c.Feature("int index array");
            int length = c.Random.Next(1, 4);
            string name = c.Scope.Fresh("k");
            body.Add(new ArrayDecl(Ty.Int, name, L(Ty.Int, length), c.Chance(0.3)));
            var k = new ArrayVar(name, Ty.Int, length, true, false, false);
            c.Scope.Add(k);
            for (int j = 0; j < length; j++)
            {
                body.Add(new Assign(new ElemRef(Ty.Int, name, L(Ty.Int, j)), "=", B(Ty.Int, "%", Int(c, 1), L(Ty.Int, 8))));
            }
        }

        return body.ToImmutable();
    }

    /// <summary>
    /// <c>L0</c>, a local function of <c>Main</c> with one or two scalar parameters (which its body may assign), that may
    /// call the program's methods and, unless static, reads what <c>Main</c> has in scope. <c>Main</c> may call it anywhere
    /// it may call a method.
    /// </summary>
    private static Stmt LocalFunction(GenContext c)
    {
        bool isStatic = c.Chance(0.4);
        var local = new GenContext(c.Random, c.Options, c.T, c.Callable, c.Features) { Scope = new Scope(100), NestedArrays = false };
        foreach (var k in c.Scope.RealArrays().Where(a => a.Name.StartsWith('K')))
        {
            if (isStatic)
            {
                local.Scope.Add(k);
            }
        }

        if (!isStatic)
        {
            foreach (var v in c.Scope.Scalars)
            {
                local.Scope.Add(v with { Mutable = false });
            }

            // A span, a ref struct, cannot be captured (CS8175); int arrays (spans at times) are rewritten by any body.
            foreach (var a in c.Scope.RealArrays().Where(a => !a.IsSpan))
            {
                local.Scope.Add(a with { Writable = false });
            }
        }

        var ps = Enumerable.Range(0, c.Random.Next(1, 3)).Select(k => new Param(ParamKind.Scalar, c.T, "p" + k, 1)).ToImmutableArray();
        foreach (var p in ps)
        {
            local.Scope.Add(new ScalarVar(p.Name, p.Type, true));
        }

        local.Budget = c.Random.Next(0, 3);
        var body = StmtGen.Statements(local, local.Budget).Add(new Return(Real(local, 2, c.T, true)));
        var function = new Method("L0", c.T, ps, body);
        c.LocalFunctions.Add(function);
        c.Feature(isStatic ? "static local function" : "capturing local function");
        return new LocalFunc(function, isStatic);
    }

    private static Method Helper(GenContext c, string name)
    {
        var ps = new List<Param>();
        int scalars = c.Random.Next(1, 3);
        for (int k = 0; k < scalars; k++)
        {
            bool byIn = c.Chance(c.Options.EverydayProbability * 2.5);
            if (byIn)
            {
                c.Feature("in parameter");
            }

            ps.Add(new Param(byIn ? ParamKind.InScalar : ParamKind.Scalar, c.T, "x" + k, 1));
        }

        if (c.Chance(0.35))
        {
            ps.Add(new Param(c.Chance(0.7) ? ParamKind.ReadOnlySpan : ParamKind.Array, c.T, "h0", 0));
        }

        if (c.Chance(0.2))
        {
            ps.Add(new Param(ParamKind.NoDerivative, c.T, "c0", 1));
        }

        foreach (var p in ps)
        {
            AddToScope(c, p, 0);
        }

        c.Budget = c.Random.Next(1, 4);
        var body = StmtGen.Statements(c, c.Budget).Add(new Return(Real(c, 2, c.T, true)));
        return new Method(name, c.T, ps.ToImmutableArray(), body);
    }

    /// <summary><c>R(x, depth)</c>: returns at depth 0, else calls <c>R(…, depth - 1)</c> once and combines.</summary>
    private static Method Recursive(GenContext c)
    {
        var ps = ImmutableArray.Create(new Param(ParamKind.Scalar, c.T, "x0", 1), new Param(ParamKind.Int, Ty.Int, "depth", 1));
        c.Scope.Add(new ScalarVar("x0", c.T, true));
        var stop = new If(
            B(Ty.Bool, "<=", new VarRef(Ty.Int, "depth"), L(Ty.Int, 0)),
            ImmutableArray.Create<Stmt>(new Return(Real(c, 2, c.T, false))),
            ImmutableArray<Stmt>.Empty);
        var inner = new Call(c.T, CallTarget.User, "R", ImmutableArray.Create(Real(c, 2, c.T, true), B(Ty.Int, "-", new VarRef(Ty.Int, "depth"), L(Ty.Int, 1))));
        c.Scope.Add(new ScalarVar("r0", c.T, true));
        c.Budget = c.Random.Next(0, 3);
        var body = ImmutableArray.Create<Stmt>(stop, new Decl(c.T, "r0", inner))
            .AddRange(StmtGen.Statements(c, c.Budget))
            .Add(new Return(Real(c, 2, c.T, true)));
        return new Method("R", c.T, ps, body);
    }
}
