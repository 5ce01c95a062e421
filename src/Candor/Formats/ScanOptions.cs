namespace Candor.Formats;

/// <summary>Limits applied while scanning hostile input.</summary>
public sealed record ScanOptions
{
    /// <summary>Largest decompressed size of one compressed text chunk or payload (default 8 MiB).</summary>
    public int MaxDecompressedBytes { get; init; } = 8 << 20;

    /// <summary>Largest metadata payload kept in memory (default 64 MiB); larger ones are reported and skipped.</summary>
    public int MaxPayloadBytes { get; init; } = 64 << 20;

    /// <summary>
    /// Largest total of bytes one scan decompresses and keeps, every block together (default 64 MiB): see
    /// <see cref="ScanBudget"/>. Blocks past it are counted and reported, not decoded.
    /// </summary>
    public long MaxTotalBytes { get; init; } = 64L << 20;

    /// <summary>The default limits.</summary>
    public static ScanOptions Default { get; } = new();
}
