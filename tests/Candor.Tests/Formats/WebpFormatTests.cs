using Candor.Formats;
using Candor.Formats.Webp;
using static Candor.Tests.Formats.SyntheticImages;

namespace Candor.Tests.Formats;

public class WebpFormatTests
{
    private static ContainerScan Scan(byte[] file) => new WebpFormat().Scan(new MemoryStream(file), ScanOptions.Default);

    [Fact]
    public void Lossless_bitstream_gives_size_alpha_and_the_lossless_flag()
    {
        var scan = Scan(Webp(0, Vp8l(640, 480, alpha: true)));
        Assert.Equal(640, scan.Width);
        Assert.Equal(480, scan.Height);
        Assert.True(scan.HasAlpha);
        Assert.True(WebpFormat.IsLossless(scan));
        Assert.Empty(scan.Problems);
    }

    [Fact]
    public void Exif_prefix_is_removed_and_noted_and_odd_chunks_are_padded()
    {
        var file = Webp(0, Vp8l(2, 2, false), RiffChunk("EXIF", [.. "Exif\0\0"u8, .. "II*\0\b"u8]), RiffChunk("XMP ", "<x/>"u8), RiffChunk("C2PA", "jumb"u8));
        var scan = Scan(file);
        var exif = Assert.Single(scan.Payloads, p => p.Kind == PayloadKind.Exif);
        Assert.Equal("II*\0\b"u8.ToArray(), exif.Data);
        Assert.NotNull(exif.Note);
        Assert.Single(scan.Payloads, p => p.Kind == PayloadKind.Xmp);
        Assert.Single(scan.Payloads, p => p.Kind == PayloadKind.C2pa);
        var exifBlock = Assert.Single(scan.Blocks, b => b.Type == "EXIF");
        Assert.Equal(11, exifBlock.DataLength);
        Assert.Equal(20, exifBlock.Length);
        Assert.Equal(file.Length, scan.Blocks.Sum(b => b.Length));
    }

    [Fact]
    public void Riff_size_disagreeing_with_the_file_is_a_problem()
    {
        var scan = Scan(Join(Webp(0, Vp8l(2, 2, false)), [0, 0]));
        Assert.Contains(scan.Problems, p => p.Contains("after the end of the RIFF data"));
        var longer = Scan(Webp(100, Vp8l(2, 2, false)));
        Assert.Contains(longer.Problems, p => p.Contains("RIFF size says"));
    }

    [Fact]
    public void Extended_header_canvas_wins_over_the_bitstream()
    {
        byte[] vp8x = [0x10, 0, 0, 0, 99, 0, 0, 49, 0, 0];
        var scan = Scan(Webp(0, RiffChunk("VP8X", vp8x), Vp8l(2, 2, false)));
        Assert.Equal(100, scan.Width);
        Assert.Equal(50, scan.Height);
        Assert.True(scan.HasAlpha);
    }

    [Fact]
    public void Chunk_running_past_the_end_is_a_format_error()
    {
        var file = Webp(0, RiffChunk("EXIF", new byte[16]));
        file[16] = 0xFF;
        file[17] = 0xFF;
        var ex = Assert.Throws<CandorFormatException>(() => Scan(file));
        Assert.Equal(12, ex.Offset);
    }

    [Fact]
    public void Lossy_bitstream_is_not_lossless()
    {
        byte[] vp8 = [0x30, 0x01, 0x00, 0x9D, 0x01, 0x2A, 0x20, 0x00, 0x10, 0x00];
        var scan = Scan(Webp(0, RiffChunk("VP8 ", vp8)));
        Assert.Equal(32, scan.Width);
        Assert.Equal(16, scan.Height);
        Assert.False(WebpFormat.IsLossless(scan));
    }
}
