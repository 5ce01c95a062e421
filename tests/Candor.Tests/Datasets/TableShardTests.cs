using System.IO.Compression;
using System.Text;
using Candor.Datasets;
using Parquet.Schema;

namespace Candor.Tests.Datasets;

/// <summary>CSV, TSV, JSON Lines and Parquet shards built here: column names, conversions, bad rows reported and skipped.</summary>
public sealed class TableShardTests : IDisposable
{
    private readonly DatasetFolder _folder = new();

    public void Dispose() => _folder.Dispose();

    private static (List<DatasetRecord> Records, List<DatasetProblem> Problems) ReadAll(string path)
    {
        var data = Dataset.Open(path);
        var problems = new List<DatasetProblem>();
        var records = data.Shards.SelectMany(s => data.Read(s, problems.Add)).ToList();
        return (records, problems);
    }

    [Fact]
    public void Csv_with_bom_quotes_and_line_breaks_reads_every_row()
    {
        var path = _folder.Bytes("captions.csv", [.. Encoding.UTF8.GetPreamble(), .. Encoding.UTF8.GetBytes(
            "url,caption,WIDTH,height,similarity,status\r\n" +
            "https://a.example/1.jpg,\"A \"\"quoted\"\" caption, with a comma\",640,480,0.31,success\r\n" +
            "https://a.example/2.jpg,\"two\nlines\",,,,\r\n")]);
        var (records, problems) = ReadAll(path);
        Assert.Empty(problems);
        Assert.Equal(2, records.Count);
        Assert.Equal("https://a.example/1.jpg", records[0].Url);
        Assert.Equal("A \"quoted\" caption, with a comma", records[0].Caption);
        Assert.Equal(640, records[0].Width);
        Assert.Equal(480, records[0].Height);
        Assert.Equal(0.31, records[0].Similarity);
        Assert.Equal("success", records[0].Extra["STATUS"]);
        Assert.Equal("two\nlines", records[1].Caption);
        Assert.Null(records[1].Width);
        Assert.Null(records[1].Extra["status"]);
        Assert.Equal("captions/1", records[1].Key);
    }

    [Fact]
    public void Csv_row_with_the_wrong_field_count_is_reported_and_skipped()
    {
        var path = _folder.Text("bad.csv", "URL,TEXT\nu1,t1\nu2,t2,extra\nu3,t3\n");
        var (records, problems) = ReadAll(path);
        Assert.Equal(["u1", "u3"], records.Select(r => r.Url));
        Assert.Equal([0L, 2L], records.Select(r => r.RowInShard));
        var problem = Assert.Single(problems);
        Assert.Equal(1, problem.Row);
        Assert.Contains("line 3", problem.Message);
        Assert.Contains("3 fields", problem.Message);
    }

    [Fact]
    public void A_value_that_does_not_convert_is_reported_and_kept_in_extra()
    {
        var path = _folder.Text("w.csv", "url,width,punsafe\nu,wide,0.5\n");
        var (records, problems) = ReadAll(path);
        var record = Assert.Single(records);
        Assert.Null(record.Width);
        Assert.Equal(0.5, record.Punsafe);
        Assert.Equal("wide", record.Extra["width"]);
        Assert.Contains("'width'", Assert.Single(problems).Message);
    }

    [Fact]
    public void Pandas_to_csv_index_column_is_not_data()
    {
        var (records, problems) = ReadAll(_folder.Text("pandas.csv", ",URL,TEXT\n0,u0,t0\n1,u1,t1\n"));
        Assert.Empty(problems);
        Assert.Equal(["u0", "u1"], records.Select(r => r.Url));
        Assert.All(records, r => Assert.Empty(r.Extra));
    }

    [Fact]
    public void Gzipped_tsv_reads_like_plain_tsv()
    {
        var path = Path.Combine(_folder.Root, "part.tsv.gz");
        using (var gz = new GZipStream(File.Create(path), CompressionLevel.Fastest))
            gz.Write(Encoding.UTF8.GetBytes("URL\tTEXT\tLICENSE\nhttp://x/1.png\tcat, sitting\t?\n"));
        var (records, problems) = ReadAll(path);
        Assert.Empty(problems);
        var record = Assert.Single(records);
        Assert.Equal(("http://x/1.png", "cat, sitting", "?"), (record.Url, record.Caption, record.License));
        Assert.Equal(DatasetFormat.Tsv, Dataset.Open(path).Shards[0].Format);
    }

