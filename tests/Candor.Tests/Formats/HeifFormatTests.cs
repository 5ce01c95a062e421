using System.Buffers.Binary;
using System.Text;
using Candor.Formats;
using Candor.Formats.Extracted;
using Candor.Inspection;
using Candor.Metadata;
using Candor.Tests.Metadata;
using FsCheck;
using FsCheck.Fluent;

namespace Candor.Tests.Formats;

public class HeifFormatTests
{
    private const string Infotext =
        "a cat\nNegative prompt: dog\nSteps: 20, Sampler: Euler a, CFG scale: 7, Seed: 42, Size: 512x512, Model hash: 45a21ea00a, Model: foo, Version: v1.10.1";

    private const string Xmp =
        "<x:xmpmeta xmlns:x=\"adobe:ns:meta/\"><rdf:RDF xmlns:rdf=\"http://www.w3.org/1999/02/22-rdf-syntax-ns#\">" +
        "<rdf:Description rdf:about=\"\" xmlns:dc=\"http://purl.org/dc/elements/1.1/\"><dc:format>image/avif</dc:format></rdf:Description>" +
        "</rdf:RDF></x:xmpmeta>";

    private static byte[] Box(string type, params byte[][] parts)
    {
        var body = parts.SelectMany(p => p).ToArray();
        var box = new byte[8 + body.Length];
        BinaryPrimitives.WriteUInt32BigEndian(box, (uint)box.Length);
        Encoding.ASCII.GetBytes(type).CopyTo(box, 4);
        body.CopyTo(box, 8);
        return box;
    }

    private static byte[] FullBox(string type, byte version, params byte[][] parts) => Box(type, [[version, 0, 0, 0], .. parts]);

    private static byte[] U16(int v) => [(byte)(v >> 8), (byte)v];

    private static byte[] U32(long v) => [(byte)(v >> 24), (byte)(v >> 16), (byte)(v >> 8), (byte)v];

    private static byte[] Infe(int id, string type, string name, string? contentType = null) =>
        FullBox("infe", 2, U16(id), U16(0), Encoding.ASCII.GetBytes(type), Encoding.ASCII.GetBytes(name + "\0"),
            contentType is null ? [] : Encoding.ASCII.GetBytes(contentType + "\0"));

    /// <summary>The TIFF an A1111 AVIF carries: big-endian, ExifIFD UserComment = "UNICODE\0" + UTF-16BE infotext.</summary>
    public static byte[] A1111Tiff()
    {
        var tiff = new TiffBuilder(littleEndian: false);
        byte[] comment = [.. "UNICODE\0"u8, .. Encoding.BigEndianUnicode.GetBytes(Infotext)];
        var ifd0 = new TiffBuilder.Ifd().Ascii(0x0131, "test writer");
        ifd0.Children[0x8769] = new TiffBuilder.Ifd().Raw(0x9286, 7, (uint)comment.Length, comment);
        return tiff.Build(ifd0);
    }

    /// <summary>
    /// A minimal AVIF: ftyp, meta (hdlr pict, iinf with an Exif and an XMP item, iloc v0 with 4-byte offsets
    /// and lengths), mdat holding the two items. <paramref name="brand"/> is the major brand ("heic" is read by MetadataExtractor's HEIF reader, "avif" is not). <paramref name="exifExtentShift"/> moves the Exif extent.
    /// </summary>
    public static byte[] Avif(long exifExtentShift = 0, uint? metaSizeOverride = null, string brand = "avif")
    {
        byte[] exifItem = [.. U32(6), .. "Exif\0\0"u8, .. A1111Tiff()];
        var xmpItem = Encoding.UTF8.GetBytes(Xmp);
        var ftyp = Box("ftyp", Encoding.ASCII.GetBytes(brand), U32(0), "mif1miaf"u8.ToArray(), Encoding.ASCII.GetBytes(brand));
        byte[] Meta(long exifAt, long xmpAt) => FullBox("meta", 0,
            FullBox("hdlr", 0, U32(0), "pict"u8.ToArray(), new byte[12], "\0"u8.ToArray()),
            FullBox("pitm", 0, U16(1)),
            FullBox("iinf", 0, U16(2), Infe(1, "Exif", "Exif"), Infe(2, "mime", "XMP", "application/rdf+xml")),
            FullBox("iloc", 0, [0x44, 0x00], U16(2),
                U16(1), U16(0), U16(1), U32(exifAt + exifExtentShift), U32(exifItem.Length),
                U16(2), U16(0), U16(1), U32(xmpAt), U32(xmpItem.Length)));
        var metaLength = Meta(0, 0).Length;
        var mdatData = ftyp.Length + metaLength + 8;
        var meta = Meta(mdatData, mdatData + exifItem.Length);
        if (metaSizeOverride is { } size) BinaryPrimitives.WriteUInt32BigEndian(meta, size);
        return [.. ftyp, .. meta, .. Box("mdat", exifItem, xmpItem)];
    }

