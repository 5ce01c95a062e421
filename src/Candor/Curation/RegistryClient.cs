using System.Net;
using System.Net.Http.Headers;
using System.Text.Json;
using Candor.Consent;

namespace Candor.Curation;

/// <summary>
/// Asks a Candor consent registry over HTTP: <c>POST /api/consent/check</c> with JSON (schema
/// <c>candor.consent-check/1</c>, see <see cref="ConsentJson"/>), at most 10,000 items a request (larger lists are
/// split and answered in order), the API key as <c>Authorization: API &lt;key&gt;</c>. Answers 429 and 503 (and a
/// request that times out or cannot connect) are retried with exponential backoff, honouring <c>Retry-After</c>; any
/// other failure is a <see cref="RegistryClientException"/> that says what the registry said.
/// </summary>
public sealed class RegistryClient : IConsentLookup, IDisposable
{
    private readonly HttpClient _http;
    private readonly Uri _endpoint;
    private readonly string? _apiKey;

    /// <summary>
    /// A client for the registry at <paramref name="registry"/> (its base address, e.g. <c>https://consent.example.org/</c>),
    /// sending <paramref name="apiKey"/> when given, through <paramref name="handler"/> when given (it is not disposed).
    /// </summary>
    /// <exception cref="ArgumentException"><paramref name="registry"/> is not an absolute http or https address, or the key holds a line break.</exception>
    public RegistryClient(Uri registry, string? apiKey = null, HttpMessageHandler? handler = null)
    {
        ArgumentNullException.ThrowIfNull(registry);
        if (!registry.IsAbsoluteUri || registry.Scheme is not ("http" or "https"))
            throw new ArgumentException($"the registry address must be an absolute http or https URL, not '{registry}'", nameof(registry));
        if (apiKey is not null && (apiKey.Length == 0 || apiKey.AsSpan().IndexOfAny('\r', '\n') >= 0))
            throw new ArgumentException("the API key is empty or holds a line break", nameof(apiKey));
        Registry = registry;
        _apiKey = apiKey;
        var path = registry.AbsolutePath.EndsWith('/') ? registry : new Uri(registry.AbsoluteUri + "/");
        _endpoint = new Uri(path, "api/consent/check");
        _http = handler is null ? new HttpClient() : new HttpClient(handler, disposeHandler: false);
        _http.Timeout = Timeout.InfiniteTimeSpan;
    }

    /// <summary>The registry's base address.</summary>
    public Uri Registry { get; }

    /// <summary>The longest one request may take before it is abandoned (and retried); default 60 s.</summary>
    public TimeSpan RequestTimeout { get; init; } = TimeSpan.FromSeconds(60);

    /// <summary>How many times one batch is sent at most, the first time included; default 5.</summary>
    public int MaxAttempts { get; init; } = 5;

    /// <summary>The wait before the first retry, doubled before each further one (capped at 30 s) unless the registry says <c>Retry-After</c>; default 500 ms.</summary>
    public TimeSpan RetryDelay { get; init; } = TimeSpan.FromMilliseconds(500);

    /// <summary>Items per request, 1 to 10,000; default 10,000.</summary>
    public int BatchSize { get; init; } = ConsentJson.MaxCheckItems;

    /// <summary>Names the registry for reports.</summary>
    public override string ToString() => $"registry {Registry}";

    /// <inheritdoc />
    /// <exception cref="RegistryClientException">The registry refused a request, failed after every retry, or answered something that is not a bulk-check response.</exception>
    public async Task<IReadOnlyList<ConsentDecision>> CheckAsync(IReadOnlyList<ConsentQuery> queries, ConsentUse use, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(queries);
        var size = Math.Clamp(BatchSize, 1, ConsentJson.MaxCheckItems);
        var all = new List<ConsentDecision>(queries.Count);
        for (var start = 0; start < queries.Count; start += size)
        {
            var batch = queries.Skip(start).Take(size).ToList();
            all.AddRange(await CheckBatchAsync(batch, use, cancellationToken).ConfigureAwait(false));
        }
        return all;
    }

