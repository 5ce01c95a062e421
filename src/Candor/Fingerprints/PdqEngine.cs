using System.Buffers;
using System.Numerics;
using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;
using System.Runtime.Intrinsics;
using System.Runtime.Intrinsics.X86;

namespace Candor.Fingerprints;

/// <summary>
/// PDQ's hashing core, bit-exact with Meta's C++ reference (<c>pdq/cpp/hashing/pdqhashing.cpp</c> and
/// <c>pdq/cpp/downscaling/downscaling.cpp</c>): a float luma plane is blurred by two pairs of one-dimensional box
/// filters (Jarosz's tent approximation; along the rows with a window of ⌈width / 128⌉, then along the columns with
/// ⌈height / 128⌉, twice), sampled at 64 × 64 pixel centres, scored for quality, and reduced by a 16 × 64 DCT matrix
/// to the 16 × 16 lowest non-DC frequencies, whose signs against their median are the 256 bits.
/// <para>
/// Bit-exactness is a matter of float order. Every running box sum here adds and subtracts the same samples in the
/// same order as the reference's <c>box1DFloat</c>, divides by the same integer window, and every DCT sum runs k = 0…63
/// in order, one rounding per multiply and per add (.NET never contracts them into fused multiply-adds). The speed
/// comes from running sixteen independent sums side by side as the lanes of two AVX vectors — sixteen rows (through
/// 8 × 8 transposes in registers) or sixteen columns at once — never from reordering a sum. The last two filter passes
/// only produce the 64 columns and 64 rows the decimation keeps: their running sums still visit every sample, but
/// nothing else is divided or stored.
/// </para>
/// </summary>
internal static unsafe class PdqEngine
{
    /// <summary>The reference hashes nothing smaller: images under 5 pixels on a side get the zero hash and quality 0.</summary>
    internal const int MinDimension = 5;

    /// <summary>The DCT matrix: 16 rows (frequencies 1–16) × 64 columns, row-major, as the reference builds it.</summary>
    internal static readonly float[] Dct = BuildDct();

    /// <summary><see cref="Dct"/> transposed (64 × 16), so the second DCT product runs along contiguous memory.</summary>
    private static readonly float[] DctTransposed = Transpose(Dct, 16, 64);

    private static float[] BuildDct()
    {
        // As the reference: a float scale times a double cosine, the product (in double) rounded once to float.
        var scale = (float)Math.Sqrt(2.0 / 64);
        var d = new float[16 * 64];
        for (var i = 0; i < 16; i++)
            for (var j = 0; j < 64; j++)
                d[i * 64 + j] = (float)(scale * Math.Cos(Math.PI / 2.0 / 64 * (i + 1) * (2 * j + 1)));
        return d;
    }

    private static float[] Transpose(float[] m, int rows, int cols)
    {
        var t = new float[m.Length];
        for (var i = 0; i < rows; i++)
            for (var j = 0; j < cols; j++)
                t[j * rows + i] = m[i * cols + j];
        return t;
    }

    /// <summary>The reference's box window for reducing <paramref name="size"/> samples to 64: half of size / 64, rounded up.</summary>
    internal static int WindowSize(int size) => (size + 2 * 64 - 1) / (2 * 64);

