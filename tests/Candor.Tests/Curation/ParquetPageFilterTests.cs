using Candor.Curation;
using FsCheck;
using FsCheck.Fluent;
using Parquet;
using Parquet.Schema;

namespace Candor.Tests.Curation;

/// <summary>
/// The page-level Parquet filter against the Parquet.Net path: on generated files (nulls, dictionary and plain pages,
/// several row groups, an all-dropped group, each codec) both must keep exactly the same rows with the same values.
/// </summary>
public sealed class ParquetPageFilterTests : IDisposable
{
    private readonly string _dir = Directory.CreateTempSubdirectory("candor-pages-").FullName;

    public void Dispose() => Directory.Delete(_dir, recursive: true);

    private static readonly int[] GroupSizes = [120, 80, 57];

    private static readonly string?[] Licenses = ["cc-by", "cc0", null, "unknown"];

    private static string? Url(int i) => i % 13 == 5 ? null : $"https://example.org/img/{i}-{new string('x', i % 7)}.jpg";

    /// <summary>A LAION-like file: unique URLs (plain pages), a low-cardinality licence column (dictionary pages), nulls, numbers.</summary>
    private static string Make(string path, CompressionMethod codec, bool withBoolean = false)
    {
        var url = new DataField<string>("URL");
        var license = new DataField<string>("LICENSE");
        var id = new DataField<long>("id");
        var score = new DataField<double?>("score");
        var width = new DataField<int?>("WIDTH");
        var flag = new DataField<bool?>("nsfw");
        var schema = withBoolean ? new ParquetSchema(url, license, id, score, width, flag) : new ParquetSchema(url, license, id, score, width);
        using var stream = File.Create(path);
        var writer = ParquetWriter.CreateAsync(schema, stream, new ParquetOptions { CompressionMethod = codec }).GetAwaiter().GetResult();
        writer.CustomMetadata = new Dictionary<string, string> { ["pandas"] = "{\"columns\": []}" };
        var first = 0;
        foreach (var size in GroupSizes)
        {
            var rows = Enumerable.Range(first, size).ToArray();
            using (var group = writer.CreateRowGroup())
            {
                group.WriteAsync(url, rows.Select(Url).ToArray()!).GetAwaiter().GetResult();
                group.WriteAsync(license, rows.Select(i => Licenses[i % Licenses.Length]).ToArray()!).GetAwaiter().GetResult();
                group.WriteAsync(id, (ReadOnlyMemory<long>)rows.Select(i => (long)i * 1_000_003).ToArray()).GetAwaiter().GetResult();
                group.WriteAsync(score, (ReadOnlyMemory<double?>)rows.Select(i => i % 4 == 0 ? (double?)null : i / 3.0).ToArray()).GetAwaiter().GetResult();
                group.WriteAsync(width, (ReadOnlyMemory<int?>)rows.Select(i => i % 9 == 0 ? (int?)null : 64 + (i % 3)).ToArray()).GetAwaiter().GetResult();
                if (withBoolean) group.WriteAsync(flag, (ReadOnlyMemory<bool?>)rows.Select(i => i % 5 == 0 ? (bool?)null : i % 2 == 0).ToArray()).GetAwaiter().GetResult();
                group.CompleteValidate();
            }
            first += size;
        }
        writer.DisposeAsync().AsTask().GetAwaiter().GetResult();
        return path;
    }

    /// <summary>Every column's values in row order, the row group count and the key-value metadata.</summary>
    private static (List<string> Names, List<object?[]> Columns, int Groups, Dictionary<string, string> Metadata) Read(string path)
    {
        var reader = ParquetReader.CreateAsync(path).GetAwaiter().GetResult();
        try
        {
            var fields = reader.Schema.GetDataFields();
            var columns = fields.Select(_ => new List<object?>()).ToArray();
            for (var g = 0; g < reader.RowGroupCount; g++)
            {
                using var group = reader.OpenRowGroupReader(g);
                var n = (int)group.RowCount;
                for (var c = 0; c < fields.Length; c++)
                {
                    var f = fields[c];
                    object?[] values = f.ClrType switch
                    {
                        var t when t == typeof(string) || t == typeof(ReadOnlyMemory<char>) => Values<string?>(n, m => group.ReadAsync(f, m).AsTask()),
                        var t when t == typeof(long) && !f.IsNullable => Values<long>(n, m => group.ReadAsync(f, m).AsTask()),
                        var t when t == typeof(double) => Values<double?>(n, m => group.ReadAsync(f, m).AsTask()),
                        var t when t == typeof(int) => Values<int?>(n, m => group.ReadAsync(f, m).AsTask()),
                        var t when t == typeof(bool) => Values<bool?>(n, m => group.ReadAsync(f, m).AsTask()),
                        _ => throw new InvalidOperationException($"unexpected field {f}"),
                    };
                    columns[c].AddRange(values);
                }
            }
            return ([.. fields.Select(f => f.Name)], [.. columns.Select(c => c.ToArray())], reader.RowGroupCount, reader.CustomMetadata.ToDictionary());
        }
        finally
        {
            reader.DisposeAsync().AsTask().GetAwaiter().GetResult();
        }
    }

