using System.Collections.Concurrent;
using System.Net;
using System.Net.Http.Headers;
using System.Text;

namespace Candor.Consent.Signals;

/// <summary>
/// Fetches a site's consent signals over HTTP for an item URL and decides a use from them: per host (cached for
/// <see cref="SiteSignalOptions.CacheLifetime"/>, 24 hours by default) <c>/robots.txt</c>, <c>/ai.txt</c> and <c>/.well-known/tdmrep.json</c>; per item, when asked, its response
/// headers (HEAD, then the first bytes of an HTML page for meta elements). Requests to one host are serialised and spaced by
/// the politeness delay, bounded in time, size and redirects. Failures become evidence, never exceptions.
/// </summary>
public sealed class SiteSignals : IDisposable
{
    private readonly HttpClient _http;
    private readonly SiteSignalOptions _options;
    private readonly ConcurrentDictionary<string, CachedHost> _hosts = new(StringComparer.Ordinal);
    private readonly ConcurrentDictionary<string, HostGate> _gates = new(StringComparer.Ordinal);
    private int _requests;

    /// <summary>A fetcher with its own HTTP handler (no automatic redirects, bounded header size, decompression on).</summary>
    public SiteSignals(SiteSignalOptions? options = null)
    {
        _options = options ?? new SiteSignalOptions();
        var handler = new SocketsHttpHandler
        {
            AllowAutoRedirect = false,
            AutomaticDecompression = DecompressionMethods.All,
            MaxResponseHeadersLength = Math.Max(1, _options.MaxResponseHeadersKiB),
            ConnectTimeout = _options.Timeout,
            PooledConnectionLifetime = TimeSpan.FromMinutes(5),
            MaxConnectionsPerServer = 2,
        };
        _http = new HttpClient(handler) { Timeout = System.Threading.Timeout.InfiniteTimeSpan };
        _http.DefaultRequestHeaders.UserAgent.TryParseAdd(_options.UserAgent);
    }

    /// <summary>HTTP requests sent so far (redirect hops included).</summary>
    public int RequestCount => Volatile.Read(ref _requests);

    /// <summary>Hosts whose site-wide files have been fetched (or are being fetched).</summary>
    public int CachedHosts => _hosts.Count;

    /// <summary>Decides <paramref name="use"/> of the item at <paramref name="url"/> from the site's signals.</summary>
    public async Task<ConsentDecision> CheckAsync(string url, ConsentUse use, CancellationToken cancellationToken = default) =>
        ConsentDecision.Combine(use, await EvidenceAsync(url, use, cancellationToken).ConfigureAwait(false), "the site states nothing about this use");

    /// <summary>Every piece of evidence the site gives about <paramref name="use"/> of the item at <paramref name="url"/>.</summary>
    public async Task<IReadOnlyList<ConsentEvidence>> EvidenceAsync(string url, ConsentUse use, CancellationToken cancellationToken = default)
    {
        if (!TryNormalize(url, out var uri, out var problem))
            return [new ConsentEvidence("robots.txt", Shorten(url ?? ""), problem, ConsentVerdict.NotStated)];
        var item = uri.AbsoluteUri;
        var site = await HostFilesAsync(uri).ConfigureAwait(false);
        var evidence = new List<ConsentEvidence>();
        var policy = _options.Policy;

        if (site.Robots is { } robots) evidence.AddRange(RobotsTxtEvaluator.Evidence(robots, site.RobotsUrl, item, use, policy));
        else evidence.Add(site.RobotsFailure!);

        if (site.AiTxt is { } ai) evidence.AddRange(ai.Evidence(site.AiTxtUrl, item, use, policy));
        else evidence.Add(new ConsentEvidence("ai.txt", site.AiTxtUrl, site.AiTxtProblem!, ConsentVerdict.NotStated));

        var tdm = new List<TdmDeclaration?>();
        if (site.TdmFile is { } file)
        {
            tdm.Add(file.DeclarationFor(item));
            if (file.Problem is not null) evidence.Add(new ConsentEvidence("tdmrep", site.TdmUrl, file.Problem, ConsentVerdict.NotStated));
        }
        else if (site.TdmProblem is not null)
        {
            evidence.Add(new ConsentEvidence("tdmrep", site.TdmUrl, site.TdmProblem, ConsentVerdict.NotStated));
        }

        if (_options.FetchItemHeaders) await ItemEvidenceAsync(uri, use, evidence, tdm, cancellationToken).ConfigureAwait(false);

        var effective = TdmRep.Resolve(tdm);
        foreach (var d in tdm.OfType<TdmDeclaration>())
        {
            var where = d.Source.StartsWith("/.well-known", StringComparison.Ordinal) ? site.TdmUrl : item;
            evidence.Add(ReferenceEquals(d, effective) || d.Reservation is null
                ? TdmRep.Evidence(d, where)
                : new ConsentEvidence("tdmrep", where, $"{d.Source}: reservation {d.Reservation}, superseded by {effective!.Source}", ConsentVerdict.NotStated));
        }
        return evidence;
    }

