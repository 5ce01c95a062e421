using Candor.Imaging;

namespace Candor.Tests.Imaging;

public sealed class ImageMetricsTests
{
    [Fact]
    public void Identical_images_give_infinite_PSNR_and_SSIM_1()
    {
        var image = TestImages.Random(40, 30, 3, 21);
        Assert.Equal(double.PositiveInfinity, ImageMetrics.Psnr(image, image.Clone()));
        Assert.Equal(1.0, ImageMetrics.Ssim(image, image.Clone()), 1e-9);
    }

    [Theory]
    [InlineData(1, 48.1308)]
    [InlineData(2, 42.1102)]
    [InlineData(10, 28.1308)]
    public void A_uniform_offset_gives_the_known_PSNR(float offset, double expected)
    {
        var image = TestImages.Smooth(32, 16, channels: 4);
        var shifted = image.Clone();
        for (var c = 0; c < 3; c++)
            for (var i = 0; i < shifted.PixelCount; i++) shifted.Planes[c][i] += offset;
        shifted.Planes[3][0] = 0;
        Assert.Equal(expected, ImageMetrics.Psnr(image, shifted), 3);
    }

    [Fact]
    public void SSIM_decreases_as_noise_grows()
    {
        var photo = TestImages.Smooth(64, 64);
        var values = new[] { 2.0, 8, 20, 50 }.Select(s => ImageMetrics.Ssim(photo, Transforms.AddGaussianNoise(photo, s, 7))).ToArray();
        Assert.True(values[0] < 1);
        for (var i = 1; i < values.Length; i++) Assert.True(values[i] < values[i - 1], string.Join(", ", values));
    }

    [Fact]
    public void SSIM_matches_a_direct_computation_on_one_window()
    {
        // An 11 × 11 image has exactly one window position, so SSIM is the formula on the Gaussian-weighted statistics.
        var a = TestImages.Random(11, 11, 1, 3);
        var b = TestImages.Random(11, 11, 1, 4);
        double mx = 0, my = 0, sxx = 0, syy = 0, sxy = 0, total = 0;
        var weights = new double[121];
        for (var y = 0; y < 11; y++)
            for (var x = 0; x < 11; x++)
                total += weights[y * 11 + x] = Math.Exp(-((x - 5) * (x - 5) + (y - 5) * (y - 5)) / (2 * 1.5 * 1.5));
        for (var i = 0; i < 121; i++)
        {
            var w = weights[i] / total;
            double p = a.Planes[0][i], q = b.Planes[0][i];
            mx += w * p; my += w * q; sxx += w * p * p; syy += w * q * q; sxy += w * p * q;
        }
        double c1 = Math.Pow(0.01 * 255, 2), c2 = Math.Pow(0.03 * 255, 2);
        var expected = (2 * mx * my + c1) * (2 * (sxy - mx * my) + c2) / ((mx * mx + my * my + c1) * (sxx - mx * mx + syy - my * my + c2));
        Assert.Equal(expected, ImageMetrics.Ssim(a, b), 6);
    }

    [Fact]
    public void Different_sizes_are_refused()
    {
        Assert.Throws<ArgumentException>(() => ImageMetrics.Psnr(new FloatImage(2, 2, 3), new FloatImage(2, 3, 3)));
        Assert.Throws<ArgumentException>(() => ImageMetrics.Ssim(new FloatImage(8, 8, 3), new FloatImage(8, 8, 3)));
    }
}
