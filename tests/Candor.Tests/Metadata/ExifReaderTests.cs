using System.Text;
using System.Text.Json;
using Candor.Formats;
using Candor.Metadata;
using Candor.Metadata.Exif;
using Candor.Provenance;

namespace Candor.Tests.Metadata;

public class ExifReaderTests
{
    private static readonly Evidence Source = new("test", Offset: 100);

    private static byte[] UnicodeComment(string text, bool littleEndianText) =>
        [.. "UNICODE\0"u8.ToArray(), .. (littleEndianText ? Encoding.Unicode : Encoding.BigEndianUnicode).GetBytes(text)];

    private static byte[] WithUserComment(bool littleEndianHeader, byte[] comment)
    {
        var b = new TiffBuilder(littleEndianHeader);
        var exif = new TiffBuilder.Ifd().Raw(0x9286, 7, (uint)comment.Length, comment);
        var ifd0 = new TiffBuilder.Ifd().Ascii(0x010F, "Maker");
        ifd0.Children[0x8769] = exif;
        return b.Build(ifd0);
    }

    private static MetadataField Field(ExifReadResult r, string name) => Assert.Single(r.Fields, f => f.Name == name);

    [Theory]
    [InlineData(true, false, "UTF-16BE text in a little-endian EXIF block")]
    [InlineData(false, true, "UTF-16LE text in a big-endian EXIF block")]
    public void UserComment_byte_order_comes_from_the_text_not_the_header(bool headerLittle, bool textLittle, string note)
    {
        const string text = "masterpiece, 1girl\nSteps: 20, Sampler: Euler a";
        var r = ExifReader.Read(WithUserComment(headerLittle, UnicodeComment(text, textLittle)), Source);
        var f = Field(r, "UserComment");
        Assert.Equal(text, f.Value);
        Assert.Equal(FieldGroups.ExifSubIfd, f.Group);
        Assert.Equal(note, f.Note);
    }

    [Theory]
    [InlineData(true)]
    [InlineData(false)]
    public void UserComment_in_the_header_order_has_no_note(bool little)
    {
        var r = ExifReader.Read(WithUserComment(little, UnicodeComment("Steps: 20\0\0", little)), Source);
        var f = Field(r, "UserComment");
        Assert.Equal("Steps: 20", f.Value);
        Assert.Null(f.Note);
    }

    [Fact]
    public void Ascii_prefix_text_is_read_as_utf8_first()
    {
        var json = "{\"Comment\": \"ぬこ – café\"}";
        var r = ExifReader.Read(WithUserComment(false, [.. "ASCII\0\0\0"u8.ToArray(), .. Encoding.UTF8.GetBytes(json), 0]), Source);
        Assert.Equal(json, Field(r, "UserComment").Value);
    }

    [Fact]
    public void Ascii_prefix_text_that_is_not_utf8_falls_back_to_latin1()
    {
        var r = ExifReader.Read(WithUserComment(true, [.. "ASCII\0\0\0"u8.ToArray(), 0x63, 0x61, 0x66, 0xE9]), Source);
        var f = Field(r, "UserComment");
        Assert.Equal("café", f.Value);
        Assert.Contains("Latin-1", f.Note);
    }

    [Fact]
    public void Undefined_prefix_is_tried_as_utf8()
    {
        var r = ExifReader.Read(WithUserComment(true, [.. new byte[8], .. Encoding.UTF8.GetBytes("größe")]), Source);
        Assert.Equal("größe", Field(r, "UserComment").Value);
    }

    [Fact]
    public void Ascii_tags_lose_nuls_at_both_ends_and_say_so()
    {
        var b = new TiffBuilder(false);
        byte[] bytes = [0, 0, 0, 0, .. Encoding.UTF8.GetBytes("1girl, 猫"), 0];
        var ifd0 = new TiffBuilder.Ifd().Raw(0x010E, 2, (uint)bytes.Length, bytes).Ascii(0x010D, "NovelAI generated image");
        var r = ExifReader.Read(b.Build(ifd0), Source);
        var description = Field(r, "ImageDescription");
        Assert.Equal("1girl, 猫", description.Value);
        Assert.Contains("4 leading NUL", description.Note);
        Assert.Equal("NovelAI generated image", Field(r, "DocumentName").Value);
    }

