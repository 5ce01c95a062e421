using System.Text;
using Candor.Disclose;
using Candor.Formats;
using Candor.Tests.Formats;
using FsCheck;
using FsCheck.Fluent;

namespace Candor.Tests.Disclose;

public class XmpWriterTests
{
    private const string Existing = """
        <x:xmpmeta xmlns:x="adobe:ns:meta/"><rdf:RDF xmlns:rdf="http://www.w3.org/1999/02/22-rdf-syntax-ns#">
        <rdf:Description rdf:about="" xmlns:dc="http://purl.org/dc/elements/1.1/" xmlns:c="https://candor.dev/ns/disclosure/1.0/">
        <dc:creator><rdf:Seq><rdf:li>Ada</rdf:li></rdf:Seq></dc:creator>
        <c:Tools><rdf:Bag><rdf:li>old tool</rdf:li></rdf:Bag></c:Tools>
        </rdf:Description></rdf:RDF></x:xmpmeta>
        """;

    private static byte[] PngWith(params byte[][] chunks) => SyntheticImages.Png(chunks);

    private static byte[] XmpChunk(string packet) =>
        SyntheticImages.Chunk("iTXt", [.. "XML:com.adobe.xmp\0\0\0\0\0"u8, .. Encoding.UTF8.GetBytes(packet)]);

    [Fact]
    public void Merge_keeps_existing_properties_and_replaces_earlier_candor_values()
    {
        var merged = Encoding.UTF8.GetString(DisclosurePacket.Merge(Encoding.UTF8.GetBytes(Existing), DisclosureSamples.Content));
        Assert.Contains("Ada", merged);
        Assert.DoesNotContain("old tool", merged);
        Assert.Contains("Topaz Denoise AI", merged);
        Assert.Contains(DisclosureSamples.SourceType, merged);
        Assert.StartsWith("<?xpacket begin=", merged);
        Assert.EndsWith("<?xpacket end=\"w\"?>", merged);
    }

    [Fact]
    public void Written_prefixes_do_not_depend_on_a_prefix_a_file_read_earlier_bound()
    {
        Candor.Metadata.Xmp.XmpReader.Read(Encoding.UTF8.GetBytes(Existing), new Candor.Provenance.Evidence("test"));
        var merged = Encoding.UTF8.GetString(DisclosurePacket.Merge(Encoding.UTF8.GetBytes(Existing), DisclosureSamples.Content));
        Assert.Contains("<candor:Tools>", merged);
        Assert.DoesNotContain("<c:Tools>", merged);
    }

    [Fact]
    public void An_existing_source_type_of_another_shape_is_replaced()
    {
        var odd = Existing.Replace("<dc:creator>", "<Iptc4xmpExt:DigitalSourceType xmlns:Iptc4xmpExt=\"http://iptc.org/std/Iptc4xmpExt/2008-02-29/\"><rdf:Bag><rdf:li>x</rdf:li></rdf:Bag></Iptc4xmpExt:DigitalSourceType><dc:creator>", StringComparison.Ordinal);
        var result = XmpWriter.Apply(PngWith(XmpChunk(odd)), DisclosureSamples.Content);
        DisclosureSamples.AssertCarriesContent(result, "PNG with an array source type");
    }

    [Fact]
    public void A_packet_Candor_wrote_round_trips_to_the_same_bytes()
    {
        var once = DisclosurePacket.Merge([], DisclosureSamples.Content);
        Assert.Equal(once, DisclosurePacket.Merge(once, DisclosureSamples.Content));
        var other = DisclosurePacket.Merge(once, DisclosureSamples.Content with { Tools = ["GIMP"], Actions = [], Generator = null });
        var text = Encoding.UTF8.GetString(other);
        Assert.Contains("GIMP", text);
        Assert.DoesNotContain("darktable", text);
        Assert.DoesNotContain("DisclosedBy", text);
        Assert.Contains(DisclosureSamples.DataMining, text);
    }

    [Fact]
    public void A_png_gets_its_xmp_chunk_before_the_image_data_and_duplicates_go()
    {
        var png = PngWith(XmpChunk(Existing), XmpChunk(Existing.Replace("Ada", "Grace", StringComparison.Ordinal)));
        var result = XmpWriter.Apply(png, DisclosureSamples.Content);
        var scan = ContainerRegistry.Scan(new MemoryStream(result));
        Assert.Equal(["IHDR", "iTXt", "IDAT", "IEND"], scan.Blocks.Skip(1).Select(b => b.Type));
        Assert.Empty(scan.Problems);
        var fields = DisclosureSamples.XmpFields(result);
        Assert.Contains(fields, f => f.Value == "Ada");
        DisclosureSamples.AssertCarriesContent(result, "synthetic PNG");
    }

