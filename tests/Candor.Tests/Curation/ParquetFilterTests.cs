using System.Text.Json;
using Candor.Curation;
using Parquet;
using Parquet.Schema;

namespace Candor.Tests.Curation;

public sealed class ParquetFilterTests : IDisposable
{
    private readonly string _dir = Directory.CreateTempSubdirectory("candor-filter-").FullName;

    public void Dispose() => Directory.Delete(_dir, recursive: true);

    internal static (DataField[] Fields, Dictionary<string, object?[]> Columns, Dictionary<string, string> Metadata, int Groups) ReadAll(string path)
    {
        var reader = ParquetReader.CreateAsync(path).GetAwaiter().GetResult();
        try
        {
            return ReadAll(reader);
        }
        finally
        {
            reader.DisposeAsync().AsTask().GetAwaiter().GetResult();
        }
    }

    private static (DataField[] Fields, Dictionary<string, object?[]> Columns, Dictionary<string, string> Metadata, int Groups) ReadAll(ParquetReader reader)
    {
        var fields = reader.Schema.GetDataFields();
        var columns = fields.ToDictionary(f => f.Name, _ => new List<object?>());
        for (var g = 0; g < reader.RowGroupCount; g++)
        {
            using var group = reader.OpenRowGroupReader(g);
            foreach (var f in fields)
            {
                if (f.ClrType == typeof(long))
                {
                    var v = new long?[group.RowCount];
                    group.ReadAsync(f, v.AsMemory()).AsTask().GetAwaiter().GetResult();
                    columns[f.Name].AddRange(v.Cast<object?>());
                }
                else
                {
                    var v = new string?[group.RowCount];
                    group.ReadAsync(f, v.AsMemory()).AsTask().GetAwaiter().GetResult();
                    columns[f.Name].AddRange(v);
                }
            }
        }
        return (fields, columns.ToDictionary(c => c.Key, c => c.Value.ToArray()), reader.CustomMetadata.ToDictionary(), reader.RowGroupCount);
    }

    [SkippableFact]
    public async Task Laion10000_DropsExactlyTheForbiddenRows_AndKeepsEveryColumn()
    {
        var input = Corpus.Path("datasets/laion-sample/test_10000.parquet");
        var before = ReadAll(input);
        var urls = before.Columns["URL"];
        // A known subset: every 7th row's URL (repeated URLs elsewhere go with them).
        var forbidden = urls.Where((u, i) => i % 7 == 3 && u is not null).Cast<string>().ToHashSet();
        var lookup = new SetLookup(forbidden);
        var inputBytes = File.ReadAllBytes(input);

        var report = await new ConsentFilter([lookup]).RunAsync(input, Path.Combine(_dir, "out"));

        var output = Path.Combine(_dir, "out", "test_10000.parquet");
        var after = ReadAll(output);
        var expected = Enumerable.Range(0, urls.Length).Where(i => urls[i] is not string u || !forbidden.Contains(u)).ToList();
        Assert.Equal(expected.Count, after.Columns["URL"].Length);
        Assert.Equal(before.Fields.Select(f => (f.Name, f.ClrType, f.IsNullable)), after.Fields.Select(f => (f.Name, f.ClrType, f.IsNullable)));
        foreach (var name in before.Columns.Keys)
            Assert.Equal(expected.Select(i => before.Columns[name][i]), after.Columns[name]);
        Assert.Equal(before.Metadata, after.Metadata);
        Assert.Equal(before.Groups, after.Groups);
        Assert.Equal(inputBytes, File.ReadAllBytes(input));

        Assert.Equal(10_000, report.Items);
        Assert.Equal(expected.Count, report.Kept);
        Assert.Equal(10_000 - expected.Count, report.Dropped);
        Assert.Equal([10_000], lookup.Batches);
        var dropped = Assert.Single(report.Reasons, r => r.Dropped);
        Assert.Equal(("registry", "opted out by url", 10_000 - expected.Count), (dropped.Signal, dropped.Detail, dropped.Count));
        Assert.Equal(5, dropped.Samples.Count);
        Assert.All(dropped.Samples, s => Assert.Contains(s.Url!, forbidden));

        using var audit = JsonDocument.Parse(File.ReadAllText(Path.Combine(_dir, "out", ConsentFilter.AuditJsonName)));
        Assert.Equal("candor.consent-filter/1", audit.RootElement.GetProperty("schema").GetString());
        Assert.Equal(10_000 - expected.Count, audit.RootElement.GetProperty("totals").GetProperty("dropped").GetInt64());
        Assert.Contains("opted out by url", File.ReadAllText(Path.Combine(_dir, "out", ConsentFilter.AuditMarkdownName)));
    }

