using System.Formats.Tar;
using Candor.Datasets;
using Parquet.Schema;

namespace Candor.Tests.Datasets;

/// <summary>A broken shard is one problem and the records before the break; it never throws.</summary>
public sealed class BrokenShardTests : IDisposable
{
    private readonly DatasetFolder _folder = new();

    public void Dispose() => _folder.Dispose();

    private static (List<DatasetRecord> Records, List<DatasetProblem> Problems) ReadAll(Dataset data)
    {
        var problems = new List<DatasetProblem>();
        var records = data.Shards.SelectMany(s => data.Read(s, problems.Add)).ToList();
        return (records, problems);
    }

    [Fact]
    public void Truncated_parquet_is_one_problem_and_a_format_error_when_counted()
    {
        var good = _folder.Parquet("good.parquet", 10, 10, (new DataField<string>("url", true), i => $"u{i}"));
        var bytes = File.ReadAllBytes(good);
        _folder.Bytes("cut.parquet", bytes[..(bytes.Length / 2)]);
        var data = Dataset.Open(_folder.Root);
        var (records, problems) = ReadAll(data);
        Assert.Equal(10, records.Count);
        var problem = Assert.Single(problems);
        Assert.EndsWith("cut.parquet", problem.Shard);
        Assert.Null(problem.Row);
        Assert.Contains("truncated", problem.Message);
        var e = Assert.Throws<CandorFormatException>(() => data.CountRows(data.Shards[0]));
        Assert.Equal(FormatErrorKind.Truncated, e.Kind);
    }

    [Fact]
    public void Parquet_with_damaged_column_data_is_one_problem()
    {
        var path = _folder.Parquet("d.parquet", 2000, 2000, (new DataField<string>("url", true), i => $"https://example.com/{i * 7919}"));
        var bytes = File.ReadAllBytes(path);
        for (var i = 8; i < bytes.Length / 2; i += 3) bytes[i] ^= 0x5A;
        File.WriteAllBytes(path, bytes);
        var (records, problems) = ReadAll(Dataset.Open(path));
        Assert.Empty(records);
        Assert.Single(problems);
    }

    [Fact]
    public void Truncated_tar_keeps_the_samples_before_the_cut()
    {
        using var buffer = new MemoryStream();
        using (var writer = new TarWriter(buffer, TarEntryFormat.Ustar, leaveOpen: true))
            for (var i = 0; i < 4; i++)
                writer.WriteEntry(new UstarTarEntry(TarEntryType.RegularFile, $"{i:D9}.jpg") { DataStream = new MemoryStream(new byte[3000]) });
        var bytes = buffer.ToArray();
        // Cut inside the third member's data.
        _folder.Bytes("00000.tar", bytes[..(2 * 3584 + 512 + 1000)]);
        var (records, problems) = ReadAll(Dataset.Open(_folder.Root));
        Assert.Equal(["000000000", "000000001"], records.Select(r => r.Key));
        var problem = Assert.Single(problems);
        Assert.Null(problem.Row);
        Assert.Contains("stopped after 2 records", problem.Message);
    }

    [Fact]
    public void A_sample_whose_json_is_broken_keeps_its_image_and_reports_the_json()
    {
        using var buffer = new MemoryStream();
        using (var writer = new TarWriter(buffer, TarEntryFormat.Pax, leaveOpen: true))
        {
            writer.WriteEntry(new PaxTarEntry(TarEntryType.RegularFile, "a/000000000.jpg") { DataStream = new MemoryStream([1, 2, 3]) });
            writer.WriteEntry(new PaxTarEntry(TarEntryType.RegularFile, "a/000000000.json") { DataStream = new MemoryStream("{\"url\": "u8.ToArray()) });
            writer.WriteEntry(new PaxTarEntry(TarEntryType.Directory, "b/"));
            writer.WriteEntry(new PaxTarEntry(TarEntryType.RegularFile, "b/000000001.png") { DataStream = new MemoryStream([4]) });
        }
        var (records, problems) = ReadAll(Dataset.Open(_folder.Bytes("s.tar", buffer.ToArray())));
        Assert.Equal(["a/000000000", "b/000000001"], records.Select(r => r.Key));
        Assert.Equal([1, 2, 3], records[0].Image.ToArray());
        Assert.Null(records[0].Url);
        var problem = Assert.Single(problems);
        Assert.Equal(0, problem.Row);
        Assert.Contains("a/000000000.json", problem.Message);
    }

    [Fact]
    public void A_file_that_is_not_a_tar_is_one_problem()
    {
        var (records, problems) = ReadAll(Dataset.Open(_folder.Bytes("x.tar", [.. Enumerable.Range(0, 1024).Select(i => (byte)(i * 31))])));
        Assert.Empty(records);
        Assert.Contains("cannot be read", Assert.Single(problems).Message);
    }

    [Fact]
    public void Csv_with_a_quote_never_closed_reports_and_stops()
    {
        var (records, problems) = ReadAll(Dataset.Open(_folder.Text("q.csv", "url,caption\nu1,fine\nu2,\"open\nu3,more\n")));
        Assert.Equal(["u1"], records.Select(r => r.Url));
        Assert.Contains("not closed", Assert.Single(problems).Message);
    }

    [Fact]
    public void An_empty_csv_is_a_problem_not_an_exception()
    {
        var (records, problems) = ReadAll(Dataset.Open(_folder.Text("e.csv", "")));
        Assert.Empty(records);
        Assert.Contains("empty", Assert.Single(problems).Message);
    }

    [Fact]
    public void A_shard_deleted_after_open_is_a_problem()
    {
        var path = _folder.Text("gone.jsonl", "{}\n");
        var data = Dataset.Open(path);
        File.Delete(path);
        var (records, problems) = ReadAll(data);
        Assert.Empty(records);
        Assert.Contains("no longer exists", Assert.Single(problems).Message);
    }
}
