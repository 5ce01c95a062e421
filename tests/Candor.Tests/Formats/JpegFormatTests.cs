using System.Buffers.Binary;
using System.Text;
using Candor.Formats;
using Candor.Formats.Jpeg;
using Candor.Metadata;
using static Candor.Tests.Formats.SyntheticImages;

namespace Candor.Tests.Formats;

public class JpegFormatTests
{
    private static ContainerScan Scan(byte[] file) => new JpegFormat().Scan(new MemoryStream(file), ScanOptions.Default);

    private static readonly byte[] Entropy = [0x12, 0xFF, 0x00, 0x34, 0xFF, 0xD0, 0x56, 0xFF, 0xD1, 0x78];

    private static byte[] ExtendedXmp(string guid, int fullLength, int offset, byte[] chunk)
    {
        var header = new byte[8];
        BinaryPrimitives.WriteUInt32BigEndian(header, (uint)fullLength);
        BinaryPrimitives.WriteUInt32BigEndian(header.AsSpan(4), (uint)offset);
        return Segment(0xE1, Join("http://ns.adobe.com/xmp/extension/\0"u8.ToArray(), Encoding.ASCII.GetBytes(guid), header, chunk));
    }

    private static byte[] Jumbf(uint sequence, byte[] data)
    {
        var header = new byte[8];
        "JP"u8.CopyTo(header);
        BinaryPrimitives.WriteUInt16BigEndian(header.AsSpan(2), 0x0211);
        BinaryPrimitives.WriteUInt32BigEndian(header.AsSpan(4), sequence);
        return Segment(0xEB, Join(header, data));
    }

    [Fact]
    public void Every_segment_restart_marker_and_entropy_run_is_a_contiguous_block()
    {
        var file = Jpeg(Entropy, Segment(0xFE, "hi"u8));
        var scan = Scan(file);
        Assert.Equal(["SOI", "COM", "SOF0", "SOS", "ECS", "RST0", "ECS", "RST1", "ECS", "EOI"], scan.Blocks.Select(b => b.Type));
        var at = 0L;
        foreach (var b in scan.Blocks)
        {
            Assert.Equal(at, b.Offset);
            at += b.Length;
        }
        Assert.Equal(file.Length, at);
        Assert.Equal(16, scan.Width);
        Assert.Equal(8, scan.Height);
        Assert.Empty(scan.Problems);
    }

    [Fact]
    public void Progressive_scans_after_the_first_sos_are_all_listed()
    {
        var file = Join([[0xFF, 0xD8], Sof0(4, 4), Sos, [1, 2, 3], Segment(0xC4, [0, 1]), Sos, [4, 0xFF, 0x00, 5], Sos, [6], [0xFF, 0xD9]]);
        var scan = Scan(file);
        Assert.Equal(3, scan.Blocks.Count(b => b.Type == "SOS"));
        Assert.Equal(3, scan.Blocks.Count(b => b.Type == "ECS"));
        Assert.Equal("EOI", scan.Blocks[^1].Type);
    }

    [Fact]
    public void Extended_xmp_is_reassembled_from_the_guid_the_main_packet_names()
    {
        const string wanted = "0123456789ABCDEF0123456789ABCDEF";
        const string other = "FFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFF";
        var main = Segment(0xE1, Join("http://ns.adobe.com/xap/1.0/\0"u8.ToArray(), Encoding.ASCII.GetBytes($"<x xmpNote:HasExtendedXMP=\"{wanted}\"/>")));
        var scan = Scan(Jpeg([1], main,
            ExtendedXmp(other, 3, 0, "bad"u8.ToArray()),
            ExtendedXmp(wanted, 10, 5, "world"u8.ToArray()),
            ExtendedXmp(wanted, 10, 0, "hello"u8.ToArray())));
        var xmps = scan.Payloads.Where(p => p.Kind == PayloadKind.Xmp).ToList();
        Assert.Equal(2, xmps.Count);
        Assert.Equal("helloworld", Encoding.UTF8.GetString(xmps[1].Data));
        Assert.Contains(wanted, xmps[1].Note);
        Assert.Contains("2 parts", xmps[1].Note);
        Assert.Equal("JPEG APP1 ExtendedXMP", xmps[1].Evidence.Block);
    }

