using System.Buffers;
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
/// comes from doing eight (AVX2) independent sums side by side — eight rows, or eight columns, at once, gathered from
/// memory — never from reordering a sum. The last two filter passes only compute the 64 columns and 64 rows that the
/// decimation keeps: their running sums still visit every sample, but nothing else is divided or stored.
/// </para>
/// </summary>
internal static unsafe class PdqEngine
{
    /// <summary>The reference hashes nothing smaller: images under 5 pixels on a side get the zero hash and quality 0.</summary>
    internal const int MinDimension = 5;

    private const int Lanes = 8;

    /// <summary>The DCT matrix: 16 rows (frequencies 1–16) × 64 columns, row-major, as the reference builds it.</summary>
    internal static readonly float[] Dct = BuildDct();

    /// <summary><see cref="Dct"/> transposed (64 × 16), so the second DCT product runs along contiguous memory.</summary>
    private static readonly float[] DctTransposed = Transpose(Dct, 16, 64);

    /// <summary>True when the gathered eight-lane passes are used; otherwise every lane runs the scalar reference loop.</summary>
    internal static bool Vectorized { get; set; } = Avx2.IsSupported;

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
    internal static int Transform(float[] luma, int height, int width, bool skipFilterAt64, Span<float> dct)
    {
        if (height < MinDimension || width < MinDimension) throw new ArgumentOutOfRangeException(nameof(height), "PDQ needs at least 5 × 5 pixels.");
        if (luma.Length < height * width) throw new ArgumentException("The luma plane is smaller than height × width.", nameof(luma));
        if (dct.Length < 256) throw new ArgumentException("The DCT output needs 256 floats.", nameof(dct));
        var a64 = ArrayPool<float>.Shared.Rent(64 * 64);
        try
        {
            if (skipFilterAt64 && height == 64 && width == 64) luma.AsSpan(0, 64 * 64).CopyTo(a64);
            else Downsample(luma, height, width, a64);
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
    /// The reference's <c>jaroszFilterFloat</c> (two passes) then <c>decimateFloat</c> to 64 × 64, as four lane passes:
    /// (1) along the rows of the luma into a transposed plane, (2) along its rows — the image's columns — back into the
    /// luma buffer, (3) along the rows again, keeping only the 64 decimated columns (transposed), (4) along the columns
    /// of those, keeping only the 64 decimated rows.
    /// </summary>
    private static void Downsample(float[] luma, int height, int width, float[] a64)
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
        var transposed = ArrayPool<float>.Shared.Rent(height * width);
        var kept = ArrayPool<float>.Shared.Rent(64 * height);
        try
        {
            fixed (float* l = luma, t = transposed, p = kept, o = a64)
            fixed (int* rk = rowsKept, ck = columnsKept)
            {
                // Lane r of each pass reads src[r·laneStride + position] and writes dst[slot·slotStride + r].
                SlideAll(l, laneStride: width, lanes: height, length: width, alongRows, t, slotStride: height, null, 0);
                SlideAll(t, laneStride: height, lanes: width, length: height, alongColumns, l, slotStride: width, null, 0);
                SlideAll(l, laneStride: width, lanes: height, length: width, alongRows, p, slotStride: height, ck, 64);
                SlideAll(p, laneStride: height, lanes: 64, length: height, alongColumns, o, slotStride: 64, rk, 64);
            }
        }
        finally
        {
            ArrayPool<float>.Shared.Return(transposed);
            ArrayPool<float>.Shared.Return(kept);
        }
    }

    /// <summary>
    /// Box-filters <paramref name="lanes"/> independent sequences of <paramref name="length"/> samples, eight at a
    /// time where AVX2 gathers are available and one at a time for the rest. With <paramref name="select"/> null,
    /// output position p goes to slot p; otherwise only the positions listed (ascending, repeats allowed) are written,
    /// position select[s] to slot s.
    /// </summary>
    private static void SlideAll(float* src, int laneStride, int lanes, int length, int window, float* dst, int slotStride, int* select, int selectCount)
    {
        var lane = 0;
        if (Vectorized)
            for (; lane + Lanes <= lanes; lane += Lanes)
                SlideEight(src + (nint)lane * laneStride, laneStride, length, window, dst + lane, slotStride, select, selectCount);
        for (; lane < lanes; lane++)
            SlideOne(src + (nint)lane * laneStride, length, window, dst + lane, slotStride, select, selectCount);
    }

    /// <summary>
    /// The reference's <c>box1DFloat</c> on one sequence: the first output averages the first ⌊window / 2⌋ + 1 samples,
    /// the window grows to full size, slides (add the new sample, then subtract the old), and shrinks at the end; each
    /// output is the running float sum divided by the current sample count.
    /// </summary>
    private static void SlideOne(float* src, int length, int window, float* dst, int slotStride, int* select, int selectCount)
    {
        var half = (window + 2) / 2;
        float sum = 0;
        int count = 0, ri = 0, li = 0, oi = 0, s = 0;
        for (var n = 0; n < half - 1; n++)
        {
            sum += src[ri++];
            count++;
        }
        for (var n = 0; n < window - half + 1; n++)
        {
            sum += src[ri++];
            count++;
            Emit(sum, count, oi++);
        }
        for (var n = 0; n < length - window; n++)
        {
            sum += src[ri++];
            sum -= src[li++];
            Emit(sum, count, oi++);
        }
        for (var n = 0; n < half - 1; n++)
        {
            sum -= src[li++];
            count--;
            Emit(sum, count, oi++);
        }

        void Emit(float total, int samples, int position)
        {
            if (select is null)
            {
                dst[(nint)position * slotStride] = total / samples;
                return;
            }
            for (; s < selectCount && select[s] == position; s++) dst[(nint)s * slotStride] = total / samples;
        }
    }

    /// <summary><see cref="SlideOne"/> on eight sequences at once, lane r read at src[r·laneStride + position] by an AVX2 gather.</summary>
    private static void SlideEight(float* src, int laneStride, int length, int window, float* dst, int slotStride, int* select, int selectCount)
    {
        var offsets = Vector256.Create(0, 1, 2, 3, 4, 5, 6, 7) * laneStride;
        var half = (window + 2) / 2;
        var sum = Vector256<float>.Zero;
        int count = 0, ri = 0, li = 0, oi = 0, s = 0;
        for (var n = 0; n < half - 1; n++)
        {
            sum += Avx2.GatherVector256(src + ri++, offsets, 4);
            count++;
        }
        for (var n = 0; n < window - half + 1; n++)
        {
            sum += Avx2.GatherVector256(src + ri++, offsets, 4);
            count++;
            Emit(sum, count, oi++);
        }
        for (var n = 0; n < length - window; n++)
        {
            sum += Avx2.GatherVector256(src + ri++, offsets, 4);
            sum -= Avx2.GatherVector256(src + li++, offsets, 4);
            Emit(sum, count, oi++);
        }
        for (var n = 0; n < half - 1; n++)
        {
            sum -= Avx2.GatherVector256(src + li++, offsets, 4);
            count--;
            Emit(sum, count, oi++);
        }

        void Emit(Vector256<float> total, int samples, int position)
        {
            if (select is null)
            {
                Avx.Store(dst + (nint)position * slotStride, total / Vector256.Create((float)samples));
                return;
            }
            if (s >= selectCount || select[s] != position) return;
            var mean = total / Vector256.Create((float)samples);
            for (; s < selectCount && select[s] == position; s++) Avx.Store(dst + (nint)s * slotStride, mean);
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
