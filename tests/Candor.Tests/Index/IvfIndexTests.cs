using System.Buffers.Binary;
using System.IO.Hashing;
using Candor.Index;
using FsCheck;
using FsCheck.Fluent;

namespace Candor.Tests.Index;

public sealed class IvfIndexTests : IDisposable
{
    private const int Dimensions = 64;
    private readonly string _folder = Directory.CreateTempSubdirectory("candor-ivf-").FullName;

    public void Dispose() => Directory.Delete(_folder, recursive: true);

    [Fact]
    public void Probing_every_list_is_an_exact_search()
    {
        var data = ClusteredVectors.Make(3_000, Dimensions, clusters: 30, seed: 5);
        var queries = ClusteredVectors.Make(40, Dimensions, clusters: 30, seed: 5, skip: 3_000);
        using var index = Saved(IvfIndexBuilder.FromVectors(Dimensions, Ids(3_000), data, new IvfIndexOptions(Lists: 25)));

        Assert.Equal(25, index.Lists);
        for (var q = 0; q < 40; q++)
            AssertExact(data, queries.AsSpan(q * Dimensions, Dimensions), index.Search(queries.AsSpan(q * Dimensions, Dimensions), 10, probes: index.Lists), 10);
    }

    [Fact]
    public void Probing_every_list_is_exact_for_any_shape()
    {
        // Dimensions that do not fill a vector register, counts that do not fill a block of four rows, k above the count.
        var gen = from dims in Gen.Choose(1, 80)
                  from count in Gen.Choose(1, 300)
                  from lists in Gen.Choose(1, 40)
                  from k in Gen.Choose(1, 320)
                  from seed in Gen.Choose(0, 10_000)
                  select (dims, count, lists, k, seed);
        Prop.ForAll(gen.ToArbitrary(), t =>
        {
            var (dims, count, lists, k, seed) = t;
            var data = ClusteredVectors.Make(count, dims, clusters: 7, seed: seed);
            var query = ClusteredVectors.Make(1, dims, clusters: 7, seed: seed, skip: count);
            var path = Path.Combine(_folder, $"p{seed}-{dims}-{count}.civf");
            IvfIndexBuilder.FromVectors(dims, Ids(count), data, new IvfIndexOptions(Lists: lists, Iterations: 3, Seed: seed)).Save(path);
            using var index = IvfIndex.Open(path);
            var matches = index.Search(query, k, probes: 1_000_000);
            AssertExact(data, query, matches, k, dims);
            return true;
        }).QuickCheckThrowOnFailure();
    }

    [Fact]
    public void A_few_probes_find_at_least_95_percent_of_the_true_top_10_on_clustered_data()
    {
        var data = ClusteredVectors.Make(20_000, Dimensions, clusters: 100, seed: 6);
        var queries = ClusteredVectors.Make(100, Dimensions, clusters: 100, seed: 6, skip: 20_000);
        using var index = Saved(IvfIndexBuilder.FromVectors(Dimensions, Ids(20_000), data));

        var found = 0;
        for (var q = 0; q < 100; q++)
        {
            var query = queries.AsSpan(q * Dimensions, Dimensions);
            var truth = BruteForce(data, query, 10, Dimensions).Select(m => m.Id).ToHashSet();
            found += index.Search(query, 10, probes: 4).Count(m => truth.Contains(m.Id));
        }
        Assert.True(found >= 950, $"recall@10 {found / 1000.0:F3} at 4 probes of {index.Lists} lists");
        Assert.Equal(new IvfIndexOptions().ListsFor(20_000), index.Lists);
    }

    [Fact]
    public void Save_then_open_round_trips_ids_options_and_results_and_a_second_save_writes_the_same_bytes()
    {
        long[] ids = [long.MaxValue, long.MinValue, -1, 0, 1, -2, 1L << 62, -123_456_789_012_345];
        var data = ClusteredVectors.Make(ids.Length, Dimensions, clusters: 2, seed: 7);
        var options = new IvfIndexOptions(Lists: 3, Probes: 2, Iterations: 4, Seed: 9);
        var builder = IvfIndexBuilder.FromVectors(Dimensions, ids, data, options);
        var first = Path.Combine(_folder, "a.civf");
        var second = Path.Combine(_folder, "b.civf");
        builder.Save(first);
        builder.Save(second);

        Assert.Equal(File.ReadAllBytes(first), File.ReadAllBytes(second));
        using var index = IvfIndex.Open(first);
        Assert.Equal(ids.Length, index.Count);
        Assert.Equal(Dimensions, index.Dimensions);
        Assert.Equal(options, index.Options);
        Assert.Equal(ids.Length, Enumerable.Range(0, index.Lists).Sum(index.ListSize));
        for (var i = 0; i < ids.Length; i++)
        {
            var match = index.Search(data.AsSpan(i * Dimensions, Dimensions), 1, probes: 3).Single();
            Assert.Equal(ids[i], match.Id);
            Assert.Equal(1f, match.Similarity, 2);
        }
        Assert.Empty(Directory.GetFiles(_folder, "*.tmp", SearchOption.AllDirectories));
    }

