using System.IO.Hashing;
using System.Runtime.InteropServices;
using Candor.FileSystem;
using static Candor.Index.HammingIndexLayout;

namespace Candor.Index;

/// <summary>
/// Writes a Hamming index file (layout in <see cref="HammingIndexLayout"/>) from codes in memory: one pass counts
/// every chunk's buckets, then each chunk's postings are placed by a counting sort (so ids ascend within a bucket)
/// while the previous chunk is written.
/// </summary>
internal static unsafe class HammingIndexWriter
{
    /// <summary>Writes the index of the <paramref name="count"/> codes at <paramref name="codes"/> (4 words each) to <paramref name="path"/>.</summary>
    public static void Write(ulong* codes, long count, long firstId, string path)
    {
        if (count > MaxCount) throw new ArgumentOutOfRangeException(nameof(count), count, $"one index file holds at most {MaxCount} codes");
        ArgumentOutOfRangeException.ThrowIfNegative(firstId);
        var source = (nint)codes;
        AtomicFile.Write(path, stream => WriteTo(stream, (ulong*)source, count, firstId));
    }

    private static void WriteTo(Stream stream, ulong* codes, long count, long firstId)
    {
        if (!stream.CanSeek) throw new InvalidOperationException("the index is written to a seekable file");
        var plan = Plan(count);
        var sections = new Section[SectionCount];
        stream.Write(new byte[HeaderLength]);
        sections[CodesSection] = WriteSection(stream, plan[CodesSection].Offset, (byte*)codes, count * CodeBytes);

        var histograms = Histograms(codes, count);
        // Chunk c+1 is sorted on another thread while chunk c is written.
        Task<Postings>? next = null;
        try
        {
            for (var c = 0; c < Chunks; c++)
            {
                var chunk = c;
                var postings = next is null ? Postings.Build(codes, count, chunk, histograms) : next.Result;
                next = c + 1 < Chunks ? Task.Run(() => Postings.Build(codes, count, chunk + 1, histograms)) : null;
                using (postings)
                {
                    fixed (uint* offsets = postings.Offsets)
                        sections[OffsetsSection(c)] = WriteSection(stream, plan[OffsetsSection(c)].Offset, (byte*)offsets, postings.Offsets.Length * 4L);
                    sections[NeighboursSection(c)] = WriteSection(stream, plan[NeighboursSection(c)].Offset, (byte*)postings.Neighbours, count * 2);
                    sections[IdsSection(c)] = WriteSection(stream, plan[IdsSection(c)].Offset, (byte*)postings.Ids, count * 4);
                }
            }
        }
        catch when (next is not null)
        {
            next.ContinueWith(t => t.Result.Dispose(), TaskContinuationOptions.OnlyOnRanToCompletion);
            throw;
        }
        stream.Position = 0;
        stream.Write(WriteHeader(count, firstId, sections));
    }

    /// <summary>Pads the stream to <paramref name="offset"/>, writes <paramref name="length"/> bytes and returns the section with its checksum.</summary>
    private static Section WriteSection(Stream stream, long offset, byte* bytes, long length)
    {
        if (stream.Position > offset) throw new InvalidOperationException("sections out of order");
        if (stream.Position < offset) stream.Write(new byte[offset - stream.Position]);
        var hash = new XxHash3();
        for (long at = 0; at < length;)
        {
            var n = (int)Math.Min(1 << 24, length - at);
            var span = new ReadOnlySpan<byte>(bytes + at, n);
            hash.Append(span);
            stream.Write(span);
            at += n;
        }
        return new Section(offset, length, hash.GetCurrentHashAsUInt64());
    }

    /// <summary>For every chunk, how many codes fall in each of its 65536 buckets.</summary>
    private static uint[] Histograms(ulong* codes, long count)
    {
        var h = new uint[Chunks * Buckets];
        fixed (uint* counts = h)
        {
            for (long i = 0; i < count; i++)
            {
                var code = codes + i * 4;
                for (var w = 0; w < 4; w++)
                {
                    var word = code[w];
                    var row = counts + w * 4 * Buckets;
                    row[(ushort)word]++;
                    row[Buckets + (ushort)(word >> 16)]++;
                    row[2 * Buckets + (ushort)(word >> 32)]++;
                    row[3 * Buckets + (ushort)(word >> 48)]++;
                }
            }
        }
        return h;
    }

    /// <summary>Chunk <paramref name="chunk"/> of the code at <paramref name="code"/>.</summary>
    public static ushort ChunkOf(ulong* code, int chunk) => (ushort)(code[chunk >> 2] >> ((chunk & 3) * 16));

    /// <summary>One chunk's postings, in native memory until written.</summary>
    private sealed class Postings : IDisposable
    {
        public required uint[] Offsets { get; init; }
        public required uint* Ids { get; init; }
        public required ushort* Neighbours { get; init; }

        public static Postings Build(ulong* codes, long count, int chunk, uint[] histograms)
        {
            var offsets = new uint[Buckets + 1];
            uint sum = 0;
            for (var k = 0; k < Buckets; k++)
            {
                offsets[k] = sum;
                sum += histograms[chunk * Buckets + k];
            }
            offsets[Buckets] = sum;
            var bytes = (nuint)Math.Max(count, 1);
            var postings = new Postings
            {
                Offsets = offsets,
                Ids = (uint*)NativeMemory.Alloc(bytes, sizeof(uint)),
                Neighbours = (ushort*)NativeMemory.Alloc(bytes, sizeof(ushort)),
            };
            var cursor = offsets.AsSpan(0, Buckets).ToArray();
            var word = chunk >> 2;
            var shift = (chunk & 3) * 16;
            var next = (chunk + 1) & (Chunks - 1);
            var nextWord = next >> 2;
            var nextShift = (next & 3) * 16;
            fixed (uint* cur = cursor)
            {
                for (long i = 0; i < count; i++)
                {
                    var code = codes + i * 4;
                    var at = cur[(ushort)(code[word] >> shift)]++;
                    postings.Ids[at] = (uint)i;
                    postings.Neighbours[at] = (ushort)(code[nextWord] >> nextShift);
                }
            }
            return postings;
        }

        public void Dispose()
        {
            NativeMemory.Free(Ids);
            NativeMemory.Free(Neighbours);
        }
    }
}
