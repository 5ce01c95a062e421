namespace Candor.Watermark;

/// <summary>
/// In-place radix-2 complex FFT on separate real and imaginary arrays, 1-D and 2-D (square or
/// rectangular power-of-two sizes). Unnormalised forward transform; the inverse divides by N.
/// Small and allocation-free after the twiddle tables are built; enough for the watermark's
/// 256×256 autocorrelation and 32×32 chip correlations.
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

    /// <summary>2-D transform of an N×N array stored row-major.</summary>
    public void Transform2D(float[] re, float[] im, bool inverse)
    {
        var n = _n;
        for (var row = 0; row < n; row++) Transform(re, im, row * n, 1, inverse);
        for (var col = 0; col < n; col++) Transform(re, im, col, n, inverse);
    }
}
