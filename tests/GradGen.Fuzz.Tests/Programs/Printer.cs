using System;
using System.Collections.Immutable;
using System.Globalization;
using System.Linq;
using System.Text;

namespace GradGen.Fuzz.Tests.Programs;

/// <summary>Prints programs as C#: every binary operator parenthesised, literals exact (round-trip format).</summary>
internal static class Printer
{
    public static string TypeName(Ty type) => type switch
    {
        Ty.Double => "double",
        Ty.Float => "float",
        Ty.Int => "int",
        Ty.Bool => "bool",
        _ => throw new ArgumentOutOfRangeException(nameof(type), type, null),
    };

    public static string Literal(Ty type, double value)
    {
        if (type == Ty.Int)
        {
            return ((int)value).ToString(CultureInfo.InvariantCulture);
        }

        value = value == 0 ? 0 : value; // no -0.0
        string text = type == Ty.Float
            ? ((float)value).ToString("R", CultureInfo.InvariantCulture)
            : value.ToString("R", CultureInfo.InvariantCulture);
        if (!text.Contains('.') && !text.Contains('E'))
        {
            text += ".0";
        }

        text += type == Ty.Float ? "f" : string.Empty;
        return value < 0 ? "(" + text + ")" : text;
    }

    public static string Print(Expr e) => e switch
    {
        Lit l => Literal(l.Type, l.Value),
        VarRef v => v.Name,
        ElemRef { Column: { } column, Jagged: true } r => $"{r.Array}[{Print(r.Index)}][{Print(column)}]",
        ElemRef { Column: { } column } r => $"{r.Array}[{Print(r.Index)}, {Print(column)}]",
        ElemRef r => $"{r.Array}[{Print(r.Index)}]",
        Unary u => $"({u.Op} {Print(u.Operand)})",
        Bin b => $"({Print(b.Left)} {b.Op} {Print(b.Right)})",
        Call { Target: CallTarget.Math } c => $"{(c.Type == Ty.Float ? "MathF" : "Math")}.{c.Name}({Args(c.Args)})",
        Call { Target: CallTarget.Numeric } c => $"{(c.Type == Ty.Float ? "float" : "double")}.{c.Name}({Args(c.Args)})",
        Call { Target: CallTarget.User } c => $"{c.Name}({Args(c.Args)})",
        Call c => $"{Print(c.Args[0])}.{c.Name}({Args(c.Args.RemoveAt(0))})",
        Cond c => $"({Print(c.Condition)} ? {Print(c.Then)} : {Print(c.Else)})",
        Cast c => $"(({TypeName(c.Type)}){Print(c.Operand)})",
        TupleExpr t => $"({Print(t.First)}, {Print(t.Second)})",
        SwitchExpr sw => $"({Print(sw.On)} switch {{ {string.Concat(sw.Patterns.Select((p, k) => $"{p} => {Print(sw.Arms[k])}, "))}_ => {Print(sw.Default)} }})",
        IsPattern ip => $"({Print(ip.On)} is {ip.Pattern})",
        ThrowIf ti => $"({Print(ti.Condition)} ? {Print(ti.Value)} : throw new {ti.Exception})",
        InArg ia => $"in {Print(ia.Operand)}",
        StepValue { Prefix: true } sv => $"({sv.Op}{sv.Name})",
        StepValue sv => $"({sv.Name}{sv.Op})",
        Linq q => q.Prefix + (q.Body is null ? string.Empty : $"{q.Lambda} => {Print(q.Body)}") + q.Suffix,
        _ => throw new ArgumentOutOfRangeException(nameof(e), e, null),
    };

    private static string Args(ImmutableArray<Expr> args) => string.Join(", ", args.Select(Print));

    public static void Print(StringBuilder sb, ImmutableArray<Stmt> body, int indent)
    {
        foreach (var s in body)
        {
            Print(sb, s, indent);
        }
    }

