using System;

namespace GradGen.Tests.Models;

/// <summary>
/// ADBench's Gaussian mixture model objective (Srajer, Kukelova, Fitzgibbon, "A benchmark of selected algorithmic
/// differentiation tools on some problems in computer vision and machine learning", 2018), written here from its
/// mathematics as plain loops over spans. Shared by the tests (golden value of ADBench's small test input) and the
/// benchmarks (linked into tests/GradGen.Benchmarks).
/// <para>
/// K components in d dimensions, n points <c>x</c> (n×d row-major). Component k has an unnormalised log weight
/// <c>αₖ</c>, a mean <c>μₖ</c> (row k of the K×d <c>means</c>) and the factor <c>Qₖ</c> of its inverse covariance
/// <c>Σₖ⁻¹ = QₖᵀQₖ</c>: lower triangular with diagonal <c>exp(qₖ)</c>. Row k of the K×(d(d+1)/2) <c>icf</c> holds
/// first the d log-diagonal entries <c>qₖ</c>, then the strictly lower triangle <c>Lₖ</c> column by column
/// (<c>L₁₀, L₂₀, …, L₂₁, …</c>).
/// </para>
/// <code>
/// E = −(nd/2)·log 2π + Σᵢ logsumexpₖ(αₖ + Σⱼ qₖⱼ − ½‖Qₖ(xᵢ − μₖ)‖²) − n·logsumexpₖ(αₖ)
///     + Σₖ [½γ²(Σⱼ exp(2qₖⱼ) + Σ Lₖ²) − m·Σⱼ qₖⱼ] − K·C(d, γ, m),
/// C(d, γ, m) = νd(log γ − ½ log 2) − log Γ_d(ν/2),  ν = d + m + 1,
/// </code>
/// the last line the Wishart prior with parameters γ and m (ADBench's sign conventions, constants included).
/// </summary>
public static partial class Gmm
{
    /// <summary>The objective E above; <c>k = alphas.Length</c>, <c>d = means.Length / k</c>, <c>n = x.Length / d</c>.</summary>
    [Differentiable]
    public static double Objective(
        ReadOnlySpan<double> alphas,
        ReadOnlySpan<double> means,
        ReadOnlySpan<double> icf,
        [NoDerivative] ReadOnlySpan<double> x,
        [NoDerivative] double wishartGamma,
        [NoDerivative] double wishartM)
    {
        int k = alphas.Length;
        int d = means.Length / k;
        int n = x.Length / d;
        int icfSize = d * (d + 1) / 2;

        // Per component: the diagonal exp(q) of Q and log det Q = Σ q.
        Span<double> qDiagonal = stackalloc double[k * d];
        Span<double> logDeterminant = stackalloc double[k];
        for (int c = 0; c < k; c++)
        {
            double sum = 0;
            for (int i = 0; i < d; i++)
            {
                double q = icf[c * icfSize + i];
                sum += q;
                qDiagonal[c * d + i] = Math.Exp(q);
            }

            logDeterminant[c] = sum;
        }

        // Σ over points of the log-sum-exp over components; y = Q(x − μ) is rewritten for every point and component.
        Span<double> y = stackalloc double[d];
        Span<double> terms = stackalloc double[k];
        double sumLogSumExp = 0;
        for (int p = 0; p < n; p++)
        {
            for (int c = 0; c < k; c++)
            {
                for (int i = 0; i < d; i++)
                {
                    y[i] = qDiagonal[c * d + i] * (x[p * d + i] - means[c * d + i]);
                }

                int l = c * icfSize + d;
                for (int i = 0; i < d; i++)
                {
                    for (int j = i + 1; j < d; j++)
                    {
                        y[j] += icf[l] * (x[p * d + i] - means[c * d + i]);
                        l++;
                    }
                }

                double squaredNorm = 0;
                for (int i = 0; i < d; i++)
                {
                    squaredNorm += y[i] * y[i];
                }

                terms[c] = alphas[c] + logDeterminant[c] - 0.5 * squaredNorm;
            }

            double max = terms[0];
            for (int c = 1; c < k; c++)
            {
                max = Math.Max(max, terms[c]);
            }

            double sumExp = 0;
            for (int c = 0; c < k; c++)
            {
                sumExp += Math.Exp(terms[c] - max);
            }

            sumLogSumExp += Math.Log(sumExp) + max;
        }

        // logsumexp(α): the normaliser of the mixture weights.
        double maxAlpha = alphas[0];
        for (int c = 1; c < k; c++)
        {
            maxAlpha = Math.Max(maxAlpha, alphas[c]);
        }

        double sumExpAlpha = 0;
        for (int c = 0; c < k; c++)
        {
            sumExpAlpha += Math.Exp(alphas[c] - maxAlpha);
        }

        double logSumExpAlphas = Math.Log(sumExpAlpha) + maxAlpha;

        // The Wishart prior: ½γ²‖Qₖ‖²_F − m·log det Qₖ per component.
        double prior = 0;
        for (int c = 0; c < k; c++)
        {
            double frobenius = 0;
            for (int i = 0; i < d; i++)
            {
                frobenius += qDiagonal[c * d + i] * qDiagonal[c * d + i];
            }

            for (int i = d; i < icfSize; i++)
            {
                frobenius += icf[c * icfSize + i] * icf[c * icfSize + i];
            }

            prior += 0.5 * wishartGamma * wishartGamma * frobenius - wishartM * logDeterminant[c];
        }

        double constant = -0.5 * n * d * Math.Log(2 * Math.PI) - k * WishartConstant(d, wishartGamma, wishartM);
        return constant + sumLogSumExp - n * logSumExpAlphas + prior;
    }

