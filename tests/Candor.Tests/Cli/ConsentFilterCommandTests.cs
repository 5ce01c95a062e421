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

    [SkippableFact]
    public void Store_DropsTheUrlsOptedOutInALocalRegistry_AndABadStoreIsAPlainError()
    {
        var input = Corpus.Path("datasets/laion-sample/test_1000.parquet");
        var urls = ParquetFilterTests.ReadAll(input).Columns["URL"].OfType<string>().ToList();
        var store = "sqlite:" + Path.Combine(_dir, "registry.db");
        var owner = CandorProcess.Run("consent", "owner", "add", "Ada", "--store", store);
        Assert.True(owner.ExitCode == 0, owner.Err);
        var key = System.Text.RegularExpressions.Regex.Match(owner.Out, @"candor_\d+_[A-Za-z0-9]+").Value;
        Assert.NotEmpty(key);
        var optedOut = urls.Where(u => Uri.TryCreate(u, UriKind.Absolute, out _)).Take(20).ToList();
        var add = CandorProcess.Run(["consent", "work", "add", "--store", store, "--key", key, "--statuses", "ai-training=opt-out", .. optedOut]);
        Assert.True(add.ExitCode == 0, add.Err);

        var output = Path.Combine(_dir, "out");
        var result = CandorProcess.Run("consent", "filter", input, "--out", output, "--store", store, "--json");
        Assert.True(result.ExitCode == 0, result.Err);
        using var doc = JsonDocument.Parse(result.Out);
        Assert.Equal(urls.Count(optedOut.Contains), doc.RootElement.GetProperty("totals").GetProperty("dropped").GetInt64());
        // The audit names the registry by its store, not by a .NET type name.
        Assert.Contains("registry sqlite ", result.Out);
        // Generative training is covered by an AI-training opt-out; text and data mining is not.
        var tdm = CandorProcess.Run("consent", "filter", input, "--out", Path.Combine(_dir, "out-tdm"), "--store", store, "--use", "tdm", "--json");
        using var tdmDoc = JsonDocument.Parse(tdm.Out);
        Assert.Equal(0, tdmDoc.RootElement.GetProperty("totals").GetProperty("dropped").GetInt64());

        var missing = CandorProcess.Run("consent", "filter", input, "--out", Path.Combine(_dir, "out2"), "--store", "sqlite:" + Path.Combine(_dir, "no", "such", "r.db"));
        Assert.Equal(2, missing.ExitCode);
        Assert.Contains("no registry at", missing.Err);
        var garbage = Path.Combine(_dir, "garbage.db");
        File.WriteAllText(garbage, "this is not a database, just text long enough to fill a page header........................");
        var bad = CandorProcess.Run("consent", "filter", input, "--out", Path.Combine(_dir, "out3"), "--store", garbage);
        Assert.Equal(1, bad.ExitCode);
        Assert.Contains("cannot open the registry store", bad.Err);
        Assert.DoesNotContain("   at ", bad.Err);
        Assert.False(File.Exists(Path.Combine(_dir, "out3", "test_1000.parquet")));
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