    /// <summary>A host's site-wide files: fetched once and shared by every caller until they are older than the cache lifetime.</summary>
    private Task<HostFiles> HostFilesAsync(Uri uri)
    {
        var key = SiteKey(uri);
        var time = _options.Time;
        while (true)
        {
            var cached = _hosts.GetOrAdd(key, _ => new CachedHost(new Lazy<Task<HostFiles>>(() => FetchHostAsync(uri)), time.GetTimestamp()));
            if (time.GetElapsedTime(cached.FetchedAt) <= _options.CacheLifetime) return cached.Files.Value;
            // Expired: the first caller to notice swaps in a new fetch; the others take whatever is there then.
            var fresh = new CachedHost(new Lazy<Task<HostFiles>>(() => FetchHostAsync(uri)), time.GetTimestamp());
            if (_hosts.TryUpdate(key, fresh, cached)) return fresh.Files.Value;
        }
    }

    private sealed record CachedHost(Lazy<Task<HostFiles>> Files, long FetchedAt);

    private async Task ItemEvidenceAsync(Uri uri, ConsentUse use, List<ConsentEvidence> evidence, List<TdmDeclaration?> tdm, CancellationToken ct)
    {
        var item = uri.AbsoluteUri;
        var head = await FetchAsync(uri, HttpMethod.Head, 0, ct).ConfigureAwait(false);
        if (head.Status is 405 or 501)
            head = await FetchAsync(uri, HttpMethod.Get, _options.MaxHtmlBytes, ct).ConfigureAwait(false);
        if (head.Status is not (>= 200 and < 300))
        {
            evidence.Add(new ConsentEvidence("x-robots-tag", item, $"item not fetched: {head.Describe()}", ConsentVerdict.NotStated));
            return;
        }
        evidence.AddRange(XRobotsTag.Evidence(head.Values("X-Robots-Tag"), item, use, _options.Policy));
        tdm.Add(TdmRep.FromHeaders(head.Headers));
        if (!head.IsHtml) return;
        var page = head.Body is not null ? head : await FetchAsync(uri, HttpMethod.Get, _options.MaxHtmlBytes, ct).ConfigureAwait(false);
        if (page.Body is null)
        {
            evidence.Add(new ConsentEvidence("html-meta", item, $"page not read: {page.Describe()}", ConsentVerdict.NotStated));
            return;
        }
        var html = Encoding.UTF8.GetString(page.Body);
        evidence.AddRange(RobotsMeta.Evidence(html, item, use, _options.Policy));
        tdm.Add(TdmRep.FromHtml(html));
    }

