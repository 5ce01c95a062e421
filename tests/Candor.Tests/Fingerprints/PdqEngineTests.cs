using System.Buffers;
using Candor.Fingerprints;
using Candor.Imaging;
using FsCheck;
using FsCheck.Fluent;

namespace Candor.Tests.Fingerprints;

public class PdqEngineTests
{
    /// <summary>Runs the engine on a copy of the image's luma, the AVX passes or the scalar reference loops.</summary>
    private static (float[] Dct, int Quality) Run(FloatImage image, bool vectorized, bool skipFilterAt64 = true)
    {
        var plane = PdqLuma.FromImage(image);
        try
        {
            var dct = new float[256];
            var quality = PdqEngine.Transform(plane.Pixels, plane.Height, plane.Width, skipFilterAt64, dct, vectorized);
            return (dct, quality);
        }
        finally
        {
            ArrayPool<float>.Shared.Return(plane.Pixels);
        }
    }

    private static bool SameBits(float[] a, float[] b) =>
        a.Length == b.Length && a.Select(BitConverter.SingleToInt32Bits).SequenceEqual(b.Select(BitConverter.SingleToInt32Bits));

    private static FloatImage Photo(int width, int height, int seed)
    {
        var random = new Random(seed);
        var image = new FloatImage(width, height, 3);
        var f = Enumerable.Range(0, 6).Select(_ => random.NextDouble() * 20).ToArray();
        for (var c = 0; c < 3; c++)
            for (var y = 0; y < height; y++)
                for (var x = 0; x < width; x++)
                {
                    double u = (double)x / width, v = (double)y / height;
                    var value = 128 + 70 * Math.Sin(f[0] * u + f[1] * v + c) + 40 * Math.Cos(f[2] * u * v + f[3] * v) + random.Next(-30, 31);
                    image.Planes[c][y * width + x] = (float)Math.Round(Math.Clamp(value, 0, 255));
                }
        return image;
    }

    [Fact]
    public void The_AVX_passes_give_the_scalar_reference_bits_at_any_size()
    {
        var sizes = from width in Gen.OneOf(Gen.Choose(5, 140), Gen.Elements(63, 64, 65, 127, 128, 129, 255, 256, 257, 511, 512, 513))
                    from height in Gen.OneOf(Gen.Choose(5, 140), Gen.Elements(63, 64, 65, 127, 128, 129, 255, 256, 257, 511, 512, 513))
                    from seed in Gen.Choose(0, int.MaxValue - 1)
                    select (width, height, seed);
        Prop.ForAll(sizes.ToArbitrary(), t =>
        {
            var image = Photo(t.width, t.height, t.seed);
            var fast = Run(image, vectorized: true, skipFilterAt64: false);
            var reference = Run(image, vectorized: false, skipFilterAt64: false);
            return SameBits(fast.Dct, reference.Dct) && fast.Quality == reference.Quality;
        }).Check(Config.QuickThrowOnFailure.WithMaxTest(150));
    }

    [Theory]
    [InlineData(1024, 768)]
    [InlineData(700, 2100)]
    [InlineData(4032, 33)]
    public void Large_images_hashed_as_given_match_the_scalar_reference(int width, int height)
    {
        var image = Photo(width, height, width ^ height);
        var fast = Run(image, vectorized: true);
        var reference = Run(image, vectorized: false);
        Assert.True(SameBits(fast.Dct, reference.Dct));
        Assert.Equal(reference.Quality, fast.Quality);
    }

    [Fact]
    public void Window_sizes_are_the_references()
    {
        Assert.Equal(1, PdqEngine.WindowSize(5));
        Assert.Equal(1, PdqEngine.WindowSize(128));
        Assert.Equal(2, PdqEngine.WindowSize(129));
        Assert.Equal(4, PdqEngine.WindowSize(512));
        Assert.Equal(8, PdqEngine.WindowSize(1024));
        Assert.Equal(32, PdqEngine.WindowSize(4032));
    }

