namespace Candor.Consent;

/// <summary>
/// Something that answers consent questions for many items at once: a local registry store, or a remote
/// Candor registry over HTTP. Results come back in the order of the queries, one per query.
/// </summary>
public interface IConsentLookup
{
    /// <summary>Decides <paramref name="use"/> for every query; an item the lookup knows nothing about gets <see cref="ConsentVerdict.NotStated"/>.</summary>
    Task<IReadOnlyList<ConsentDecision>> CheckAsync(IReadOnlyList<ConsentQuery> queries, ConsentUse use, CancellationToken cancellationToken = default);
}
