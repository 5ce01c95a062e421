using Candor.Formats;
using Candor.Formats.Png;
using static Candor.Tests.Formats.SyntheticImages;

namespace Candor.Tests.Formats;

public class FormatErrorKindTests
{
    [Fact]
    public void A_png_cut_short_is_truncated()
    {
        var png = Png(Chunk("tEXt", Latin1("Comment\0hello")));
        var e = Assert.Throws<CandorFormatException>(() => ContainerRegistry.Scan(new MemoryStream(png[..^6])));
        Assert.Equal(FormatErrorKind.Truncated, e.Kind);
    }

    [Fact]
    public void A_png_without_iend_is_truncated()
    {
        var png = Png();
        var e = Assert.Throws<CandorFormatException>(() => ContainerRegistry.Scan(new MemoryStream(png[..^12])));
        Assert.Equal(FormatErrorKind.Truncated, e.Kind);
        Assert.Contains("IEND", e.Message);
    }

    [Fact]
    public void A_ztxt_over_the_decompression_cap_is_a_limit()
    {
        var bomb = Zlib(new byte[200_000]);
        var e = Assert.Throws<CandorFormatException>(() => CappedInflate.Zlib(bomb, 10_000, "PNG zTXt 'Comment'"));
        Assert.Equal(FormatErrorKind.LimitExceeded, e.Kind);
    }

    [Fact]
    public void Random_bytes_are_an_unsupported_format()
    {
        var bytes = new byte[256];
        new Random(7).NextBytes(bytes);
        bytes[0] = 0x00;
        var e = Assert.Throws<CandorFormatException>(() => ContainerRegistry.Scan(new MemoryStream(bytes)));
        Assert.Equal(FormatErrorKind.Unsupported, e.Kind);
    }

    [Fact]
    public void A_jpeg_without_eoi_cannot_be_written_because_it_is_truncated()
    {
        var jpeg = Jpeg([1, 2, 3]);
        var cut = jpeg[..^2];
        var scan = ContainerRegistry.Scan(new MemoryStream(cut));
        var e = Assert.Throws<CandorFormatException>(() => ContainerRegistry.For(scan).CheckWritable(scan, new MemoryStream(cut)));
        Assert.Equal(FormatErrorKind.Truncated, e.Kind);
    }

    [Fact]
    public void A_png_handler_refuses_bytes_that_are_not_png_as_malformed()
    {
        var e = Assert.Throws<CandorFormatException>(() => new PngFormat().Scan(new MemoryStream(new byte[16]), ScanOptions.Default));
        Assert.Equal(FormatErrorKind.Malformed, e.Kind);
    }
}
