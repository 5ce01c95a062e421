using Candor.Index;
using FsCheck;
using FsCheck.Fluent;

namespace Candor.Tests.Index;

public sealed class VectorIndexTests : IDisposable
{
    private const int Dimensions = 128;
    private readonly string _folder = Directory.CreateTempSubdirectory("candor-vector-").FullName;

    public void Dispose() => Directory.Delete(_folder, recursive: true);

    [Theory]
    [InlineData(VectorScalar.F32)]
    [InlineData(VectorScalar.F16)]
    [InlineData(VectorScalar.I8)]
    public void Recall_at_10_on_10k_clustered_vectors_is_at_least_0_9(VectorScalar scalar)
    {
        var data = ClusteredVectors.Make(10_000, Dimensions, clusters: 100, seed: 1);
        var queries = ClusteredVectors.Make(100, Dimensions, clusters: 100, seed: 1, skip: 10_000);
        using var index = VectorIndex.Create(Dimensions, new VectorIndexOptions(Scalar: scalar));
        index.AddBatch(Ids(10_000), data);

        Assert.Equal(10_000, index.Count);
        var recall = Recall(index, data, queries, k: 10);
        Assert.True(recall >= 0.9, $"recall@10 {recall:F3} with {scalar}");
    }

    [Fact]
    public void Similarity_is_cosine_and_the_vector_itself_comes_first()
    {
        var data = ClusteredVectors.Make(2_000, Dimensions, clusters: 20, seed: 2);
        using var index = VectorIndex.Create(Dimensions, new VectorIndexOptions(Scalar: VectorScalar.F32));
        index.AddBatch(Ids(2_000), data);

        var query = data.AsSpan(17 * Dimensions, Dimensions);
        var matches = index.Search(query, 5);

        Assert.Equal(5, matches.Count);
        Assert.Equal(17, matches[0].Id);
        Assert.Equal(1f, matches[0].Similarity, 4);
        var other = data.AsSpan((int)matches[1].Id * Dimensions, Dimensions);
        Assert.Equal(ClusteredVectors.Dot(query, other), matches[1].Similarity, 4);
        Assert.True(matches.Zip(matches.Skip(1)).All(p => p.First.Similarity >= p.Second.Similarity));
    }

    [Fact]
    public void Save_then_open_memory_mapped_and_loaded_gives_the_same_results()
    {
        var data = ClusteredVectors.Make(3_000, Dimensions, clusters: 30, seed: 3);
        var queries = ClusteredVectors.Make(50, Dimensions, clusters: 30, seed: 3, skip: 3_000);
        var path = Path.Combine(_folder, "v.cvi");
        using var built = VectorIndex.Create(Dimensions, new VectorIndexOptions(Connectivity: 12, ExpansionSearch: 40));
        built.AddBatch(Ids(3_000), data);
        built.Save(path);

        using var mapped = VectorIndex.Open(path);
        using var loaded = VectorIndex.Open(path, memoryMapped: false);

        Assert.True(mapped.IsMemoryMapped);
        Assert.False(loaded.IsMemoryMapped);
        foreach (var opened in new[] { mapped, loaded })
        {
            Assert.Equal(3_000, opened.Count);
            Assert.Equal(Dimensions, opened.Dimensions);
            Assert.Equal(built.Options, opened.Options);
            for (var q = 0; q < 50; q++)
            {
                var query = queries.AsSpan(q * Dimensions, Dimensions);
                Assert.Equal(built.Search(query, 10), opened.Search(query, 10));
            }
        }
        Assert.Empty(Directory.GetFiles(_folder, "*.tmp", SearchOption.AllDirectories));
    }

