using System.Text;
using Candor.Darktable;

namespace Candor.Tests.Darktable;

public class DarktableSidecarTests
{
    internal const string Basic = "darktable/01_no-ai_basic-edit/";
    internal const string HandDrawn = "darktable/02_no-ai_hand-drawn-masks/";
    internal const string AiObject = "darktable/03_ai_object-mask_dt5.6-style/";
    internal const string Ansel = "darktable/04_ai_ansel-rawdenoiseai-module/";

    [SkippableFact]
    public void Basic_edit_sidecar_has_six_items_and_no_masks()
    {
        var s = DarktableSidecar.Load(Corpus.Path(Basic + "scene.png.xmp"));
        Assert.Equal(5, s.XmpVersion);
        Assert.Equal(6, s.HistoryEnd);
        Assert.Equal("scene.png", s.DerivedFrom);
        Assert.Equal(["exposure", "colorbalancergb", "bilat", "sharpen", "vignette", "crop"], s.History.Select(h => h.Operation));
        Assert.Empty(s.Masks);
        Assert.All(s.History, h => Assert.True(h.Enabled));
        // exposure v6 params are 24 bytes; colorbalancergb's are gz-compressed.
        Assert.Equal(24, s.History[0].Params.Length);
        Assert.True(s.History[1].Params.Length > 100);
        Assert.All(s.History, h => Assert.Equal(420, h.BlendopParams.Length));
        Assert.All(s.History, h => Assert.False(h.Blend!.UsesDrawnMask));
    }

    [SkippableFact]
    public void Hand_drawn_mask_is_read_from_blend_params_offsets_0_and_24()
    {
        var s = DarktableSidecar.Load(Corpus.Path(HandDrawn + "scene.jpg.xmp"));
        var masked = s.History[3];
        Assert.Equal("exposure", masked.Operation);
        Assert.Equal(3u, masked.Blend!.MaskMode);
        Assert.Equal(1716200003, masked.Blend.MaskId);
        Assert.True(masked.Blend.UsesDrawnMask);
        var group = s.Masks.Single(m => m.Id == 1716200003);
        Assert.Equal("grp exposure", group.Name);
        Assert.True(group.IsGroup);
        Assert.Equal([1716200001, 1716200002], group.MemberIds);
        Assert.Equal(["circle #1", "path #1", "grp exposure"], s.Masks.Select(m => m.Name));
        Assert.True(s.Masks.Single(m => m.Name == "path #1").Points.Length > 0);
    }

    [SkippableFact]
    public void Ai_object_sample_nests_the_ai_group_in_the_module_group()
    {
        var s = DarktableSidecar.Load(Corpus.Path(AiObject + "subject.png.xmp"));
        var masked = s.History[2];
        Assert.Equal(1716300004, masked.Blend!.MaskId);
        Assert.True(masked.Blend.UsesDrawnMask);
        Assert.Equal([1716300003], s.Masks.Single(m => m.Id == 1716300004).MemberIds);
        Assert.Equal([1716300001, 1716300002], s.Masks.Single(m => m.Id == 1716300003).MemberIds);
        Assert.True(masked.Line > 0);
    }

    [SkippableTheory]
    [InlineData(Basic + "export.jpg", 10, "crop")]
    [InlineData(HandDrawn + "export.jpg", 8, "exposure")]
    [InlineData(AiObject + "export.jpg", 8, "vignette")]
    [InlineData(AiObject + "export.tif", 8, "vignette")]
    [InlineData(Ansel + "export.jpg", 7, "sharpen")]
    public void Exported_images_carry_the_history_darktable_embedded(string file, int historyEnd, string last)
    {
        var s = DarktableSidecar.Load(Corpus.Path(file));
        Assert.Equal(historyEnd, s.HistoryEnd);
        // darktable-cli 4.2 puts its auto-applied modules first.
        Assert.Equal(["colorin", "colorout", "gamma", "flip"], s.History.Take(4).Select(h => h.Operation));
        Assert.Equal(last, s.History[^1].Operation);
        Assert.Contains("XMP in", s.Origin);
    }

    [SkippableFact]
    public void Ansel_export_lost_the_unknown_operation()
    {
        var s = DarktableSidecar.Load(Corpus.Path(Ansel + "export.jpg"));
        Assert.DoesNotContain(s.History, h => h.Operation == "rawdenoiseai");
        Assert.Contains(DarktableSidecar.Load(Corpus.Path(Ansel + "scene.png.xmp")).History, h => h.Operation == "rawdenoiseai");
    }

    [SkippableFact]
    public void An_image_without_darktable_xmp_is_a_format_error()
    {
        var e = Assert.Throws<CandorFormatException>(() => DarktableSidecar.Load(Corpus.Path(AiObject + "subject.png")));
        Assert.Contains("no darktable history", e.Message);
    }

    private const string Header = """
        <x:xmpmeta xmlns:x="adobe:ns:meta/"><rdf:RDF xmlns:rdf="http://www.w3.org/1999/02/22-rdf-syntax-ns#">
        <rdf:Description xmlns:darktable="http://darktable.sf.net/" darktable:xmp_version="5" darktable:history_end="1">
        """;
    private const string Footer = "</rdf:Description></rdf:RDF></x:xmpmeta>";

