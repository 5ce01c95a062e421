using Candor.Imaging;

namespace Candor.Tests.Imaging;

public sealed class TransformsTests
{
    [Theory]
    [InlineData(90)]
    [InlineData(180)]
    [InlineData(270)]
    [InlineData(-90)]
    public void Quarter_turns_are_exact_permutations(double degrees)
    {
        var image = TestImages.Random(7, 4, 4, 11);
        var turned = Transforms.Rotate(image, degrees, expand: true);
        var quarter = ((int)degrees / 90 % 4 + 4) % 4;
        var expected = quarter switch { 1 => Orientation.Apply(image, 8), 2 => Orientation.Apply(image, 3), _ => Orientation.Apply(image, 6) };
        TestImages.AssertEqual(expected, turned);
        for (var c = 0; c < image.Channels; c++)
            Assert.Equal(image.Planes[c].Order(), turned.Planes[c].Order());
    }

    [Fact]
    public void Rotate_90_turns_counter_clockwise()
    {
        var image = new FloatImage(2, 1, [[1, 2]]);
        var turned = Transforms.Rotate(image, 90, expand: true);
        Assert.Equal((1, 2), (turned.Width, turned.Height));
        Assert.Equal([2f, 1], turned.Planes[0]);
    }

    [Fact]
    public void Four_quarter_turns_compose_to_identity_and_two_to_a_half_turn()
    {
        var image = TestImages.Random(9, 5, 3, 12);
        var turned = image;
        for (var i = 0; i < 4; i++) turned = Transforms.Rotate(turned, 360.0 / 4, expand: true);
        TestImages.AssertEqual(image, turned);
        TestImages.AssertEqual(Transforms.Rotate(image, 180), Transforms.Rotate(Transforms.Rotate(image, 90, true), 90, true));
    }

    [Fact]
    public void Rotate_0_and_360_are_identity()
    {
        var image = TestImages.Random(9, 5, 4, 13);
        TestImages.AssertEqual(image, Transforms.Rotate(image, 0));
        TestImages.AssertEqual(image, Transforms.Rotate(image, 360, expand: true));
    }

    [Fact]
    public void Quarter_turn_without_expand_keeps_the_canvas()
    {
        var image = TestImages.Random(8, 4, 3, 14);
        var turned = Transforms.Rotate(image, 90, fill: -1);
        Assert.Equal((8, 4), (turned.Width, turned.Height));
        // The turned 4 × 8 image sits centred: canvas (X, Y) shows source (5 − Y, X − 2) for X in 2–5, the rest is fill.
        Assert.Equal(-1, turned.Planes[0][0]);
        Assert.Equal(image.Planes[0][5], turned.Planes[0][2]);
    }

    [Theory]
    [InlineData(8, 4, 90, false)]
    [InlineData(8, 4, 270, false)]
    [InlineData(7, 5, 180, false)]
    [InlineData(6, 6, 90, false)]
    [InlineData(7, 4, 90, true)]
    public void Exact_quarter_turns_agree_with_bilinear_sampling_a_hair_away(int width, int height, double degrees, bool expand)
    {
        var image = TestImages.Random(width, height, 3, 19);
        var exact = Transforms.Rotate(image, degrees, expand, fill: 7);
        var sampled = Transforms.Rotate(image, degrees + 1e-9, expand, fill: 7);
        TestImages.AssertEqual(exact, sampled, 0.01f);
    }

    [Fact]
    public void Rotate_15_with_expand_grows_the_canvas_to_hold_the_turned_image()
    {
        var image = TestImages.Smooth(60, 40);
        var turned = Transforms.Rotate(image, 15, expand: true);
        var r = 15 * Math.PI / 180;
        Assert.Equal((int)Math.Ceiling(60 * Math.Cos(r) + 40 * Math.Sin(r)), turned.Width);
        Assert.Equal((int)Math.Ceiling(60 * Math.Sin(r) + 40 * Math.Cos(r)), turned.Height);
        Assert.Equal(0, turned.Planes[0][0]);
        var centre = turned.Height / 2 * turned.Width + turned.Width / 2;
        Assert.InRange(turned.Planes[0][centre], 20, 240);
        Assert.Equal((60, 40), (Transforms.Rotate(image, 15).Width, Transforms.Rotate(image, 15).Height));
    }

