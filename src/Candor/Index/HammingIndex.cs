using System.IO.Hashing;
using System.IO.MemoryMappedFiles;
using System.Numerics;
using System.Runtime.InteropServices;
using System.Runtime.Intrinsics.X86;
using static Candor.Index.HammingIndexLayout;

namespace Candor.Index;

/// <summary>
/// An exact Hamming-distance index over 256-bit codes (PDQ hashes), stored in one memory-mapped file. A search
/// returns every item within the radius, the same set a scan of every code returns.
/// </summary>
/// <remarks>
/// <para>
/// The code is cut into sixteen 16-bit chunks, and each chunk has a table from its 65536 values to the items that
/// have that value (multi-index hashing, Norouzi et al.). A search for radius r probes, in each chunk, every bucket
/// within a small radius of the query's chunk (1 for r = 31); with each posting the file also stores the item's
/// next chunk, so that nearly every probed item is rejected by one 16-bit comparison before its code is read (see
/// <see cref="HammingPlan"/> for why this stays exact). Radii at which probing would cost more than reading every
/// code are answered by a scan of every code.
/// </para>
/// <para>
/// A file is immutable. To add codes, write another file with <see cref="Build(ReadOnlySpan{ulong}, string, long)"/>
/// whose first id continues the ids, and search the files together with <see cref="HammingIndexFolder"/>.
/// </para>
/// <para>Searches may run on several threads at once; <see cref="Dispose"/> must not overlap them.</para>
/// </remarks>
public sealed unsafe class HammingIndex : IDisposable
{
    private readonly MemoryMappedFile _file;
    private readonly MemoryMappedViewAccessor _view;
    private readonly byte* _base;
    private readonly Header _header;
    private readonly ulong* _codes;
    private readonly nint[] _offsets = new nint[Chunks];
    private readonly nint[] _neighbours = new nint[Chunks];
    private readonly nint[] _ids = new nint[Chunks];
    private int _disposed;

    private HammingIndex(string path, MemoryMappedFile file, MemoryMappedViewAccessor view, byte* @base, Header header)
    {
        Path = path;
        _file = file;
        _view = view;
        _base = @base;
        _header = header;
        _codes = (ulong*)(@base + header.Sections[CodesSection].Offset);
        for (var c = 0; c < Chunks; c++)
        {
            _offsets[c] = (nint)(@base + header.Sections[OffsetsSection(c)].Offset);
            _neighbours[c] = (nint)(@base + header.Sections[NeighboursSection(c)].Offset);
            _ids[c] = (nint)(@base + header.Sections[IdsSection(c)].Offset);
        }
    }

    /// <summary>The file the index was opened from.</summary>
    public string Path { get; }

    /// <summary>The number of codes in the index.</summary>
    public long Count => _header.Count;

    /// <summary>The id of the first code; ids run from <see cref="FirstId"/> to <see cref="FirstId"/> + <see cref="Count"/> − 1.</summary>
    public long FirstId => _header.FirstId;

    /// <summary>
    /// Writes the index of <paramref name="codes"/> (four words per code; the code at position i gets id i) to
    /// <paramref name="path"/>, replacing it only once the new file is complete.
    /// </summary>
    /// <exception cref="ArgumentException">The length of <paramref name="codes"/> is not a multiple of 4.</exception>
    public static void Build(ReadOnlySpan<ulong> codes, string path) => Build(codes, path, 0);

    /// <summary>
    /// Writes the index of <paramref name="codes"/> (four words per code) to <paramref name="path"/>; the code at
    /// position i gets id <paramref name="firstId"/> + i, so that a later file can continue the ids of an earlier one.
    /// </summary>
    /// <exception cref="ArgumentException">The length of <paramref name="codes"/> is not a multiple of 4.</exception>
    /// <exception cref="ArgumentOutOfRangeException"><paramref name="firstId"/> is negative.</exception>
    public static void Build(ReadOnlySpan<ulong> codes, string path, long firstId)
    {
        ArgumentException.ThrowIfNullOrEmpty(path);
        if (codes.Length % 4 != 0) throw new ArgumentException($"codes hold 4 words each; {codes.Length} words is not a whole number of codes", nameof(codes));
        fixed (ulong* p = codes)
            HammingIndexWriter.Write(p, codes.Length / 4, firstId, path);
    }

