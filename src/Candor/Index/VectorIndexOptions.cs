namespace Candor.Index;

/// <summary>How a <see cref="VectorIndex"/> builds and searches its HNSW graph.</summary>
/// <param name="Connectivity">Neighbours kept per node and layer (HNSW's M); more gives higher recall for more memory and slower adds.</param>
/// <param name="ExpansionAdd">Candidates considered when linking a new vector (efConstruction); more gives a better graph and slower adds.</param>
/// <param name="ExpansionSearch">Candidates considered per search (efSearch) when <see cref="VectorIndex.Search"/> is not given one; trades speed for recall.</param>
/// <param name="Scalar">How each component is stored: <see cref="VectorScalar.F16"/> halves memory against <see cref="VectorScalar.F32"/> at no measurable recall cost for unit vectors.</param>
/// <param name="Threads">Threads <see cref="VectorIndex.AddBatch"/> uses; 0 for every core.</param>
public sealed record VectorIndexOptions(int Connectivity = 16, int ExpansionAdd = 128, int ExpansionSearch = 64, VectorScalar Scalar = VectorScalar.F16, int Threads = 0)
{
    /// <summary>Throws <see cref="ArgumentOutOfRangeException"/> naming the first option out of range.</summary>
    internal void Validate()
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(Connectivity, 2, nameof(Connectivity));
        ArgumentOutOfRangeException.ThrowIfGreaterThan(Connectivity, 1024, nameof(Connectivity));
        ArgumentOutOfRangeException.ThrowIfLessThan(ExpansionAdd, 1, nameof(ExpansionAdd));
        ArgumentOutOfRangeException.ThrowIfLessThan(ExpansionSearch, 1, nameof(ExpansionSearch));
        ArgumentOutOfRangeException.ThrowIfNegative(Threads, nameof(Threads));
        if (!Enum.IsDefined(Scalar)) throw new ArgumentOutOfRangeException(nameof(Scalar), Scalar, "not a VectorScalar");
    }
}
