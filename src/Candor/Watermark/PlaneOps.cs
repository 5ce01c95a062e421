namespace Candor.Watermark;

/// <summary>Float-plane helpers for the watermark: box means and downscaling, the detection residual and the embedding mask.</summary>
internal static class PlaneOps
{
    /// <summary>Mean over a (2r+1)² window, edges clamped, by running sums (cost independent of r).</summary>
    public static float[] BoxMean(float[] src, int width, int height, int radius)
    {
        var tmp = new float[src.Length];
        var dst = new float[src.Length];
        var norm = 1.0 / (2 * radius + 1);
        for (var y = 0; y < height; y++)
        {
            var row = y * width;
            var sum = 0.0;
            for (var k = -radius; k <= radius; k++) sum += src[row + Math.Clamp(k, 0, width - 1)];
            for (var x = 0; x < width; x++)
            {
                tmp[row + x] = (float)(sum * norm);
                int add = x + radius + 1, sub = x - radius;
                sum += src[row + (add < width ? add : width - 1)] - src[row + (sub > 0 ? sub : 0)];
            }
        }
        var colSum = new double[width];
        for (var k = -radius; k <= radius; k++)
        {
            var row = Math.Clamp(k, 0, height - 1) * width;
            for (var x = 0; x < width; x++) colSum[x] += tmp[row + x];
        }
        for (var y = 0; y < height; y++)
        {
            var row = y * width;
            var add = Math.Min(y + radius + 1, height - 1) * width;
            var sub = Math.Max(y - radius, 0) * width;
            for (var x = 0; x < width; x++)
            {
                dst[row + x] = (float)(colSum[x] * norm);
                colSum[x] += tmp[add + x] - tmp[sub + x];
            }
        }
        return dst;
    }

    /// <summary>
    /// Averages <paramref name="factor"/>×<paramref name="factor"/> blocks (the right and bottom remainders are
    /// dropped): a <paramref name="width"/>/factor × <paramref name="height"/>/factor plane.
    /// </summary>
    public static float[] BoxDownscale(float[] src, int width, int height, int factor)
    {
        int w = width / factor, h = height / factor;
        var small = new float[w * h];
        var inv = 1f / (factor * factor);
        for (var y = 0; y < h; y++)
            for (var x = 0; x < w; x++)
            {
                var sum = 0f;
                for (var j = 0; j < factor; j++)
                {
                    var row = (y * factor + j) * width + x * factor;
                    for (var i = 0; i < factor; i++) sum += src[row + i];
                }
                small[y * w + x] = sum * inv;
            }
        return small;
    }

    /// <summary>
    /// What the detector correlates with: luma minus its local mean (7×7), divided by the local
    /// spread of that difference (7×7) so edges and texture do not outweigh smooth areas, clipped.
    /// </summary>
    public static float[] Residual(float[] luma, int width, int height)
    {
        var mean = BoxMean(luma, width, height, 3);
        var hp = new float[luma.Length];
        var sq = new float[luma.Length];
        for (var i = 0; i < hp.Length; i++)
        {
            hp[i] = luma[i] - mean[i];
            sq[i] = hp[i] * hp[i];
        }
        var energy = BoxMean(sq, width, height, 3);
        for (var i = 0; i < hp.Length; i++)
        {
            var v = hp[i] / MathF.Sqrt(Math.Max(0f, energy[i]) + 4f);
            hp[i] = Math.Clamp(v, -2.5f, 2.5f);
        }
        return hp;
    }

    /// <summary>
    /// Perceptual mask for embedding: the local activity of the luma (spread of luma minus its 5×5
    /// mean over a 9×9 window), clamped to [<paramref name="floor"/>, <paramref name="ceiling"/>]: the
    /// mark goes where texture hides it and stays faint on smooth skin and sky.
    /// </summary>
    public static float[] Mask(float[] luma, int width, int height, float floor, float ceiling)
    {
        var mean = BoxMean(luma, width, height, 2);
        var sq = new float[luma.Length];
        for (var i = 0; i < sq.Length; i++)
        {
            var d = luma[i] - mean[i];
            sq[i] = d * d;
        }
        var energy = BoxMean(sq, width, height, 4);
        for (var i = 0; i < energy.Length; i++) energy[i] = Math.Clamp(MathF.Sqrt(Math.Max(0f, energy[i])), floor, ceiling);
        return energy;
    }
}
