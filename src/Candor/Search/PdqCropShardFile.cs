using System.Buffers.Binary;
using Candor.FileSystem;
using Candor.Fingerprints;

namespace Candor.Search;

/// <summary>
/// One shard's extra PDQ codes (the centre crops of <see cref="PdqVariants.IndexHashes"/>): "CANDPQC1", then per code
/// the item id (int64) and the hash's four words (uint64), little-endian. Written when the shard is ingested, read
/// when the Hamming index is rebuilt.
/// </summary>
internal static class PdqCropShardFile
{
    private static ReadOnlySpan<byte> Magic => "CANDPQC1"u8;
    private const int RecordLength = 8 + PdqHash.Bytes;

    public static void Write(string path, IReadOnlyList<(long Id, PdqHash Hash)> rows)
    {
        Directory.CreateDirectory(Path.GetDirectoryName(path)!);
        AtomicFile.Write(path, stream =>
        {
            stream.Write(Magic);
            var record = new byte[RecordLength];
            foreach (var (id, hash) in rows)
            {
                BinaryPrimitives.WriteInt64LittleEndian(record, id);
                BinaryPrimitives.WriteUInt64LittleEndian(record.AsSpan(8), hash.W0);
                BinaryPrimitives.WriteUInt64LittleEndian(record.AsSpan(16), hash.W1);
                BinaryPrimitives.WriteUInt64LittleEndian(record.AsSpan(24), hash.W2);
                BinaryPrimitives.WriteUInt64LittleEndian(record.AsSpan(32), hash.W3);
                stream.Write(record);
            }
        });
    }

    /// <summary>Appends the file's codes (four words each) and their item ids to the lists.</summary>
    public static void ReadInto(string path, List<ulong> codes, List<long> ids)
    {
        var bytes = File.ReadAllBytes(path);
        if (bytes.Length < Magic.Length || !bytes.AsSpan(0, Magic.Length).SequenceEqual(Magic))
            throw new CandorFormatException($"{path} is not a Candor PDQ crop shard", offset: 0);
        if ((bytes.Length - Magic.Length) % RecordLength != 0)
            throw new CandorFormatException($"{path} ends inside a record: the file is truncated", offset: bytes.Length, kind: FormatErrorKind.Truncated);
        for (var at = Magic.Length; at < bytes.Length; at += RecordLength)
        {
            ids.Add(BinaryPrimitives.ReadInt64LittleEndian(bytes.AsSpan(at)));
            for (var w = 0; w < 4; w++) codes.Add(BinaryPrimitives.ReadUInt64LittleEndian(bytes.AsSpan(at + 8 + 8 * w)));
        }
    }
}
