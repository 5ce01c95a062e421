using Candor.Embeddings;
using Candor.Imaging;

namespace Candor.Tests.Embeddings;

/// <summary>
/// CLIP's preprocessing: the PIL-style bicubic resize against a slow per-pixel reference written from Pillow's documented
/// algorithm, hand-computed values, torchvision's size and crop arithmetic, and the final normalisation.
/// </summary>
public sealed class ClipPreprocessingTests
{
    private static readonly float[] Mean = [0.48145466f, 0.4578275f, 0.40821073f];
    private static readonly float[] Std = [0.26862954f, 0.26130258f, 0.27577711f];

    /// <summary>
    /// Pillow's 8-bit resampling, one output pixel at a time: weights of Keys' cubic (a = −0.5) or the triangle, widened by
    /// the scale when shrinking, normalised, made fixed point (22 bits, half away from zero), summed from 2^21, shifted,
    /// clamped; the horizontal pass rounded to bytes before the vertical one; an unchanged axis copied.
    /// </summary>
    private static byte[] ReferenceResize(byte[] source, int width, int height, int newWidth, int newHeight, bool bicubic)
    {
        static double Kernel(double x, bool bicubic)
        {
            x = Math.Abs(x);
            if (!bicubic) return Math.Max(0, 1 - x);
            if (x < 1) return 1.5 * x * x * x - 2.5 * x * x + 1;
            if (x < 2) return -0.5 * x * x * x + 2.5 * x * x - 4 * x + 2;
            return 0;
        }

        static byte Sample(Func<int, int> read, int inSize, int outSize, int o, bool bicubic)
        {
            var scale = (double)inSize / outSize;
            var stretch = Math.Max(scale, 1);
            var support = (bicubic ? 2 : 1) * stretch;
            var center = (o + 0.5) * scale;
            var lo = Math.Max(0, (int)(center - support + 0.5));
            var hi = Math.Min(inSize, (int)(center + support + 0.5));
            var weights = new List<double>();
            for (var j = lo; j < hi; j++) weights.Add(Kernel((j - center + 0.5) / stretch, bicubic));
            var total = weights.Sum();
            long accumulator = 1 << 21;
            for (var j = lo; j < hi; j++)
            {
                var w = weights[j - lo] / total * (1 << 22);
                var fixedPoint = (long)(w < 0 ? w - 0.5 : w + 0.5);
                accumulator += read(j) * fixedPoint;
            }
            return (byte)Math.Clamp(accumulator >> 22, 0, 255);
        }

        var pass = source;
        if (newWidth != width)
        {
            var next = new byte[newWidth * height];
            for (var y = 0; y < height; y++)
                for (var x = 0; x < newWidth; x++)
                    next[y * newWidth + x] = Sample(j => pass[y * width + j], width, newWidth, x, bicubic);
            pass = next;
        }
        if (newHeight != height)
        {
            var next = new byte[newWidth * newHeight];
            var current = pass;
            for (var y = 0; y < newHeight; y++)
                for (var x = 0; x < newWidth; x++)
                    next[y * newWidth + x] = Sample(j => current[j * newWidth + x], height, newHeight, y, bicubic);
            pass = next;
        }
        return pass;
    }

    private static byte[] RandomPlane(int width, int height, int seed, bool smooth)
    {
        var random = new Random(seed);
        var plane = new byte[width * height];
        for (var y = 0; y < height; y++)
            for (var x = 0; x < width; x++)
                plane[y * width + x] = smooth
                    ? (byte)Math.Clamp(128 + 100 * Math.Sin(x * 0.21 + seed) * Math.Cos(y * 0.13) + random.Next(-20, 21), 0, 255)
                    : (byte)random.Next(256);
        return plane;
    }