    [Fact]
    public void A_png_xmp_chunk_after_the_image_data_moves_before_it()
    {
        var png = SyntheticImages.Png();
        var iend = png.Length - 12;
        png = [.. png[..iend], .. XmpChunk(Existing), .. png[iend..]];
        var result = XmpWriter.Apply(png, DisclosureSamples.Content);
        Assert.Equal(["IHDR", "iTXt", "IDAT", "IEND"], ContainerRegistry.Scan(new MemoryStream(result)).Blocks.Skip(1).Select(b => b.Type));
        Assert.Contains(DisclosureSamples.XmpFields(result), f => f.Value == "Ada");
    }

    [Fact]
    public void A_jpeg_without_xmp_gets_it_after_jfif_and_exif_before_the_other_segments()
    {
        var jpeg = SyntheticImages.Jpeg([1, 2, 3],
            SyntheticImages.Segment(0xE0, "JFIF\0\u0001\u0001\0\0\u0001\0\u0001\0\0"u8),
            SyntheticImages.Segment(0xE1, "Exif\0\0MM\0\u002A\0\0\0\u0008\0\0\0\0\0\0"u8),
            SyntheticImages.Segment(0xE2, "ICC_PROFILE\0\u0001\u0001abcd"u8));
        var result = XmpWriter.Apply(jpeg, DisclosureSamples.Content);
        var blocks = ContainerRegistry.Scan(new MemoryStream(result)).Blocks;
        Assert.Equal(["SOI", "APP0", "APP1", "APP1", "APP2"], blocks.Take(5).Select(b => b.Type));
        Assert.Equal(["EXIF", "XMP"], blocks.Skip(2).Take(2).Select(b => b.Label));
        Assert.True(jpeg.AsSpan((int)blocks[4].Offset - (result.Length - jpeg.Length)).SequenceEqual(result.AsSpan((int)blocks[4].Offset)));
    }

    [Fact]
    public void A_huge_existing_packet_is_a_format_error()
    {
        var huge = Existing.Replace("Ada", new string('a', Candor.Metadata.Xmp.XmpReader.MaxPacketBytes), StringComparison.Ordinal);
        var e = Assert.Throws<CandorFormatException>(() => XmpWriter.Apply(PngWith(XmpChunk(huge)), DisclosureSamples.Content));
        Assert.Contains("limit", e.Message);
    }

    [Fact]
    public void A_simple_lossless_webp_gets_a_vp8x_with_alpha_and_xmp_flags_and_its_canvas()
    {
        var webp = SyntheticImages.Webp(0, SyntheticImages.Vp8l(300, 20, alpha: true));
        var result = XmpWriter.Apply(webp, DisclosureSamples.Content);
        var scan = ContainerRegistry.Scan(new MemoryStream(result));
        Assert.Equal(["RIFF", "VP8X", "VP8L", "XMP "], scan.Blocks.Select(b => b.Type));
        Assert.Equal(0x14, result[20]);
        Assert.Equal((300, 20), (scan.Width, scan.Height));
        Assert.Empty(scan.Problems);
    }

    [Fact]
    public void A_jpeg_whose_xmp_outgrows_one_segment_moves_the_largest_property_to_extended_xmp()
    {
        // An existing packet that fills its segment: with the disclosure added it no longer fits.
        var big = new string('x', 64_000);
        var packet = Existing.Replace("<dc:creator>", $"<dc:description><rdf:Alt><rdf:li xml:lang=\"x-default\">{big}</rdf:li></rdf:Alt></dc:description><dc:creator>", StringComparison.Ordinal);
        var jpeg = SyntheticImages.Jpeg([1, 2, 3],
            SyntheticImages.Segment(0xE0, "JFIF\0\u0001\u0001\0\0\u0001\0\u0001\0\0"u8),
            SyntheticImages.Segment(0xE1, [.. "http://ns.adobe.com/xap/1.0/\0"u8, .. Encoding.UTF8.GetBytes(packet)]));
        var result = XmpWriter.Apply(jpeg, DisclosureSamples.Content);
        var scan = ContainerRegistry.Scan(new MemoryStream(result));
        Assert.Equal(["SOI", "APP0", "APP1", "APP1", "SOF0"], scan.Blocks.Take(5).Select(b => b.Type));
        Assert.Equal(["XMP", "ExtendedXMP"], scan.Blocks.Skip(2).Take(2).Select(b => b.Label));
        Assert.Empty(scan.Problems);
        var fields = DisclosureSamples.XmpFields(result);
        Assert.Contains(fields, f => f.Name == "dc:description" && f.Value == big);
        Assert.Contains(fields, f => f.Name == "dc:creator[1]" && f.Value == "Ada");
        DisclosureSamples.AssertCarriesContent(result, "JPEG with extended XMP");
        Assert.Equal(result, XmpWriter.Apply(result, DisclosureSamples.Content));
    }

