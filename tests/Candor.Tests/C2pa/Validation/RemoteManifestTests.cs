using System.Text;
using Candor.C2pa.Validation;
using Candor.Tests.Formats;

namespace Candor.Tests.C2pa.Validation;

// verify --allow-network against servers that misbehave: the fetch has one deadline over the
// whole response, a size cap enforced while the body streams in, and stops when cancelled.
public class RemoteManifestTests
{
    // Longer than any test should take, shorter than the default 30 s deadline: a test that reaches it
    // has hung, and an outcome reached before it cannot have come from the 30 s deadline.
    private static readonly TimeSpan HangGuard = TimeSpan.FromSeconds(20);

    private const int Cap = 64 << 10;

    /// <summary>A PNG whose XMP names <paramref name="url"/> as its remote manifest (dcterms:provenance).</summary>
    public static byte[] PngPointingAt(string url) => SyntheticImages.Png(SyntheticImages.Chunk("iTXt", Encoding.UTF8.GetBytes(
        "XML:com.adobe.xmp\0\0\0\0\0<x:xmpmeta xmlns:x=\"adobe:ns:meta/\"><rdf:RDF xmlns:rdf=\"http://www.w3.org/1999/02/22-rdf-syntax-ns#\">" +
        $"<rdf:Description xmlns:dcterms=\"http://purl.org/dc/terms/\"><dcterms:provenance>{url}</dcterms:provenance></rdf:Description></rdf:RDF></x:xmpmeta>")));

    private static Task<C2paValidationResult> ValidateAsync(string url, C2paValidationOptions options, CancellationToken ct = default) =>
        Task.Run(() => C2paValidator.Validate(new MemoryStream(PngPointingAt(url)), options, ct)).WaitAsync(HangGuard);

    private static C2paValidationOptions Network(TimeSpan? deadline = null) => new()
    {
        AllowNetwork = true,
        MaxRemoteManifestBytes = Cap,
        RemoteManifestTimeout = deadline ?? new C2paValidationOptions().RemoteManifestTimeout,
    };

    // 200 with a length, then one byte every 200 ms: the headers arrive at once, the body never does.
    private static async Task TrickleAsync(Stream s, CancellationToken ct)
    {
        await LoopbackHttpServer.WriteHeadAsync(s, "Content-Length: 1000\r\n", ct);
        for (var i = 0; i < 1000; i++)
        {
            await s.WriteAsync(new byte[] { 0 }, ct);
            await Task.Delay(200, ct);
        }
    }

    [Fact]
    public async Task A_server_that_trickles_the_body_is_given_up_on_at_the_deadline()
    {
        using var server = new LoopbackHttpServer(TrickleAsync);
        var result = await ValidateAsync(server.Url, Network(TimeSpan.FromSeconds(2)));
        Assert.Equal(C2paValidationOutcome.RemoteManifest, result.Outcome);
        Assert.Equal(server.Url, result.RemoteManifestUrl);
        Assert.Equal($"fetching the remote manifest {server.Url} timed out after 2 s", result.Message);
    }

    [Fact]
    public async Task A_server_that_never_answers_is_given_up_on_at_the_deadline()
    {
        using var server = new LoopbackHttpServer((_, ct) => Task.Delay(Timeout.Infinite, ct));
        var result = await ValidateAsync(server.Url, Network(TimeSpan.FromSeconds(1)));
        Assert.Contains("timed out after 1 s", result.Message);
    }

    [Fact]
    public async Task An_announced_length_over_the_cap_is_refused_before_the_body()
    {
        using var server = new LoopbackHttpServer(async (s, ct) =>
        {
            await LoopbackHttpServer.WriteHeadAsync(s, $"Content-Length: {Cap + 1}\r\n", ct);
            await Task.Delay(Timeout.Infinite, ct);
        });
        var result = await ValidateAsync(server.Url, Network());
        Assert.Equal(C2paValidationOutcome.RemoteManifest, result.Outcome);
        Assert.Equal($"the remote manifest {server.Url} is {Cap + 1} bytes, more than the {Cap} allowed", result.Message);
    }

    [Fact]
    public async Task An_endless_chunked_body_is_refused_once_it_passes_the_cap()
    {
        // No length announced and no end: only counting while streaming can stop it before the deadline.
        using var server = new LoopbackHttpServer(async (s, ct) =>
        {
            await LoopbackHttpServer.WriteHeadAsync(s, "Transfer-Encoding: chunked\r\n", ct);
            var chunk = Encoding.ASCII.GetBytes($"1000\r\n{new string('x', 0x1000)}\r\n");
            while (true) await s.WriteAsync(chunk, ct);
        });
        var result = await ValidateAsync(server.Url, Network());
        Assert.Equal($"the remote manifest {server.Url} is more than the {Cap} bytes allowed", result.Message);
    }

    [Fact]
    public async Task Cancelling_stops_the_fetch_with_an_operation_cancelled_exception()
    {
        using var server = new LoopbackHttpServer(TrickleAsync);
        using var cancel = new CancellationTokenSource();
        var validation = ValidateAsync(server.Url, Network(), cancel.Token);
        await server.Requested.WaitAsync(HangGuard);
        await cancel.CancelAsync();
        var e = await Assert.ThrowsAnyAsync<OperationCanceledException>(() => validation);
        Assert.Equal(cancel.Token, e.CancellationToken);
    }

    [Fact]
    public async Task A_refused_connection_is_a_failure_message_not_an_exception()
    {
        string url;
        using (var server = new LoopbackHttpServer((_, _) => Task.CompletedTask)) url = server.Url;
        var result = await ValidateAsync(url, Network());
        Assert.Equal(C2paValidationOutcome.RemoteManifest, result.Outcome);
        Assert.StartsWith($"fetching the remote manifest {url} failed: ", result.Message, StringComparison.Ordinal);
    }

    [SkippableFact]
    public async Task A_store_served_in_time_is_read_and_validated()
    {
        var store = File.ReadAllBytes(Corpus.Path("c2pa/jpeg/cloud_manifest.c2pa"));
        using var server = new LoopbackHttpServer(async (s, ct) =>
        {
            await LoopbackHttpServer.WriteHeadAsync(s, $"Content-Type: application/c2pa\r\nContent-Length: {store.Length}\r\n", ct);
            await s.WriteAsync(store, ct);
        });
        var result = await ValidateAsync(server.Url, new C2paValidationOptions { AllowNetwork = true });
        Assert.Equal(C2paValidationOutcome.Validated, result.Outcome);
        Assert.Equal($"remote {server.Url}", result.StoreSource);
    }
}
