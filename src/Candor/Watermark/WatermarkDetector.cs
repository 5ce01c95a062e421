using System.Numerics;
using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;
using Candor.Imaging;

namespace Candor.Watermark;

/// <summary>
/// Finds a Candor watermark without the original image. The residual of the luma (what is left after
/// removing the local mean) is searched for the tile's repetition (autocorrelation → tile lattice, which
/// undoes scale, rotation, aspect change and flips), folded onto one tile, aligned by the pilot chips
/// over every offset and every symmetry of the square, and the best placements decoded (soft Viterbi) and
/// verified by the keyed 24-bit check.
/// <para>
/// The p-value has two routes: (A) a placement's decoded payload passes the 32-bit check — at most 8
/// placements are decoded per stage, so an unmarked image passes with probability at most 8·2⁻³² — weighted
/// by the pilot evidence of that placement; (B) the pilot correlation alone, a Gaussian tail
/// Bonferroni-corrected over every placement the stage may try (found, payload unreadable). The search runs in
/// two stages (the unmoved tile first, then estimated lattices); the reported p-value is four times the
/// smaller route's (two routes × two stages), so the false-positive rate stays at or below the threshold.
/// </para>
/// </summary>
public static class WatermarkDetector
{
    private const int Decoded = 8;
    private static readonly Fft ChipFft = new(TileLayout.Grid);

    /// <summary>The long side of the image the detector works on: larger images are box-averaged down by an integer factor to at most this.</summary>
    public const int WorkingSize = WatermarkEmbedder.WorkingSize;

    /// <summary>Looks for a watermark made with <paramref name="key"/>.</summary>
    public static WatermarkDetection Detect(FloatImage image, WatermarkKey key, WatermarkDetectOptions? options = null) =>
        Detect(image, key, options, null);

    /// <summary>As <see cref="Detect(FloatImage, WatermarkKey, WatermarkDetectOptions?)"/>, timing each step on <paramref name="clock"/> when given.</summary>
    internal static WatermarkDetection Detect(FloatImage image, WatermarkKey key, WatermarkDetectOptions? options, SectionClock? clock)
    {
        ArgumentNullException.ThrowIfNull(image);
        ArgumentNullException.ThrowIfNull(key);
        options ??= WatermarkDetectOptions.Default;
        clock?.Start();
        var threads = Threads(options, image.PixelCount);
        var factor = WorkingFactor(image.Width, image.Height);
        var luma = PlaneOps.LumaDownscale(image, factor, threads);
        clock?.Lap("luma");
        return Detect(luma, image.Width / factor, image.Height / factor, factor, image.Width, image.Height, key, options, threads, clock);
    }

    /// <summary>
    /// Looks for a watermark made with <paramref name="key"/> in an image already reduced to the working resolution
    /// (<see cref="ImageCodec.DecodeReduced"/> with <see cref="WorkingSize"/>), so a large file never has to be held whole.
    /// </summary>
    public static WatermarkDetection Detect(ReducedImage image, WatermarkKey key, WatermarkDetectOptions? options = null)
    {
        ArgumentNullException.ThrowIfNull(image);
        ArgumentNullException.ThrowIfNull(key);
        var reduced = image.Image;
        if (Math.Max(reduced.Width, reduced.Height) > WorkingSize)
            throw new ArgumentException($"the image is reduced to {reduced.Width}×{reduced.Height}; the detector works on at most {WorkingSize} pixels a side", nameof(image));
        options ??= WatermarkDetectOptions.Default;
        var threads = Threads(options, (long)image.SourceWidth * image.SourceHeight);
        var luma = PlaneOps.LumaDownscale(reduced, 1, threads);
        return Detect(luma, reduced.Width, reduced.Height, image.Factor, image.SourceWidth, image.SourceHeight, key, options, threads, null);
    }