    /// <summary>
    /// Runs the pipeline up to the 16 × 16 DCT output (row-major, 256 floats) and returns the quality.
    /// <paramref name="luma"/> (height × width, row-major, at least <see cref="MinDimension"/> on each side) is used as
    /// scratch and overwritten.
    /// </summary>
    /// <param name="luma">The luma plane.</param>
    /// <param name="height">Rows.</param>
    /// <param name="width">Columns.</param>
    /// <param name="skipFilterAt64">
    /// Take a 64 × 64 plane as the downsample without filtering, as the reference's single-hash path does; its dihedral
    /// path always filters (a window of 1, whose running sums still round), so the two can differ at exactly 64 × 64.
    /// </param>
    /// <param name="dct">Receives the 256 DCT coefficients.</param>
    /// <param name="vectorized">Use the AVX passes when the processor has AVX; false runs the scalar reference loops (tests compare the two).</param>
    internal static int Transform(float[] luma, int height, int width, bool skipFilterAt64, Span<float> dct, bool vectorized = true)
    {
        if (height < MinDimension || width < MinDimension) throw new ArgumentOutOfRangeException(nameof(height), "PDQ needs at least 5 × 5 pixels.");
        if (luma.Length < height * width) throw new ArgumentException("The luma plane is smaller than height × width.", nameof(luma));
        if (dct.Length < 256) throw new ArgumentException("The DCT output needs 256 floats.", nameof(dct));
        var a64 = ArrayPool<float>.Shared.Rent(64 * 64);
        try
        {
            if (skipFilterAt64 && height == 64 && width == 64) luma.AsSpan(0, 64 * 64).CopyTo(a64);
            else Downsample(luma, height, width, a64, vectorized && Avx.IsSupported);
            var quality = Quality(a64);
            Dct64To16(a64, dct);
            return quality;
        }
        finally
        {
            ArrayPool<float>.Shared.Return(a64);
        }
    }

    /// <summary>
    /// The reference's <c>jaroszFilterFloat</c> (two passes) then <c>decimateFloat</c> to 64 × 64. With AVX, four
    /// passes: (1) along the rows, in place, sixteen rows at a time through a transposed tile; (2) down the columns into
    /// a second plane, a whole row of running sums at a time; (3) along the rows again, keeping only the 64 decimated
    /// columns; (4) down those, keeping only the 64 decimated rows.
    /// </summary>
    private static void Downsample(float[] luma, int height, int width, float[] a64, bool vectorized)
    {
        var alongRows = WindowSize(width);
        var alongColumns = WindowSize(height);
        Span<int> rowsKept = stackalloc int[64];
        Span<int> columnsKept = stackalloc int[64];
        for (var k = 0; k < 64; k++)
        {
            // "Target centres not corners", in double as the reference computes them.
            rowsKept[k] = (int)((k + 0.5) * height / 64);
            columnsKept[k] = (int)((k + 0.5) * width / 64);
        }
        if (!vectorized || alongRows > MaxVectorWindow || alongColumns > MaxVectorWindow)
        {
            ReferenceDownsample(luma, height, width, alongRows, alongColumns, rowsKept, columnsKept, a64);
            return;
        }
        var tileLength = Math.Max(width, 64) * 16;
        var tiles = ArrayPool<float>.Shared.Rent(2 * tileLength + Math.Max(width, 64));
        var other = ArrayPool<float>.Shared.Rent(height * width);
        var kept = ArrayPool<float>.Shared.Rent(height * 64);
        try
        {
            fixed (float* l = luma, t = tiles, m = other, k = kept, o = a64)
            fixed (int* rk = rowsKept, ck = columnsKept)
            {
                var tileIn = t;
                var tileOut = t + tileLength;
                var sums = t + 2 * tileLength;
                RowPass(l, height, width, alongRows, null, l, tileIn, tileOut);
                ColumnPass(l, height, width, alongColumns, null, m, sums);
                RowPass(m, height, width, alongRows, ck, k, tileIn, tileOut);
                ColumnPass(k, height, 64, alongColumns, rk, o, sums);
            }
        }
        finally
        {
            ArrayPool<float>.Shared.Return(tiles);
            ArrayPool<float>.Shared.Return(other);
            ArrayPool<float>.Shared.Return(kept);
        }
    }

    /// <summary>Windows up to this size keep their samples in a ring on the stack (images up to ~130,000 pixels a side).</summary>
    private const int MaxVectorWindow = 1023;

