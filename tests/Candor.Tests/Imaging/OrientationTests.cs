using System.Buffers.Binary;
using Candor.Formats;
using Candor.Imaging;
using Candor.Imaging.Png;
using Candor.Imaging.Webp;

namespace Candor.Tests.Imaging;

public sealed class OrientationTests
{
    // Stored 2 × 3 image   a b     (a..f = 1..6)
    //                      c d
    //                      e f
    // and what each EXIF orientation shows upright (rows top to bottom).
    public static readonly TheoryData<int, int, int, float[]> Upright = new()
    {
        { 1, 2, 3, [1, 2, 3, 4, 5, 6] },
        { 2, 2, 3, [2, 1, 4, 3, 6, 5] },  // mirrored left–right
        { 3, 2, 3, [6, 5, 4, 3, 2, 1] },  // turned 180°
        { 4, 2, 3, [5, 6, 3, 4, 1, 2] },  // mirrored top–bottom
        { 5, 3, 2, [1, 3, 5, 2, 4, 6] },  // row 0 is the left side, column 0 the top: transpose
        { 6, 3, 2, [5, 3, 1, 6, 4, 2] },  // row 0 is the right side, column 0 the top: turn 90° clockwise
        { 7, 3, 2, [6, 4, 2, 5, 3, 1] },  // row 0 is the right side, column 0 the bottom: transverse
        { 8, 3, 2, [2, 4, 6, 1, 3, 5] },  // row 0 is the left side, column 0 the bottom: turn 90° counter-clockwise
    };

    [Theory]
    [MemberData(nameof(Upright))]
    public void Apply_follows_the_EXIF_definition(int orientation, int width, int height, float[] expected)
    {
        var stored = new FloatImage(2, 3, [[1, 2, 3, 4, 5, 6]]);
        var upright = Orientation.Apply(stored, orientation);
        Assert.Equal((width, height), (upright.Width, upright.Height));
        Assert.Equal(expected, upright.Planes[0]);
        Assert.Equal([1f, 2, 3, 4, 5, 6], stored.Planes[0]);
    }

    [Fact]
    public void The_eight_results_are_distinct()
    {
        var stored = new FloatImage(2, 3, [[1, 2, 3, 4, 5, 6]]);
        var results = Enumerable.Range(1, 8)
            .Select(o => Orientation.Apply(stored, o))
            .Select(i => $"{i.Width}x{i.Height}:{string.Join(',', i.Planes[0])}")
            .ToHashSet();
        Assert.Equal(8, results.Count);
    }

    [SkippableFact]
    public void Jpeg_orientation_is_read_and_applied_like_ImageMagick_auto_orient()
    {
        var file = Corpus.Path(TestImages.RotatedJpeg);
        var bytes = File.ReadAllBytes(file);
        Assert.Equal(6, Orientation.Read(bytes));
        var stored = ImageCodec.Decode(bytes, applyOrientation: false);
        var upright = ImageCodec.Decode(bytes);
        Assert.Equal((stored.Height, stored.Width), (upright.Width, upright.Height));
        TestImages.AssertEqual(Orientation.Apply(stored, 6), upright);

        ImageMagick.Require();
        var png = TestImages.TempFile(".png");
        try
        {
            ImageMagick.Convert(file, "-auto-orient", png);
            Assert.Equal(ImageMagick.DecodeRgbaHighBytes(png), upright.ToRgba().Pixels);
        }
        finally
        {
            File.Delete(png);
        }
    }

    [Fact]
    public void Files_without_exif_read_as_1()
    {
        var png = Candor.Imaging.Png.PngEncoder.Encode(TestImages.Random(3, 3, 3, 1));
        Assert.Equal(1, Orientation.Read(png));
        Assert.Equal(1, Orientation.Read("not an image"u8));
    }

