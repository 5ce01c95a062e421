using System.Globalization;
using Candor.Index;
using FsCheck;
using FsCheck.Fluent;

namespace Candor.Tests.Index;

public sealed class HammingIndexTests : IDisposable
{
    private readonly string _folder = Directory.CreateTempSubdirectory("candor-hamming-").FullName;

    public void Dispose() => Directory.Delete(_folder, recursive: true);

    private string NewPath() => Path.Combine(_folder, $"{Guid.NewGuid():N}.chi");

    private static HammingCode RandomCode(Random rng) =>
        new((ulong)rng.NextInt64() ^ ((ulong)rng.Next() << 63), (ulong)rng.NextInt64() ^ ((ulong)rng.Next() << 63),
            (ulong)rng.NextInt64() ^ ((ulong)rng.Next() << 63), (ulong)rng.NextInt64() ^ ((ulong)rng.Next() << 63));

    /// <summary><paramref name="code"/> with <paramref name="distance"/> distinct random bits flipped.</summary>
    private static HammingCode Flip(HammingCode code, int distance, Random rng)
    {
        Span<ulong> w = [code.W0, code.W1, code.W2, code.W3];
        foreach (var bit in Enumerable.Range(0, 256).OrderBy(_ => rng.Next()).Take(distance)) w[bit / 64] ^= 1UL << (bit % 64);
        return new HammingCode(w[0], w[1], w[2], w[3]);
    }

    private static ulong[] Words(IReadOnlyList<HammingCode> codes) =>
        codes.SelectMany(c => new[] { c.W0, c.W1, c.W2, c.W3 }).ToArray();

    private static List<HammingMatch> BruteForce(IReadOnlyList<HammingCode> codes, HammingCode query, int radius) =>
        codes.Select((c, i) => new HammingMatch(i, c.DistanceTo(query))).Where(m => m.Distance <= radius)
            .OrderBy(m => m.Distance).ThenBy(m => m.Id).ToList();

    /// <summary>Random codes, and for one query codes planted at every distance 0..40 (three each, one of them twice).</summary>
    private static (List<HammingCode> Codes, HammingCode Query) Planted(int randomCount, int seed)
    {
        var rng = new Random(seed);
        var codes = Enumerable.Range(0, randomCount).Select(_ => RandomCode(rng)).ToList();
        var query = RandomCode(rng);
        for (var d = 0; d <= 40; d++)
            for (var copy = 0; copy < 3; copy++)
                codes.Insert(rng.Next(codes.Count + 1), Flip(query, d, rng));
        codes.Add(codes[rng.Next(codes.Count)]);
        return (codes, query);
    }

    private HammingIndex BuildAndOpen(IReadOnlyList<HammingCode> codes)
    {
        var path = NewPath();
        HammingIndex.Build(Words(codes), path);
        return HammingIndex.Open(path);
    }

    [Fact]
    public void Search_returns_exactly_the_brute_force_set_at_every_radius()
    {
        var (codes, query) = Planted(20_000, 7);
        using var index = BuildAndOpen(codes);
        var results = new List<HammingMatch>();
        var scan = new List<HammingMatch>();
        for (var radius = 0; radius <= 70; radius++)
        {
            index.Search(query, radius, results);
            Assert.Equal(BruteForce(codes, query, radius), results);
            index.Scan(query, radius, scan);
            Assert.Equal(results, scan);
        }
        index.Search(query, 40, results);
        Assert.True(results.Count >= 3 * 41, "every planted near-duplicate is found");
    }

    [Fact]
    public void The_scalar_and_simd_neighbour_tests_agree()
    {
        var (codes, query) = Planted(5_000, 8);
        using var index = BuildAndOpen(codes);
        var simd = new List<HammingMatch>();
        var scalar = new List<HammingMatch>();
        foreach (var radius in new[] { 15, 24, 31, 32, 40 })
        {
            index.Search(query, radius, simd);
            var before = HammingScan.UseSimd;
            HammingScan.UseSimd = false;
            try
            {
                index.Search(query, radius, scalar);
            }
            finally
            {
                HammingScan.UseSimd = before;
            }
            Assert.Equal(BruteForce(codes, query, radius), scalar);
            Assert.Equal(scalar, simd);
        }
    }