    [Theory]
    [InlineData(37, 53, 224, 320, true)]
    [InlineData(640, 480, 298, 224, true)]
    [InlineData(1000, 17, 224, 3, true)]
    [InlineData(225, 224, 224, 224, true)]
    [InlineData(300, 301, 299, 302, true)]
    [InlineData(123, 456, 224, 830, true)]
    [InlineData(456, 123, 830, 224, false)]
    [InlineData(64, 64, 7, 9, false)]
    public void Resize_matches_the_slow_reference_byte_for_byte(int width, int height, int newWidth, int newHeight, bool bicubic)
    {
        foreach (var smooth in new[] { true, false })
        {
            var source = RandomPlane(width, height, width * 31 + height, smooth);
            var kernel = bicubic ? ImageInterpolation.Bicubic : ImageInterpolation.Bilinear;
            var actual = PilResampler.Resize(source, width, height, newWidth, newHeight, kernel);
            var expected = ReferenceResize(source, width, height, newWidth, newHeight, bicubic);
            Assert.Equal(expected, actual);
        }
    }

    [Fact]
    public void Resize_of_four_pixels_to_two_matches_a_hand_computation()
    {
        // Shrinking 4 → 2: scale 2, the cubic widened to support 4. Output 0 is centred at 1.0 and reads pixels 0–3 at
        // distances −0.25, 0.25, 0.75, 1.25 (÷2 of −0.5, 0.5, 1.5, 2.5): weights 0.8671875, 0.8671875, 0.2265625,
        // −0.0703125, sum 1.890625. For 0, 100, 200, 250: (86.71875 + 45.3125 − 17.578125) / 1.890625 = 60.54 → 61.
        // Output 1 (centre 3.0) mirrors it: (22.65625 + 173.4375 + 216.796875) / 1.890625 = 218.39 → 218.
        var result = PilResampler.Resize([0, 100, 200, 250], 4, 1, 2, 1, ImageInterpolation.Bicubic);
        Assert.Equal(new byte[] { 61, 218 }, result);
    }

    [Fact]
    public void Bicubic_kernel_is_keys_with_a_minus_half()
    {
        Assert.Equal(1.0, PilResampler.Bicubic(0));
        Assert.Equal(0.8671875, PilResampler.Bicubic(0.25));
        Assert.Equal(0.2265625, PilResampler.Bicubic(-0.75));
        Assert.Equal(-0.0703125, PilResampler.Bicubic(1.25));
        Assert.Equal(0.0, PilResampler.Bicubic(1));
        Assert.Equal(0.0, PilResampler.Bicubic(2));
    }

    [Fact]
    public void A_224_wide_portrait_is_only_cropped_and_normalised()
    {
        // 224 × 448: the short side already fits, so no resampling; the crop keeps rows 112–335.
        var image = new FloatImage(224, 448, 3);
        for (var y = 0; y < 448; y++)
            for (var x = 0; x < 224; x++)
                for (var c = 0; c < 3; c++)
                    image.Planes[c][y * 224 + x] = (x * 7 + y * 3 + c * 50) % 256;
        var tensor = ClipPreprocessing.ToTensor(image);
        Assert.Equal(3 * 224 * 224, tensor.Length);
        for (var c = 0; c < 3; c++)
            for (var y = 0; y < 224; y++)
                for (var x = 0; x < 224; x++)
                {
                    var pixel = (x * 7 + (y + 112) * 3 + c * 50) % 256;
                    Assert.Equal((pixel / 255f - Mean[c]) / Std[c], tensor[c * 224 * 224 + y * 224 + x]);
                }
    }

    [Fact]
    public void Known_values_of_the_normalisation()
    {
        var white = new FloatImage(224, 224, 3);
        foreach (var plane in white.Planes) Array.Fill(plane, 255f);
        var tensor = ClipPreprocessing.ToTensor(white);
        // (1 − 0.48145466) / 0.26862954 = 1.9303363, (1 − 0.4578275) / 0.26130258 = 2.0748838, (1 − 0.40821073) / 0.27577711 = 2.1458970
        Assert.Equal(1.9303363, tensor[0], 5);
        Assert.Equal(2.0748838, tensor[224 * 224], 5);
        Assert.Equal(2.1458970, tensor[2 * 224 * 224 + 5], 5);
        var black = ClipPreprocessing.ToTensor(new FloatImage(224, 224, 3));
        Assert.Equal(-0.48145466 / 0.26862954, black[0], 5);
    }

