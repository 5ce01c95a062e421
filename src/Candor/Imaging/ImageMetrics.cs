namespace Candor.Imaging;

/// <summary>Full-reference image quality: PSNR on the colour channels and SSIM on luma, both on the 0–255 scale.</summary>
public static class ImageMetrics
{
    private const int Window = 11;
    private const double WindowSigma = 1.5, C1 = 0.01 * 255 * 0.01 * 255, C2 = 0.03 * 255 * 0.03 * 255;

    /// <summary>
    /// Peak signal-to-noise ratio 10·log10(255² / MSE) in dB, the mean squared error taken over R, G and B (alpha is
    /// ignored; a 1-channel image is compared as grey = R = G = B). +∞ when the images are identical.
    /// </summary>
    /// <exception cref="ArgumentException">The images differ in size.</exception>
    public static double Psnr(FloatImage a, FloatImage b)
    {
        CheckSizes(a, b);
        var (ra, ga, ba) = ColorSpace.Rgb(a);
        var (rb, gb, bb) = ColorSpace.Rgb(b);
        var sum = SquaredError(ra, rb) + SquaredError(ga, gb) + SquaredError(ba, bb);
        var mse = sum / (3.0 * a.PixelCount);
        return mse == 0 ? double.PositiveInfinity : 10 * Math.Log10(255.0 * 255.0 / mse);
    }

    /// <summary>
    /// Mean structural similarity (Wang, Bovik, Sheikh and Simoncelli 2004) of the BT.601 lumas: local statistics under an
    /// 11 × 11 Gaussian window of σ 1.5, K1 = 0.01, K2 = 0.03, L = 255, averaged over every window position that fits inside
    /// the image (MATLAB's <c>ssim_index</c> 'valid' convention). 1 for identical images.
    /// </summary>
    /// <exception cref="ArgumentException">The images differ in size or are smaller than 11 × 11.</exception>
    public static double Ssim(FloatImage a, FloatImage b)
    {
        CheckSizes(a, b);
        if (a.Width < Window || a.Height < Window) throw new ArgumentException($"SSIM needs images of at least {Window}×{Window} pixels.", nameof(a));
        var x = ColorSpace.Luma(a);
        var y = ColorSpace.Luma(b);
        int w = a.Width, h = a.Height, n = x.Length;
        var xx = new float[n];
        var yy = new float[n];
        var xy = new float[n];
        for (var i = 0; i < n; i++)
        {
            xx[i] = x[i] * x[i];
            yy[i] = y[i] * y[i];
            xy[i] = x[i] * y[i];
        }
        var kernel = new double[Window];
        var total = 0.0;
        for (var k = 0; k < Window; k++) total += kernel[k] = Math.Exp(-(k - Window / 2) * (k - Window / 2) / (2 * WindowSigma * WindowSigma));
        for (var k = 0; k < Window; k++) kernel[k] /= total;

        var mx = FilterValid(x, w, h, kernel);
        var my = FilterValid(y, w, h, kernel);
        var sxx = FilterValid(xx, w, h, kernel);
        var syy = FilterValid(yy, w, h, kernel);
        var sxy = FilterValid(xy, w, h, kernel);
        var sum = 0.0;
        for (var i = 0; i < mx.Length; i++)
        {
            double mux = mx[i], muy = my[i];
            var varX = sxx[i] - mux * mux;
            var varY = syy[i] - muy * muy;
            var cov = sxy[i] - mux * muy;
            sum += (2 * mux * muy + C1) * (2 * cov + C2) / ((mux * mux + muy * muy + C1) * (varX + varY + C2));
        }
        return sum / mx.Length;
    }

    /// <summary>Separable correlation with <paramref name="kernel"/> at every position where the window fits (in double precision).</summary>
    private static double[] FilterValid(float[] source, int width, int height, double[] kernel)
    {
        var k = kernel.Length;
        int ow = width - k + 1, oh = height - k + 1;
        var rows = new double[ow * height];
        for (var y = 0; y < height; y++)
            for (var x = 0; x < ow; x++)
            {
                var s = 0.0;
                var at = y * width + x;
                for (var t = 0; t < k; t++) s += kernel[t] * source[at + t];
                rows[y * ow + x] = s;
            }
        var result = new double[ow * oh];
        for (var y = 0; y < oh; y++)
            for (var t = 0; t < k; t++)
            {
                var weight = kernel[t];
                var from = (y + t) * ow;
                var to = y * ow;
                for (var x = 0; x < ow; x++) result[to + x] += weight * rows[from + x];
            }
        return result;
    }

    private static double SquaredError(float[] a, float[] b)
    {
        var sum = 0.0;
        for (var i = 0; i < a.Length; i++)
        {
            double d = a[i] - b[i];
            sum += d * d;
        }
        return sum;
    }

    private static void CheckSizes(FloatImage a, FloatImage b)
    {
        ArgumentNullException.ThrowIfNull(a);
        ArgumentNullException.ThrowIfNull(b);
        if (a.Width != b.Width || a.Height != b.Height)
            throw new ArgumentException($"The images differ in size: {a.Width}×{a.Height} and {b.Width}×{b.Height}.", nameof(b));
    }
}
