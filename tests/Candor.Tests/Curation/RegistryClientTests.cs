using System.Collections.Concurrent;
using System.Text.Json;
using Candor.Consent;
using Candor.Curation;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;

namespace Candor.Tests.Curation;

/// <summary>
/// A real Kestrel endpoint on 127.0.0.1 that speaks the bulk-check contract with <see cref="ConsentJson"/>: URLs in
/// its set are forbidden. It can be told to answer 429/503 a number of times first, or to fail every request.
/// </summary>
internal sealed class LoopbackRegistry : IAsyncDisposable
{
    private readonly WebApplication _app;

    public ConcurrentQueue<int> Statuses { get; } = new();
    public ConcurrentQueue<(int Items, string? Authorization)> Requests { get; } = new();
    public int BusyFirst { get; set; }
    public int BusyStatus { get; set; } = 429;
    public int? AlwaysStatus { get; set; }
    public TimeSpan Delay { get; set; }

    private LoopbackRegistry(WebApplication app) => _app = app;

    public Uri Address => new(_app.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses.First() + "/");

    public static async Task<LoopbackRegistry> StartAsync(IEnumerable<string> forbidden)
    {
        var set = forbidden.ToHashSet();
        var builder = WebApplication.CreateSlimBuilder();
        builder.WebHost.UseUrls("http://127.0.0.1:0");
        builder.Logging.ClearProviders();
        var app = builder.Build();
        var registry = new LoopbackRegistry(app);
        app.MapPost("/api/consent/check", async (HttpContext context) =>
        {
            if (registry.Delay > TimeSpan.Zero) await Task.Delay(registry.Delay);
            using var body = new MemoryStream();
            await context.Request.Body.CopyToAsync(body);
            if (registry.AlwaysStatus is { } always || registry.BusyFirst-- > 0)
            {
                var status = registry.AlwaysStatus ?? registry.BusyStatus;
                registry.Statuses.Enqueue(status);
                context.Response.StatusCode = status;
                if (status == 429) context.Response.Headers.RetryAfter = "0";
                await context.Response.WriteAsJsonAsync(new { error = "try later", kind = status == 401 ? "bad-key" : "busy" });
                return;
            }
            ConsentUse use;
            IReadOnlyList<ConsentQuery> queries;
            try
            {
                (use, queries) = ConsentJson.ReadCheckRequest(body.ToArray());
            }
            catch (CandorFormatException e)
            {
                context.Response.StatusCode = 400;
                await context.Response.WriteAsJsonAsync(new { error = e.Message, kind = "bad-request" });
                return;
            }
            registry.Requests.Enqueue((queries.Count, context.Request.Headers.Authorization.FirstOrDefault()));
            registry.Statuses.Enqueue(200);
            var decisions = queries.Select(q => q.Url is not null && set.Contains(q.Url)
                ? ConsentDecision.Combine(use, [new ConsentEvidence("registry", "work 1", "opted out by its owner", ConsentVerdict.Forbidden)])
                : new ConsentDecision(use, ConsentVerdict.NotStated, "not in the registry", [])).ToList();
            context.Response.ContentType = "application/json";
            await using var w = new Utf8JsonWriter(context.Response.Body);
            ConsentJson.WriteCheckResponse(w, use, decisions);
        });
        await app.StartAsync();
        return registry;
    }

    public async ValueTask DisposeAsync()
    {
        await _app.StopAsync();
        await _app.DisposeAsync();
    }
}

public sealed class RegistryClientTests
{
    private static List<ConsentQuery> Queries(int n) => [.. Enumerable.Range(0, n).Select(i => new ConsentQuery($"https://img.example/{i}.jpg"))];

    [Fact]
    public async Task LargeLists_AreSplitIntoRequestsOfAtMost10000_AnsweredInOrder()
    {
        await using var server = await LoopbackRegistry.StartAsync(["https://img.example/3.jpg", "https://img.example/24999.jpg"]);
        using var client = new RegistryClient(server.Address, "secret-key");
        var decisions = await client.CheckAsync(Queries(25_000), ConsentUse.AiTraining);
        Assert.Equal(25_000, decisions.Count);
        Assert.Equal([3, 24_999], decisions.Select((d, i) => (d, i)).Where(x => x.d.Verdict == ConsentVerdict.Forbidden).Select(x => x.i));
        Assert.Equal([(10_000, "API secret-key"), (10_000, "API secret-key"), (5_000, "API secret-key")], server.Requests.ToArray());
        Assert.Equal("registry: opted out by its owner", decisions[3].Reason);
    }

