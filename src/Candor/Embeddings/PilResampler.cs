namespace Candor.Embeddings;

/// <summary>
/// Resizes 8-bit planes exactly as PIL's <c>Image.resize</c> does for 8-bit images (libImaging/Resample.c), so that an
/// encoder sees the same pixels as in the Python pipelines it was trained and evaluated with:
/// <list type="bullet">
/// <item>For each output pixel the source centre is <c>(i + 0.5) × in / out</c>; the kernel is stretched by the scale
/// factor when shrinking (support × max(scale, 1)), sampled at <c>(j − centre + 0.5) / max(scale, 1)</c> over the source
/// pixels <c>[trunc(centre − support + 0.5), trunc(centre + support + 0.5))</c> clipped to the image, and normalised to sum 1.</item>
/// <item>Weights become fixed-point integers with 22 fraction bits, rounded half away from zero; each sum starts at
/// 2^21 and is shifted right by 22 (floor) and clamped to 0–255 — round half up.</item>
/// <item>The horizontal pass runs first and is rounded to 8 bits before the vertical pass; an axis whose size does not
/// change is not resampled at all.</item>
/// </list>
/// </summary>
internal static class PilResampler
{
    private const int PrecisionBits = 32 - 8 - 2;

    /// <summary>Resizes one <paramref name="width"/> × <paramref name="height"/> plane to <paramref name="newWidth"/> × <paramref name="newHeight"/>.</summary>
    public static byte[] Resize(byte[] plane, int width, int height, int newWidth, int newHeight, ImageInterpolation kernel)
    {
        ArgumentNullException.ThrowIfNull(plane);
        if (plane.Length != width * height) throw new ArgumentException("Plane size does not match dimensions.", nameof(plane));
        ArgumentOutOfRangeException.ThrowIfLessThan(newWidth, 1);
        ArgumentOutOfRangeException.ThrowIfLessThan(newHeight, 1);
        var current = plane;
        var currentWidth = width;
        if (newWidth != width)
        {
            var weights = Weights.For(width, newWidth, kernel);
            var next = new byte[newWidth * height];
            for (var y = 0; y < height; y++)
            {
                var row = y * width;
                for (var x = 0; x < newWidth; x++)
                {
                    var first = weights.First[x];
                    var k = weights.Coefficients.AsSpan(x * weights.Size, weights.Count[x]);
                    var sum = 1 << (PrecisionBits - 1);
                    for (var i = 0; i < k.Length; i++) sum += current[row + first + i] * k[i];
                    next[y * newWidth + x] = Clip8(sum);
                }
            }
            current = next;
            currentWidth = newWidth;
        }
        if (newHeight != height)
        {
            var weights = Weights.For(height, newHeight, kernel);
            var next = new byte[currentWidth * newHeight];
            var sums = new int[currentWidth];
            for (var y = 0; y < newHeight; y++)
            {
                var first = weights.First[y];
                var k = weights.Coefficients.AsSpan(y * weights.Size, weights.Count[y]);
                // Row by row rather than pixel by pixel, so the source is read in order; integer sums, so the order
                // of the additions does not change the result.
                Array.Fill(sums, 1 << (PrecisionBits - 1));
                for (var i = 0; i < k.Length; i++)
                {
                    var weight = k[i];
                    var row = current.AsSpan((first + i) * currentWidth, currentWidth);
                    for (var x = 0; x < row.Length; x++) sums[x] += row[x] * weight;
                }
                for (var x = 0; x < currentWidth; x++) next[y * currentWidth + x] = Clip8(sums[x]);
            }
            current = next;
        }
        return ReferenceEquals(current, plane) ? (byte[])plane.Clone() : current;
    }

    private static byte Clip8(int sum)
    {
        var value = sum >> PrecisionBits;
        return value < 0 ? (byte)0 : value > 255 ? (byte)255 : (byte)value;
    }

    /// <summary>Keys' cubic convolution kernel with a = −0.5, as PIL's bicubic_filter.</summary>
    internal static double Bicubic(double x)
    {
        const double a = -0.5;
        x = Math.Abs(x);
        if (x < 1.0) return ((a + 2.0) * x - (a + 3.0)) * x * x + 1;
        if (x < 2.0) return (((x - 5) * x + 8) * x - 4) * a;
        return 0.0;
    }

    /// <summary>The triangle kernel, as PIL's bilinear_filter.</summary>
    internal static double Triangle(double x)
    {
        x = Math.Abs(x);
        return x < 1.0 ? 1.0 - x : 0.0;
    }

    /// <summary>Fixed-point weights for one axis: output i reads <c>Count[i]</c> source pixels from <c>First[i]</c>.</summary>
    private sealed class Weights
    {
        public required int Size { get; init; }
        public required int[] First { get; init; }
        public required int[] Count { get; init; }
        public required int[] Coefficients { get; init; }

        public static Weights For(int inSize, int outSize, ImageInterpolation kernel)
        {
            Func<double, double> filter = kernel == ImageInterpolation.Bicubic ? Bicubic : Triangle;
            var baseSupport = kernel == ImageInterpolation.Bicubic ? 2.0 : 1.0;
            var scale = (double)inSize / outSize;
            var filterScale = Math.Max(scale, 1.0);
            var support = baseSupport * filterScale;
            var size = (int)Math.Ceiling(support) * 2 + 1;
            var first = new int[outSize];
            var count = new int[outSize];
            var coefficients = new int[outSize * size];
            var k = new double[size];
            for (var o = 0; o < outSize; o++)
            {
                var center = (o + 0.5) * scale;
                var inverse = 1.0 / filterScale;
                var min = Math.Max((int)(center - support + 0.5), 0);
                var max = Math.Min((int)(center + support + 0.5), inSize) - min;
                var total = 0.0;
                for (var i = 0; i < max; i++)
                {
                    k[i] = filter((i + min - center + 0.5) * inverse);
                    total += k[i];
                }
                for (var i = 0; i < max; i++)
                {
                    var w = total != 0.0 ? k[i] / total : k[i];
                    coefficients[o * size + i] = w < 0 ? (int)(-0.5 + w * (1 << PrecisionBits)) : (int)(0.5 + w * (1 << PrecisionBits));
                }
                first[o] = min;
                count[o] = max;
            }
            return new Weights { Size = size, First = first, Count = count, Coefficients = coefficients };
        }
    }
}
