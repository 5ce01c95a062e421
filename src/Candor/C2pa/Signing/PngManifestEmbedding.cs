using System.Buffers.Binary;
using Candor.C2pa.Validation;
using Candor.Fingerprints;
using Candor.Formats;

namespace Candor.C2pa.Signing;

// PNG: the store is one chunk, placed right after IHDR as the reference implementation does:
//   length u32 BE | "caBX" | JUMBF store | CRC-32 u32 BE (over type + data)
// The data hash excludes the whole chunk: 12 + length bytes.

/// <summary>Writes the manifest store as a PNG <c>caBX</c> chunk after IHDR.</summary>
internal sealed class PngManifestEmbedding : ManifestEmbedding
{
    public override string MimeType => "image/png";

    public override void CheckIntact(byte[] asset, ContainerScan scan)
    {
        if (scan.Blocks.Count < 2 || scan.Blocks[1].Type != "IHDR")
            throw new CandorFormatException("the PNG does not start with an IHDR chunk", 8, "PNG IHDR");
    }

    public override byte[] RemoveStore(byte[] asset, ContainerScan scan) =>
        Without(asset, scan.Blocks.Where(b => b.Type == "caBX").Select(b => new C2paByteRange(b.Offset, b.Length)));

    public override byte[] InsertStore(byte[] clean, ContainerScan cleanScan, byte[] store, out C2paByteRange range)
    {
        var ihdr = cleanScan.Blocks.First(b => b.Type == "IHDR");
        var chunk = new byte[12 + store.Length];
        BinaryPrimitives.WriteUInt32BigEndian(chunk, (uint)store.Length);
        "caBX"u8.CopyTo(chunk.AsSpan(4));
        store.CopyTo(chunk, 8);
        BinaryPrimitives.WriteUInt32BigEndian(chunk.AsSpan(8 + store.Length), Crc32.Compute(chunk.AsSpan(4, 4 + store.Length)));
        var at = ihdr.Offset + ihdr.Length;
        range = new C2paByteRange(at, chunk.Length);
        return Inserted(clean, at, chunk);
    }
}
