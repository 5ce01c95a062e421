using System.Numerics;
using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;

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
                var row = small.AsSpan(y * w, w);
                for (var x = 0; x < w; x++)
                {
                    var sum = 0f;
                    for (var i = 0; i < factor; i++) sum += acc[x * factor + i];
                    row[x] = sum * inv;
                }
            }
        });
        return small;
    }

    /// <summary>
    /// What the detector correlates with: luma minus its local mean (7×7), divided by the local
    /// spread of that difference (7×7) so edges and texture do not outweigh smooth areas, clipped.
    /// </summary>
    public static float[] Residual(float[] luma, int width, int height, int threads = 1)
    {
        const int radius = 3;
        const float norm = 1f / ((2 * radius + 1) * (2 * radius + 1));
        long pixels = luma.Length;
        var sums = GC.AllocateUninitializedArray<float>(luma.Length);
        RowSums(luma, sums, width, height, radius, threads);
        var hp = GC.AllocateUninitializedArray<float>(luma.Length);
        var sq = GC.AllocateUninitializedArray<float>(luma.Length);
        ForRows(height, pixels, threads, (first, end) =>
        {
            for (var y = first; y < end; y++)
            {
                var h = hp.AsSpan(y * width, width);
                ColumnSums(sums, width, height, radius, y, h);
                var l = luma.AsSpan(y * width, width);
                var s = sq.AsSpan(y * width, width);
                for (var x = 0; x < h.Length; x++)
                {
                    var d = l[x] - h[x] * norm;
                    h[x] = d;
                    s[x] = d * d;
                }
            }
        });
        RowSums(sq, sums, width, height, radius, threads);
        ForRows(height, pixels, threads, (first, end) =>
        {
            var energy = new float[width];
            for (var y = first; y < end; y++)
            {
                ColumnSums(sums, width, height, radius, y, energy);
                var h = hp.AsSpan(y * width, width);
                var x = 0;
                if (Vector.IsHardwareAccelerated)
                {
                    var lanes = Vector<float>.Count;
                    Vector<float> vnorm = new(norm), four = new(4f), low = new(-2.5f), high = new(2.5f);
                    for (; x <= width - lanes; x += lanes)
                    {
                        var e = Vector.Max(Vector<float>.Zero, new Vector<float>(energy.AsSpan(x)) * vnorm);
                        var v = new Vector<float>(h[x..]) / Vector.SquareRoot(e + four);
                        Vector.Min(high, Vector.Max(low, v)).CopyTo(h[x..]);
                    }
                }
                for (; x < width; x++)
                {
                    var v = h[x] / MathF.Sqrt(Math.Max(0f, energy[x] * norm) + 4f);
                    h[x] = Math.Clamp(v, -2.5f, 2.5f);
                }
            }
        });
        return hp;
    }

    /// <summary>Each row's sums over (2r+1)-pixel windows, edges clamped, into <paramref name="dst"/> (same size as <paramref name="src"/>).</summary>
    private static void RowSums(float[] src, float[] dst, int width, int height, int radius, int threads) =>
        ForRows(height, src.Length, threads, (first, end) =>
        {
            var padded = new float[width + 2 * radius];
            for (var y = first; y < end; y++) RowSum(src.AsSpan(y * width, width), padded, dst.AsSpan(y * width, width), radius);
        });

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
