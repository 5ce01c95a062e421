using System.Numerics;
using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;
using Candor.Imaging;

namespace Candor.Watermark;

/// <summary>
/// Float-plane helpers for the watermark: box sums and downscaling and the detection residual (the embedder's
/// perceptual mask is built from the same box sums, see <see cref="WatermarkEmbedder.LumaAndMark"/>).
/// Box filters are separable and sum their (2r+1) taps directly on <see cref="Vector{T}"/> lanes, edges clamped: no
/// running sums, so no state crosses a row and every pass splits into row ranges that threads can take
/// (<see cref="ForRows"/>). The results do not depend on the number of threads.
/// </summary>
internal static class PlaneOps
{
    /// <summary>Planes smaller than this (in pixels) are worked on one thread: below about a megapixel splitting costs more than it saves.</summary>
    public const long ParallelPixels = 1L << 20;

    /// <summary>The number of threads a "max degree of parallelism" setting means: itself when positive, otherwise every core.</summary>
    public static int Threads(int maxDegreeOfParallelism) => maxDegreeOfParallelism > 0 ? maxDegreeOfParallelism : Environment.ProcessorCount;

    /// <summary>
    /// Runs <paramref name="body"/>(first, end) over the rows [0, <paramref name="rows"/>): in one call on the calling thread
    /// when <paramref name="threads"/> is 1 or the work (<paramref name="pixels"/>) is small, otherwise in 4 ranges per thread.
    /// </summary>
    public static void ForRows(int rows, long pixels, int threads, Action<int, int> body)
    {
        if (threads <= 1 || pixels < ParallelPixels || rows < 2)
        {
            body(0, rows);
            return;
        }
        var chunks = Math.Min(rows, threads * 4);
        Parallel.For(0, chunks, new ParallelOptions { MaxDegreeOfParallelism = threads },
            c => body((int)((long)c * rows / chunks), (int)((long)(c + 1) * rows / chunks)));
    }

    /// <summary>
    /// The luma of <paramref name="image"/> (<see cref="ColorSpace.Luma"/>), box-averaged down by <paramref name="factor"/>
    /// as <see cref="BoxDownscale"/> does, in one pass: each output row computes the luma of its source rows as it adds them,
    /// so the full-size luma is never held, and output rows split among threads. Bit for bit the luma, then the downscale.
    /// </summary>
    public static float[] LumaDownscale(FloatImage image, int factor, int threads)
    {
        int width = image.Width, height = image.Height, w = width / factor, h = height / factor;
        var grey = image.Channels == 1;
        var (r, g, b) = ColorSpace.Rgb(image);
        var small = GC.AllocateUninitializedArray<float>(w * h);
        var inv = 1f / (factor * factor);
        var span = factor == 1 ? width : w * factor;
        ForRows(h, image.PixelCount, threads, (first, end) =>
        {
            var acc = new float[span];
            var line = factor == 1 ? acc : new float[span];
            for (var y = first; y < end; y++)
            {
                if (factor == 1)
                {
                    Luma(r, g, b, grey, y * width, small.AsSpan(y * w, w));
                    continue;
                }
                Luma(r, g, b, grey, y * factor * width, acc);
                for (var j = 1; j < factor; j++)
                {
                    Luma(r, g, b, grey, (y * factor + j) * width, line);
                    Add(acc, line);
                }
                SumColumns(acc, small.AsSpan(y * w, w), factor, inv);
            }
        });
        return small;
    }

    /// <summary>Each of <paramref name="row"/>'s values: the sum of <paramref name="factor"/> neighbours of <paramref name="acc"/>, times <paramref name="inv"/>.</summary>
    private static void SumColumns(ReadOnlySpan<float> acc, Span<float> row, int factor, float inv)
    {
        for (var x = 0; x < row.Length; x++)
        {
            var sum = 0f;
            for (var i = 0; i < factor; i++) sum += acc[x * factor + i];
            row[x] = sum * inv;
        }
    }

    /// <summary><paramref name="dst"/>.Length luma values from <paramref name="start"/>: KR·r + KG·g + KB·b, or the grey plane itself.</summary>
    public static void Luma(float[] r, float[] g, float[] b, bool grey, int start, Span<float> dst)
    {
        if (grey)
        {
            r.AsSpan(start, dst.Length).CopyTo(dst);
            return;
        }
        var x = 0;
        if (Vector.IsHardwareAccelerated)
        {
            Vector<float> kr = new(ColorSpace.KR), kg = new(ColorSpace.KG), kb = new(ColorSpace.KB);
            for (; x <= dst.Length - Vector<float>.Count; x += Vector<float>.Count)
                (kr * new Vector<float>(r.AsSpan(start + x)) + kg * new Vector<float>(g.AsSpan(start + x)) + kb * new Vector<float>(b.AsSpan(start + x))).CopyTo(dst[x..]);
        }
        for (; x < dst.Length; x++) dst[x] = ColorSpace.KR * r[start + x] + ColorSpace.KG * g[start + x] + ColorSpace.KB * b[start + x];
    }

