namespace Candor.Index;

/// <summary>One result of <see cref="VectorIndex.Search"/>.</summary>
/// <param name="Id">The id the caller gave the vector when adding it.</param>
/// <param name="Similarity">Cosine similarity to the query, 1 − cosine distance: 1 for the same direction, 0 for orthogonal, −1 for opposite (approximate for <see cref="VectorScalar.F16"/> and <see cref="VectorScalar.I8"/> storage).</param>
public readonly record struct VectorMatch(long Id, float Similarity);
