using System.Buffers.Binary;
using System.IO.Hashing;
using System.Text.Json;

namespace Candor.Index;

/// <summary>
/// The header of a saved <see cref="VectorIndex"/>. The file is one header followed by USearch's own
/// serialisation (the "blob"), so that one rename replaces both and they can never disagree:
/// <code>
/// offset  size  field
///      0     8  magic "CANDORVI"
///      8     4  format version, little-endian (1)
///     12     4  length J of the JSON that follows, little-endian (at most 64 KiB)
///     16     8  blob offset, little-endian (a multiple of 4096, so the blob is page-aligned when memory-mapped)
///     24     8  blob length, little-endian; the file ends exactly at blob offset + blob length
///     32     8  XxHash3 (seed 0) of the blob, little-endian
///     40     J  JSON: dimensions, scalar, connectivity, expansionAdd, expansionSearch, threads, count, metric, engine
///   40+J     …  zeros up to the blob offset
/// blob offset   USearch's serialised index ("usearch" magic first), as usearch_save_buffer writes it
/// </code>
/// </summary>
internal sealed record VectorIndexFile(int Dimensions, VectorIndexOptions Options, long Count, long BlobOffset, long BlobLength, ulong BlobHash)
{
    internal const int Version = 1;
    internal const int FixedLength = 40;
    internal const int MaxJsonLength = 64 * 1024;
    internal const int Alignment = 4096;
    internal const int MaxDimensions = 65536;
    private static ReadOnlySpan<byte> Magic => "CANDORVI"u8;

    /// <summary>The blob offset for a header whose JSON is <paramref name="jsonLength"/> bytes.</summary>
    internal static long BlobOffsetFor(int jsonLength) => (FixedLength + jsonLength + Alignment - 1) / Alignment * Alignment;

    /// <summary>The JSON part of the header.</summary>
    internal byte[] Json()
    {
        using var buffer = new MemoryStream();
        using (var json = new Utf8JsonWriter(buffer))
        {
            json.WriteStartObject();
            json.WriteNumber("dimensions", Dimensions);
            json.WriteString("scalar", Options.Scalar.ToString());
            json.WriteNumber("connectivity", Options.Connectivity);
            json.WriteNumber("expansionAdd", Options.ExpansionAdd);
            json.WriteNumber("expansionSearch", Options.ExpansionSearch);
            json.WriteNumber("threads", Options.Threads);
            json.WriteNumber("count", Count);
            json.WriteString("metric", "cosine");
            json.WriteString("engine", "usearch");
            json.WriteEndObject();
        }
        return buffer.ToArray();
    }

    /// <summary>Header bytes up to the blob offset, for a JSON part <paramref name="json"/>.</summary>
    internal byte[] Encode(byte[] json)
    {
        var header = new byte[BlobOffset];
        Magic.CopyTo(header);
        BinaryPrimitives.WriteUInt32LittleEndian(header.AsSpan(8), Version);
        BinaryPrimitives.WriteUInt32LittleEndian(header.AsSpan(12), (uint)json.Length);
        BinaryPrimitives.WriteInt64LittleEndian(header.AsSpan(16), BlobOffset);
        BinaryPrimitives.WriteInt64LittleEndian(header.AsSpan(24), BlobLength);
        BinaryPrimitives.WriteUInt64LittleEndian(header.AsSpan(32), BlobHash);
        json.CopyTo(header.AsSpan(FixedLength));
        return header;
    }

