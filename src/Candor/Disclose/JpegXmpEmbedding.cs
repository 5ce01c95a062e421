using System.Buffers.Binary;
using System.Security.Cryptography;
using System.Text;
using Candor.Formats;
using XmpCore;

namespace Candor.Disclose;

// JPEG: XMP lives in APP1 segments (XMP specification part 3, 1.1.3):
//   standard  FF E1 | Lp u16 BE | "http://ns.adobe.com/xap/1.0/" 00 | packet (≤ 65,502 bytes)
//   extended  FF E1 | Lp u16 BE | "http://ns.adobe.com/xmp/extension/" 00 | GUID 32 hex ASCII
//             | full length u32 BE | offset of this part u32 BE | part of the extended packet
// When the merged packet does not fit one segment, the largest top-level properties move to an
// extended packet (no wrapper) whose MD5, in upper-case hex, is the GUID the standard packet names
// in xmpNote:HasExtendedXMP. The standard segment replaces the old one where it stands; otherwise it
// goes after SOI and the leading APP0 (JFIF) and APP1 EXIF segments, where exiftool puts it.
// Extended segments follow the standard one; old extended segments are removed.

/// <summary>Writes the disclosure into a JPEG's APP1 XMP segment(s), extended XMP when needed.</summary>
internal static class JpegXmpEmbedding
{
    /// <summary>Largest standard packet: one APP1 segment less its length field and signature (and 2 spare bytes, as the XMP specification counts).</summary>
    public const int MaxStandardPacket = 65502;

    private const int MaxExtendedPart = 65535 - 2 - 35 - 40;
    private static readonly byte[] StandardSignature = "http://ns.adobe.com/xap/1.0/\0"u8.ToArray();
    private static readonly byte[] ExtendedSignature = "http://ns.adobe.com/xmp/extension/\0"u8.ToArray();

    public static byte[] Apply(byte[] file, ContainerScan scan, DisclosureContent content)
    {
        if (!scan.Blocks.Any(b => b.Type == "EOI"))
            throw new CandorFormatException("the JPEG has no EOI marker: it is truncated", file.Length, "JPEG");
        if (!scan.Blocks.Any(b => b.Type == "SOS"))
            throw new CandorFormatException("the JPEG has no image data (SOS)", file.Length, "JPEG");
        var standard = scan.Blocks.Where(b => b.Type == "APP1" && b.Label == "XMP").ToList();
        var extended = scan.Blocks.Where(b => b.Type == "APP1" && b.Label == "ExtendedXMP").ToList();

        IXmpMeta? meta = null;
        foreach (var block in standard)
        {
            var body = file.AsSpan((int)block.DataOffset + StandardSignature.Length, (int)block.DataLength - StandardSignature.Length);
            var parsed = DisclosurePacket.Parse(body, block.Offset, "JPEG APP1 XMP");
            if (meta is null) meta = parsed;
            else XmpUtils.AppendProperties(parsed, meta, true, false, false);
        }
        meta ??= XmpMetaFactory.Create();
        var (noteNs, noteName) = DisclosurePacket.HasExtendedXmp;
        if (extended.Count > 0)
        {
            var payload = scan.Payloads.FirstOrDefault(p => p.Kind == PayloadKind.Xmp && p.Evidence.Block == "JPEG APP1 ExtendedXMP")
                ?? throw new CandorFormatException("the existing extended XMP could not be reassembled; it is not overwritten", extended[0].Offset, "JPEG APP1 ExtendedXMP");
            var parsed = DisclosurePacket.Parse(payload.Data, extended[0].Offset, "JPEG APP1 ExtendedXMP");
            XmpUtils.AppendProperties(parsed, meta, true, false, false);
        }
        meta.DeleteProperty(noteNs, noteName);
        DisclosurePacket.Apply(meta, content);
        var segments = Segments(meta);

        var edits = new ByteEdits();
        if (standard.Count > 0) edits.Replace(standard[0].Offset, standard[0].Length, segments);
        else edits.Insert(InsertionPoint(scan), segments);
        foreach (var block in standard.Skip(1).Concat(extended))
            edits.Remove(block.Offset, block.Length);
        return edits.ApplyTo(file);
    }

