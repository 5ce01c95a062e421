namespace Candor.Formats;

/// <summary>
/// The bytes one scan may decompress and keep in memory, all payloads together (text chunks, ICC,
/// XMP, EXIF, C2PA stores, zTXt/iTXt output), so that many blocks each under the per-block cap cannot
/// add up to gigabytes. Every byte a reader inflates is spent, kept or not; every byte it keeps
/// uncompressed is spent too. Once the budget is spent, further blocks are not decoded and are
/// counted in <see cref="Skipped"/>; the scan goes on. One budget belongs to one scan (not thread-safe).
/// </summary>
public sealed class ScanBudget
{
    private readonly Dictionary<string, int> _skipped = new(StringComparer.Ordinal);

    /// <summary>A budget of <paramref name="limit"/> bytes.</summary>
    public ScanBudget(long limit)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(limit);
        Limit = limit;
    }

    /// <summary>The total bytes the scan may decompress and keep.</summary>
    public long Limit { get; }

    /// <summary>The bytes decompressed or kept so far; never more than <see cref="Limit"/>.</summary>
    public long Used { get; private set; }

    /// <summary>The bytes left.</summary>
    public long Remaining => Limit - Used;

    /// <summary>What was not decoded because the budget was spent: a description of the block ("PNG zTXt chunk") → how many.</summary>
    public IReadOnlyDictionary<string, int> Skipped => _skipped;

    /// <summary>
    /// One line saying that the budget was reached and what was skipped
    /// ("decompression budget of 64 MiB reached: 187 PNG zTXt chunks not decoded"), or null when nothing was.
    /// </summary>
    public string? Summary => _skipped.Count == 0
        ? null
        : $"decompression budget of {Describe(Limit)} reached: {string.Join(", ", _skipped.Select(s => $"{s.Value} {s.Key}{(s.Value == 1 ? "" : "s")}"))} not decoded";

    /// <summary>Spends <paramref name="bytes"/> on a block kept as is, or records <paramref name="what"/> as skipped (false) when they do not fit.</summary>
    internal bool TryKeep(long bytes, string what)
    {
        if (bytes <= Remaining)
        {
            Used += bytes;
            return true;
        }
        Skip(what);
        return false;
    }

    /// <summary>Spends <paramref name="bytes"/> already decompressed (at most what remains).</summary>
    internal void Spend(long bytes) => Used += Math.Clamp(bytes, 0, Remaining);

    /// <summary>Records <paramref name="what"/> as not decoded for lack of budget.</summary>
    internal void Skip(string what) => _skipped[what] = _skipped.GetValueOrDefault(what) + 1;

    private static string Describe(long bytes) =>
        bytes % (1 << 20) == 0 ? $"{bytes >> 20} MiB" : $"{bytes} bytes";
}