    [Fact]
    public void Numbers_rationals_and_windows_xp_tags_are_rendered()
    {
        var b = new TiffBuilder(true);
        var xp = Encoding.Unicode.GetBytes("Titel ü\0");
        var exif = new TiffBuilder.Ifd()
            .Raw(0x829A, 5, 1, b.Rational(1, 200))
            .Raw(0x829D, 5, 1, b.Rational(28, 10))
            .Raw(0x8827, 3, 1, b.U16(400))
            .Raw(0x9000, 7, 4, "0232"u8.ToArray());
        var ifd0 = new TiffBuilder.Ifd().Raw(0x9C9B, 1, (uint)xp.Length, xp).Raw(0x0102, 3, 3, [.. b.U16(8), .. b.U16(8), .. b.U16(8)]).Raw(0xBEEF, 4, 1, b.U32(7));
        ifd0.Children[0x8769] = exif;
        var r = ExifReader.Read(b.Build(ifd0), Source);
        Assert.Equal("1/200", Field(r, "ExposureTime").Value);
        Assert.Equal("2.8", Field(r, "FNumber").Value);
        Assert.Equal("400", Field(r, "ISO").Value);
        Assert.Equal("0232", Field(r, "ExifVersion").Value);
        Assert.Equal("Titel ü", Field(r, "XPTitle").Value);
        Assert.Equal("8 8 8", Field(r, "BitsPerSample").Value);
        Assert.Equal("7", Field(r, "Tag 0xBEEF").Value);
        Assert.Empty(r.Problems);
    }

    [Fact]
    public void Gps_interop_and_ifd1_get_their_own_groups_and_evidence()
    {
        var b = new TiffBuilder(false);
        var interop = new TiffBuilder.Ifd().Ascii(0x0001, "R98");
        var exif = new TiffBuilder.Ifd().Raw(0x9000, 7, 4, "0232"u8.ToArray());
        exif.Children[0xA005] = interop;
        var gps = new TiffBuilder.Ifd().Ascii(0x0001, "N");
        var ifd0 = new TiffBuilder.Ifd { Next = new TiffBuilder.Ifd().Raw(0x0103, 3, 1, b.U16(6)) }.Ascii(0x010F, "Canon");
        ifd0.Children[0x8769] = exif;
        ifd0.Children[0x8825] = gps;
        var r = ExifReader.Read(b.Build(ifd0), Source);
        Assert.Equal(FieldGroups.ExifGps, Field(r, "GPSLatitudeRef").Group);
        Assert.Equal(FieldGroups.ExifInterop, Field(r, "InteropIndex").Group);
        var compression = Field(r, "Compression");
        Assert.Equal(FieldGroups.ExifIfd1, compression.Group);
        Assert.Equal("EXIF IFD1", compression.Evidence.Block);
        var make = Field(r, "Make");
        Assert.Equal("EXIF IFD0", make.Evidence.Block);
        Assert.Equal("Make", make.Evidence.Key);
        Assert.Equal(100 + 10, make.Evidence.Offset);
    }

    [Fact]
    public void Ifd_cycles_are_reported_and_reading_ends()
    {
        var b = new TiffBuilder(true);
        var ifd0 = new TiffBuilder.Ifd { NextOffsetOverride = 8 }.Ascii(0x010F, "Loop").Raw(0x8769, 4, 1, b.U32(8));
        var r = ExifReader.Read(b.Build(ifd0), Source);
        Assert.Single(r.Fields, f => f.Name == "Make");
        Assert.Contains(r.Problems, p => p.Contains("IFD loop"));
    }

    [Fact]
    public void An_entry_pointing_past_the_end_is_a_problem_and_the_rest_is_read()
    {
        var b = new TiffBuilder(false);
        var ifd0 = new TiffBuilder.Ifd().Raw(0x010E, 2, 64, b.U32(60000)).Ascii(0x0131, "Candor");
        var r = ExifReader.Read(b.Build(ifd0), Source);
        Assert.Contains(r.Problems, p => p.Contains("ImageDescription") && p.Contains("past the end"));
        Assert.Equal("Candor", Field(r, "Software").Value);
    }