    [Theory]
    [InlineData("<?xml version=\"1.0\"?><!DOCTYPE x [<!ENTITY a \"aaaa\">]><x:xmpmeta xmlns:x=\"adobe:ns:meta/\"/>")]
    [InlineData("<x:xmpmeta xmlns:x=\"adobe:ns:meta/\"><rdf:RDF")]
    [InlineData("not xml at all")]
    public void Hostile_or_broken_existing_xmp_is_a_format_error(string packet)
    {
        var png = PngWith(XmpChunk(packet));
        Assert.Throws<CandorFormatException>(() => XmpWriter.Apply(png, DisclosureSamples.Content));
    }

    [Fact]
    public void Deeply_nested_existing_xmp_is_a_format_error()
    {
        var deep = string.Concat(Enumerable.Repeat("<a>", 500)) + string.Concat(Enumerable.Repeat("</a>", 500));
        var png = PngWith(XmpChunk($"<x:xmpmeta xmlns:x=\"adobe:ns:meta/\">{deep}</x:xmpmeta>"));
        var e = Assert.Throws<CandorFormatException>(() => XmpWriter.Apply(png, DisclosureSamples.Content));
        Assert.Contains("deeper", e.Message);
    }

    [Fact]
    public void Content_that_is_not_a_uri_is_refused_before_anything_is_written()
    {
        var png = PngWith();
        Assert.Throws<ArgumentException>(() => XmpWriter.Apply(png, new DisclosureContent { DigitalSourceType = "trainedAlgorithmicMedia" }));
        Assert.Throws<ArgumentException>(() => XmpWriter.Apply(png, new DisclosureContent { Tools = [""] }));
    }

    [Fact]
    public void Random_existing_packets_only_ever_raise_format_errors()
    {
        var seed = Encoding.UTF8.GetBytes(Existing);
        var packets = from edits in Gen.ArrayOf(Gen.Zip(Gen.Choose(0, seed.Length - 1), Gen.Elements<byte>((byte)'<', (byte)'>', (byte)'"', (byte)'/', (byte)':', (byte)'&', (byte)'x', 0, 0xC3, 0xFF)))
                      from cut in Gen.Choose(1, seed.Length)
                      select (edits, cut);
        Prop.ForAll(packets.ToArbitrary(), p =>
        {
            var bytes = seed[..p.cut];
            foreach (var (at, value) in p.edits.Take(8)) if (at < bytes.Length) bytes[at] = value;
            var png = PngWith(SyntheticImages.Chunk("iTXt", [.. "XML:com.adobe.xmp\0\0\0\0\0"u8, .. bytes]));
            return Outcome(() => XmpWriter.Apply(png, DisclosureSamples.Content));
        }).Check(Config.QuickThrowOnFailure.WithMaxTest(300));
    }

    [SkippableFact]
    public void Random_file_mutations_only_ever_raise_format_errors()
    {
        var files = DisclosureSamples.CorpusImages().Where((_, i) => i % 10 == 0).Select(File.ReadAllBytes).ToArray();
        Prop.ForAll(StoreMutationsFor(files.Length).ToArbitrary(), m =>
        {
            var bytes = (byte[])files[m.Index].Clone();
            foreach (var (position, value) in m.Edits.Take(6)) bytes[position % bytes.Length] = (byte)value;
            if (m.Cut == 0 && m.Edits.Length > 0) bytes = bytes[..(m.Edits[0].Position % bytes.Length)];
            return Outcome(() => XmpWriter.Apply(bytes, DisclosureSamples.Content));
        }).Check(Config.QuickThrowOnFailure.WithMaxTest(200));
    }

    private static Gen<(int Index, (int Position, int Value)[] Edits, int Cut)> StoreMutationsFor(int sources) =>
        Candor.Tests.C2pa.StoreMutations.Of(sources, 4);

    /// <summary>True when the call succeeds with a file that scans, or raises <see cref="CandorFormatException"/>; any other exception fails the property.</summary>
    private static bool Outcome(Func<byte[]> apply)
    {
        try
        {
            var result = apply();
            ContainerRegistry.Scan(new MemoryStream(result));
            return true;
        }
        catch (CandorFormatException)
        {
            return true;
        }
    }
}
