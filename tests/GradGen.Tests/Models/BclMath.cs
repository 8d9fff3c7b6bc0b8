using System;

namespace GradGen.Tests.Models;

/// <summary>
/// The static math of double and float themselves (double.Exp2, float.SinPi, …) and the Math functions beyond the
/// classic ones (Clamp, CopySign, ScaleB, IEEERemainder): one method per group, each checked against finite differences.
/// Arguments are kept inside each function's domain by the tests' sampling (|x| ≤ 0.9 unless noted).
/// </summary>
public static partial class BclMath
{
    [Differentiable]
    public static double DoubleClassics(double x, double y) =>
        double.Sin(x) * double.Cos(y) + double.Exp(x * y) + double.Log(2 + x) + double.Sqrt(3 + y) + double.Pow(2 + x, y)
        + double.Atan2(y, 1.5 + x) + double.Tanh(x - y) + double.Abs(x - 2) + double.Cbrt(4 + x) + double.Log(3 + y, 2 + x)
        + double.Log10(2 + y) + double.Log2(2 + x) + double.FusedMultiplyAdd(x, y, x) + double.Max(x, y + 3) + double.Min(y, x - 3);

    [Differentiable]
    public static double Exponentials(double x, double y) =>
        double.Exp2(x) + double.Exp10(y * 0.5) + double.ExpM1(x * y) + double.Exp2M1(y) + double.Exp10M1(x * 0.3)
        + double.LogP1(x * x) + double.Log2P1(0.5 + y) + double.Log10P1(1 + x);

    [Differentiable]
    public static double PiFunctions(double x, double y) =>
        double.SinPi(x) + double.CosPi(x * y) + double.TanPi(0.2 * y) + double.AsinPi(0.5 * x) + double.AcosPi(0.5 * y)
        + double.AtanPi(x + y) + double.Atan2Pi(y, 1.5 + x);

    [Differentiable]
    public static double Geometry(double x, double y) =>
        double.Hypot(x, 1 + y) * double.RootN(2 + x, 3) + double.RootN(x - 2, 5) + double.Lerp(x, y, x * y)
        + double.DegreesToRadians(x * 30) + double.RadiansToDegrees(y) * 0.01 + double.ScaleB(x, 3) + Math.ScaleB(y, -2);

    [Differentiable]
    public static double Selections(double x, double y, double z) =>
        Math.Clamp(x, -0.5, 0.5) + double.Clamp(y, z - 0.2, z + 0.2) + Math.Clamp(2.0, x, y + 3)
        + double.MaxMagnitude(x, y) + double.MinMagnitude(y, z) + double.MaxNumber(x, z) + double.MinNumber(y, x)
        + Math.CopySign(x, y) + double.CopySign(y * y + 1, z);

    [Differentiable]
    public static double ClampBounds(double x, double lo, double hi) => Math.Clamp(x, lo, hi) * (2 + lo * hi);

    [Differentiable]
    public static double Remainders(double x, double y) => Math.IEEERemainder(x, y) + double.Ieee754Remainder(y * 3, 0.7 + x);

    /// <summary>Stored and kept results of Exp2/Exp10/ExpM1 in a loop, where the reverse reads the stored value.</summary>
    [Differentiable]
    public static double ExponentialsInLoop(ReadOnlySpan<double> w)
    {
        double s = 0;
        for (var i = 0; i < w.Length; i++)
        {
            var e = double.Exp2(w[i]);
            s += e * w[i] + Math.Log(1 + double.ExpM1(w[i] * w[i])) + double.Exp10(w[i] * 0.1) * s * 0.01;
        }

        return s;
    }

    [Differentiable]
    public static float FloatFunctions(float x, float y) =>
        float.Sin(x) * float.Exp2(y) + float.SinPi(x * y) + float.Hypot(x, 1 + y) + float.Clamp(x, -0.5f, 0.5f)
        + MathF.CopySign(x, y) + float.Lerp(x, y, 0.3f) + float.RootN(2 + x, 3) + float.LogP1(x * x) + MathF.ScaleB(y, 2);
}
