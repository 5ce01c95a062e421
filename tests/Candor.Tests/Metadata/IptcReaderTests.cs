using System.Text;
using Candor.Formats;
using Candor.Metadata;
using Candor.Metadata.Iptc;
using Candor.Provenance;

namespace Candor.Tests.Metadata;

public class IptcReaderTests
{
    private static readonly Evidence Source = new("Photoshop 8BIM 0x0404", Offset: 1000);

    private static byte[] Dataset(int record, int dataset, byte[] value) =>
        [0x1C, (byte)record, (byte)dataset, (byte)(value.Length >> 8), (byte)value.Length, .. value];

    [Fact]
    public void Utf8_is_used_when_the_envelope_declares_it()
    {
        byte[] iim = [.. Dataset(1, 90, [0x1B, 0x25, 0x47]), .. Dataset(2, 0, [0, 4]), .. Dataset(2, 5, Encoding.UTF8.GetBytes("Café")), .. Dataset(2, 25, "k1"u8.ToArray()), .. Dataset(2, 25, "k2"u8.ToArray())];
        var r = IptcReader.Read(iim, Source);
        Assert.Equal(["CodedCharacterSet", "ApplicationRecordVersion", "ObjectName", "Keywords", "Keywords"], r.Fields.Select(f => f.Name));
        Assert.Equal("UTF8", r.Fields[0].Value);
        Assert.Equal("4", r.Fields[1].Value);
        Assert.Equal("Café", r.Fields[2].Value);
        Assert.All(r.Fields, f => Assert.Equal(FieldGroups.Iptc, f.Group));
        Assert.Equal(1000 + 5 + 3, r.Fields[1].Evidence.Offset);
    }

    [Fact]
    public void Undeclared_text_falls_back_to_latin1_when_not_utf8()
    {
        var r = IptcReader.Read(Dataset(2, 80, [0x4A, 0xF6, 0x72, 0x67]), Source);
        var f = Assert.Single(r.Fields);
        Assert.Equal("By-line", f.Name);
        Assert.Equal("Jörg", f.Value);
        Assert.Contains("Latin-1", f.Note);
    }

    [Fact]
    public void Unknown_datasets_are_named_by_number()
    {
        var r = IptcReader.Read(Dataset(3, 7, "x"u8.ToArray()), Source);
        Assert.Equal("IPTC 3:007", Assert.Single(r.Fields).Name);
    }

    [Fact]
    public void Extended_lengths_are_read_and_capped()
    {
        byte[] ok = [0x1C, 2, 120, 0x80, 0x04, 0, 0, 0, 3, .. "abc"u8.ToArray()];
        Assert.Equal("abc", Assert.Single(IptcReader.Read(ok, Source).Fields).Value);

        byte[] tooWide = [0x1C, 2, 120, 0x80, 0x08, 0, 0, 0, 0, 0, 0, 0, 3, .. "abc"u8.ToArray()];
        var r = IptcReader.Read(tooWide, Source);
        Assert.Empty(r.Fields);
        Assert.Contains(r.Problems, p => p.Contains("extended length"));
    }

    [Fact]
    public void A_value_past_the_end_is_a_problem_and_earlier_datasets_stay()
    {
        byte[] iim = [.. Dataset(2, 5, "Title"u8.ToArray()), 0x1C, 2, 120, 0x7F, 0xFF, 1, 2];
        var r = IptcReader.Read(iim, Source);
        Assert.Equal("Title", Assert.Single(r.Fields).Value);
        Assert.Contains(r.Problems, p => p.Contains("past the end"));
    }

    [Fact]
    public void Nul_padding_ends_quietly_and_junk_is_reported()
    {
        Assert.Empty(IptcReader.Read([.. Dataset(2, 5, "T"u8.ToArray()), 0, 0, 0], Source).Problems);
        Assert.Single(IptcReader.Read([.. Dataset(2, 5, "T"u8.ToArray()), 0x42], Source).Problems);
    }

    [Fact]
    public void Data_that_is_not_iim_is_a_format_error()
    {
        var e = Assert.Throws<CandorFormatException>(() => IptcReader.Read("8BIM"u8, Source));
        Assert.Equal(1000, e.Offset);
    }

    [SkippableFact]
    public void Iptc_reference_image_iim_fields()
    {
        var iim = CorpusFiles.Payload(Corpus.Path("generators/iptc/iptc-photometadata-ref-2023.2.jpg"), PayloadKind.Iptc);
        var r = IptcReader.Read(iim.Data, iim.Evidence);
        var expected = new Dictionary<string, string>
        {
            ["ObjectName"] = "The Title (ref2023.2)",
            ["By-line"] = "Creator1 (ref2023.2)",
            ["CopyrightNotice"] = "Copyright (Notice) 2023.2 IPTC - www.iptc.org  (ref2023.2)",
            ["Caption-Abstract"] = "The description aka caption (ref2023.2)",
            ["Headline"] = "The Headline (ref2023.2)",
            ["ApplicationRecordVersion"] = "4",
        };
        foreach (var (name, value) in expected)
            Assert.Equal(value, Assert.Single(r.Fields, f => f.Name == name).Value);
        Assert.Equal(["Keyword1ref2023.2", "Keyword2ref2023.2", "Keyword3ref2023.2"], r.Fields.Where(f => f.Name == "Keywords").Select(f => f.Value));
        Assert.Empty(r.Problems);
    }
}
