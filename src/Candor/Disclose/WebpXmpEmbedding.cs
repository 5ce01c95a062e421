using System.Buffers.Binary;
using Candor.Formats;
using XmpCore;

namespace Candor.Disclose;

// WebP (RIFF): the XMP packet is the "XMP " chunk, which only the extended format carries:
//   "XMP " | size u32 LE | packet | [00 pad when size is odd]
//   VP8X  = flags u8 (0x20 ICC, 0x10 alpha, 0x08 EXIF, 0x04 XMP, 0x02 animation) | 3 reserved
//           | canvas width-1 u24 LE | canvas height-1 u24 LE
// The first XMP chunk is replaced where it stands; otherwise the chunk goes after the image data
// and EXIF, before any unknown chunk (the order the WebP container specification gives). A VP8X
// file gets its XMP flag set; a simple (VP8/VP8L-only) file gets a VP8X chunk right after the RIFF
// header, with the canvas size of its bitstream and the flags of what it holds. The RIFF size is
// rewritten last.

/// <summary>Writes the disclosure into a WebP's <c>XMP </c> chunk, adding VP8X when the file has none.</summary>
internal static class WebpXmpEmbedding
{
    private const byte XmpFlag = 0x04;

    /// <summary>Chunks the XMP chunk follows when it is added.</summary>
    private static readonly HashSet<string> Before = ["VP8X", "ICCP", "ANIM", "ANMF", "ALPH", "VP8 ", "VP8L", "EXIF"];

    public static byte[] Apply(byte[] file, ContainerScan scan, DisclosureContent content)
    {
        var riffEnd = 8L + BinaryPrimitives.ReadUInt32LittleEndian(file.AsSpan(4));
        if (riffEnd != file.Length)
            throw new CandorFormatException($"the RIFF size says the WebP has {riffEnd} bytes but the file has {file.Length}: it is truncated or has trailing data", 4, "WebP RIFF");
        var last = scan.Blocks[^1];
        if (last.Offset + last.Length != file.Length)
            throw new CandorFormatException($"the last WebP chunk ends at byte {last.Offset + last.Length}, not at the end of the {file.Length}-byte file", last.Offset, $"WebP {last.Type}");

        var xmpBlocks = scan.Blocks.Where(b => b.Type == "XMP ").ToList();
        IXmpMeta? meta = null;
        foreach (var block in xmpBlocks)
        {
            var parsed = DisclosurePacket.Parse(file.AsSpan((int)block.DataOffset, (int)block.DataLength), block.Offset, "WebP XMP");
            if (meta is null) meta = parsed;
            else XmpUtils.AppendProperties(parsed, meta, true, false, false);
        }
        meta ??= XmpMetaFactory.Create();
        DisclosurePacket.Apply(meta, content);
        var chunk = Chunk(DisclosurePacket.Serialize(meta, DisclosurePacket.Padding));

        var edits = new ByteEdits();
        if (xmpBlocks.Count == 0)
        {
            var after = scan.Blocks.LastOrDefault(b => Before.Contains(b.Type))
                ?? throw new CandorFormatException("the WebP holds no image chunk", 12, "WebP");
            edits.Insert(after.Offset + after.Length, chunk);
        }
        for (var i = 0; i < xmpBlocks.Count; i++)
        {
            if (i == 0) edits.Replace(xmpBlocks[i].Offset, xmpBlocks[i].Length, chunk);
            else edits.Remove(xmpBlocks[i].Offset, xmpBlocks[i].Length);
        }

        var vp8x = scan.Blocks.FirstOrDefault(b => b.Type == "VP8X");
        if (vp8x is not null)
        {
            if (vp8x.DataLength < 10) throw new CandorFormatException($"VP8X has {vp8x.DataLength} bytes, needs 10", vp8x.Offset, "WebP VP8X");
            edits.Replace(vp8x.DataOffset, 1, [(byte)(file[vp8x.DataOffset] | XmpFlag)]);
        }
        else
            edits.Insert(12, ExtendedHeader(file, scan));

        var output = edits.ApplyTo(file);
        BinaryPrimitives.WriteUInt32LittleEndian(output.AsSpan(4), (uint)(output.Length - 8));
        return output;
    }

    private static byte[] ExtendedHeader(byte[] file, ContainerScan scan)
    {
        if (scan.Width is not { } width || scan.Height is not { } height || width < 1 || height < 1)
            throw new CandorFormatException("the WebP bitstream header gives no image size, so no VP8X chunk can be written", 12, "WebP");
        var flags = XmpFlag;
        if (scan.Blocks.Any(b => b.Type == "ICCP")) flags |= 0x20;
        if (scan.Blocks.Any(b => b.Type == "EXIF")) flags |= 0x08;
        if (scan.Blocks.Any(b => b.Type == "ALPH") || HasLosslessAlpha(file, scan)) flags |= 0x10;
        var chunk = new byte[18];
        "VP8X"u8.CopyTo(chunk);
        BinaryPrimitives.WriteUInt32LittleEndian(chunk.AsSpan(4), 10);
        chunk[8] = flags;
        WriteUInt24(chunk.AsSpan(12), width - 1);
        WriteUInt24(chunk.AsSpan(15), height - 1);
        return chunk;
    }

    /// <summary>The VP8L header's alpha_is_used bit (bit 28 of the 32 bits after the 2F signature).</summary>
    private static bool HasLosslessAlpha(byte[] file, ContainerScan scan)
    {
        var vp8l = scan.Blocks.FirstOrDefault(b => b.Type == "VP8L");
        if (vp8l is null || vp8l.DataLength < 5) return false;
        var bits = BinaryPrimitives.ReadUInt32LittleEndian(file.AsSpan((int)vp8l.DataOffset + 1));
        return ((bits >> 28) & 1) != 0;
    }

    private static void WriteUInt24(Span<byte> span, int value)
    {
        span[0] = (byte)value;
        span[1] = (byte)(value >> 8);
        span[2] = (byte)(value >> 16);
    }

    private static byte[] Chunk(byte[] packet)
    {
        var chunk = new byte[8 + packet.Length + (packet.Length & 1)];
        "XMP "u8.CopyTo(chunk);
        BinaryPrimitives.WriteUInt32LittleEndian(chunk.AsSpan(4), (uint)packet.Length);
        packet.CopyTo(chunk, 8);
        return chunk;
    }
}
