using System.Buffers;
using System.Buffers.Binary;
using System.Security.Cryptography;
using System.Text.Json;
using Candor.FileSystem;
using Candor.Formats;

namespace Candor.Fingerprints;

/// <summary>
/// Computes a <see cref="ModelHashSet"/> for a model file (2–7 GB is typical) in one sequential
/// read with one reused 1 MiB buffer: SHA-256, AutoV1, BLAKE3, CRC-32 and, for safetensors, the
/// SHA-256 of the tensor data plus the hash entries of the header's metadata. On more than
/// one core the SHA-256 work and the BLAKE3/CRC work on each buffer run in parallel.
/// </summary>
/// <remarks>
/// Safetensors layout read here:
/// <code>
///   offset 0   u64 little-endian N        header length
///   offset 8   N bytes UTF-8 JSON object   {"__metadata__": {"sshs_model_hash": "...", "modelspec.*": "..."}, "tensor": {...}, ...}
///   offset 8+N tensor data                 hashed for Addnet / AutoV3 / SwarmUI's "0x" hash
/// </code>
/// A file is taken as safetensors when N ≥ 2, the header starts with '{' and 8+N ≤ file length.
/// The data hash needs nothing from the header, so it is computed even when the header is not
/// valid JSON or too large to read (A1111 and Civitai skip 8+N bytes the same way). The header is
/// parsed only when N ≤ 100 MB and only for metadata; a header that cannot be read is reported
/// in <see cref="ModelHashSet.HeaderProblem"/>, never thrown. Hostile bytes therefore never raise
/// an exception here: only I/O errors of the stream and cancellation do.
/// </remarks>
public static class ModelHashes
{
    /// <summary>Largest safetensors header parsed for metadata.</summary>
    public const int MaxHeaderBytes = 100_000_000;

    private const int BufferSize = 1 << 20;
    private const long AutoV1Start = 0x100000;
    private const long AutoV1End = AutoV1Start + 0x10000;
    private const int MaxJsonDepth = 64;
    private const int ParallelThreshold = 64 * 1024;

    /// <summary>Hashes the file at <paramref name="path"/>; see <see cref="Compute(Stream, IProgress{long}?, CancellationToken)"/>.</summary>
    public static ModelHashSet Compute(string path, IProgress<long>? progress = null, CancellationToken ct = default)
    {
        RegularFile.Check(path);
        using var stream = new FileStream(path, new FileStreamOptions
        {
            Mode = FileMode.Open,
            Access = FileAccess.Read,
            Share = FileShare.Read,
            BufferSize = 0,
            Options = FileOptions.SequentialScan,
        });
        return Compute(stream, progress, ct);
    }

    /// <summary>
    /// Reads <paramref name="stream"/> from its current position to the end once and returns all
    /// hashes. <paramref name="progress"/> receives the number of bytes read so far after each buffer.
    /// </summary>
    public static ModelHashSet Compute(Stream stream, IProgress<long>? progress = null, CancellationToken ct = default)
    {
        ArgumentNullException.ThrowIfNull(stream);
        var buffer = ArrayPool<byte>.Shared.Rent(BufferSize);
        try
        {
            using var sha = IncrementalHash.CreateHash(HashAlgorithmName.SHA256);
            using var autoV1 = IncrementalHash.CreateHash(HashAlgorithmName.SHA256);
            using var tensorSha = IncrementalHash.CreateHash(HashAlgorithmName.SHA256);
            var blake3 = new Blake3();
            var crc = new Crc32();
            Span<byte> prefix = stackalloc byte[8];
            var prefixLength = 0;
            long dataStart = -1;     // 8+N once the prefix is known and plausible
            var headerStartsWithBrace = false;
            ArrayBufferWriter<byte>? header = null;
            var parallel = Environment.ProcessorCount > 1;

            long position = 0;
            int read;
            while ((read = stream.Read(buffer, 0, BufferSize)) > 0)
            {
                ct.ThrowIfCancellationRequested();
                var span = new ReadOnlySpan<byte>(buffer, 0, read);
                var start = position;
                var end = position + read;

                if (prefixLength < 8)
                {
                    var take = (int)Math.Min(8 - prefixLength, read);
                    span[..take].CopyTo(prefix[prefixLength..]);
                    prefixLength += take;
                    if (prefixLength == 8)
                    {
                        var n = BinaryPrimitives.ReadUInt64LittleEndian(prefix);
                        if (n >= 2 && n <= long.MaxValue - 8)
                        {
                            dataStart = 8 + (long)n;
                            if (n <= MaxHeaderBytes) header = new ArrayBufferWriter<byte>((int)Math.Min((long)n, BufferSize));
                        }
                    }
                }

                if (dataStart > 0)
                {
                    if (start <= 8 && end > 8) headerStartsWithBrace = span[(int)(8 - start)] == (byte)'{';
                    if (header is not null) AppendWindowTo(header, span, start, 8, dataStart);
                }

                // Two independent groups of hashes over the same buffer; on more than one core
                // they run side by side (SHA-256 twice for safetensors, against BLAKE3 + CRC).
                var length = read;
                var tensorFrom = dataStart > 0 ? dataStart : long.MaxValue;
                void Sha256Group()
                {
                    sha.AppendData(buffer, 0, length);
                    AppendWindow(tensorSha, buffer.AsSpan(0, length), start, tensorFrom, long.MaxValue);
                }

                void OtherGroup()
                {
                    blake3.Append(buffer.AsSpan(0, length));
                    crc.Append(buffer.AsSpan(0, length));
                    AppendWindow(autoV1, buffer.AsSpan(0, length), start, AutoV1Start, AutoV1End);
                }

                if (parallel && length >= ParallelThreshold)
                {
                    Parallel.Invoke(Sha256Group, OtherGroup);
                }
                else
                {
                    Sha256Group();
                    OtherGroup();
                }

                position = end;
                progress?.Report(position);
            }

            var isSafetensors = dataStart > 0 && headerStartsWithBrace && dataStart <= position;
            string? headerProblem = null;
            var metadata = new Dictionary<string, string>(StringComparer.Ordinal);
            if (isSafetensors)
            {
                if (header is null)
                    headerProblem = $"the safetensors header is {dataStart - 8} bytes, more than the {MaxHeaderBytes} read for metadata";
                else
                    headerProblem = ReadHeaderMetadata(header.WrittenSpan, metadata);
            }

            return new ModelHashSet
            {
                Size = position,
                Sha256 = Convert.ToHexStringLower(sha.GetHashAndReset()),
                AutoV1 = position > AutoV1Start ? Convert.ToHexStringLower(autoV1.GetHashAndReset())[..8] : null,
                Blake3 = Convert.ToHexStringLower(blake3.Finish()),
                Crc32 = crc.Value.ToString("x8"),
                IsSafetensors = isSafetensors,
                TensorSha256 = isSafetensors ? Convert.ToHexStringLower(tensorSha.GetHashAndReset()) : null,
                EmbeddedMetadata = metadata,
                HeaderProblem = headerProblem,
            };
        }
        finally
        {
            ArrayPool<byte>.Shared.Return(buffer);
        }
    }