    private static object?[] Values<T>(int n, Func<Memory<T>, Task> read)
    {
        var values = new T[n];
        read(values).GetAwaiter().GetResult();
        return [.. values.Select(v => (object?)v)];
    }

    private async Task<(ConsentFilterReport Report, string Output)> Filter(string input, IEnumerable<string> forbidden, bool pages, string name)
    {
        var options = new ConsentFilterOptions { ParquetPages = pages };
        var output = Path.Combine(_dir, name);
        var report = await new ConsentFilter([new SetLookup(forbidden)], options).RunAsync(input, output);
        return (report, Path.Combine(output, Path.GetFileName(input)));
    }

    private static bool UsesPages(string path)
    {
        using var handle = File.OpenHandle(path);
        return ParquetPageFilter.Open(handle).Unsupported(handle) is null;
    }

    [Theory]
    [InlineData(CompressionMethod.None)]
    [InlineData(CompressionMethod.Snappy)]
    [InlineData(CompressionMethod.Gzip)]
    [InlineData(CompressionMethod.Zstd)]
    public void RandomDropSets_PageLevelOutputEqualsParquetNetOutput(CompressionMethod codec)
    {
        var input = Make(Path.Combine(_dir, $"in-{codec}.parquet"), codec);
        Assert.True(UsesPages(input));
        var before = Read(input);
        var total = GroupSizes.Sum();
        var run = 0;
        var dropSets = Gen.Choose(0, 100).SelectMany(percent => Gen.Choose(0, int.MaxValue).SelectMany(seed => Gen.Elements(false, true).Select(wholeGroup => (percent, seed, wholeGroup))));
        Prop.ForAll(dropSets.ToArbitrary(), t =>
        {
            var random = new Random(t.seed);
            var dropped = Enumerable.Range(0, total).Where(i => random.Next(100) < t.percent || (t.wholeGroup && i >= GroupSizes[0] && i < GroupSizes[0] + GroupSizes[1])).ToHashSet();
            var forbidden = dropped.Select(Url).OfType<string>().ToList();
            run++;
            var fast = Filter(input, forbidden, pages: true, $"fast-{run}").GetAwaiter().GetResult();
            var slow = Filter(input, forbidden, pages: false, $"slow-{run}").GetAwaiter().GetResult();
            var a = Read(fast.Output);
            var b = Read(slow.Output);
            var expected = Enumerable.Range(0, total).Where(i => Url(i) is null || !dropped.Contains(i)).ToList();
            var same = a.Names.SequenceEqual(b.Names) && a.Groups == b.Groups && a.Metadata.SequenceEqual(b.Metadata)
                && a.Columns.Zip(b.Columns).All(p => p.First.SequenceEqual(p.Second))
                && a.Columns.Zip(before.Columns).All(p => p.First.SequenceEqual(expected.Select(i => p.Second[i])))
                && fast.Report.Kept == slow.Report.Kept && fast.Report.Kept == expected.Count;
            return same;
        }).Check(Config.QuickThrowOnFailure.WithMaxTest(20));
    }

    [Fact]
    public async Task AllRowsKept_GroupsAreCopiedByteForByte()
    {
        var input = Make(Path.Combine(_dir, "in.parquet"), CompressionMethod.Snappy);
        var (report, output) = await Filter(input, [], pages: true, "out");
        Assert.Equal(GroupSizes.Sum(), report.Kept);
        var inBytes = File.ReadAllBytes(input);
        var outBytes = File.ReadAllBytes(output);
        using var inHandle = File.OpenHandle(input);
        using var outHandle = File.OpenHandle(output);
        // The data (everything before the footers) is the same bytes, in the same order.
        var inFooter = BitConverter.ToInt32(inBytes, inBytes.Length - 8);
        var outFooter = BitConverter.ToInt32(outBytes, outBytes.Length - 8);
        Assert.Equal(inBytes[..(inBytes.Length - 8 - inFooter)], outBytes[..(outBytes.Length - 8 - outFooter)]);
        Assert.Equal(Read(input).Columns, Read(output).Columns);
    }

    [Fact]
    public async Task BooleanColumn_GoesToTheParquetNetPath_AndStillFilters()
    {
        var input = Make(Path.Combine(_dir, "bool.parquet"), CompressionMethod.Snappy, withBoolean: true);
        Assert.False(UsesPages(input));
        var forbidden = Enumerable.Range(0, 50).Select(Url).OfType<string>().ToList();
        var (report, output) = await Filter(input, forbidden, pages: true, "out");
        Assert.Equal(GroupSizes.Sum() - forbidden.Count, report.Kept);
        var after = Read(output);
        var before = Read(input);
        var expected = Enumerable.Range(0, GroupSizes.Sum()).Where(i => Url(i) is not { } u || !forbidden.Contains(u)).ToList();
        for (var c = 0; c < before.Columns.Count; c++) Assert.Equal(expected.Select(i => before.Columns[c][i]), after.Columns[c]);
    }

