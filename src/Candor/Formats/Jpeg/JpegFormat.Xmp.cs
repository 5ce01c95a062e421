using System.Buffers.Binary;
using System.Text;

namespace Candor.Formats.Jpeg;

// JPEG, the XMP: APP1 segments (XMP specification part 3, 1.1.3):
//
//   standard  FF E1 | Lp u16 BE | "http://ns.adobe.com/xap/1.0/" 00 | packet (≤ 65,502 bytes)
//   extended  FF E1 | Lp u16 BE | "http://ns.adobe.com/xmp/extension/" 00 | GUID 32 hex ASCII
//             | full length u32 BE | offset of this part u32 BE | part of the extended packet
//
// The GUID is the MD5 of the extended packet, which the standard packet names in
// xmpNote:HasExtendedXMP (the caller decides what moves to the extended packet). The standard
// segment replaces the old one where it stands; otherwise it goes after SOI and the leading APP0
// (JFIF) and APP1 EXIF segments, where exiftool puts it. Extended segments follow the standard
// one; old standard and extended segments are removed.

public sealed partial class JpegFormat
{
    /// <summary>Largest standard packet: one APP1 segment less its length field and signature (and 2 spare bytes, as the XMP specification counts).</summary>
    public const int MaxStandardXmpPacket = 65502;

    private const int MaxExtendedPart = 65535 - 2 - 35 - 40;
    private const string StandardXmpBlock = "JPEG APP1 XMP";
    private const string ExtendedXmpBlock = "JPEG APP1 ExtendedXMP";
    private static readonly byte[] StandardXmpSignature = "http://ns.adobe.com/xap/1.0/\0"u8.ToArray();
    private static readonly byte[] ExtendedXmpSignature = "http://ns.adobe.com/xmp/extension/\0"u8.ToArray();

    /// <inheritdoc />
    public long MaxXmpPacket => MaxStandardXmpPacket;

    /// <inheritdoc />
    public bool SplitsXmp => true;

    /// <summary>The standard packets in file order, then the reassembled extended packet when there is one.</summary>
    public IReadOnlyList<XmpBlock> ReadXmp(ContainerScan scan, Stream stream)
    {
        ArgumentNullException.ThrowIfNull(scan);
        ArgumentNullException.ThrowIfNull(stream);
        var packets = new List<XmpBlock>();
        foreach (var block in XmpSegments(scan, "XMP"))
        {
            stream.Position = block.DataOffset + StandardXmpSignature.Length;
            var packet = StreamReading.ReadBytes(stream, block.DataLength - StandardXmpSignature.Length, StandardXmpBlock);
            packets.Add(new XmpBlock(packet, block.Offset, StandardXmpBlock));
        }
        var extended = XmpSegments(scan, "ExtendedXMP");
        if (extended.Count > 0)
        {
            var payload = scan.Payloads.FirstOrDefault(p => p.Kind == PayloadKind.Xmp && p.Evidence.Block == ExtendedXmpBlock)
                ?? throw new CandorFormatException("the existing extended XMP could not be reassembled; it is not overwritten", extended[0].Offset, ExtendedXmpBlock);
            packets.Add(new XmpBlock(payload.Data, extended[0].Offset, ExtendedXmpBlock));
        }
        return packets;
    }

    /// <inheritdoc />
    public ContainerEdits WriteXmp(ContainerScan scan, Stream stream, XmpPacket packet)
    {
        ArgumentNullException.ThrowIfNull(scan);
        ArgumentNullException.ThrowIfNull(packet);
        if (packet.Main.Length > MaxStandardXmpPacket)
            throw new CandorFormatException($"the standard XMP packet is {packet.Main.Length} bytes, over the {MaxStandardXmpPacket}-byte limit of one JPEG segment", -1, StandardXmpBlock, kind: FormatErrorKind.LimitExceeded);
        var segments = XmpSegmentBytes(packet);
        var standard = XmpSegments(scan, "XMP");
        var edits = new ContainerEdits();
        if (standard.Count > 0) edits.Replace(standard[0].Offset, standard[0].Length, segments);
        else edits.Insert(XmpInsertionPoint(scan), segments);
        foreach (var block in standard.Skip(1).Concat(XmpSegments(scan, "ExtendedXMP")))
            edits.Remove(block.Offset, block.Length);
        return edits;
    }

    private static List<ContainerBlock> XmpSegments(ContainerScan scan, string label) =>
        scan.Blocks.Where(b => b.Type == "APP1" && b.Label == label).ToList();

    /// <summary>After SOI and the APP0 and APP1 EXIF segments that directly follow it.</summary>
    private static long XmpInsertionPoint(ContainerScan scan)
    {
        var at = scan.Blocks[0].Offset + scan.Blocks[0].Length;
        foreach (var block in scan.Blocks.Skip(1))
        {
            if (block.Type != "APP0" && !(block.Type == "APP1" && block.Label == "EXIF")) break;
            at = block.Offset + block.Length;
        }
        return at;
    }

    /// <summary>The standard APP1 segment, followed by the extended ones when there is an extended packet.</summary>
    private static byte[] XmpSegmentBytes(XmpPacket packet)
    {
        var output = new MemoryStream();
        output.Write(App1Segment(StandardXmpSignature, packet.Main));
        if (packet.Extended is not { } extended) return output.ToArray();
        var header = new byte[32 + 8];
        Encoding.ASCII.GetBytes(XmpPacket.ExtendedGuid(extended), header);
        BinaryPrimitives.WriteUInt32BigEndian(header.AsSpan(32), (uint)extended.Length);
        for (var at = 0; at < extended.Length; at += MaxExtendedPart)
        {
            var part = extended.AsSpan(at, Math.Min(MaxExtendedPart, extended.Length - at));
            BinaryPrimitives.WriteUInt32BigEndian(header.AsSpan(36), (uint)at);
            output.Write(App1Segment(ExtendedXmpSignature, [.. header, .. part]));
        }
        return output.ToArray();
    }

    private static byte[] App1Segment(byte[] signature, ReadOnlySpan<byte> body)
    {
        var segment = new byte[4 + signature.Length + body.Length];
        segment[0] = 0xFF;
        segment[1] = 0xE1;
        BinaryPrimitives.WriteUInt16BigEndian(segment.AsSpan(2), (ushort)(2 + signature.Length + body.Length));
        signature.CopyTo(segment, 4);
        body.CopyTo(segment.AsSpan(4 + signature.Length));
        return segment;
    }
}