    [Fact]
    public void A_huge_count_does_not_allocate_and_is_a_problem()
    {
        var b = new TiffBuilder(true);
        var ifd0 = new TiffBuilder.Ifd().Raw(0x0111, 4, uint.MaxValue, b.U32(8)).Ascii(0x010F, "X");
        var r = ExifReader.Read(b.Build(ifd0), Source);
        Assert.Contains(r.Problems, p => p.Contains("StripOffsets"));
        Assert.Equal("X", Field(r, "Make").Value);
    }

    [Fact]
    public void An_entry_count_larger_than_the_block_reads_what_fits()
    {
        var b = new TiffBuilder(true);
        var tiff = b.Build(new TiffBuilder.Ifd().Ascii(0x010F, "Y"));
        tiff[8] = 0xFF; tiff[9] = 0x7F;
        var r = ExifReader.Read(tiff, Source);
        Assert.Contains(r.Problems, p => p.Contains("entries declared"));
        Assert.Equal("Y", Field(r, "Make").Value);
    }

    [Theory]
    [InlineData(new byte[] { 0x49, 0x49, 0x2A })]
    [InlineData(new byte[] { 0x58, 0x58, 0x2A, 0, 8, 0, 0, 0 })]
    [InlineData(new byte[] { 0x49, 0x49, 0x2B, 0, 8, 0, 0, 0 })]
    [InlineData(new byte[] { 0x4D, 0x4D, 0, 0x2A, 0x7F, 0, 0, 0 })]
    public void An_unreadable_header_is_a_format_error_with_an_offset(byte[] tiff)
    {
        var e = Assert.Throws<CandorFormatException>(() => ExifReader.Read(tiff, Source));
        Assert.True(e.Offset >= 100);
    }

    // Corpus: values from generators/SOURCES.md.
    private static ExifReadResult ReadCorpus(string path)
    {
        var exif = CorpusFiles.Payload(Corpus.Path(path), PayloadKind.Exif);
        return ExifReader.Read(exif.Data, exif.Evidence);
    }

    [SkippableFact]
    public void Civitai_jpeg_user_comment_is_big_endian_text_in_a_little_endian_block()
    {
        var r = ReadCorpus("generators/civitai/civitai-generator_usercomment.jpg");
        var f = Field(r, "UserComment");
        Assert.Contains("Civitai resources", f.Value);
        Assert.Contains("Steps: 28", f.Value);
        Assert.DoesNotContain('\0', f.Value);
        Assert.Equal("UTF-16BE text in a little-endian EXIF block", f.Note);
    }

    [SkippableFact]
    public void Swarmui_webp_user_comment_is_little_endian()
    {
        var f = Field(ReadCorpus("generators/swarmui/swarmui.webp"), "UserComment");
        Assert.Contains("sui_image_params", f.Value);
        Assert.StartsWith("{", f.Value.TrimStart());
    }

    [SkippableFact]
    public void A1111_webp_user_comment_has_the_parameters()
    {
        var f = Field(ReadCorpus("generators/a1111/sd-webui.webp"), "UserComment");
        Assert.Contains("Steps: 20", f.Value);
        Assert.Contains("Seed: 1028435836", f.Value);
    }

    [SkippableFact]
    public void Novelai_webp_user_comment_is_utf8_json_behind_an_ascii_prefix()
    {
        var r = ReadCorpus("generators/novelai/novelai-curated.webp");
        Assert.Equal("NovelAI generated image", Field(r, "DocumentName").Value);
        Assert.Equal("NovelAI Diffusion V4.5 C02D4F98", Field(r, "Software").Value);
        using var doc = JsonDocument.Parse(Field(r, "UserComment").Value);
        Assert.True(doc.RootElement.TryGetProperty("Comment", out _));
        Assert.Contains("leading NUL", Field(r, "ImageDescription").Note);
    }
}
