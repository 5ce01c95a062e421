using System.IO.MemoryMappedFiles;
using Candor.FileSystem;

namespace Candor.Index;

/// <summary>
/// Approximate nearest-neighbour search over embeddings by cosine similarity: an HNSW graph built and searched by
/// USearch, with vectors stored as 32-bit floats, 16-bit floats or 8-bit integers (<see cref="VectorScalar"/>).
/// Ids are the caller's own 64-bit numbers. An index is built in memory (<see cref="Create"/>, <see cref="Add"/>,
/// <see cref="AddBatch"/>), written with <see cref="Save"/>, and served from the file with <see cref="Open"/>,
/// memory-mapped by default so that many processes share one copy through the page cache.
/// </summary>
/// <remarks>
/// All members may be called from any number of threads at once. USearch keeps one search context per thread
/// "slot"; calls beyond the number of slots wait for one to free up, because USearch itself does not check and
/// would corrupt memory. A search with an expansion other than the current one changes the index-wide setting and
/// runs alone while it does. Adds to a memory-mapped index throw <see cref="InvalidOperationException"/>.
/// </remarks>
public sealed unsafe class VectorIndex : IVectorSearch
{
    private readonly ReaderWriterLockSlim _gate = new(LockRecursionPolicy.NoRecursion);
    private readonly Lock _adding = new();
    private readonly SemaphoreSlim _slots;
    private readonly int _slotCount;
    private nint _handle;
    private MemoryMappedFile? _map;
    private MemoryMappedViewAccessor? _view;
    private int _expansion;

    private VectorIndex(nint handle, int dimensions, VectorIndexOptions options, MemoryMappedFile? map, MemoryMappedViewAccessor? view)
    {
        _handle = handle;
        Dimensions = dimensions;
        Options = options;
        _map = map;
        _view = view;
        _expansion = options.ExpansionSearch;
        _slotCount = Math.Max(Environment.ProcessorCount, options.Threads);
        _slots = new SemaphoreSlim(_slotCount, _slotCount);
    }

    /// <summary>Number of vectors in the index.</summary>
    public long Count
    {
        get
        {
            _gate.EnterReadLock();
            try
            {
                return (long)VectorIndexNative.Size(Handle(), out _);
            }
            finally
            {
                _gate.ExitReadLock();
            }
        }
    }

    /// <summary>Length of every vector the index holds and every query it takes.</summary>
    public int Dimensions { get; }

    /// <summary>The options the index was built with (read back from the file for an opened index).</summary>
    public VectorIndexOptions Options { get; }

    /// <summary>True when the index serves straight from its memory-mapped file and takes no adds.</summary>
    public bool IsMemoryMapped => _view is not null;

    /// <summary>Bytes of memory USearch reports for the graph and vectors it holds (for a memory-mapped index, the part not in the file).</summary>
    internal long MemoryUsage
    {
        get
        {
            _gate.EnterReadLock();
            try
            {
                return (long)VectorIndexNative.MemoryUsage(Handle(), out _);
            }
            finally
            {
                _gate.ExitReadLock();
            }
        }
    }

    /// <summary>The SIMD kernels USearch picked on this processor for this storage (e.g. "sapphire"), or "serial".</summary>
    internal string HardwareAcceleration
    {
        get
        {
            _gate.EnterReadLock();
            try
            {
                return System.Runtime.InteropServices.Marshal.PtrToStringUTF8(VectorIndexNative.HardwareAcceleration(Handle(), out _)) ?? "unknown";
            }
            finally
            {
                _gate.ExitReadLock();
            }
        }
    }

