using System.Collections.Generic;
using System.Linq;
using System.Text;

namespace GradGen.Fuzz.Tests.Programs;

/// <summary>
/// Writes one program's class for a batch: its methods plus four plain drivers with one signature for every
/// program, so the oracle calls them through delegates: <c>double __Value(double[] p)</c> calls <c>Main</c>,
/// <c>double __Gradient(double[] p, double[] g)</c> calls <c>MainGradient</c> and <c>void __Pullback(double[] p,
/// double seed, double[] g)</c> calls <c>MainPullback</c>, <c>double[] __Pushforward(double[] p, double[] v)</c> calls
/// <c>MainPushforward</c> and returns its value and derivative, and, where Main has second derivatives,
/// <c>double[] __Hvp(double[] p, double[] v)</c> returns MainHessianVectorProduct's value, gradient and H·v. <c>p</c> holds the differentiable inputs of <c>Main</c>
/// in parameter order (a scalar, then an array's elements); <c>g</c> their gradient, in place.
/// </summary>
internal static class DriverWriter
{
    public const string Namespace = "Fuzz";

    /// <summary>The shared helpers the drivers call (one file per batch).</summary>
    public const string Support = """
        using System;

        namespace Fuzz;

        internal static class FuzzSupport
        {
            public static double[] D(double[] p, int offset, int length) => p.AsSpan(offset, length).ToArray();

            public static float[] F(double[] p, int offset, int length)
            {
                var a = new float[length];
                for (int i = 0; i < length; i++)
                {
                    a[i] = (float)p[offset + i];
                }

                return a;
            }

            /// <summary>An ordinary method an active array may reach as IEnumerable (must-refuse mode).</summary>
            public static double SumSquares(System.Collections.Generic.IEnumerable<double> xs)
            {
                double s = 0;
                foreach (double x in xs)
                {
                    s += x * x;
                }

                return s;
            }

            public static float SumSquares(System.Collections.Generic.IEnumerable<float> xs)
            {
                float s = 0;
                foreach (float x in xs)
                {
                    s += x * x;
                }

                return s;
            }

            public static T[,] M<T>(double[] p, int offset, int rows, int columns, Func<double, T> convert)
            {
                var m = new T[rows, columns];
                for (int i = 0; i < rows; i++)
                {
                    for (int j = 0; j < columns; j++)
                    {
                        m[i, j] = convert(p[offset + (i * columns) + j]);
                    }
                }

                return m;
            }

            public static void Back<T>(T[,] m, double[] g, int offset, Func<T, double> convert)
            {
                int columns = m.GetLength(1);
                for (int i = 0; i < m.GetLength(0); i++)
                {
                    for (int j = 0; j < columns; j++)
                    {
                        g[offset + (i * columns) + j] = convert(m[i, j]);
                    }
                }
            }

            public static T[][] J<T>(double[] p, int offset, int[] lengths, Func<double, T> convert)
            {
                var rows = new T[lengths.Length][];
                for (int i = 0; i < lengths.Length; i++)
                {
                    rows[i] = new T[lengths[i]];
                    for (int j = 0; j < lengths[i]; j++)
                    {
                        rows[i][j] = convert(p[offset++]);
                    }
                }

                return rows;
            }

            public static void Back<T>(T[][] rows, double[] g, int offset, Func<T, double> convert)
            {
                foreach (var row in rows)
                {
                    foreach (var v in row)
                    {
                        g[offset++] = convert(v);
                    }
                }
            }

            public static void Back(float[] a, double[] g, int offset)
            {
                for (int i = 0; i < a.Length; i++)
                {
                    g[offset + i] = a[i];
                }
            }
        }
        """;

    public static string ClassSource(FuzzProgram program, string className)
    {
        var sb = new StringBuilder();
        sb.Append("using System;\nusing System.Linq;\nusing GradGen;\n\nnamespace ").Append(Namespace).Append(";\n\n");
        sb.Append($"public static partial class {className}\n{{\n");
        Printer.PrintMethods(sb, program);
        WriteDrivers(sb, program);
        sb.Append("}\n");
        return sb.ToString();
    }