    /// <summary>
    /// Box filter along each row of <paramref name="plane"/> (rows × cols). Without <paramref name="select"/> the result
    /// replaces the plane; with it, only the 64 listed columns are kept, row i's in <paramref name="dst"/>[i·64 …].
    /// Sixteen rows at a time are transposed into a tile (8 × 8 blocks in registers) so that the sixteen running sums
    /// are the lanes of two vectors.
    /// </summary>
    private static void RowPass(float* plane, int rows, int cols, int window, int* select, float* dst, float* tileIn, float* tileOut)
    {
        var i0 = 0;
        for (; i0 + 16 <= rows; i0 += 16)
        {
            var block = plane + (nint)i0 * cols;
            var p0 = 0;
            for (; p0 + 8 <= cols; p0 += 8)
            {
                Transpose8x8(block + p0, cols, tileIn + p0 * 16, 16);
                Transpose8x8(block + (nint)8 * cols + p0, cols, tileIn + p0 * 16 + 8, 16);
            }
            for (; p0 < cols; p0++)
                for (var r = 0; r < 16; r++) tileIn[p0 * 16 + r] = block[(nint)r * cols + p0];
            SlideSixteen(tileIn, 16, tileOut, 16, cols, window, select);
            if (select is null)
            {
                p0 = 0;
                for (; p0 + 8 <= cols; p0 += 8)
                {
                    Transpose8x8(tileOut + p0 * 16, 16, block + p0, cols);
                    Transpose8x8(tileOut + p0 * 16 + 8, 16, block + (nint)8 * cols + p0, cols);
                }
                for (; p0 < cols; p0++)
                    for (var r = 0; r < 16; r++) block[(nint)r * cols + p0] = tileOut[p0 * 16 + r];
            }
            else
            {
                for (var k0 = 0; k0 < 64; k0 += 8)
                {
                    Transpose8x8(tileOut + k0 * 16, 16, dst + (nint)i0 * 64 + k0, 64);
                    Transpose8x8(tileOut + k0 * 16 + 8, 16, dst + (nint)(i0 + 8) * 64 + k0, 64);
                }
            }
        }
        for (; i0 < rows; i0++)
        {
            var row = plane + (nint)i0 * cols;
            new ReadOnlySpan<float>(row, cols).CopyTo(new Span<float>(tileIn, cols));
            if (select is null) SlideOne(tileIn, 1, row, 1, cols, window, null);
            else SlideOne(tileIn, 1, dst + (nint)i0 * 64, 1, cols, window, select);
        }
    }

    /// <summary>
    /// Box filter down each column of <paramref name="src"/> (rows × cols), row by row: the running sums of all the
    /// columns live in <paramref name="sums"/>, each step adds a whole row (and subtracts the row leaving the window),
    /// so memory is read in order and every column's sum is independent of its neighbours'. Without
    /// <paramref name="select"/> output row p goes to dst[p·cols …]; with it only the 64 listed rows are written, row
    /// select[m] to dst[m·cols …]. Source and destination must not overlap.
    /// </summary>
    private static void ColumnPass(float* src, int rows, int cols, int window, int* select, float* dst, float* sums)
    {
        new Span<float>(sums, cols).Clear();
        var half = (window + 2) / 2;
        int count = 0, ri = 0, li = 0, oi = 0, s = 0;
        for (var n = 0; n < half - 1; n++)
        {
            Step(sums, src + (nint)ri++ * cols, null, null, ++count, cols);
        }
        for (var n = 0; n < window - half + 1; n++)
        {
            var target = Target(dst, cols, select, oi++, ref s);
            Step(sums, src + (nint)ri++ * cols, null, target, ++count, cols);
            Copies(dst, cols, select, target, ref s);
        }
        for (var n = 0; n < rows - window; n++)
        {
            var target = Target(dst, cols, select, oi++, ref s);
            Step(sums, src + (nint)ri++ * cols, src + (nint)li++ * cols, target, count, cols);
            Copies(dst, cols, select, target, ref s);
        }
        for (var n = 0; n < half - 1; n++)
        {
            var target = Target(dst, cols, select, oi++, ref s);
            Step(sums, null, src + (nint)li++ * cols, target, --count, cols);
            Copies(dst, cols, select, target, ref s);
        }
    }

