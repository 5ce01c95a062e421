using System.Buffers;
using System.Buffers.Binary;
using System.Security.Cryptography;
using System.Text.Json;
using Candor.FileSystem;

namespace Candor.Fingerprints;

/// <summary>
/// Computes a <see cref="ModelHashSet"/> for a model file (2–7 GB is typical) in one sequential
/// read: SHA-256, AutoV1, BLAKE3, CRC-32 and, for safetensors, the SHA-256 of the tensor data plus
/// the hash entries of the header's metadata. The file is read once into a ring of buffers; on
/// more than one core three threads hash each buffer side by side — the whole-file SHA-256, the
/// tensor-data SHA-256 (with AutoV1), and BLAKE3 with CRC-32 — so the time is that of the slowest
/// of them rather than their sum (docs/model-hashing.md has the measurements).
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
/// valid JSON or too large to read (A1111 and Civitai skip 8+N bytes the same way). The two
/// SHA-256 values are different messages (the data hash starts from the initial state at 8+N),
/// so neither can be derived from the other: both are fed from the same buffers. The header is
/// parsed only when N ≤ 100 MB and only for metadata; a header that cannot be read is reported
/// in <see cref="ModelHashSet.HeaderProblem"/>, never thrown. Hostile bytes therefore never raise
/// an exception here: only I/O errors of the stream and cancellation do.
/// </remarks>
public static class ModelHashes
{
    /// <summary>Largest safetensors header parsed for metadata.</summary>
    public const int MaxHeaderBytes = 100_000_000;

    private const int BufferSize = 1 << 20;
    private const int RingSize = 8;
    private const long AutoV1Start = 0x100000;
    private const long AutoV1End = AutoV1Start + 0x10000;
    private const int MaxJsonDepth = 64;