    private static void WriteDrivers(StringBuilder sb, FuzzProgram program)
    {
        var main = program.Main;
        var args = new List<string>();
        var unpack = new StringBuilder();
        var gradientArgs = new List<string>();
        var pullbackArgs = new List<string>();
        var tangentArgs = new List<string>();
        var before = new StringBuilder();
        var after = new StringBuilder();
        var matrices = new StringBuilder();
        var matricesBack = new StringBuilder();
        int offset = 0;
        for (int i = 0; i < main.Params.Length; i++)
        {
            var p = main.Params[i];
            bool isFloat = p.Type == Ty.Float;
            string t = Printer.TypeName(p.Type);
            switch (p.Kind)
            {
                case ParamKind.Scalar:
                    args.Add(isFloat ? $"(float)p[{offset}]" : $"p[{offset}]");
                    tangentArgs.Add(isFloat ? $"(float)v[{offset}]" : $"v[{offset}]");
                    gradientArgs.Add($"out {t} d{i}");
                    before.Append($"        {t} d{i} = ({t})g[{offset}];\n");
                    pullbackArgs.Add($"ref d{i}");
                    after.Append($"        g[{offset}] = d{i};\n");
                    offset++;
                    break;
                case ParamKind.Array or ParamKind.ReadOnlySpan:
                    unpack.Append($"        var a{i} = FuzzSupport.{(isFloat ? "F" : "D")}(p, {offset}, {p.Length});\n");
                    args.Add($"a{i}");
                    tangentArgs.Add($"FuzzSupport.{(isFloat ? "F" : "D")}(v, {offset}, {p.Length})");
                    if (isFloat)
                    {
                        before.Append($"        var d{i} = FuzzSupport.F(g, {offset}, {p.Length});\n");
                        gradientArgs.Add($"d{i}");
                        pullbackArgs.Add($"d{i}");
                        after.Append($"        FuzzSupport.Back(d{i}, g, {offset});\n");
                    }
                    else
                    {
                        gradientArgs.Add($"g.AsSpan({offset}, {p.Length})");
                        pullbackArgs.Add($"g.AsSpan({offset}, {p.Length})");
                    }

                    offset += p.Length;
                    break;
                case ParamKind.Matrix:
                    // Gradient gets a gradient full of NaN (it must write every element), Pullback one holding g's values (it adds).
                    string toT = isFloat ? "static v => (float)v" : "static v => v";
                    string fromT = isFloat ? "static v => (double)v" : "static v => v";
                    unpack.Append($"        var a{i} = FuzzSupport.M(p, {offset}, {p.Rows}, {p.Columns}, {toT});\n");
                    args.Add($"a{i}");
                    gradientArgs.Add($"d{i}");
                    pullbackArgs.Add($"d{i}");
                    before.Append($"        var d{i} = FuzzSupport.M(g, {offset}, {p.Rows}, {p.Columns}, {toT});\n");
                    after.Append($"        FuzzSupport.Back(d{i}, g, {offset}, {fromT});\n");
                    matrices.Append($"        var d{i} = FuzzSupport.M(g, {offset}, {p.Rows}, {p.Columns}, static _ => {t}.NaN);\n");
                    matricesBack.Append($"        FuzzSupport.Back(d{i}, g, {offset}, {fromT});\n");
                    offset += p.Length;
                    break;
                case ParamKind.Jagged:
                    string lengths = "new[] { " + string.Join(", ", p.RowLengths) + " }";
                    string toJ = isFloat ? "static v => (float)v" : "static v => v";
                    string fromJ = isFloat ? "static v => (double)v" : "static v => v";
                    unpack.Append($"        var a{i} = FuzzSupport.J(p, {offset}, {lengths}, {toJ});\n");
                    args.Add($"a{i}");
                    gradientArgs.Add($"d{i}");
                    pullbackArgs.Add($"d{i}");
                    before.Append($"        var d{i} = FuzzSupport.J(g, {offset}, {lengths}, {toJ});\n");
                    after.Append($"        FuzzSupport.Back(d{i}, g, {offset}, {fromJ});\n");
                    matrices.Append($"        var d{i} = FuzzSupport.J(g, {offset}, {lengths}, static _ => {t}.NaN);\n");
                    matricesBack.Append($"        FuzzSupport.Back(d{i}, g, {offset}, {fromJ});\n");
                    offset += p.Length;
                    break;
                case ParamKind.NoDerivativeData:
                    string values = string.Join(", ", program.Constants[i].Select(v => Printer.Literal(p.Type, v)));
                    sb.Append($"    private static readonly {t}[] __data{i} = {{ {values} }};\n\n");
                    args.Add($"__data{i}");
                    break;
                case ParamKind.Func:
                    args.Add("static v => v * v");
                    break;
                default:
                    args.Add(Printer.Literal(p.Type, program.Constants[i][0]));
                    break;
            }
        }

        string call = string.Join(", ", args);
        string seed = main.Return == Ty.Float ? "(float)seed" : "seed";
        string scalarOuts = string.Join(string.Empty, main.Params.Select((p, i) => (p, i))
            .Where(x => x.p.Kind == ParamKind.Scalar)
            .Select(x => $"        g[{Offset(main, x.i)}] = d{x.i};\n"));
        string floatArrays = string.Join(string.Empty, main.Params.Select((p, i) => (p, i))
            .Where(x => x.p.Kind is ParamKind.Array or ParamKind.ReadOnlySpan && x.p.Type == Ty.Float)
            .Select(x => $"        var d{x.i} = FuzzSupport.F(g, {Offset(main, x.i)}, {x.p.Length});\n"));
        string floatBack = string.Join(string.Empty, main.Params.Select((p, i) => (p, i))
            .Where(x => x.p.Kind is ParamKind.Array or ParamKind.ReadOnlySpan && x.p.Type == Ty.Float)
            .Select(x => $"        FuzzSupport.Back(d{x.i}, g, {Offset(main, x.i)});\n"));

        sb.Append($"    public static double __Value(double[] p)\n    {{\n{unpack}        return {main.Name}({call});\n    }}\n\n");
        sb.Append($"    public static double __Gradient(double[] p, double[] g)\n    {{\n{unpack}{floatArrays}{matrices}");
        sb.Append($"        var r = {main.Name}Gradient({string.Join(", ", args.Concat(gradientArgs))});\n{scalarOuts}{floatBack}{matricesBack}        return r;\n    }}\n\n");
        sb.Append($"    public static void __Pullback(double[] p, double seed, double[] g)\n    {{\n{unpack}{before}");
        sb.Append($"        {main.Name}Pullback({string.Join(", ", args.Append(seed).Concat(pullbackArgs))});\n{after}    }}\n\n");
        if (program.Forward)
        {
            sb.Append($"    public static double[] __Pushforward(double[] p, double[] v)\n    {{\n{unpack}");
            sb.Append($"        var r = {main.Name}Pushforward({string.Join(", ", args.Concat(tangentArgs))}, out var dr);\n        return new double[] {{ r, dr }};\n    }}\n");
        }

        if (program.SecondOrder)
        {
            WriteProductDriver(sb, program, unpack.ToString(), args, tangentArgs);
        }
    }

