namespace Candor.Search;

/// <summary>What a search by picture found: near-duplicates by PDQ, then similar pictures by embedding.</summary>
/// <param name="QueryPdq">The query's PDQ hash (hex), or null when the index has no PDQ.</param>
/// <param name="QueryQuality">The query's PDQ quality (below 50 the hash is unreliable), or null.</param>
/// <param name="Radius">The Hamming radius used.</param>
/// <param name="NearDuplicates">Items within the radius, closest first (any of the 8 dihedral variants).</param>
/// <param name="Encoder">The image encoder whose embeddings were compared, or null when the index has none.</param>
/// <param name="Similar">Items by embedding similarity, most similar first.</param>
/// <param name="Notes">What could not be done and why (no image index, low-quality hash…).</param>
public sealed record ImageSearchResult(string? QueryPdq, int? QueryQuality, int Radius, IReadOnlyList<SearchHit> NearDuplicates,
    EmbeddingIndexInfo? Encoder, IReadOnlyList<SearchHit> Similar, IReadOnlyList<string> Notes);
