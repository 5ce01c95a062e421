using System.Text;
using Candor.Formats;
using static Candor.Tests.Formats.SyntheticImages;

namespace Candor.Tests.Formats;

public class ContainerHandlerTests
{
    /// <summary>A fake manifest store: a "jumb" superbox whose description box has the C2PA UUID prefix, odd length.</summary>
    private static readonly byte[] Store = FakeStore(201);

    public static TheoryData<string> WritableSamples => ["PNG", "JPEG", "WebP"];

    private static byte[] Sample(string format) => format switch
    {
        "PNG" => Png(Chunk("tEXt", Latin1("Comment\0hello"))),
        "JPEG" => Jpeg([1, 2, 3], Segment(0xE0, Latin1("JFIF\0\x01\x02\0\0\x01\0\x01\0\0"))),
        "WebP" => Webp(0, Vp8l(4, 3, alpha: true)),
        _ => throw new ArgumentOutOfRangeException(nameof(format)),
    };

    private static byte[] FakeStore(int length)
    {
        var store = new byte[length];
        store[3] = (byte)length;
        "jumb"u8.CopyTo(store.AsSpan(4));
        store[11] = 40;
        "jumdc2pa"u8.CopyTo(store.AsSpan(12));
        return store;
    }

    private static ContainerScan Scan(byte[] file) => ContainerRegistry.Scan(new MemoryStream(file));

    [Fact]
    public void Every_format_identifier_has_one_handler_and_only_png_jpeg_and_webp_are_written()
    {
        foreach (var format in Enum.GetValues<ImageFormat>())
        {
            var handler = ContainerRegistry.For(format);
            Assert.Equal(format, handler.ImageFormat);
            Assert.Equal(format is ImageFormat.Png or ImageFormat.Jpeg or ImageFormat.WebP, handler.CanWrite);
        }
        Assert.Equal(Enum.GetValues<ImageFormat>().Length, ContainerRegistry.Formats.Count);
    }

    [Theory]
    [MemberData(nameof(WritableSamples))]
    public void A_scan_names_its_format_by_identifier_and_by_display_name(string name)
    {
        var scan = Scan(Sample(name));
        Assert.Equal(name, scan.Format);
        Assert.Equal(name, ContainerRegistry.For(scan).Name);
        Assert.Equal(scan.MimeType, ContainerRegistry.For(scan).MimeType);
    }

    [Fact]
    public void A_read_only_format_says_it_cannot_write_and_refuses_to()
    {
        var gif = ContainerRegistry.For(ImageFormat.Gif);
        var scan = new ContainerScan { ImageFormat = ImageFormat.Gif, Format = "GIF", MimeType = "image/gif" };
        var e = Assert.Throws<NotSupportedException>(() => gif.InsertStore(scan, new MemoryStream(), Store, out _));
        Assert.Contains("cannot write", e.Message);
        Assert.Throws<NotSupportedException>(() => gif.WriteXmp(scan, new MemoryStream(), new XmpPacket([1])));
        Assert.Throws<NotSupportedException>(() => gif.RemoveStore(scan, new MemoryStream()));
        Assert.Null(gif.StoreRanges(scan, new MemoryStream(), new RawPayload(PayloadKind.C2pa, Store, new Candor.Provenance.Evidence("GIF"))));
    }

    [Theory]
    [MemberData(nameof(WritableSamples))]
    public void Inserting_a_store_is_idempotent_the_range_holds_it_and_removing_it_restores_the_file(string name)
    {
        var file = Sample(name);
        var scan = Scan(file);
        var handler = ContainerRegistry.For(scan);
        handler.CheckWritable(scan, new MemoryStream(file));
        var once = handler.InsertStore(scan, new MemoryStream(file), Store, out var range).ApplyTo(file);

        var onceScan = Scan(once);
        var payload = Assert.Single(onceScan.Payloads, p => p.Kind == PayloadKind.C2pa);
        Assert.Equal(Store, payload.Data);
        Assert.Equal([range], handler.StoreRanges(onceScan, new MemoryStream(once), payload));
        handler.CheckWritable(onceScan, new MemoryStream(once));

        var twice = handler.InsertStore(onceScan, new MemoryStream(once), Store, out var again).ApplyTo(once);
        Assert.Equal(once, twice);
        Assert.Equal(range, again);

        Assert.Equal(file, handler.RemoveStore(onceScan, new MemoryStream(once)).ApplyTo(once));
    }

    [Theory]
    [MemberData(nameof(WritableSamples))]
    public void Written_xmp_reads_back_and_writing_it_again_changes_nothing(string name)
    {
        var file = Sample(name);
        var packet = Encoding.UTF8.GetBytes("<?xpacket begin=\"\"?><x:xmpmeta xmlns:x=\"adobe:ns:meta/\"/><?xpacket end=\"w\"?>");
        var handler = ContainerRegistry.For(Scan(file));
        var once = handler.WriteXmp(Scan(file), new MemoryStream(file), new XmpPacket(packet)).ApplyTo(file);
        var read = Assert.Single(handler.ReadXmp(Scan(once), new MemoryStream(once)));
        Assert.Equal(packet, read.Packet);
        Assert.Equal(once, handler.WriteXmp(Scan(once), new MemoryStream(once), new XmpPacket(packet)).ApplyTo(once));
    }

    [Fact]
    public void A_jpeg_writes_an_extended_packet_in_parts_named_by_its_md5_and_reads_it_back_after_the_main_one()
    {
        var file = Sample("JPEG");
        var main = Encoding.UTF8.GetBytes("<x:xmpmeta xmlns:x=\"adobe:ns:meta/\"/>");
        var extended = Encoding.UTF8.GetBytes(new string('e', 150_000));
        var handler = ContainerRegistry.For(ImageFormat.Jpeg);
        Assert.True(handler.SplitsXmp);
        var output = handler.WriteXmp(Scan(file), new MemoryStream(file), new XmpPacket(main) { Extended = extended }).ApplyTo(file);
        var scan = Scan(output);
        Assert.Equal(3, scan.Blocks.Count(b => b.Label == "ExtendedXMP"));
        var packets = handler.ReadXmp(scan, new MemoryStream(output));
        Assert.Equal(2, packets.Count);
        Assert.Equal(main, packets[0].Packet);
        Assert.Equal(extended, packets[1].Packet);
        Assert.Equal("JPEG APP1 ExtendedXMP", packets[1].Block);
        Assert.Contains(XmpPacket.ExtendedGuid(extended), Encoding.ASCII.GetString(output));
    }

    [Fact]
    public void A_jpeg_main_packet_over_one_segment_is_a_limit()
    {
        var file = Sample("JPEG");
        var handler = ContainerRegistry.For(ImageFormat.Jpeg);
        var e = Assert.Throws<CandorFormatException>(() => handler.WriteXmp(Scan(file), new MemoryStream(file), new XmpPacket(new byte[handler.MaxXmpPacket + 1])));
        Assert.Equal(FormatErrorKind.LimitExceeded, e.Kind);
    }
}
