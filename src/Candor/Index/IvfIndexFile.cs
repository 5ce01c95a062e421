using System.Buffers.Binary;
using System.Text.Json;

namespace Candor.Index;

/// <summary>
/// The header and layout of a saved <see cref="IvfIndex"/>: the same discipline as <see cref="VectorIndexFile"/> (magic,
/// version, JSON, one checksum over everything after the header), with the data laid out so that it can be served
/// straight from a memory map:
/// <code>
/// offset  size  field
///      0     8  magic "CANDORIV"
///      8     4  format version, little-endian (1)
///     12     4  length J of the JSON that follows, little-endian (at most 64 KiB)
///     16     8  data offset, little-endian (a multiple of 4096)
///     24     8  data length, little-endian; the file ends exactly at data offset + data length
///     32     8  XxHash3 (seed 0) of the data, little-endian
///     40     J  JSON: dimensions, lists, count, scalar, metric, engine, probes, trainingSample, iterations, seed, threads
///   40+J     …  zeros up to the data offset
/// data +0       centroids: lists × dimensions half floats (unit vectors)
///               offsets: lists + 1 int64, list i holds rows offsets[i] … offsets[i+1] − 1 (64-byte aligned)
///               ids: count int64, in row order (64-byte aligned)
///               vectors: count × dimensions half floats, unit length, list after list (4096-byte aligned)
/// </code>
/// Half floats are IEEE binary16, little-endian, with subnormals stored as zero.
/// </summary>
internal sealed record IvfIndexFile(int Dimensions, int Lists, long Count, IvfIndexOptions Options, long DataOffset, long DataLength, ulong DataHash)
{
    internal const int Version = 1;
    private static ReadOnlySpan<byte> Magic => "CANDORIV"u8;

    /// <summary>Where each section starts inside the data, and the data's length.</summary>
    internal readonly record struct Layout(long Centroids, long Offsets, long Ids, long Vectors, long Length);

    internal static Layout LayoutFor(int dimensions, int lists, long count)
    {
        static long Align(long at, long to) => (at + to - 1) / to * to;
        var offsets = Align((long)lists * dimensions * 2, 64);
        var ids = Align(offsets + (lists + 1L) * 8, 64);
        var vectors = Align(ids + count * 8, VectorIndexFile.Alignment);
        return new Layout(0, offsets, ids, vectors, vectors + count * dimensions * 2);
    }

    internal byte[] Json()
    {
        using var buffer = new MemoryStream();
        using (var json = new Utf8JsonWriter(buffer))
        {
            json.WriteStartObject();
            json.WriteNumber("dimensions", Dimensions);
            json.WriteNumber("lists", Lists);
            json.WriteNumber("count", Count);
            json.WriteString("scalar", "F16");
            json.WriteString("metric", "cosine");
            json.WriteString("engine", "ivf-flat");
            json.WriteNumber("probes", Options.Probes);
            json.WriteNumber("trainingSample", Options.TrainingSample);
            json.WriteNumber("iterations", Options.Iterations);
            json.WriteNumber("seed", Options.Seed);
            json.WriteNumber("threads", Options.Threads);
            json.WriteEndObject();
        }
        return buffer.ToArray();
    }

    internal byte[] Encode(byte[] json)
    {
        var header = new byte[DataOffset];
        Magic.CopyTo(header);
        BinaryPrimitives.WriteUInt32LittleEndian(header.AsSpan(8), Version);
        BinaryPrimitives.WriteUInt32LittleEndian(header.AsSpan(12), (uint)json.Length);
        BinaryPrimitives.WriteInt64LittleEndian(header.AsSpan(16), DataOffset);
        BinaryPrimitives.WriteInt64LittleEndian(header.AsSpan(24), DataLength);
        BinaryPrimitives.WriteUInt64LittleEndian(header.AsSpan(32), DataHash);
        json.CopyTo(header.AsSpan(VectorIndexFile.FixedLength));
        return header;
    }

    /// <summary>True when <paramref name="head"/> starts with this format's magic.</summary>
    internal static bool Sniff(ReadOnlySpan<byte> head) => head.StartsWith(Magic);