    /// <summary>
    /// Writes the index of the <paramref name="count"/> codes that <paramref name="codes"/> yields (ids 0, 1, …) to
    /// <paramref name="path"/>. The codes are held in native memory (32 bytes each) while the file is written.
    /// </summary>
    /// <exception cref="ArgumentException"><paramref name="codes"/> yields a number of codes other than <paramref name="count"/>.</exception>
    public static void Build(IEnumerable<HammingCode> codes, long count, string path)
    {
        ArgumentNullException.ThrowIfNull(codes);
        ArgumentException.ThrowIfNullOrEmpty(path);
        ArgumentOutOfRangeException.ThrowIfNegative(count);
        ArgumentOutOfRangeException.ThrowIfGreaterThan(count, MaxCount);
        var words = (ulong*)NativeMemory.Alloc((nuint)Math.Max(count, 1) * 4, sizeof(ulong));
        try
        {
            long n = 0;
            foreach (var code in codes)
            {
                if (n == count) throw new ArgumentException($"the codes are more than the {count} announced", nameof(codes));
                var w = words + n * 4;
                w[0] = code.W0;
                w[1] = code.W1;
                w[2] = code.W2;
                w[3] = code.W3;
                n++;
            }
            if (n != count) throw new ArgumentException($"the codes are {n}, not the {count} announced", nameof(codes));
            HammingIndexWriter.Write(words, count, 0, path);
        }
        finally
        {
            NativeMemory.Free(words);
        }
    }

    /// <summary>
    /// Opens the index file at <paramref name="path"/> read-only and memory-maps it. The header, the section table
    /// and every bucket table are checked; the sections' checksums are checked by <see cref="Verify"/>.
    /// </summary>
    /// <exception cref="CandorFormatException">The file is not a Hamming index, is of an unsupported version, or is truncated or damaged.</exception>
    /// <exception cref="FileNotFoundException">There is no file at <paramref name="path"/>.</exception>
    public static HammingIndex Open(string path)
    {
        ArgumentException.ThrowIfNullOrEmpty(path);
        var full = System.IO.Path.GetFullPath(path);
        // The header is read from, and the map made of, one open file: a new index renamed over the path meanwhile
        // (as AtomicFile writes) does not mix with this one.
        var stream = new FileStream(full, FileMode.Open, FileAccess.Read, FileShare.Read | FileShare.Delete, 1, FileOptions.None);
        MemoryMappedFile? file = null;
        MemoryMappedViewAccessor? view = null;
        var acquired = false;
        try
        {
            var head = new byte[(int)Math.Min(HeaderLength, stream.Length)];
            stream.ReadExactly(head);
            Header header;
            try
            {
                header = ReadHeader(head, stream.Length);
            }
            catch (CandorFormatException e)
            {
                throw new CandorFormatException($"{full}: {e.Message}", e.Offset, e.Block, e, e.Kind);
            }
            file = MemoryMappedFile.CreateFromFile(stream, null, 0, MemoryMappedFileAccess.Read, HandleInheritability.None, leaveOpen: false);
            view = file.CreateViewAccessor(0, 0, MemoryMappedFileAccess.Read);
            byte* @base = null;
            view.SafeMemoryMappedViewHandle.AcquirePointer(ref @base);
            acquired = true;
            var index = new HammingIndex(full, file, view, @base + view.PointerOffset, header);
            index.CheckBucketTables();
            return index;
        }
        catch
        {
            if (acquired) view!.SafeMemoryMappedViewHandle.ReleasePointer();
            view?.Dispose();
            file?.Dispose();
            stream.Dispose();
            throw;
        }
    }

