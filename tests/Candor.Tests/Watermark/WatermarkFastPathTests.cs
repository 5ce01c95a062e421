using Candor.Imaging;
using Candor.Watermark;
using FsCheck;
using FsCheck.Fluent;

namespace Candor.Tests.Watermark;

/// <summary>
/// The detector's fast paths compute exactly what their plain forms do, bit for bit: each plain form is written out here
/// as the specification (the loops the fast paths replaced), and random inputs must give identical floats.
/// </summary>
public class WatermarkFastPathTests
{
    private static float[] RandomPlane(int seed, int length, float scale)
    {
        var random = new Random(seed);
        var plane = new float[length];
        for (var i = 0; i < length; i++) plane[i] = (float)((random.NextDouble() * 2 - 1) * scale);
        return plane;
    }

    [Fact]
    public void Fft_2d_equals_every_row_then_every_column_bit_for_bit()
    {
        var gen = from n in Gen.Elements(4, 8, 32, 64, 256)
                  from seed in Gen.Choose(0, int.MaxValue)
                  from inverse in Gen.Elements(false, true)
                  select (n, seed, inverse);
        Prop.ForAll(gen.ToArbitrary(), input =>
        {
            var (n, seed, inverse) = input;
            var re = RandomPlane(seed, n * n, 100);
            var im = RandomPlane(seed + 1, n * n, 100);
            var (plainRe, plainIm) = ((float[])re.Clone(), (float[])im.Clone());
            var fft = new Fft(n);
            for (var row = 0; row < n; row++) fft.Transform(plainRe, plainIm, row * n, 1, inverse);
            for (var col = 0; col < n; col++) fft.Transform(plainRe, plainIm, col, n, inverse);
            fft.Transform2D(re, im, inverse);
            Assert.Equal(plainRe, re);
            Assert.Equal(plainIm, im);
        }).QuickCheckThrowOnFailure();
    }

    /// <summary>The residual as three whole planes: row sums, column sums, difference; row and column sums of its square.</summary>
    private static float[] PlainResidual(float[] luma, int width, int height)
    {
        const int r = 3;
        const float norm = 1f / 49;
        float[] BoxSums(float[] src)
        {
            var rows = new float[src.Length];
            for (var y = 0; y < height; y++)
                for (var x = 0; x < width; x++)
                {
                    var s = 0f;
                    for (var k = -r; k <= r; k++) s += src[y * width + Math.Clamp(x + k, 0, width - 1)];
                    rows[y * width + x] = s;
                }
            var sums = new float[src.Length];
            for (var y = 0; y < height; y++)
                for (var x = 0; x < width; x++)
                {
                    var s = rows[Math.Clamp(y - r, 0, height - 1) * width + x];
                    for (var k = 1 - r; k <= r; k++) s += rows[Math.Clamp(y + k, 0, height - 1) * width + x];
                    sums[y * width + x] = s;
                }
            return sums;
        }
        var mean = BoxSums(luma);
        var d = new float[luma.Length];
        var sq = new float[luma.Length];
        for (var i = 0; i < d.Length; i++)
        {
            d[i] = luma[i] - mean[i] * norm;
            sq[i] = d[i] * d[i];
        }
        var energy = BoxSums(sq);
        for (var i = 0; i < d.Length; i++) d[i] = Math.Clamp(d[i] / MathF.Sqrt(Math.Max(0f, energy[i] * norm) + 4f), -2.5f, 2.5f);
        return d;
    }

    [Fact]
    public void Streaming_residual_equals_the_whole_plane_residual_bit_for_bit()
    {
        var gen = from width in Gen.Choose(1, 70)
                  from height in Gen.Choose(1, 40)
                  from seed in Gen.Choose(0, int.MaxValue)
                  select (width, height, seed);
        Prop.ForAll(gen.ToArbitrary(), input =>
        {
            var (width, height, seed) = input;
            var luma = RandomPlane(seed, width * height, 255);
            Assert.Equal(PlainResidual(luma, width, height), PlaneOps.Residual(luma, width, height));
        }).QuickCheckThrowOnFailure();
    }

