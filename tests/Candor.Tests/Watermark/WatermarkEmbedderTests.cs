using FsCheck;
using FsCheck.Fluent;
using Candor.Imaging;
using Candor.Watermark;

namespace Candor.Tests.Watermark;

/// <summary>
/// The embedder's fast paths against plain reference computations (box filters, the mask, the residual, the pilot score
/// the detector computes), its independence of the thread count, and its PSNR floor on busy photographs.
/// </summary>
public class WatermarkEmbedderTests
{
    private static readonly WatermarkKey Key = new(Enumerable.Range(0, 32).Select(i => (byte)(i * 5 + 9)).ToArray());
    private static readonly WatermarkPayload Payload = WatermarkPayload.FromHex("0123456789abcdef");

    private static FloatImage Photo(string name) => ImageCodec.Load(Corpus.Path($"photos/{name}.png"));

    /// <summary>Mean over a (2r+1)² window with edges clamped, in double precision, one window at a time.</summary>
    private static double[] NaiveBoxMean(double[] src, int width, int height, int radius)
    {
        var dst = new double[src.Length];
        for (var y = 0; y < height; y++)
            for (var x = 0; x < width; x++)
            {
                double sum = 0;
                for (var j = -radius; j <= radius; j++)
                    for (var i = -radius; i <= radius; i++)
                        sum += src[Math.Clamp(y + j, 0, height - 1) * width + Math.Clamp(x + i, 0, width - 1)];
                dst[y * width + x] = sum / ((2 * radius + 1) * (2 * radius + 1));
            }
        return dst;
    }

    /// <summary>Planes of at least <paramref name="minSide"/> a side, 8-bit values from 100 up to 100 + <paramref name="range"/>.</summary>
    private static Gen<(int Width, int Height, float[] Plane)> Planes(int minSide, int range) =>
        Gen.Choose(minSide, minSide + 40).SelectMany(w => Gen.Choose(minSide, minSide + 30).SelectMany(h =>
            Gen.Choose(100, 100 + range).Select(v => (float)v).ArrayOf(w * h).Select(p => (w, h, p))));

    [Fact]
    public void The_residual_matches_a_plain_computation_of_its_definition()
    {
        Prop.ForAll(Gen.OneOf(Planes(1, 155), Planes(1, 6)).ToArbitrary(), t =>
        {
            var (w, h, plane) = t;
            var luma = plane.Select(v => (double)v).ToArray();
            var mean = NaiveBoxMean(luma, w, h, 3);
            var hp = luma.Select((v, i) => v - mean[i]).ToArray();
            var energy = NaiveBoxMean(hp.Select(v => v * v).ToArray(), w, h, 3);
            var expected = hp.Select((v, i) => Math.Clamp(v / Math.Sqrt(Math.Max(0, energy[i]) + 4), -2.5, 2.5)).ToArray();
            var actual = PlaneOps.Residual(plane, w, h);
            return expected.Zip(actual).All(p => Math.Abs(p.First - p.Second) < 2e-3);
        }).QuickCheckThrowOnFailure();
    }

    [Fact]
    public void Box_downscaling_averages_blocks_and_drops_the_remainders()
    {
        Prop.ForAll(Planes(1, 155).ToArbitrary(), Gen.Choose(1, 5).ToArbitrary(), (t, factor) =>
        {
            var (w, h, plane) = t;
            if (w < factor || h < factor) return true;
            var small = PlaneOps.BoxDownscale(plane, w, h, factor, threads: 2);
            int sw = w / factor, sh = h / factor;
            for (var y = 0; y < sh; y++)
                for (var x = 0; x < sw; x++)
                {
                    double sum = 0;
                    for (var j = 0; j < factor; j++)
                        for (var i = 0; i < factor; i++) sum += plane[(y * factor + j) * w + x * factor + i];
                    if (Math.Abs(sum / (factor * factor) - small[y * sw + x]) > 1e-3) return false;
                }
            return small.Length == sw * sh;
        }).QuickCheckThrowOnFailure();
    }

    [Fact]
    public void The_mark_is_the_clamped_local_activity_times_the_repeated_tile()
    {
        var tile = new float[TileLayout.Tile * TileLayout.Tile];
        for (var i = 0; i < tile.Length; i++) tile[i] = MathF.Sin(i * 0.37f);
        // Values spread over 0–16 give local activity on both sides of the clamp [3, 6].
        Prop.ForAll(Planes(TileLayout.Tile, 16).ToArbitrary(), t =>
        {
            var (w, h, plane) = t;
            var image = new FloatImage(w, h, [plane, plane.Select(v => v + 1).ToArray(), plane.Select(v => v - 1).ToArray()]);
            var (luma, delta, energy) = WatermarkEmbedder.LumaAndMark(image, tile, threads: 1);
            var expectedLuma = ColorSpace.Luma(image);
            var l = expectedLuma.Select(v => (double)v).ToArray();
            var mean = NaiveBoxMean(l, w, h, 2);
            var spread = NaiveBoxMean(l.Select((v, i) => (v - mean[i]) * (v - mean[i])).ToArray(), w, h, 4);
            double sum = 0;
            for (var y = 0; y < h; y++)
                for (var x = 0; x < w; x++)
                {
                    var i = y * w + x;
                    var mask = Math.Clamp(Math.Sqrt(Math.Max(0, spread[i])), WatermarkEmbedder.MaskFloor, WatermarkEmbedder.MaskCeiling);
                    var expected = mask * tile[(y % TileLayout.Tile) * TileLayout.Tile + x % TileLayout.Tile];
                    if (Math.Abs(expected - delta[i]) > 1e-3) return false;
                    sum += expected * expected;
                }
            return luma.SequenceEqual(expectedLuma) && Math.Abs(sum - energy) < 1e-3 * sum;
        }).Check(Config.QuickThrowOnFailure.WithMaxTest(25));
    }

