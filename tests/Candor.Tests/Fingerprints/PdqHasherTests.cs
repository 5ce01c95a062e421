using Candor.Fingerprints;
using Candor.Imaging;
using Candor.Imaging.Jpeg;
using Candor.Imaging.Png;
using Candor.Imaging.Webp;
using FsCheck;
using FsCheck.Fluent;

namespace Candor.Tests.Fingerprints;

public class PdqHasherTests
{
    private static FloatImage Photo(int width, int height, int channels = 3, int seed = 5)
    {
        var random = new Random(seed);
        var image = new FloatImage(width, height, channels);
        for (var c = 0; c < channels; c++)
            for (var y = 0; y < height; y++)
                for (var x = 0; x < width; x++)
                    image.Planes[c][y * width + x] = c == 3 ? random.Next(256) : (float)Math.Round(Math.Clamp(
                        128 + 60 * Math.Sin((x + 13 * c) / 37.0 + y / 51.0) + 40 * Math.Cos(x * y / 9000.0) + random.Next(-20, 21), 0, 255));
        return image;
    }

    /// <summary>CImg's <c>resize(512, 512)</c> with its default nearest-neighbour rule: output x reads source ⌊x · width / 512⌋.</summary>
    private static FloatImage Nearest512(FloatImage image)
    {
        var result = new FloatImage(512, 512, image.Channels);
        for (var c = 0; c < image.Channels; c++)
            for (var y = 0; y < 512; y++)
                for (var x = 0; x < 512; x++)
                    result.Planes[c][y * 512 + x] = image.Planes[c][(int)((long)y * image.Height / 512) * image.Width + (int)((long)x * image.Width / 512)];
        return result;
    }

    private static FloatImage WithoutAlpha(FloatImage image) => new(image.Width, image.Height, image.Planes[..3]);

    [Theory]
    [InlineData(1000, 700)]
    [InlineData(513, 100)]
    [InlineData(300, 900)]
    public void Files_over_512_pixels_a_side_are_resized_to_512_square_by_nearest_neighbour(int width, int height)
    {
        var image = Photo(width, height);
        var png = PngEncoder.Encode(image);
        Assert.Equal(PdqHasher.Hash(Nearest512(image)), PdqHasher.HashEncoded(png));
        Assert.NotEqual(PdqHasher.Hash(image).Hash, PdqHasher.HashEncoded(png).Hash);
    }

    [Theory]
    [InlineData(512, 512)]
    [InlineData(512, 300)]
    [InlineData(37, 90)]
    public void Files_up_to_512_pixels_are_hashed_as_they_are(int width, int height)
    {
        var image = Photo(width, height);
        Assert.Equal(PdqHasher.Hash(image), PdqHasher.HashEncoded(PngEncoder.Encode(image)));
    }

    [Fact]
    public void Alpha_is_dropped()
    {
        var rgba = Photo(200, 150, channels: 4);
        Assert.Equal(PdqHasher.HashEncoded(PngEncoder.Encode(WithoutAlpha(rgba))), PdqHasher.HashEncoded(PngEncoder.Encode(rgba)));
        Assert.Equal(PdqHasher.Hash(WithoutAlpha(rgba)), PdqHasher.Hash(rgba));
    }

    [Fact]
    public void Greyscale_files_use_the_grey_value_as_luma()
    {
        // CImg loads a greyscale JPEG or PNG as one channel and the reference takes it as the luma; weighting three
        // equal channels by 0.299/0.587/0.114 in float would not give the same floats for every value.
        var grey = Photo(300, 200, channels: 1);
        var jpeg = JpegCodec.Encode(grey, 85);
        var decoded = ImageCodec.Decode(jpeg);
        var plane = new FloatImage(decoded.Width, decoded.Height, [decoded.Planes[0]]);
        Assert.Equal(PdqHasher.Hash(plane), PdqHasher.HashEncoded(jpeg));
        Assert.Equal(PdqHasher.Hash(grey), PdqHasher.HashEncoded(PngEncoder.Encode(grey)));
        Assert.Equal(PdqHasher.Hash(grey), PdqHasher.HashEncodedDihedral(PngEncoder.Encode(grey)).Result);
    }

    [Fact]
    public void Colour_JPEGs_hash_their_decoded_pixels()
    {
        var jpeg = JpegCodec.Encode(Photo(400, 300), 90);
        Assert.Equal(PdqHasher.Hash(ImageCodec.Decode(jpeg, applyOrientation: false)), PdqHasher.HashEncoded(jpeg));
    }

    [Fact]
    public void WebP_files_are_hashed_too()
    {
        var image = Photo(320, 240);
        var webp = WebpEncoder.Encode(image, lossless: true);
        Assert.Equal(PdqHasher.Hash(image), PdqHasher.HashEncoded(webp));
    }