    [Fact]
    public void Search_equals_brute_force_for_random_sizes_radii_and_seeds()
    {
        var cases = Gen.Choose(0, 3000).SelectMany(size => Gen.Choose(0, 80).SelectMany(radius => Gen.Choose(0, int.MaxValue).Select(seed => (size, radius, seed))));
        Prop.ForAll(cases.ToArbitrary(), c =>
        {
            var rng = new Random(c.seed);
            var codes = Enumerable.Range(0, c.size).Select(_ => RandomCode(rng)).ToList();
            // Clustered codes too: near-duplicates of earlier ones, so buckets hold real matches.
            for (var i = 0; i < c.size / 4 && codes.Count > 0; i++) codes.Add(Flip(codes[rng.Next(codes.Count)], rng.Next(0, 48), rng));
            var index = BuildAndOpen(codes);
            try
            {
                var results = new List<HammingMatch>();
                for (var q = 0; q < 8; q++)
                {
                    var query = codes.Count > 0 && q % 2 == 0 ? Flip(codes[rng.Next(codes.Count)], rng.Next(0, 48), rng) : RandomCode(rng);
                    index.Search(query, c.radius, results);
                    if (!BruteForce(codes, query, c.radius).SequenceEqual(results)) return false;
                }
                return true;
            }
            finally
            {
                index.Dispose();
                File.Delete(index.Path);
            }
        }).Check(Config.QuickThrowOnFailure.WithMaxTest(40));
    }

    [SkippableFact]
    public void Reference_mih_regression_needles_in_haystack_at_radius_32_equal_brute_force()
    {
        var needles = ReadHexHashes(Corpus.Path("pdq/reg-test-input/needles.txt"));
        var haystack = ReadHexHashes(Corpus.Path("pdq/reg-test-input/haystack.txt"));
        Assert.Equal(100, needles.Count);
        Assert.Equal(1350, haystack.Count);
        using var index = BuildAndOpen(haystack);
        var results = new List<HammingMatch>();
        var total = 0;
        foreach (var needle in needles)
        {
            index.Search(needle, 32, results);
            Assert.Equal(BruteForce(haystack, needle, 32), results);
            total += results.Count;
        }
        Assert.True(total > 0, "the regression needles are near-duplicates of haystack hashes: some must match");
    }

    /// <summary>PDQ hashes as the reference writes them: 64 hex digits per line (any trailing fields after a comma are ignored).</summary>
    private static List<HammingCode> ReadHexHashes(string path) =>
        File.ReadLines(path).Select(l => l.Split(',')[0].Trim()).Where(l => l.Length > 0).Select(hex =>
        {
            Assert.Equal(64, hex.Length);
            var w = new ulong[4];
            for (var i = 0; i < 4; i++) w[i] = ulong.Parse(hex.AsSpan(i * 16, 16), NumberStyles.HexNumber, CultureInfo.InvariantCulture);
            return new HammingCode(w[0], w[1], w[2], w[3]);
        }).ToList();

    [Fact]
    public void Nearest_returns_the_k_closest_by_distance_then_id()
    {
        var (codes, query) = Planted(10_000, 9);
        using var index = BuildAndOpen(codes);
        foreach (var (k, max) in new[] { (1, 64), (5, 64), (50, 64), (200, 64), (10, 3), (0, 64) })
        {
            var expected = BruteForce(codes, query, max).Take(k).ToList();
            Assert.Equal(expected, index.Nearest(query, k, max));
        }
    }

    [Fact]
    public void Zero_items_open_search_and_verify()
    {
        var path = NewPath();
        HammingIndex.Build(ReadOnlySpan<ulong>.Empty, path);
        using var index = HammingIndex.Open(path);
        Assert.Equal(0, index.Count);
        var results = new List<HammingMatch> { new(1, 1) };
        index.Search(new HammingCode(1, 2, 3, 4), 31, results);
        Assert.Empty(results);
        index.Search(new HammingCode(1, 2, 3, 4), 256, results);
        Assert.Empty(results);
        Assert.Empty(index.Nearest(new HammingCode(1, 2, 3, 4), 3));
        index.Verify();
        Assert.Throws<ArgumentOutOfRangeException>(() => index[0]);
    }

