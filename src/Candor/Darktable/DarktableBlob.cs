namespace Candor.Darktable;

/// <summary>
/// Decodes the binary values darktable writes into XMP attributes (module params, blend params,
/// mask points, mask sources).
/// <code>
///   plain:      lowercase hex, two digits per byte ("0000803f…")
///   compressed: "gz" NN base64(zlib(bytes))   NN = two decimal digits, darktable's expected
///               expansion factor (it allocates NN × the compressed length before inflating)
/// </code>
/// darktable compresses blobs over 100 bytes when the "compress xmp tags" preference says so.
/// The expansion factor is only a hint: output is capped at <see cref="MaxDecodedBytes"/>, whatever it says.
/// </summary>
public static class DarktableBlob
{
    /// <summary>Largest decoded value accepted (4 MiB; darktable's largest params are a few hundred KiB).</summary>
    public const int MaxDecodedBytes = 4 << 20;

    /// <summary>
    /// Decodes <paramref name="value"/>; <paramref name="what"/> names it in error messages
    /// (e.g. "history item 3 blendop_params, line 12").
    /// </summary>
    /// <exception cref="CandorFormatException">Not hex, not valid base64, corrupt zlib, or larger than <see cref="MaxDecodedBytes"/>.</exception>
    public static byte[] Decode(string value, string what)
    {
        ArgumentNullException.ThrowIfNull(value);
        if (value.Length >= 4 && value[0] == 'g' && value[1] == 'z' && char.IsAsciiDigit(value[2]) && char.IsAsciiDigit(value[3]))
            return DecodeCompressed(value.AsSpan(4), what);
        return DecodeHex(value, what);
    }

    private static byte[] DecodeHex(string value, string what)
    {
        if (value.Length % 2 != 0)
            throw new CandorFormatException($"{what}: hex value has an odd number of digits ({value.Length})", -1, what);
        if (value.Length / 2 > MaxDecodedBytes)
            throw new CandorFormatException($"{what}: value of {value.Length / 2} bytes is over the {MaxDecodedBytes} byte limit", -1, what, kind: FormatErrorKind.LimitExceeded);
        for (var i = 0; i < value.Length; i++)
            if (!char.IsAsciiHexDigit(value[i]))
                throw new CandorFormatException($"{what}: '{value[i]}' at character {i} is neither hex nor a gzNN prefix", i, what);
        return Convert.FromHexString(value);
    }

    private static byte[] DecodeCompressed(ReadOnlySpan<char> base64, string what)
    {
        // A base64 text of n characters holds at most 3n/4 bytes; refuse before allocating.
        if (base64.Length / 4 * 3 > MaxDecodedBytes)
            throw new CandorFormatException($"{what}: compressed value of {base64.Length} characters is over the limit", -1, what, kind: FormatErrorKind.LimitExceeded);
        var buffer = new byte[base64.Length / 4 * 3 + 3];
        if (!Convert.TryFromBase64Chars(base64, buffer, out var written))
            throw new CandorFormatException($"{what}: the text after 'gzNN' is not valid base64", 4, what);
        if (written < 2)
            throw new CandorFormatException($"{what}: compressed value is {written} bytes, too short for zlib", 4, what);
        return Formats.CappedInflate.Zlib(buffer.AsSpan(0, written), MaxDecodedBytes, what);
    }

    /// <summary>Encodes bytes as darktable's plain form (lowercase hex); used to write test sidecars.</summary>
    internal static string EncodeHex(ReadOnlySpan<byte> bytes) => Convert.ToHexStringLower(bytes);

    /// <summary>Encodes bytes in darktable's compressed form ("gz" + factor + base64(zlib)).</summary>
    internal static string EncodeCompressed(ReadOnlySpan<byte> bytes)
    {
        using var output = new MemoryStream();
        using (var z = new System.IO.Compression.ZLibStream(output, System.IO.Compression.CompressionLevel.Optimal, leaveOpen: true))
            z.Write(bytes);
        var compressed = output.ToArray();
        var factor = Math.Clamp((bytes.Length + compressed.Length - 1) / Math.Max(1, compressed.Length) + 1, 1, 99);
        return $"gz{factor:D2}{Convert.ToBase64String(compressed)}";
    }
}