    [SkippableTheory]
    [InlineData(768, 512)]   // the tile unscaled, working image = the image: the modular fold
    [InlineData(2048, 1365)] // factor 2, tile 256: the fold is modular again on the working image
    [InlineData(2304, 1536)] // factor 3, tile 288: the detector's bilinear fold
    public void The_embedders_pilot_score_is_the_detectors(int width, int height)
    {
        var photo = Photo("kodim23");
        if (photo.Width != width) photo = Transforms.Clamp8(Transforms.Resize(photo, width, height));
        var layout = new TileLayout(Key);
        foreach (var image in new[] { photo, Transforms.Clamp8(WatermarkEmbedder.Embed(photo, Key, Payload)) })
        {
            var luma = ColorSpace.Luma(image);
            var factor = Math.Max(1, (Math.Max(width, height) + WatermarkEmbedder.WorkingSize - 1) / WatermarkEmbedder.WorkingSize);
            var working = factor == 1 ? luma : PlaneOps.BoxDownscale(luma, width, height, factor);
            var ours = WatermarkEmbedder.PilotScore(working, width / factor, height / factor, width, height, factor, layout);
            var detectors = WatermarkDetector.PilotScoreAtOrigin(luma, width, height, Key);
            Assert.Equal(detectors, ours, 1e-4);
        }
    }

    [SkippableFact]
    public void The_mark_does_not_depend_on_the_number_of_threads()
    {
        var big = Transforms.Clamp8(Transforms.Resize(Photo("kodim05"), 1536, 1024)); // above the size where passes split
        var one = WatermarkEmbedder.Embed(big, Key, Payload, new WatermarkOptions { MaxDegreeOfParallelism = 1 });
        var two = WatermarkEmbedder.Embed(big, Key, Payload, new WatermarkOptions { MaxDegreeOfParallelism = 2 });
        var four = WatermarkEmbedder.Embed(big, Key, Payload, new WatermarkOptions { MaxDegreeOfParallelism = 4 });
        for (var c = 0; c < 3; c++)
        {
            Assert.Equal(one.Planes[c], two.Planes[c]);
            Assert.Equal(one.Planes[c], four.Planes[c]);
        }
    }

    [SkippableTheory]
    [InlineData("kodim05")] // the busiest photographs of the set: 36.7–36.9 dB before the floor
    [InlineData("kodim13")]
    [InlineData("kodim08")]
    public void The_adaptive_raise_stops_at_the_psnr_floor(string name)
    {
        var photo = Photo(name);
        var marked = Transforms.Clamp8(WatermarkEmbedder.Embed(photo, Key, Payload));
        Assert.InRange(ImageMetrics.Psnr(photo, marked), WatermarkEmbedder.PsnrFloor, 42);
        var found = WatermarkDetector.Detect(marked, Key);
        Assert.Equal(Payload, found.Payload);
        // The floor moves with the strength asked for, as the unraised mark does: about 6 dB lower at strength 2.
        var strong = Transforms.Clamp8(WatermarkEmbedder.Embed(photo, Key, Payload, new WatermarkOptions { Strength = 2 }));
        Assert.InRange(ImageMetrics.Psnr(photo, strong), WatermarkEmbedder.PsnrFloor - 20 * Math.Log10(2), 36);
    }

    [Fact]
    public void The_psnr_cap_predicts_rounding_exactly_on_8_bit_pictures()
    {
        var rng = new Random(3);
        var delta = Enumerable.Range(0, 300 * 200).Select(_ => (float)(rng.NextDouble() * 8 - 4)).ToArray();
        var gain = WatermarkEmbedder.CapForPsnr(delta, 2f, 36, 300, 200, 1);
        Assert.True(gain < 2f);
        // Mid-grey never clips, so the PSNR of the rounded result is what the cap aimed at: just above the floor.
        var grey = new FloatImage(300, 200, 3);
        foreach (var p in grey.Planes) Array.Fill(p, 128f);
        var marked = grey.Clone();
        foreach (var p in marked.Planes)
            for (var i = 0; i < p.Length; i++) p[i] += gain * delta[i];
        Assert.InRange(ImageMetrics.Psnr(grey, Transforms.Clamp8(marked)), 36, 36.1);
        Assert.Equal(1.5f, WatermarkEmbedder.CapForPsnr(delta, 1.5f, 20, 300, 200, 1));
    }
}
