using System.Buffers.Binary;
using System.IO.Hashing;
using System.Runtime.InteropServices;
using Candor.FileSystem;

namespace Candor.Index;

/// <summary>
/// Builds an <see cref="IvfIndex"/> file: <see cref="Train"/> runs spherical k-means on a sample to find the lists'
/// centroids, <see cref="AddBatch"/> assigns every vector to its nearest centroid and keeps it as half floats, and
/// <see cref="Save"/> writes the lists one after another. <see cref="FromVectors"/> does all three for vectors already
/// in memory. Memory while building: about 2 bytes a dimension plus 12 bytes per vector.
/// </summary>
/// <remarks>Not safe for concurrent calls; each call uses <see cref="IvfIndexOptions.Threads"/> threads itself.</remarks>
public sealed unsafe class IvfIndexBuilder
{
    private const int SubBatch = 1 << 16;
    private readonly List<Batch> _batches = [];
    private readonly HashSet<long> _ids = [];
    private ushort[]? _centroids;
    private int _lists;

    private sealed record Batch(long[] Ids, int[] Lists, ushort[] Vectors);

    /// <summary>Starts a builder for vectors of <paramref name="dimensions"/> components.</summary>
    /// <exception cref="ArgumentOutOfRangeException">A dimension count or option out of range.</exception>
    public IvfIndexBuilder(int dimensions, IvfIndexOptions? options = null)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(dimensions, 1);
        ArgumentOutOfRangeException.ThrowIfGreaterThan(dimensions, VectorIndexFile.MaxDimensions);
        options ??= new IvfIndexOptions();
        options.Validate();
        Dimensions = dimensions;
        Options = options;
    }

    /// <summary>Length of every vector.</summary>
    public int Dimensions { get; }

    /// <summary>The options given.</summary>
    public IvfIndexOptions Options { get; }

    /// <summary>True once <see cref="Train"/> has found the centroids.</summary>
    public bool IsTrained => _centroids is not null;

    /// <summary>Number of lists (0 before training).</summary>
    public int Lists => _lists;

    /// <summary>Vectors added so far.</summary>
    public long Count { get; private set; }

    private int Threads => Options.Threads == 0 ? Environment.ProcessorCount : Options.Threads;

    /// <summary>
    /// Trains, adds and returns a builder ready to <see cref="Save"/>: k-means on <see cref="IvfIndexOptions.SampleFor"/>
    /// rows drawn at random (by <see cref="IvfIndexOptions.Seed"/>), then every row of <paramref name="vectors"/>.
    /// </summary>
    /// <exception cref="ArgumentException">The shapes disagree, an id repeats, or a vector is zero or not finite.</exception>
    public static IvfIndexBuilder FromVectors(int dimensions, ReadOnlySpan<long> ids, ReadOnlySpan<float> vectors, IvfIndexOptions? options = null)
    {
        var builder = new IvfIndexBuilder(dimensions, options);
        if ((long)ids.Length * dimensions != vectors.Length)
            throw new ArgumentException($"{vectors.Length} floats are not {ids.Length} vectors of {dimensions} dimensions", nameof(vectors));
        if (ids.IsEmpty) return builder;
        var rows = SampleRows(ids.Length, builder.Options.SampleFor(ids.Length), builder.Options.Seed);
        var sample = new float[rows.Length * dimensions];
        for (var i = 0; i < rows.Length; i++) vectors.Slice((int)rows[i] * dimensions, dimensions).CopyTo(sample.AsSpan(i * dimensions));
        builder.Train(sample, ids.Length);
        builder.AddBatch(ids, vectors);
        return builder;
    }

    /// <summary><paramref name="size"/> distinct row numbers below <paramref name="count"/>, chosen at random by <paramref name="seed"/>, ascending.</summary>
    internal static long[] SampleRows(long count, int size, int seed)
    {
        size = (int)Math.Min(size, count);
        var random = new Random(seed);
        var chosen = new HashSet<long>(size);
        // Floyd's algorithm: exactly size draws, each row equally likely.
        for (var j = count - size; j < count; j++)
        {
            var t = random.NextInt64(j + 1);
            if (!chosen.Add(t)) chosen.Add(j);
        }
        var rows = chosen.ToArray();
        Array.Sort(rows);
        return rows;
    }

    /// <summary>
    /// Finds the lists' centroids by spherical k-means (cosine) on <paramref name="sample"/>, rows of
    /// <see cref="Dimensions"/> floats: <see cref="IvfIndexOptions.ListsFor"/>(<paramref name="expectedCount"/>) lists
    /// (at most one per sample row), started from distinct random sample rows, <see cref="IvfIndexOptions.Iterations"/> rounds.
    /// </summary>
    /// <exception cref="ArgumentException">The sample is empty, not whole rows, or holds a zero or non-finite vector.</exception>
    /// <exception cref="InvalidOperationException">Already trained.</exception>
    public void Train(ReadOnlySpan<float> sample, long expectedCount)
    {
        if (IsTrained) throw new InvalidOperationException("the builder is already trained");
        var dim = Dimensions;
        if (sample.Length % dim != 0) throw new ArgumentException($"{sample.Length} floats are not whole vectors of {dim} dimensions", nameof(sample));
        var rows = sample.Length / dim;
        if (rows == 0) throw new ArgumentException("k-means needs at least one training vector", nameof(sample));
        var lists = (int)Math.Min(Options.ListsFor(Math.Max(expectedCount, rows)), rows);
        var points = new float[sample.Length];
        for (var r = 0; r < rows; r++) Normalized(sample.Slice(r * dim, dim), points.AsSpan(r * dim, dim), r, nameof(sample));

        var random = new Random(Options.Seed);
        var start = SampleRows(rows, lists, Options.Seed);
        random.Shuffle(start);
        var centroids = new ushort[lists * dim];
        for (var c = 0; c < lists; c++) Encode(points.AsSpan((int)start[c] * dim, dim), centroids.AsSpan(c * dim, dim));

        var assigned = new int[rows];
        for (var iteration = 0; iteration < Options.Iterations; iteration++)
        {
            Assign(points, rows, centroids, lists, assigned);
            var sums = new double[(long)lists * dim];
            var counts = new int[lists];
            for (var r = 0; r < rows; r++)
            {
                var c = assigned[r];
                counts[c]++;
                var point = points.AsSpan(r * dim, dim);
                var sum = sums.AsSpan(c * dim, dim);
                for (var d = 0; d < dim; d++) sum[d] += point[d];
            }
            var mean = new float[dim];
            for (var c = 0; c < lists; c++)
            {
                if (counts[c] == 0)
                {
                    // An empty list restarts at a random sample row, which splits the list it came from.
                    Encode(points.AsSpan(random.Next(rows) * dim, dim), centroids.AsSpan(c * dim, dim));
                    continue;
                }
                var sum = sums.AsSpan(c * dim, dim);
                var norm = 0.0;
                for (var d = 0; d < dim; d++) norm += sum[d] * sum[d];
                norm = Math.Sqrt(norm);
                if (norm == 0) continue;
                for (var d = 0; d < dim; d++) mean[d] = (float)(sum[d] / norm);
                Encode(mean, centroids.AsSpan(c * dim, dim));
            }
        }
        _centroids = centroids;
        _lists = lists;
    }

    /// <summary>
    /// Adds <paramref name="ids"/>.Length vectors, stored row after row in <paramref name="vectors"/>: each is normalised,
    /// assigned to the list of its most similar centroid and kept as half floats. A rejected batch adds nothing.
    /// </summary>
    /// <exception cref="ArgumentException">The shapes disagree, an id repeats (in the batch or the builder), or a vector is zero or not finite.</exception>
    /// <exception cref="InvalidOperationException">Not trained yet.</exception>
    public void AddBatch(ReadOnlySpan<long> ids, ReadOnlySpan<float> vectors)
    {
        var dim = Dimensions;
        if ((long)ids.Length * dim != vectors.Length)
            throw new ArgumentException($"{vectors.Length} floats are not {ids.Length} vectors of {dim} dimensions", nameof(vectors));
        if (ids.IsEmpty) return;
        if (_centroids is not { } centroids) throw new InvalidOperationException("train the builder before adding vectors");
        var fresh = new HashSet<long>(ids.Length);
        foreach (var id in ids)
            if (_ids.Contains(id) || !fresh.Add(id)) throw new ArgumentException($"id {id} is already in the index or repeats in the batch", nameof(ids));
        for (var r = 0; r < ids.Length; r++) Check(vectors.Slice(r * dim, dim), r, nameof(vectors));

        var added = new List<Batch>();
        for (var first = 0; first < ids.Length; first += SubBatch)
        {
            var rows = Math.Min(SubBatch, ids.Length - first);
            var batch = new Batch(ids.Slice(first, rows).ToArray(), new int[rows], new ushort[rows * dim]);
            var centres = Floats(centroids);
            fixed (float* source = vectors.Slice(first * dim, rows * dim))
            {
                var from = (nint)source;
                var lists = _lists;
                ParallelRows(rows, (start, end) =>
                {
                    var units = new float[Block * dim];
                    var scratch = new Scratch(lists);
                    for (var r = start; r < end; r += Block)
                    {
                        var n = Math.Min(Block, end - r);
                        for (var j = 0; j < n; j++)
                            Normalized(new ReadOnlySpan<float>((float*)from + (long)(r + j) * dim, dim), units.AsSpan(j * dim, dim), r + j, nameof(vectors));
                        Nearest(units, n, centres, lists, scratch);
                        for (var j = 0; j < n; j++)
                        {
                            batch.Lists[r + j] = scratch.Best[j];
                            Encode(units.AsSpan(j * dim, dim), batch.Vectors.AsSpan((r + j) * dim, dim));
                        }
                    }
                });
            }
            added.Add(batch);
        }
        _batches.AddRange(added);
        _ids.UnionWith(fresh);
        Count += ids.Length;
    }

    /// <summary>
    /// Writes the index to <paramref name="path"/> through <see cref="AtomicFile"/> (a temporary file renamed over the
    /// target): the header, then the centroids, the list offsets, the ids and the vectors list after list.
    /// The builder can still take adds and be saved again.
    /// </summary>
    /// <exception cref="IOException">The folder does not exist or the disk failed.</exception>
    public void Save(string path)
    {
        ArgumentException.ThrowIfNullOrEmpty(path);
        var dim = Dimensions;
        var lists = _lists;
        var count = Count;
        var layout = IvfIndexFile.LayoutFor(dim, lists, count);
        var offsets = new long[lists + 1];
        foreach (var batch in _batches)
            foreach (var list in batch.Lists) offsets[list + 1]++;
        for (var i = 0; i < lists; i++) offsets[i + 1] += offsets[i];
        // order[row] = the (batch, row in batch) stored at that row of the file.
        var order = new long[count];
        var cursor = offsets[..^1].ToArray();
        for (var b = 0; b < _batches.Count; b++)
        {
            var batchLists = _batches[b].Lists;
            for (var r = 0; r < batchLists.Length; r++) order[cursor[batchLists[r]]++] = ((long)b << 32) | (uint)r;
        }

        var hash = new XxHash3();
        var written = Emit(layout, offsets, order, hash.Append);
        var file = new IvfIndexFile(dim, lists, count, Options with { Lists = lists }, 0, written, hash.GetCurrentHashAsUInt64());
        var json = file.Json();
        file = file with { DataOffset = VectorIndexFile.BlobOffsetFor(json.Length) };
        var header = file.Encode(json);
        AtomicFile.Write(path, stream =>
        {
            stream.Write(header);
            Emit(layout, offsets, order, stream.Write);
        });
    }

    /// <summary>Produces the data part of the file in order, a buffer at a time; returns its length.</summary>
    private long Emit(IvfIndexFile.Layout layout, long[] offsets, long[] order, Action<ReadOnlySpan<byte>> sink)
    {
        var dim = Dimensions;
        var buffer = new byte[1 << 20];
        var filled = 0;
        long position = 0;
        void Put(ReadOnlySpan<byte> bytes)
        {
            while (!bytes.IsEmpty)
            {
                var n = Math.Min(bytes.Length, buffer.Length - filled);
                bytes[..n].CopyTo(buffer.AsSpan(filled));
                filled += n;
                bytes = bytes[n..];
                position += n;
                if (filled == buffer.Length)
                {
                    sink(buffer);
                    filled = 0;
                }
            }
        }
        void PadTo(long at)
        {
            Span<byte> zeros = stackalloc byte[64];
            while (position < at) Put(zeros[..(int)Math.Min(64, at - position)]);
        }

        if (_centroids is { } centroids) Put(MemoryMarshal.AsBytes(centroids.AsSpan()));
        PadTo(layout.Offsets);
        Span<byte> eight = stackalloc byte[8];
        foreach (var offset in offsets)
        {
            BinaryPrimitives.WriteInt64LittleEndian(eight, offset);
            Put(eight);
        }
        PadTo(layout.Ids);
        foreach (var at in order)
        {
            BinaryPrimitives.WriteInt64LittleEndian(eight, _batches[(int)(at >> 32)].Ids[(int)(uint)at]);
            Put(eight);
        }
        PadTo(layout.Vectors);
        foreach (var at in order)
            Put(MemoryMarshal.AsBytes(_batches[(int)(at >> 32)].Vectors.AsSpan((int)(uint)at * dim, dim)));
        if (filled > 0) sink(buffer.AsSpan(0, filled));
        return position;
    }

    /// <summary>Sets assigned[r] to the nearest centroid of every point, on every thread.</summary>
    private void Assign(float[] points, int rows, ushort[] centroids, int lists, int[] assigned)
    {
        var dim = Dimensions;
        var centres = Floats(centroids);
        ParallelRows(rows, (start, end) =>
        {
            var units = new float[Block * dim];
            var scratch = new Scratch(lists);
            for (var r = start; r < end; r += Block)
            {
                var n = Math.Min(Block, end - r);
                points.AsSpan(r * dim, n * dim).CopyTo(units);
                Nearest(units, n, centres, lists, scratch);
                scratch.Best.AsSpan(0, n).CopyTo(assigned.AsSpan(r));
            }
        });
    }

    /// <summary>The centroids as single floats (exactly the half floats' values), for the assignment kernel.</summary>
    private static float[] Floats(ushort[] halves)
    {
        var floats = new float[halves.Length];
        for (var i = 0; i < halves.Length; i++) floats[i] = HalfDot.Decode(halves[i]);
        return floats;
    }

    /// <summary>Unit vectors assigned together: their rows and a chunk of centroids stay in the processor's cache.</summary>
    private const int Block = 64;

    /// <summary>Centroids compared per pass over a block.</summary>
    private const int Chunk = 64;

    /// <summary>One thread's buffers for <see cref="Nearest"/>.</summary>
    private sealed class Scratch(int lists)
    {
        public readonly float[] Scores = new float[4 * Math.Min(Chunk, lists)];
        public readonly float[] BestScore = new float[Block];
        public readonly int[] Best = new int[Block];
    }

    /// <summary>
    /// For each of the first <paramref name="count"/> unit vectors in <paramref name="units"/>, sets <c>scratch.Best</c> to the
    /// list whose centroid has the largest dot product with it (the lowest such list on a tie).
    /// </summary>
    private void Nearest(float[] units, int count, float[] centroids, int lists, Scratch scratch)
    {
        var dim = Dimensions;
        // Pad to whole groups of four with copies of the last vector; their answers are ignored.
        for (var j = count; j % 4 != 0; j++) units.AsSpan((count - 1) * dim, dim).CopyTo(units.AsSpan(j * dim));
        var padded = (count + 3) / 4 * 4;
        Array.Fill(scratch.BestScore, float.NegativeInfinity);
        Array.Clear(scratch.Best);
        fixed (float* u = units)
        fixed (float* c = centroids)
        fixed (float* s = scratch.Scores)
        {
            for (var first = 0; first < lists; first += Chunk)
            {
                var n = Math.Min(Chunk, lists - first);
                for (var p = 0; p < padded; p += 4)
                {
                    FloatTile.Scores(u + (long)p * dim, c + (long)first * dim, n, dim, s);
                    for (var j = 0; j < 4; j++)
                        for (var i = 0; i < n; i++)
                            if (s[j * n + i] > scratch.BestScore[p + j])
                            {
                                scratch.BestScore[p + j] = s[j * n + i];
                                scratch.Best[p + j] = first + i;
                            }
                }
            }
        }
    }

    /// <summary>Runs <paramref name="body"/> over [0, rows) in chunks on <see cref="Threads"/> threads.</summary>
    private void ParallelRows(int rows, Action<int, int> body)
    {
        var threads = Math.Max(1, Math.Min(Threads, rows / 256 + 1));
        if (threads == 1)
        {
            body(0, rows);
            return;
        }
        var chunk = Math.Clamp(rows / (threads * 8), 64, 4096);
        var next = -chunk;
        Parallel.For(0, threads, new ParallelOptions { MaxDegreeOfParallelism = threads }, _ =>
        {
            int start;
            while ((start = Interlocked.Add(ref next, chunk)) < rows) body(start, Math.Min(rows, start + chunk));
        });
    }

    private static void Check(ReadOnlySpan<float> vector, int row, string parameter)
    {
        var norm = 0.0;
        foreach (var x in vector) norm += (double)x * x;
        if (!double.IsFinite(norm) || norm == 0) throw new ArgumentException($"vector {row} is zero or not finite; it has no direction to compare by cosine", parameter);
    }

    private static void Normalized(ReadOnlySpan<float> vector, Span<float> unit, int row, string parameter)
    {
        var norm = 0.0;
        foreach (var x in vector) norm += (double)x * x;
        if (!double.IsFinite(norm) || norm == 0) throw new ArgumentException($"vector {row} is zero or not finite; it has no direction to compare by cosine", parameter);
        var scale = (float)(1 / Math.Sqrt(norm));
        for (var d = 0; d < vector.Length; d++) unit[d] = vector[d] * scale;
    }

    private static void Encode(ReadOnlySpan<float> unit, Span<ushort> halves)
    {
        for (var d = 0; d < unit.Length; d++) halves[d] = HalfDot.Encode(unit[d]);
    }
}