    [Fact]
    public void Rotate_there_and_back_keeps_the_middle_close()
    {
        var image = TestImages.Smooth(64, 64);
        var back = Transforms.Rotate(Transforms.Rotate(image, 15), -15);
        var middle = Transforms.Crop(back, 20, 20, 24, 24);
        Assert.True(ImageMetrics.Psnr(Transforms.Crop(image, 20, 20, 24, 24), middle) > 35);
    }

    [Theory]
    [InlineData(ResizeFilter.Lanczos3)]
    [InlineData(ResizeFilter.Bilinear)]
    public void Resize_to_the_same_size_is_identity(ResizeFilter filter)
    {
        var image = TestImages.Random(13, 7, 4, 15);
        var resized = Transforms.Resize(image, 13, 7, filter);
        TestImages.AssertEqual(image, resized, 1e-4f);
        Assert.NotSame(image.Planes[0], resized.Planes[0]);
    }

    [Theory]
    [InlineData(ResizeFilter.Lanczos3, 17, 9)]
    [InlineData(ResizeFilter.Lanczos3, 100, 61)]
    [InlineData(ResizeFilter.Bilinear, 5, 3)]
    [InlineData(ResizeFilter.Bilinear, 77, 50)]
    [InlineData(ResizeFilter.Lanczos3, 1, 1)]
    public void Constant_images_stay_constant(ResizeFilter filter, int width, int height)
    {
        var image = TestImages.Constant(40, 30, 3, 173);
        var resized = Transforms.Resize(image, width, height, filter);
        Assert.Equal((width, height), (resized.Width, resized.Height));
        Assert.All(resized.Planes.SelectMany(p => p), v => Assert.Equal(173, v, 0.01f));
    }

    [Fact]
    public void Down_then_up_of_a_smooth_image_keeps_PSNR_high()
    {
        var image = TestImages.Smooth(96, 64, channels: 4);
        var round = Transforms.Resize(Transforms.Resize(image, 48, 32), 96, 64);
        Assert.True(ImageMetrics.Psnr(image, round) > 35, $"{ImageMetrics.Psnr(image, round):F1} dB");
        Assert.All(round.Planes[3], v => Assert.Equal(200, v, 0.01f));
    }

    [Fact]
    public void Downscaling_by_two_with_bilinear_averages_like_PIL()
    {
        // PIL widens the tent to support 2 when halving: taps at −1.5, −0.5, 0.5, 1.5 with weights 1/8, 3/8, 3/8, 1/8.
        var image = new FloatImage(8, 1, [[0, 0, 0, 80, 0, 0, 0, 0]]);
        var half = Transforms.Resize(image, 4, 1, ResizeFilter.Bilinear);
        Assert.Equal([0f, 30, 10, 0], half.Planes[0].Select(v => MathF.Round(v, 4)).ToArray());
    }

