namespace Candor.Formats.Png;

// PNG, the XMP: the packet is one uncompressed iTXt chunk, as the XMP specification (part 3) asks:
//
//   length u32 BE | "iTXt" | "XML:com.adobe.xmp" 00 | compressed 00 | method 00 | language "" 00
//   | translated keyword "" 00 | packet (UTF-8) | CRC-32 u32 BE over type + data
//
// The first XMP chunk is replaced where it stands when it precedes the image data; otherwise the
// new chunk goes right before the first IDAT, after IHDR and the metadata already there (where
// exiftool adds it), so readers that stop at IDAT still see it. Other XMP chunks are removed (the
// caller merges their packets into the one written).

public sealed partial class PngFormat
{
    private const string XmpBlockName = "PNG iTXt XMP";

    /// <summary>The iTXt data before the packet: keyword, NUL, not compressed, method 0, empty language and translated keyword.</summary>
    private static ReadOnlySpan<byte> XmpChunkPrefix => "XML:com.adobe.xmp\0\0\0\0\0"u8;

    /// <inheritdoc />
    public long MaxXmpPacket => int.MaxValue - XmpChunkPrefix.Length;

    /// <inheritdoc />
    public bool SplitsXmp => false;

    /// <inheritdoc />
    public IReadOnlyList<XmpBlock> ReadXmp(ContainerScan scan, Stream stream)
    {
        ArgumentNullException.ThrowIfNull(scan);
        var packets = new List<XmpBlock>();
        foreach (var block in XmpChunks(scan))
        {
            var payload = scan.Payloads.FirstOrDefault(p => p.Kind == PayloadKind.Xmp && p.Evidence.Offset == block.Offset)
                ?? throw new CandorFormatException("the existing XMP chunk could not be read (too large or damaged); it is not overwritten", block.Offset, XmpBlockName);
            packets.Add(new XmpBlock(payload.Data, block.Offset, XmpBlockName));
        }
        return packets;
    }

    /// <inheritdoc />
    public ContainerEdits WriteXmp(ContainerScan scan, Stream stream, XmpPacket packet)
    {
        ArgumentNullException.ThrowIfNull(scan);
        ArgumentNullException.ThrowIfNull(packet);
        if (packet.Extended is not null) throw new ArgumentException("PNG keeps the XMP in one chunk; it has no extended packet", nameof(packet));
        var chunk = ChunkBytes("iTXt", [.. XmpChunkPrefix, .. packet.Main]);
        var xmpBlocks = XmpChunks(scan);
        var firstData = scan.Blocks.FirstOrDefault(b => b.Type == "IDAT") ?? scan.Blocks[^1];
        var inPlace = xmpBlocks.Count > 0 && xmpBlocks[0].Offset < firstData.Offset ? xmpBlocks[0] : null;
        var edits = new ContainerEdits();
        if (inPlace is null) edits.Insert(firstData.Offset, chunk);
        foreach (var block in xmpBlocks)
        {
            if (block == inPlace) edits.Replace(block.Offset, block.Length, chunk);
            else edits.Remove(block.Offset, block.Length);
        }
        return edits;
    }

    private static List<ContainerBlock> XmpChunks(ContainerScan scan) =>
        scan.Blocks.Where(b => b.Type == "iTXt" && b.Label == "XMP").ToList();
}