    /// <summary>
    /// Averages <paramref name="factor"/>×<paramref name="factor"/> blocks (the right and bottom remainders are
    /// dropped): a <paramref name="width"/>/factor × <paramref name="height"/>/factor plane.
    /// </summary>
    public static float[] BoxDownscale(float[] src, int width, int height, int factor, int threads = 1)
    {
        int w = width / factor, h = height / factor;
        var small = new float[w * h];
        var inv = 1f / (factor * factor);
        var span = w * factor;
        ForRows(h, (long)width * height, threads, (first, end) =>
        {
            var acc = new float[span];
            for (var y = first; y < end; y++)
            {
                src.AsSpan(y * factor * width, span).CopyTo(acc);
                for (var j = 1; j < factor; j++) Add(acc, src.AsSpan((y * factor + j) * width, span));
                SumColumns(acc, small.AsSpan(y * w, w), factor, inv);
            }
        });
        return small;
    }

    /// <summary>
    /// What the detector correlates with: luma minus its local mean (7×7), divided by the local
    /// spread of that difference (7×7) so edges and texture do not outweigh smooth areas, clipped.
    /// </summary>
    /// <remarks>
    /// One pass down the rows with two rings of seven rows each, instead of three whole-plane intermediates: row s gets its
    /// luma row sums, row s − 3 (whose seven rows of those are then ready) its difference from the mean and the row sums of
    /// that difference squared, and row s − 6 its spread and the final value. Every value is computed by the same operations
    /// in the same order as with whole planes; only the memory holding the intermediates is smaller (and stays in cache).
    /// </remarks>
    public static float[] Residual(float[] luma, int width, int height, int threads = 1)
    {
        var hp = GC.AllocateUninitializedArray<float>(luma.Length);
        // Bands of rows for threads: each also computes the three rows of differences (and six of row sums) past its
        // edges that its own rows need, so no band waits for another and none depends on how the rows were split.
        var bands = threads <= 1 || luma.Length < ParallelBandPixels ? 1 : Math.Min(threads, height);
        if (bands == 1) ResidualRows(luma, width, height, 0, height, hp);
        else
            Parallel.For(0, bands, new ParallelOptions { MaxDegreeOfParallelism = threads },
                band => ResidualRows(luma, width, height, (int)((long)band * height / bands), (int)((long)(band + 1) * height / bands), hp));
        return hp;
    }

    /// <summary>Planes from which <see cref="Residual"/> splits into bands when given threads (a quarter megapixel: about a millisecond of work).</summary>
    private const int ParallelBandPixels = 1 << 18;

    /// <summary>Rows [<paramref name="first"/>, <paramref name="end"/>) of the residual into <paramref name="hp"/>.</summary>
    private static void ResidualRows(float[] luma, int width, int height, int first, int end, float[] hp)
    {
        const int radius = 3, window = 2 * radius + 1;
        const float norm = 1f / (window * window);
        var meanSums = new float[window * width];
        var energySums = new float[window * width];
        var padded = new float[width + 2 * radius];
        var row = new float[width];
        var difference = new float[width];
        for (var s = Math.Max(0, first - 2 * radius); s < end + 2 * radius; s++)
        {
            if (s < height) RowSum(luma.AsSpan(s * width, width), padded, meanSums.AsSpan(s % window * width, width), radius);
            var r = s - radius;
            if (r >= Math.Max(0, first - radius) && r < Math.Min(height, end + radius))
            {
                // Rows of this band keep their difference in place for the last step; the rows past its edges only feed the spread.
                var h = r >= first && r < end ? hp.AsSpan(r * width, width) : difference;
                RingColumnSums(meanSums, width, height, radius, r, h);
                Difference(luma.AsSpan(r * width, width), h, row, norm);
                RowSum(row, padded, energySums.AsSpan(r % window * width, width), radius);
            }
            var y = s - 2 * radius;
            if (y >= first && y < end)
            {
                RingColumnSums(energySums, width, height, radius, y, row);
                Normalise(hp.AsSpan(y * width, width), row, norm);
            }
        }
    }

    /// <summary>
    /// <see cref="ColumnSums"/> over a ring of 2r+1 rows (row k in slot k mod 2r+1) that holds every row from
    /// <paramref name="y"/> − r to <paramref name="y"/> + r inside the plane.
    /// </summary>
    private static void RingColumnSums(float[] ring, int width, int height, int radius, int y, Span<float> dst)
    {
        var window = 2 * radius + 1;
        ring.AsSpan(Math.Clamp(y - radius, 0, height - 1) % window * width, width).CopyTo(dst);
        for (var k = 1 - radius; k <= radius; k++) Add(dst, ring.AsSpan(Math.Clamp(y + k, 0, height - 1) % window * width, width));
    }

