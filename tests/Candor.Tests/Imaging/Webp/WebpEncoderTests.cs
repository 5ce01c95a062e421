using Candor.Imaging;
using Candor.Imaging.Webp;
using FsCheck;
using FsCheck.Fluent;

namespace Candor.Tests.Imaging.Webp;

public sealed class WebpEncoderTests
{
    [Fact]
    public void Lossless_round_trip_is_exact()
    {
        Prop.ForAll(TestImages.SmallImages(), image =>
        {
            if (image.HasAlpha)
                for (var i = 0; i < image.PixelCount; i++) image.Planes[3][i] = Math.Max(image.Planes[3][i], 1);
            var decoded = FloatImage.FromRgba(WebpDecoder.Decode(WebpEncoder.Encode(image, lossless: true)));
            var expected = image.Channels == 1 ? new FloatImage(image.Width, image.Height, [image.Planes[0], image.Planes[0], image.Planes[0]]) : image;
            TestImages.AssertEqual(expected, decoded);
        }).Check(Config.QuickThrowOnFailure.WithMaxTest(100));
    }

    [SkippableFact]
    public void Lossy_quality_gives_sensible_PSNR_and_size_order()
    {
        var photo = TestImages.Load(TestImages.Kodim01);
        var high = WebpEncoder.Encode(photo, 90);
        var low = WebpEncoder.Encode(photo, 30);
        Assert.True(low.Length < high.Length);
        var psnrHigh = ImageMetrics.Psnr(photo, FloatImage.FromRgba(WebpDecoder.Decode(high)));
        var psnrLow = ImageMetrics.Psnr(photo, FloatImage.FromRgba(WebpDecoder.Decode(low)));
        Assert.InRange(psnrHigh, 32, 60);
        Assert.InRange(psnrLow, 22, psnrHigh);
    }

    [Fact]
    public void Alpha_survives_lossy_coding()
    {
        var image = TestImages.Smooth(32, 32, channels: 4);
        var decoded = WebpDecoder.Decode(WebpEncoder.Encode(image, 75));
        Assert.True(decoded.HasAlpha);
        Assert.All(Enumerable.Range(0, 32 * 32), i => Assert.Equal(200, decoded.Pixels[i * 4 + 3]));
    }

    [Fact]
    public void Too_wide_images_are_refused()
    {
        Assert.Throws<ArgumentException>(() => WebpEncoder.Encode(new FloatImage(WebpEncoder.MaxDimension + 1, 1, 3)));
    }
}