    [Fact]
    public void Ids_round_trip_through_search_and_a_saved_file()
    {
        long[] ids = [long.MaxValue, long.MinValue, 0, 1, -2, 1L << 62, 9_007_199_254_740_993, -123_456_789_012_345];
        var data = ClusteredVectors.Make(ids.Length, Dimensions, clusters: ids.Length, seed: 4);
        var path = Path.Combine(_folder, "ids.cvi");
        using (var index = VectorIndex.Create(Dimensions))
        {
            for (var i = 0; i < ids.Length; i++) index.Add(ids[i], data.AsSpan(i * Dimensions, Dimensions));
            index.Save(path);
        }

        using var opened = VectorIndex.Open(path);
        for (var i = 0; i < ids.Length; i++)
            Assert.Equal(ids[i], opened.Search(data.AsSpan(i * Dimensions, Dimensions), 1)[0].Id);
        Assert.Equal(ids.Order(), opened.Search(data.AsSpan(0, Dimensions), 100).Select(m => m.Id).Order());
    }

    [Fact]
    public void Wrong_dimensions_raise_a_clear_argument_exception()
    {
        using var index = VectorIndex.Create(Dimensions);
        index.Add(1, ClusteredVectors.Make(1, Dimensions, 1, seed: 5));

        var query = Assert.Throws<ArgumentException>(() => index.Search(new float[Dimensions - 1], 3));
        Assert.Contains($"{Dimensions - 1} dimensions", query.Message);
        Assert.Contains($"{Dimensions}", query.Message);
        Assert.Throws<ArgumentException>(() => index.Add(2, new float[Dimensions + 1]));
        Assert.Throws<ArgumentException>(() => index.AddBatch([3, 4], new float[Dimensions * 3]));
        Assert.Equal(1, index.Count);
    }

    [Fact]
    public void Bad_ids_are_refused_and_a_refused_batch_adds_nothing()
    {
        var data = ClusteredVectors.Make(4, Dimensions, 2, seed: 6);
        using var index = VectorIndex.Create(Dimensions);
        index.Add(7, data.AsSpan(0, Dimensions));

        Assert.Contains("already", Assert.Throws<ArgumentException>(() => index.AddBatch([8, 7], data.AsSpan(0, 2 * Dimensions))).Message);
        Assert.Contains("twice", Assert.Throws<ArgumentException>(() => index.AddBatch([9, 9], data.AsSpan(0, 2 * Dimensions))).Message);
        Assert.Contains("reserved", Assert.Throws<ArgumentException>(() => index.Add(-1, data.AsSpan(0, Dimensions))).Message);
        Assert.Equal(1, index.Count);
        Assert.Throws<ArgumentOutOfRangeException>(() => index.Search(data.AsSpan(0, Dimensions), 0));
        Assert.Throws<ArgumentOutOfRangeException>(() => index.Search(data.AsSpan(0, Dimensions), 1, expansion: 0));
    }

    [Fact]
    public void An_empty_index_finds_nothing_before_and_after_saving()
    {
        var path = Path.Combine(_folder, "empty.cvi");
        using (var index = VectorIndex.Create(Dimensions))
        {
            Assert.Empty(index.Search(new float[Dimensions], 10));
            index.Save(path);
        }
        using var mapped = VectorIndex.Open(path);
        using var loaded = VectorIndex.Open(path, memoryMapped: false);
        Assert.Empty(mapped.Search(new float[Dimensions], 10));
        Assert.Empty(loaded.Search(new float[Dimensions], 10));
        Assert.Equal(0, mapped.Count);
    }

    [Fact]
    public void A_memory_mapped_index_refuses_adds_and_a_loaded_one_takes_them()
    {
        var data = ClusteredVectors.Make(200, Dimensions, 4, seed: 7);
        var path = Path.Combine(_folder, "grow.cvi");
        using (var index = VectorIndex.Create(Dimensions))
        {
            index.AddBatch(Ids(100), data.AsSpan(0, 100 * Dimensions));
            index.Save(path);
        }
        using var mapped = VectorIndex.Open(path);
        Assert.Throws<InvalidOperationException>(() => mapped.Add(500, data.AsSpan(0, Dimensions)));

        using var loaded = VectorIndex.Open(path, memoryMapped: false);
        loaded.AddBatch(Enumerable.Range(100, 100).Select(i => (long)i).ToArray(), data.AsSpan(100 * Dimensions));
        Assert.Equal(200, loaded.Count);
        Assert.Equal(150, loaded.Search(data.AsSpan(150 * Dimensions, Dimensions), 1)[0].Id);
    }