    [Fact]
    public void One_item_is_found_within_its_distance_only()
    {
        var code = new HammingCode(0xFFFF_0000_FFFF_0000, 1, 2, 3);
        var path = NewPath();
        HammingIndex.Build([code.W0, code.W1, code.W2, code.W3], path);
        using var index = HammingIndex.Open(path);
        Assert.Equal(1, index.Count);
        Assert.Equal(code, index[0]);
        var query = new HammingCode(code.W0 ^ 0b1011, code.W1, code.W2 ^ (1UL << 63), code.W3);
        var results = new List<HammingMatch>();
        index.Search(query, 4, results);
        Assert.Equal([new HammingMatch(0, 4)], results);
        index.Search(query, 3, results);
        Assert.Empty(results);
        Assert.Equal([new HammingMatch(0, 4)], index.Nearest(query, 10));
        index.Verify();
    }

    [Fact]
    public void Building_from_an_enumeration_writes_the_same_file_as_from_a_span()
    {
        var (codes, _) = Planted(3_000, 10);
        var fromSpan = NewPath();
        var fromEnumeration = NewPath();
        HammingIndex.Build(Words(codes), fromSpan);
        HammingIndex.Build(codes, codes.Count, fromEnumeration);
        Assert.Equal(File.ReadAllBytes(fromSpan), File.ReadAllBytes(fromEnumeration));
        Assert.Throws<ArgumentException>(() => HammingIndex.Build(codes, codes.Count + 1, NewPath()));
        Assert.Throws<ArgumentException>(() => HammingIndex.Build(codes, codes.Count - 1, NewPath()));
    }

    [Fact]
    public void The_indexer_returns_every_stored_code()
    {
        var (codes, _) = Planted(500, 11);
        using var index = BuildAndOpen(codes);
        for (var i = 0; i < codes.Count; i++) Assert.Equal(codes[i], index[i]);
        Assert.Throws<ArgumentOutOfRangeException>(() => index[codes.Count]);
        Assert.Throws<ArgumentOutOfRangeException>(() => index[-1]);
    }

    [Fact]
    public void Identical_codes_are_each_reported_once_in_id_order()
    {
        var code = new HammingCode(5, 6, 7, 8);
        var codes = Enumerable.Repeat(code, 300).ToList();
        using var index = BuildAndOpen(codes);
        var results = new List<HammingMatch>();
        index.Search(code, 31, results);
        Assert.Equal(Enumerable.Range(0, 300).Select(i => new HammingMatch(i, 0)), results);
    }

    [Fact]
    public void A_truncated_file_is_a_clear_truncation_error()
    {
        var (codes, _) = Planted(2_000, 12);
        var path = NewPath();
        HammingIndex.Build(Words(codes), path);
        var bytes = File.ReadAllBytes(path);
        foreach (var length in new[] { bytes.Length - 1, bytes.Length / 2, 5000, 100 })
        {
            var cut = NewPath();
            File.WriteAllBytes(cut, bytes[..length]);
            var e = Assert.Throws<CandorFormatException>(() => HammingIndex.Open(cut));
            Assert.Equal(FormatErrorKind.Truncated, e.Kind);
            Assert.Contains(cut, e.Message);
        }
    }

    [Fact]
    public void A_foreign_or_empty_file_is_not_a_hamming_index()
    {
        foreach (var content in new[] { "\x89PNG\r\n\x1a\n and more"u8.ToArray(), [], new byte[10_000] })
        {
            var path = NewPath();
            File.WriteAllBytes(path, content);
            var e = Assert.Throws<CandorFormatException>(() => HammingIndex.Open(path));
            Assert.Contains("not a Candor Hamming index", e.Message);
            Assert.Equal(0, e.Offset);
        }
    }