    /// <summary>The code of item <paramref name="id"/>.</summary>
    /// <exception cref="ArgumentOutOfRangeException">No item of this index has the id.</exception>
    public HammingCode this[long id]
    {
        get
        {
            ThrowIfDisposed();
            var at = id - FirstId;
            if (at < 0 || at >= Count) throw new ArgumentOutOfRangeException(nameof(id), id, $"ids of this index run from {FirstId} to {FirstId + Count - 1}");
            var c = _codes + at * 4;
            return new HammingCode(c[0], c[1], c[2], c[3]);
        }
    }

    /// <summary>
    /// Replaces the content of <paramref name="results"/> with every item within <paramref name="radius"/> bits of
    /// <paramref name="query"/> (distance ≤ radius), sorted by distance, then id.
    /// </summary>
    /// <exception cref="ArgumentOutOfRangeException"><paramref name="radius"/> is negative.</exception>
    public void Search(in HammingCode query, int radius, List<HammingMatch> results)
    {
        ArgumentNullException.ThrowIfNull(results);
        ArgumentOutOfRangeException.ThrowIfNegative(radius);
        ThrowIfDisposed();
        results.Clear();
        var plan = HammingPlan.For(Math.Min(radius, 256), Count);
        if (plan.Flat) ScanAll(query, plan.Radius, results);
        else Probe(query, plan, results);
        results.Sort(static (a, b) => a.Distance != b.Distance ? a.Distance.CompareTo(b.Distance) : a.Id.CompareTo(b.Id));
    }

