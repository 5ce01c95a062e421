using System.Buffers.Binary;
using Candor.Fingerprints;
using Candor.Formats;
using XmpCore;

namespace Candor.Disclose;

// PNG: the XMP packet is one uncompressed iTXt chunk, as the XMP specification (part 3) asks:
//   length u32 BE | "iTXt" | "XML:com.adobe.xmp" 00 | compressed 00 | method 00 | language "" 00
//   | translated keyword "" 00 | packet (UTF-8) | CRC-32 u32 BE over type + data
// The first XMP chunk is replaced where it stands when it precedes the image data; otherwise the
// new chunk goes right before the first IDAT, after IHDR and the metadata already there (where
// exiftool adds it), so readers that stop at IDAT still see it. Other XMP chunks are merged into
// it and removed.

/// <summary>Writes the disclosure into a PNG's <c>iTXt</c> XMP chunk.</summary>
internal static class PngXmpEmbedding
{
    private static ReadOnlySpan<byte> Header => "iTXtXML:com.adobe.xmp\0\0\0\0\0"u8;

    public static byte[] Apply(byte[] file, ContainerScan scan, DisclosureContent content)
    {
        if (scan.Blocks.Count < 2 || scan.Blocks[1].Type != "IHDR")
            throw new CandorFormatException("the PNG does not start with an IHDR chunk", 8, "PNG IHDR");
        if (scan.Blocks[^1].Type != "IEND")
            throw new CandorFormatException("the PNG has no IEND chunk: it is truncated", file.Length, "PNG");
        var xmpBlocks = scan.Blocks.Where(b => b.Type == "iTXt" && b.Label == "XMP").ToList();
        IXmpMeta? meta = null;
        foreach (var block in xmpBlocks)
        {
            var payload = scan.Payloads.FirstOrDefault(p => p.Kind == PayloadKind.Xmp && p.Evidence.Offset == block.Offset)
                ?? throw new CandorFormatException("the existing XMP chunk could not be read (too large or damaged); it is not overwritten", block.Offset, "PNG iTXt XMP");
            var parsed = DisclosurePacket.Parse(payload.Data, block.Offset, "PNG iTXt XMP");
            if (meta is null) meta = parsed;
            else XmpUtils.AppendProperties(parsed, meta, true, false, false);
        }
        meta ??= XmpMetaFactory.Create();
        DisclosurePacket.Apply(meta, content);
        var chunk = Chunk(DisclosurePacket.Serialize(meta, DisclosurePacket.Padding));

        var firstData = scan.Blocks.FirstOrDefault(b => b.Type == "IDAT") ?? scan.Blocks[^1];
        var edits = new ByteEdits();
        var inPlace = xmpBlocks.Count > 0 && xmpBlocks[0].Offset < firstData.Offset ? xmpBlocks[0] : null;
        if (inPlace is null) edits.Insert(firstData.Offset, chunk);
        foreach (var block in xmpBlocks)
        {
            if (block == inPlace) edits.Replace(block.Offset, block.Length, chunk);
            else edits.Remove(block.Offset, block.Length);
        }
        return edits.ApplyTo(file);
    }

    private static byte[] Chunk(byte[] packet)
    {
        var dataLength = Header.Length - 4 + packet.Length;
        var chunk = new byte[12 + dataLength];
        BinaryPrimitives.WriteUInt32BigEndian(chunk, (uint)dataLength);
        Header.CopyTo(chunk.AsSpan(4));
        packet.CopyTo(chunk, 4 + Header.Length);
        BinaryPrimitives.WriteUInt32BigEndian(chunk.AsSpan(8 + dataLength), Crc32.Compute(chunk.AsSpan(4, 4 + dataLength)));
        return chunk;
    }
}