    /// <summary>Where output row <paramref name="position"/> goes: its row of dst, the first slot that lists it, or null when none does.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static float* Target(float* dst, int cols, int* select, int position, ref int s)
    {
        if (select is null) return dst + (nint)position * cols;
        if (s >= 64 || select[s] != position) return null;
        return dst + (nint)s++ * cols;
    }

    /// <summary>Copies an output row to the further slots that list the same position (images under 64 pixels a side).</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static void Copies(float* dst, int cols, int* select, float* target, ref int s)
    {
        if (select is null || target is null) return;
        var position = select[s - 1];
        for (; s < 64 && select[s] == position; s++)
            new ReadOnlySpan<float>(target, cols).CopyTo(new Span<float>(dst + (nint)s * cols, cols));
    }

    /// <summary>
    /// One row step of <see cref="ColumnPass"/>: sums[j] += add[j], then sums[j] −= sub[j] (either may be null), and
    /// output[j] = sums[j] / count when there is an output row — per column exactly the reference's order.
    /// </summary>
    private static void Step(float* sums, float* add, float* sub, float* output, int count, int cols)
    {
        var j = 0;
        var divisor = Vector256.Create((float)count);
        if (add is not null && sub is not null)
        {
            if (output is not null)
            {
                for (; j + 8 <= cols; j += 8)
                {
                    var sum = Vector256.Load(sums + j) + Vector256.Load(add + j) - Vector256.Load(sub + j);
                    sum.Store(sums + j);
                    (sum / divisor).Store(output + j);
                }
            }
            else
            {
                for (; j + 8 <= cols; j += 8) (Vector256.Load(sums + j) + Vector256.Load(add + j) - Vector256.Load(sub + j)).Store(sums + j);
            }
        }
        else if (add is not null)
        {
            for (; j + 8 <= cols; j += 8)
            {
                var sum = Vector256.Load(sums + j) + Vector256.Load(add + j);
                sum.Store(sums + j);
                if (output is not null) (sum / divisor).Store(output + j);
            }
        }
        else
        {
            for (; j + 8 <= cols; j += 8)
            {
                var sum = Vector256.Load(sums + j) - Vector256.Load(sub + j);
                sum.Store(sums + j);
                if (output is not null) (sum / divisor).Store(output + j);
            }
        }
        for (; j < cols; j++)
        {
            var sum = sums[j];
            if (add is not null) sum += add[j];
            if (sub is not null) sum -= sub[j];
            sums[j] = sum;
            if (output is not null) output[j] = sum / count;
        }
    }

    /// <summary>
    /// The reference's <c>box1DFloat</c> on one sequence: the first output averages the first ⌊window / 2⌋ + 1 samples,
    /// the window grows to full size, slides (add the new sample, then subtract the old), and shrinks at the end; each
    /// output is the running float sum divided by the current sample count. Sample p is read at src[p·srcStep];
    /// output p is written to dst[p·dstStep], or, with <paramref name="select"/>, output select[s] to dst[s·dstStep]
    /// (select ascending, 64 entries, repeats allowed). Source and destination must not overlap.
    /// </summary>
    private static void SlideOne(float* src, nint srcStep, float* dst, nint dstStep, int length, int window, int* select)
    {
        var half = (window + 2) / 2;
        float sum = 0;
        int count = 0, ri = 0, li = 0, oi = 0, s = 0;
        for (var n = 0; n < half - 1; n++)
        {
            sum += src[ri++ * srcStep];
            count++;
        }
        for (var n = 0; n < window - half + 1; n++)
        {
            sum += src[ri++ * srcStep];
            count++;
            Emit(sum, count, oi++, dst, dstStep, select, ref s);
        }
        for (var n = 0; n < length - window; n++)
        {
            sum += src[ri++ * srcStep];
            sum -= src[li++ * srcStep];
            Emit(sum, count, oi++, dst, dstStep, select, ref s);
        }
        for (var n = 0; n < half - 1; n++)
        {
            sum -= src[li++ * srcStep];
            count--;
            Emit(sum, count, oi++, dst, dstStep, select, ref s);
        }
    }

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static void Emit(float sum, int count, int position, float* dst, nint dstStep, int* select, ref int s)
    {
        if (select is null)
        {
            dst[position * dstStep] = sum / count;
            return;
        }
        for (; s < 64 && select[s] == position; s++) dst[s * dstStep] = sum / count;
    }