    [Fact]
    public void Residual_in_bands_on_several_threads_equals_the_residual_on_one()
    {
        var gen = from width in Gen.Choose(500, 800)
                  from height in Gen.Choose(530, 700)
                  from threads in Gen.Choose(2, 5)
                  from seed in Gen.Choose(0, int.MaxValue)
                  select (width, height, threads, seed);
        Prop.ForAll(gen.ToArbitrary(), input =>
        {
            var (width, height, threads, seed) = input;
            var luma = RandomPlane(seed, width * height, 255);
            Assert.Equal(PlaneOps.Residual(luma, width, height), PlaneOps.Residual(luma, width, height, threads));
        }).Check(Config.QuickThrowOnFailure.WithMaxTest(20));
    }

    /// <summary>The fold as the plain bilinear splat: separate sum and weight planes, four cells a pixel.</summary>
    private static float[] PlainFold(float[] residual, int width, int height, Lattice lattice)
    {
        const int t = TileLayout.Tile;
        var sum = new float[t * t];
        var weight = new float[t * t];
        var det = lattice.Determinant;
        double uxx = t * lattice.By / det, uxy = -t * lattice.Bx / det;
        double vyx = -t * lattice.Ay / det, vyy = t * lattice.Ax / det;
        for (var y = 0; y < height; y++)
        {
            var u = uxy * y;
            var v = vyy * y;
            for (var x = 0; x < width; x++, u += uxx, v += vyx)
            {
                var r = residual[y * width + x];
                var fu = Math.Floor(u);
                var fv = Math.Floor(v);
                var au = (float)(u - fu);
                var av = (float)(v - fv);
                int iu = (int)fu & (t - 1), iv = (int)fv & (t - 1);
                int iu1 = (iu + 1) & (t - 1), iv1 = (iv + 1) & (t - 1);
                float w00 = (1 - au) * (1 - av), w10 = au * (1 - av), w01 = (1 - au) * av, w11 = au * av;
                sum[iv * t + iu] += w00 * r; weight[iv * t + iu] += w00;
                sum[iv * t + iu1] += w10 * r; weight[iv * t + iu1] += w10;
                sum[iv1 * t + iu] += w01 * r; weight[iv1 * t + iu] += w01;
                sum[iv1 * t + iu1] += w11 * r; weight[iv1 * t + iu1] += w11;
            }
        }
        for (var i = 0; i < sum.Length; i++) sum[i] = weight[i] > 1e-6f ? sum[i] / weight[i] : 0;
        return sum;
    }

    [Fact]
    public void Fold_equals_the_plain_bilinear_splat_bit_for_bit_unmoved_scaled_and_turned()
    {
        // Planes of a quarter megapixel and more split the axis-aligned fold among threads.
        var gen = from width in Gen.Choose(100, 700)
                  from height in Gen.Choose(60, 480)
                  from seed in Gen.Choose(0, int.MaxValue)
                  from lattice in Gen.Elements(Lattice.Identity, Lattice.Identity.Scale(1.37), Lattice.Identity.Scale(0.8287),
                      new Lattice(127.5, 11.2, -11.2, 127.5), new Lattice(-128, 0, 0, 128), new Lattice(140, 0, 0, 117))
                  from threads in Gen.Choose(1, 3)
                  select (width, height, seed, lattice, threads);
        Prop.ForAll(gen.ToArbitrary(), input =>
        {
            var (width, height, seed, lattice, threads) = input;
            var residual = RandomPlane(seed, width * height, 2.5f);
            Assert.Equal(PlainFold(residual, width, height, lattice), WatermarkDetector.Fold(residual, width, height, lattice, threads));
        }).QuickCheckThrowOnFailure();
    }

