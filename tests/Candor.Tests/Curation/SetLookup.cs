using Candor.Consent;

namespace Candor.Tests.Curation;

/// <summary>
/// A real in-memory lookup for the filter's own tests (a stand-in registry): items whose URL or SHA-256 is in the sets
/// are forbidden for every use, everything else is not stated. It records every batch it is asked.
/// </summary>
internal sealed class SetLookup(IEnumerable<string>? urls = null, IEnumerable<string>? sha256 = null) : IConsentLookup
{
    private readonly HashSet<string> _urls = [.. urls ?? []];
    private readonly HashSet<string> _sha = new(sha256 ?? [], StringComparer.OrdinalIgnoreCase);

    public List<int> Batches { get; } = [];

    public List<ConsentQuery> Asked { get; } = [];

    public Exception? FailWith { get; set; }

    public Task<IReadOnlyList<ConsentDecision>> CheckAsync(IReadOnlyList<ConsentQuery> queries, ConsentUse use, CancellationToken cancellationToken = default)
    {
        if (FailWith is not null) throw FailWith;
        Batches.Add(queries.Count);
        Asked.AddRange(queries);
        var silent = new ConsentDecision(use, ConsentVerdict.NotStated, "not in the test registry", []);
        var result = queries.Select(q =>
            q.Url is not null && _urls.Contains(q.Url) ? Forbid(use, "url", q.Url)
            : q.Sha256 is not null && _sha.Contains(q.Sha256) ? Forbid(use, "sha256", q.Sha256)
            : silent).ToList();
        return Task.FromResult<IReadOnlyList<ConsentDecision>>(result);
    }

    private static ConsentDecision Forbid(ConsentUse use, string by, string value) =>
        ConsentDecision.Combine(use, [new ConsentEvidence("registry", "test registry", $"opted out by {by}", ConsentVerdict.Forbidden)]);

    public override string ToString() => "test registry";
}
