namespace Candor.Consent.Signals;

/// <summary>
/// <see cref="IConsentLookup"/> over the web: decides each query from the signals of the site its URL is on (see
/// <see cref="SiteSignals"/>). Queries without a URL get <see cref="ConsentVerdict.NotStated"/>; hosts are fetched once and
/// cached for the life of this object.
/// </summary>
public sealed class SiteSignalLookup : IConsentLookup, IDisposable
{
    private readonly SiteSignals _signals;
    private readonly bool _owns;
    private readonly int _concurrency;

    /// <summary>A lookup with its own <see cref="SiteSignals"/> fetcher.</summary>
    public SiteSignalLookup(SiteSignalOptions? options = null)
        : this(new SiteSignals(options), options?.MaxConcurrency ?? new SiteSignalOptions().MaxConcurrency, owns: true)
    {
    }

    /// <summary>A lookup over an existing fetcher (shared cache); <paramref name="maxConcurrency"/> queries are checked at once.</summary>
    public SiteSignalLookup(SiteSignals signals, int maxConcurrency = 8)
        : this(signals, maxConcurrency, owns: false)
    {
    }

    private SiteSignalLookup(SiteSignals signals, int maxConcurrency, bool owns)
    {
        _signals = signals;
        _owns = owns;
        _concurrency = Math.Max(1, maxConcurrency);
    }

    /// <summary>The fetcher (its request count and host cache).</summary>
    public SiteSignals Signals => _signals;

    /// <inheritdoc/>
    public async Task<IReadOnlyList<ConsentDecision>> CheckAsync(IReadOnlyList<ConsentQuery> queries, ConsentUse use, CancellationToken cancellationToken = default)
    {
        var results = new ConsentDecision[queries.Count];
        await Parallel.ForAsync(0, queries.Count, new ParallelOptions { MaxDegreeOfParallelism = _concurrency, CancellationToken = cancellationToken }, async (i, ct) =>
        {
            results[i] = queries[i].Url is { Length: > 0 } url
                ? await _signals.CheckAsync(url, use, ct).ConfigureAwait(false)
                : new ConsentDecision(use, ConsentVerdict.NotStated, "no URL: site signals need one", []);
        }).ConfigureAwait(false);
        return results;
    }

    /// <summary>Releases the fetcher when this lookup created it.</summary>
    public void Dispose()
    {
        if (_owns) _signals.Dispose();
    }
}