    /// <summary>
    /// <see cref="SlideOne"/> on sixteen sequences at once: position p's sixteen samples are contiguous at
    /// src + p·srcStep and its outputs go to dst + p·dstStep (or slot s's, as there), as two independent eight-lane
    /// sums, so two add–subtract dependency chains advance together. Samples are kept in a ring until they leave the
    /// window, so source and destination may be the same memory.
    /// </summary>
    private static void SlideSixteen(float* src, nint srcStep, float* dst, nint dstStep, int length, int window, int* select)
    {
        var mask = (int)BitOperations.RoundUpToPowerOf2((uint)window + 1) - 1;
        var ring = stackalloc Vector256<float>[2 * (mask + 1)];
        var half = (window + 2) / 2;
        var sum0 = Vector256<float>.Zero;
        var sum1 = Vector256<float>.Zero;
        int count = 0, ri = 0, li = 0, oi = 0, s = 0;
        for (var n = 0; n < half - 1; n++, ri++)
        {
            var at = ring + 2 * (ri & mask);
            var from = src + ri * srcStep;
            sum0 += at[0] = Vector256.Load(from);
            sum1 += at[1] = Vector256.Load(from + 8);
            count++;
        }
        for (var n = 0; n < window - half + 1; n++, ri++)
        {
            var at = ring + 2 * (ri & mask);
            var from = src + ri * srcStep;
            sum0 += at[0] = Vector256.Load(from);
            sum1 += at[1] = Vector256.Load(from + 8);
            count++;
            Emit(sum0, sum1, count, oi++, dst, dstStep, select, ref s);
        }
        for (var n = 0; n < length - window; n++, ri++, li++)
        {
            var at = ring + 2 * (ri & mask);
            var old = ring + 2 * (li & mask);
            var from = src + ri * srcStep;
            sum0 += at[0] = Vector256.Load(from);
            sum1 += at[1] = Vector256.Load(from + 8);
            sum0 -= old[0];
            sum1 -= old[1];
            Emit(sum0, sum1, count, oi++, dst, dstStep, select, ref s);
        }
        for (var n = 0; n < half - 1; n++, li++)
        {
            var old = ring + 2 * (li & mask);
            sum0 -= old[0];
            sum1 -= old[1];
            count--;
            Emit(sum0, sum1, count, oi++, dst, dstStep, select, ref s);
        }
    }

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static void Emit(Vector256<float> sum0, Vector256<float> sum1, int count, int position, float* dst, nint dstStep, int* select, ref int s)
    {
        if (select is null)
        {
            var divisor = Vector256.Create((float)count);
            var at = dst + position * dstStep;
            (sum0 / divisor).Store(at);
            (sum1 / divisor).Store(at + 8);
            return;
        }
        if (s >= 64 || select[s] != position) return;
        var d = Vector256.Create((float)count);
        var mean0 = sum0 / d;
        var mean1 = sum1 / d;
        for (; s < 64 && select[s] == position; s++)
        {
            mean0.Store(dst + s * dstStep);
            mean1.Store(dst + s * dstStep + 8);
        }
    }

