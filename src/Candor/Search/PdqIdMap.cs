using System.Buffers.Binary;
using Candor.FileSystem;

namespace Candor.Search;

/// <summary>The item id of each position in the Hamming index (only items with a PDQ hash are in it): little-endian int64s after "CANDIDS1".</summary>
internal static class PdqIdMap
{
    private static ReadOnlySpan<byte> Magic => "CANDIDS1"u8;

    public static void Write(string path, IReadOnlyList<long> ids) => AtomicFile.Write(path, stream =>
    {
        stream.Write(Magic);
        var buffer = new byte[8];
        foreach (var id in ids)
        {
            BinaryPrimitives.WriteInt64LittleEndian(buffer, id);
            stream.Write(buffer);
        }
    });

    public static long[] Read(string path)
    {
        var bytes = File.ReadAllBytes(path);
        if (bytes.Length < 8 || !bytes.AsSpan(0, 8).SequenceEqual(Magic) || (bytes.Length - 8) % 8 != 0)
            throw new CandorFormatException($"{path} is not a Candor id map (or is truncated)", offset: 0);
        var ids = new long[(bytes.Length - 8) / 8];
        for (var i = 0; i < ids.Length; i++) ids[i] = BinaryPrimitives.ReadInt64LittleEndian(bytes.AsSpan(8 + 8 * i));
        return ids;
    }
}
