using Candor.Imaging;

namespace Candor.Watermark;

/// <summary>
/// Embeds a keyed 64-bit watermark in an image's luma: the payload and a 24-bit keyed check are
/// convolutionally coded, spread over the chips of a 128×128 tile together with a pilot pattern,
/// and the tile is repeated over the whole image (scaled up on images larger than 1024 pixels on
/// their long side), weighted by a perceptual mask. See docs/watermark.md for the design.
/// </summary>
public static class WatermarkEmbedder
{
    /// <summary>RMS luma change at strength 1 (0–255 scale), before the perceptual mask's reshaping.</summary>
    internal const float BaseRms = 2.2f;

    /// <summary>Long side up to which the tile is 128 image pixels; larger images get a proportionally larger tile.</summary>
    internal const int WorkingSize = 1024;

    /// <summary>
    /// Largest image marked: 64 Mi pixels (8192 × 8192). Embedding holds several full-size float planes (the image, its
    /// luma, mask and mark, the marked copy) and <see cref="WatermarkFile.Embed"/> decodes the written copy again to
    /// measure it: about 120 bytes a pixel in all, measured at 8 GB peak for 8192 × 8192.
    /// </summary>
    public const long MaxPixels = 64L * 1024 * 1024;

    /// <summary>Returns a marked copy of <paramref name="image"/> (R, G and B change equally; alpha is kept).</summary>
    /// <exception cref="ArgumentException">The image is smaller than 128×128 pixels or larger than <see cref="MaxPixels"/>.</exception>
    public static FloatImage Embed(FloatImage image, WatermarkKey key, WatermarkPayload payload, WatermarkOptions? options = null)
    {
        ArgumentNullException.ThrowIfNull(image);
        ArgumentNullException.ThrowIfNull(key);
        ArgumentNullException.ThrowIfNull(payload);
        options ??= WatermarkOptions.Default;
        if (image.Width < TileLayout.Tile || image.Height < TileLayout.Tile)
            throw new ArgumentException($"the image is {image.Width}×{image.Height}; a watermark needs at least {TileLayout.Tile}×{TileLayout.Tile} pixels", nameof(image));
        if ((long)image.Width * image.Height > MaxPixels)
            throw new ArgumentException($"the image is {image.Width}×{image.Height}; a watermark is embedded in images of at most {MaxPixels} pixels ({MaxPixels >> 20} Mi, e.g. 8192×8192)", nameof(image));
        if (!(options.Strength > 0) || options.Strength > 16) throw new ArgumentOutOfRangeException(nameof(options), "strength must be above 0 and at most 16");

        var luma = ColorSpace.Luma(image);
        var delta = Delta(luma, image.Width, image.Height, key, payload, (float)options.Strength);
        var gain = 1f;
        if (options.Adaptive)
        {
            // Informed embedding: on busy pictures the same amplitude stands out less against the texture the
            // detector has to see through. Measure how far the mark moves the pilot score at its own placement
            // (the picture alone scores a key-dependent ±1 or so there, which must not count as the mark's) —
            // R, G and B all move by delta, so the luma does too — and raise the amplitude (at most MaxBoost×)
            // until the mark alone reaches the score smooth photographs get at strength 1.
            var unmarked = WatermarkDetector.PilotScoreAtOrigin(luma, image.Width, image.Height, key);
            for (var i = 0; i < luma.Length; i++) luma[i] += delta[i];
            var marked0 = WatermarkDetector.PilotScoreAtOrigin(luma, image.Width, image.Height, key);
            // The pilot score is a normalised correlation times √256, so it saturates at 16; compare
            // signal-to-noise ratios c/√(1−c²) instead, which grow in proportion to the amplitude.
            var target = Snr(Math.Min(TargetScore * options.Strength, 15.5));
            var reached = Snr(marked0 - unmarked);
            if (reached > 0 && reached < target) gain = (float)Math.Min(MaxBoost, target / reached);
            else if (reached <= 0) gain = MaxBoost;
        }
        var marked = image.Clone();
        var colour = Math.Min(3, image.Channels);
        for (var c = 0; c < colour; c++)
        {
            var plane = marked.Planes[c];
            for (var i = 0; i < plane.Length; i++) plane[i] += gain * delta[i];
        }
        return marked;
    }

    /// <summary>Pilot score that strength 1 aims for on every picture.</summary>
    internal const float TargetScore = 12.5f;

    private static double Snr(double pilotScore)
    {
        var c = Math.Clamp(pilotScore / Math.Sqrt(TileLayout.Pilots), 0, 0.999);
        return c / Math.Sqrt(1 - c * c);
    }

    /// <summary>Largest amplitude increase the adaptive step may apply.</summary>
    internal const float MaxBoost = 1.6f;

    /// <summary>The luma change for an image with luma <paramref name="luma"/>: mask × repeated tile, scaled to the target RMS.</summary>
    internal static float[] Delta(float[] luma, int width, int height, WatermarkKey key, WatermarkPayload payload, float strength)
    {
        var layout = new TileLayout(key);
        var coded = ConvolutionalCode.Encode(TileLayout.InfoBitsFor(key, payload));
        var tile = TileLayout.Render(layout.ChipValues(coded));
        var mask = PlaneOps.Mask(luma, width, height, 3f, 6f);
        var delta = new float[luma.Length];
        var scale = Math.Min(1.0, (double)WorkingSize / Math.Max(width, height));
        const int t = TileLayout.Tile;
        double energy = 0;
        for (var y = 0; y < height; y++)
        {
            var row = y * width;
            if (scale == 1.0)
            {
                var tileRow = (y & (t - 1)) * t;
                for (var x = 0; x < width; x++)
                {
                    var v = mask[row + x] * tile[tileRow + (x & (t - 1))];
                    delta[row + x] = v;
                    energy += v * v;
                }
            }
            else
            {
                var v0 = y * scale;
                var vy = (int)Math.Floor(v0);
                var fy = (float)(v0 - vy);
                int r0 = (vy & (t - 1)) * t, r1 = ((vy + 1) & (t - 1)) * t;
                for (var x = 0; x < width; x++)
                {
                    var u0 = x * scale;
                    var ux = (int)Math.Floor(u0);
                    var fx = (float)(u0 - ux);
                    int c0 = ux & (t - 1), c1 = (ux + 1) & (t - 1);
                    var p = (1 - fy) * ((1 - fx) * tile[r0 + c0] + fx * tile[r0 + c1]) + fy * ((1 - fx) * tile[r1 + c0] + fx * tile[r1 + c1]);
                    var v = mask[row + x] * p;
                    delta[row + x] = v;
                    energy += v * v;
                }
            }
        }
        var rms = Math.Sqrt(energy / delta.Length);
        var gain = rms > 0 ? (float)(BaseRms * strength / rms) : 0f;
        for (var i = 0; i < delta.Length; i++) delta[i] *= gain;
        return delta;
    }
}