    [Fact]
    public void Matched_filter_equals_the_plain_cyclic_filter_bit_for_bit()
    {
        const int t = TileLayout.Tile;
        var taps = TileLayout.MatchedTaps;
        Prop.ForAll(Gen.Choose(0, int.MaxValue).ToArbitrary(), seed =>
        {
            var tile = RandomPlane(seed, t * t, 2.5f);
            var tmp = new float[t * t];
            var plain = new float[t * t];
            for (var y = 0; y < t; y++)
                for (var x = 0; x < t; x++)
                {
                    var s = 0f;
                    for (var k = 0; k < taps.Length; k++) s += taps[k] * tile[y * t + ((x + k - 3) & (t - 1))];
                    tmp[y * t + x] = s;
                }
            for (var y = 0; y < t; y++)
                for (var x = 0; x < t; x++)
                {
                    var s = 0f;
                    for (var k = 0; k < taps.Length; k++) s += taps[k] * tmp[((y + k - 3) & (t - 1)) * t + x];
                    plain[y * t + x] = s;
                }
            Assert.Equal(plain, WatermarkDetector.MatchedFilter(tile));
        }).QuickCheckThrowOnFailure();
    }

    [Fact]
    public void Luma_downscale_in_one_pass_equals_luma_then_box_downscale_bit_for_bit()
    {
        var gen = from width in Gen.Choose(1, 90)
                  from height in Gen.Choose(1, 50)
                  from factor in Gen.Choose(1, 4)
                  from channels in Gen.Elements(1, 3, 4)
                  from seed in Gen.Choose(0, int.MaxValue)
                  where width >= factor && height >= factor
                  select (width, height, factor, channels, seed);
        Prop.ForAll(gen.ToArbitrary(), input =>
        {
            var (width, height, factor, channels, seed) = input;
            var planes = Enumerable.Range(0, channels).Select(c => RandomPlane(seed + c, width * height, 255)).ToArray();
            var image = new FloatImage(width, height, planes);
            var plain = PlaneOps.BoxDownscale(ColorSpace.Luma(image), width, height, factor);
            Assert.Equal(plain, PlaneOps.LumaDownscale(image, factor, threads: 1));
        }).QuickCheckThrowOnFailure();
    }

    [Fact]
    public void Searching_through_a_symmetry_finds_what_searching_the_permuted_tile_finds()
    {
        var layout = TileLayout.For(new WatermarkKey(Enumerable.Range(0, 32).Select(i => (byte)(i * 5 + 1)).ToArray()));
        var filtered = WatermarkDetector.MatchedFilter(RandomPlane(7, TileLayout.Tile * TileLayout.Tile, 2.5f));
        for (var symmetry = 0; symmetry < 8; symmetry++)
        {
            List<WatermarkDetector.Placement> throughSymmetry = [], permuted = [];
            WatermarkDetector.SearchSymmetry(filtered, symmetry, layout.PilotSpectrum, Lattice.Identity, throughSymmetry);
            WatermarkDetector.Search(WatermarkDetector.Dihedral(filtered, symmetry), layout.PilotSpectrum, Lattice.Identity, symmetry, permuted);
            Assert.Equal(permuted.Count, throughSymmetry.Count);
            for (var i = 0; i < permuted.Count; i++)
            {
                Assert.Equal(permuted[i] with { Chips = [] }, throughSymmetry[i] with { Chips = [] });
                Assert.Equal(permuted[i].Chips, throughSymmetry[i].Chips);
            }
        }
    }

    [Fact]
    public void A_large_image_detects_the_same_on_one_thread_and_on_every_core()
    {
        var key = new WatermarkKey(Enumerable.Range(0, 32).Select(i => (byte)(i * 3 + 9)).ToArray());
        var payload = WatermarkPayload.FromHex("0123456789abcdef");
        var photo = ImageCodec.Load(Corpus.Path("photos/kodim23.png"));
        var large = Transforms.Clamp8(Transforms.Resize(photo, 1500, 1000));
        var marked = Transforms.Clamp8(WatermarkEmbedder.Embed(large, key, payload));
        foreach (var image in new[] { marked, large, Transforms.Clamp8(Transforms.Rotate(marked, 3, expand: false, fill: 0)) })
        {
            var one = WatermarkDetector.Detect(image, key, new WatermarkDetectOptions { MaxDegreeOfParallelism = 1 });
            var all = WatermarkDetector.Detect(image, key, new WatermarkDetectOptions { MaxDegreeOfParallelism = 4 });
            Assert.Equal(one, all);
        }
    }
}