    // ImageMagick's Triangle and Lanczos filters widen their support when shrinking the same way. Its 8-bit output here is
    // truncated rather than rounded (ours is 0.49 level higher on average, so about half the samples differ by one), and
    // its Lanczos result is clamped to 0–255 between the two passes, so ringing at hard edges differs by a few levels.
    [SkippableTheory]
    [InlineData(ResizeFilter.Bilinear, "Triangle", 0.6, 1)]
    [InlineData(ResizeFilter.Lanczos3, "Lanczos", 0.6, 8)]
    public void Downscaling_a_photo_agrees_with_ImageMagick(ResizeFilter filter, string magickFilter, double meanLimit, float maxLimit)
    {
        var file = Corpus.Path(TestImages.Kodim01);
        ImageMagick.Require();
        var raw = TestImages.TempFile(".rgb");
        try
        {
            ImageMagick.Convert(file, "-filter", magickFilter, "-resize", "384x256!", "-depth", "8", "rgb:" + raw);
            var reference = File.ReadAllBytes(raw);
            var ours = Transforms.Clamp8(Transforms.Resize(TestImages.Load(TestImages.Kodim01), 384, 256, filter));
            double sum = 0;
            float max = 0;
            for (var i = 0; i < ours.PixelCount; i++)
                for (var c = 0; c < 3; c++)
                {
                    var d = Math.Abs(ours.Planes[c][i] - reference[i * 3 + c]);
                    sum += d;
                    max = Math.Max(max, d);
                }
            Assert.True(sum / (3.0 * ours.PixelCount) < meanLimit, $"mean difference {sum / (3.0 * ours.PixelCount):F3}");
            Assert.True(max <= maxLimit, $"max difference {max}");
        }
        finally
        {
            File.Delete(raw);
        }
    }

    [Fact]
    public void Crop_copies_the_rectangle_and_checks_bounds()
    {
        var image = TestImages.Random(10, 6, 3, 16);
        var crop = Transforms.Crop(image, 3, 2, 4, 3);
        Assert.Equal(image.Planes[1][4 * 10 + 6], crop.Planes[1][2 * 4 + 3]);
        Assert.Throws<ArgumentOutOfRangeException>(() => Transforms.Crop(image, 7, 0, 4, 1));
        Assert.Throws<ArgumentOutOfRangeException>(() => Transforms.Crop(image, 0, 0, 0, 1));
    }

    [Fact]
    public void Flips_mirror_and_are_involutions()
    {
        var image = TestImages.Random(5, 3, 3, 17);
        var h = Transforms.FlipHorizontal(image);
        Assert.Equal(image.Planes[0][4], h.Planes[0][0]);
        TestImages.AssertEqual(image, Transforms.FlipHorizontal(h));
        var v = Transforms.FlipVertical(image);
        Assert.Equal(image.Planes[2][2 * 5], v.Planes[2][0]);
        TestImages.AssertEqual(image, Transforms.FlipVertical(v));
    }

    [Fact]
    public void Blur_keeps_a_constant_image_and_sigma_0_is_identity()
    {
        var constant = TestImages.Constant(20, 15, 3, 91);
        Assert.All(Transforms.GaussianBlur(constant, 2).Planes.SelectMany(p => p), v => Assert.Equal(91, v, 0.001f));
        var image = TestImages.Random(20, 15, 4, 18);
        TestImages.AssertEqual(image, Transforms.GaussianBlur(image, 0));
    }

    [Fact]
    public void Blur_spreads_an_impulse_as_a_normalised_gaussian()
    {
        var image = new FloatImage(31, 31, 1);
        image.Planes[0][15 * 31 + 15] = 1000;
        var blurred = Transforms.GaussianBlur(image, 1.5);
        Assert.Equal(1000, blurred.Planes[0].Sum(), 0.1);
        var centre = blurred.Planes[0][15 * 31 + 15];
        var g1 = Math.Exp(-1 / (2 * 1.5 * 1.5));
        Assert.Equal(centre * g1, blurred.Planes[0][15 * 31 + 16], 0.01);
        Assert.NotEqual(0, blurred.Planes[0][15 * 31 + 15 + 5]);
        Assert.Equal(0, blurred.Planes[0][15 * 31 + 15 + 6]);  // radius ⌈3σ⌉ = 5
    }