    private static void Print(StringBuilder sb, Stmt s, int indent)
    {
        string pad = new(' ', indent * 4);
        switch (s)
        {
            case Decl d:
                sb.Append(pad).Append(TypeName(d.Type)).Append(' ').Append(d.Name).Append(" = ").Append(Print(d.Init)).Append(";\n");
                break;
            case ArrayDecl { Values.IsDefault: false } a:
                var values = string.Join(", ", a.Values.Select(Print));
                sb.Append(pad).Append(a.Stackalloc ? $"Span<{TypeName(a.Element)}> {a.Name} = " : $"{TypeName(a.Element)}[] {a.Name} = ")
                    .Append(a.Form switch { 0 => "{ " + values + " }", 1 => $"new {TypeName(a.Element)}[] {{ {values} }}", _ => "[" + values + "]" }).Append(";\n");
                break;
            case ArrayDecl a when a.Stackalloc:
                sb.Append(pad).Append($"Span<{TypeName(a.Element)}> {a.Name} = stackalloc {TypeName(a.Element)}[{Print(a.Length)}];\n");
                break;
            case ArrayDecl a:
                sb.Append(pad).Append($"{TypeName(a.Element)}[] {a.Name} = new {TypeName(a.Element)}[{Print(a.Length)}];\n");
                break;
            case ViewDecl v:
                sb.Append(pad).Append($"ReadOnlySpan<{TypeName(v.Element)}> {v.Name} = {Print(v.View)};\n");
                break;
            case TupleDecl td:
                sb.Append(pad).Append($"var ({td.First}, {td.Second}) = {Print(td.Init)};\n");
                break;
            case TupleAssign ta:
                sb.Append(pad).Append($"({Print(ta.First)}, {Print(ta.Second)}) = {Print(ta.Value)};\n");
                break;
            case TupleFunc tf:
                string tt = TypeName(tf.Type);
                sb.Append(pad).Append(tf.Static ? "static " : string.Empty)
                    .Append($"({tt}, {tt}) {tf.Name}({string.Join(", ", tf.Params.Select(ParamText))}) => ({Print(tf.First)}, {Print(tf.Second)});\n");
                break;
            case FuncDecl fd:
                string ft = TypeName(fd.Type);
                sb.Append(pad).Append($"Func<{ft}, {ft}> {fd.Name} = {fd.Param} => {Print(fd.Body)};\n");
                break;
            case Guard g:
                sb.Append(pad).Append($"if ({Print(g.Condition)}) throw new {g.Exception};\n");
                break;
            case Log lg:
                sb.Append(pad).Append(lg.Form switch
                {
                    0 => $"string {lg.Name} = $\"loss {{{Print(lg.Value)}:F4}}\";",
                    1 => $"({Print(lg.Value)}).ToString();",
                    2 => $"System.Diagnostics.Debug.WriteLine({Print(lg.Value)});",
                    3 => $"string {lg.Name} = \"x = \" + {Print(lg.Value)};",
                    4 => $"string {lg.Name} = string.Format(\"{{0:F3}}\", {Print(lg.Value)});",
                    _ => $"string {lg.Name} = ({Print(lg.Value)}).ToString(\"F3\");",
                }).Append('\n');
                break;
            case RawStmt raw:
                sb.Append(pad).Append(raw.Text).Append('\n');
                break;
            case Assign a:
                sb.Append(pad).Append(Print(a.Target)).Append(' ').Append(a.Op).Append(' ').Append(Print(a.Value)).Append(";\n");
                break;
            case Step st:
                sb.Append(pad).Append(Print(st.Target)).Append(st.Op).Append(";\n");
                break;
            case If i:
                sb.Append(pad).Append("if (").Append(Print(i.Condition)).Append(")\n");
                Block(sb, i.Then, indent);
                if (i.Else.Length > 0)
                {
                    sb.Append(pad).Append("else\n");
                    Block(sb, i.Else, indent);
                }

                break;
            case For f:
                sb.Append(pad).Append($"for (int {f.Var} = {Print(f.Start)}; {f.Var} {f.Cmp} {Print(f.Bound)}; {f.Var}{f.Increment})\n");
                Block(sb, f.Body, indent);
                break;
            case While w:
                sb.Append(pad).Append($"int {w.Guard} = 0;\n");
                string condition = $"{w.Guard} < {w.Limit} && {Print(w.Condition)}";
                sb.Append(pad).Append(w.Do ? "do\n" : $"while ({condition})\n");
                Block(sb, w.Body.Insert(0, new Step(new VarRef(Ty.Int, w.Guard), "++")), indent);
                if (w.Do)
                {
                    sb.Append(pad).Append($"while ({condition});\n");
                }

                break;
            case Foreach fe:
                sb.Append(pad).Append($"foreach ({TypeName(fe.Type)} {fe.Var} in {fe.Array})\n");
                Block(sb, fe.Body, indent);
                break;
            case Switch sw:
                PrintSwitch(sb, sw, indent);
                break;
            case Break:
                sb.Append(pad).Append("break;\n");
                break;
            case Continue:
                sb.Append(pad).Append("continue;\n");
                break;
            case Return r:
                sb.Append(pad).Append("return ").Append(Print(r.Value)).Append(";\n");
                break;
            case LocalFunc lf:
                var fn = lf.Function;
                sb.Append(pad).Append(lf.Static ? "static " : string.Empty).Append($"{TypeName(fn.Return)} {fn.Name}({string.Join(", ", fn.Params.Select(ParamText))})\n");
                Block(sb, fn.Body, indent);
                break;
            default:
                throw new ArgumentOutOfRangeException(nameof(s), s, null);
        }
    }

