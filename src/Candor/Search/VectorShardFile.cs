using System.Buffers.Binary;
using Candor.FileSystem;

namespace Candor.Search;

/// <summary>
/// The embeddings one shard produced, kept beside the indexes so that an interrupted or appended build never has to
/// encode a shard twice and the vector index can be rebuilt from them. Layout: "CANDVEC1", int32 dimension, then per
/// vector an int64 item id and the values as IEEE half floats (embeddings are unit length; half precision keeps
/// cosine similarity to about 1e-3, what the index stores anyway).
/// </summary>
internal static class VectorShardFile
{
    private static ReadOnlySpan<byte> Magic => "CANDVEC1"u8;
    private const int HeaderLength = 12;

    public static void Write(string path, IReadOnlyList<(long Id, float[] Vector)> rows, int dimension)
    {
        Directory.CreateDirectory(Path.GetDirectoryName(path)!);
        AtomicFile.Write(path, stream =>
        {
            var record = new byte[8 + 2 * dimension];
            Span<byte> header = stackalloc byte[HeaderLength];
            Magic.CopyTo(header);
            BinaryPrimitives.WriteInt32LittleEndian(header[8..], dimension);
            stream.Write(header);
            foreach (var (id, vector) in rows)
            {
                if (vector.Length != dimension) throw new ArgumentException($"vector of item {id} has {vector.Length} values, expected {dimension}");
                BinaryPrimitives.WriteInt64LittleEndian(record, id);
                for (var i = 0; i < dimension; i++) BinaryPrimitives.WriteHalfLittleEndian(record.AsSpan(8 + 2 * i), (Half)vector[i]);
                stream.Write(record);
            }
        });
    }

    /// <summary>Reads the vectors in batches of up to <paramref name="batch"/> rows: ids and a rows × dimension matrix.</summary>
    public static IEnumerable<(long[] Ids, float[] Vectors)> Read(string path, int expectedDimension, int batch = 4096)
    {
        using var stream = new FileStream(path, FileMode.Open, FileAccess.Read, FileShare.Read, 1 << 16);
        var header = new byte[HeaderLength];
        if (stream.ReadAtLeast(header, HeaderLength, throwOnEndOfStream: false) < HeaderLength || !header.AsSpan(0, 8).SequenceEqual(Magic))
            throw new CandorFormatException($"{path} is not a Candor vector shard", offset: 0);
        var dimension = BinaryPrimitives.ReadInt32LittleEndian(header.AsSpan(8));
        if (dimension != expectedDimension)
            throw new CandorFormatException($"{path} holds {dimension}-d vectors, the index expects {expectedDimension}", offset: 8);
        var recordLength = 8 + 2 * dimension;
        if ((stream.Length - HeaderLength) % recordLength != 0)
            throw new CandorFormatException($"{path} ends inside a vector: the file is truncated", offset: stream.Length, kind: FormatErrorKind.Truncated);
        var record = new byte[recordLength];
        var ids = new List<long>(batch);
        var values = new List<float>(batch * dimension);
        while (stream.ReadAtLeast(record, recordLength, throwOnEndOfStream: false) == recordLength)
        {
            ids.Add(BinaryPrimitives.ReadInt64LittleEndian(record));
            for (var i = 0; i < dimension; i++) values.Add((float)BinaryPrimitives.ReadHalfLittleEndian(record.AsSpan(8 + 2 * i)));
            if (ids.Count == batch)
            {
                yield return ([.. ids], [.. values]);
                ids.Clear();
                values.Clear();
            }
        }
        if (ids.Count > 0) yield return ([.. ids], [.. values]);
    }

    /// <summary>The number of vectors in a shard file, from its length.</summary>
    public static long Count(string path, int dimension) => (new FileInfo(path).Length - HeaderLength) / (8 + 2 * dimension);
}
