using System.Text;

namespace Candor.Metadata.Exif;

/// <summary>
/// Text behind EXIF's 8-byte character-code prefix (UserComment, GPSProcessingMethod,
/// GPSAreaInformation):
/// <code>
///   0        8
///   +--------+----------------------------+
///   | code   | text in that code          |
///   +--------+----------------------------+
///   code: "ASCII\0\0\0" | "UNICODE\0" | "JIS\0\0\0\0\0" | 8 x 0x00 (undefined)
/// </code>
/// Writers disagree with the standard: A1111 and Civitai put UTF-16BE after "UNICODE" inside
/// little-endian blocks, NovelAI puts UTF-8 after "ASCII". So the UTF-16 byte order is read from
/// the bytes themselves and "ASCII" text is tried as UTF-8 first.
/// </summary>
internal static class ExifEncodedText
{
    private static ReadOnlySpan<byte> Ascii => "ASCII\0\0\0"u8;
    private static ReadOnlySpan<byte> Unicode => "UNICODE\0"u8;
    private static ReadOnlySpan<byte> Jis => "JIS\0\0\0\0\0"u8;

    /// <summary>Decodes <paramref name="raw"/> (prefix included); <paramref name="note"/> explains any guess made.</summary>
    public static string Decode(ReadOnlySpan<byte> raw, bool headerLittleEndian, out string? note)
    {
        note = null;
        if (raw.Length < 8)
            return TextOf(raw, "no character-code prefix", out note);
        var prefix = raw[..8];
        var body = raw[8..];
        if (prefix.SequenceEqual(Unicode)) return DecodeUtf16(body, headerLittleEndian, out note);
        if (prefix.SequenceEqual(Ascii)) return TextOf(body, null, out note);
        if (prefix.SequenceEqual(Jis)) return DecodeJis(body, out note);
        if (prefix.IndexOfAnyExcept((byte)0) < 0) return TextOf(body, "undefined character code", out note);
        return TextOf(raw, "unknown character-code prefix; whole value read as text", out note);
    }

    private static string TextOf(ReadOnlySpan<byte> body, string? why, out string? note)
    {
        var text = TextDecoding.Utf8OrLatin1(TextDecoding.TrimNuls(body, out _), out _, out var latin1);
        note = Join(why, latin1 ? "not valid UTF-8, read as Latin-1" : null);
        return text;
    }

    private static string DecodeJis(ReadOnlySpan<byte> body, out string? note)
    {
        var trimmed = TextDecoding.TrimNuls(body, out _);
        if (System.Text.Unicode.Utf8.IsValid(trimmed))
        {
            note = "JIS character code, bytes are valid UTF-8 and were read as UTF-8";
            return Encoding.UTF8.GetString(trimmed);
        }
        note = "JIS character code read as Shift_JIS (best effort)";
        return CodePagesEncodingProvider.Instance.GetEncoding(932)!.GetString(trimmed);
    }

    private static string DecodeUtf16(ReadOnlySpan<byte> body, bool headerLittleEndian, out string? note)
    {
        string? why = null;
        if ((body.Length & 1) == 1)
        {
            body = body[..^1];
            why = "odd number of UTF-16 bytes; last byte dropped";
        }
        bool littleEndian;
        if (body.Length >= 2 && body[0] == 0xFF && body[1] == 0xFE) { littleEndian = true; body = body[2..]; }
        else if (body.Length >= 2 && body[0] == 0xFE && body[1] == 0xFF) { littleEndian = false; body = body[2..]; }
        else
        {
            var decided = ByteOrderFromZeros(body);
            if (decided is null) why = Join(why, $"UTF-16 byte order not visible in the bytes; assumed the block's ({(headerLittleEndian ? "little" : "big")}-endian)");
            littleEndian = decided ?? headerLittleEndian;
        }
        if (littleEndian != headerLittleEndian)
            why = Join(why, littleEndian ? "UTF-16LE text in a big-endian EXIF block" : "UTF-16BE text in a little-endian EXIF block");
        var text = (littleEndian ? Encoding.Unicode : Encoding.BigEndianUnicode).GetString(body);
        note = why;
        return text.TrimEnd('\0');
    }

    /// <summary>
    /// Latin-script text in UTF-16 has a zero in the high byte of most code units: at odd
    /// positions for little-endian, at even ones for big-endian. Null when the zeros do not tell.
    /// </summary>
    private static bool? ByteOrderFromZeros(ReadOnlySpan<byte> body)
    {
        int evenZeros = 0, oddZeros = 0;
        var n = Math.Min(body.Length, 4096) & ~1;
        for (var i = 0; i < n; i += 2)
        {
            if (body[i] == 0 && body[i + 1] == 0) continue;
            if (body[i] == 0) evenZeros++;
            if (body[i + 1] == 0) oddZeros++;
        }
        if (oddZeros > evenZeros) return true;
        if (evenZeros > oddZeros) return false;
        return null;
    }

    private static string? Join(string? a, string? b) => a is null ? b : b is null ? a : $"{a}; {b}";
}