    [Fact]
    public void Adds_in_several_batches_equal_one_batch()
    {
        var data = ClusteredVectors.Make(1_000, Dimensions, clusters: 10, seed: 8);
        var whole = IvfIndexBuilder.FromVectors(Dimensions, Ids(1_000), data, new IvfIndexOptions(Lists: 8));
        var parts = new IvfIndexBuilder(Dimensions, new IvfIndexOptions(Lists: 8));
        var sample = IvfIndexBuilder.SampleRows(1_000, parts.Options.SampleFor(1_000), parts.Options.Seed)
            .SelectMany(r => data.AsSpan((int)r * Dimensions, Dimensions).ToArray()).ToArray();
        parts.Train(sample, 1_000);
        parts.AddBatch(Ids(400), data.AsSpan(0, 400 * Dimensions));
        parts.AddBatch(Ids(600).Select(i => i + 400).ToArray(), data.AsSpan(400 * Dimensions));
        whole.Save(Path.Combine(_folder, "whole.civf"));
        parts.Save(Path.Combine(_folder, "parts.civf"));

        Assert.Equal(File.ReadAllBytes(Path.Combine(_folder, "whole.civf")), File.ReadAllBytes(Path.Combine(_folder, "parts.civf")));
    }

    [Fact]
    public void Bad_input_is_refused_with_a_clear_exception_and_adds_nothing()
    {
        var data = ClusteredVectors.Make(100, Dimensions, clusters: 2, seed: 10);
        var builder = new IvfIndexBuilder(Dimensions, new IvfIndexOptions(Lists: 4));
        Assert.Throws<InvalidOperationException>(() => builder.AddBatch([1], data.AsSpan(0, Dimensions)));
        Assert.Throws<ArgumentException>(() => builder.Train(data.AsSpan(0, Dimensions + 1), 10));
        Assert.Throws<ArgumentException>(() => builder.Train([], 10));
        builder.Train(data, 100);
        Assert.Throws<InvalidOperationException>(() => builder.Train(data, 100));
        Assert.Throws<ArgumentException>(() => builder.AddBatch([1, 2], data.AsSpan(0, Dimensions)));
        Assert.Throws<ArgumentException>(() => builder.AddBatch([1, 1], data.AsSpan(0, 2 * Dimensions)));
        var zero = new float[2 * Dimensions];
        data.AsSpan(0, Dimensions).CopyTo(zero);
        Assert.Throws<ArgumentException>(() => builder.AddBatch([1, 2], zero));
        zero[3] = float.NaN;
        Assert.Throws<ArgumentException>(() => builder.AddBatch([1], zero.AsSpan(0, Dimensions)));
        Assert.Equal(0, builder.Count);
        builder.AddBatch([1], data.AsSpan(0, Dimensions));
        Assert.Throws<ArgumentException>(() => builder.AddBatch([1], data.AsSpan(Dimensions, Dimensions)));
        Assert.Equal(1, builder.Count);

        using var index = Saved(builder);
        Assert.Throws<ArgumentException>(() => index.Search(new float[Dimensions - 1], 1));
        Assert.Throws<ArgumentException>(() => index.Search(new float[Dimensions], 1));
        Assert.Throws<ArgumentOutOfRangeException>(() => index.Search(data.AsSpan(0, Dimensions), 0));
        Assert.Throws<ArgumentOutOfRangeException>(() => index.Search(data.AsSpan(0, Dimensions), 1, probes: 0));
        Assert.Throws<ArgumentOutOfRangeException>(() => new IvfIndexBuilder(0));
        Assert.Throws<ArgumentOutOfRangeException>(() => new IvfIndexBuilder(8, new IvfIndexOptions(Probes: 0)));
    }

