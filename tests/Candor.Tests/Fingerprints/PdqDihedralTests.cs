using System.Buffers;
using Candor.Fingerprints;
using Candor.Imaging;
using FsCheck.Fluent;

namespace Candor.Tests.Fingerprints;

public class PdqDihedralTests
{
    /// <summary>The image transform each dihedral variant stands for, in <see cref="PdqDihedral.All"/> order.</summary>
    private static readonly Func<FloatImage, FloatImage>[] Transforms =
    [
        image => image,
        image => Dihedral.RotateCounterClockwise(image, 1),
        image => Dihedral.RotateCounterClockwise(image, 2),
        image => Dihedral.RotateCounterClockwise(image, 3),
        Dihedral.FlipVertical,
        Dihedral.FlipHorizontal,
        Dihedral.Transpose,
        Dihedral.Transverse,
    ];

    /// <summary>
    /// A 64 × 64 image (so neither the box filter nor the decimation resamples it: a rotated copy is the same samples
    /// rearranged) of random smooth waves and noise.
    /// </summary>
    private static FloatImage Image(int seed)
    {
        var random = new Random(seed);
        var image = new FloatImage(64, 64, 1);
        var f = Enumerable.Range(0, 8).Select(_ => random.NextDouble() * 12).ToArray();
        for (var y = 0; y < 64; y++)
            for (var x = 0; x < 64; x++)
                image.Planes[0][y * 64 + x] = (float)Math.Round(Math.Clamp(
                    128 + 50 * Math.Sin(f[0] * x / 64 + f[1] * y / 64 + f[2]) + 40 * Math.Cos(f[3] * x * y / 4096 + f[4] * y / 64)
                    + 25 * Math.Sin(f[5] * x / 64 - f[6] * y / 64) + random.Next(-20, 21), 0, 255));
        return image;
    }

    /// <summary>
    /// The gap between the 128th and 129th smallest DCT coefficients. The transformed image's coefficients differ from
    /// the sign-flipped originals only by float rounding (its sums run in another order, ~1e-3 at most); while they stay
    /// under half this gap, the same 128 coefficients are above the median and the hashes must be equal bit for bit.
    /// </summary>
    private static float MedianGap(FloatImage image)
    {
        var plane = PdqLuma.FromImage(image);
        try
        {
            var dct = new float[256];
            PdqEngine.Transform(plane.Pixels, 64, 64, skipFilterAt64: false, dct);
            Array.Sort(dct);
            return dct[128] - dct[127];
        }
        finally
        {
            ArrayPool<float>.Shared.Return(plane.Pixels);
        }
    }

    [Fact]
    public void Each_variant_is_the_hash_of_the_transformed_image()
    {
        // 120 fixed seeds rather than FsCheck's random ones: a full-suite run once failed here and could not be replayed
        // (no seed kept). Now a failure names its seed and the check, and repeats on every run.
        var checkedImages = 0;
        var failures = new List<string>();
        for (var seed = 1; seed <= 120; seed++)
        {
            var image = Image(seed);
            if (MedianGap(image) < 0.05f) continue;
            checkedImages++;
            var variants = PdqHasher.HashDihedral(image);
            for (var v = 0; v < 8; v++)
            {
                var turned = Transforms[v](image);
                if (PdqHasher.Hash(turned).Hash != variants.All[v]) failures.Add($"seed {seed}: Hash of {PdqDihedral.Names[v]} differs");
                if (PdqHasher.HashDihedral(turned).Original != variants.All[v]) failures.Add($"seed {seed}: HashDihedral of {PdqDihedral.Names[v]} differs");
            }
            // The quality is an integer cut of a float gradient sum that a turned copy adds in another order, so it may
            // land one step away at a boundary; more than that would be a real difference.
            var turnedQuality = PdqHasher.HashDihedral(Transforms[1](image)).Quality;
            if (Math.Abs(variants.Quality - turnedQuality) > 1) failures.Add($"seed {seed}: quality {variants.Quality} vs {turnedQuality} turned");
        }
        Assert.True(failures.Count == 0, string.Join("; ", failures));
        // The check is not vacuous: most images have a clear median gap.
        Assert.True(checkedImages >= 80, $"only {checkedImages} of 120 images had a clear median gap");
    }

    [Fact]
    public void The_eight_variants_are_different_and_in_the_references_order()
    {
        var d = PdqHasher.HashDihedral(Image(11));
        Assert.Equal(8, d.All.Distinct().Count());
        Assert.Equal(["orig", "rot90", "rot180", "rot270", "flipx", "flipy", "flipplus1", "flipminus1"], PdqDihedral.Names);
        Assert.Equal([d.Original, d.Rotate90, d.Rotate180, d.Rotate270, d.FlipX, d.FlipY, d.FlipPlus1, d.FlipMinus1], d.All);
        Assert.Equal(0, d.DistanceTo(d.FlipY));
        Assert.Equal(new PdqResult(d.Original, d.Quality), d.Result);
    }

    [SkippableFact]
    public void The_corpus_rotations_of_the_bridge_are_found_by_its_variants()
    {
        // bridge-2…8 are the original turned and mirrored by an image editor and re-encoded, so each is within the match
        // distance of the same-named variant of bridge-1 (not bit-exact: the filter and the decimation are not
        // symmetric, and JPEG re-encoding changes the pixels) and far from the other seven.
        var original = PdqHasher.HashFileDihedral(Corpus.Path("pdq/reg-test-input/dih/bridge-1-original.jpg"));
        string[] files = ["bridge-1-original", "bridge-2-rotate-90", "bridge-3-rotate-180", "bridge-4-rotate-270",
            "bridge-5-flipx", "bridge-6-flipy", "bridge-7-flip-plus-1", "bridge-8-flip-minus-1"];
        for (var v = 0; v < 8; v++)
        {
            var hash = PdqHasher.HashFile(Corpus.Path($"pdq/reg-test-input/dih/{files[v]}.jpg")).Hash;
            var distances = original.All.Select(h => h.DistanceTo(hash)).ToList();
            // Measured: 0–18 bits to the matching variant, 104 or more to every other.
            Assert.True(distances[v] <= PdqHasher.MatchDistance, $"{files[v]}: {distances[v]} bits from {PdqDihedral.Names[v]}");
            Assert.True(distances.Where((_, i) => i != v).All(d => d > 64), $"{files[v]}: {string.Join(",", distances)}");
        }
    }
}