    private static ContainerScan Scan(byte[] file) => ContainerRegistry.Scan(new MemoryStream(file));

    [Fact]
    public void Exif_and_xmp_items_become_raw_payloads()
    {
        var file = Avif();
        var scan = Scan(file);
        Assert.Equal("AVIF", scan.Format);
        Assert.Equal("image/avif", scan.MimeType);
        var exif = Assert.Single(scan.Payloads, p => p.Kind == PayloadKind.Exif);
        Assert.Equal("MM"u8.ToArray(), exif.Data[..2]);
        Assert.Equal(A1111Tiff(), exif.Data);
        Assert.Equal("HEIF Exif item", exif.Evidence.Block);
        Assert.Equal("MM"u8.ToArray(), file.AsSpan((int)exif.Evidence.Offset!.Value, 2).ToArray());
        var xmp = Assert.Single(scan.Payloads, p => p.Kind == PayloadKind.Xmp);
        Assert.Equal(Xmp, Encoding.UTF8.GetString(xmp.Data));
        Assert.Equal("HEIF XMP item", xmp.Evidence.Block);
    }

    [Fact]
    public void Top_level_boxes_meta_children_and_item_ranges_are_listed()
    {
        var file = Avif();
        var scan = Scan(file);
        var types = scan.Blocks.Select(b => b.Type).ToList();
        Assert.Equal(["ftyp", "meta", "hdlr", "pitm", "iinf", "iloc", "mdat", "Exif", "mime"], types);
        Assert.Equal(file.Length, scan.Blocks.Where(b => b.Type is "ftyp" or "meta" or "mdat").Sum(b => b.Length));
        Assert.Equal("EXIF", Assert.Single(scan.Blocks, b => b.Type == "Exif").Label);
        Assert.Equal("XMP", Assert.Single(scan.Blocks, b => b.Type == "mime").Label);
        Assert.DoesNotContain(scan.Problems, p => !p.StartsWith("MetadataExtractor", StringComparison.Ordinal));
    }

    [Fact]
    public void A1111_avif_is_recognised_and_exif_is_reported_once()
    {
        var report = new Inspector().Inspect(new MemoryStream(Avif()), "x.avif");
        Assert.Null(report.Error);
        var generator = Assert.Single(report.Generators, g => g.Tool == "AUTOMATIC1111");
        Assert.Equal("42", generator.Parameters.Seed);

        var fields = MetadataExtraction.Extract(Scan(Avif())).Fields;
        Assert.Single(fields, f => f.Group == FieldGroups.ExifSubIfd && f.Name == "UserComment");
        Assert.Single(fields, f => f.Group == FieldGroups.ExifIfd0 && f.Name == "Software");
        Assert.DoesNotContain(fields, f => f.Group.StartsWith("MX:Exif", StringComparison.Ordinal) || f.Group is "MX:GPS" or "MX:Interoperability");
        Assert.DoesNotContain(fields, f => f.Value == "test writer" && f.Group != FieldGroups.ExifIfd0);
    }

    [Fact]
    public void Extent_past_the_end_of_the_file_is_a_problem_and_the_other_item_is_still_read()
    {
        var scan = Scan(Avif(exifExtentShift: 1 << 20));
        Assert.DoesNotContain(scan.Payloads, p => p.Kind == PayloadKind.Exif);
        Assert.Single(scan.Payloads, p => p.Kind == PayloadKind.Xmp && p.Evidence.Block == "HEIF XMP item");
        Assert.Contains(scan.Problems, p => p.Contains("runs past the end of the file"));
    }