    [Fact]
    public void The_DCT_matrix_is_the_scaled_cosine_basis()
    {
        Assert.Equal(16 * 64, PdqEngine.Dct.Length);
        var scale = Math.Sqrt(2.0 / 64);
        for (var i = 0; i < 16; i++)
        {
            for (var j = 0; j < 64; j++)
            {
                var exact = scale * Math.Cos(Math.PI * (i + 1) * (2 * j + 1) / 128);
                Assert.True(Math.Abs(PdqEngine.Dct[i * 64 + j] - exact) < 1e-7, $"D[{i}][{j}]");
            }
            // Rows are orthonormal to within float rounding.
            var norm = Enumerable.Range(0, 64).Sum(j => (double)PdqEngine.Dct[i * 64 + j] * PdqEngine.Dct[i * 64 + j]);
            Assert.Equal(1.0, norm, 5);
        }
    }

    [Fact]
    public void Bits_are_the_coefficients_above_the_lower_median()
    {
        // 256 distinct values: the 128 largest are set, the median itself (the 128th smallest) is not.
        var values = Enumerable.Range(0, 256).Select(i => (float)((i * 97) % 256) - 100.5f).ToArray();
        var hash = PdqEngine.ToHash(values);
        var median = values.Order().ElementAt(127);
        for (var k = 0; k < 256; k++) Assert.Equal(values[k] > median, hash.GetBit(k));
        Assert.Equal(128, Enumerable.Range(0, 256).Count(hash.GetBit));
        // Ties at the median: everything equal to it stays 0.
        var ties = new float[256];
        for (var k = 200; k < 256; k++) ties[k] = 1;
        var tied = PdqEngine.ToHash(ties);
        Assert.Equal(56, Enumerable.Range(0, 256).Count(tied.GetBit));
    }

    [Fact]
    public void Quality_counts_quantised_gradients()
    {
        var flat = new float[64 * 64];
        Assert.Equal(0, PdqEngine.Quality(flat));
        // Vertical stripes 0/255: every horizontal neighbour pair differs by 255 → |(int)(±25500/255)| = 100;
        // 64 × 63 pairs → 403200 / 90 = 4480, capped at 100.
        var stripes = new float[64 * 64];
        for (var i = 0; i < stripes.Length; i++) stripes[i] = (i & 1) * 255f;
        Assert.Equal(100, PdqEngine.Quality(stripes));
        // A ramp of 2.56 per column: (int)(2.56 · 100 / 255) = 1 per horizontal pair → 4032 / 90 = 44.
        var ramp = new float[64 * 64];
        for (var i = 0; i < ramp.Length; i++) ramp[i] = (i % 64) * 2.56f;
        Assert.Equal(44, PdqEngine.Quality(ramp));
    }

    [Fact]
    public void Images_under_five_pixels_a_side_hash_to_zero_with_quality_zero()
    {
        Assert.Equal(new PdqResult(default, 0), PdqHasher.Hash(Photo(4, 100, 1)));
        Assert.Equal(new PdqResult(default, 0), PdqHasher.Hash(Photo(100, 4, 1)));
        var d = PdqHasher.HashDihedral(Photo(3, 3, 1));
        Assert.All(d.All, h => Assert.Equal(default, h));
        Assert.Equal(0, d.Quality);
        Assert.NotEqual(default, PdqHasher.Hash(Photo(5, 5, 1)).Hash);
    }

    [Fact]
    public void At_exactly_64_by_64_the_single_hash_skips_the_filter_and_the_dihedral_path_does_not()
    {
        // The reference's pdqFloat256FromFloatLuma copies a 64 × 64 plane straight through; its dihedral function
        // filters with a window of 1, whose running sums still round.
        var image = Photo(64, 64, 3);
        var skipped = Run(image, vectorized: true, skipFilterAt64: true);
        var filtered = Run(image, vectorized: true, skipFilterAt64: false);
        Assert.False(SameBits(skipped.Dct, filtered.Dct));
        Assert.True(skipped.Dct.Zip(filtered.Dct).All(p => Math.Abs(p.First - p.Second) < 0.01));
    }
}