    /// <summary>
    /// Writes the transpose of the 8 × 8 block at <paramref name="src"/> (rows <paramref name="srcStride"/> apart) to
    /// <paramref name="dst"/>. Rows i and i + 4 are loaded as the two halves of one vector, so two rounds of in-lane
    /// shuffles (16 in all) finish the job.
    /// </summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static void Transpose8x8(float* src, nint srcStride, float* dst, nint dstStride)
    {
        var a0 = Halves(src, src + 4 * srcStride);
        var a1 = Halves(src + srcStride, src + 5 * srcStride);
        var a2 = Halves(src + 2 * srcStride, src + 6 * srcStride);
        var a3 = Halves(src + 3 * srcStride, src + 7 * srcStride);
        var a4 = Halves(src + 4, src + 4 * srcStride + 4);
        var a5 = Halves(src + srcStride + 4, src + 5 * srcStride + 4);
        var a6 = Halves(src + 2 * srcStride + 4, src + 6 * srcStride + 4);
        var a7 = Halves(src + 3 * srcStride + 4, src + 7 * srcStride + 4);
        Quarter(a0, a1, a2, a3, dst, dstStride);
        Quarter(a4, a5, a6, a7, dst + 4 * dstStride, dstStride);
    }

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static Vector256<float> Halves(float* low, float* high) =>
        Avx.InsertVector128(Avx.LoadVector128(low).ToVector256Unsafe(), Avx.LoadVector128(high), 1);

    /// <summary>Transposes the 4 × 4 block in each 128-bit half of four rows and stores the four columns.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static void Quarter(Vector256<float> r0, Vector256<float> r1, Vector256<float> r2, Vector256<float> r3, float* dst, nint dstStride)
    {
        var u0 = Avx.UnpackLow(r0, r1);
        var u1 = Avx.UnpackHigh(r0, r1);
        var u2 = Avx.UnpackLow(r2, r3);
        var u3 = Avx.UnpackHigh(r2, r3);
        Avx.Store(dst, Avx.Shuffle(u0, u2, 0x44));
        Avx.Store(dst + dstStride, Avx.Shuffle(u0, u2, 0xEE));
        Avx.Store(dst + 2 * dstStride, Avx.Shuffle(u1, u3, 0x44));
        Avx.Store(dst + 3 * dstStride, Avx.Shuffle(u1, u3, 0xEE));
    }

    /// <summary>
    /// The reference's filter and decimation written out as it is — box along every row into a second buffer, box down
    /// every column back, twice, then pick the 64 × 64 pixel centres — one sample at a time. Used without AVX and as
    /// the oracle the fast passes are tested against.
    /// </summary>
    internal static void ReferenceDownsample(float[] luma, int height, int width, int alongRows, int alongColumns,
        ReadOnlySpan<int> rowsKept, ReadOnlySpan<int> columnsKept, float[] a64)
    {
        var other = ArrayPool<float>.Shared.Rent(height * width);
        try
        {
            fixed (float* one = luma, two = other)
            {
                for (var pass = 0; pass < 2; pass++)
                {
                    for (var i = 0; i < height; i++)
                        SlideOne(one + (nint)i * width, 1, two + (nint)i * width, 1, width, alongRows, null);
                    for (var j = 0; j < width; j++)
                        SlideOne(two + j, width, one + j, width, height, alongColumns, null);
                }
            }
            for (var m = 0; m < 64; m++)
                for (var k = 0; k < 64; k++)
                    a64[m * 64 + k] = luma[rowsKept[m] * width + columnsKept[k]];
        }
        finally
        {
            ArrayPool<float>.Shared.Return(other);
        }
    }

    /// <summary>
    /// The reference's image-domain quality: the sum over all vertical and horizontal neighbour pairs of
    /// |(int)((u − v) · 100 / 255)| (float arithmetic, truncated), divided by 90 and capped at 100.
    /// </summary>
    internal static int Quality(ReadOnlySpan<float> a64)
    {
        var sum = 0;
        for (var i = 0; i < 63; i++)
            for (var j = 0; j < 64; j++)
                sum += Math.Abs((int)((a64[i * 64 + j] - a64[(i + 1) * 64 + j]) * 100f / 255f));
        for (var i = 0; i < 64; i++)
            for (var j = 0; j < 63; j++)
                sum += Math.Abs((int)((a64[i * 64 + j] - a64[i * 64 + j + 1]) * 100f / 255f));
        return Math.Min(sum / 90, 100);
    }