    /// <summary>The search on working-resolution luma, <paramref name="factor"/> source pixels to one, of a <paramref name="sourceWidth"/> × <paramref name="sourceHeight"/> image.</summary>
    private static WatermarkDetection Detect(float[] luma, int width, int height, int factor, int sourceWidth, int sourceHeight, WatermarkKey key, WatermarkDetectOptions options, int threads, SectionClock? clock)
    {
        var layout = TileLayout.For(key);
        var pilotSpectrum = layout.PilotSpectrum;
        clock?.Lap("layout");
        var residual = PlaneOps.Residual(luma, width, height, threads);
        clock?.Lap("residual");
        var embedScale = Math.Min(1.0, (double)WatermarkEmbedder.WorkingSize / Math.Max(sourceWidth, sourceHeight));
        var unmoved = Lattice.Identity.Scale(1 / embedScale / factor);

        // Stage 1: the tile where the embedder put it (any crop offset, the eight flips and quarter turns) —
        // cheap, and all that signal processing, crops and flips need. Stage 2, only when stage 1 did not read a
        // verified payload: the lattices the autocorrelation suggests as well, unless one folds the same as the
        // unmoved tile (a small turn already drifts a tile by pixels across the image, so closeness is judged by that).
        var candidates = new List<Placement>();
        SearchLattices(residual, width, height, [unmoved], pilotSpectrum, candidates, threads, clock);
        var first = Conclude(layout, key, candidates, 1);
        clock?.Lap("conclude");
        if (first.Found(options.Threshold) && first.Verified is not null) return first.ToDetection(options.Threshold, factor);

        var estimates = LatticeEstimator.Estimate(residual, width, height, options.LatticeCandidates);
        clock?.Lap("lattice estimate");
        SearchLattices(residual, width, height, [.. estimates.Where(e => e.Drift(unmoved, width, height) > 0.5)], pilotSpectrum, candidates, threads, clock);
        var second = Conclude(layout, key, candidates, 1 + options.LatticeCandidates);
        clock?.Lap("conclude");
        var better = second.PValue <= first.PValue ? second : first;
        return better.ToDetection(options.Threshold, factor);
    }

    internal static void SearchLattice(float[] residual, int width, int height, Lattice lattice, (float[] Re, float[] Im) pilot, List<Placement> candidates) =>
        SearchLattices(residual, width, height, [lattice], pilot, candidates, 1, null);

    /// <summary>
    /// Folds the residual through each lattice and searches every symmetry of each fold, adding the placements found in
    /// the order of the lattices, then symmetries, whatever the number of threads.
    /// </summary>
    private static void SearchLattices(float[] residual, int width, int height, Lattice[] lattices, (float[] Re, float[] Im) pilot, List<Placement> candidates, int threads, SectionClock? clock)
    {
        if (lattices.Length == 0) return;
        var filtered = new float[lattices.Length][];
        var found = new List<Placement>[lattices.Length * 8];
        if (threads <= 1)
        {
            for (var l = 0; l < lattices.Length; l++)
            {
                var folded = Fold(residual, width, height, lattices[l]);
                clock?.Lap("fold");
                filtered[l] = MatchedFilter(folded);
                clock?.Lap("matched filter");
                for (var symmetry = 0; symmetry < 8; symmetry++) SearchSymmetry(filtered[l], symmetry, pilot, lattices[l], found[l * 8 + symmetry] = []);
                clock?.Lap("pilot search");
            }
        }
        else
        {
            var parallel = new ParallelOptions { MaxDegreeOfParallelism = threads };
            // One lattice (stage 1) folds on every thread; several fold side by side, one thread each.
            if (lattices.Length == 1) filtered[0] = MatchedFilter(Fold(residual, width, height, lattices[0], threads));
            else Parallel.For(0, lattices.Length, parallel, l => filtered[l] = MatchedFilter(Fold(residual, width, height, lattices[l])));
            Parallel.For(0, found.Length, parallel, job =>
            {
                var (l, symmetry) = (job / 8, job % 8);
                SearchSymmetry(filtered[l], symmetry, pilot, lattices[l], found[job] = []);
            });
        }
        foreach (var list in found) candidates.AddRange(list);
    }

