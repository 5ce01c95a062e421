using System.Buffers;
using System.Buffers.Binary;
using System.IO.MemoryMappedFiles;

namespace Candor.Index;

/// <summary>
/// Nearest-neighbour search by cosine similarity over an inverted file (IVF-flat): the vectors are split into lists by
/// k-means, and a search compares the query with every list's centroid, then with every vector of the
/// <c>probes</c> most similar lists, exactly (half-float vectors, single-float arithmetic). Probing all lists is an
/// exact search. Built by <see cref="IvfIndexBuilder"/>, served memory-mapped from its file by <see cref="Open"/>.
/// </summary>
/// <remarks>
/// Embeddings of real data sets cluster, so a query's nearest neighbours sit in few lists and a few probes find them;
/// unlike a graph index, recall does not suffer when many neighbours are almost equally similar.
/// All members may be called from any number of threads at once.
/// </remarks>
public sealed unsafe class IvfIndex : IVectorSearch
{
    private readonly ReaderWriterLockSlim _gate = new(LockRecursionPolicy.NoRecursion);
    private readonly IvfIndexFile _file;
    private MemoryMappedFile? _map;
    private MemoryMappedViewAccessor? _view;
    private byte* _data;
    private ushort* _centroids;
    private long* _offsets;
    private long* _ids;
    private ushort* _vectors;

    private IvfIndex(IvfIndexFile file, MemoryMappedFile map, MemoryMappedViewAccessor view, byte* data)
    {
        _file = file;
        _map = map;
        _view = view;
        _data = data;
        var layout = IvfIndexFile.LayoutFor(file.Dimensions, file.Lists, file.Count);
        _centroids = (ushort*)(data + layout.Centroids);
        _offsets = (long*)(data + layout.Offsets);
        _ids = (long*)(data + layout.Ids);
        _vectors = (ushort*)(data + layout.Vectors);
    }

    /// <summary>Number of vectors in the index.</summary>
    public long Count => _file.Count;

    /// <summary>Length of every vector the index holds and every query it takes.</summary>
    public int Dimensions => _file.Dimensions;

    /// <summary>Number of lists.</summary>
    public int Lists => _file.Lists;

    /// <summary>The options the index was built with; <see cref="IvfIndexOptions.Lists"/> is the number of lists it has.</summary>
    public IvfIndexOptions Options => _file.Options;