    [Fact]
    public void A_damaged_header_or_bucket_table_fails_to_open_and_damaged_data_fails_verify()
    {
        var (codes, query) = Planted(2_000, 13);
        var path = NewPath();
        HammingIndex.Build(Words(codes), path);
        var good = File.ReadAllBytes(path);

        // Header: the count (covered by the header checksum).
        var bytes = (byte[])good.Clone();
        bytes[16] ^= 1;
        Assert.Contains("header's checksum", OpenError(bytes).Message);

        // Unsupported version.
        bytes = (byte[])good.Clone();
        bytes[8] = 9;
        Assert.Equal(FormatErrorKind.Unsupported, OpenError(bytes).Kind);

        // A bucket table that points past the postings: refused at open, before any search reads it.
        bytes = (byte[])good.Clone();
        var offsets = 4096 + Align(codes.Count * 32L);
        BitConverter.TryWriteBytes(bytes.AsSpan((int)offsets + 4 * 100), uint.MaxValue);
        var table = OpenError(bytes);
        Assert.Contains("chunk 0 offsets", table.Block);
        Assert.Equal(offsets + 4 * 100, table.Offset);

        // A flipped bit in a stored code: opens and searches safely; Verify names the section.
        bytes = (byte[])good.Clone();
        bytes[4096 + 32 * 7] ^= 0x10;
        var damaged = NewPath();
        File.WriteAllBytes(damaged, bytes);
        using (var index = HammingIndex.Open(damaged))
        {
            index.Search(query, 31, []);
            var e = Assert.Throws<CandorFormatException>(index.Verify);
            Assert.Contains("codes section does not match its checksum", e.Message);
            Assert.Equal(4096, e.Offset);
        }

        // A posting id out of range: searches skip it rather than read outside the codes; Verify reports the section.
        bytes = (byte[])good.Clone();
        var ids = offsets + Align(65537 * 4) + Align(codes.Count * 2L);
        for (var j = 0; j < codes.Count; j++) BitConverter.TryWriteBytes(bytes.AsSpan((int)(ids + 4 * j)), uint.MaxValue - (uint)j);
        File.WriteAllBytes(damaged, bytes);
        using (var index = HammingIndex.Open(damaged))
        {
            var results = new List<HammingMatch>();
            index.Search(query, 31, results);
            Assert.Subset(BruteForce(codes, query, 31).ToHashSet(), results.ToHashSet());
            Assert.Contains("chunk 0 ids", Assert.Throws<CandorFormatException>(index.Verify).Block);
        }

        using (var index = HammingIndex.Open(path)) index.Verify();
    }

    private static long Align(long at) => (at + 4095) / 4096 * 4096;

    private CandorFormatException OpenError(byte[] bytes)
    {
        var path = NewPath();
        File.WriteAllBytes(path, bytes);
        return Assert.Throws<CandorFormatException>(() => HammingIndex.Open(path));
    }

    [Fact]
    public void Radius_beyond_the_chunking_falls_back_to_a_scan_and_stays_exact()
    {
        var (codes, query) = Planted(3_000, 14);
        using var index = BuildAndOpen(codes);
        var results = new List<HammingMatch>();
        foreach (var radius in new[] { 100, 128, 200, 256, 1000 })
        {
            index.Search(query, radius, results);
            Assert.Equal(BruteForce(codes, query, radius), results);
        }
        Assert.Equal(codes.Count, results.Count);
    }

    [Fact]
    public void A_folder_of_segments_searches_as_one_index_with_continuing_ids()
    {
        var (codes, query) = Planted(4_000, 15);
        var folder = Path.Combine(_folder, "segments");
        var third = codes.Count / 3;
        using (var segments = HammingIndexFolder.Open(folder))
        {
            Assert.Equal(0, segments.Append(Words(codes[..third])));
            Assert.Equal(third, segments.Append(Words(codes[third..(2 * third)])));
        }
        using (var segments = HammingIndexFolder.Open(folder))
        {
            Assert.Equal(2 * third, segments.Append(Words(codes[(2 * third)..])));
            Assert.Equal(codes.Count, segments.Count);
            var results = new List<HammingMatch>();
            foreach (var radius in new[] { 0, 20, 31, 40 })
            {
                segments.Search(query, radius, results);
                Assert.Equal(BruteForce(codes, query, radius), results);
            }
            Assert.Equal(BruteForce(codes, query, 64).Take(7), segments.Nearest(query, 7));
            Assert.Equal(codes[2 * third + 1], segments[2 * third + 1]);
            segments.Verify();
        }
        File.Delete(Path.Combine(folder, "hamming-000002.chi"));
        var e = Assert.Throws<CandorFormatException>(() => HammingIndexFolder.Open(folder));
        Assert.Contains("segment is missing", e.Message);
    }

    [Fact]
    public void The_ring_plan_gives_every_radius_its_exact_share()
    {
        foreach (var radius in Enumerable.Range(0, 300))
        {
            var plan = HammingPlan.For(radius, 10_000_000);
            Assert.Equal(Math.Min(radius, 271) + 1, plan.Thresholds.Sum(t => t + 1));
        }
        Assert.False(HammingPlan.For(31, 10_000_000).Flat);
        Assert.All(HammingPlan.For(31, 10_000_000).Thresholds, t => Assert.Equal(1, t));
    }
}