    /// <summary>
    /// Decodes the best placements found so far and computes the p-value. <paramref name="lattices"/> is the
    /// number of lattices the stage may examine (its Bonferroni count, whether or not each was distinct).
    /// The final p-value doubles for the two routes (payload check, pilots alone) and doubles again for the
    /// two stages.
    /// </summary>
    private static Outcome Conclude(TileLayout layout, WatermarkKey key, List<Placement> candidates, int lattices)
    {
        long hypotheses = (long)lattices * 8 * 16 * TileLayout.Chips;
        candidates.Sort((a, b) => b.Z.CompareTo(a.Z));
        var chosen = Distinct(candidates, Decoded);
        WatermarkPayload? verified = null, guess = null;
        Placement? verifiedAt = null;
        foreach (var placement in chosen)
        {
            var payload = Decode(layout, placement, out var check);
            guess ??= payload;
            if (check == TileLayout.Check(key, payload))
            {
                verified = payload;
                verifiedAt = placement;
                break;
            }
        }
        Placement? best = chosen.Count > 0 ? chosen[0] : null;
        var pilotP = best is { } b ? Math.Min(1, hypotheses * NormalTail.Q(b.Z)) : 1;
        var routeA = verifiedAt is { } v ? Decoded * Math.Pow(2, -TileLayout.CheckBits) * Math.Min(1, hypotheses * NormalTail.Q(v.Z)) : 1;
        var p = Math.Min(1, 4 * Math.Min(routeA, pilotP));
        return new Outcome(p, pilotP, verified, verified ?? guess, best, verifiedAt ?? best, hypotheses);
    }

    private sealed record Outcome(double PValue, double PilotP, WatermarkPayload? Verified, WatermarkPayload? Guess, Placement? Best, Placement? Shown, long Hypotheses)
    {
        public bool Found(double threshold) => PValue <= threshold;

        public WatermarkDetection ToDetection(double threshold, int factor)
        {
            var describe = Shown?.Lattice.Describe();
            return new WatermarkDetection
            {
                Found = Found(threshold),
                PValue = PValue,
                Threshold = threshold,
                Payload = Verified,
                BestGuess = Guess,
                PilotScore = Best?.Z ?? 0,
                PilotPValue = PilotP,
                Period = describe is { } d ? (d.PeriodA * factor, d.PeriodB * factor) : null,
                RotationDegrees = describe?.RotationDegrees is { } r ? -r : null,
                Mirrored = Shown is { } s && (s.Lattice.Determinant < 0 ^ SymmetryMirrors(s.Symmetry)),
                Hypotheses = Hypotheses,
            };
        }
    }

    /// <summary>
    /// The pilot score of an image at the exact placement the embedder uses (unmoved tile, no symmetry, offset 0):
    /// what the embedder measures on the picture with and without its mark to see how much the mark stands out.
    /// </summary>
    internal static double PilotScoreAtOrigin(float[] luma, int imageWidth, int imageHeight, WatermarkKey key)
    {
        var layout = TileLayout.For(key);
        var (working, width, height, factor) = WorkingLuma(luma, imageWidth, imageHeight);
        var residual = PlaneOps.Residual(working, width, height);
        var embedScale = Math.Min(1.0, (double)WatermarkEmbedder.WorkingSize / Math.Max(imageWidth, imageHeight));
        var filtered = MatchedFilter(Fold(residual, width, height, Lattice.Identity.Scale(1 / embedScale / factor)));
        var chips = new float[TileLayout.Chips];
        var variance = SampleChips(filtered, 0, 0, chips);
        if (!(variance > 0)) return 0;
        double sum = 0;
        for (var k = 0; k < chips.Length; k++) sum += layout.PilotGrid[k] * chips[k];
        return sum / Math.Sqrt(TileLayout.Pilots * variance);
    }

    internal readonly record struct Placement(double Z, Lattice Lattice, int Symmetry, int Phase, int Shift, float[] Chips);

    /// <summary>The luma at working resolution: images longer than 1024 pixels are box-averaged down by an integer factor.</summary>
    private static (float[] Luma, int Width, int Height, int Factor) WorkingLuma(float[] luma, int width, int height)
    {
        var factor = WorkingFactor(width, height);
        if (factor > 1) (luma, width, height) = (PlaneOps.BoxDownscale(luma, width, height, factor), width / factor, height / factor);
        return (luma, width, height, factor);
    }

    /// <summary>The smallest integer factor that brings the long side to <see cref="WorkingSize"/> or less.</summary>
    private static int WorkingFactor(int width, int height) =>
        Math.Max(1, (Math.Max(width, height) + WatermarkEmbedder.WorkingSize - 1) / WatermarkEmbedder.WorkingSize);

    /// <summary>Threads for a detection in an image of <paramref name="pixels"/>: one under about a megapixel (<see cref="PlaneOps.ParallelPixels"/>).</summary>
    private static int Threads(WatermarkDetectOptions options, long pixels) =>
        pixels < PlaneOps.ParallelPixels ? 1 : PlaneOps.Threads(options.MaxDegreeOfParallelism);

