using System;

namespace GradGen.Tests.Models;

/// <summary>
/// Element writes whose index reads the array written: the reverse sweep restores the element after the write, so it
/// must not compute the index again from the new contents (found by the random tester: it restored k[1] instead of
/// k[0], and the first statement's derivative then read k[0] = 5).
/// </summary>
public static partial class SelfIndexedWrites
{
    [Differentiable]
    public static double Int(double x)
    {
        int[] k = new int[2];
        double y = x * x * (k[0] + 1);
        k[(k[0] + 2) % 2] = 5;
        return y + x * k[0];
    }

    [Differentiable]
    public static double InLoop(double x)
    {
        int[] k = new int[4];
        double s = 0;
        for (int i = 0; i < 3; i++)
        {
            s += x * x * (k[i] + 1);
            k[(k[i] + i + 1) % 4] = i + 2;
        }

        return s;
    }
}
