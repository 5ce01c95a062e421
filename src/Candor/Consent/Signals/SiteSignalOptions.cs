namespace Candor.Consent.Signals;

/// <summary>How <see cref="SiteSignals"/> fetches: who it says it is, how patiently and how much it reads.</summary>
public sealed record SiteSignalOptions
{
    /// <summary>The User-Agent header sent with every request.</summary>
    public string UserAgent { get; init; } = "CandorConsent/1.0 (consent signal check)";

    /// <summary>How robots.txt, ai.txt and headers are read as consent (own agent, whether <c>*</c> rules count).</summary>
    public SignalPolicy Policy { get; init; } = SignalPolicy.Default;

    /// <summary>The longest one request (all its redirects included) may take.</summary>
    public TimeSpan Timeout { get; init; } = TimeSpan.FromSeconds(10);

    /// <summary>The least time between two requests to the same host (requests to one host are also never concurrent).</summary>
    public TimeSpan PolitenessDelay { get; init; } = TimeSpan.FromSeconds(1);

    /// <summary>Redirects followed per request (RFC 9309 asks for at least five for robots.txt).</summary>
    public int MaxRedirects { get; init; } = 5;

    /// <summary>Bytes of an HTML page read for its meta elements.</summary>
    public int MaxHtmlBytes { get; init; } = 64 * 1024;

    /// <summary>The largest response header block accepted, in KiB; a larger one fails the request (and becomes evidence).</summary>
    public int MaxResponseHeadersKiB { get; init; } = 64;

    /// <summary>When true, each item's own response is fetched too (HEAD, then the first bytes of HTML) for X-Robots-Tag, TDMRep headers and meta.</summary>
    public bool FetchItemHeaders { get; init; } = true;

    /// <summary>
    /// How long a host's robots.txt, ai.txt and tdmrep.json are reused before they are fetched again (RFC 9309 §2.4: a
    /// cached robots.txt should not be used for more than 24 hours).
    /// </summary>
    public TimeSpan CacheLifetime { get; init; } = TimeSpan.FromHours(24);

    /// <summary>The clock the cache lifetime is measured with (a test's own clock in tests).</summary>
    public TimeProvider Time { get; init; } = TimeProvider.System;

    /// <summary>Queries checked at once by <see cref="SiteSignalLookup"/> (across hosts; one host is still one request at a time).</summary>
    public int MaxConcurrency { get; init; } = 8;
}