    /// <summary>Accumulates the residual onto one tile through the inverse of the lattice (bilinear splat), averaged.</summary>
    internal static float[] Fold(float[] residual, int width, int height, Lattice lattice, int threads = 1)
    {
        const int t = TileLayout.Tile;
        var det = lattice.Determinant;
        double uxx = t * lattice.By / det, uxy = -t * lattice.Bx / det;
        double vyx = -t * lattice.Ay / det, vyy = t * lattice.Ax / det;
        if (uxx == 1 && vyy == 1 && uxy == 0 && vyx == 0) return FoldUnmoved(residual, width, height);
        if (uxy == 0 && vyx == 0) return FoldAxisAligned(residual, width, height, uxx, vyy, threads);
        // Sum and weight of a cell side by side, so the four cells a pixel splats onto are two cache lines at most.
        var cells = new float[2 * t * t];
        ref var cell = ref MemoryMarshal.GetArrayDataReference(cells);
        ref var pixel = ref MemoryMarshal.GetArrayDataReference(residual);
        for (var y = 0; y < height; y++)
        {
            var row = y * width;
            var u = uxy * y;
            var v = vyy * y;
            for (var x = 0; x < width; x++, u += uxx, v += vyx)
            {
                var r = Unsafe.Add(ref pixel, row + x);
                var fu = Math.Floor(u);
                var fv = Math.Floor(v);
                var au = (float)(u - fu);
                var av = (float)(v - fv);
                int iu = (int)fu & (t - 1), iv = (int)fv & (t - 1);
                int iu1 = (iu + 1) & (t - 1), iv1 = (iv + 1) & (t - 1);
                float w00 = (1 - au) * (1 - av), w10 = au * (1 - av), w01 = (1 - au) * av, w11 = au * av;
                Splat(ref cell, iv * t + iu, w00, r);
                Splat(ref cell, iv * t + iu1, w10, r);
                Splat(ref cell, iv1 * t + iu, w01, r);
                Splat(ref cell, iv1 * t + iu1, w11, r);
            }
        }
        var sum = new float[t * t];
        for (var i = 0; i < sum.Length; i++) sum[i] = cells[2 * i + 1] > 1e-6f ? cells[2 * i] / cells[2 * i + 1] : 0;
        return sum;
    }

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static void Splat(ref float cells, int at, float weight, float value)
    {
        ref var sum = ref Unsafe.Add(ref cells, 2 * at);
        sum += weight * value;
        Unsafe.Add(ref sum, 1) += weight;
    }

    /// <summary>
    /// <see cref="Fold"/> for a lattice along the axes (the unmoved tile at another scale, as on every large image, or a
    /// stretch): u then depends on x alone and v on y alone (each step adds ±0 to the other), so the splat's columns and
    /// weights along u are worked out once for every row. The splat is the same, pixel by pixel in the same order. With
    /// threads, each owns a band of tile rows and splats only onto those: a cell still takes its pixels in raster order.
    /// </summary>
    private static float[] FoldAxisAligned(float[] residual, int width, int height, double uxx, double vyy, int threads)
    {
        const int t = TileLayout.Tile;
        var cu = new int[width];
        var au = new float[width];
        var u = 0.0;
        for (var x = 0; x < width; x++, u += uxx)
        {
            var fu = Math.Floor(u);
            au[x] = (float)(u - fu);
            cu[x] = (int)fu & (t - 1);
        }
        var cells = new float[2 * t * t];
        var bands = threads > 1 && (long)width * height >= 1 << 18 ? threads : 1;
        if (bands == 1) SplatRows(residual, width, height, vyy, cu, au, 0, t, cells);
        else
            Parallel.For(0, bands, new ParallelOptions { MaxDegreeOfParallelism = threads },
                band => SplatRows(residual, width, height, vyy, cu, au, band * t / bands, (band + 1) * t / bands, cells));
        var sum = new float[t * t];
        for (var i = 0; i < sum.Length; i++) sum[i] = cells[2 * i + 1] > 1e-6f ? cells[2 * i] / cells[2 * i + 1] : 0;
        return sum;
    }

