using System.IO.Compression;
using System.Text;
using Candor.Curation;

namespace Candor.Tests.Curation;

public sealed class TextFilterTests : IDisposable
{
    private readonly string _dir = Directory.CreateTempSubdirectory("candor-filter-text-").FullName;

    public void Dispose() => Directory.Delete(_dir, recursive: true);

    /// <summary>The real LAION rows of the corpus sample (URL, caption), the first <paramref name="count"/>.</summary>
    private static List<(string? Url, string? Text)> LaionRows(int count)
    {
        var all = ParquetFilterTests.ReadAll(Corpus.Path("datasets/laion-sample/test_1000.parquet"));
        return [.. Enumerable.Range(0, count).Select(i => ((string?)all.Columns["URL"][i], (string?)all.Columns["TEXT"][i]))];
    }

    private static string Csv(string? s, char delimiter) =>
        s is null ? "" : s.AsSpan().IndexOfAny([delimiter, '"', '\n', '\r']) >= 0 ? "\"" + s.Replace("\"", "\"\"") + "\"" : s;

    /// <summary>CSV/TSV records of the rows; row 2 gets a caption with a quoted line break, CRLF endings on odd rows.</summary>
    private static List<string> Records(List<(string? Url, string? Text)> rows, char delimiter) =>
        [.. rows.Select((r, i) => $"{i}{delimiter}{Csv(r.Url, delimiter)}{delimiter}{Csv(i == 2 ? r.Text + "\nsecond line, \"quoted\"" : r.Text, delimiter)}{(i % 2 == 1 ? "\r\n" : "\n")}")];

    [SkippableTheory]
    [InlineData("laion.csv", ',')]
    [InlineData("laion.tsv", '\t')]
    [InlineData("laion.csv.gz", ',')]
    public async Task DelimitedRows_AreCopiedByteForByte_WithoutTheForbiddenOnes(string name, char delimiter)
    {
        var rows = LaionRows(500);
        var header = $"key{delimiter}url{delimiter}caption\n";
        var records = Records(rows, delimiter);
        Write(Path.Combine(_dir, name), header + string.Concat(records));
        var forbidden = rows.Where((r, i) => i % 5 == 2 && r.Url is not null).Select(r => r.Url!).ToHashSet();

        var report = await new ConsentFilter([new SetLookup(forbidden)]).RunAsync(Path.Combine(_dir, name), Path.Combine(_dir, "out"));

        var expected = header + string.Concat(records.Where((_, i) => rows[i].Url is not string u || !forbidden.Contains(u)));
        Assert.Equal(expected, Read(Path.Combine(_dir, "out", name)));
        Assert.Equal(500 - report.Kept, report.Dropped);
        Assert.True(report.Dropped >= 100);
        var sample = Assert.Single(report.Reasons, r => r.Dropped).Samples[0];
        Assert.Equal(("2", 2L), (sample.Key, sample.Row));
    }

    [Fact]
    public async Task BadCsvRows_AreReportedAndLeftOut_TheRestKept()
    {
        var path = Path.Combine(_dir, "bad.csv");
        File.WriteAllText(path, "url,caption\nhttps://a/1,one\nhttps://a/2,two,extra\nhttps://a/3,three\n\nhttps://a/4,\"never closed\n");
        var report = await new ConsentFilter([new SetLookup(["https://a/3"])]).RunAsync(path, Path.Combine(_dir, "out"));
        Assert.Equal("url,caption\nhttps://a/1,one\n\n", File.ReadAllText(Path.Combine(_dir, "out", "bad.csv")));
        Assert.Equal((2, 1, 1, 2), (report.Items, report.Kept, report.Dropped, report.Unreadable));
        Assert.Contains(report.Problems, p => p.Row == 1 && p.Message.Contains("3 fields, the header has 2"));
        Assert.Contains(report.Problems, p => p.Message.Contains("not closed"));
    }

    [SkippableFact]
    public async Task JsonLines_AreCopiedByteForByte_BadLinesLeftOut()
    {
        var rows = LaionRows(300);
        var lines = rows.Select((r, i) => i == 7 ? "{\"url\": \"https://broken\n" : i == 8 ? "[1, 2]\n"
            : $"{{\"key\":\"{i:D5}\",\"URL\":{System.Text.Json.JsonSerializer.Serialize(r.Url)},\"caption\":{System.Text.Json.JsonSerializer.Serialize(r.Text)},\"extra\":{{\"nested\":[1,2]}}}}\n").ToList();
        var path = Path.Combine(_dir, "laion.jsonl.gz");
        Write(path, string.Concat(lines));
        var forbidden = rows.Where((r, i) => i % 3 == 0 && r.Url is not null).Select(r => r.Url!).ToHashSet();

        var report = await new ConsentFilter([new SetLookup(forbidden)]).RunAsync(path, Path.Combine(_dir, "out"));

        var expected = string.Concat(lines.Where((_, i) => i is not (7 or 8) && (rows[i].Url is not string u || !forbidden.Contains(u))));
        Assert.Equal(expected, Read(Path.Combine(_dir, "out", "laion.jsonl.gz")));
        Assert.Equal(2, report.Unreadable);
        Assert.Contains(report.Problems, p => p.Row == 8 && p.Message.Contains("not a JSON object"));
    }

    private static void Write(string path, string text)
    {
        var bytes = Encoding.UTF8.GetBytes(text);
        if (!path.EndsWith(".gz", StringComparison.Ordinal))
        {
            File.WriteAllBytes(path, bytes);
            return;
        }
        using var file = File.Create(path);
        using var gz = new GZipStream(file, CompressionLevel.Fastest);
        gz.Write(bytes);
    }

    private static string Read(string path)
    {
        using var file = File.OpenRead(path);
        using Stream s = path.EndsWith(".gz", StringComparison.Ordinal) ? new GZipStream(file, CompressionMode.Decompress) : file;
        using var reader = new StreamReader(s, Encoding.UTF8);
        return reader.ReadToEnd();
    }
}