    [Theory]
    [InlineData(429)]
    [InlineData(503)]
    public async Task BusyAnswers_AreRetried(int status)
    {
        await using var server = await LoopbackRegistry.StartAsync([]);
        server.BusyFirst = 2;
        server.BusyStatus = status;
        using var client = new RegistryClient(server.Address) { RetryDelay = TimeSpan.FromMilliseconds(10) };
        var decisions = await client.CheckAsync(Queries(3), ConsentUse.DataMining);
        Assert.Equal(3, decisions.Count);
        Assert.Equal([status, status, 200], server.Statuses.ToArray());
        Assert.Null(Assert.Single(server.Requests).Authorization);
    }

    [Fact]
    public async Task Refusals_AreClearErrors_WithoutRetry()
    {
        await using var server = await LoopbackRegistry.StartAsync([]);
        server.AlwaysStatus = 401;
        using var client = new RegistryClient(server.Address, "wrong");
        var e = await Assert.ThrowsAsync<RegistryClientException>(() => client.CheckAsync(Queries(1), ConsentUse.AiTraining));
        Assert.Equal((401, "bad-key"), (e.StatusCode, e.ErrorCode));
        Assert.Contains("check the API key", e.Message);
        Assert.Single(server.Statuses);
    }

    [Fact]
    public async Task PersistentBusy_GivesUpAfterMaxAttempts()
    {
        await using var server = await LoopbackRegistry.StartAsync([]);
        server.AlwaysStatus = 503;
        using var client = new RegistryClient(server.Address) { MaxAttempts = 3, RetryDelay = TimeSpan.FromMilliseconds(5) };
        var e = await Assert.ThrowsAsync<RegistryClientException>(() => client.CheckAsync(Queries(1), ConsentUse.AiTraining));
        Assert.Contains("gave up after 3 attempts", e.Message);
        Assert.Equal(3, server.Statuses.Count);
    }

    [Fact]
    public async Task SlowAnswers_TimeOut()
    {
        await using var server = await LoopbackRegistry.StartAsync([]);
        server.Delay = TimeSpan.FromSeconds(5);
        using var client = new RegistryClient(server.Address) { RequestTimeout = TimeSpan.FromMilliseconds(200), MaxAttempts = 2, RetryDelay = TimeSpan.FromMilliseconds(5) };
        var e = await Assert.ThrowsAsync<RegistryClientException>(() => client.CheckAsync(Queries(1), ConsentUse.AiTraining));
        Assert.Contains("did not answer within 0.2 s", e.Message);
    }

    [Fact]
    public async Task Unreachable_IsAClearError()
    {
        using var client = new RegistryClient(new Uri("http://127.0.0.1:1/"), null) { MaxAttempts = 1 };
        var e = await Assert.ThrowsAsync<RegistryClientException>(() => client.CheckAsync(Queries(1), ConsentUse.AiTraining));
        Assert.Contains("cannot be reached", e.Message);
        Assert.Null(e.StatusCode);
    }

    [SkippableFact]
    public async Task Filter_OverHttp_DropsWhatTheRegistryForbids()
    {
        var input = Corpus.Path("datasets/laion-sample/test_1000.parquet");
        var urls = ParquetFilterTests.ReadAll(input).Columns["URL"].OfType<string>().ToList();
        await using var server = await LoopbackRegistry.StartAsync(urls.Where((_, i) => i % 10 == 0));
        using var client = new RegistryClient(server.Address);
        var output = Directory.CreateTempSubdirectory("candor-filter-http-").FullName;
        try
        {
            var report = await new ConsentFilter([client]).RunAsync(input, output);
            var forbidden = urls.Where((_, i) => i % 10 == 0).ToHashSet();
            Assert.Equal(urls.Count(u => forbidden.Contains(u)), report.Dropped);
            Assert.Equal($"registry {server.Address}", Assert.Single(report.Lookups));
            Assert.DoesNotContain(ParquetFilterTests.ReadAll(Path.Combine(output, "test_1000.parquet")).Columns["URL"], u => forbidden.Contains((string)u!));
        }
        finally
        {
            Directory.Delete(output, recursive: true);
        }
    }
}
