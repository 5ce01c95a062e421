namespace Candor.Search;

/// <summary>How many results a query returns and how near a PDQ match must be.</summary>
public sealed record SearchOptions
{
    /// <summary>Results per route (default 20, at most <see cref="MaxK"/>).</summary>
    public int K { get; init; } = 20;

    /// <summary>PDQ Hamming radius in bits (default 31, Meta's recommended match threshold; at most 64).</summary>
    public int Radius { get; init; } = 31;

    /// <summary>Also query the 7 rotated and mirrored variants of the image by PDQ (default on).</summary>
    public bool Dihedral { get; init; } = true;

    /// <summary>Search breadth for embedding routes: candidates for an HNSW index (efSearch), lists probed for an IVF index (nprobe); null uses the index's default.</summary>
    public int? Expansion { get; init; }

    /// <summary>The largest <see cref="K"/> accepted.</summary>
    public const int MaxK = 1000;

    /// <summary>Throws <see cref="ArgumentOutOfRangeException"/> with a plain message when a value is out of range.</summary>
    public void Validate()
    {
        if (K is < 1 or > MaxK) throw new ArgumentOutOfRangeException(nameof(K), K, $"k must be 1–{MaxK}");
        if (Radius is < 0 or > 64) throw new ArgumentOutOfRangeException(nameof(Radius), Radius, "the PDQ radius must be 0–64 bits");
        if (Expansion is < 1 or > 4096) throw new ArgumentOutOfRangeException(nameof(Expansion), Expansion, "expansion must be 1–4096");
    }
}
