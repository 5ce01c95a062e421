using Candor.Imaging;
using Candor.Imaging.Webp;
using FsCheck;
using FsCheck.Fluent;

namespace Candor.Tests.Imaging.Webp;

public sealed class WebpEncoderTests
{
    // libwebp's simple lossless API (like PIL's default, exact=False) may change the invisible RGB under alpha 0,
    // so those samples are compared for alpha only.
    [Fact]
    public void Lossless_round_trip_is_exact_for_every_visible_sample()
    {
        Prop.ForAll(TestImages.SmallImages(), image =>
        {
            if (image.HasAlpha)
                for (var i = 0; i < image.PixelCount; i += 3) image.Planes[3][i] = 0;
            var decoded = FloatImage.FromRgba(WebpDecoder.Decode(WebpEncoder.Encode(image, lossless: true)));
            Assert.Equal((image.Width, image.Height, image.HasAlpha ? 4 : 3), (decoded.Width, decoded.Height, decoded.Channels));
            for (var i = 0; i < image.PixelCount; i++)
            {
                var visible = !image.HasAlpha || image.Planes[3][i] > 0;
                for (var c = 0; c < decoded.Channels; c++)
                {
                    if (c < 3 && !visible) continue;
                    var expected = image.Planes[image.Channels == 1 ? 0 : c][i];
                    if (decoded.Planes[c][i] != expected) Assert.Fail($"pixel {i} channel {c}: expected {expected}, got {decoded.Planes[c][i]}");
                }
            }
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