    /// <summary>
    /// The objective and its gradient by hand: with <c>zₖ = x − μₖ</c>, <c>yₖ = Qₖzₖ</c> and the posteriors
    /// <c>rₖ = softmaxₖ(termₖ)</c> of each point,
    /// <c>∂E/∂αₖ = Σᵢ rᵢₖ − n·softmax(α)ₖ</c>, <c>∂E/∂μₖ = Σᵢ rᵢₖ Qₖᵀyᵢₖ</c>,
    /// <c>∂E/∂qₖⱼ = Σᵢ rᵢₖ(1 − yⱼ exp(qₖⱼ) zⱼ) + γ² exp(2qₖⱼ) − m</c>,
    /// <c>∂E/∂(Lₖ)ⱼᵢ = −Σᵢ rᵢₖ yⱼ zᵢ + γ² (Lₖ)ⱼᵢ</c>. Overwrites the three gradient spans.
    /// </summary>
    public static double ObjectiveGradientByHand(
        ReadOnlySpan<double> alphas,
        ReadOnlySpan<double> means,
        ReadOnlySpan<double> icf,
        ReadOnlySpan<double> x,
        double wishartGamma,
        double wishartM,
        Span<double> dAlphas,
        Span<double> dMeans,
        Span<double> dIcf)
    {
        int k = alphas.Length;
        int d = means.Length / k;
        int n = x.Length / d;
        int icfSize = d * (d + 1) / 2;
        if (dAlphas.Length != k || dMeans.Length != k * d || dIcf.Length != k * icfSize)
        {
            throw new ArgumentException("The gradient spans must have the lengths of alphas, means and icf.");
        }

        dAlphas.Clear();
        dMeans.Clear();
        dIcf.Clear();

        // Scratch on the stack, like the generated code's: z and y for every component of the current point.
        Span<double> qDiagonal = stackalloc double[k * d];
        Span<double> logDeterminant = stackalloc double[k];
        Span<double> z = stackalloc double[k * d];
        Span<double> y = stackalloc double[k * d];
        Span<double> terms = stackalloc double[k];

        for (int c = 0; c < k; c++)
        {
            double sum = 0;
            for (int i = 0; i < d; i++)
            {
                double q = icf[c * icfSize + i];
                sum += q;
                qDiagonal[c * d + i] = Math.Exp(q);
            }

            logDeterminant[c] = sum;
        }

        double sumLogSumExp = 0;
        for (int p = 0; p < n; p++)
        {
            ReadOnlySpan<double> point = x.Slice(p * d, d);
            double max = double.NegativeInfinity;
            for (int c = 0; c < k; c++)
            {
                Span<double> zc = z.Slice(c * d, d);
                Span<double> yc = y.Slice(c * d, d);
                for (int i = 0; i < d; i++)
                {
                    zc[i] = point[i] - means[c * d + i];
                    yc[i] = qDiagonal[c * d + i] * zc[i];
                }

                int l = c * icfSize + d;
                for (int i = 0; i < d; i++)
                {
                    for (int j = i + 1; j < d; j++)
                    {
                        yc[j] += icf[l] * zc[i];
                        l++;
                    }
                }

                double squaredNorm = 0;
                for (int i = 0; i < d; i++)
                {
                    squaredNorm += yc[i] * yc[i];
                }

                terms[c] = alphas[c] + logDeterminant[c] - 0.5 * squaredNorm;
                max = Math.Max(max, terms[c]);
            }

            double sumExp = 0;
            for (int c = 0; c < k; c++)
            {
                sumExp += Math.Exp(terms[c] - max);
            }

            double logSumExp = Math.Log(sumExp) + max;
            sumLogSumExp += logSumExp;

            // Back through this point's log-sum-exp: each component's term has weight r = its posterior.
            for (int c = 0; c < k; c++)
            {
                double r = Math.Exp(terms[c] - logSumExp);
                ReadOnlySpan<double> zc = z.Slice(c * d, d);
                ReadOnlySpan<double> yc = y.Slice(c * d, d);
                dAlphas[c] += r;
                for (int i = 0; i < d; i++)
                {
                    double diagonal = qDiagonal[c * d + i];
                    dMeans[c * d + i] += r * diagonal * yc[i];
                    dIcf[c * icfSize + i] += r * (1 - yc[i] * diagonal * zc[i]);
                }

                int l = c * icfSize + d;
                for (int i = 0; i < d; i++)
                {
                    for (int j = i + 1; j < d; j++)
                    {
                        dMeans[c * d + i] += r * icf[l] * yc[j];
                        dIcf[l] -= r * yc[j] * zc[i];
                        l++;
                    }
                }
            }
        }

        double maxAlpha = double.NegativeInfinity;
        for (int c = 0; c < k; c++)
        {
            maxAlpha = Math.Max(maxAlpha, alphas[c]);
        }

        double sumExpAlpha = 0;
        for (int c = 0; c < k; c++)
        {
            sumExpAlpha += Math.Exp(alphas[c] - maxAlpha);
        }

        double logSumExpAlphas = Math.Log(sumExpAlpha) + maxAlpha;
        for (int c = 0; c < k; c++)
        {
            dAlphas[c] -= n * Math.Exp(alphas[c] - logSumExpAlphas);
        }

        double gammaSquared = wishartGamma * wishartGamma;
        double prior = 0;
        for (int c = 0; c < k; c++)
        {
            double frobenius = 0;
            for (int i = 0; i < d; i++)
            {
                double diagonal = qDiagonal[c * d + i];
                frobenius += diagonal * diagonal;
                dIcf[c * icfSize + i] += gammaSquared * diagonal * diagonal - wishartM;
            }

            for (int i = d; i < icfSize; i++)
            {
                double entry = icf[c * icfSize + i];
                frobenius += entry * entry;
                dIcf[c * icfSize + i] += gammaSquared * entry;
            }

            prior += 0.5 * gammaSquared * frobenius - wishartM * logDeterminant[c];
        }

        double constant = -0.5 * n * d * Math.Log(2 * Math.PI) - k * WishartConstant(d, wishartGamma, wishartM);
        return constant + sumLogSumExp - n * logSumExpAlphas + prior;
    }