    [Fact]
    public void Png_eXIf_orientation_is_applied()
    {
        var image = TestImages.Random(5, 3, 3, 41);
        var png = PngEncoder.Encode(image);
        // Insert an eXIf chunk after IHDR (8-byte signature + 25-byte IHDR chunk).
        var chunk = Chunk("eXIf"u8, Tiff(8));
        var tagged = png[..33].Concat(chunk).Concat(png[33..]).ToArray();
        Assert.Equal(8, Orientation.Read(tagged));
        TestImages.AssertEqual(Orientation.Apply(image, 8), ImageCodec.Decode(tagged));
        TestImages.AssertEqual(image, ImageCodec.Decode(tagged, applyOrientation: false));
    }

    [Fact]
    public void Webp_EXIF_orientation_is_applied()
    {
        var image = TestImages.Random(6, 4, 3, 42);
        var simple = WebpEncoder.Encode(image, lossless: true);
        // Rewrap the VP8L chunk in an extended (VP8X) file with an EXIF chunk after it.
        var vp8x = new byte[10];
        vp8x[0] = 0x08;
        WriteU24(vp8x.AsSpan(4), image.Width - 1);
        WriteU24(vp8x.AsSpan(7), image.Height - 1);
        var exif = "Exif\0\0"u8.ToArray().Concat(Tiff(3)).ToArray();
        var body = "WEBP"u8.ToArray().Concat(RiffChunk("VP8X", vp8x)).Concat(simple[12..]).Concat(RiffChunk("EXIF", exif)).ToArray();
        var riff = new byte[8 + body.Length];
        "RIFF"u8.CopyTo(riff);
        BinaryPrimitives.WriteUInt32LittleEndian(riff.AsSpan(4), (uint)body.Length);
        body.CopyTo(riff, 8);
        Assert.Equal(3, Orientation.Read(riff));
        TestImages.AssertEqual(Orientation.Apply(image, 3), ImageCodec.Decode(riff));
    }

    /// <summary>A big-endian TIFF with IFD0 holding only Orientation (SHORT).</summary>
    private static byte[] Tiff(int orientation)
    {
        var tiff = new byte[8 + 2 + 12 + 4];
        "MM\0\x2A"u8.CopyTo(tiff);
        BinaryPrimitives.WriteUInt32BigEndian(tiff.AsSpan(4), 8);
        BinaryPrimitives.WriteUInt16BigEndian(tiff.AsSpan(8), 1);
        BinaryPrimitives.WriteUInt16BigEndian(tiff.AsSpan(10), 0x0112);
        BinaryPrimitives.WriteUInt16BigEndian(tiff.AsSpan(12), 3);
        BinaryPrimitives.WriteUInt32BigEndian(tiff.AsSpan(14), 1);
        BinaryPrimitives.WriteUInt16BigEndian(tiff.AsSpan(18), (ushort)orientation);
        return tiff;
    }

    private static byte[] Chunk(ReadOnlySpan<byte> type, byte[] data)
    {
        var chunk = new byte[12 + data.Length];
        BinaryPrimitives.WriteUInt32BigEndian(chunk, (uint)data.Length);
        type.CopyTo(chunk.AsSpan(4));
        data.CopyTo(chunk, 8);
        BinaryPrimitives.WriteUInt32BigEndian(chunk.AsSpan(8 + data.Length), Crc32.Compute(chunk.AsSpan(4, 4 + data.Length)));
        return chunk;
    }

    private static byte[] RiffChunk(string fourCc, byte[] data)
    {
        var chunk = new byte[8 + data.Length + (data.Length & 1)];
        System.Text.Encoding.ASCII.GetBytes(fourCc).CopyTo(chunk, 0);
        BinaryPrimitives.WriteUInt32LittleEndian(chunk.AsSpan(4), (uint)data.Length);
        data.CopyTo(chunk, 8);
        return chunk;
    }

    private static void WriteU24(Span<byte> target, int value)
    {
        target[0] = (byte)value;
        target[1] = (byte)(value >> 8);
        target[2] = (byte)(value >> 16);
    }
}