    [SkippableFact]
    public async Task SmallBatches_AreEachAtMostTheBatchSize()
    {
        var input = Corpus.Path("datasets/laion-sample/test_1000.parquet");
        var lookup = new SetLookup();
        var report = await new ConsentFilter([lookup], new ConsentFilterOptions { BatchSize = 300 }).RunAsync(input, Path.Combine(_dir, "out"));
        Assert.Equal([300, 300, 300, 100], lookup.Batches);
        Assert.Equal(1000, report.Kept);
        Assert.Equal(1000, ReadAll(Path.Combine(_dir, "out", "test_1000.parquet")).Columns["URL"].Length);
    }

    [SkippableFact]
    public async Task Sha256Column_IsSentWithTheUrl()
    {
        var input = Corpus.Path("datasets/laion-sample/sample_image.parquet");
        var lookup = new SetLookup(sha256: ["08dc1f9bc6a55a04882a2cc3ac792feca030362ddd62990c74b708fe1606ef47"]);
        var report = await new ConsentFilter([lookup]).RunAsync(input, Path.Combine(_dir, "out"));
        Assert.All(lookup.Asked, q => Assert.NotNull(q.Url));
        Assert.Equal(1, report.Dropped);
        var after = ReadAll(Path.Combine(_dir, "out", "sample_image.parquet"));
        Assert.NotEqual("08dc1f9bc6a55a04882a2cc3ac792feca030362ddd62990c74b708fe1606ef47", Assert.Single(after.Columns["sha256hash"]));
    }

    [SkippableFact]
    public async Task EveryRowForbidden_WritesAValidEmptyFile()
    {
        var input = Corpus.Path("datasets/laion-sample/test_1000.parquet");
        var urls = ReadAll(input).Columns["URL"].OfType<string>();
        var report = await new ConsentFilter([new SetLookup(urls)]).RunAsync(input, Path.Combine(_dir, "out"));
        Assert.Equal(0, report.Kept);
        var after = ReadAll(Path.Combine(_dir, "out", "test_1000.parquet"));
        Assert.Empty(after.Columns["URL"]);
        Assert.Equal(3, after.Fields.Length);
    }

    [SkippableFact]
    public async Task BrokenParquet_IsReportedAndSkipped_OtherShardsWritten()
    {
        var data = Directory.CreateDirectory(Path.Combine(_dir, "in")).FullName;
        File.Copy(Corpus.Path("datasets/laion-sample/test_1000.parquet"), Path.Combine(data, "part-0.parquet"));
        var bytes = File.ReadAllBytes(Corpus.Path("datasets/laion-sample/test_1000.parquet"));
        File.WriteAllBytes(Path.Combine(data, "part-1.parquet"), bytes[..(bytes.Length / 2)]);
        var garbage = (byte[])bytes.Clone();
        Array.Fill(garbage, (byte)0x55, 200, 4000);
        File.WriteAllBytes(Path.Combine(data, "part-2.parquet"), garbage);

        var report = await new ConsentFilter([new SetLookup()]).RunAsync(data, Path.Combine(_dir, "out"));

        Assert.True(report.Shards[0].Written);
        Assert.False(report.Shards[1].Written);
        Assert.Contains("truncated", report.Shards[1].Problem);
        Assert.False(report.Shards[2].Written);
        Assert.True(File.Exists(Path.Combine(_dir, "out", "part-0.parquet")));
        Assert.False(File.Exists(Path.Combine(_dir, "out", "part-1.parquet")));
        Assert.False(File.Exists(Path.Combine(_dir, "out", "part-2.parquet")));
        Assert.Empty(Directory.GetFiles(Path.Combine(_dir, "out"), "*.tmp", SearchOption.AllDirectories));
        Assert.Equal(1000, report.Kept);
        Assert.True(report.ProblemCount >= 2);
    }