    [Fact]
    public void Truncated_files_raise_a_format_error_at_every_length()
    {
        var path = SmallIndexFile("whole.cvi");
        var bytes = File.ReadAllBytes(path);
        var cut = Path.Combine(_folder, "cut.cvi");
        foreach (var length in new[] { 0, 1, 8, 39, 40, 100, 4095, 4096, 4103, bytes.Length / 2, bytes.Length - 1 })
        {
            File.WriteAllBytes(cut, bytes[..length]);
            var error = Assert.Throws<CandorFormatException>(() => VectorIndex.Open(cut));
            Assert.True(error.Kind is FormatErrorKind.Truncated or FormatErrorKind.Malformed, $"{length}: {error.Describe()}");
        }
    }

    [Fact]
    public void Foreign_and_damaged_files_raise_a_format_error()
    {
        var foreign = Path.Combine(_folder, "foreign.cvi");
        File.WriteAllBytes(foreign, [.. "\x89PNG\r\n\x1a\n"u8, .. new byte[5000]]);
        Assert.Contains("not a Candor vector index", Assert.Throws<CandorFormatException>(() => VectorIndex.Open(foreign)).Message);

        var bytes = File.ReadAllBytes(SmallIndexFile("good.cvi"));
        var damaged = Path.Combine(_folder, "damaged.cvi");
        var flipped = (byte[])bytes.Clone();
        flipped[^100] ^= 0x40;
        File.WriteAllBytes(damaged, flipped);
        Assert.Contains("checksum", Assert.Throws<CandorFormatException>(() => VectorIndex.Open(damaged, memoryMapped: false)).Message);

        var newer = (byte[])bytes.Clone();
        newer[8] = 2;
        File.WriteAllBytes(damaged, newer);
        Assert.Equal(FormatErrorKind.Unsupported, Assert.Throws<CandorFormatException>(() => VectorIndex.Open(damaged)).Kind);
    }

    [Fact]
    public void A_header_that_disagrees_with_the_index_inside_raises_a_format_error()
    {
        var bytes = File.ReadAllBytes(SmallIndexFile("mismatch.cvi"));
        var text = System.Text.Encoding.ASCII.GetString(bytes, 0, 4096);
        var at = text.IndexOf($"\"dimensions\":{Dimensions}", StringComparison.Ordinal);
        Assert.True(at > 0);
        var edited = (byte[])bytes.Clone();
        "\"dimensions\":127"u8.CopyTo(edited.AsSpan(at));
        var path = Path.Combine(_folder, "edited.cvi");
        File.WriteAllBytes(path, edited);

        var error = Assert.Throws<CandorFormatException>(() => VectorIndex.Open(path));
        Assert.Contains("127 dimensions", error.Message);
    }

    [Fact]
    public void Any_damage_to_a_file_opens_cleanly_or_raises_a_format_error()
    {
        var bytes = File.ReadAllBytes(SmallIndexFile("fuzz.cvi"));
        var path = Path.Combine(_folder, "fuzzed.cvi");
        var edits = from at in Gen.Choose(0, bytes.Length - 1)
                    from value in Gen.Choose(1, 255)
                    from cut in Gen.Choose(0, 3)
                    select (at, (byte)value, cut == 0);
        Prop.ForAll(edits.ToArbitrary(), edit =>
        {
            var changed = edit.Item3 ? bytes[..edit.at] : (byte[])bytes.Clone();
            if (!edit.Item3) changed[edit.at] ^= edit.Item2;
            File.WriteAllBytes(path, changed);
            try
            {
                using var index = VectorIndex.Open(path, memoryMapped: edit.at % 2 == 0);
                return index.Search(new float[Dimensions], 3).Count <= 3;
            }
            catch (CandorFormatException)
            {
                return true;
            }
        }).Check(Config.QuickThrowOnFailure.WithMaxTest(200));
    }

