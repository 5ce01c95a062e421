using System.Buffers.Binary;
using System.Text;
using Candor.Formats;
using Candor.Formats.Png;
using Candor.Metadata;
using static Candor.Tests.Formats.SyntheticImages;

namespace Candor.Tests.Formats;

public class PngFormatTests
{
    private static ContainerScan Scan(byte[] file, ScanOptions? options = null) =>
        new PngFormat().Scan(new MemoryStream(file), options ?? ScanOptions.Default);

    [Fact]
    public void Crc_mismatch_is_a_block_and_scan_problem_not_an_error()
    {
        var file = Png(Chunk("tEXt", Latin1("Comment\0hello"), corruptCrc: true), Chunk("tEXt", Latin1("Software\0x")));
        var scan = Scan(file);
        var bad = Assert.Single(scan.Blocks, b => b.Type == "tEXt" && b.Problems.Count > 0);
        Assert.Contains("CRC mismatch", bad.Problems[0]);
        Assert.Contains(scan.Problems, p => p.Contains("CRC mismatch"));
        Assert.Contains(scan.Fields, f => f.Name == "Software" && f.Value == "x");
        Assert.Contains(scan.Fields, f => f.Name == "Comment" && f.Value == "hello");
    }

    [Fact]
    public void Ztxt_over_the_cap_is_reported_and_the_rest_of_the_file_is_read()
    {
        var bomb = Zlib(new byte[200_000]);
        var file = Png(Chunk("zTXt", Join(Latin1("Comment\0\0"), bomb)), Chunk("tEXt", Latin1("parameters\0after the bomb")));
        var scan = Scan(file, new ScanOptions { MaxDecompressedBytes = 10_000 });
        Assert.Contains(scan.Problems, p => p.Contains("cap of 10000"));
        Assert.DoesNotContain(scan.Fields, f => f.Group == FieldGroups.PngZText);
        Assert.Contains(scan.Fields, f => f.Name == "parameters" && f.Value == "after the bomb");
        Assert.Equal("IEND", scan.Blocks[^1].Type);
    }

    [Fact]
    public void Ztxt_within_the_cap_is_a_field()
    {
        var file = Png(Chunk("zTXt", Join(Latin1("Comment\0\0"), Zlib(Latin1("caf\u00e9")))));
        var field = Assert.Single(Scan(file).Fields);
        Assert.Equal(FieldGroups.PngZText, field.Group);
        Assert.Equal("café", field.Value);
        Assert.Equal("PNG zTXt", field.Evidence.Block);
    }

    [Theory]
    [InlineData(0x7FFF_FFF0u)]
    [InlineData(0x8000_0000u)]
    [InlineData(0xFFFF_FFFFu)]
    public void Chunk_declaring_gigabytes_in_a_small_file_is_a_format_error(uint declared)
    {
        var file = Png(Chunk("tEXt", new byte[10_000]));
        BinaryPrimitives.WriteUInt32BigEndian(file.AsSpan(33), declared);
        var before = GC.GetAllocatedBytesForCurrentThread();
        var ex = Assert.Throws<CandorFormatException>(() => Scan(file));
        Assert.Equal(33, ex.Offset);
        Assert.True(GC.GetAllocatedBytesForCurrentThread() - before < 1_000_000);
    }

    [Fact]
    public void File_cut_before_IEND_is_a_format_error_with_the_offset()
    {
        var file = Png(Chunk("tEXt", Latin1("a\0b")));
        var cut = file[..^12];
        var ex = Assert.Throws<CandorFormatException>(() => Scan(cut));
        Assert.Equal(cut.Length, ex.Offset);
    }

    [Fact]
    public void Bytes_after_IEND_are_a_problem()
    {
        var scan = Scan(Join(Png(), [1, 2, 3]));
        Assert.Contains(scan.Problems, p => p.Contains("3 bytes after the IEND"));
    }

    [Fact]
    public void Not_a_png_is_a_format_error() =>
        Assert.Throws<CandorFormatException>(() => Scan(Encoding.ASCII.GetBytes("GIF89a not a png at all")));

    [Fact]
    public void Latin1_tEXt_is_decoded_as_latin1_without_a_note()
    {
        var field = Assert.Single(Scan(Png(Chunk("tEXt", Latin1("Title\0Se\u00f1or")))).Fields);
        Assert.Equal("Señor", field.Value);
        Assert.Null(field.Note);
    }

    [Fact]
    public void Compressed_iTXt_keeps_language_and_translated_keyword_in_the_note()
    {
        var text = Encoding.UTF8.GetBytes("猫の絵");
        var data = Join(Latin1("Description\0"), [1, 0], Latin1("ja\0"), Encoding.UTF8.GetBytes("説明"), [0], Zlib(text));
        var field = Assert.Single(Scan(Png(Chunk("iTXt", data))).Fields);
        Assert.Equal(FieldGroups.PngIText, field.Group);
        Assert.Equal("猫の絵", field.Value);
        Assert.Contains("language 'ja'", field.Note);
        Assert.Contains("説明", field.Note);
    }

    [Fact]
    public void Xmp_iTXt_is_a_payload_not_a_field()
    {
        var packet = "<x:xmpmeta xmlns:x='adobe:ns:meta/'/>";
        var data = Join(Latin1("XML:com.adobe.xmp\0"), [0, 0, 0, 0], Encoding.UTF8.GetBytes(packet));
        var scan = Scan(Png(Chunk("iTXt", data)));
        Assert.Empty(scan.Fields);
        var xmp = Assert.Single(scan.Payloads);
        Assert.Equal(PayloadKind.Xmp, xmp.Kind);
        Assert.Equal(packet, Encoding.UTF8.GetString(xmp.Data));
    }

    [Fact]
    public void ImageMagick_raw_exif_profile_becomes_an_exif_payload()
    {
        byte[] exif = [.. "Exif\0\0"u8, .. "MM\0*\0\0\0\b\0\0"u8];
        var hex = Convert.ToHexString(exif).ToLowerInvariant();
        var text = $"\nexif\n      {exif.Length}\n{hex[..10]}\n{hex[10..]}\n";
        var scan = Scan(Png(Chunk("zTXt", Join(Latin1("Raw profile type exif\0\0"), Zlib(Latin1(text))))));
        var payload = Assert.Single(scan.Payloads);
        Assert.Equal(PayloadKind.Exif, payload.Kind);
        Assert.Equal(exif[6..], payload.Data);
        Assert.Empty(scan.Fields);
    }

    [Fact]
    public void Exif_cabx_and_iccp_chunks_become_payloads_and_header_gives_size_and_alpha()
    {
        var icc = new byte[] { 1, 2, 3, 4 };
        var file = Join(
            [PngSignature, Ihdr(300, 200, 6), Chunk("eXIf", "II*\0"u8), Chunk("caBX", "jumb"u8), Chunk("iCCP", Join(Latin1("sRGB\0\0"), Zlib(icc))), Chunk("IEND", [])]);
        var scan = Scan(file);
        Assert.Equal(300, scan.Width);
        Assert.Equal(200, scan.Height);
        Assert.True(scan.HasAlpha);
        Assert.Equal([PayloadKind.Exif, PayloadKind.C2pa, PayloadKind.Icc], scan.Payloads.Select(p => p.Kind));
        Assert.Equal(icc, scan.Payloads[2].Data);
    }

    [Fact]
    public void Trns_chunk_means_alpha()
    {
        Assert.False(Scan(Png()).HasAlpha);
        Assert.True(Scan(Png(Chunk("tRNS", [0, 0]))).HasAlpha);
    }
}