    [SkippableFact]
    public async Task FailingLookup_StopsTheRun_WithTheReasonInTheAudit()
    {
        var data = Directory.CreateDirectory(Path.Combine(_dir, "in")).FullName;
        File.Copy(Corpus.Path("datasets/laion-sample/test_1000.parquet"), Path.Combine(data, "a.parquet"));
        File.Copy(Corpus.Path("datasets/laion-sample/test_1000.parquet"), Path.Combine(data, "b.parquet"));
        var lookup = new SetLookup { FailWith = new RegistryClientException("registry down", 503) };

        var report = await new ConsentFilter([lookup]).RunAsync(data, Path.Combine(_dir, "out"));

        Assert.Contains("registry down", report.Stopped);
        Assert.Single(report.Shards);
        Assert.False(report.Shards[0].Written);
        Assert.False(File.Exists(Path.Combine(_dir, "out", "a.parquet")));
        Assert.Contains("registry down", File.ReadAllText(Path.Combine(_dir, "out", ConsentFilter.AuditJsonName)));
    }

    [SkippableFact]
    public async Task OutputIntoTheInputFolder_IsRefused()
    {
        var data = Directory.CreateDirectory(Path.Combine(_dir, "in")).FullName;
        File.Copy(Corpus.Path("datasets/laion-sample/test_1000.parquet"), Path.Combine(data, "a.parquet"));
        await Assert.ThrowsAsync<ArgumentException>(() => new ConsentFilter([new SetLookup()]).RunAsync(data, data + "/"));
    }

    [Fact]
    public async Task UnknownColumnsAndNulls_AreCopiedValueForValue()
    {
        var path = Path.Combine(_dir, "odd.parquet");
        var schema = new ParquetSchema(new DataField<string>("url"), new DataField<double?>("score"), new DataField<int[]>("tags"), new DataField<bool>("flag"));
        var max = schema.DataFields[2].MaxDefinitionLevel;
        await using (var stream = File.Create(path))
        await using (var writer = await ParquetWriter.CreateAsync(schema, stream))
        {
            writer.CustomMetadata = new Dictionary<string, string> { ["origin"] = "test" };
            for (var g = 0; g < 2; g++)
            {
                using var rg = writer.CreateRowGroup();
                await rg.WriteAsync<ReadOnlyMemory<char>>(schema.DataFields[0], new ReadOnlyMemory<char>?[] { $"https://a/{g}/0".AsMemory(), null, $"https://a/{g}/2".AsMemory() });
                await rg.WriteAsync<double>(schema.DataFields[1], new double?[] { 1.5, null, -2 });
                // Rows: [1, 2], [], [3, 4].
                await rg.WriteAllPartsAsync<int>(schema.DataFields[2], new[] { 1, 2, 3, 4 }, new[] { max, max, max - 1, max, max }, new[] { 0, 1, 0, 0, 1 }, default);
                await rg.WriteAsync<bool>(schema.DataFields[3], new[] { true, false, true });
            }
        }
        var report = await new ConsentFilter([new SetLookup(["https://a/0/0", "https://a/1/2"])]).RunAsync(path, Path.Combine(_dir, "out"));
        Assert.True(report.Shards[0].Written, report.Shards[0].Problem);
        Assert.Equal((6, 4, 2), (report.Items, report.Kept, report.Dropped));

        await using var outStream = File.OpenRead(Path.Combine(_dir, "out", "odd.parquet"));
        await using var reader = await ParquetReader.CreateAsync(outStream);
        Assert.Equal("test", reader.CustomMetadata["origin"]);
        Assert.Equal(2, reader.RowGroupCount);
        using var g0 = reader.OpenRowGroupReader(0);
        Assert.Equal(2, g0.RowCount);
        var scores = new double?[2];
        await g0.ReadAsync<double>(reader.Schema.DataFields[1], scores.AsMemory());
        Assert.Equal(new double?[] { null, -2 }, scores);
        var tags = new int[3];
        var def = new int[3];
        var rep = new int[3];
        await g0.ReadRawAsync<int>(reader.Schema.DataFields[2], tags.AsMemory(), def.AsMemory(), rep.AsMemory());
        Assert.Equal(new[] { 3, 4 }, tags[..2]);
        Assert.Equal(new[] { max - 1, max, max }, def);
        Assert.Equal(new[] { 0, 0, 1 }, rep);
        using var g1 = reader.OpenRowGroupReader(1);
        var flags = new bool[2];
        await g1.ReadAsync<bool>(reader.Schema.DataFields[3], flags.AsMemory());
        Assert.Equal(new[] { true, false }, flags);
    }
}