    /// <summary>
    /// The Wishart prior's per-component constant <c>C = νd(log γ − ½ log 2) − log Γ_d(ν/2)</c>, <c>ν = d + m + 1</c>,
    /// with the multivariate gamma function <c>Γ_d(a) = π^{d(d−1)/4} Πⱼ₌₁..d Γ(a + (1 − j)/2)</c>.
    /// </summary>
    public static double WishartConstant(int d, double wishartGamma, double wishartM)
    {
        double nu = d + wishartM + 1;
        double logMultivariateGamma = 0.25 * d * (d - 1) * Math.Log(Math.PI);
        for (int j = 1; j <= d; j++)
        {
            logMultivariateGamma += LogGamma(0.5 * nu + 0.5 * (1 - j));
        }

        return nu * d * (Math.Log(wishartGamma) - 0.5 * Math.Log(2)) - logMultivariateGamma;
    }

    /// <summary>
    /// <c>log Γ(x)</c> for <c>x &gt; 0</c>. Integers and half-integers (the only arguments the prior takes for an
    /// integer m) by the recurrence from Γ(1) = 1 and Γ(½) = √π, exact to rounding; other values by Lanczos'
    /// approximation (g = 7, 9 terms; about 15 digits).
    /// </summary>
    public static double LogGamma(double x)
    {
        if (!(x > 0))
        {
            throw new ArgumentOutOfRangeException(nameof(x), x, "LogGamma needs x > 0.");
        }

        if (2 * x == Math.Floor(2 * x) && x < 1e6)
        {
            double result = x == Math.Floor(x) ? 0.0 : 0.5 * Math.Log(Math.PI);
            for (double t = x - 1; t > 0.25; t -= 1)
            {
                result += Math.Log(t);
            }

            return result;
        }

        if (x < 0.5)
        {
            // Reflection: Γ(x)Γ(1 − x) = π / sin(πx).
            return Math.Log(Math.PI / Math.Abs(Math.Sin(Math.PI * x))) - LogGamma(1 - x);
        }

        ReadOnlySpan<double> coefficients =
        [
            0.99999999999980993,
            676.5203681218851,
            -1259.1392167224028,
            771.32342877765313,
            -176.61502916214059,
            12.507343278686905,
            -0.13857109526572012,
            9.9843695780195716e-6,
            1.5056327351493116e-7,
        ];
        double shifted = x - 1;
        double series = coefficients[0];
        for (int i = 1; i < coefficients.Length; i++)
        {
            series += coefficients[i] / (shifted + i);
        }

        double t7 = shifted + 7.5;
        return 0.5 * Math.Log(2 * Math.PI) + (shifted + 0.5) * Math.Log(t7) - t7 + Math.Log(series);
    }
}