    private async Task<HostFiles> FetchHostAsync(Uri item)
    {
        // Not tied to one caller's cancellation: the result is shared by every later caller for this host.
        var root = new UriBuilder(item.Scheme, item.IdnHost.TrimEnd('.'), item.Port).Uri;
        var files = new HostFiles(new Uri(root, "/robots.txt").AbsoluteUri, new Uri(root, "/ai.txt").AbsoluteUri, new Uri(root, "/.well-known/tdmrep.json").AbsoluteUri);

        var robots = await FetchAsync(new Uri(files.RobotsUrl), HttpMethod.Get, RobotsTxt.MaxBytes + 1, CancellationToken.None).ConfigureAwait(false);
        if (robots.Status is >= 200 and < 300 && robots.Body is not null) files.Robots = RobotsTxt.Parse(robots.Body);
        else files.RobotsFailure = robots.Status is >= 300 and < 400
            ? new ConsentEvidence("robots.txt", files.RobotsUrl, $"{robots.Problem}: unavailable, which RFC 9309 reads as allow all; nothing said about AI", ConsentVerdict.NotStated)
            : RobotsTxtEvaluator.Unavailable(files.RobotsUrl, robots.Status, robots.Problem, _options.Policy);

        var ai = await FetchAsync(new Uri(files.AiTxtUrl), HttpMethod.Get, RobotsTxt.MaxBytes + 1, CancellationToken.None).ConfigureAwait(false);
        if (ai.Status is >= 200 and < 300 && ai.Body is not null && !ai.IsHtml) files.AiTxt = AiTxt.Parse(ai.Body);
        else files.AiTxtProblem = ai.IsHtml && ai.Status is >= 200 and < 300 ? "served an HTML page, not an ai.txt" : $"none ({ai.Describe()})";

        var tdm = await FetchAsync(new Uri(files.TdmUrl), HttpMethod.Get, TdmRepFile.MaxBytes + 1, CancellationToken.None).ConfigureAwait(false);
        if (tdm.Status is >= 200 and < 300 && tdm.Body is not null && !tdm.IsHtml) files.TdmFile = TdmRepFile.Parse(tdm.Body);
        else if (tdm.Status is not 404 and not 410) files.TdmProblem = $"no TDM file ({tdm.Describe()})";
        return files;
    }

    /// <summary>
    /// Checks and normalises an item URL: absolute http(s) with a host; Unicode hosts become IDNA (punycode), a trailing dot
    /// and default ports are dropped, user info ("http://a.com@b.com/") is ignored (the host is b.com), the path percent-encoded.
    /// </summary>
    public static bool TryNormalize(string? url, out Uri uri, out string problem)
    {
        uri = null!;
        problem = "";
        var text = url?.Trim();
        if (string.IsNullOrEmpty(text)) { problem = "no URL"; return false; }
        if (text.Length > 8192) { problem = $"URL is {text.Length} characters, more than 8192"; return false; }
        if (!Uri.TryCreate(text, UriKind.Absolute, out var parsed)) { problem = $"'{Shorten(text)}' is not an absolute URL"; return false; }
        if (parsed.Scheme is not ("http" or "https")) { problem = $"'{parsed.Scheme}' URLs carry no site signals (only http and https)"; return false; }
        try
        {
            var host = parsed.IdnHost.TrimEnd('.').ToLowerInvariant();
            if (host.Length == 0) { problem = $"'{Shorten(text)}' has no host"; return false; }
            var builder = new UriBuilder(parsed) { Host = host, UserName = "", Password = "", Fragment = "" };
            if (parsed.IsDefaultPort) builder.Port = -1;
            uri = builder.Uri;
            return true;
        }
        catch (UriFormatException e)
        {
            problem = $"host of '{Shorten(text)}' is not a valid domain name ({e.Message})";
            return false;
        }
    }

    private static string SiteKey(Uri uri) => $"{uri.Scheme}://{uri.IdnHost.TrimEnd('.')}:{uri.Port}";

    private async Task<Fetched> FetchAsync(Uri uri, HttpMethod method, int maxBytes, CancellationToken ct)
    {
        using var timeout = CancellationTokenSource.CreateLinkedTokenSource(ct);
        timeout.CancelAfter(_options.Timeout);
        var current = uri;
        try
        {
            for (var hop = 0; ; hop++)
            {
                var gate = _gates.GetOrAdd(SiteKey(current), _ => new HostGate());
                await gate.Lock.WaitAsync(timeout.Token).ConfigureAwait(false);
                try
                {
                    var wait = gate.NextAllowed - DateTime.UtcNow;
                    if (wait > TimeSpan.Zero) await Task.Delay(wait, timeout.Token).ConfigureAwait(false);
                    using var request = new HttpRequestMessage(method, current);
                    Interlocked.Increment(ref _requests);
                    using var response = await _http.SendAsync(request, HttpCompletionOption.ResponseHeadersRead, timeout.Token).ConfigureAwait(false);
                    var status = (int)response.StatusCode;
                    if (status is >= 300 and < 400 && response.Headers.Location is { } location)
                    {
                        if (hop >= _options.MaxRedirects)
                            return new Fetched(status, current, [], null, $"more than {_options.MaxRedirects} redirects");
                        current = new Uri(current, location);
                        if (current.Scheme is not ("http" or "https"))
                            return new Fetched(status, current, [], null, $"redirect to a {current.Scheme} URL");
                        continue;
                    }
                    var headers = Headers(response.Headers).Concat(Headers(response.Content.Headers)).ToList();
                    var body = maxBytes > 0 && method != HttpMethod.Head ? await ReadAsync(response.Content, maxBytes, timeout.Token).ConfigureAwait(false) : null;
                    return new Fetched(status, current, headers, body, response.ReasonPhrase ?? "");
                }
                finally
                {
                    gate.NextAllowed = DateTime.UtcNow + _options.PolitenessDelay;
                    gate.Lock.Release();
                }
            }
        }
        catch (OperationCanceledException) when (ct.IsCancellationRequested)
        {
            throw;
        }
        catch (OperationCanceledException)
        {
            return new Fetched(null, current, [], null, $"timeout after {_options.Timeout.TotalSeconds:0.###} s");
        }
        catch (HttpRequestException e)
        {
            return new Fetched(null, current, [], null, Reason(e));
        }
        catch (IOException e)
        {
            return new Fetched(null, current, [], null, $"connection broken ({e.Message})");
        }
        catch (UriFormatException e)
        {
            return new Fetched(null, current, [], null, $"unusable redirect target ({e.Message})");
        }
    }

