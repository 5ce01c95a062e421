namespace Candor.Watermark;

/// <summary>Upper tail of the standard normal distribution, accurate in relative terms far into the tail.</summary>
internal static class NormalTail
{
    /// <summary>P(Z ≥ <paramref name="z"/>) for a standard normal Z.</summary>
    public static double Q(double z) => 0.5 * Erfc(z / Math.Sqrt(2));

    /// <summary>
    /// Complementary error function by the Chebyshev-fitted exponential form (fractional error below
    /// 1.2e-7 for every argument; Press et al., Numerical Recipes, §6.2).
    /// </summary>
    public static double Erfc(double x)
    {
        var z = Math.Abs(x);
        var t = 1 / (1 + 0.5 * z);
        var r = t * Math.Exp(-z * z - 1.26551223 + t * (1.00002368 + t * (0.37409196 + t * (0.09678418 + t * (-0.18628806
            + t * (0.27886807 + t * (-1.13520398 + t * (1.48851587 + t * (-0.82215223 + t * 0.17087277)))))))));
        return x >= 0 ? r : 2 - r;
    }
}