    [Fact]
    public void A_file_and_its_bytes_hash_the_same()
    {
        var path = Path.Combine(Path.GetTempPath(), $"candor-pdq-{Guid.NewGuid():N}.jpg");
        try
        {
            var bytes = JpegCodec.Encode(Photo(640, 480), 80);
            File.WriteAllBytes(path, bytes);
            Assert.Equal(PdqHasher.HashEncoded(bytes), PdqHasher.HashFile(path));
            Assert.Equal(PdqHasher.HashEncodedDihedral(bytes), PdqHasher.HashFileDihedral(path));
            Assert.Equal(PdqHasher.HashFile(path), PdqHasher.HashFileDihedral(path).Result);
        }
        finally
        {
            File.Delete(path);
        }
    }

    [Fact]
    public void Truncated_and_garbage_files_raise_format_errors()
    {
        var jpeg = JpegCodec.Encode(Photo(256, 256), 90);
        var png = PngEncoder.Encode(Photo(256, 256));
        Assert.Throws<CandorFormatException>(() => PdqHasher.HashEncoded(jpeg.AsSpan(0, jpeg.Length / 2)));
        Assert.Throws<CandorFormatException>(() => PdqHasher.HashEncoded(png.AsSpan(0, png.Length / 2)));
        Assert.Throws<CandorFormatException>(() => PdqHasher.HashEncoded([]));
        Assert.Throws<CandorFormatException>(() => PdqHasher.HashEncoded("GIF89a not supported"u8));
        Assert.Throws<CandorFormatException>(() => PdqHasher.HashEncodedDihedral(jpeg.AsSpan(0, 100)));
        var path = Path.Combine(Path.GetTempPath(), $"candor-pdq-{Guid.NewGuid():N}.png");
        try
        {
            File.WriteAllBytes(path, png.AsSpan(0, 60).ToArray());
            Assert.Throws<CandorFormatException>(() => PdqHasher.HashFile(path));
            File.WriteAllBytes(path, []);
            Assert.Throws<CandorFormatException>(() => PdqHasher.HashFileDihedral(path));
        }
        finally
        {
            File.Delete(path);
        }
        Assert.ThrowsAny<IOException>(() => PdqHasher.HashFile("/nonexistent/x.jpg"));
        Assert.Throws<IOException>(() => PdqHasher.HashFile(Path.GetTempPath()));
    }

    [Fact]
    public void Any_damage_to_a_JPEG_gives_a_hash_or_a_format_error()
    {
        var jpeg = JpegCodec.Encode(Photo(96, 64), 75);
        var damage = from at in Gen.Choose(0, jpeg.Length - 1)
                     from value in Gen.Choose(0, 255)
                     from cut in Gen.Choose(1, jpeg.Length)
                     select (at, (byte)value, cut);
        Prop.ForAll(damage.ToArbitrary(), d =>
        {
            var bytes = jpeg[..d.cut];
            if (d.at < bytes.Length) bytes[d.at] = d.Item2;
            try
            {
                return PdqHasher.HashEncoded(bytes).Quality is >= 0 and <= 100;
            }
            catch (CandorFormatException)
            {
                return true;
            }
        }).Check(Config.QuickThrowOnFailure.WithMaxTest(200));
    }

    [Fact]
    public void Hashing_is_the_same_on_many_threads()
    {
        var images = Enumerable.Range(0, 12).Select(i => JpegCodec.Encode(Photo(100 + 60 * i, 700 - 40 * i, seed: i), 85)).ToArray();
        var expected = images.Select(b => PdqHasher.HashEncoded(b)).ToArray();
        var parallel = new PdqResult[images.Length * 4];
        Parallel.For(0, parallel.Length, new ParallelOptions { MaxDegreeOfParallelism = 4 }, i => parallel[i] = PdqHasher.HashEncoded(images[i % images.Length]));
        for (var i = 0; i < parallel.Length; i++) Assert.Equal(expected[i % images.Length], parallel[i]);
    }

    [Fact]
    public void Hashing_a_JPEG_reuses_its_buffers()
    {
        var jpeg = JpegCodec.Encode(Photo(512, 512), 90);
        for (var i = 0; i < 3; i++) PdqHasher.HashEncoded(jpeg);
        var before = GC.GetAllocatedBytesForCurrentThread();
        for (var i = 0; i < 10; i++) PdqHasher.HashEncoded(jpeg);
        var perCall = (GC.GetAllocatedBytesForCurrentThread() - before) / 10;
        // The planes (2 × 1 MiB of floats) and the decoded pixels (768 KiB) come from the shared pools.
        Assert.True(perCall < 16 * 1024, $"{perCall} bytes allocated per hash");
    }

    [Fact]
    public void Quality_flags_flat_images()
    {
        Assert.True(PdqHasher.Hash(TestImageConstant()).IsLowQuality);
        Assert.False(PdqHasher.Hash(Photo(256, 256)).IsLowQuality);
        Assert.Equal(50, PdqHasher.LowQuality);
        Assert.Equal(31, PdqHasher.MatchDistance);
    }

    private static FloatImage TestImageConstant()
    {
        var image = new FloatImage(100, 100, 3);
        foreach (var plane in image.Planes) Array.Fill(plane, 90f);
        return image;
    }
}