    [Fact]
    public void An_empty_index_saves_opens_and_finds_nothing()
    {
        using var untrained = Saved(new IvfIndexBuilder(Dimensions));
        Assert.Equal(0, untrained.Count);
        Assert.Equal(0, untrained.Lists);
        Assert.Empty(untrained.Search(ClusteredVectors.Make(1, Dimensions, 1, 1), 5));

        var trained = new IvfIndexBuilder(Dimensions, new IvfIndexOptions(Lists: 2));
        trained.Train(ClusteredVectors.Make(10, Dimensions, 2, 1), 10);
        using var empty = Saved(trained);
        Assert.Equal(2, empty.Lists);
        Assert.Empty(empty.Search(ClusteredVectors.Make(1, Dimensions, 1, 1), 5));
    }

    [Fact]
    public void Truncated_files_raise_a_format_error_at_every_length()
    {
        var path = Path.Combine(_folder, "t.civf");
        IvfIndexBuilder.FromVectors(8, Ids(20), ClusteredVectors.Make(20, 8, 2, 11), new IvfIndexOptions(Lists: 2)).Save(path);
        var bytes = File.ReadAllBytes(path);
        var cut = Path.Combine(_folder, "cut.civf");
        foreach (var length in new[] { 0, 1, 7, 8, 39, 40, 100, 4095, 4096, 4097 }.Concat(Enumerable.Range(1, 20).Select(i => bytes.Length - i * 37)).Where(l => l >= 0 && l < bytes.Length))
        {
            File.WriteAllBytes(cut, bytes[..length]);
            var e = Assert.Throws<CandorFormatException>(() => IvfIndex.Open(cut).Dispose());
            Assert.Contains(cut, e.Message + " " + e.Describe(), StringComparison.Ordinal);
        }
    }

    [Fact]
    public void Any_damage_to_a_file_opens_cleanly_with_the_same_answers_or_raises_a_format_error()
    {
        var path = Path.Combine(_folder, "d.civf");
        var data = ClusteredVectors.Make(50, 16, 3, 12);
        IvfIndexBuilder.FromVectors(16, Ids(50), data, new IvfIndexOptions(Lists: 3)).Save(path);
        var bytes = File.ReadAllBytes(path);
        var expected = Answers(path, data);
        var damaged = Path.Combine(_folder, "damaged.civf");
        var random = new Random(13);
        for (var trial = 0; trial < 300; trial++)
        {
            var copy = (byte[])bytes.Clone();
            var at = trial < 100 ? random.Next(4096 + 200) : random.Next(copy.Length);
            copy[at] ^= (byte)(1 << random.Next(8));
            File.WriteAllBytes(damaged, copy);
            try
            {
                Assert.Equal(expected, Answers(damaged, data));
            }
            catch (CandorFormatException)
            {
            }
        }
        File.WriteAllBytes(damaged, "CANDORVI this is another format"u8.ToArray());
        Assert.Throws<CandorFormatException>(() => IvfIndex.Open(damaged).Dispose());
    }

