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
    /// luma, two box-sum planes that end as the mark, the marked copy): about 45 bytes a pixel (a 12 MP PNG marked by
    /// <c>candor watermark embed</c> peaked at 550 MB resident; measuring the written copy again nearly triples it).
    /// </summary>
    public const long MaxPixels = 64L * 1024 * 1024;

    /// <summary>Returns a marked copy of <paramref name="image"/> (R, G and B change equally; alpha is kept).</summary>
    /// <exception cref="ArgumentException">The image is smaller than 128×128 pixels or larger than <see cref="MaxPixels"/>.</exception>
    public static FloatImage Embed(FloatImage image, WatermarkKey key, WatermarkPayload payload, WatermarkOptions? options = null) =>
        Embed(image, key, payload, options, null);

    /// <summary>As <see cref="Embed(FloatImage, WatermarkKey, WatermarkPayload, WatermarkOptions?)"/>, timing each step on <paramref name="clock"/> when given.</summary>
    internal static FloatImage Embed(FloatImage image, WatermarkKey key, WatermarkPayload payload, WatermarkOptions? options, SectionClock? clock)
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

        var threads = PlaneOps.Threads(options.MaxDegreeOfParallelism);
        int width = image.Width, height = image.Height;
        long pixels = image.PixelCount;
        clock?.Start();
        var layout = TileLayout.For(key);
        var tile = TileLayout.Render(layout.ChipValues(ConvolutionalCode.Encode(TileLayout.InfoBitsFor(key, payload))));
        clock?.Lap("tile");
        var (luma, delta, energy) = LumaAndMark(image, tile, threads);
        clock?.Lap("luma, mask, spread");
        var rms = Math.Sqrt(energy / image.PixelCount);
        // delta × baseGain is the mark at the strength asked for: an RMS change of BaseRms × strength.
        var baseGain = rms > 0 ? (float)(BaseRms * options.Strength / rms) : 0f;
        var gain = baseGain;
        if (options.Adaptive && baseGain > 0)
        {
            // Informed embedding: on busy pictures the same amplitude stands out less against the texture the
            // detector has to see through. Measure how far the mark moves the pilot score at its own placement
            // (the picture alone scores a key-dependent ±1 or so there, which must not count as the mark's) —
            // R, G and B all move by delta, so the luma does too — and raise the amplitude (at most MaxBoost×)
            // until the mark alone reaches the score smooth photographs get at strength 1.
            var (working, ww, wh, factor) = Working(luma, width, height, threads);
            // The detector's working image is a block average, which is linear: the marked one is the picture's plus the mark's.
            // (The luma is not needed after this: the working image may be it and take the mark in place.) On a large image the
            // two scores are independent work for two threads.
            double unmarked = 0, marked0 = 0;
            if (threads > 1 && pixels >= PlaneOps.ParallelPixels)
            {
                var markedWorking = (float[])working.Clone();
                Parallel.Invoke(new ParallelOptions { MaxDegreeOfParallelism = threads },
                    () => unmarked = PilotScore(working, ww, wh, width, height, factor, layout),
                    () =>
                    {
                        AddMark(markedWorking, delta, baseGain, width, height, factor, threads: 1);
                        marked0 = PilotScore(markedWorking, ww, wh, width, height, factor, layout);
                    });
                clock?.Lap("scores");
            }
            else
            {
                unmarked = PilotScore(working, ww, wh, width, height, factor, layout);
                clock?.Lap("score unmarked");
                AddMark(working, delta, baseGain, width, height, factor, threads);
                clock?.Lap("luma + mark");
                marked0 = PilotScore(working, ww, wh, width, height, factor, layout);
                clock?.Lap("score marked");
            }
            // The pilot score is a normalised correlation times √256, so it saturates at 16; compare
            // signal-to-noise ratios c/√(1−c²) instead, which grow in proportion to the amplitude.
            var target = Snr(Math.Min(TargetScore * options.Strength, 15.5));
            var reached = Snr(marked0 - unmarked);
            var boost = reached <= 0 ? MaxBoost : reached < target ? (float)Math.Min(MaxBoost, target / reached) : 1f;
            if (boost > 1)
            {
                // The raise never takes the picture below the PSNR floor (shifted by the strength asked for, as the
                // unraised mark is): a busy picture gets the amplitude the floor allows, and at least the unraised mark.
                var floor = PsnrFloor - 20 * Math.Log10(options.Strength);
                gain = Math.Max(baseGain, CapForPsnr(delta, baseGain * boost, floor, width, height, threads));
                clock?.Lap("psnr cap");
            }
        }
        var marked = Apply(image, delta, gain, threads);
        clock?.Lap("apply");
        return marked;
    }

    /// <summary>
    /// The luma, the unscaled mark (perceptual mask × the tile repeated over the image, scaled up bilinearly on images
    /// longer than <see cref="WorkingSize"/>) and the mark's sum of squares, in three passes over the rows, each row-local
    /// once the previous pass is complete, so threads take row ranges with two waits in all:
    /// <list type="number">
    /// <item>luma, and its 5-pixel row sums;</item>
    /// <item>the 5×5 mean (column sums of those), the squared difference of luma from it, and that square's 9-pixel row sums;</item>
    /// <item>its 9×9 mean, the spread (square root) clamped to [<see cref="MaskFloor"/>, <see cref="MaskCeiling"/>] — the mask —
    /// times the tile.</item>
    /// </list>
    /// </summary>
    internal static (float[] Luma, float[] Delta, double Energy) LumaAndMark(FloatImage image, float[] tile, int threads)
    {
        const int t = TileLayout.Tile, near = 2, wide = 4;
        const float meanNorm = 1f / ((2 * near + 1) * (2 * near + 1)), energyNorm = 1f / ((2 * wide + 1) * (2 * wide + 1));
        int width = image.Width, height = image.Height;
        long pixels = image.PixelCount;
        var grey = image.Channels == 1;
        var (r, g, b) = grey ? (image.Planes[0], image.Planes[0], image.Planes[0]) : (image.Planes[0], image.Planes[1], image.Planes[2]);
        var luma = GC.AllocateUninitializedArray<float>(image.PixelCount);
        var nearSums = GC.AllocateUninitializedArray<float>(image.PixelCount);
        var wideSums = GC.AllocateUninitializedArray<float>(image.PixelCount);
        PlaneOps.ForRows(height, pixels, threads, (first, end) =>
        {
            var padded = new float[width + 2 * near];
            for (var y = first; y < end; y++)
            {
                var at = y * width;
                var l = luma.AsSpan(at, width);
                PlaneOps.Luma(r, g, b, grey, at, l);
                PlaneOps.RowSum(l, padded, nearSums.AsSpan(at, width), near);
            }
        });
        PlaneOps.ForRows(height, pixels, threads, (first, end) =>
        {
            var padded = new float[width + 2 * wide];
            var square = new float[width];
            for (var y = first; y < end; y++)
            {
                PlaneOps.ColumnSums(nearSums, width, height, near, y, square);
                var l = luma.AsSpan(y * width, width);
                for (var x = 0; x < square.Length; x++)
                {
                    var d = l[x] - square[x] * meanNorm;
                    square[x] = d * d;
                }
                PlaneOps.RowSum(square, padded, wideSums.AsSpan(y * width, width), wide);
            }
        });
        // The near sums are spent: their plane takes the mark.
        var delta = nearSums;
        var rowEnergy = new double[height];
        var scale = Math.Min(1.0, (double)WorkingSize / Math.Max(width, height));
        // On a scaled tile, tile coordinate u = x × scale: per image column, the first of the two tile columns and the weight of the second.
        int[]? c0 = null;
        float[]? fx = null;
        if (scale < 1)
        {
            c0 = new int[width];
            fx = new float[width];
            for (var x = 0; x < width; x++)
            {
                var u = x * scale;
                var ux = Math.Floor(u);
                c0[x] = (int)ux & (t - 1);
                fx[x] = (float)(u - ux);
            }
        }
        PlaneOps.ForRows(height, pixels, threads, (first, end) =>
        {
            var line = new float[t + 1];
            for (var y = first; y < end; y++)
            {
                var row = delta.AsSpan(y * width, width);
                PlaneOps.ColumnSums(wideSums, width, height, wide, y, row);
                var x = 0;
                if (System.Numerics.Vector.IsHardwareAccelerated)
                {
                    var lanes = System.Numerics.Vector<float>.Count;
                    System.Numerics.Vector<float> norm = new(energyNorm), low = new(MaskFloor), high = new(MaskCeiling);
                    for (; x <= width - lanes; x += lanes)
                    {
                        var e = System.Numerics.Vector.Max(System.Numerics.Vector<float>.Zero, new System.Numerics.Vector<float>(row[x..]) * norm);
                        System.Numerics.Vector.Min(high, System.Numerics.Vector.Max(low, System.Numerics.Vector.SquareRoot(e))).CopyTo(row[x..]);
                    }
                }
                for (; x < width; x++) row[x] = Math.Clamp(MathF.Sqrt(Math.Max(0f, row[x] * energyNorm)), MaskFloor, MaskCeiling);
                double e2 = 0;
                if (c0 is null)
                {
                    var tileRow = tile.AsSpan((y & (t - 1)) * t, t);
                    for (x = 0; x < row.Length; x++)
                    {
                        var v = row[x] * tileRow[x & (t - 1)];
                        row[x] = v;
                        e2 += v * v;
                    }
                }
                else
                {
                    // This row's v in the tile: the two tile rows interpolated once, then along u per pixel.
                    var vv = y * scale;
                    var vy = Math.Floor(vv);
                    var fy = (float)(vv - vy);
                    int r0 = ((int)vy & (t - 1)) * t, r1 = (((int)vy + 1) & (t - 1)) * t;
                    for (var u = 0; u < t; u++) line[u] = (1 - fy) * tile[r0 + u] + fy * tile[r1 + u];
                    line[t] = line[0];
                    for (x = 0; x < row.Length; x++)
                    {
                        var c = c0[x];
                        var f = fx![x];
                        var v = row[x] * ((1 - f) * line[c] + f * line[c + 1]);
                        row[x] = v;
                        e2 += v * v;
                    }
                }
                rowEnergy[y] = e2;
            }
        });
        double energy = 0;
        foreach (var e in rowEnergy) energy += e;
        return (luma, delta, energy);
    }

    /// <summary><paramref name="working"/> += <paramref name="gain"/> × the mark <paramref name="delta"/> brought to the working size.</summary>
    private static void AddMark(float[] working, float[] delta, float gain, int width, int height, int factor, int threads)
    {
        var mark = factor == 1 ? delta : PlaneOps.BoxDownscale(delta, width, height, factor, threads);
        for (var i = 0; i < working.Length; i++) working[i] += gain * mark[i];
    }

    /// <summary>
    /// The detector's working image: the luma box-averaged down by the smallest integer factor that brings the long side
    /// to <see cref="WorkingSize"/> or less (the luma itself when the factor is 1).
    /// </summary>
    private static (float[] Plane, int Width, int Height, int Factor) Working(float[] luma, int width, int height, int threads)
    {
        var factor = Math.Max(1, (Math.Max(width, height) + WorkingSize - 1) / WorkingSize);
        return factor == 1
            ? (luma, width, height, 1)
            : (PlaneOps.BoxDownscale(luma, width, height, factor, threads), width / factor, height / factor, factor);
    }

    /// <summary>
    /// The pilot score at the exact placement the embedder uses (unmoved tile, no symmetry, offset 0) on a working image:
    /// what <see cref="WatermarkDetector.PilotScoreAtOrigin"/> computes, for the embedder to measure the picture with and
    /// without its mark. The residual and the fold are the detector's, and only the 1,024 chip centres of the
    /// matched-filtered tile are computed. A test holds the two equal.
    /// </summary>
    internal static double PilotScore(float[] working, int width, int height, int sourceWidth, int sourceHeight, int factor, TileLayout layout)
    {
        const int t = TileLayout.Tile, g = TileLayout.Grid;
        var residual = PlaneOps.Residual(working, width, height);
        var embedScale = Math.Min(1.0, (double)WorkingSize / Math.Max(sourceWidth, sourceHeight));
        var cellScale = 1 / embedScale / factor;
        var folded = WatermarkDetector.Fold(residual, width, height, Lattice.Identity.Scale(cellScale));

        // The matched filter (the chip shape along x, then along y) at the chip centres (4i + 1, 4j + 1) only.
        var taps = TileLayout.MatchedTaps;
        var across = new float[t * g];
        for (var y = 0; y < t; y++)
            for (var i = 0; i < g; i++)
            {
                var s = 0f;
                for (var k = 0; k < taps.Length; k++) s += taps[k] * folded[y * t + ((4 * i + 1 + k - 3) & (t - 1))];
                across[y * g + i] = s;
            }
        var chips = new float[TileLayout.Chips];
        for (var j = 0; j < g; j++)
            for (var i = 0; i < g; i++)
            {
                var s = 0f;
                for (var k = 0; k < taps.Length; k++) s += taps[k] * across[((4 * j + 1 + k - 3) & (t - 1)) * g + i];
                chips[j * g + i] = s;
            }
        var variance = WatermarkDetector.CenterChips(chips);
        if (!(variance > 0)) return 0;
        double sum = 0;
        for (var k = 0; k < chips.Length; k++) sum += layout.PilotGrid[k] * chips[k];
        return sum / Math.Sqrt(TileLayout.Pilots * variance);
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

    /// <summary>
    /// Lowest PSNR (dB, at strength 1) the adaptive raise may take a picture to: the mark's RMS change at strength 1 is
    /// 2.2 grey levels, about 41 dB, and the raise on busy pictures stops where the 8-bit result would fall below this.
    /// </summary>
    internal const double PsnrFloor = 38.0;

    /// <summary>The perceptual mask's clamp (grey levels of local activity): texture takes up to twice the amplitude of flat areas.</summary>
    internal const float MaskFloor = 3f, MaskCeiling = 6f;

    /// <summary>
    /// The largest gain up to <paramref name="gain"/> at which the 8-bit result stays at or above <paramref name="floorDb"/>
    /// PSNR. Every colour channel moves by gain × delta and is rounded, so on an 8-bit picture the squared error of a pixel
    /// is round(gain × delta)² in each channel (less where the result clips at black or white): the prediction is exact
    /// or pessimistic.
    /// </summary>
    internal static float CapForPsnr(float[] delta, float gain, double floorDb, int width, int height, int threads)
    {
        var allowed = 255.0 * 255.0 / Math.Pow(10, floorDb / 10);
        for (var attempt = 0; attempt < 8; attempt++)
        {
            var mse = RoundedMse(delta, gain, width, height, threads);
            if (mse <= allowed) return gain;
            // Squared error grows about as gain²; aim a little under the floor so the next check passes.
            gain *= (float)Math.Min(0.999, Math.Sqrt(allowed / mse) * 0.998);
        }
        return gain;
    }

    private static double RoundedMse(float[] delta, float gain, int width, int height, int threads)
    {
        var rowSums = new double[height];
        PlaneOps.ForRows(height, delta.Length, threads, (first, end) =>
        {
            for (var y = first; y < end; y++)
            {
                var sum = 0f;
                foreach (var d in delta.AsSpan(y * width, width))
                {
                    var r = MathF.Round(gain * d, MidpointRounding.AwayFromZero);
                    sum += r * r;
                }
                rowSums[y] = sum;
            }
        });
        double total = 0;
        foreach (var s in rowSums) total += s;
        return total / delta.Length;
    }

    /// <summary>The marked copy: every colour plane plus <paramref name="gain"/> × <paramref name="delta"/>, alpha copied.</summary>
    private static FloatImage Apply(FloatImage image, float[] delta, float gain, int threads)
    {
        var colour = Math.Min(3, image.Channels);
        var planes = new float[image.Channels][];
        for (var c = 0; c < planes.Length; c++) planes[c] = c < colour ? GC.AllocateUninitializedArray<float>(image.PixelCount) : (float[])image.Planes[c].Clone();
        var width = image.Width;
        PlaneOps.ForRows(image.Height, image.PixelCount, threads, (first, end) =>
        {
            int start = first * width, count = (end - first) * width;
            for (var c = 0; c < colour; c++)
            {
                var src = image.Planes[c].AsSpan(start, count);
                var dst = planes[c].AsSpan(start, count);
                var d = delta.AsSpan(start, count);
                for (var i = 0; i < dst.Length; i++) dst[i] = src[i] + gain * d[i];
            }
        });
        return new FloatImage(image.Width, image.Height, planes);
    }
}
