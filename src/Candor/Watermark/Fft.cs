using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;
using System.Runtime.Intrinsics;

namespace Candor.Watermark;

/// <summary>
/// In-place radix-2 complex FFT on separate real and imaginary arrays, 1-D and 2-D (N×N, N a power of two).
/// Unnormalised forward transform; the inverse divides by N. Allocation-free after the twiddle tables are built;
/// enough for the watermark's 256×256 autocorrelation and 32×32 chip correlations.
/// <para>
/// The 2-D transform runs the 1-D transform down whole columns at once: every butterfly combines two rows, eight
/// columns to a <see cref="Vector256{T}"/>, with the twiddle the same for every column. The row transforms are column
/// transforms of the transpose (transposed in place, and back). Each element goes through exactly the operations of the
/// 1-D transform, in the same order, and no fused multiply-add is used, so the result is bit for bit the 1-D transform
/// over every row, then over every column.
/// </para>
/// </summary>
internal sealed class Fft
{
    private readonly int _n;
    private readonly float[] _cos;
    private readonly float[] _sin;
    private readonly int[] _reverse;

    public Fft(int n)
    {
        if (n < 2 || (n & (n - 1)) != 0) throw new ArgumentOutOfRangeException(nameof(n), "FFT size must be a power of two.");
        _n = n;
        _cos = new float[n / 2];
        _sin = new float[n / 2];
        for (var i = 0; i < n / 2; i++)
        {
            _cos[i] = (float)Math.Cos(-2 * Math.PI * i / n);
            _sin[i] = (float)Math.Sin(-2 * Math.PI * i / n);
        }
        _reverse = new int[n];
        var bits = System.Numerics.BitOperations.Log2((uint)n);
        for (var i = 0; i < n; i++)
        {
            var r = 0;
            for (var b = 0; b < bits; b++) r |= ((i >> b) & 1) << (bits - 1 - b);
            _reverse[i] = r;
        }
    }

    public int Size => _n;

    /// <summary>Transforms <paramref name="re"/>/<paramref name="im"/>[offset + k·stride] for k &lt; N.</summary>
    public void Transform(float[] re, float[] im, int offset, int stride, bool inverse)
    {
        var n = _n;
        for (var i = 0; i < n; i++)
        {
            var j = _reverse[i];
            if (j <= i) continue;
            int a = offset + i * stride, b = offset + j * stride;
            (re[a], re[b]) = (re[b], re[a]);
            (im[a], im[b]) = (im[b], im[a]);
        }
        var sign = inverse ? -1f : 1f;
        for (var size = 2; size <= n; size <<= 1)
        {
            var half = size >> 1;
            var step = n / size;
            for (var start = 0; start < n; start += size)
            {
                for (var k = 0; k < half; k++)
                {
                    var wr = _cos[k * step];
                    var wi = sign * _sin[k * step];
                    var a = offset + (start + k) * stride;
                    var b = a + half * stride;
                    var xr = re[b] * wr - im[b] * wi;
                    var xi = re[b] * wi + im[b] * wr;
                    re[b] = re[a] - xr;
                    im[b] = im[a] - xi;
                    re[a] += xr;
                    im[a] += xi;
                }
            }
        }
        if (inverse)
        {
            var scale = 1f / n;
            for (var i = 0; i < n; i++)
            {
                re[offset + i * stride] *= scale;
                im[offset + i * stride] *= scale;
            }
        }
    }

    /// <summary>2-D transform of an N×N array stored row-major: every row, then every column.</summary>
    public void Transform2D(float[] re, float[] im, bool inverse)
    {
        var n = _n;
        if (re.Length < n * n || im.Length < n * n) throw new ArgumentException($"a 2-D transform of size {n} needs {n * n} values");
        if (n < Vector256<float>.Count || !Vector256.IsHardwareAccelerated)
        {
            for (var row = 0; row < n; row++) Transform(re, im, row * n, 1, inverse);
            for (var col = 0; col < n; col++) Transform(re, im, col, n, inverse);
            return;
        }
        Transpose(re, n);
        Transpose(im, n);
        Columns(re, im, inverse);
        Transpose(re, n);
        Transpose(im, n);
        Columns(re, im, inverse);
    }

    /// <summary>The 1-D transform down every column at once (N a multiple of the vector width).</summary>
    private void Columns(float[] re, float[] im, bool inverse)
    {
        var n = _n;
        ref var r0 = ref MemoryMarshal.GetArrayDataReference(re);
        ref var i0 = ref MemoryMarshal.GetArrayDataReference(im);
        for (var i = 0; i < n; i++)
        {
            var j = _reverse[i];
            if (j <= i) continue;
            SwapRows(re, i * n, j * n, n);
            SwapRows(im, i * n, j * n, n);
        }
        var sign = inverse ? -1f : 1f;
        var lanes = Vector256<float>.Count;
        for (var size = 2; size <= n; size <<= 1)
        {
            var half = size >> 1;
            var step = n / size;
            for (var start = 0; start < n; start += size)
            {
                for (var k = 0; k < half; k++)
                {
                    var wr = Vector256.Create(_cos[k * step]);
                    var wi = Vector256.Create(sign * _sin[k * step]);
                    var a = (nuint)((start + k) * n);
                    var b = a + (nuint)(half * n);
                    for (nuint c = 0; c < (nuint)n; c += (nuint)lanes)
                    {
                        var rb = Vector256.LoadUnsafe(ref r0, b + c);
                        var ib = Vector256.LoadUnsafe(ref i0, b + c);
                        var ra = Vector256.LoadUnsafe(ref r0, a + c);
                        var ia = Vector256.LoadUnsafe(ref i0, a + c);
                        var xr = rb * wr - ib * wi;
                        var xi = rb * wi + ib * wr;
                        (ra - xr).StoreUnsafe(ref r0, b + c);
                        (ia - xi).StoreUnsafe(ref i0, b + c);
                        (ra + xr).StoreUnsafe(ref r0, a + c);
                        (ia + xi).StoreUnsafe(ref i0, a + c);
                    }
                }
            }
        }
        if (inverse)
        {
            var scale = Vector256.Create(1f / n);
            for (nuint c = 0; c < (nuint)(n * n); c += (nuint)lanes)
            {
                (Vector256.LoadUnsafe(ref r0, c) * scale).StoreUnsafe(ref r0, c);
                (Vector256.LoadUnsafe(ref i0, c) * scale).StoreUnsafe(ref i0, c);
            }
        }
    }

    private static void SwapRows(float[] m, int a, int b, int n)
    {
        ref var start = ref MemoryMarshal.GetArrayDataReference(m);
        for (nuint c = 0; c < (nuint)n; c += (nuint)Vector256<float>.Count)
        {
            var x = Vector256.LoadUnsafe(ref start, (nuint)a + c);
            Vector256.LoadUnsafe(ref start, (nuint)b + c).StoreUnsafe(ref start, (nuint)a + c);
            x.StoreUnsafe(ref start, (nuint)b + c);
        }
    }

    /// <summary>Transposes the N×N matrix in place, 8×8 blocks at a time so both sides of a swap stay in cache.</summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    private static void Transpose(float[] m, int n)
    {
        const int block = 8;
        for (var by = 0; by < n; by += block)
            for (var bx = by; bx < n; bx += block)
                for (var y = by; y < by + block; y++)
                    for (var x = bx == by ? y + 1 : bx; x < bx + block; x++)
                        (m[y * n + x], m[x * n + y]) = (m[x * n + y], m[y * n + x]);
    }
}
