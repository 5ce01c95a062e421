using System.Buffers.Binary;
using Candor.Formats;
using Candor.Imaging;
using Candor.Imaging.Png;
using FsCheck;
using FsCheck.Fluent;

namespace Candor.Tests.Imaging.Png;

public sealed class PngEncoderTests
{
    [Fact]
    public void Round_trip_through_the_decoder_is_exact()
    {
        Prop.ForAll(TestImages.SmallImages(), image =>
        {
            using var stream = new MemoryStream(PngEncoder.Encode(image));
            var decoded = PngDecoder.Decode(stream);
            Assert.Equal(image.HasAlpha, decoded.HasAlpha);
            AssertSamePixels(image, decoded.Pixels);
        }).Check(Config.QuickThrowOnFailure.WithMaxTest(200));
    }

    [Fact]
    public void Chunk_crcs_are_valid_and_the_layout_is_IHDR_IDAT_IEND()
    {
        var png = PngEncoder.Encode(TestImages.Random(17, 9, 4, 5));
        var types = new List<string>();
        for (var at = 8; at < png.Length;)
        {
            var length = (int)BinaryPrimitives.ReadUInt32BigEndian(png.AsSpan(at));
            types.Add(System.Text.Encoding.ASCII.GetString(png, at + 4, 4));
            var crc = BinaryPrimitives.ReadUInt32BigEndian(png.AsSpan(at + 8 + length));
            Assert.Equal(Crc32.Compute(png.AsSpan(at + 4, 4 + length)), crc);
            at += 12 + length;
        }
        Assert.Equal(["IHDR", "IDAT", "IEND"], types);
        Assert.Equal(6, png[8 + 8 + 9]);
    }

    [Theory]
    [InlineData(1)]
    [InlineData(3)]
    [InlineData(4)]
    public void ImageMagick_reads_it_back_identically(int channels)
    {
        ImageMagick.Require();
        var image = TestImages.Random(37, 23, channels, channels);
        var file = TestImages.TempFile(".png");
        try
        {
            File.WriteAllBytes(file, PngEncoder.Encode(image));
            AssertSamePixels(image, ImageMagick.DecodeRgbaHighBytes(file));
        }
        finally
        {
            File.Delete(file);
        }
    }

    [Fact]
    public void Out_of_range_values_are_rounded_and_clamped()
    {
        var image = new FloatImage(4, 1, [[-20f, 12.5f, 254.6f, 999f]]);
        using var stream = new MemoryStream(PngEncoder.Encode(image));
        var decoded = PngDecoder.Decode(stream);
        Assert.Equal(new byte[] { 0, 13, 255, 255 }, decoded.Pixels.Where((_, i) => i % 4 == 0).ToArray());
    }

    [SkippableFact]
    public void Smooth_photo_compresses_below_raw_size()
    {
        var photo = TestImages.Load(TestImages.Kodim01);
        Assert.True(PngEncoder.Encode(photo).Length < photo.PixelCount * 3 * 3 / 4);
    }

    /// <summary>Grey is expected in R, G and B; alpha 255 when the image has none.</summary>
    private static void AssertSamePixels(FloatImage image, byte[] rgba)
    {
        Assert.Equal(image.PixelCount * 4, rgba.Length);
        for (var i = 0; i < image.PixelCount; i++)
            for (var c = 0; c < 4; c++)
            {
                var expected = c == 3 ? image.HasAlpha ? image.Planes[3][i] : 255 : image.Planes[image.Channels == 1 ? 0 : c][i];
                if (rgba[i * 4 + c] != expected) Assert.Fail($"pixel {i} channel {c}: expected {expected}, got {rgba[i * 4 + c]}");
            }
    }
}