    private static void PrintSwitch(StringBuilder sb, Switch sw, int indent)
    {
        string pad = new(' ', indent * 4);
        sb.Append(pad).Append("switch (").Append(Print(sw.On)).Append(")\n").Append(pad).Append("{\n");
        for (int k = 0; k < sw.Cases.Length; k++)
        {
            sb.Append(pad).Append("    case ").Append(k).Append(":\n");
            Print(sb, sw.Cases[k], indent + 2);
            sb.Append(pad).Append("        break;\n");
        }

        sb.Append(pad).Append("    default:\n");
        Print(sb, sw.Default, indent + 2);
        sb.Append(pad).Append("        break;\n").Append(pad).Append("}\n");
    }

    private static void Block(StringBuilder sb, ImmutableArray<Stmt> body, int indent)
    {
        string pad = new(' ', indent * 4);
        sb.Append(pad).Append("{\n");
        Print(sb, body, indent + 1);
        sb.Append(pad).Append("}\n");
    }

    public static string ParamText(Param p)
    {
        string t = TypeName(p.Type);
        return p.Kind switch
        {
            ParamKind.Scalar or ParamKind.Int => $"{t} {p.Name}",
            ParamKind.InScalar => $"in {t} {p.Name}",
            ParamKind.Array => $"{t}[] {p.Name}",
            ParamKind.ReadOnlySpan => $"ReadOnlySpan<{t}> {p.Name}",
            ParamKind.NoDerivative => $"[NoDerivative] {t} {p.Name}",
            ParamKind.Func => $"Func<{t}, {t}> {p.Name}",
            ParamKind.Matrix => $"{t}[,] {p.Name}",
            ParamKind.Jagged => $"{t}[][] {p.Name}",
            _ => $"[NoDerivative] ReadOnlySpan<{t}> {p.Name}",
        };
    }

    /// <summary>The <c>[Differentiable]</c> methods of <paramref name="program"/> (no class around them).</summary>
    public static void PrintMethods(StringBuilder sb, FuzzProgram program)
    {
        foreach (var (name, element, values) in program.Statics)
        {
            string t = TypeName(element);
            sb.Append($"    private static readonly {t}[] {name} = {{ {string.Join(", ", values.Select(v => Literal(element, v)))} }};\n\n");
        }

        foreach (var m in program.Methods)
        {
            // Main also gets forward mode (and second derivatives where it can): the oracle checks them against its gradient.
            var modes = program.SecondOrder ? "(HessianVectorProduct = true)" : program.Forward ? "(Forward = true)" : string.Empty;
            sb.Append(ReferenceEquals(m, program.Main) ? $"    [Differentiable{modes}]\n" : "    [Differentiable]\n");
            sb.Append($"    public static {TypeName(m.Return)} {m.Name}({string.Join(", ", m.Params.Select(ParamText))})\n");
            sb.Append("    {\n");
            Print(sb, m.Body, 2);
            sb.Append("    }\n\n");
        }
    }

    /// <summary>The program alone, as a user would write it (what a failure report shows).</summary>
    public static string Source(FuzzProgram program, string className = "Program")
    {
        var sb = new StringBuilder();
        sb.Append("using System;\nusing System.Linq;\nusing GradGen;\n\n");
        sb.Append($"public static partial class {className}\n{{\n");
        PrintMethods(sb, program);
        sb.Append("}\n");
        return sb.ToString();
    }
}