    private static string Reason(HttpRequestException e) => e.HttpRequestError switch
    {
        HttpRequestError.NameResolutionError => "host name not found",
        HttpRequestError.ConnectionError => "connection refused or failed",
        HttpRequestError.SecureConnectionError => "TLS handshake failed",
        HttpRequestError.ConfigurationLimitExceeded => "response headers too large",
        HttpRequestError.InvalidResponse => "invalid HTTP response",
        _ => e.Message,
    };

    private static IEnumerable<KeyValuePair<string, string>> Headers(HttpHeaders headers) =>
        headers.NonValidated.SelectMany(h => h.Value.Select(v => new KeyValuePair<string, string>(h.Key, v)));

    private static async Task<byte[]> ReadAsync(HttpContent content, int maxBytes, CancellationToken ct)
    {
        var stream = await content.ReadAsStreamAsync(ct).ConfigureAwait(false);
        await using (stream.ConfigureAwait(false))
        {
            var buffer = new byte[Math.Min(maxBytes, 64 * 1024)];
            using var into = new MemoryStream();
            int read;
            while (into.Length < maxBytes && (read = await stream.ReadAsync(buffer.AsMemory(0, (int)Math.Min(buffer.Length, maxBytes - into.Length)), ct).ConfigureAwait(false)) > 0)
                into.Write(buffer, 0, read);
            return into.ToArray();
        }
    }

    private static string Shorten(string s) => s.Length <= 120 ? s : s[..120] + "…";

    /// <summary>Releases the HTTP client.</summary>
    public void Dispose()
    {
        _http.Dispose();
        foreach (var gate in _gates.Values) gate.Lock.Dispose();
    }

    private sealed class HostGate
    {
        public SemaphoreSlim Lock { get; } = new(1, 1);
        public DateTime NextAllowed { get; set; }
    }

    private sealed record Fetched(int? Status, Uri FinalUri, List<KeyValuePair<string, string>> Headers, byte[]? Body, string Problem)
    {
        public bool IsHtml => Values("Content-Type").Any(v => v.Contains("html", StringComparison.OrdinalIgnoreCase));

        public IEnumerable<string> Values(string name) => Headers.Where(h => h.Key.Equals(name, StringComparison.OrdinalIgnoreCase)).Select(h => h.Value);

        public string Describe() => Status is null ? $"fetch failed ({Problem})" : $"HTTP {Status}{(string.IsNullOrEmpty(Problem) ? "" : $" {Problem}")}";
    }

    private sealed class HostFiles(string robotsUrl, string aiTxtUrl, string tdmUrl)
    {
        public string RobotsUrl { get; } = robotsUrl;
        public string AiTxtUrl { get; } = aiTxtUrl;
        public string TdmUrl { get; } = tdmUrl;
        public RobotsTxt? Robots { get; set; }
        public ConsentEvidence? RobotsFailure { get; set; }
        public AiTxt? AiTxt { get; set; }
        public string? AiTxtProblem { get; set; }
        public TdmRepFile? TdmFile { get; set; }
        public string? TdmProblem { get; set; }
    }
}