    [Fact]
    public void Meta_box_larger_than_the_file_is_a_format_error_with_its_offset()
    {
        var file = Avif(metaSizeOverride: 1_000_000);
        var e = Assert.Throws<CandorFormatException>(() => Scan(file));
        var ftypLength = BinaryPrimitives.ReadUInt32BigEndian(file);
        Assert.Equal(ftypLength, e.Offset);
        Assert.Contains("'meta'", e.Message);
    }

    [Fact]
    public void Huge_largesize_in_a_small_file_is_a_format_error_without_allocation()
    {
        var ftyp = Box("ftyp", "avif"u8.ToArray(), U32(0), "mif1"u8.ToArray());
        byte[] huge = [.. U32(1), .. "meta"u8, 0, 0, 1, 0, 0, 0, 0, 0, 0, 0, 0, 0];
        var before = GC.GetAllocatedBytesForCurrentThread();
        var e = Assert.Throws<CandorFormatException>(() => Scan([.. ftyp, .. huge]));
        Assert.True(GC.GetAllocatedBytesForCurrentThread() - before < 1 << 20);
        Assert.Contains("1099511627776", e.Message);
        Assert.Equal(ftyp.Length, e.Offset);
    }

    [Fact]
    public void Hostile_iloc_counts_are_a_problem_not_an_allocation()
    {
        var file = Avif();
        var iloc = IndexOf(file, "iloc"u8) + 4;
        file[iloc + 6] = 0xFF;
        file[iloc + 7] = 0xFF;
        var scan = Scan(file);
        Assert.DoesNotContain(scan.Payloads, p => p.Evidence.Block == "HEIF Exif item");
        Assert.Contains(scan.Problems, p => p.Contains("'iloc'"));
    }

    [Fact]
    public void Raw_items_survive_when_metadata_extractor_cannot_read_the_file()
    {
        var file = Avif(brand: "heic");
        var pitm = IndexOf(file, "pitm"u8);
        file[pitm + 4] = 0xFF;
        var scan = Scan(file);
        Assert.Equal("HEIF", scan.Format);
        Assert.Contains(scan.Problems, p => p.StartsWith("MetadataExtractor could not read the file", StringComparison.Ordinal));
        Assert.Single(scan.Payloads, p => p.Kind == PayloadKind.Exif);
        Assert.Single(scan.Payloads, p => p.Kind == PayloadKind.Xmp);
        Assert.Contains(scan.Blocks, b => b.Type == "pitm");
    }

    [Fact]
    public void Heic_brand_is_read_the_same_way()
    {
        var report = new Inspector().Inspect(new MemoryStream(Avif(brand: "heic")), "x.heic");
        Assert.Equal("HEIF", report.Format);
        Assert.Equal("42", Assert.Single(report.Generators, g => g.Tool == "AUTOMATIC1111").Parameters.Seed);
    }

    [Fact]
    public void Random_mutations_only_ever_raise_format_errors()
    {
        var original = Avif();
        var edit = from at in Gen.Choose(0, original.Length - 1) from value in Gen.Choose(0, 255) select (at, value);
        var mutation = edit.ArrayOf().Resize(8);
        Prop.ForAll(mutation.ToArbitrary(), changes =>
        {
            var file = (byte[])original.Clone();
            foreach (var (at, value) in changes) file[at] = (byte)value;
            var cut = changes.Length > 0 && changes[0].value % 5 == 0 ? changes[0].at : file.Length;
            try
            {
                new HeifFormat().Scan(new MemoryStream(file[..Math.Max(cut, 16)]), ScanOptions.Default);
            }
            catch (CandorFormatException)
            {
            }
            return true;
        }).Check(Config.QuickThrowOnFailure.WithMaxTest(300));
    }

    private static int IndexOf(byte[] file, ReadOnlySpan<byte> what) => file.AsSpan().IndexOf(what);
}