    [Fact]
    public void Jsonl_with_a_bad_line_in_the_middle_reports_it_and_reads_the_others()
    {
        var path = _folder.Text("rows.jsonl",
            "{\"url\": \"u0\", \"caption\": \"c0\", \"width\": 10, \"key\": \"k0\", \"exif\": {\"Make\": \"X\"}}\n" +
            "\n" +
            "{\"url\": \"u1\", \"caption\": \n" +
            "[1, 2]\n" +
            "{\"url\": \"u3\", \"TEXT\": \"c3\", \"sha256\": \"" + new string('A', 64) + "\", \"ok\": true, \"n\": null}\r\n");
        var (records, problems) = ReadAll(path);
        Assert.Equal(["u0", "u3"], records.Select(r => r.Url));
        Assert.Equal("k0", records[0].Key);
        Assert.Equal(10, records[0].Width);
        Assert.Equal("{\"Make\": \"X\"}", records[0].Extra["exif"]);
        Assert.Equal("c3", records[1].Caption);
        Assert.Equal(new string('a', 64), records[1].Sha256);
        Assert.Equal("true", records[1].Extra["ok"]);
        Assert.Null(records[1].Extra["n"]);
        Assert.Equal(3, records[1].RowInShard);
        Assert.Equal(2, problems.Count);
        Assert.Equal([1L, 2L], problems.Select(p => p.Row!.Value));
        Assert.Contains("line 3", problems[0].Message);
        Assert.Contains("not an object", problems[1].Message);
    }

    [Fact]
    public void Laion2b_columns_in_parquet_fill_their_properties_and_unknown_columns_are_kept()
    {
        var path = _folder.Parquet("part-00000.parquet", 2500, 1000,
            (new DataField<string>("URL", true), i => $"https://img.example/{i}.jpg"),
            (new DataField<string>("TEXT", true), i => i == 7 ? null : $"caption {i}"),
            (new DataField<long?>("WIDTH"), i => (long)(100 + i)),
            (new DataField<long?>("HEIGHT"), i => i == 3 ? null : (long)(200 + i)),
            (new DataField<double?>("similarity"), i => 0.3 + i / 1e5),
            (new DataField<long?>("hash"), i => -1234567890123L + i),
            (new DataField<double?>("punsafe"), i => 0.01),
            (new DataField<float?>("pwatermark"), i => 0.5f),
            (new DataField<string>("LANGUAGE", true), i => "en"));
        var data = Dataset.Open(path);
        Assert.Equal(2500, data.CountRows(data.Shards[0]));
        var (records, problems) = ReadAll(path);
        Assert.Empty(problems);
        Assert.Equal(2500, records.Count);
        var r = records[1234];
        Assert.Equal(("https://img.example/1234.jpg", "caption 1234", 1334, 1434), (r.Url, r.Caption, r.Width, r.Height));
        Assert.Equal(0.3 + 1234 / 1e5, r.Similarity);
        Assert.Equal(0.01, r.Punsafe);
        Assert.Equal(0.5, r.Pwatermark);
        Assert.Null(r.Sha256);
        Assert.Equal((-1234567890123L + 1234).ToString(System.Globalization.CultureInfo.InvariantCulture), r.Extra["hash"]);
        Assert.Equal("en", r.Extra["language"]);
        Assert.Equal("part-00000/1234", r.Key);
        Assert.Null(records[7].Caption);
        Assert.Null(records[3].Height);
    }

    [Fact]
    public void Pandas_index_named_in_metadata_is_not_data()
    {
        var pandas = "{\"index_columns\": [\"my_index\"], \"columns\": []}";
        var path = _folder.ParquetWith("p.parquet", 3, 3, new() { ["pandas"] = pandas },
            (new DataField<string>("url", true), i => $"u{i}"),
            (new DataField<long?>("my_index"), i => (long)i * 10));
        var (records, problems) = ReadAll(path);
        Assert.Empty(problems);
        Assert.Equal(3, records.Count);
        Assert.All(records, r => Assert.Empty(r.Extra));
    }

    [Fact]
    public void Img2dataset_parquet_output_carries_image_bytes_in_its_jpg_column()
    {
        var path = _folder.Parquet("00000.parquet", 2, 2,
            (new DataField<string>("key", true), i => $"00000000{i}"),
            (new DataField<byte[]>("jpg", true), i => new byte[] { 0xFF, 0xD8, (byte)i }),
            (new DataField<byte[]>("blob", true), i => new byte[] { 1, 2, 3 }));
        var (records, problems) = ReadAll(path);
        Assert.Empty(problems);
        Assert.Equal(["000000000", "000000001"], records.Select(r => r.Key));
        Assert.Equal(new byte[] { 0xFF, 0xD8, 1 }, records[1].Image.ToArray());
        Assert.Equal("AQID", records[1].Extra["blob"]);
    }
}
