using System;
using System.Globalization;

namespace GradGen.Fuzz.Tests.Running;

internal enum LineResult
{
    Pass,

    /// <summary>Finite differences are not reliable here (a kink or jump of <c>?:</c>, <c>if</c>, Abs, … is near).</summary>
    Skip,

    Mismatch,

    /// <summary>
    /// The analytic derivative is NaN or infinite where finite differences give a finite one: an intermediate the
    /// result does not depend on overflowed (0·∞ in the reverse sweep, as in every reverse-mode tool). Counted, not failed.
    /// </summary>
    NonFinite,
}

/// <summary>
/// The derivative of <c>t ↦ Main(p + t·v)</c> at 0 against the analytic <c>∇Main(p)·v</c>, by Ridders' extrapolation
/// (<see cref="FiniteDifferences.DerivativeWithError"/>, which also estimates its error) from two initial steps.
/// A finite difference counts only when its error estimate is far below the tolerance; when the two disagree with
/// each other the point is near a kink and is skipped. Tolerances: relative 1e-6 (floor 1) in double, 5e-3 plus 0.01
/// absolute when a single-precision input is on the line.
/// </summary>
internal sealed class LineCheck
{
    private readonly Drivers _drivers;
    private readonly double _rtol;
    private readonly double _atol;
    private readonly double _reliable;
    private readonly double _secondStep;

    private readonly Func<Exception, bool> _mayThrow;

    public LineCheck(Drivers drivers, bool single, Func<Exception, bool> mayThrow)
    {
        _drivers = drivers;
        _mayThrow = mayThrow;
        _rtol = single ? 5e-3 : 1e-6;
        _atol = single ? 1e-2 : 0;
        _reliable = single ? 0.3 : 0.1;
        _secondStep = single ? 1e-2 : 1e-3;
    }

    public LineResult Run(double[] p, double[] v, double analytic, out string detail)
    {
        try
        {
            return RunSteps(p, v, analytic, out detail);
        }
        catch (GuardCrossed)
        {
            // A throw of the program taken along the line near the point: no derivative there to compare.
            detail = "a throw taken near the point";
            return LineResult.Skip;
        }
    }

    private LineResult RunSteps(double[] p, double[] v, double analytic, out string detail)
    {
        var scratch = new double[p.Length];
        Func<double, double> f = t =>
        {
            for (int j = 0; j < p.Length; j++)
            {
                scratch[j] = v[j] == 0 ? p[j] : p[j] + (t * v[j]);
            }

            try
            {
                return _drivers.Value(scratch);
            }
            catch (Exception e) when (_mayThrow(e))
            {
                throw new GuardCrossed();
            }
            catch (Exception e) when (e is not FuzzException)
            {
                throw new FuzzException(new Finding(FindingKind.ProgramThrew, e.GetType().Name + ": " + e.Message + "\n" + e.StackTrace));
            }
        };

        var a = FiniteDifferences.DerivativeWithError(f, 0.0, FiniteDifferenceScheme.Richardson, 0.05);
        if (!double.IsFinite(analytic) && Reliable(a))
        {
            detail = $"analytic {F(analytic)}, Ridders(h0 0.05) {F(a.Value)} ± {a.ErrorEstimate:G2}";
            return LineResult.NonFinite;
        }

        detail = $"analytic {F(analytic)}, Ridders(h0 0.05) {F(a.Value)} ± {a.ErrorEstimate:G2}";
        if (Reliable(a) && Agrees(a, analytic))
        {
            return LineResult.Pass;
        }

        var b = FiniteDifferences.DerivativeWithError(f, 0.0, FiniteDifferenceScheme.Richardson, _secondStep);
        detail += $", Ridders(h0 {_secondStep:G}) {F(b.Value)} ± {b.ErrorEstimate:G2}";
        if (!double.IsFinite(analytic) && Reliable(b))
        {
            // F4 too, where only the smaller step gives a reliable estimate.
            return LineResult.NonFinite;
        }

        if (Reliable(b) && Agrees(b, analytic))
        {
            return LineResult.Pass;
        }

        // A mismatch needs the smaller-step estimate to be reliable and the larger one, if reliable, to agree with
        // it: a sawtooth (x % 1.75 of a fast-growing x) can look smooth at the larger steps only.
        if (!Reliable(b) || (Reliable(a) && !(Math.Abs(a.Value - b.Value) <= Tolerance(a.Value))))
        {
            return LineResult.Skip;
        }

        return LineResult.Mismatch;
    }

    /// <summary>
    /// Relative to max(1, |reference|); in single precision plus 0.01 absolute: a float function cannot resolve a
    /// derivative much below that over Ridders' smallest steps (it reads as flat).
    /// </summary>
    private double Tolerance(double reference) => (_rtol * Math.Max(1.0, Math.Abs(reference))) + _atol;

    private bool Reliable(FiniteDifferenceResult r) =>
        double.IsFinite(r.Value) && r.ErrorEstimate <= _reliable * Tolerance(r.Value);

    private bool Agrees(FiniteDifferenceResult r, double analytic) =>
        Math.Abs(analytic - r.Value) <= Tolerance(r.Value);

    private static string F(double x) => x.ToString("R", CultureInfo.InvariantCulture);
}