    /// <summary>
    /// B = D·A·Dᵀ with D the 16 × 64 DCT matrix: T = D·A, then B = T·Dᵀ, each sum over k = 0…63 in order from 0, as the
    /// reference's <c>dct64To16</c>. The lanes of a vector are different output columns, never parts of one sum.
    /// </summary>
    internal static void Dct64To16(ReadOnlySpan<float> a64, Span<float> b16)
    {
        Span<float> t = stackalloc float[16 * 64];
        ref var a = ref MemoryMarshal.GetReference(a64);
        ref var d = ref Dct[0];
        ref var dt = ref DctTransposed[0];
        ref var tr = ref t[0];
        for (var i = 0; i < 16; i++)
        {
            for (var j = 0; j < 64; j += 8)
            {
                var sum = Vector256<float>.Zero;
                for (var k = 0; k < 64; k++)
                    sum += Vector256.Create(Unsafe.Add(ref d, i * 64 + k)) * Vector256.LoadUnsafe(ref a, (nuint)(k * 64 + j));
                sum.StoreUnsafe(ref tr, (nuint)(i * 64 + j));
            }
        }
        for (var i = 0; i < 16; i++)
        {
            for (var j = 0; j < 16; j += 8)
            {
                var sum = Vector256<float>.Zero;
                for (var k = 0; k < 64; k++)
                    sum += Vector256.Create(Unsafe.Add(ref tr, i * 64 + k)) * Vector256.LoadUnsafe(ref dt, (nuint)(k * 16 + j));
                sum.StoreUnsafe(ref b16[0], (nuint)(i * 16 + j));
            }
        }
    }

    /// <summary>
    /// The hash of a 16 × 16 DCT output: bit 16·i + j is set when B[i][j] is above the median, the 128th smallest of
    /// the 256 values (what the reference's Torben selection returns for an even count).
    /// </summary>
    internal static PdqHash ToHash(ReadOnlySpan<float> b16)
    {
        Span<float> sorted = stackalloc float[256];
        b16[..256].CopyTo(sorted);
        sorted.Sort();
        var median = Vector256.Create(sorted[127]);
        Span<ulong> words = stackalloc ulong[4];
        for (var k = 0; k < 256; k += 8)
        {
            var above = Vector256.GreaterThan(Vector256.Create(b16.Slice(k, 8)), median).ExtractMostSignificantBits();
            words[k >> 6] |= (ulong)above << (k & 63);
        }
        return new PdqHash(words[3], words[2], words[1], words[0]);
    }

    /// <summary>
    /// The DCT output of a rotated or mirrored image, from the original's by the reference's sign and transpose rules
    /// (<c>dct16OriginalToRotate90</c> etc.): variant 0 = orig, 1 = rot90, 2 = rot180, 3 = rot270, 4 = flipx,
    /// 5 = flipy, 6 = flipplus1, 7 = flipminus1.
    /// </summary>
    internal static void Dihedral(ReadOnlySpan<float> a, int variant, Span<float> b)
    {
        for (var i = 0; i < 16; i++)
        {
            for (var j = 0; j < 16; j++)
            {
                var v = a[i * 16 + j];
                bool iOdd = (i & 1) != 0, jOdd = (j & 1) != 0, sumOdd = ((i + j) & 1) != 0;
                switch (variant)
                {
                    case 0: b[i * 16 + j] = v; break;
                    case 1: b[j * 16 + i] = jOdd ? v : -v; break;
                    case 2: b[i * 16 + j] = sumOdd ? -v : v; break;
                    case 3: b[j * 16 + i] = iOdd ? v : -v; break;
                    case 4: b[i * 16 + j] = iOdd ? v : -v; break;
                    case 5: b[i * 16 + j] = jOdd ? v : -v; break;
                    case 6: b[j * 16 + i] = v; break;
                    case 7: b[j * 16 + i] = sumOdd ? -v : v; break;
                    default: throw new ArgumentOutOfRangeException(nameof(variant));
                }
            }
        }
    }
}