    private static string Row(string attributes) =>
        $"<darktable:history><rdf:Seq><rdf:li {attributes}/></rdf:Seq></darktable:history>";

    [Fact]
    public void A_dtd_is_refused()
    {
        var xml = "<?xml version=\"1.0\"?><!DOCTYPE x [<!ENTITY a \"aaaa\"><!ENTITY b \"&a;&a;&a;&a;\">]>" + Header + Footer;
        var e = Assert.Throws<CandorFormatException>(() => DarktableSidecar.Parse(xml));
        Assert.Contains("DTD", e.Message);
    }

    [Fact]
    public void Deep_nesting_is_refused_with_its_line()
    {
        var xml = Header + "\n" + string.Concat(Enumerable.Repeat("<a>", 200)) + string.Concat(Enumerable.Repeat("</a>", 200)) + Footer;
        var e = Assert.Throws<CandorFormatException>(() => DarktableSidecar.Parse(xml));
        Assert.Contains("nested deeper", e.Message);
        Assert.StartsWith("line 3:", e.Message);
    }

    [Fact]
    public void Malformed_xml_names_the_line()
    {
        var e = Assert.Throws<CandorFormatException>(() => DarktableSidecar.Parse(Header + "\n\n<darktable:history>" + Footer));
        Assert.Matches("^line [0-9]+: not well-formed XML", e.Message);
    }

    [Theory]
    [InlineData("darktable:num=\"x\" darktable:operation=\"exposure\"", "num 'x' is not a whole number")]
    [InlineData("darktable:operation=\"exposure\"", "num is missing")]
    [InlineData("darktable:num=\"0\"", "has no operation")]
    [InlineData("darktable:num=\"0\" darktable:operation=\"exposure\" darktable:params=\"abc\"", "odd number")]
    [InlineData("darktable:num=\"0\" darktable:operation=\"exposure\" darktable:params=\"zz00\"", "neither hex")]
    [InlineData("darktable:num=\"0\" darktable:operation=\"exposure\" darktable:params=\"gz02!!!!\"", "not valid base64")]
    [InlineData("darktable:num=\"0\" darktable:operation=\"exposure\" darktable:params=\"gz02AAAAAAAA\"", "corrupt")]
    public void Bad_rows_are_format_errors_with_the_line(string attributes, string expected)
    {
        var e = Assert.Throws<CandorFormatException>(() => DarktableSidecar.Parse(Header + "\n" + Row(attributes) + Footer));
        Assert.Contains(expected, e.Message);
        Assert.StartsWith("line 3:", e.Message);
    }

    [Fact]
    public void Not_a_darktable_sidecar_is_a_format_error()
    {
        var e = Assert.Throws<CandorFormatException>(() => DarktableSidecar.Parse(
            "<x:xmpmeta xmlns:x=\"adobe:ns:meta/\"><rdf:RDF xmlns:rdf=\"http://www.w3.org/1999/02/22-rdf-syntax-ns#\"><rdf:Description/></rdf:RDF></x:xmpmeta>"));
        Assert.Contains("not a darktable sidecar", e.Message);
    }

    [Fact]
    public void Rows_written_as_child_elements_are_read_too()
    {
        var xml = Header + """
            <darktable:history><rdf:Seq><rdf:li rdf:parseType="Resource">
              <darktable:num>0</darktable:num><darktable:operation>rawdenoiseai</darktable:operation><darktable:enabled>1</darktable:enabled>
            </rdf:li></rdf:Seq></darktable:history>
            """ + Footer;
        var s = DarktableSidecar.Parse(xml);
        Assert.Equal("rawdenoiseai", Assert.Single(s.History).Operation);
    }

    [Fact]
    public void A_gz_bomb_is_stopped_at_the_cap()
    {
        var bomb = DarktableBlob.EncodeCompressed(new byte[DarktableBlob.MaxDecodedBytes + 1]);
        Assert.True(bomb.Length < 20_000);
        var e = Assert.Throws<CandorFormatException>(() => DarktableSidecar.Parse(
            Header + Row($"darktable:num=\"0\" darktable:operation=\"exposure\" darktable:params=\"{bomb}\"") + Footer));
        Assert.Contains("exceeds the cap", e.Message);
    }

    [Fact]
    public void Unknown_blend_version_is_a_note_not_a_guess()
    {
        var blend = DarktableBlob.EncodeHex(new byte[420]);
        var s = DarktableSidecar.Parse(Header + Row($"darktable:num=\"0\" darktable:operation=\"exposure\" darktable:blendop_version=\"99\" darktable:blendop_params=\"{blend}\"") + Footer);
        Assert.Null(s.History[0].Blend);
        Assert.Contains("version 99", Assert.Single(s.Problems));
    }

    [Fact]
    public void Oversized_text_is_refused_before_parsing()
    {
        var big = new byte[DarktableSidecar.MaxBytes + 1];
        Assert.Throws<CandorFormatException>(() => DarktableSidecar.Parse(big, "big"));
    }

    [Fact]
    public void Packet_padding_is_ignored()
    {
        var s = DarktableSidecar.Parse(Encoding.UTF8.GetBytes(Header + Row("darktable:num=\"0\" darktable:operation=\"exposure\"") + Footer + "\n   \0\0\0"), "padded");
        Assert.Single(s.History);
    }
}
