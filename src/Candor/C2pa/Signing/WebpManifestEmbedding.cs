using System.Buffers.Binary;
using Candor.C2pa.Validation;
using Candor.Formats;

namespace Candor.C2pa.Signing;

// WebP (RIFF): the store is a chunk appended after the last chunk, as the reference implementation
// does (with or without VP8X; VP8X has no flag for it, so it is left as it is):
//   "C2PA" | size u32 LE | JUMBF store | [one zero pad byte when size is odd]
// The RIFF size (bytes 4..7) grows by the chunk; the data hash excludes 8 + size bytes (the pad
// byte stays hashed) and covers the new RIFF size.

/// <summary>Writes the manifest store as a WebP <c>C2PA</c> RIFF chunk at the end, updating the RIFF size.</summary>
internal sealed class WebpManifestEmbedding : ManifestEmbedding
{
    public override string MimeType => "image/webp";

    public override void CheckIntact(byte[] asset, ContainerScan scan)
    {
        var riffEnd = 8L + BinaryPrimitives.ReadUInt32LittleEndian(asset.AsSpan(4));
        if (riffEnd != asset.Length)
            throw new CandorFormatException($"the RIFF size says the WebP has {riffEnd} bytes but the file has {asset.Length}: it is truncated or has trailing data", 4, "WebP RIFF");
        var last = scan.Blocks[^1];
        if (last.Offset + last.Length != asset.Length)
            throw new CandorFormatException($"the last WebP chunk ends at byte {last.Offset + last.Length}, not at the end of the {asset.Length}-byte file", last.Offset, $"WebP {last.Type}");
    }

    public override byte[] RemoveStore(byte[] asset, ContainerScan scan)
    {
        var stripped = Without(asset, scan.Blocks.Where(b => b.Type == "C2PA").Select(b => new C2paByteRange(b.Offset, b.Length)));
        BinaryPrimitives.WriteUInt32LittleEndian(stripped.AsSpan(4), (uint)(stripped.Length - 8));
        return stripped;
    }

    public override byte[] InsertStore(byte[] clean, ContainerScan cleanScan, byte[] store, out C2paByteRange range)
    {
        var padded = store.Length + (store.Length & 1);
        var chunk = new byte[8 + padded];
        "C2PA"u8.CopyTo(chunk);
        BinaryPrimitives.WriteUInt32LittleEndian(chunk.AsSpan(4), (uint)store.Length);
        store.CopyTo(chunk, 8);
        var at = clean.Length;
        range = new C2paByteRange(at, 8 + store.Length);
        var output = Inserted(clean, at, chunk);
        BinaryPrimitives.WriteUInt32LittleEndian(output.AsSpan(4), (uint)(output.Length - 8));
        return output;
    }
}
