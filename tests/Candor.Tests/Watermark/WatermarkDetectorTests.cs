using Candor.Imaging;
using Candor.Watermark;

namespace Candor.Tests.Watermark;

/// <summary>Embedding and blind detection on real photographs, under the attacks the design is meant to survive.</summary>
public class WatermarkDetectorTests
{
    private static readonly WatermarkKey Key = new(Enumerable.Range(0, 32).Select(i => (byte)(i * 11 + 3)).ToArray());
    private static readonly WatermarkPayload Payload = WatermarkPayload.FromHex("c0ffee0123456789");

    private static FloatImage Photo(string name) => ImageCodec.Load(Corpus.Path($"photos/{name}.png"));

    private static FloatImage Marked(FloatImage photo) => Transforms.Clamp8(WatermarkEmbedder.Embed(photo, Key, Payload));

    [SkippableFact]
    public void Marked_photo_is_near_invisible_and_decodes_exactly()
    {
        var photo = Photo("kodim23");
        var marked = Marked(photo);
        Assert.InRange(ImageMetrics.Psnr(photo, marked), 38, 46);
        Assert.True(ImageMetrics.Ssim(photo, marked) > 0.97);
        var result = WatermarkDetector.Detect(marked, Key);
        Assert.True(result.Found);
        Assert.Equal(Payload, result.Payload);
        Assert.True(result.PValue < 1e-12, $"p = {result.PValue}");
        Assert.False(result.Mirrored);
    }

    [SkippableFact]
    public void The_unmarked_photo_and_another_key_find_nothing()
    {
        var photo = Photo("kodim23");
        var unmarked = WatermarkDetector.Detect(photo, Key);
        Assert.False(unmarked.Found);
        Assert.Null(unmarked.Payload);
        Assert.True(unmarked.PValue > 1e-6);
        var otherKey = WatermarkDetector.Detect(Marked(photo), WatermarkKey.Generate());
        Assert.False(otherKey.Found);
        Assert.Null(otherKey.Payload);
    }

    [SkippableTheory]
    [InlineData("kodim05", "rotate-15")]
    [InlineData("kodim05", "screenshot")]
    [InlineData("kodim13", "stretch-0.8x1")]
    [InlineData("kodim01", "crop-25%-offset")]
    [InlineData("kodim08", "jpeg-q50")]
    [InlineData("kodim19", "flip")]
    [InlineData("kodim03", "chain-3")]
    public void Survives_attacks_on_hard_photos(string photoName, string attackName)
    {
        var attack = WatermarkAttacks.Standard.Single(a => a.Name == attackName);
        var attacked = Transforms.PngRoundTrip(attack.Apply(Marked(Photo(photoName))));
        var result = WatermarkDetector.Detect(attacked, Key);
        Assert.True(result.Found, $"{photoName} {attackName}: p = {result.PValue}, pilot {result.PilotScore:F1}");
        Assert.Equal(Payload, result.Payload);
        if (attackName == "flip") Assert.True(result.Mirrored);
        if (attackName == "rotate-15")
        {
            Assert.NotNull(result.Period);
            Assert.InRange(result.Period!.Value.A, 124, 132);
        }
    }

    [SkippableFact]
    public void Large_images_get_a_proportionally_larger_tile_and_still_decode_after_downscaling()
    {
        var big = Transforms.Resize(Photo("kodim23"), 2304, 1536);
        var marked = Marked(big);
        var result = WatermarkDetector.Detect(marked, Key);
        Assert.Equal(Payload, result.Payload);
        Assert.InRange(result.Period!.Value.A, 280, 296); // 128 × 2304 / 1024 = 288 pixels
        var thumbnail = Transforms.PngRoundTrip(Transforms.Resize(marked, 768, 512));
        Assert.Equal(Payload, WatermarkDetector.Detect(thumbnail, Key).Payload);
    }

    [SkippableFact]
    public void Strength_and_adaptivity_trade_visibility_as_documented()
    {
        var photo = Photo("kodim05");
        var fixedWeak = Transforms.Clamp8(WatermarkEmbedder.Embed(photo, Key, Payload, new WatermarkOptions { Adaptive = false }));
        var adaptive = Marked(photo);
        var strong = Transforms.Clamp8(WatermarkEmbedder.Embed(photo, Key, Payload, new WatermarkOptions { Strength = 2, Adaptive = false }));
        var (pw, pa, ps) = (ImageMetrics.Psnr(photo, fixedWeak), ImageMetrics.Psnr(photo, adaptive), ImageMetrics.Psnr(photo, strong));
        // Busy photo: the adaptive step raises the amplitude, but never beyond 1.6× (4.1 dB, a little more where
        // the larger mark is clipped at black and white).
        Assert.True(pa < pw, $"adaptive {pa:F2} dB vs fixed {pw:F2} dB");
        Assert.True(pa > pw - 4.5, $"adaptive {pa:F2} dB vs fixed {pw:F2} dB");
        Assert.InRange(pw - ps, 5.5, 6.5); // twice the amplitude: about 6 dB
    }

    [Fact]
    public void Tiny_images_are_refused_for_embedding_and_not_found_in_detection()
    {
        var tiny = new FloatImage(100, 300, 3);
        var error = Assert.Throws<ArgumentException>(() => WatermarkEmbedder.Embed(tiny, Key, Payload));
        Assert.Contains("at least 128×128", error.Message);
        Assert.False(WatermarkDetector.Detect(tiny, Key).Found);
        Assert.False(WatermarkDetector.Detect(new FloatImage(16, 16, 1), Key).Found);
    }

    [Fact]
    public void Flat_and_noise_images_are_not_false_positives()
    {
        var flat = new FloatImage(640, 480, 3);
        foreach (var plane in flat.Planes) Array.Fill(plane, 128f);
        Assert.False(WatermarkDetector.Detect(flat, Key).Found);
        for (var seed = 0; seed < 5; seed++)
        {
            var noise = Transforms.Clamp8(Transforms.AddGaussianNoise(flat, 40, seed));
            var result = WatermarkDetector.Detect(noise, Key);
            Assert.False(result.Found);
            Assert.True(result.PilotPValue > 1e-6);
        }
    }
}
