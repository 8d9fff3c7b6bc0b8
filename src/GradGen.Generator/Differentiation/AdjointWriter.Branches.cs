using System;
using System.Collections.Generic;
using System.Linq;
using GradGen.Generator.Differentiation.Adjoint;
using GradGen.Generator.Helpers;
using GradGen.Generator.Model;

namespace GradGen.Generator.Differentiation;

/// <summary>
/// Branches: the forward sweep records which branch ran (a local, a slot or a tape of bools), the reverse sweep
/// replays that branch's adjoint.
/// </summary>
internal sealed partial class AdjointWriter
{
    private (LineList Forward, Func<LineList> Reverse) VisitIf(IfStmt branch, int depth, int loops)
    {
        var (thenForward, thenReverse) = VisitBlock(branch.Then, depth + 1, loops);
        var (elseForward, elseReverse) = VisitBlock(branch.Else, depth + 1, loops);
        var condition = _printer.Print(branch.Condition);
        var forward = new LineList();
        if (!HasReverse(branch))
        {
            WriteBranches(forward, condition, thenForward, elseForward);
            return (forward, () => new LineList());
        }

        var site = _storage.Place(TypeRef.Bool, depth, loops, () => _names.FreshNumbered("_b"));
        if (site is RecordSite.Local)
        {
            // Runs at most once: a local remembers the branch.
            forward.Add(site.Record(condition));
            WriteBranches(forward, site.Read, thenForward, elseForward);
        }
        else
        {
            // In a loop each iteration records its branch (on a tape: last, so the reverse sweep pops it first).
            thenForward.Add(site.Record(Code.Literal("true", false)));
            elseForward.Add(site.Record(Code.Literal("false", false)));
            WriteBranches(forward, condition, thenForward, elseForward);
        }

        var taken = site.Read;
        return (forward, () =>
        {
            var reverse = new LineList();
            reverse.Comment(branch.Source.StartsWith("(", StringComparison.Ordinal) ? "if (" + condition.Text + ")" : branch.Source);
            var (then, otherwise) = (thenReverse(), elseReverse());
            if (then.Count == 0 && otherwise.Count == 0 && loops > 0)
            {
                // Nothing to replay, but the recorded branch must still come off the tape.
                reverse.Add(new Evaluate(taken));
            }

            WriteBranches(reverse, taken, then, otherwise);
            return reverse;
        });
    }

    private static void WriteBranches(LineList output, Code condition, LineList then, LineList otherwise)
    {
        if (then.Count == 0 && otherwise.Count == 0)
        {
            return;
        }

        if (then.Count == 0)
        {
            output.Open(new Open(BlockKind.If, Negate(condition)));
            output.Append(otherwise);
            output.Close();
            return;
        }

        output.Open(new Open(BlockKind.If, condition));
        output.Append(then);
        output.Close();
        if (otherwise.Count > 0)
        {
            output.Open(new Open(BlockKind.Else));
            output.Append(otherwise);
            output.Close();
        }
    }

    /// <summary>'!c' of a name is 'c'; anything else gets a '!'.</summary>
    private static Code Negate(Code condition) =>
        condition.Complemented is { IsName: true } name ? name : Code.Not(condition);
}
