using System.IO.Compression;

namespace Candor.Formats;

/// <summary>
/// zlib (RFC 1950) decompression with a ceiling on the output, so a small compressed chunk
/// cannot expand into gigabytes. Output is read in slices and abandoned as soon as it passes the cap.
/// </summary>
internal static class CappedInflate
{
    /// <summary>
    /// True for the exceptions .NET's inflaters throw on corrupt data: <see cref="InvalidDataException"/>, and the
    /// zlib-ng wrapper's internal <c>ZLibException</c> (an <see cref="IOException"/> that is not public, so it is
    /// recognised by name).
    /// </summary>
    public static bool IsCorruptData(Exception e) =>
        e is InvalidDataException || e.GetType().FullName == "System.IO.Compression.ZLibException";

    /// <summary>
    /// Inflates a zlib stream; throws <see cref="CandorFormatException"/> (offset relative to the data) when it is corrupt
    /// or larger than <paramref name="cap"/> bytes, or than what remains of <paramref name="budget"/> (kind
    /// <see cref="FormatErrorKind.LimitExceeded"/> for both). Every byte inflated is spent from the budget, whether the
    /// call succeeds or not, so the bytes a scan inflates never add up to more than the budget.
    /// </summary>
    public static byte[] Zlib(ReadOnlySpan<byte> compressed, int cap, string block, ScanBudget? budget = null)
    {
        var limit = budget is null ? cap : (int)Math.Min(cap, budget.Remaining);
        var source = compressed.ToArray();
        using var input = new MemoryStream(source, writable: false);
        using var z = new ZLibStream(input, CompressionMode.Decompress);
        var output = new MemoryStream(Math.Min(limit, Math.Max(256, source.Length * 4)));
        var slice = new byte[16 * 1024];
        try
        {
            while (true)
            {
                var n = z.Read(slice, 0, slice.Length);
                if (n == 0) break;
                if (output.Length + n > limit)
                {
                    budget?.Spend(output.Length + n);
                    throw new CandorFormatException(limit < cap
                        ? $"decompressed size exceeds the {limit} bytes left of the scan's decompression budget"
                        : $"decompressed size exceeds the cap of {cap} bytes", -1, block, kind: FormatErrorKind.LimitExceeded);
                }
                output.Write(slice, 0, n);
            }
        }
        catch (Exception ex) when (CappedInflate.IsCorruptData(ex))
        {
            budget?.Spend(output.Length);
            throw new CandorFormatException($"compressed data is corrupt: {ex.Message}", -1, block, ex);
        }
        budget?.Spend(output.Length);
        return output.ToArray();
    }
}