    /// <summary>Creates an empty index for vectors of <paramref name="dimensions"/> components.</summary>
    /// <param name="dimensions">Vector length, 1…65536.</param>
    /// <param name="options">Graph and storage options; null for the defaults.</param>
    /// <exception cref="ArgumentOutOfRangeException">A dimension count or option out of range.</exception>
    public static VectorIndex Create(int dimensions, VectorIndexOptions? options = null)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(dimensions, 1);
        ArgumentOutOfRangeException.ThrowIfGreaterThan(dimensions, VectorIndexFile.MaxDimensions);
        options ??= new VectorIndexOptions();
        options.Validate();
        var init = new VectorIndexNative.InitOptions
        {
            MetricKind = VectorIndexNative.MetricCosine,
            Quantization = NativeScalar(options.Scalar),
            Dimensions = (nuint)dimensions,
            Connectivity = (nuint)options.Connectivity,
            ExpansionAdd = (nuint)options.ExpansionAdd,
            ExpansionSearch = (nuint)options.ExpansionSearch,
        };
        var handle = VectorIndexNative.Init(ref init, out var error);
        if (error != 0 || handle == 0)
        {
            if (handle != 0) VectorIndexNative.Free(handle, out _);
            VectorIndexNative.Check(error == 0 ? -1 : error, "init");
        }
        var index = new VectorIndex(handle, dimensions, options, null, null);
        index.SetThreads();
        return index;
    }

    /// <summary>Adds one vector under <paramref name="id"/>.</summary>
    /// <param name="id">The caller's id, returned by <see cref="Search"/>; any value except −1, which USearch reserves.</param>
    /// <param name="vector">Exactly <see cref="Dimensions"/> components; it need not be normalised.</param>
    /// <exception cref="ArgumentException">The vector has the wrong length, the id is −1, or the id is already in the index.</exception>
    /// <exception cref="InvalidOperationException">The index is memory-mapped (read-only).</exception>
    public void Add(long id, ReadOnlySpan<float> vector) => AddBatch([id], vector);

    /// <summary>
    /// Adds <paramref name="ids"/>.Length vectors, stored row after row in <paramref name="vectors"/>, on
    /// <see cref="VectorIndexOptions.Threads"/> threads (every core by default). Every id and the shape are checked
    /// before the first vector goes in, so a rejected batch adds nothing.
    /// </summary>
    /// <exception cref="ArgumentException"><paramref name="vectors"/> is not ids × <see cref="Dimensions"/> long, an id is −1, repeats in the batch, or is already in the index.</exception>
    /// <exception cref="InvalidOperationException">The index is memory-mapped (read-only).</exception>
    public void AddBatch(ReadOnlySpan<long> ids, ReadOnlySpan<float> vectors)
    {
        if ((long)ids.Length * Dimensions != vectors.Length)
            throw new ArgumentException($"{vectors.Length} floats are not {ids.Length} vectors of {Dimensions} dimensions", nameof(vectors));
        if (ids.IsEmpty) return;
        // One batch at a time, so that the ids checked below cannot be taken by another batch before they go in.
        lock (_adding) AddChecked(ids, vectors);
    }

    private void AddChecked(ReadOnlySpan<long> ids, ReadOnlySpan<float> vectors)
    {
        _gate.EnterWriteLock();
        try
        {
            var handle = Handle();
            if (IsMemoryMapped) throw new InvalidOperationException("a memory-mapped vector index is read-only; open it with memoryMapped: false to add to it");
            CheckNewIds(handle, ids);
            var size = VectorIndexNative.Size(handle, out _);
            var needed = size + (nuint)ids.Length;
            if (VectorIndexNative.Capacity(handle, out _) < needed)
            {
                // Grow geometrically so that one-at-a-time adds do not rebuild the node table each time.
                VectorIndexNative.Reserve(handle, Math.Max(needed, size + size / 2), out var error);
                VectorIndexNative.Check(error, "reserve");
            }
        }
        finally
        {
            _gate.ExitWriteLock();
        }

        // Adds run under the read lock: USearch links concurrent adds safely as long as each holds its own slot.
        _gate.EnterReadLock();
        try
        {
            var handle = Handle();
            fixed (long* idPointer = ids)
            fixed (float* vectorPointer = vectors)
            {
                if (ids.Length < 64)
                {
                    AddRange(handle, idPointer, vectorPointer, 0, ids.Length);
                    return;
                }
                var threads = Options.Threads == 0 ? Environment.ProcessorCount : Options.Threads;
                var idAddress = (nint)idPointer;
                var vectorAddress = (nint)vectorPointer;
                var count = ids.Length;
                var chunk = Math.Clamp(count / (threads * 16), 64, 4096);
                var next = -chunk;
                Parallel.For(0, threads, new ParallelOptions { MaxDegreeOfParallelism = threads }, _ =>
                {
                    int start;
                    while ((start = Interlocked.Add(ref next, chunk)) < count)
                        AddRange(handle, (long*)idAddress, (float*)vectorAddress, start, Math.Min(count, start + chunk));
                });
            }
        }
        finally
        {
            _gate.ExitReadLock();
        }
    }

    /// <summary>
    /// The <paramref name="k"/> stored vectors most similar to <paramref name="query"/> by cosine, most similar first
    /// (fewer when the index holds fewer; none when it is empty).
    /// </summary>
    /// <param name="query">Exactly <see cref="Dimensions"/> components; it need not be normalised.</param>
    /// <param name="k">How many matches to return, at least 1.</param>
    /// <param name="expansion">Candidates to consider (efSearch), at least 1; null for <see cref="VectorIndexOptions.ExpansionSearch"/>. Values below <paramref name="k"/> act as <paramref name="k"/>.</param>
    /// <exception cref="ArgumentException">The query has the wrong length.</exception>
    /// <exception cref="ArgumentOutOfRangeException"><paramref name="k"/> or <paramref name="expansion"/> below 1.</exception>
    public IReadOnlyList<VectorMatch> Search(ReadOnlySpan<float> query, int k, int? expansion = null)
    {
        if (query.Length != Dimensions)
            throw new ArgumentException($"the query has {query.Length} dimensions; the index has {Dimensions}", nameof(query));
        ArgumentOutOfRangeException.ThrowIfLessThan(k, 1);
        var wanted = expansion ?? Options.ExpansionSearch;
        ArgumentOutOfRangeException.ThrowIfLessThan(wanted, 1, nameof(expansion));

        _gate.EnterReadLock();
        try
        {
            if (Volatile.Read(ref _expansion) == wanted) return SearchHeld(query, k);
        }
        finally
        {
            _gate.ExitReadLock();
        }
        _gate.EnterWriteLock();
        try
        {
            var handle = Handle();
            if (_expansion != wanted)
            {
                VectorIndexNative.ChangeExpansionSearch(handle, (nuint)wanted, out var error);
                VectorIndexNative.Check(error, "change of the search expansion");
                Volatile.Write(ref _expansion, wanted);
            }
            return SearchHeld(query, k);
        }
        finally
        {
            _gate.ExitWriteLock();
        }
    }

    IReadOnlyList<VectorMatch> IVectorSearch.Search(ReadOnlySpan<float> query, int k, int? breadth) => Search(query, k, breadth);

    /// <summary>
    /// Writes the index to <paramref name="path"/> in one step: a temporary file in the same folder is renamed over
    /// the target when complete (<see cref="AtomicFile"/>). The file holds a header (dimensions, storage, options,
    /// count, format version, a checksum) followed by USearch's own serialisation, page-aligned for memory mapping.
    /// </summary>
    /// <remarks>USearch serialises into memory first, so saving needs free memory about the size of the file.</remarks>
    /// <exception cref="IOException">The folder does not exist or the disk failed.</exception>
    public void Save(string path)
    {
        ArgumentException.ThrowIfNullOrEmpty(path);
        _gate.EnterWriteLock();
        try
        {
            var handle = Handle();
            var length = (long)VectorIndexNative.SerializedLength(handle, out var error);
            VectorIndexNative.Check(error, "serialised-length query");
            var blob = (byte*)System.Runtime.InteropServices.NativeMemory.Alloc((nuint)length);
            try
            {
                VectorIndexNative.SaveBuffer(handle, blob, (nuint)length, out error);
                VectorIndexNative.Check(error, "save");
                var count = (long)VectorIndexNative.Size(handle, out _);
                var file = new VectorIndexFile(Dimensions, Options, count, 0, length, VectorIndexFile.Hash(blob, length));
                var json = file.Json();
                file = file with { BlobOffset = VectorIndexFile.BlobOffsetFor(json.Length) };
                var header = file.Encode(json);
                AtomicFile.Write(path, stream =>
                {
                    stream.Write(header);
                    using var source = new UnmanagedMemoryStream(blob, length);
                    source.CopyTo(stream, 1 << 20);
                });
            }
            finally
            {
                System.Runtime.InteropServices.NativeMemory.Free(blob);
            }
        }
        finally
        {
            _gate.ExitWriteLock();
        }
    }

    /// <summary>
    /// Opens an index written by <see cref="Save"/>. Memory-mapped (the default), the vectors and graph stay in the
    /// file and the page cache, and the index takes no adds; loaded, they are copied into memory and adds work.
    /// The header, the length and a checksum of the whole file are verified before USearch sees it, because
    /// USearch trusts its input and a damaged file could crash the process.
    /// </summary>
    /// <exception cref="CandorFormatException">Not a Candor vector index, a version this Candor cannot read, a truncated or damaged file, or a header that disagrees with the index inside it (dimensions, count, storage).</exception>
    /// <exception cref="FileNotFoundException">No file at <paramref name="path"/>.</exception>
    public static VectorIndex Open(string path, bool memoryMapped = true)
    {
        ArgumentException.ThrowIfNullOrEmpty(path);
        var fileLength = new FileInfo(path).Length;
        if (fileLength == 0) throw new CandorFormatException($"{path} is empty, not a Candor vector index", 0, kind: FormatErrorKind.Truncated);
        var map = MemoryMappedFile.CreateFromFile(path, FileMode.Open, null, 0, MemoryMappedFileAccess.Read);
        MemoryMappedViewAccessor? view = null;
        nint handle = 0;
        try
        {
            view = map.CreateViewAccessor(0, fileLength, MemoryMappedFileAccess.Read);
            byte* data = null;
            view.SafeMemoryMappedViewHandle.AcquirePointer(ref data);
            try
            {
                data += view.PointerOffset;
                var headLength = (int)Math.Min(fileLength, VectorIndexFile.FixedLength + VectorIndexFile.MaxJsonLength);
                var file = VectorIndexFile.Decode(new ReadOnlySpan<byte>(data, headLength), fileLength, path);
                var blob = data + file.BlobOffset;
                if (VectorIndexFile.Hash(blob, file.BlobLength) != file.BlobHash)
                    throw new CandorFormatException($"{path} is damaged: its checksum does not match its contents", file.BlobOffset, "USearch index");

                var init = new VectorIndexNative.InitOptions { MetricKind = VectorIndexNative.MetricCosine, Quantization = NativeScalar(file.Options.Scalar), Dimensions = (nuint)file.Dimensions };
                handle = VectorIndexNative.Init(ref init, out var error);
                VectorIndexNative.Check(error == 0 && handle == 0 ? -1 : error, "init");
                if (memoryMapped) VectorIndexNative.ViewBuffer(handle, blob, (nuint)file.BlobLength, out error);
                else VectorIndexNative.LoadBuffer(handle, blob, (nuint)file.BlobLength, out error);
                if (error != 0)
                    throw new CandorFormatException($"USearch cannot read {path}: {System.Runtime.InteropServices.Marshal.PtrToStringUTF8(error)}", file.BlobOffset, "USearch index");
                var dimensions = (long)VectorIndexNative.Dimensions(handle, out _);
                var count = (long)VectorIndexNative.Size(handle, out _);
                if (dimensions != file.Dimensions)
                    throw new CandorFormatException($"the header says {file.Dimensions} dimensions but the USearch index inside has {dimensions}", file.BlobOffset, "USearch index");
                if (count != file.Count)
                    throw new CandorFormatException($"the header says {file.Count} vectors but the USearch index inside has {count}", file.BlobOffset, "USearch index");
                var connectivity = (long)VectorIndexNative.Connectivity(handle, out _);
                if (connectivity != file.Options.Connectivity)
                    throw new CandorFormatException($"the header says connectivity {file.Options.Connectivity} but the USearch index inside has {connectivity}", file.BlobOffset, "USearch index");
                VectorIndexNative.ChangeExpansionAdd(handle, (nuint)file.Options.ExpansionAdd, out _);
                VectorIndexNative.ChangeExpansionSearch(handle, (nuint)file.Options.ExpansionSearch, out _);

                var index = memoryMapped
                    ? new VectorIndex(handle, file.Dimensions, file.Options, map, view)
                    : new VectorIndex(handle, file.Dimensions, file.Options, null, null);
                handle = 0;
                index.SetThreads();
                return index;
            }
            finally
            {
                // The view keeps its own reference to the mapping; this pointer was only for reading the header and blob.
                view.SafeMemoryMappedViewHandle.ReleasePointer();
            }
        }
        catch
        {
            if (handle != 0) VectorIndexNative.Free(handle, out _);
            view?.Dispose();
            map.Dispose();
            throw;
        }
        finally
        {
            if (!memoryMapped)
            {
                view?.Dispose();
                map.Dispose();
            }
        }
    }

    /// <summary>Frees the native index and unmaps its file. Calls after this throw <see cref="ObjectDisposedException"/>.</summary>
    public void Dispose()
    {
        _gate.EnterWriteLock();
        try
        {
            if (_handle == 0) return;
            VectorIndexNative.Free(_handle, out _);
            _handle = 0;
            _view?.Dispose();
            _map?.Dispose();
            _view = null;
            _map = null;
        }
        finally
        {
            _gate.ExitWriteLock();
        }
    }

    private nint Handle()
    {
        ObjectDisposedException.ThrowIf(_handle == 0, this);
        return _handle;
    }

    private static int NativeScalar(VectorScalar scalar) => scalar switch
    {
        VectorScalar.F32 => VectorIndexNative.ScalarF32,
        VectorScalar.F16 => VectorIndexNative.ScalarF16,
        VectorScalar.I8 => VectorIndexNative.ScalarI8,
        _ => throw new ArgumentOutOfRangeException(nameof(scalar), scalar, "not a VectorScalar"),
    };

    /// <summary>Gives USearch one add and one search context per slot the semaphore hands out.</summary>
    private void SetThreads()
    {
        VectorIndexNative.ChangeThreadsAdd(_handle, (nuint)_slotCount, out var error);
        VectorIndexNative.Check(error, "thread setup");
        VectorIndexNative.ChangeThreadsSearch(_handle, (nuint)_slotCount, out error);
        VectorIndexNative.Check(error, "thread setup");
    }

    /// <summary>Rejects −1 (USearch's empty-slot key), ids repeated within the batch and ids already present.</summary>
    private static void CheckNewIds(nint handle, ReadOnlySpan<long> ids)
    {
        var seen = ids.Length > 1 ? new HashSet<long>(ids.Length) : null;
        foreach (var id in ids)
        {
            if (id == -1) throw new ArgumentException("id −1 is reserved by the index (USearch marks empty slots with it)", nameof(ids));
            if (seen is not null && !seen.Add(id)) throw new ArgumentException($"id {id} appears twice in the batch", nameof(ids));
            if (VectorIndexNative.Contains(handle, unchecked((ulong)id), out _)) throw new ArgumentException($"id {id} is already in the index", nameof(ids));
        }
    }

    private void AddRange(nint handle, long* ids, float* vectors, int start, int end)
    {
        _slots.Wait();
        try
        {
            for (var row = start; row < end; row++)
            {
                VectorIndexNative.Add(handle, unchecked((ulong)ids[row]), vectors + (long)row * Dimensions, VectorIndexNative.ScalarF32, out var error);
                VectorIndexNative.Check(error, "add");
            }
        }
        finally
        {
            _slots.Release();
        }
    }

    /// <summary>The search itself; the caller holds the gate (read or write).</summary>
    private VectorMatch[] SearchHeld(ReadOnlySpan<float> query, int k)
    {
        var handle = Handle();
        var size = (long)VectorIndexNative.Size(handle, out _);
        if (size == 0) return [];
        var wanted = (int)Math.Min(k, size);
        Span<ulong> keys = wanted <= 256 ? stackalloc ulong[wanted] : new ulong[wanted];
        Span<float> distances = wanted <= 256 ? stackalloc float[wanted] : new float[wanted];
        nuint found;
        _slots.Wait();
        try
        {
            fixed (float* q = query)
            fixed (ulong* keyPointer = keys)
            fixed (float* distancePointer = distances)
            {
                found = VectorIndexNative.Search(handle, q, VectorIndexNative.ScalarF32, (nuint)wanted, keyPointer, distancePointer, out var error);
                VectorIndexNative.Check(error, "search");
            }
        }
        finally
        {
            _slots.Release();
        }
        var matches = new VectorMatch[(int)found];
        for (var i = 0; i < matches.Length; i++) matches[i] = new VectorMatch(unchecked((long)keys[i]), 1f - distances[i]);
        return matches;
    }
}