    // Streams shorter than this are hashed on the calling thread: starting threads costs more than it saves.
    private const long ParallelThreshold = 8L << 20;

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
        ct.ThrowIfCancellationRequested();
        var small = stream.CanSeek && stream.Length - stream.Position < ParallelThreshold;
        using var hashers = new Hashers();
        var header = new HeaderSniffer();
        long position;
        if (Environment.ProcessorCount == 1 || small)
            position = HashOnThisThread(stream, hashers, header, progress, ct);
        else
            position = HashInPipeline(stream, hashers, header, progress, ct);
        return Result(hashers, header, position);
    }

    private static long HashOnThisThread(Stream stream, Hashers hashers, HeaderSniffer header, IProgress<long>? progress, CancellationToken ct)
    {
        var slot = new Slot();
        long position = 0;
        int read;
        while ((read = Fill(stream, slot.Buffer)) > 0)
        {
            ct.ThrowIfCancellationRequested();
            slot.Set(position, read, header.See(slot.Buffer.AsSpan(0, read), position));
            hashers.Whole(slot);
            hashers.Tensor(slot);
            hashers.Other(slot);
            position += read;
            progress?.Report(position);
        }

        return position;
    }

    /// <summary>
    /// This thread reads into a ring of <see cref="RingSize"/> buffers; each of the three hash
    /// groups has its own thread and queue and takes every buffer in file order. A buffer goes back
    /// to the reader when the last group is done with it, so reading runs ahead of hashing by at
    /// most the ring. Groups finish buffers in order, so the free buffers are always the oldest.
    /// </summary>
    private static long HashInPipeline(Stream stream, Hashers hashers, HeaderSniffer header, IProgress<long>? progress, CancellationToken ct)
    {
        var ring = new Slot[RingSize];
        for (var i = 0; i < RingSize; i++) ring[i] = new Slot();
        using var stop = CancellationTokenSource.CreateLinkedTokenSource(ct);
        using var free = new SemaphoreSlim(RingSize, RingSize);
        Action<Slot>[] groups = [hashers.Whole, hashers.Tensor, hashers.Other];
        var queues = new System.Collections.Concurrent.BlockingCollection<Slot>[groups.Length];
        var workers = new Task[groups.Length];
        for (var g = 0; g < groups.Length; g++)
        {
            var queue = queues[g] = new System.Collections.Concurrent.BlockingCollection<Slot>(RingSize);
            var work = groups[g];
            workers[g] = Task.Factory.StartNew(() =>
            {
                try
                {
                    foreach (var slot in queue.GetConsumingEnumerable(stop.Token))
                    {
                        work(slot);
                        if (Interlocked.Decrement(ref slot.Pending) == 0) free.Release();
                    }
                }
                catch (Exception e) when (e is not OperationCanceledException)
                {
                    stop.Cancel(); // the reader would otherwise wait for this group's buffers forever
                    throw;
                }
            }, stop.Token, TaskCreationOptions.LongRunning, TaskScheduler.Default);
        }

        long position = 0;
        try
        {
            for (var next = 0; ; next = (next + 1) % RingSize)
            {
                free.Wait(stop.Token);
                var slot = ring[next];
                var read = Fill(stream, slot.Buffer);
                if (read == 0) break;
                stop.Token.ThrowIfCancellationRequested();
                slot.Set(position, read, header.See(slot.Buffer.AsSpan(0, read), position));
                slot.Pending = groups.Length;
                foreach (var queue in queues) queue.Add(slot, stop.Token);
                position += read;
                progress?.Report(position);
            }

            foreach (var queue in queues) queue.CompleteAdding();
            WaitForWorkers(workers);
        }
        catch
        {
            stop.Cancel();
            WaitForWorkers(workers); // a worker's own failure is what stopped the reader: throw that
            throw;
        }
        finally
        {
            foreach (var queue in queues) queue.Dispose();
        }

        return position;
    }

    /// <summary>Waits for every worker; throws the first failure of one that is not a cancellation.</summary>
    private static void WaitForWorkers(Task[] workers)
    {
        try
        {
            Task.WaitAll(workers);
        }
        catch (AggregateException e)
        {
            var fault = e.Flatten().InnerExceptions.FirstOrDefault(x => x is not OperationCanceledException);
            if (fault is not null) System.Runtime.ExceptionServices.ExceptionDispatchInfo.Throw(fault);
        }
    }

    /// <summary>Reads until <paramref name="buffer"/> is full or the stream ends; returns the bytes read.</summary>
    private static int Fill(Stream stream, byte[] buffer)
    {
        var total = 0;
        int read;
        while (total < buffer.Length && (read = stream.Read(buffer, total, buffer.Length - total)) > 0) total += read;
        return total;
    }

    private static ModelHashSet Result(Hashers hashers, HeaderSniffer header, long position)
    {
        var isSafetensors = header.DataStart > 0 && header.StartsWithBrace && header.DataStart <= position;
        string? headerProblem = null;
        var metadata = new Dictionary<string, string>(StringComparer.Ordinal);
        if (isSafetensors)
        {
            if (header.Bytes is null)
                headerProblem = $"the safetensors header is {header.DataStart - 8} bytes, more than the {MaxHeaderBytes} read for metadata";
            else
                headerProblem = ReadHeaderMetadata(header.Bytes.WrittenSpan, metadata);
        }

        return new ModelHashSet
        {
            Size = position,
            Sha256 = Convert.ToHexStringLower(hashers.Sha.GetHashAndReset()),
            AutoV1 = position > AutoV1Start ? Convert.ToHexStringLower(hashers.AutoV1.GetHashAndReset())[..8] : null,
            Blake3 = hashers.Blake3Hasher.Finalize().ToString(),
            Crc32 = hashers.Crc.GetCurrentHashAsUInt32().ToString("x8"),
            IsSafetensors = isSafetensors,
            TensorSha256 = isSafetensors ? Convert.ToHexStringLower(hashers.TensorSha.GetHashAndReset()) : null,
            EmbeddedMetadata = metadata,
            HeaderProblem = headerProblem,
        };
    }

    /// <summary>One buffer of the file and where it lies: file offset, length, and where tensor data starts (long.MaxValue: not known to).</summary>
    private sealed class Slot
    {
        public readonly byte[] Buffer = new byte[BufferSize];
        public long Start;
        public int Length;
        public long TensorFrom;
        public int Pending;

        public void Set(long start, int length, long tensorFrom) => (Start, Length, TensorFrom) = (start, length, tensorFrom);

        public ReadOnlySpan<byte> Span => Buffer.AsSpan(0, Length);
    }

    /// <summary>The hash states, in three groups that never share a state, so each group can run on its own thread.</summary>
    private sealed class Hashers : IDisposable
    {
        public readonly IncrementalHash Sha = IncrementalHash.CreateHash(HashAlgorithmName.SHA256);
        public readonly IncrementalHash TensorSha = IncrementalHash.CreateHash(HashAlgorithmName.SHA256);
        public readonly IncrementalHash AutoV1 = IncrementalHash.CreateHash(HashAlgorithmName.SHA256);
        public Blake3.Hasher Blake3Hasher = global::Blake3.Hasher.New();
        public readonly System.IO.Hashing.Crc32 Crc = new();

        public void Whole(Slot slot) => Sha.AppendData(slot.Span);

        public void Tensor(Slot slot)
        {
            AppendWindow(TensorSha, slot.Span, slot.Start, slot.TensorFrom, long.MaxValue);
            AppendWindow(AutoV1, slot.Span, slot.Start, AutoV1Start, AutoV1End);
        }

        public void Other(Slot slot)
        {
            Blake3Hasher.Update(slot.Span);
            Crc.Append(slot.Span);
        }

        public void Dispose()
        {
            Sha.Dispose();
            TensorSha.Dispose();
            AutoV1.Dispose();
            Blake3Hasher.Dispose();
        }
    }

    /// <summary>Watches the first bytes for the safetensors length prefix and keeps the header bytes (on the reading thread).</summary>
    private sealed class HeaderSniffer
    {
        private readonly byte[] _prefix = new byte[8];
        private int _prefixLength;

        /// <summary>8+N once the prefix is read and plausible; −1 before or when implausible.</summary>
        public long DataStart { get; private set; } = -1;

        public bool StartsWithBrace { get; private set; }

        /// <summary>The header's bytes so far; null when it is larger than <see cref="MaxHeaderBytes"/>.</summary>
        public ArrayBufferWriter<byte>? Bytes { get; private set; }

        /// <summary>Takes in the buffer at file offset <paramref name="start"/>; returns where tensor data starts for the data hash.</summary>
        public long See(ReadOnlySpan<byte> span, long start)
        {
            if (_prefixLength < 8)
            {
                var take = Math.Min(8 - _prefixLength, span.Length);
                span[..take].CopyTo(_prefix.AsSpan(_prefixLength));
                _prefixLength += take;
                if (_prefixLength == 8)
                {
                    var n = BinaryPrimitives.ReadUInt64LittleEndian(_prefix);
                    if (n >= 2 && n <= long.MaxValue - 8)
                    {
                        DataStart = 8 + (long)n;
                        if (n <= MaxHeaderBytes) Bytes = new ArrayBufferWriter<byte>((int)Math.Min((long)n, BufferSize));
                    }
                }
            }

            if (DataStart > 0)
            {
                var end = start + span.Length;
                if (start <= 8 && end > 8) StartsWithBrace = span[(int)(8 - start)] == (byte)'{';
                if (Bytes is not null)
                {
                    var slice = Window(span, start, 8, DataStart);
                    if (!slice.IsEmpty) Bytes.Write(slice);
                }
            }

            return DataStart > 0 ? DataStart : long.MaxValue;
        }
    }

    /// <summary>Feeds the part of <paramref name="span"/> (which starts at file offset <paramref name="start"/>) inside [from, to).</summary>
    private static void AppendWindow(IncrementalHash hash, ReadOnlySpan<byte> span, long start, long from, long to)
    {
        var slice = Window(span, start, from, to);
        if (!slice.IsEmpty) hash.AppendData(slice);
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