    /// <summary>The axis-aligned splat onto tile rows [<paramref name="firstRow"/>, <paramref name="endRow"/>) only.</summary>
    private static void SplatRows(float[] residual, int width, int height, double vyy, int[] cu, float[] au, int firstRow, int endRow, float[] cells)
    {
        const int t = TileLayout.Tile;
        ref var cell = ref MemoryMarshal.GetArrayDataReference(cells);
        for (var y = 0; y < height; y++)
        {
            var v = vyy * y;
            var fv = Math.Floor(v);
            var av = (float)(v - fv);
            int iv = (int)fv & (t - 1), iv1 = (iv + 1) & (t - 1);
            bool top = iv >= firstRow && iv < endRow, bottom = iv1 >= firstRow && iv1 < endRow;
            if (!top && !bottom) continue;
            var row = residual.AsSpan(y * width, width);
            for (var x = 0; x < row.Length; x++)
            {
                var r = row[x];
                var a = au[x];
                int iu = cu[x], iu1 = (iu + 1) & (t - 1);
                if (top)
                {
                    Splat(ref cell, iv * t + iu, (1 - a) * (1 - av), r);
                    Splat(ref cell, iv * t + iu1, a * (1 - av), r);
                }
                if (bottom)
                {
                    Splat(ref cell, iv1 * t + iu, (1 - a) * av, r);
                    Splat(ref cell, iv1 * t + iu1, a * av, r);
                }
            }
        }
    }

    /// <summary>
    /// <see cref="Fold"/> for the tile where the embedder put it at one working pixel per tile pixel: every pixel lands on one
    /// cell with weight 1 (the splat's other three weights are 0, and adding 0·r leaves a sum as it was), so the fold is
    /// tile-wide row additions, in the same order per cell, and the weights are counts.
    /// </summary>
    private static float[] FoldUnmoved(float[] residual, int width, int height)
    {
        const int t = TileLayout.Tile;
        var sum = new float[t * t];
        for (var y = 0; y < height; y++)
        {
            var cells = sum.AsSpan((y & (t - 1)) * t, t);
            for (var x = 0; x < width; x += t)
            {
                var n = Math.Min(t, width - x);
                PlaneOps.Add(cells[..n], residual.AsSpan(y * width + x, n));
            }
        }
        for (var v = 0; v < t; v++)
        {
            var rows = height / t + (v < height % t ? 1 : 0);
            for (var u = 0; u < t; u++)
            {
                var weight = (float)(rows * (width / t + (u < width % t ? 1 : 0)));
                sum[v * t + u] = weight > 1e-6f ? sum[v * t + u] / weight : 0;
            }
        }
        return sum;
    }

    /// <summary>
    /// One of the square's eight symmetries applied to a matched-filtered tile. Bit 0: transpose, bit 1: mirror x,
    /// bit 2: mirror y. The filter's output index x stands for position x + 0.5, so mirroring maps x to 126 − x
    /// (not 127 − x): filtering once and permuting equals permuting, then filtering.
    /// </summary>
    internal static float[] Dihedral(float[] tile, int symmetry)
    {
        const int t = TileLayout.Tile;
        if (symmetry == 0) return tile;
        var result = new float[tile.Length];
        for (var y = 0; y < t; y++)
            for (var x = 0; x < t; x++)
            {
                int sx = x, sy = y;
                if ((symmetry & 1) != 0) (sx, sy) = (sy, sx);
                if ((symmetry & 2) != 0) sx = (t - 2 - sx) & (t - 1);
                if ((symmetry & 4) != 0) sy = (t - 2 - sy) & (t - 1);
                result[y * t + x] = tile[sy * t + sx];
            }
        return result;
    }

    private static bool SymmetryMirrors(int symmetry) => (System.Numerics.BitOperations.PopCount((uint)symmetry) & 1) == 1;

    /// <summary>Cyclic separable filter with the chip shape; output index x is the response at x + 0.5.</summary>
    internal static float[] MatchedFilter(float[] tile)
    {
        const int t = TileLayout.Tile, reach = 3;
        var taps = TileLayout.MatchedTaps;
        var tmp = new float[tile.Length];
        var result = new float[tile.Length];
        // Along x: each row with its cyclic neighbours on both sides, so the taps read straight runs. The sum starts at 0
        // and adds the taps in order, as the plain loop does, on vector lanes.
        var padded = new float[t + taps.Length];
        for (var y = 0; y < t; y++)
        {
            for (var x = 0; x < padded.Length; x++) padded[x] = tile[y * t + ((x - reach) & (t - 1))];
            var row = tmp.AsSpan(y * t, t);
            for (var k = 0; k < taps.Length; k++) MultiplyAdd(row, padded.AsSpan(k, t), taps[k]);
        }
        for (var y = 0; y < t; y++)
        {
            var row = result.AsSpan(y * t, t);
            for (var k = 0; k < taps.Length; k++) MultiplyAdd(row, tmp.AsSpan(((y + k - reach) & (t - 1)) * t, t), taps[k]);
        }
        return result;
    }

