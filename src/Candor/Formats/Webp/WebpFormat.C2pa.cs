using System.Buffers.Binary;

namespace Candor.Formats.Webp;

// WebP (RIFF), the C2PA manifest store: a chunk appended after the last chunk, as the reference
// implementation (c2pa-rs riff_io) does, with or without VP8X (VP8X has no flag for it, so it is
// left as it is):
//
//   "C2PA" | size u32 LE | JUMBF store | [one zero pad byte when size is odd]
//
// The RIFF size (bytes 4..7) follows the file's length; the data hash excludes 8 + size bytes
// (the pad byte stays hashed) and covers the new RIFF size.

public sealed partial class WebpFormat
{
    private const string StoreChunk = "C2PA";

    /// <inheritdoc />
    public IReadOnlyList<ByteRange>? StoreRanges(ContainerScan scan, Stream stream, RawPayload store)
    {
        ArgumentNullException.ThrowIfNull(scan);
        return scan.Blocks.Where(b => b.Type == StoreChunk).Select(b => new ByteRange(b.Offset, 8 + b.DataLength)).ToList();
    }

    /// <inheritdoc />
    public ContainerEdits RemoveStore(ContainerScan scan, Stream stream)
    {
        ArgumentNullException.ThrowIfNull(stream);
        var edits = RemoveStoreChunks(scan);
        SetRiffSize(edits, stream.Length);
        return edits;
    }

    /// <inheritdoc />
    public ContainerEdits InsertStore(ContainerScan scan, Stream stream, ReadOnlyMemory<byte> store, out ByteRange range)
    {
        ArgumentNullException.ThrowIfNull(stream);
        var edits = RemoveStoreChunks(scan);
        var padded = store.Length + (store.Length & 1);
        if (padded > Array.MaxLength - 8)
            throw new CandorFormatException($"a manifest store of {store.Length} bytes is larger than Candor can write", -1, "WebP C2PA", kind: FormatErrorKind.LimitExceeded);
        var chunk = new byte[8 + padded];
        "C2PA"u8.CopyTo(chunk);
        BinaryPrimitives.WriteUInt32LittleEndian(chunk.AsSpan(4), (uint)store.Length);
        store.Span.CopyTo(chunk.AsSpan(8));
        var insert = edits.Insert(stream.Length, chunk);
        range = new ByteRange(edits.ResultOffset(insert), 8 + store.Length);
        SetRiffSize(edits, stream.Length);
        return edits;
    }

    private static ContainerEdits RemoveStoreChunks(ContainerScan scan)
    {
        ArgumentNullException.ThrowIfNull(scan);
        var edits = new ContainerEdits();
        foreach (var block in scan.Blocks.Where(b => b.Type == StoreChunk))
            edits.Remove(block.Offset, block.Length);
        return edits;
    }
}