    [SkippableFact]
    public async Task Laion10000_PageLevelOutputEqualsParquetNetOutput()
    {
        var input = Corpus.Path("datasets/laion-sample/test_10000.parquet");
        Assert.True(UsesPages(input));
        var urls = ParquetFilterTests.ReadAll(input).Columns["URL"];
        var forbidden = urls.Where((u, i) => i % 5 == 1 && u is not null).Cast<string>().ToList();
        var fast = await Filter(input, forbidden, pages: true, "fast");
        var slow = await Filter(input, forbidden, pages: false, "slow");
        var a = ParquetFilterTests.ReadAll(fast.Output);
        var b = ParquetFilterTests.ReadAll(slow.Output);
        Assert.Equal(b.Columns.Keys, a.Columns.Keys);
        foreach (var name in b.Columns.Keys) Assert.Equal(b.Columns[name], a.Columns[name]);
        Assert.Equal(b.Metadata, a.Metadata);
        Assert.Equal(slow.Report.Kept, fast.Report.Kept);
        Assert.True(fast.Report.Dropped > 1000);
    }

    [Fact]
    public void SnappyInParts_IsOneStreamThatDecodesToThePage()
    {
        // Sizes around the part boundary and several parts; text-like (compressible) and random (incompressible) bytes.
        var cases = Gen.Choose(2 * PageCodec.SnappyPart - 3, 5 * PageCodec.SnappyPart + 7).SelectMany(size => Gen.Choose(0, int.MaxValue).SelectMany(seed => Gen.Elements(false, true).Select(random => (size, seed, random))));
        Prop.ForAll(cases.ToArbitrary(), t =>
        {
            var data = new byte[t.size];
            var r = new Random(t.seed);
            if (t.random) r.NextBytes(data);
            else
                for (var i = 0; i < data.Length; i++) data[i] = (byte)"https://example.org/a/b/c-0123456789.jpg"[(i + r.Next(3)) % 40];
            var target = new byte[Snappier.Snappy.GetMaxCompressedLength(data.Length) + 32 * (data.Length / PageCodec.SnappyPart + 1)];
            var n = PageCodec.CompressSnappyInParts(data, target);
            var back = Snappier.Snappy.DecompressToArray(target.AsSpan(0, n));
            return back.AsSpan().SequenceEqual(data);
        }).Check(Config.QuickThrowOnFailure.WithMaxTest(12));
    }

    [Fact]
    public async Task LargePages_CompressedInParts_ReadBackWithParquetNet()
    {
        // One row group of 60,000 URLs is one Snappy page of about 4 MB: compressed in parts on every core.
        var path = Path.Combine(_dir, "large.parquet");
        var url = new DataField<string>("URL");
        var urls = Enumerable.Range(0, 60_000).Select(i => $"https://cdn{i % 97}.example.org/images/{i:x8}/photo-{i}.jpg").ToArray();
        await using (var stream = File.Create(path))
        {
            var writer = await ParquetWriter.CreateAsync(new ParquetSchema(url), stream, new ParquetOptions { CompressionMethod = CompressionMethod.Snappy });
            using (var group = writer.CreateRowGroup())
            {
                await group.WriteAsync(url, urls!);
                group.CompleteValidate();
            }
            await writer.DisposeAsync();
        }
        Assert.True(UsesPages(path));
        var forbidden = urls.Where((_, i) => i % 7 == 3).ToList();
        var (report, output) = await Filter(path, forbidden, pages: true, "large-out");
        var after = Read(output);
        Assert.Equal(urls.Where((_, i) => i % 7 != 3), after.Columns[0].Cast<string>());
        Assert.Equal(urls.Length - forbidden.Count, report.Kept);
    }

    [Fact]
    public void HybridRle_RoundTripsAnyValues()
    {
        var cases = Gen.Choose(0, 20).SelectMany(width => Gen.Choose(0, 3).SelectMany(kind =>
            Gen.Choose(0, width == 0 ? 0 : (1 << Math.Min(width, 20)) - 1).ArrayOf().Select(values => (width, kind, values))));
        Prop.ForAll(cases.ToArbitrary(), t =>
        {
            // Long runs too: repeat each value kind times 5.
            var values = t.values.SelectMany(v => Enumerable.Repeat(v, 1 + t.kind * 5)).ToArray();
            using var stream = new MemoryStream();
            HybridRle.Encode(values, t.width, stream);
            var decoded = new int[values.Length];
            HybridRle.Decode(stream.ToArray(), t.width, decoded);
            return decoded.SequenceEqual(values);
        }).QuickCheckThrowOnFailure();
    }

    [SkippableFact]
    public void ThriftFooter_IsWrittenBackAsRead()
    {
        var bytes = File.ReadAllBytes(Corpus.Path("datasets/laion-sample/test_10000.parquet"));
        var length = BitConverter.ToInt32(bytes, bytes.Length - 8);
        var footer = bytes.AsSpan(bytes.Length - 8 - length, length);
        var pos = 0;
        var parsed = ThriftStruct.Read(footer, ref pos);
        Assert.Equal(length, pos);
        using var again = new MemoryStream();
        parsed.Write(again);
        Assert.Equal(footer.ToArray(), again.ToArray());
    }
}