    /// <summary>Feeds the part of <paramref name="span"/> (which starts at file offset <paramref name="start"/>) inside [from, to).</summary>
    private static void AppendWindow(IncrementalHash hash, ReadOnlySpan<byte> span, long start, long from, long to)
    {
        var slice = Window(span, start, from, to);
        if (!slice.IsEmpty) hash.AppendData(slice);
    }

    private static void AppendWindowTo(ArrayBufferWriter<byte> writer, ReadOnlySpan<byte> span, long start, long from, long to)
    {
        var slice = Window(span, start, from, to);
        if (!slice.IsEmpty) writer.Write(slice);
    }

    private static ReadOnlySpan<byte> Window(ReadOnlySpan<byte> span, long start, long from, long to)
    {
        var lo = Math.Max(start, from);
        var hi = Math.Min(start + span.Length, to);
        return lo < hi ? span.Slice((int)(lo - start), (int)(hi - lo)) : default;
    }

    // The hash entries worth keeping from __metadata__: exact keys, and every key under a prefix.
    private static readonly string[] MetadataKeys = ["sshs_model_hash", "sshs_legacy_hash"];
    private static readonly string[] MetadataPrefixes = ["modelspec."];

    /// <summary>Copies the hash entries of <c>__metadata__</c> into <paramref name="metadata"/>; returns a problem or null.</summary>
    private static string? ReadHeaderMetadata(ReadOnlySpan<byte> header, Dictionary<string, string> metadata)
    {
        try
        {
            var reader = new Utf8JsonReader(header, new JsonReaderOptions { MaxDepth = MaxJsonDepth, AllowTrailingCommas = false });
            if (!reader.Read() || reader.TokenType != JsonTokenType.StartObject)
                return "the safetensors header is not a JSON object";
            while (reader.Read() && reader.TokenType == JsonTokenType.PropertyName)
            {
                var isMetadata = reader.ValueTextEquals("__metadata__"u8);
                reader.Read();
                if (isMetadata && reader.TokenType == JsonTokenType.StartObject)
                {
                    while (reader.Read() && reader.TokenType == JsonTokenType.PropertyName)
                    {
                        var key = reader.GetString() ?? "";
                        reader.Read();
                        var wanted = MetadataKeys.Contains(key) || MetadataPrefixes.Any(p => key.StartsWith(p, StringComparison.Ordinal));
                        if (wanted && reader.TokenType == JsonTokenType.String)
                            metadata[key] = reader.GetString() ?? "";
                        else
                            reader.Skip();
                    }
                }
                else
                {
                    reader.Skip();
                }
            }

            return null;
        }
        catch (JsonException e)
        {
            metadata.Clear();
            return $"the safetensors header is not valid JSON (byte {e.BytePositionInLine}): {e.Message}";
        }
        catch (InvalidOperationException e)
        {
            metadata.Clear();
            return $"the safetensors header could not be read: {e.Message}";
        }
    }
}
