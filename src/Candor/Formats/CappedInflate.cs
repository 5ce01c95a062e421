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

    /// <summary>Inflates a zlib stream; throws <see cref="CandorFormatException"/> (offset relative to the data) when it is corrupt or larger than <paramref name="cap"/> bytes.</summary>
    public static byte[] Zlib(ReadOnlySpan<byte> compressed, int cap, string block)
    {
        var source = compressed.ToArray();
        using var input = new MemoryStream(source, writable: false);
        using var z = new ZLibStream(input, CompressionMode.Decompress);
        var output = new MemoryStream(Math.Min(cap, Math.Max(256, source.Length * 4)));
        var slice = new byte[16 * 1024];
        try
        {
            while (true)
            {
                var n = z.Read(slice, 0, slice.Length);
                if (n == 0) break;
                if (output.Length + n > cap)
                    throw new CandorFormatException($"decompressed size exceeds the cap of {cap} bytes", -1, block, kind: FormatErrorKind.LimitExceeded);
                output.Write(slice, 0, n);
            }
        }
        catch (Exception ex) when (CappedInflate.IsCorruptData(ex))
        {
            throw new CandorFormatException($"compressed data is corrupt: {ex.Message}", -1, block, ex);
        }
        return output.ToArray();
    }
}