    [Theory]
    [InlineData(13, 40)]
    [InlineData(500, 333)]
    [InlineData(224, 224)]
    [InlineData(1, 1)]
    [InlineData(2000, 225)]
    public void A_flat_colour_stays_that_colour_at_any_size(int width, int height)
    {
        var image = new FloatImage(width, height, 3);
        float[] colour = [200, 17, 96];
        for (var c = 0; c < 3; c++) Array.Fill(image.Planes[c], colour[c]);
        var tensor = ClipPreprocessing.ToTensor(image);
        for (var c = 0; c < 3; c++)
        {
            var expected = (colour[c] / 255f - Mean[c]) / Std[c];
            Assert.All(tensor.AsSpan(c * 224 * 224, 224 * 224).ToArray(), v => Assert.Equal(expected, v));
        }
    }

    [Theory]
    // width × height → resized width × height (the long side is floor(224 × long / short)) → crop offset (round half to even)
    [InlineData(300, 200, 336, 224, 56, 0)]
    [InlineData(225, 224, 225, 224, 0, 0)]   // (225 − 224) / 2 = 0.5 rounds to 0
    [InlineData(227, 224, 227, 224, 2, 0)]   // 1.5 rounds to 2
    [InlineData(200, 301, 224, 337, 0, 56)]  // 224 × 301 / 200 = 337.12 → 337; (337 − 224) / 2 = 56.5 → 56
    [InlineData(123, 456, 224, 830, 0, 303)]
    public void Sizes_and_crop_follow_torchvision(int width, int height, int resizedWidth, int resizedHeight, int left, int top)
    {
        var image = new FloatImage(width, height, 3);
        for (var c = 0; c < 3; c++)
            image.Planes[c] = [.. RandomPlane(width, height, c + width, smooth: true).Select(b => (float)b)];
        var resized = new byte[3][];
        for (var c = 0; c < 3; c++)
            resized[c] = ReferenceResize([.. image.Planes[c].Select(v => (byte)v)], width, height, resizedWidth, resizedHeight, bicubic: true);
        var tensor = ClipPreprocessing.ToTensor(image);
        for (var c = 0; c < 3; c++)
            for (var y = 0; y < 224; y += 7)
                for (var x = 0; x < 224; x += 5)
                {
                    var pixel = resized[c][(y + top) * resizedWidth + x + left];
                    Assert.Equal((pixel / 255f - Mean[c]) / Std[c], tensor[c * 224 * 224 + y * 224 + x]);
                }
    }

    [Fact]
    public void Grey_is_read_as_three_equal_channels_and_alpha_is_dropped()
    {
        var grey = new FloatImage(40, 30, 1);
        for (var i = 0; i < grey.PixelCount; i++) grey.Planes[0][i] = i * 13 % 256;
        var rgba = new FloatImage(40, 30, [grey.Planes[0], grey.Planes[0], grey.Planes[0], new float[grey.PixelCount]]);
        var rgb = new FloatImage(40, 30, [grey.Planes[0], grey.Planes[0], grey.Planes[0]]);
        Assert.Equal(ClipPreprocessing.ToTensor(rgb), ClipPreprocessing.ToTensor(grey));
        Assert.Equal(ClipPreprocessing.ToTensor(rgb), ClipPreprocessing.ToTensor(rgba));
    }

    [Fact]
    public void Other_sizes_give_other_tensor_sizes()
    {
        var image = new FloatImage(100, 80, 3);
        Assert.Equal(3 * 64 * 64, ClipPreprocessing.ToTensor(image, 64).Length);
        Assert.Equal(3 * 336 * 336, ClipPreprocessing.ToTensor(image, 336).Length);
    }
}
