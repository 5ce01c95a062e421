using Candor.Index;

namespace Candor.Search;

/// <summary>
/// One item of the data set that a query matched, with how close it is. The score is a similarity or a distance, never
/// a claim that the item is the source of the query.
/// </summary>
/// <param name="Item">The catalogue entry: id, key, source URL, caption, shard and row.</param>
/// <param name="Route">How it was found (<see cref="SearchRoutes"/>).</param>
/// <param name="Score">The measure's value: Hamming distance (bits, lower is closer), cosine similarity (−1..1, higher is closer) or BM25 (lower is better).</param>
/// <param name="Measure">What <paramref name="Score"/> is: <c>hamming-distance</c>, <c>cosine-similarity</c> or <c>bm25</c>.</param>
/// <param name="Variant">For PDQ matches, which variant of the query matched (<c>original</c>, <c>rotate-90</c>, <c>flip-horizontal</c>…), else null.</param>
/// <param name="HasThumbnail">A preview image is stored for the item.</param>
public sealed record SearchHit(CatalogueItem Item, string Route, double Score, string Measure, string? Variant, bool HasThumbnail);