    [Fact]
    public void Many_more_concurrent_searches_than_cores_agree_with_sequential_ones()
    {
        var data = ClusteredVectors.Make(2_000, Dimensions, clusters: 20, seed: 8);
        var queries = ClusteredVectors.Make(64, Dimensions, clusters: 20, seed: 8, skip: 2_000);
        var path = Path.Combine(_folder, "parallel.cvi");
        using (var built = VectorIndex.Create(Dimensions))
        {
            built.AddBatch(Ids(2_000), data);
            built.Save(path);
        }
        using var index = VectorIndex.Open(path);
        var expected = Enumerable.Range(0, 64).Select(q => index.Search(queries.AsSpan(q * Dimensions, Dimensions), 10)).ToArray();

        var actual = new IReadOnlyList<VectorMatch>[64];
        Parallel.For(0, 64, new ParallelOptions { MaxDegreeOfParallelism = 32 }, q =>
            actual[q] = index.Search(queries.AsSpan(q * Dimensions, Dimensions), 10));

        for (var q = 0; q < 64; q++) Assert.Equal(expected[q], actual[q]);
    }

    [Fact]
    public void A_larger_expansion_per_search_raises_recall()
    {
        var data = ClusteredVectors.Make(5_000, Dimensions, clusters: 50, seed: 9);
        var queries = ClusteredVectors.Make(100, Dimensions, clusters: 50, seed: 9, skip: 5_000);
        using var index = VectorIndex.Create(Dimensions, new VectorIndexOptions(Connectivity: 4, ExpansionAdd: 16, ExpansionSearch: 10));
        index.AddBatch(Ids(5_000), data);

        var low = Recall(index, data, queries, 10, expansion: 10);
        var high = Recall(index, data, queries, 10, expansion: 400);
        Assert.True(high > low + 0.05, $"recall {high:F3} at expansion 400 against {low:F3} at 10");
        Assert.True(high >= 0.9, $"recall {high:F3} at expansion 400");
    }

    [Fact]
    public void A_disposed_index_says_so()
    {
        var index = VectorIndex.Create(Dimensions);
        index.Dispose();
        index.Dispose();
        Assert.Throws<ObjectDisposedException>(() => index.Search(new float[Dimensions], 1));
        Assert.Throws<ObjectDisposedException>(() => index.Count);
    }

    private string SmallIndexFile(string name)
    {
        var path = Path.Combine(_folder, name);
        using var index = VectorIndex.Create(Dimensions);
        index.AddBatch(Ids(300), ClusteredVectors.Make(300, Dimensions, 5, seed: 10));
        index.Save(path);
        return path;
    }

    private static long[] Ids(int count) => Enumerable.Range(0, count).Select(i => (long)i).ToArray();

    private static double Recall(VectorIndex index, float[] data, float[] queries, int k, int? expansion = null)
    {
        var count = data.Length / Dimensions;
        var found = 0;
        for (var q = 0; q < queries.Length / Dimensions; q++)
        {
            var query = queries.AsMemory(q * Dimensions, Dimensions);
            var truth = Enumerable.Range(0, count)
                .Select(i => (Id: (long)i, Score: ClusteredVectors.Dot(query.Span, data.AsSpan(i * Dimensions, Dimensions))))
                .OrderByDescending(p => p.Score).Take(k).Select(p => p.Id).ToHashSet();
            found += index.Search(query.Span, k, expansion).Count(m => truth.Contains(m.Id));
        }
        return (double)found / (queries.Length / Dimensions * k);
    }
}
