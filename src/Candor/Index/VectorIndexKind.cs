namespace Candor.Index;

/// <summary>The structure of an embedding index.</summary>
public enum VectorIndexKind
{
    /// <summary>An HNSW graph (<see cref="VectorIndex"/>, USearch).</summary>
    Hnsw,

    /// <summary>An inverted file of k-means lists scanned exactly (<see cref="IvfIndex"/>).</summary>
    Ivf,
}
