using System.Text.Json;
using Candor.Tests.Curation;

namespace Candor.Tests.Cli;

public sealed class ConsentFilterCommandTests : IDisposable
{
    private readonly string _dir = Directory.CreateTempSubdirectory("candor-cli-filter-").FullName;

    public void Dispose() => Directory.Delete(_dir, recursive: true);

    [SkippableFact]
    public async Task Filter_AgainstALoopbackRegistry_WritesTheDataSetAndTheAudit()
    {
        var input = Corpus.Path("datasets/laion-sample/test_1000.parquet");
        var urls = ParquetFilterTests.ReadAll(input).Columns["URL"].OfType<string>().ToList();
        await using var server = await LoopbackRegistry.StartAsync(urls.Take(50));
        var keyFile = Path.Combine(_dir, "key");
        File.WriteAllText(keyFile, "k-123\n");
        var output = Path.Combine(_dir, "out");

        var result = await Task.Run(() => CandorProcess.Run("consent", "filter", input, "--out", output, "--registry", server.Address.ToString(), "--api-key-file", keyFile, "--use", "tdm", "--json"));

        Assert.True(result.ExitCode == 0, result.Err);
        using var doc = JsonDocument.Parse(result.Out);
        Assert.Equal("candor.consent-filter/1", doc.RootElement.GetProperty("schema").GetString());
        Assert.Equal("tdm", doc.RootElement.GetProperty("use").GetString());
        var dropped = doc.RootElement.GetProperty("totals").GetProperty("dropped").GetInt64();
        Assert.Equal(urls.Count(u => urls.Take(50).Contains(u)), dropped);
        Assert.All(server.Requests, r => Assert.Equal("API k-123", r.Authorization));
        Assert.True(File.Exists(Path.Combine(output, "test_1000.parquet")));
        Assert.True(File.Exists(Path.Combine(output, "consent-filter.md")));
    }

    [Fact]
    public async Task FetchSignals_DropsWhatTheSitesRobotsTxtRefusesToAnAiCrawler()
    {
        await using var site = await Candor.Tests.Consent.Signals.LoopbackSite.StartAsync();
        site.Serve("/robots.txt", new(Body: "User-agent: *\nAllow: /\n\nUser-agent: GPTBot\nDisallow: /art/\n"));
        var input = Path.Combine(_dir, "rows.jsonl");
        File.WriteAllLines(input,
        [
            $$"""{"url":"{{site.Root}}/art/cat.jpg","caption":"a cat"}""",
            $$"""{"url":"{{site.Root}}/photos/dog.jpg","caption":"a dog"}""",
            $$"""{"url":"{{site.Root}}/art/bird.jpg","caption":"a bird"}""",
        ]);
        var output = Path.Combine(_dir, "out");

        var result = await Task.Run(() => CandorProcess.Run("consent", "filter", input, "--out", output, "--fetch-signals", "--fetch-delay", "0", "--json"));

        Assert.True(result.ExitCode == 0, result.Err);
        using var doc = JsonDocument.Parse(result.Out);
        Assert.Equal(2, doc.RootElement.GetProperty("totals").GetProperty("dropped").GetInt64());
        var kept = File.ReadAllLines(Path.Combine(output, "rows.jsonl"));
        Assert.Equal([$$"""{"url":"{{site.Root}}/photos/dog.jpg","caption":"a dog"}"""], kept);
        Assert.Contains("Disallow: /art/", File.ReadAllText(Path.Combine(output, "consent-filter.md")));
        Assert.Equal(1, site.Hits["GET /robots.txt"]);
    }

    [Fact]
    public void FetchDelay_OutOfRange_IsAUsageError()
    {
        var result = CandorProcess.Run("consent", "filter", _dir, "--out", Path.Combine(_dir, "out"), "--fetch-signals", "--fetch-delay", "-5");
        Assert.Equal(2, result.ExitCode);
        Assert.Contains("--fetch-delay", result.Err);
    }

    [Fact]
    public void NothingToCheckAgainst_IsAUsageError()
    {
        var result = CandorProcess.Run("consent", "filter", _dir, "--out", Path.Combine(_dir, "out"));
        Assert.Equal(2, result.ExitCode);
        Assert.Contains("nothing to check against", result.Err);
    }

    [Fact]
    public void UnwiredStore_SaysSo()
    {
        var result = CandorProcess.Run("consent", "filter", _dir, "--out", Path.Combine(_dir, "out"), "--store", Path.Combine(_dir, "s.db"));
        Assert.Equal(2, result.ExitCode);
        Assert.Contains("--store is not available in this build", result.Err);
    }

    [Fact]
    public void UnknownUse_IsRefused()
    {
        var result = CandorProcess.Run("consent", "filter", _dir, "--out", Path.Combine(_dir, "out"), "--registry", "http://127.0.0.1:1/", "--use", "training");
        Assert.Equal(2, result.ExitCode);
    }

    [Fact]
    public async Task UnreachableRegistry_StopsWithExitCode1_AndTheReason()
    {
        var input = Path.Combine(_dir, "rows.csv");
        File.WriteAllText(input, "url,caption\nhttps://a/1,one\n");
        var result = await Task.Run(() => CandorProcess.Run("consent", "filter", input, "--out", Path.Combine(_dir, "out"), "--registry", "http://127.0.0.1:1/"));
        Assert.Equal(1, result.ExitCode);
        Assert.Contains("stopped early", result.Out);
        Assert.Contains("cannot be reached", result.Out);
    }
}
