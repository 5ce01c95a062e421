namespace Candor.Index;

/// <summary>
/// A served vector index, whatever its structure: <see cref="VectorIndex"/> (HNSW graph) or <see cref="IvfIndex"/>
/// (inverted file). Searches are by cosine similarity and safe from any number of threads.
/// </summary>
public interface IVectorSearch : IDisposable
{
    /// <summary>Length of every vector the index holds and every query it takes.</summary>
    int Dimensions { get; }

    /// <summary>Number of vectors in the index.</summary>
    long Count { get; }

    /// <summary>The <paramref name="k"/> stored vectors most similar to <paramref name="query"/>, most similar first.</summary>
    /// <param name="query">Exactly <see cref="Dimensions"/> components; it need not be normalised.</param>
    /// <param name="k">How many matches to return, at least 1.</param>
    /// <param name="breadth">How widely to search, trading speed for recall: HNSW's candidate count (efSearch) or IVF's lists probed (nprobe); null for the index's default.</param>
    IReadOnlyList<VectorMatch> Search(ReadOnlySpan<float> query, int k, int? breadth = null);
}