    [Fact]
    public void List_offsets_that_leave_the_vectors_are_refused_even_with_a_matching_checksum()
    {
        var path = Path.Combine(_folder, "o.civf");
        IvfIndexBuilder.FromVectors(16, Ids(40), ClusteredVectors.Make(40, 16, 3, 14), new IvfIndexOptions(Lists: 3)).Save(path);
        var bytes = File.ReadAllBytes(path);
        var dataOffset = BinaryPrimitives.ReadInt64LittleEndian(bytes.AsSpan(16));
        var offsets = dataOffset + IvfIndexFile.LayoutFor(16, 3, 40).Offsets;
        BinaryPrimitives.WriteInt64LittleEndian(bytes.AsSpan((int)offsets + 8), 1_000_000);
        BinaryPrimitives.WriteUInt64LittleEndian(bytes.AsSpan(32), XxHash3.HashToUInt64(bytes.AsSpan((int)dataOffset)));
        File.WriteAllBytes(path, bytes);

        var e = Assert.Throws<CandorFormatException>(() => IvfIndex.Open(path).Dispose());
        Assert.Contains("list offset 1", e.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Concurrent_searches_agree_with_sequential_ones_and_a_disposed_index_says_so()
    {
        var data = ClusteredVectors.Make(2_000, Dimensions, clusters: 20, seed: 15);
        var index = Saved(IvfIndexBuilder.FromVectors(Dimensions, Ids(2_000), data));
        var expected = Enumerable.Range(0, 200).Select(i => index.Search(data.AsSpan(i * Dimensions, Dimensions), 5)).ToArray();
        var actual = new IReadOnlyList<VectorMatch>[200];
        Parallel.For(0, 200, new ParallelOptions { MaxDegreeOfParallelism = 16 }, i => actual[i] = index.Search(data.AsSpan(i * Dimensions, Dimensions), 5));
        for (var i = 0; i < 200; i++) Assert.Equal(expected[i], actual[i]);

        index.Dispose();
        Assert.Throws<ObjectDisposedException>(() => index.Search(data.AsSpan(0, Dimensions), 1));
        index.Dispose();
    }

    [Fact]
    public void The_half_float_kernel_equals_a_plain_sum_of_products()
    {
        Prop.ForAll(Gen.Choose(1, 200).SelectMany(d => Gen.Choose(1, 11).SelectMany(c => Gen.Choose(0, 100_000).Select(s => (d, c, s)))).ToArbitrary(), t =>
        {
            var (dims, count, seed) = t;
            var random = new Random(seed);
            var query = Enumerable.Range(0, dims).Select(_ => (float)(random.NextDouble() * 2 - 1)).ToArray();
            // Values across the half range: large, ordinary, tiny (stored as zero), negative zero.
            var rows = Enumerable.Range(0, dims * count).Select(_ => HalfDot.Encode((float)((random.NextDouble() * 2 - 1) * Math.Pow(2, random.Next(-20, 10))))).ToArray();
            var scaled = new float[dims];
            HalfDot.ScaleQuery(query, scaled);
            var scores = new float[count];
            HalfDot.Scores(scaled, rows, count, dims, scores);
            for (var row = 0; row < count; row++)
            {
                double expected = 0, magnitude = 0;
                for (var d = 0; d < dims; d++)
                {
                    var value = HalfDot.Decode(rows[row * dims + d]);
                    Assert.True(value == 0 || Math.Abs(value) >= Math.Pow(2, -14), "subnormals are stored as zero");
                    expected += (double)query[d] * value;
                    magnitude += Math.Abs((double)query[d] * value);
                }
                Assert.True(Math.Abs(scores[row] - expected) <= 1e-5 * magnitude + 1e-30, $"{scores[row]} against {expected}");
            }
            return true;
        }).QuickCheckThrowOnFailure();
    }

    private IvfIndex Saved(IvfIndexBuilder builder)
    {
        var path = Path.Combine(_folder, $"{Guid.NewGuid():N}.civf");
        builder.Save(path);
        return IvfIndex.Open(path);
    }

    private static List<VectorMatch> Answers(string path, float[] data)
    {
        using var index = IvfIndex.Open(path);
        var dims = index.Dimensions;
        return Enumerable.Range(0, data.Length / dims).SelectMany(i => index.Search(data.AsSpan(i * dims, dims), 3, probes: 2)).ToList();
    }

    private static long[] Ids(int count) => Enumerable.Range(0, count).Select(i => (long)i).ToArray();

    /// <summary>The exact top k by cosine over the vectors as the index stores them (unit length, half floats), in double precision.</summary>
    private static List<(long Id, double Similarity)> BruteForce(float[] data, ReadOnlySpan<float> query, int k, int dims)
    {
        var q = Unit(query.ToArray());
        var all = new List<(long, double)>();
        for (var row = 0; row < data.Length / dims; row++)
        {
            var v = Unit(data.AsSpan(row * dims, dims).ToArray()).Select(x => (double)HalfDot.Decode(HalfDot.Encode(x))).ToArray();
            all.Add((row, Enumerable.Range(0, dims).Sum(d => q[d] * v[d])));
        }
        return all.OrderByDescending(p => p.Item2).Take(k).ToList();
    }

    private static void AssertExact(float[] data, ReadOnlySpan<float> query, IReadOnlyList<VectorMatch> matches, int k, int dims = Dimensions)
    {
        var truth = BruteForce(data, query, k, dims);
        Assert.Equal(truth.Count, matches.Count);
        var exact = BruteForce(data, query, data.Length / dims, dims).ToDictionary(p => p.Id, p => p.Similarity);
        for (var i = 0; i < matches.Count; i++)
        {
            // Same similarities in the same order; ids may differ only between (near-)equal similarities.
            Assert.Equal(truth[i].Similarity, matches[i].Similarity, 1e-4);
            Assert.Equal(exact[matches[i].Id], matches[i].Similarity, 1e-4);
        }
        Assert.Equal(matches.Count, matches.Select(m => m.Id).Distinct().Count());
    }

    /// <summary>Unit length the way the builder computes it (double-precision norm, one float scale), so that the half floats round alike.</summary>
    private static float[] Unit(float[] v)
    {
        var scale = (float)(1 / Math.Sqrt(v.Sum(x => (double)x * x)));
        return v.Select(x => x * scale).ToArray();
    }
}