    [Fact]
    public void Noise_has_the_requested_deviation_and_is_deterministic()
    {
        var image = TestImages.Constant(200, 100, 4, 128);
        var noisy = Transforms.AddGaussianNoise(image, 5, seed: 42);
        var diffs = noisy.Planes.Take(3).SelectMany(p => p).Select(v => v - 128.0).ToArray();
        var mean = diffs.Average();
        var std = Math.Sqrt(diffs.Select(d => (d - mean) * (d - mean)).Average());
        Assert.InRange(mean, -0.1, 0.1);
        Assert.InRange(std, 4.9, 5.1);
        Assert.All(noisy.Planes[3], v => Assert.Equal(128, v));
        TestImages.AssertEqual(noisy, Transforms.AddGaussianNoise(image, 5, seed: 42));
        Assert.NotEqual(noisy.Planes[0], Transforms.AddGaussianNoise(image, 5, seed: 43).Planes[0]);
        Assert.All(image.Planes[0], v => Assert.Equal(128, v));
    }

    [Fact]
    public void Brightness_multiplies_and_clamps()
    {
        var image = new FloatImage(3, 1, [[10, 100, 200], [0, 50, 250], [1, 2, 3], [7, 8, 9]]);
        var brighter = Transforms.Brightness(image, 1.5);
        Assert.Equal([15f, 150, 255], brighter.Planes[0]);
        Assert.Equal([7f, 8, 9], brighter.Planes[3]);
        Assert.Equal([0f, 25, 125], Transforms.Brightness(image, 0.5).Planes[1]);
    }

    [Fact]
    public void Contrast_blends_with_the_mean_grey()
    {
        // Grey 50 and 150: mean luma 100.
        var image = new FloatImage(2, 1, [[50, 150], [50, 150], [50, 150]]);
        Assert.Equal([0f, 200], Transforms.Contrast(image, 2).Planes[0]);
        Assert.Equal([75f, 125], Transforms.Contrast(image, 0.5).Planes[1]);
        Assert.Equal([100f, 100], Transforms.Contrast(image, 0).Planes[2]);
    }

    [Fact]
    public void Gamma_follows_the_power_law()
    {
        var image = new FloatImage(4, 1, [[0, 64, 128, 255]]);
        var result = Transforms.Gamma(image, 2.2);
        Assert.Equal(0, result.Planes[0][0]);
        Assert.Equal(255 * Math.Pow(64 / 255.0, 2.2), result.Planes[0][1], 0.001);
        Assert.Equal(255 * Math.Pow(128 / 255.0, 2.2), result.Planes[0][2], 0.001);
        Assert.Equal(255, result.Planes[0][3], 0.001);
    }

    [Fact]
    public void Clamp8_rounds_like_saving_a_png()
    {
        var image = new FloatImage(5, 1, [[-3, 0.49f, 0.5f, 254.5f, 300]]);
        Assert.Equal([0f, 0, 1, 255, 255], Transforms.Clamp8(image).Planes[0]);
        TestImages.AssertEqual(Transforms.Clamp8(image), Transforms.PngRoundTrip(image));
    }

    [SkippableFact]
    public void Codec_round_trips_keep_size_alpha_and_quality()
    {
        var photo = Transforms.Crop(TestImages.Load(TestImages.Kodim01), 100, 100, 256, 192);
        var withAlpha = new FloatImage(photo.Width, photo.Height, [.. photo.Planes, Enumerable.Repeat(99.7f, photo.PixelCount).ToArray()]);
        var jpeg = Transforms.JpegRoundTrip(withAlpha, 70);
        Assert.Equal(4, jpeg.Channels);
        Assert.All(jpeg.Planes[3], v => Assert.Equal(100, v));
        Assert.InRange(ImageMetrics.Psnr(photo, jpeg), 28, 45);
        var webp = Transforms.WebpRoundTrip(photo, 75);
        Assert.Equal(3, webp.Channels);
        Assert.InRange(ImageMetrics.Psnr(photo, webp), 26, 45);
        Assert.True(ImageMetrics.Psnr(photo, Transforms.JpegRoundTrip(photo, 70, Candor.Imaging.Jpeg.JpegSubsampling.S444)) > ImageMetrics.Psnr(photo, jpeg));
        var grey = Transforms.JpegRoundTrip(ColorSpace.Grayscale(photo), 90);
        Assert.Equal(1, grey.Channels);
    }
}
