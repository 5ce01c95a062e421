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