    /// <summary>
    /// The <paramref name="k"/> items nearest to <paramref name="query"/> (fewer when fewer lie within
    /// <paramref name="maxRadius"/>), sorted by distance, then id; ties at the k-th distance go to the lower ids.
    /// </summary>
    /// <exception cref="ArgumentOutOfRangeException"><paramref name="k"/> or <paramref name="maxRadius"/> is negative.</exception>
    public IReadOnlyList<HammingMatch> Nearest(in HammingCode query, int k, int maxRadius = 64)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(k);
        ArgumentOutOfRangeException.ThrowIfNegative(maxRadius);
        var results = new List<HammingMatch>();
        if (k == 0) return results;
        // Each radius is exact, so once k items lie within it the first k are the nearest; the radii grow so that
        // each search costs several times the one before and the repeats stay a small share.
        foreach (var radius in NearestRadii(maxRadius))
        {
            Search(query, radius, results);
            if (results.Count >= k) break;
        }
        if (results.Count > k) results.RemoveRange(k, results.Count - k);
        return results;
    }

    /// <summary>The growing radii <see cref="Nearest"/> tries: 7, 15, 31, 47, 63, … up to <paramref name="maxRadius"/>.</summary>
    internal static IEnumerable<int> NearestRadii(int maxRadius)
    {
        foreach (var r in new[] { 7, 15, 31 })
        {
            if (r >= maxRadius) break;
            yield return r;
        }
        for (var r = 47; r < maxRadius; r += 16) yield return r;
        yield return maxRadius;
    }

    /// <summary>
    /// Reads the whole file and checks it: every section against its checksum, every bucket table, and that each
    /// chunk's postings name every item exactly once.
    /// </summary>
    /// <exception cref="CandorFormatException">A section was changed after the file was written (the message names it and its offset).</exception>
    public void Verify()
    {
        ThrowIfDisposed();
        for (var s = 0; s < SectionCount; s++)
        {
            var section = _header.Sections[s];
            var hash = new XxHash3();
            for (long at = 0; at < section.Length;)
            {
                var n = (int)Math.Min(1 << 24, section.Length - at);
                hash.Append(new ReadOnlySpan<byte>(_base + section.Offset + at, n));
                at += n;
            }
            if (hash.GetCurrentHashAsUInt64() != section.Checksum)
                throw Damaged($"the {SectionName(s)} section does not match its checksum: the file was changed after it was written", section.Offset, s);
        }
        CheckBucketTables();
        var seen = new ulong[(Count + 63) / 64];
        for (var c = 0; c < Chunks; c++)
        {
            Array.Clear(seen);
            var ids = (uint*)_ids[c];
            for (long j = 0; j < Count; j++)
            {
                var id = ids[j];
                if (id >= Count || (seen[id >> 6] & (1UL << (int)(id & 63))) != 0)
                    throw Damaged($"posting {j} names item {id}, which is {(id >= Count ? "out of range" : "named twice")}", _header.Sections[IdsSection(c)].Offset + j * 4, IdsSection(c));
                seen[id >> 6] |= 1UL << (int)(id & 63);
            }
        }
    }

    /// <summary>Unmaps the file.</summary>
    public void Dispose()
    {
        if (Interlocked.Exchange(ref _disposed, 1) != 0) return;
        _view.SafeMemoryMappedViewHandle.ReleasePointer();
        _view.Dispose();
        _file.Dispose();
    }

    private void ThrowIfDisposed() => ObjectDisposedException.ThrowIf(_disposed != 0, this);

    private CandorFormatException Damaged(string message, long offset, int section) =>
        new($"{Path}: {message}", offset, $"Hamming index {SectionName(section)}");

    /// <summary>Checks that every chunk's bucket offsets start at 0, never decrease and end at the item count, so no probe reads outside its section.</summary>
    private void CheckBucketTables()
    {
        for (var c = 0; c < Chunks; c++)
        {
            var offsets = (uint*)_offsets[c];
            if (offsets[0] != 0)
                throw Damaged("the first bucket does not start at posting 0", _header.Sections[OffsetsSection(c)].Offset, OffsetsSection(c));
            for (var k = 0; k < Buckets; k++)
                if (offsets[k + 1] < offsets[k] || offsets[k + 1] > Count)
                    throw Damaged($"bucket {k} ends at posting {offsets[k + 1]}, before it starts or past the {Count} postings", _header.Sections[OffsetsSection(c)].Offset + (k + 1) * 4L, OffsetsSection(c));
            if (offsets[Buckets] != Count)
                throw Damaged($"the buckets hold {offsets[Buckets]} postings, not {Count}", _header.Sections[OffsetsSection(c)].Offset + Buckets * 4L, OffsetsSection(c));
        }
    }

    /// <summary>
    /// What <see cref="Search"/> returns, found by reading every code: the reference the probing search is tested
    /// and measured against.
    /// </summary>
    internal void Scan(in HammingCode query, int radius, List<HammingMatch> results)
    {
        ThrowIfDisposed();
        results.Clear();
        ScanAll(query, radius, results);
        results.Sort(static (a, b) => a.Distance != b.Distance ? a.Distance.CompareTo(b.Distance) : a.Id.CompareTo(b.Id));
    }

    /// <summary>Every item within <paramref name="radius"/>, by reading every code.</summary>
    private void ScanAll(in HammingCode query, int radius, List<HammingMatch> results) =>
        HammingScan.Scan(_codes, Count, query, radius, FirstId, results);

    /// <summary>Every item within the plan's radius, by probing the chunks' buckets.</summary>
    /// <remarks>
    /// In three passes, so that the memory reads of each pass are independent of one another and the processor
    /// overlaps their cache misses: the bucket bounds of every probe (prefetching the start of each bucket), the
    /// neighbour test over every bucket (keeping the postings that pass), then the ids and codes of those.
    /// </remarks>
    private void Probe(in HammingCode query, HammingPlan plan, List<HammingMatch> results)
    {
        var scratch = ProbeScratch.ForThread();
        var masks = HammingPlan.MasksByWeight;
        var probes = 0;
        for (var c = 0; c < Chunks; c++)
            if (plan.Thresholds[c] >= 0) probes += HammingPlan.UpToWeight[plan.Thresholds[c]];
        scratch.EnsureProbes(probes);

        var n = 0;
        for (var c = 0; c < Chunks; c++)
        {
            var t = plan.Thresholds[c];
            if (t < 0) continue;
            var next = (c + 1) & (Chunks - 1);
            var pairBound = t + plan.Thresholds[next] + 1;
            var queryChunk = ChunkOf(query, c);
            var offsets = (uint*)_offsets[c];
            var neighbours = (ushort*)_neighbours[c];
            for (var p = 0; p < HammingPlan.UpToWeight[t]; p++)
            {
                var mask = masks[p];
                var bucket = (ushort)(queryChunk ^ mask);
                var start = offsets[bucket];
                var end = offsets[bucket + 1];
                if (start == end) continue;
                for (var line = (byte*)(neighbours + start); line < (byte*)(neighbours + end); line += 64) Prefetch(line);
                scratch.Starts[n] = start;
                scratch.Ends[n] = end;
                scratch.Bounds[n] = pairBound - BitOperations.PopCount(mask);
                scratch.ProbeChunks[n] = (byte)c;
                n++;
            }
        }

        var candidates = 0;
        for (var p = 0; p < n; p++)
        {
            int c = scratch.ProbeChunks[p];
            var neighbours = (ushort*)_neighbours[c];
            var queryNext = ChunkOf(query, (c + 1) & (Chunks - 1));
            var end = scratch.Ends[p];
            var bound = scratch.Bounds[p];
            for (var j = scratch.Starts[p]; j < end;)
            {
                var hits = HammingScan.NearNeighbours(neighbours, ref j, end, queryNext, bound);
                while (hits != 0)
                {
                    scratch.EnsureCandidates(candidates + 1);
                    scratch.CandidatePositions[candidates] = j - HammingScan.Lanes + (uint)BitOperations.TrailingZeroCount(hits);
                    scratch.CandidateChunks[candidates] = (byte)c;
                    candidates++;
                    hits &= hits - 1;
                }
            }
        }

        var count = (uint)Count;
        for (var i = 0; i < candidates; i++)
        {
            var id = ((uint*)_ids[scratch.CandidateChunks[i]])[scratch.CandidatePositions[i]];
            scratch.CandidatePositions[i] = id;
            if (id < count) Prefetch(_codes + (long)id * 4);
        }
        Span<int> chunkDistances = stackalloc int[Chunks];
        for (var i = 0; i < candidates; i++)
        {
            var id = scratch.CandidatePositions[i];
            if (id >= count) continue;
            var code = _codes + (long)id * 4;
            var distance = BitOperations.PopCount(code[0] ^ query.W0) + BitOperations.PopCount(code[1] ^ query.W1)
                + BitOperations.PopCount(code[2] ^ query.W2) + BitOperations.PopCount(code[3] ^ query.W3);
            if (distance > plan.Radius) continue;
            ChunkDistances(code, query, chunkDistances);
            if (plan.FirstPassing(chunkDistances) == scratch.CandidateChunks[i]) results.Add(new HammingMatch(FirstId + id, distance));
        }
    }

    private static void Prefetch(void* address)
    {
        if (Sse.IsSupported) Sse.Prefetch0(address);
    }

    private static ushort ChunkOf(in HammingCode code, int chunk)
    {
        var word = (chunk >> 2) switch { 0 => code.W0, 1 => code.W1, 2 => code.W2, _ => code.W3 };
        return (ushort)(word >> ((chunk & 3) * 16));
    }

    private static void ChunkDistances(ulong* code, in HammingCode query, Span<int> distances)
    {
        for (var w = 0; w < 4; w++)
        {
            var x = code[w] ^ (w switch { 0 => query.W0, 1 => query.W1, 2 => query.W2, _ => query.W3 });
            for (var k = 0; k < 4; k++) distances[w * 4 + k] = BitOperations.PopCount((uint)(ushort)(x >> (16 * k)));
        }
    }
}