    /// <summary>Vectors in list <paramref name="list"/>.</summary>
    /// <exception cref="ArgumentOutOfRangeException">No such list.</exception>
    public long ListSize(int list)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(list);
        ArgumentOutOfRangeException.ThrowIfGreaterThanOrEqual(list, Lists);
        _gate.EnterReadLock();
        try
        {
            Data();
            return _offsets[list + 1] - _offsets[list];
        }
        finally
        {
            _gate.ExitReadLock();
        }
    }

    /// <summary>
    /// Opens an index written by <see cref="IvfIndexBuilder.Save"/>, memory-mapped. The header, the length, a checksum of
    /// all data and the list offsets are checked first, so a damaged file is refused rather than served.
    /// </summary>
    /// <exception cref="CandorFormatException">Not a Candor IVF index, another format version, a truncated or damaged file.</exception>
    /// <exception cref="FileNotFoundException">No file at <paramref name="path"/>.</exception>
    public static IvfIndex Open(string path)
    {
        ArgumentException.ThrowIfNullOrEmpty(path);
        var fileLength = new FileInfo(path).Length;
        if (fileLength == 0) throw new CandorFormatException($"{path} is empty, not a Candor IVF index", 0, kind: FormatErrorKind.Truncated);
        var map = MemoryMappedFile.CreateFromFile(path, FileMode.Open, null, 0, MemoryMappedFileAccess.Read);
        MemoryMappedViewAccessor? view = null;
        var acquired = false;
        try
        {
            view = map.CreateViewAccessor(0, fileLength, MemoryMappedFileAccess.Read);
            byte* pointer = null;
            view.SafeMemoryMappedViewHandle.AcquirePointer(ref pointer);
            acquired = true;
            pointer += view.PointerOffset;
            var headLength = (int)Math.Min(fileLength, VectorIndexFile.FixedLength + VectorIndexFile.MaxJsonLength);
            var file = IvfIndexFile.Decode(new ReadOnlySpan<byte>(pointer, headLength), fileLength, path);
            var data = pointer + file.DataOffset;
            if (VectorIndexFile.Hash(data, file.DataLength) != file.DataHash)
                throw new CandorFormatException($"{path} is damaged: its checksum does not match its contents", file.DataOffset, "IVF index data");
            CheckOffsets(file, data, path);
            return new IvfIndex(file, map, view, data);
        }
        catch
        {
            if (acquired) view!.SafeMemoryMappedViewHandle.ReleasePointer();
            view?.Dispose();
            map.Dispose();
            throw;
        }
    }

    /// <summary>Refuses list offsets that could send a search outside the vectors: they must rise from 0 to the count.</summary>
    private static void CheckOffsets(IvfIndexFile file, byte* data, string path)
    {
        if (file.Lists == 0) return;
        var layout = IvfIndexFile.LayoutFor(file.Dimensions, file.Lists, file.Count);
        var offsets = new ReadOnlySpan<byte>(data + layout.Offsets, (file.Lists + 1) * 8);
        long previous = 0;
        for (var i = 0; i <= file.Lists; i++)
        {
            var value = BinaryPrimitives.ReadInt64LittleEndian(offsets[(i * 8)..]);
            var bad = i == 0 ? value != 0 : value < previous || value > file.Count || (i == file.Lists && value != file.Count);
            if (bad)
                throw new CandorFormatException($"{path}: list offset {i} is {value}, not a rising sequence from 0 to {file.Count}", file.DataOffset + layout.Offsets + i * 8L, "IVF index offsets");
            previous = value;
        }
    }

    /// <summary>
    /// The <paramref name="k"/> stored vectors most similar to <paramref name="query"/> by cosine, most similar first, from the
    /// <paramref name="probes"/> lists whose centroids are most similar to it (fewer when the index holds fewer).
    /// </summary>
    /// <param name="query">Exactly <see cref="Dimensions"/> components; it need not be normalised.</param>
    /// <param name="k">How many matches to return, at least 1.</param>
    /// <param name="probes">Lists to scan, at least 1; null for <see cref="IvfIndexOptions.Probes"/>; values above <see cref="Lists"/> scan all of them (an exact search).</param>
    /// <exception cref="ArgumentException">The query has the wrong length, or is zero or not finite.</exception>
    /// <exception cref="ArgumentOutOfRangeException"><paramref name="k"/> or <paramref name="probes"/> below 1.</exception>
    public IReadOnlyList<VectorMatch> Search(ReadOnlySpan<float> query, int k, int? probes = null)
    {
        var dim = Dimensions;
        if (query.Length != dim)
            throw new ArgumentException($"the query has {query.Length} dimensions; the index has {dim}", nameof(query));
        ArgumentOutOfRangeException.ThrowIfLessThan(k, 1);
        var wanted = probes ?? Options.Probes;
        ArgumentOutOfRangeException.ThrowIfLessThan(wanted, 1, nameof(probes));
        var norm = 0.0;
        foreach (var x in query) norm += (double)x * x;
        if (!double.IsFinite(norm) || norm == 0) throw new ArgumentException("the query is zero or not finite", nameof(query));

        _gate.EnterReadLock();
        try
        {
            Data();
            if (Count == 0) return [];
            var lists = Lists;
            wanted = Math.Min(wanted, lists);
            var scaled = ArrayPool<float>.Shared.Rent(dim);
            var scores = ArrayPool<float>.Shared.Rent(Math.Max(lists, Block));
            try
            {
                var factor = (float)(HalfDot.Scale / Math.Sqrt(norm));
                for (var d = 0; d < dim; d++) scaled[d] = query[d] * factor;
                fixed (float* q = scaled)
                fixed (float* s = scores)
                {
                    HalfDot.Scores(q, _centroids, lists, dim, s);
                    var chosen = new TopK(wanted);
                    for (var c = 0; c < lists; c++) chosen.Offer(s[c], c);
                    var best = new TopK((int)Math.Min(k, Count));
                    for (var p = 0; p < chosen.Count; p++)
                    {
                        var list = (int)chosen.Positions[p];
                        long from = _offsets[list], to = _offsets[list + 1];
                        for (var at = from; at < to; at += Block)
                        {
                            var rows = (int)Math.Min(Block, to - at);
                            HalfDot.Scores(q, _vectors + at * dim, rows, dim, s);
                            for (var r = 0; r < rows; r++) best.Offer(s[r], at + r);
                        }
                    }
                    var matches = new VectorMatch[best.Count];
                    for (var i = 0; i < matches.Length; i++) matches[i] = new VectorMatch(_ids[best.Positions[i]], best.Scores[i]);
                    return matches;
                }
            }
            finally
            {
                ArrayPool<float>.Shared.Return(scaled);
                ArrayPool<float>.Shared.Return(scores);
            }
        }
        finally
        {
            _gate.ExitReadLock();
        }
    }

    IReadOnlyList<VectorMatch> IVectorSearch.Search(ReadOnlySpan<float> query, int k, int? breadth) => Search(query, k, breadth);

    /// <summary>Unmaps the file. Calls after this throw <see cref="ObjectDisposedException"/>.</summary>
    public void Dispose()
    {
        _gate.EnterWriteLock();
        try
        {
            if (_view is null) return;
            _view.SafeMemoryMappedViewHandle.ReleasePointer();
            _view.Dispose();
            _map?.Dispose();
            _view = null;
            _map = null;
            _data = null;
            _centroids = null;
            _offsets = null;
            _ids = null;
            _vectors = null;
        }
        finally
        {
            _gate.ExitWriteLock();
        }
    }

    private const int Block = 256;

    private void Data() => ObjectDisposedException.ThrowIf(_data is null, this);

    /// <summary>The best scores seen, best first; ties keep the earlier position.</summary>
    private struct TopK(int capacity)
    {
        public readonly float[] Scores = new float[capacity];
        public readonly long[] Positions = new long[capacity];
        public int Count;

        public void Offer(float score, long position)
        {
            if (Count == Scores.Length)
            {
                if (!(score > Scores[Count - 1])) return;
                Count--;
            }
            var at = Count++;
            while (at > 0 && Scores[at - 1] < score)
            {
                Scores[at] = Scores[at - 1];
                Positions[at] = Positions[at - 1];
                at--;
            }
            Scores[at] = score;
            Positions[at] = position;
        }
    }
}