    /// <summary>Reads and checks the header of a file of <paramref name="fileLength"/> bytes whose first bytes are <paramref name="head"/>.</summary>
    /// <exception cref="CandorFormatException">Not a Candor vector index, an unknown version, inconsistent fields, or a truncated file.</exception>
    internal static VectorIndexFile Decode(ReadOnlySpan<byte> head, long fileLength, string path)
    {
        var block = "vector index header";
        if (head.Length < FixedLength || !head[..Magic.Length].SequenceEqual(Magic))
        {
            var kind = head.Length < FixedLength && Magic.StartsWith(head) ? FormatErrorKind.Truncated : FormatErrorKind.Malformed;
            throw new CandorFormatException($"{path} is not a Candor vector index (it does not start with \"CANDORVI\")", 0, block, kind: kind);
        }
        var version = BinaryPrimitives.ReadUInt32LittleEndian(head[8..]);
        if (version != Version)
            throw new CandorFormatException($"{path} is a vector index of format version {version}; this Candor reads version {Version}", 8, block, kind: FormatErrorKind.Unsupported);
        var jsonLength = BinaryPrimitives.ReadUInt32LittleEndian(head[12..]);
        if (jsonLength > MaxJsonLength)
            throw new CandorFormatException($"header JSON of {jsonLength} bytes exceeds {MaxJsonLength}", 12, block, kind: FormatErrorKind.LimitExceeded);
        var blobOffset = BinaryPrimitives.ReadInt64LittleEndian(head[16..]);
        var blobLength = BinaryPrimitives.ReadInt64LittleEndian(head[24..]);
        var blobHash = BinaryPrimitives.ReadUInt64LittleEndian(head[32..]);
        if (blobOffset != BlobOffsetFor((int)jsonLength))
            throw new CandorFormatException($"blob offset {blobOffset} does not follow a {jsonLength}-byte header", 16, block);
        if (blobLength <= 0)
            throw new CandorFormatException($"blob length {blobLength} is not positive", 24, block);
        if (fileLength < blobOffset + blobLength || head.Length < FixedLength + jsonLength)
            throw new CandorFormatException($"{path} is truncated: {fileLength} bytes where the header declares {blobOffset + blobLength}", fileLength, block, kind: FormatErrorKind.Truncated);
        if (fileLength > blobOffset + blobLength)
            throw new CandorFormatException($"{path} has {fileLength - blobOffset - blobLength} bytes past the end its header declares", blobOffset + blobLength, block);

        var json = head.Slice(FixedLength, (int)jsonLength);
        try
        {
            using var document = JsonDocument.Parse(json.ToArray());
            var root = document.RootElement;
            var dimensions = root.GetProperty("dimensions").GetInt32();
            if (dimensions is < 1 or > MaxDimensions)
                throw new CandorFormatException($"{dimensions} dimensions is outside 1…{MaxDimensions}", FixedLength, block);
            if (!Enum.TryParse<VectorScalar>(root.GetProperty("scalar").GetString(), ignoreCase: false, out var scalar) || !Enum.IsDefined(scalar))
                throw new CandorFormatException($"unknown scalar \"{root.GetProperty("scalar").GetString()}\"", FixedLength, block, kind: FormatErrorKind.Unsupported);
            if (root.GetProperty("metric").GetString() != "cosine" || root.GetProperty("engine").GetString() != "usearch")
                throw new CandorFormatException("only cosine indexes built by USearch are supported", FixedLength, block, kind: FormatErrorKind.Unsupported);
            var options = new VectorIndexOptions(
                root.GetProperty("connectivity").GetInt32(),
                root.GetProperty("expansionAdd").GetInt32(),
                root.GetProperty("expansionSearch").GetInt32(),
                scalar,
                root.GetProperty("threads").GetInt32());
            options.Validate();
            var count = root.GetProperty("count").GetInt64();
            if (count < 0) throw new CandorFormatException($"negative count {count}", FixedLength, block);
            return new VectorIndexFile(dimensions, options, count, blobOffset, blobLength, blobHash);
        }
        catch (Exception e) when (e is JsonException or KeyNotFoundException or InvalidOperationException or FormatException or ArgumentException)
        {
            throw new CandorFormatException($"header JSON is not what a vector index writes: {e.Message}", FixedLength, block, e);
        }
    }

    /// <summary>XxHash3 of <paramref name="length"/> bytes at <paramref name="data"/>, in chunks (spans stop at 2 GiB).</summary>
    internal static unsafe ulong Hash(byte* data, long length)
    {
        var hash = new XxHash3();
        const int Chunk = 1 << 30;
        for (long at = 0; at < length; at += Chunk)
            hash.Append(new ReadOnlySpan<byte>(data + at, (int)Math.Min(Chunk, length - at)));
        return hash.GetCurrentHashAsUInt64();
    }
}
