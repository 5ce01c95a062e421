using System.Buffers.Binary;

namespace Candor.Formats.Webp;

// WebP (RIFF), the XMP: the "XMP " chunk, which only the extended format carries:
//
//   "XMP " | size u32 LE | packet | [00 pad when size is odd]
//   VP8X  = flags u8 (0x20 ICC, 0x10 alpha, 0x08 EXIF, 0x04 XMP, 0x02 animation) | 3 reserved
//           | canvas width-1 u24 LE | canvas height-1 u24 LE
//   VP8L  = signature 2F | 32 bits LE: width-1 (14) | height-1 (14) | alpha is used (1) | version (3)
//
// The first XMP chunk is replaced where it stands; otherwise the chunk goes after the image data
// and EXIF, before any unknown chunk (the order the WebP container specification gives). A VP8X
// file gets its XMP flag set; a simple (VP8/VP8L-only) file gets a VP8X chunk right after the RIFF
// header, with the canvas size of its bitstream and the flags of what it holds. The RIFF size
// follows the new length. Other XMP chunks are removed (the caller merges their packets).

public sealed partial class WebpFormat
{
    private const byte XmpFlag = 0x04;
    private const string XmpBlockName = "WebP XMP";

    /// <summary>Chunks the XMP chunk follows when it is added.</summary>
    private static readonly HashSet<string> BeforeXmp = ["VP8X", "ICCP", "ANIM", "ANMF", "ALPH", "VP8 ", "VP8L", "EXIF"];

    /// <inheritdoc />
    public long MaxXmpPacket => uint.MaxValue - 1;

    /// <inheritdoc />
    public bool SplitsXmp => false;

    /// <inheritdoc />
    public IReadOnlyList<XmpBlock> ReadXmp(ContainerScan scan, Stream stream)
    {
        ArgumentNullException.ThrowIfNull(scan);
        ArgumentNullException.ThrowIfNull(stream);
        var packets = new List<XmpBlock>();
        foreach (var block in XmpChunks(scan))
        {
            stream.Position = block.DataOffset;
            packets.Add(new XmpBlock(StreamReading.ReadBytes(stream, block.DataLength, XmpBlockName), block.Offset, XmpBlockName));
        }
        return packets;
    }

    /// <inheritdoc />
    public ContainerEdits WriteXmp(ContainerScan scan, Stream stream, XmpPacket packet)
    {
        ArgumentNullException.ThrowIfNull(scan);
        ArgumentNullException.ThrowIfNull(stream);
        ArgumentNullException.ThrowIfNull(packet);
        if (packet.Extended is not null) throw new ArgumentException("WebP keeps the XMP in one chunk; it has no extended packet", nameof(packet));
        var chunk = XmpChunk(packet.Main);
        var xmpBlocks = XmpChunks(scan);
        var edits = new ContainerEdits();
        if (xmpBlocks.Count == 0)
        {
            var after = scan.Blocks.LastOrDefault(b => BeforeXmp.Contains(b.Type))
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
            stream.Position = vp8x.DataOffset;
            var flags = stream.ReadByte();
            if (flags < 0) throw new CandorFormatException("the file ends inside VP8X", vp8x.DataOffset, "WebP VP8X", kind: FormatErrorKind.Truncated);
            edits.Replace(vp8x.DataOffset, 1, new[] { (byte)(flags | XmpFlag) });
        }
        else
            edits.Insert(12, ExtendedHeader(scan, stream));
        SetRiffSize(edits, stream.Length);
        return edits;
    }

    private static List<ContainerBlock> XmpChunks(ContainerScan scan) => scan.Blocks.Where(b => b.Type == "XMP ").ToList();

    private static byte[] ExtendedHeader(ContainerScan scan, Stream stream)
    {
        if (scan.Width is not { } width || scan.Height is not { } height || width < 1 || height < 1)
            throw new CandorFormatException("the WebP bitstream header gives no image size, so no VP8X chunk can be written", 12, "WebP");
        var flags = XmpFlag;
        if (scan.Blocks.Any(b => b.Type == "ICCP")) flags |= 0x20;
        if (scan.Blocks.Any(b => b.Type == "EXIF")) flags |= 0x08;
        if (scan.Blocks.Any(b => b.Type == "ALPH") || HasLosslessAlpha(scan, stream)) flags |= 0x10;
        var chunk = new byte[18];
        "VP8X"u8.CopyTo(chunk);
        BinaryPrimitives.WriteUInt32LittleEndian(chunk.AsSpan(4), 10);
        chunk[8] = flags;
        WriteUInt24(chunk.AsSpan(12), width - 1);
        WriteUInt24(chunk.AsSpan(15), height - 1);
        return chunk;
    }

    /// <summary>The VP8L header's alpha_is_used bit (bit 28 of the 32 bits after the 2F signature).</summary>
    private static bool HasLosslessAlpha(ContainerScan scan, Stream stream)
    {
        var vp8l = scan.Blocks.FirstOrDefault(b => b.Type == "VP8L");
        if (vp8l is null || vp8l.DataLength < 5) return false;
        Span<byte> bits = stackalloc byte[4];
        stream.Position = vp8l.DataOffset + 1;
        StreamReading.ReadExactly(stream, bits, "the VP8L header");
        return ((BinaryPrimitives.ReadUInt32LittleEndian(bits) >> 28) & 1) != 0;
    }

    private static void WriteUInt24(Span<byte> span, int value)
    {
        span[0] = (byte)value;
        span[1] = (byte)(value >> 8);
        span[2] = (byte)(value >> 16);
    }

    private static byte[] XmpChunk(byte[] packet)
    {
        if (packet.Length > Array.MaxLength - 9)
            throw new CandorFormatException($"an XMP packet of {packet.Length} bytes is larger than Candor can write", -1, XmpBlockName, kind: FormatErrorKind.LimitExceeded);
        var chunk = new byte[8 + packet.Length + (packet.Length & 1)];
        "XMP "u8.CopyTo(chunk);
        BinaryPrimitives.WriteUInt32LittleEndian(chunk.AsSpan(4), (uint)packet.Length);
        packet.CopyTo(chunk, 8);
        return chunk;
    }
}
