using Candor.Imaging;
using FsCheck;
using FsCheck.Fluent;

namespace Candor.Tests.Imaging;

/// <summary>Synthetic images and corpus photos shared by the imaging tests.</summary>
public static class TestImages
{
    /// <summary>The Kodak photo used for codec quality checks (768 × 512 RGB).</summary>
    public const string Kodim01 = "photos/kodim01.png";

    /// <summary>A real JPEG with 4:2:0 chroma, EXIF Orientation 6 (480 × 270 stored).</summary>
    public const string RotatedJpeg = "c2pa/jpeg/no_alg.jpg";

    /// <summary>A real 4:4:4 JPEG.</summary>
    public const string FullChromaJpeg = "c2pa/jpeg/cloud.jpg";

    /// <summary>Loads a corpus image without orientation (skips when the corpus is absent).</summary>
    public static FloatImage Load(string relative) => ImageCodec.Load(Corpus.Path(relative), applyOrientation: false);

    /// <summary>Random 8-bit values in every channel.</summary>
    public static FloatImage Random(int width, int height, int channels, int seed)
    {
        var random = new System.Random(seed);
        var image = new FloatImage(width, height, channels);
        foreach (var plane in image.Planes)
            for (var i = 0; i < plane.Length; i++) plane[i] = random.Next(256);
        return image;
    }

    /// <summary>A smooth colour gradient with a few slow waves (band-limited, so resampling loses little).</summary>
    public static FloatImage Smooth(int width, int height, int channels = 3)
    {
        var image = new FloatImage(width, height, channels);
        for (var c = 0; c < channels; c++)
            for (var y = 0; y < height; y++)
                for (var x = 0; x < width; x++)
                    image.Planes[c][y * width + x] = c == 3 ? 200 :
                        (float)(128 + 60 * Math.Sin((x + 7 * c) / 23.0) + 50 * Math.Cos((y - 5 * c) / 31.0));
        return image;
    }

    /// <summary>An image with every sample equal to <paramref name="value"/>.</summary>
    public static FloatImage Constant(int width, int height, int channels, float value)
    {
        var image = new FloatImage(width, height, channels);
        foreach (var plane in image.Planes) Array.Fill(plane, value);
        return image;
    }

    /// <summary>FsCheck generator of small random 8-bit images with 1, 3 or 4 channels.</summary>
    public static Arbitrary<FloatImage> SmallImages() =>
        (from width in Gen.Choose(1, 24)
         from height in Gen.Choose(1, 24)
         from channels in Gen.Elements(1, 3, 4)
         from seed in Gen.Choose(0, int.MaxValue - 1)
         select Random(width, height, channels, seed)).ToArbitrary();

    /// <summary>Asserts the two images have the same size, channels and samples.</summary>
    public static void AssertEqual(FloatImage expected, FloatImage actual, float tolerance = 0)
    {
        Assert.Equal((expected.Width, expected.Height, expected.Channels), (actual.Width, actual.Height, actual.Channels));
        for (var c = 0; c < expected.Channels; c++)
            for (var i = 0; i < expected.PixelCount; i++)
                if (Math.Abs(expected.Planes[c][i] - actual.Planes[c][i]) > tolerance)
                    Assert.Fail($"channel {c} pixel ({i % expected.Width}, {i / expected.Width}): expected {expected.Planes[c][i]}, got {actual.Planes[c][i]}");
    }

    /// <summary>Temporary file path with <paramref name="extension"/> (deleted by the caller).</summary>
    public static string TempFile(string extension) => Path.Combine(Path.GetTempPath(), $"candor-img-{Guid.NewGuid():N}{extension}");
}