    /// <summary><paramref name="sums"/>[x] becomes d = <paramref name="luma"/>[x] − sums[x]·norm, and <paramref name="squares"/>[x] d².</summary>
    private static void Difference(ReadOnlySpan<float> luma, Span<float> sums, Span<float> squares, float norm)
    {
        var x = 0;
        if (Vector.IsHardwareAccelerated)
        {
            var lanes = Vector<float>.Count;
            var vnorm = new Vector<float>(norm);
            for (; x <= sums.Length - lanes; x += lanes)
            {
                var d = new Vector<float>(luma[x..]) - new Vector<float>(sums[x..]) * vnorm;
                d.CopyTo(sums[x..]);
                (d * d).CopyTo(squares[x..]);
            }
        }
        for (; x < sums.Length; x++)
        {
            var d = luma[x] - sums[x] * norm;
            sums[x] = d;
            squares[x] = d * d;
        }
    }

    /// <summary><paramref name="h"/>[x] / √(max(0, energy[x]·norm) + 4), clipped to ±2.5.</summary>
    private static void Normalise(Span<float> h, ReadOnlySpan<float> energy, float norm)
    {
        var x = 0;
        if (Vector.IsHardwareAccelerated)
        {
            var lanes = Vector<float>.Count;
            Vector<float> vnorm = new(norm), four = new(4f), low = new(-2.5f), high = new(2.5f);
            for (; x <= h.Length - lanes; x += lanes)
            {
                var e = Vector.Max(Vector<float>.Zero, new Vector<float>(energy[x..]) * vnorm);
                var v = new Vector<float>(h[x..]) / Vector.SquareRoot(e + four);
                Vector.Min(high, Vector.Max(low, v)).CopyTo(h[x..]);
            }
        }
        for (; x < h.Length; x++)
        {
            var v = h[x] / MathF.Sqrt(Math.Max(0f, energy[x] * norm) + 4f);
            h[x] = Math.Clamp(v, -2.5f, 2.5f);
        }
    }

    /// <summary>
    /// One row's sums over (2r+1)-pixel windows, edges clamped, into <paramref name="dst"/>; <paramref name="padded"/> is
    /// scratch of the row's length + 2r.
    /// </summary>
    public static void RowSum(ReadOnlySpan<float> row, float[] padded, Span<float> dst, int radius)
    {
        var width = row.Length;
        padded.AsSpan(0, radius).Fill(row[0]);
        row.CopyTo(padded.AsSpan(radius));
        padded.AsSpan(radius + width, radius).Fill(row[width - 1]);
        var taps = 2 * radius + 1;
        var x = 0;
        if (Vector.IsHardwareAccelerated && width >= Vector<float>.Count)
        {
            var lanes = Vector<float>.Count;
            ref var start = ref MemoryMarshal.GetArrayDataReference(padded);
            // x + k + lanes <= width - lanes + 2r + lanes = padded.Length: every load stays inside the buffer.
            for (; x <= width - lanes; x += lanes)
            {
                var acc = Vector.LoadUnsafe(ref start, (nuint)x);
                for (var k = 1; k < taps; k++) acc += Vector.LoadUnsafe(ref start, (nuint)(x + k));
                acc.CopyTo(dst[x..]);
            }
        }
        for (; x < width; x++)
        {
            var s = 0f;
            for (var k = 0; k < taps; k++) s += padded[x + k];
            dst[x] = s;
        }
    }

    /// <summary>Row <paramref name="y"/> of the column sums over (2r+1) rows of <paramref name="sums"/>, edges clamped.</summary>
    public static void ColumnSums(float[] sums, int width, int height, int radius, int y, Span<float> dst)
    {
        sums.AsSpan(Math.Clamp(y - radius, 0, height - 1) * width, width).CopyTo(dst);
        for (var k = 1 - radius; k <= radius; k++) Add(dst, sums.AsSpan(Math.Clamp(y + k, 0, height - 1) * width, width));
    }

    /// <summary><paramref name="dst"/> += <paramref name="src"/>, element by element.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static void Add(Span<float> dst, ReadOnlySpan<float> src)
    {
        var x = 0;
        if (Vector.IsHardwareAccelerated)
        {
            var lanes = Vector<float>.Count;
            for (; x <= dst.Length - lanes; x += lanes) (new Vector<float>(dst[x..]) + new Vector<float>(src[x..])).CopyTo(dst[x..]);
        }
        for (; x < dst.Length; x++) dst[x] += src[x];
    }
}