    /// <summary><paramref name="dst"/>[x] += <paramref name="weight"/> · <paramref name="src"/>[x] (a multiply, then an add: no fused multiply-add).</summary>
    private static void MultiplyAdd(Span<float> dst, ReadOnlySpan<float> src, float weight)
    {
        var x = 0;
        if (Vector.IsHardwareAccelerated)
        {
            var w = new Vector<float>(weight);
            for (; x <= dst.Length - Vector<float>.Count; x += Vector<float>.Count)
                (new Vector<float>(dst[x..]) + w * new Vector<float>(src[x..])).CopyTo(dst[x..]);
        }
        for (; x < dst.Length; x++) dst[x] += weight * src[x];
    }

    internal static (float[] Re, float[] Im) Spectrum(float[] grid)
    {
        var re = (float[])grid.Clone();
        var im = new float[grid.Length];
        ChipFft.Transform2D(re, im, inverse: false);
        return (re, im);
    }

    /// <summary>
    /// Samples the chips at each of the 16 sub-chip offsets and correlates them with the pilots at every cyclic
    /// chip shift. Two offsets share one complex FFT (one as the real part, one as the imaginary part): the pilot
    /// grid is real, so the two correlations come back apart in the real and imaginary parts.
    /// </summary>
    internal static void Search(float[] filtered, (float[] Re, float[] Im) pilot, Lattice lattice, int symmetry, List<Placement> candidates) =>
        Search(filtered, 0, pilot, lattice, symmetry, candidates);

    /// <summary>
    /// <see cref="Search(float[], ValueTuple{float[], float[]}, Lattice, int, List{Placement})"/> of <see cref="Dihedral"/>(<paramref name="filtered"/>,
    /// <paramref name="symmetry"/>), reading the chips through the symmetry instead of permuting the whole tile first.
    /// </summary>
    internal static void SearchSymmetry(float[] filtered, int symmetry, (float[] Re, float[] Im) pilot, Lattice lattice, List<Placement> candidates) =>
        Search(filtered, symmetry, pilot, lattice, symmetry, candidates);

    /// <summary>The search, sampling the chips through the symmetry <paramref name="sampling"/> and recording placements under <paramref name="symmetry"/>.</summary>
    private static void Search(float[] filtered, int sampling, (float[] Re, float[] Im) pilot, Lattice lattice, int symmetry, List<Placement> candidates)
    {
        var re = new float[TileLayout.Chips];
        var im = new float[TileLayout.Chips];
        for (var phase = 0; phase < 16; phase += 2)
        {
            var first = new float[TileLayout.Chips];
            var second = new float[TileLayout.Chips];
            var firstVariance = SampleChips(filtered, sampling, phase, first);
            var secondVariance = SampleChips(filtered, sampling, phase + 1, second);
            first.CopyTo(re, 0);
            second.CopyTo(im, 0);
            ChipFft.Transform2D(re, im, inverse: false);
            for (var k = 0; k < re.Length; k++)
            {
                // G · conj(P)
                var (gr, gi) = (re[k], im[k]);
                re[k] = gr * pilot.Re[k] + gi * pilot.Im[k];
                im[k] = gi * pilot.Re[k] - gr * pilot.Im[k];
            }
            ChipFft.Transform2D(re, im, inverse: true);
            Keep(re, firstVariance, first, phase, lattice, symmetry, candidates);
            Keep(im, secondVariance, second, phase + 1, lattice, symmetry, candidates);
        }
    }

    /// <summary>
    /// The chip grid at one sub-chip offset of <see cref="Dihedral"/>(<paramref name="filtered"/>, <paramref name="symmetry"/>),
    /// into <paramref name="chips"/>, mean removed; returns its variance.
    /// </summary>
    private static double SampleChips(float[] filtered, int symmetry, int phase, float[] chips)
    {
        const int g = TileLayout.Grid, t = TileLayout.Tile;
        int px = phase & 3, py = phase >> 2;
        // Dihedral's result at (x, y) is the tile at (sx, sy): x and y swapped (bit 0), then each mirrored (bits 1, 2).
        for (var j = 0; j < g; j++)
        {
            var y = (4 * j + 1 + py) & (t - 1);
            for (var i = 0; i < g; i++)
            {
                var x = (4 * i + 1 + px) & (t - 1);
                int sx = x, sy = y;
                if ((symmetry & 1) != 0) (sx, sy) = (sy, sx);
                if ((symmetry & 2) != 0) sx = (t - 2 - sx) & (t - 1);
                if ((symmetry & 4) != 0) sy = (t - 2 - sy) & (t - 1);
                chips[j * g + i] = filtered[sy * t + sx];
            }
        }
        return CenterChips(chips);
    }

