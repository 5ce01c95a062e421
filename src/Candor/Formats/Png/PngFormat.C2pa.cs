using System.Buffers.Binary;

namespace Candor.Formats.Png;

// PNG, the C2PA manifest store: one chunk, placed right after IHDR as the reference
// implementation (c2pa-rs png_io) does:
//
//   length u32 BE | "caBX" | JUMBF store | CRC-32 u32 BE (over type + data)
//
// The data hash excludes the whole chunk: 12 + length bytes.

public sealed partial class PngFormat
{
    private const string StoreChunk = "caBX";

    /// <inheritdoc />
    public IReadOnlyList<ByteRange>? StoreRanges(ContainerScan scan, Stream stream, RawPayload store)
    {
        ArgumentNullException.ThrowIfNull(scan);
        return scan.Blocks.Where(b => b.Type == StoreChunk).Select(b => new ByteRange(b.Offset, b.Length)).ToList();
    }

    /// <inheritdoc />
    public ContainerEdits RemoveStore(ContainerScan scan, Stream stream)
    {
        ArgumentNullException.ThrowIfNull(scan);
        var edits = new ContainerEdits();
        foreach (var block in scan.Blocks.Where(b => b.Type == StoreChunk))
            edits.Remove(block.Offset, block.Length);
        return edits;
    }

    /// <inheritdoc />
    public ContainerEdits InsertStore(ContainerScan scan, Stream stream, ReadOnlyMemory<byte> store, out ByteRange range)
    {
        var edits = RemoveStore(scan, stream);
        var ihdr = scan.Blocks.FirstOrDefault(b => b.Type == "IHDR")
            ?? throw new CandorFormatException("the PNG has no IHDR chunk", 8, "PNG IHDR");
        var chunk = ChunkBytes(StoreChunk, store.Span);
        var insert = edits.Insert(ihdr.Offset + ihdr.Length, chunk);
        range = new ByteRange(edits.ResultOffset(insert), chunk.Length);
        return edits;
    }

    /// <summary>A whole chunk: length, <paramref name="type"/>, <paramref name="data"/>, CRC.</summary>
    private static byte[] ChunkBytes(string type, ReadOnlySpan<byte> data)
    {
        if (data.Length > Array.MaxLength - 12)
            throw new CandorFormatException($"a {type} chunk of {data.Length} bytes is larger than Candor can write", -1, $"PNG {type}", kind: FormatErrorKind.LimitExceeded);
        var chunk = new byte[12 + data.Length];
        BinaryPrimitives.WriteUInt32BigEndian(chunk, (uint)data.Length);
        System.Text.Encoding.ASCII.GetBytes(type, chunk.AsSpan(4, 4));
        data.CopyTo(chunk.AsSpan(8));
        BinaryPrimitives.WriteUInt32BigEndian(chunk.AsSpan(8 + data.Length), Crc32.Compute(chunk.AsSpan(4, 4 + data.Length)));
        return chunk;
    }
}
