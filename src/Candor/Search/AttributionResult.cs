namespace Candor.Search;

/// <summary>
/// The training images closest to a generated one by image embedding. Similarity says how alike two pictures are to
/// one encoder; it is not evidence that any of them was used to make the image.
/// </summary>
/// <param name="Encoder">The encoder whose embeddings were compared.</param>
/// <param name="Nearest">The most similar items, most similar first.</param>
/// <param name="NearDuplicates">Items that are near-duplicates of the image by PDQ (the same picture), if any.</param>
/// <param name="Statement">The plain-language reading of the result, for people.</param>
public sealed record AttributionResult(EmbeddingIndexInfo Encoder, IReadOnlyList<SearchHit> Nearest, IReadOnlyList<SearchHit> NearDuplicates, string Statement);
