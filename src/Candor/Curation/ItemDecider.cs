using Candor.Consent;

namespace Candor.Curation;

/// <summary>
/// Decides batches of items: sends the items that have a URL or hash to every lookup (one call per lookup per batch),
/// adds the evidence their images carry, combines it with <see cref="ConsentDecision.Combine"/> and counts the result
/// in the audit. An item is dropped when the combined verdict is <see cref="ConsentVerdict.Forbidden"/>.
/// </summary>
internal sealed class ItemDecider(IReadOnlyList<IConsentLookup> lookups, ConsentUse use)
{
    private readonly ConsentDecision _unidentified = new(use, ConsentVerdict.NotStated, "no URL or hash to check", []);

    /// <summary>The decisions for <paramref name="items"/>, in order; also counted in <paramref name="audit"/> under <paramref name="shard"/>.</summary>
    /// <exception cref="InvalidOperationException">A lookup answered with a different number of decisions than it was asked.</exception>
    public async Task<ConsentDecision[]> DecideAsync(string shard, IReadOnlyList<FilterItem> items, FilterAudit audit, CancellationToken ct)
    {
        var queries = new List<ConsentQuery>(items.Count);
        foreach (var item in items)
            if (item.Query is not null) queries.Add(item.Query);
        var answers = new IReadOnlyList<ConsentDecision>[lookups.Count];
        if (queries.Count > 0)
            for (var l = 0; l < lookups.Count; l++)
            {
                var got = await lookups[l].CheckAsync(queries, use, ct).ConfigureAwait(false);
                if (got is null || got.Count != queries.Count)
                    throw new InvalidOperationException($"{lookups[l]} answered {got?.Count ?? 0} decisions for {queries.Count} items");
                answers[l] = got;
            }
        var decisions = new ConsentDecision[items.Count];
        var q = 0;
        for (var i = 0; i < items.Count; i++)
        {
            var item = items[i];
            var asked = item.Query is not null;
            if (!asked && item.Embedded is not { Count: > 0 })
            {
                decisions[i] = _unidentified;
                continue;
            }
            // The common case needs no new decision: one lookup, nothing embedded.
            if (asked && lookups.Count == 1 && item.Embedded is not { Count: > 0 }) decisions[i] = Usable(answers[0][q], lookups[0]);
            else
            {
                var evidence = new List<ConsentEvidence>();
                var silent = asked ? null : _unidentified.Reason;
                if (asked)
                    for (var l = 0; l < lookups.Count; l++)
                    {
                        var d = Usable(answers[l][q], lookups[l]);
                        evidence.AddRange(d.Evidence);
                        silent ??= d.Verdict == ConsentVerdict.NotStated ? d.Reason : null;
                    }
                if (item.Embedded is { } embedded) evidence.AddRange(embedded);
                decisions[i] = ConsentDecision.Combine(use, evidence, silent ?? "no signal about this use");
            }
            if (asked) q++;
        }
        audit.Count(shard, items, decisions);
        return decisions;
    }

    /// <summary>A lookup's decision whose verdict is backed by evidence (one is made from its reason when it has none).</summary>
    private ConsentDecision Usable(ConsentDecision d, IConsentLookup lookup) =>
        d.Verdict == ConsentVerdict.NotStated || d.Evidence.Any(e => e.Verdict == d.Verdict)
            ? d
            : d with { Evidence = [.. d.Evidence, new ConsentEvidence("registry", lookup.ToString() ?? lookup.GetType().Name, d.Reason, d.Verdict)] };
}