    /// <summary>After SOI and the APP0 and APP1 EXIF segments that directly follow it.</summary>
    private static long InsertionPoint(ContainerScan scan)
    {
        var at = scan.Blocks[0].Offset + scan.Blocks[0].Length;
        foreach (var block in scan.Blocks.Skip(1))
        {
            if (block.Type != "APP0" && !(block.Type == "APP1" && block.Label == "EXIF")) break;
            at = block.Offset + block.Length;
        }
        return at;
    }

    /// <summary>The standard APP1 segment, followed by the extended ones when the packet does not fit.</summary>
    private static byte[] Segments(IXmpMeta meta)
    {
        var packet = DisclosurePacket.Serialize(meta, DisclosurePacket.Padding);
        if (packet.Length > MaxStandardPacket) packet = DisclosurePacket.Serialize(meta, 0);
        if (packet.Length <= MaxStandardPacket) return Segment(StandardSignature, packet);

        var (standardMeta, extendedPacket) = Split(meta);
        var guid = Convert.ToHexString(MD5.HashData(extendedPacket));
        var (noteNs, noteName) = DisclosurePacket.HasExtendedXmp;
        standardMeta.SetProperty(noteNs, noteName, guid);
        packet = DisclosurePacket.Serialize(standardMeta, 0);
        if (packet.Length > MaxStandardPacket)
            throw new CandorFormatException($"the XMP that must stay in the standard JPEG segment is {packet.Length} bytes, over the {MaxStandardPacket}-byte limit", 0, "JPEG APP1 XMP");

        var output = new MemoryStream();
        output.Write(Segment(StandardSignature, packet));
        var header = new byte[32 + 8];
        Encoding.ASCII.GetBytes(guid, header);
        BinaryPrimitives.WriteUInt32BigEndian(header.AsSpan(32), (uint)extendedPacket.Length);
        for (var at = 0; at < extendedPacket.Length; at += MaxExtendedPart)
        {
            var part = extendedPacket.AsSpan(at, Math.Min(MaxExtendedPart, extendedPacket.Length - at));
            BinaryPrimitives.WriteUInt32BigEndian(header.AsSpan(36), (uint)at);
            output.Write(Segment(ExtendedSignature, [.. header, .. part]));
        }
        return output.ToArray();
    }

    /// <summary>
    /// Moves top-level properties, largest first, from a copy of <paramref name="meta"/> to an
    /// extended packet until the rest fits one segment. The disclosure properties always stay.
    /// </summary>
    private static (IXmpMeta Standard, byte[] Extended) Split(IXmpMeta meta)
    {
        var standard = meta.Clone();
        var extended = XmpMetaFactory.Create();
        var (noteNs, noteName) = DisclosurePacket.HasExtendedXmp;
        standard.SetProperty(noteNs, noteName, new string('0', 32));
        var candidates = new List<(string Ns, string Path, int Size)>();
        foreach (var p in meta.Properties)
        {
            if (p.Options.IsSchemaNode || p.Options.IsQualifier || string.IsNullOrEmpty(p.Path)) continue;
            if (p.Path.Contains('/') || p.Path.Contains('[')) continue;
            if (IsDisclosure(p.Namespace, p.Path)) continue;
            var alone = XmpMetaFactory.Create();
            XmpUtils.DuplicateSubtree(meta, alone, p.Namespace, p.Path, p.Namespace, p.Path, null);
            candidates.Add((p.Namespace, p.Path, DisclosurePacket.SerializeBare(alone).Length));
        }
        foreach (var (ns, path, _) in candidates.OrderByDescending(c => c.Size).ThenBy(c => c.Ns, StringComparer.Ordinal).ThenBy(c => c.Path, StringComparer.Ordinal))
        {
            if (DisclosurePacket.Serialize(standard, 0).Length <= MaxStandardPacket) break;
            XmpUtils.DuplicateSubtree(standard, extended, ns, path, ns, path, null);
            standard.DeleteProperty(ns, path);
        }
        return (standard, DisclosurePacket.SerializeBare(extended));
    }

    private static bool IsDisclosure(string ns, string path) => ns switch
    {
        DisclosurePacket.NamespaceUri => true,
        DisclosurePacket.IptcExtNamespace => path.EndsWith(":DigitalSourceType", StringComparison.Ordinal),
        DisclosurePacket.PlusNamespace => path.EndsWith(":DataMining", StringComparison.Ordinal),
        _ => false,
    };

    private static byte[] Segment(byte[] signature, ReadOnlySpan<byte> body)
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