    private async Task<IReadOnlyList<ConsentDecision>> CheckBatchAsync(List<ConsentQuery> batch, ConsentUse use, CancellationToken ct)
    {
        var body = new System.Buffers.ArrayBufferWriter<byte>();
        using (var w = new Utf8JsonWriter(body)) ConsentJson.WriteCheckRequest(w, use, batch);
        var delay = RetryDelay;
        for (var attempt = 1; ; attempt++)
        {
            using var timeout = CancellationTokenSource.CreateLinkedTokenSource(ct);
            timeout.CancelAfter(RequestTimeout);
            using var request = new HttpRequestMessage(HttpMethod.Post, _endpoint) { Content = new ReadOnlyMemoryContent(body.WrittenMemory) };
            request.Content.Headers.ContentType = new MediaTypeHeaderValue("application/json");
            if (_apiKey is not null) request.Headers.TryAddWithoutValidation("Authorization", "API " + _apiKey);
            request.Headers.Accept.Add(new MediaTypeWithQualityHeaderValue("application/json"));
            TimeSpan? retryAfter = null;
            string failure;
            int? status = null;
            try
            {
                using var response = await _http.SendAsync(request, HttpCompletionOption.ResponseContentRead, timeout.Token).ConfigureAwait(false);
                var bytes = await response.Content.ReadAsByteArrayAsync(timeout.Token).ConfigureAwait(false);
                status = (int)response.StatusCode;
                if (response.IsSuccessStatusCode)
                {
                    try
                    {
                        return ConsentJson.ReadCheckResponse(bytes, use, batch.Count);
                    }
                    catch (CandorFormatException e)
                    {
                        throw new RegistryClientException($"{Registry} answered something that is not a bulk-check response: {e.Message}", status, inner: e);
                    }
                }
                var (code, message) = Error(bytes);
                failure = $"{Registry} answered {status} {response.ReasonPhrase}{(code is null ? "" : $" ({code}: {message})")}";
                if (response.StatusCode is not (HttpStatusCode.TooManyRequests or HttpStatusCode.ServiceUnavailable))
                    throw new RegistryClientException(failure + Hint(response.StatusCode), status, code);
                retryAfter = response.Headers.RetryAfter?.Delta
                    ?? (response.Headers.RetryAfter?.Date is { } date ? date - DateTimeOffset.UtcNow : null);
            }
            catch (OperationCanceledException) when (!ct.IsCancellationRequested)
            {
                failure = $"{Registry} did not answer within {RequestTimeout.TotalSeconds:0.#} s";
            }
            catch (HttpRequestException e)
            {
                failure = $"{Registry} cannot be reached: {e.Message}";
            }
            if (attempt >= MaxAttempts)
                throw new RegistryClientException($"{failure}; gave up after {attempt} attempt{(attempt == 1 ? "" : "s")}", status);
            var wait = retryAfter is { } r && r > TimeSpan.Zero ? (r < TimeSpan.FromSeconds(60) ? r : TimeSpan.FromSeconds(60)) : retryAfter is not null ? TimeSpan.Zero : delay;
            await Task.Delay(wait, ct).ConfigureAwait(false);
            delay = delay * 2 < TimeSpan.FromSeconds(30) ? delay * 2 : TimeSpan.FromSeconds(30);
        }
    }

    private static string Hint(HttpStatusCode status) => status switch
    {
        HttpStatusCode.Unauthorized or HttpStatusCode.Forbidden => " — check the API key",
        HttpStatusCode.NotFound => " — is this a Candor registry? (no /api/consent/check)",
        _ => "",
    };

    /// <summary>The kind and message of a Candor server's error body (<c>{"error": message, "kind": code}</c>), when it is one.</summary>
    private static (string? Code, string? Message) Error(byte[] body)
    {
        try
        {
            using var doc = JsonDocument.Parse(body);
            if (doc.RootElement.ValueKind == JsonValueKind.Object && doc.RootElement.TryGetProperty("error", out var e) && e.ValueKind == JsonValueKind.String)
                return (doc.RootElement.TryGetProperty("kind", out var k) ? k.ToString() : null, e.GetString());
        }
        catch (JsonException)
        {
            // Not JSON: the status alone says it.
        }
        return (null, null);
    }

    /// <summary>Releases the HTTP client.</summary>
    public void Dispose() => _http.Dispose();
}