    /// <summary>Reads and checks the header of a file of <paramref name="fileLength"/> bytes whose first bytes are <paramref name="head"/>.</summary>
    /// <exception cref="CandorFormatException">Not a Candor IVF index, an unknown version, inconsistent fields, or a truncated file.</exception>
    internal static IvfIndexFile Decode(ReadOnlySpan<byte> head, long fileLength, string path)
    {
        const string block = "IVF index header";
        const int fixedLength = VectorIndexFile.FixedLength;
        if (head.Length < fixedLength || !head[..Magic.Length].SequenceEqual(Magic))
        {
            var kind = head.Length < fixedLength && Magic.StartsWith(head) ? FormatErrorKind.Truncated : FormatErrorKind.Malformed;
            throw new CandorFormatException($"{path} is not a Candor IVF vector index (it does not start with \"CANDORIV\")", 0, block, kind: kind);
        }
        var version = BinaryPrimitives.ReadUInt32LittleEndian(head[8..]);
        if (version != Version)
            throw new CandorFormatException($"{path} is an IVF index of format version {version}; this Candor reads version {Version}", 8, block, kind: FormatErrorKind.Unsupported);
        var jsonLength = BinaryPrimitives.ReadUInt32LittleEndian(head[12..]);
        if (jsonLength > VectorIndexFile.MaxJsonLength)
            throw new CandorFormatException($"header JSON of {jsonLength} bytes exceeds {VectorIndexFile.MaxJsonLength}", 12, block, kind: FormatErrorKind.LimitExceeded);
        var dataOffset = BinaryPrimitives.ReadInt64LittleEndian(head[16..]);
        var dataLength = BinaryPrimitives.ReadInt64LittleEndian(head[24..]);
        var dataHash = BinaryPrimitives.ReadUInt64LittleEndian(head[32..]);
        if (dataOffset != VectorIndexFile.BlobOffsetFor((int)jsonLength))
            throw new CandorFormatException($"data offset {dataOffset} does not follow a {jsonLength}-byte header", 16, block);
        if (dataLength < 0)
            throw new CandorFormatException($"data length {dataLength} is negative", 24, block);
        if (fileLength < dataOffset + dataLength || head.Length < fixedLength + jsonLength)
            throw new CandorFormatException($"{path} is truncated: {fileLength} bytes where the header declares {dataOffset + dataLength}", fileLength, block, kind: FormatErrorKind.Truncated);
        if (fileLength > dataOffset + dataLength)
            throw new CandorFormatException($"{path} has {fileLength - dataOffset - dataLength} bytes past the end its header declares", dataOffset + dataLength, block);

        try
        {
            using var document = JsonDocument.Parse(head.Slice(fixedLength, (int)jsonLength).ToArray());
            var root = document.RootElement;
            var dimensions = root.GetProperty("dimensions").GetInt32();
            var lists = root.GetProperty("lists").GetInt32();
            var count = root.GetProperty("count").GetInt64();
            if (dimensions is < 1 or > VectorIndexFile.MaxDimensions)
                throw new CandorFormatException($"{dimensions} dimensions is outside 1…{VectorIndexFile.MaxDimensions}", fixedLength, block);
            if (lists is < 0 or > IvfIndexOptions.MaxLists || (lists == 0 && count != 0) || count < 0 || count > (long)int.MaxValue * 64)
                throw new CandorFormatException($"{lists} lists for {count} vectors is not what an IVF index writes", fixedLength, block);
            if (root.GetProperty("scalar").GetString() != "F16" || root.GetProperty("metric").GetString() != "cosine" || root.GetProperty("engine").GetString() != "ivf-flat")
                throw new CandorFormatException("only cosine IVF-flat indexes of half floats are supported", fixedLength, block, kind: FormatErrorKind.Unsupported);
            var options = new IvfIndexOptions(lists, root.GetProperty("probes").GetInt32(), root.GetProperty("trainingSample").GetInt32(),
                root.GetProperty("iterations").GetInt32(), root.GetProperty("seed").GetInt32(), root.GetProperty("threads").GetInt32());
            options.Validate();
            if (LayoutFor(dimensions, lists, count).Length != dataLength)
                throw new CandorFormatException($"data of {dataLength} bytes is not {lists} lists and {count} vectors of {dimensions} dimensions", 24, block);
            return new IvfIndexFile(dimensions, lists, count, options, dataOffset, dataLength, dataHash);
        }
        catch (Exception e) when (e is JsonException or KeyNotFoundException or InvalidOperationException or FormatException or ArgumentException)
        {
            throw new CandorFormatException($"header JSON is not what an IVF index writes: {e.Message}", fixedLength, block, e);
        }
    }
}