    /// <summary><c>double[] __Hvp(double[] p, double[] v)</c>: MainHessianVectorProduct's value, gradient and H·v, in one array.</summary>
    private static void WriteProductDriver(StringBuilder sb, FuzzProgram program, string unpack, List<string> args, List<string> directions)
    {
        var main = program.Main;
        int n = program.InputCount;
        var gradients = new List<string>();
        var products = new List<string>();
        var copies = new StringBuilder();
        for (int i = 0; i < main.Params.Length; i++)
        {
            var p = main.Params[i];
            int offset = Offset(main, i);
            if (p.Kind == ParamKind.Scalar)
            {
                gradients.Add($"out double g{i}");
                products.Add($"out double h{i}");
                copies.Append($"        res[{1 + offset}] = g{i};\n        res[{1 + n + offset}] = h{i};\n");
            }
            else if (p.IsActive)
            {
                gradients.Add($"res.AsSpan({1 + offset}, {p.Length})");
                products.Add($"res.AsSpan({1 + n + offset}, {p.Length})");
            }
        }

        sb.Append($"\n    public static double[] __Hvp(double[] p, double[] v)\n    {{\n{unpack}        var res = new double[{1 + (2 * n)}];\n");
        sb.Append($"        res[0] = {main.Name}HessianVectorProduct({string.Join(", ", args.Concat(directions).Concat(gradients).Concat(products))});\n{copies}        return res;\n    }}\n");
    }

    private static int Offset(Method main, int index)
    {
        int offset = 0;
        for (int i = 0; i < index; i++)
        {
            var p = main.Params[i];
            offset += p.Kind == ParamKind.Scalar ? 1 : p.IsActive ? p.Length : 0;
        }

        return offset;
    }
}