    [Fact]
    public void Jumbf_segments_are_reassembled_in_sequence_with_repeated_headers_stripped()
    {
        var box = new byte[60];
        BinaryPrimitives.WriteUInt32BigEndian(box, 60);
        "jumb"u8.CopyTo(box.AsSpan(4));
        BinaryPrimitives.WriteUInt32BigEndian(box.AsSpan(8), 52);
        "jumd"u8.CopyTo(box.AsSpan(12));
        "c2pa"u8.CopyTo(box.AsSpan(16));
        for (var i = 20; i < 60; i++) box[i] = (byte)i;
        var second = Join(box[..8], box[30..]);
        var scan = Scan(Jpeg([1], Jumbf(2, second), Jumbf(1, box[..30])));
        var c2pa = Assert.Single(scan.Payloads);
        Assert.Equal(PayloadKind.C2pa, c2pa.Kind);
        Assert.Equal(box, c2pa.Data);
        Assert.Empty(scan.Problems);
    }

    [Fact]
    public void Multi_part_icc_profile_is_joined_in_sequence_order()
    {
        byte[] Icc(byte seq, byte[] part) => Segment(0xE2, Join("ICC_PROFILE\0"u8.ToArray(), [seq, 2], part));
        var scan = Scan(Jpeg([1], Icc(2, [3, 4]), Icc(1, [1, 2])));
        Assert.Equal([1, 2, 3, 4], Assert.Single(scan.Payloads).Data);
    }

    [Fact]
    public void Photoshop_iptc_resource_becomes_an_iptc_payload()
    {
        byte[] iptc = [0x1C, 2, 5, 0, 3, (byte)'a', (byte)'b', (byte)'c'];
        var resource = Join("8BIM"u8.ToArray(), [0x04, 0x04, 0, 0], [0, 0, 0, (byte)iptc.Length], iptc);
        var scan = Scan(Jpeg([1], Segment(0xED, Join("Photoshop 3.0\0"u8.ToArray(), resource))));
        var payload = Assert.Single(scan.Payloads);
        Assert.Equal(PayloadKind.Iptc, payload.Kind);
        Assert.Equal(iptc, payload.Data);
    }

    [Fact]
    public void Comment_is_a_field_decoded_as_utf8_else_latin1()
    {
        var scan = Scan(Jpeg([1], Segment(0xFE, Encoding.UTF8.GetBytes("日本")), Segment(0xFE, Latin1("caf\u00e9"))));
        Assert.Equal(["日本", "café"], scan.Fields.Select(f => f.Value));
        Assert.All(scan.Fields, f => Assert.Equal(FieldGroups.JpegComment, f.Group));
        Assert.All(scan.Fields, f => Assert.Equal("Comment", f.Name));
    }

    [Fact]
    public void Truncated_entropy_data_returns_the_metadata_with_a_problem()
    {
        var file = Jpeg(Entropy, Segment(0xFE, "kept"u8));
        var scan = Scan(file[..^4]);
        Assert.Contains(scan.Fields, f => f.Value == "kept");
        Assert.Contains(scan.Problems, p => p.Contains("without an EOI"));
    }

    [Fact]
    public void Truncation_inside_a_header_segment_is_a_format_error_with_the_offset()
    {
        var file = Jpeg(Entropy, Segment(0xE1, new byte[100]));
        var ex = Assert.Throws<CandorFormatException>(() => Scan(file[..50]));
        Assert.Equal(2, ex.Offset);
    }

    [Fact]
    public void Garbage_between_segments_is_a_junk_block_with_a_problem()
    {
        var file = Join([[0xFF, 0xD8], [0x00, 0x11, 0x22], Sof0(2, 2), Sos, [1], [0xFF, 0xD9]]);
        var scan = Scan(file);
        var junk = Assert.Single(scan.Blocks, b => b.Type == "Junk");
        Assert.Equal(2, junk.Offset);
        Assert.Equal(3, junk.Length);
        Assert.Contains(scan.Problems, p => p.Contains("not a JPEG marker"));
        Assert.Equal(2, scan.Width);
    }

    [Fact]
    public void Data_after_EOI_is_a_problem()
    {
        var scan = Scan(Join(Jpeg([1]), [9, 9]));
        Assert.Contains(scan.Problems, p => p.Contains("2 bytes after the EOI"));
    }

    [Fact]
    public void Not_a_jpeg_is_a_format_error()
    {
        var ex = Assert.Throws<CandorFormatException>(() => Scan("not a jpeg"u8.ToArray()));
        Assert.Equal(0, ex.Offset);
    }
}