    /// <summary>Removes the chips' mean in place and returns their variance (the embedder's pilot estimate uses it too, so both score alike).</summary>
    internal static double CenterChips(float[] chips)
    {
        double mean = 0;
        for (var k = 0; k < chips.Length; k++) mean += chips[k];
        mean /= chips.Length;
        double variance = 0;
        for (var k = 0; k < chips.Length; k++)
        {
            chips[k] -= (float)mean;
            variance += chips[k] * chips[k];
        }
        return variance / chips.Length;
    }

    /// <summary>Adds the two best shifts of one correlation, as pilot scores (standard deviations of the unmarked case).</summary>
    private static void Keep(float[] correlation, double variance, float[] chips, int phase, Lattice lattice, int symmetry, List<Placement> candidates)
    {
        if (!(variance > 0)) return;
        var norm = 1 / Math.Sqrt(TileLayout.Pilots * variance);
        int best = -1, second = -1;
        for (var s = 0; s < correlation.Length; s++)
        {
            if (best < 0 || correlation[s] > correlation[best]) (second, best) = (best, s);
            else if (second < 0 || correlation[s] > correlation[second]) second = s;
        }
        candidates.Add(new Placement(correlation[best] * norm, lattice, symmetry, phase, best, chips));
        candidates.Add(new Placement(correlation[second] * norm, lattice, symmetry, phase, second, chips));
    }

    /// <summary>Best placements, skipping near-duplicates (same lattice and symmetry, offset within 2 pixels).</summary>
    private static List<Placement> Distinct(List<Placement> sorted, int count)
    {
        var chosen = new List<Placement>();
        foreach (var c in sorted)
        {
            if (chosen.Any(o => o.Lattice == c.Lattice && o.Symmetry == c.Symmetry && Offset(o) is var a && Offset(c) is var b && CyclicNear(a, b))) continue;
            chosen.Add(c);
            if (chosen.Count == count) break;
        }
        return chosen;
    }

    private static (int X, int Y) Offset(Placement p) =>
        ((p.Shift % TileLayout.Grid) * 4 + (p.Phase & 3), (p.Shift / TileLayout.Grid) * 4 + (p.Phase >> 2));

    private static bool CyclicNear((int X, int Y) a, (int X, int Y) b)
    {
        int dx = Math.Abs(a.X - b.X) % TileLayout.Tile, dy = Math.Abs(a.Y - b.Y) % TileLayout.Tile;
        return Math.Min(dx, TileLayout.Tile - dx) <= 2 && Math.Min(dy, TileLayout.Tile - dy) <= 2;
    }

    /// <summary>Soft-decodes the data chips of a placement; returns the payload and the check it carried.</summary>
    private static WatermarkPayload Decode(TileLayout layout, Placement placement, out uint check)
    {
        const int g = TileLayout.Grid;
        var soft = new float[TileLayout.CodedBits];
        int sx = placement.Shift % g, sy = placement.Shift / g;
        for (var j = 0; j < g; j++)
            for (var i = 0; i < g; i++)
            {
                var chip = j * g + i;
                var bit = layout.CodedBitOf[chip];
                if (bit < 0) continue;
                soft[bit] += layout.Sign[chip] * placement.Chips[((j + sy) & (g - 1)) * g + ((i + sx) & (g - 1))];
            }
        var info = ConvolutionalCode.Decode(soft, TileLayout.InfoBits);
        ulong value = 0;
        for (var i = 0; i < TileLayout.PayloadBits; i++) value = (value << 1) | (info[i] ? 1UL : 0);
        check = 0u;
        for (var i = 0; i < TileLayout.CheckBits; i++) check = (check << 1) | (info[TileLayout.PayloadBits + i] ? 1u : 0u);
        return new WatermarkPayload(value);
    }
}
