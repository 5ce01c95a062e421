using System.Text;
using System.Text.Unicode;

namespace Candor.Metadata;

/// <summary>
/// Text decoding rules shared by every block that does not say which encoding it used (PNG tEXt,
/// JPEG COM, EXIF ASCII, IPTC without a character set): strict UTF-8 when the bytes are valid
/// UTF-8 — many tools write UTF-8 where the format promised Latin-1 or ASCII — else Latin-1.
/// </summary>
internal static class TextDecoding
{
    /// <summary>Strict UTF-8 when the bytes are valid UTF-8, else Latin-1. <paramref name="nonAsciiUtf8"/> is true when UTF-8 was chosen and the bytes were not plain ASCII.</summary>
    public static string Utf8OrLatin1(ReadOnlySpan<byte> bytes, out bool nonAsciiUtf8) => Utf8OrLatin1(bytes, out nonAsciiUtf8, out _);

    /// <summary>As <see cref="Utf8OrLatin1(ReadOnlySpan{byte}, out bool)"/>; <paramref name="latin1"/> is true when the bytes were not UTF-8.</summary>
    public static string Utf8OrLatin1(ReadOnlySpan<byte> bytes, out bool nonAsciiUtf8, out bool latin1)
    {
        var ascii = Ascii.IsValid(bytes);
        latin1 = !ascii && !Utf8.IsValid(bytes);
        nonAsciiUtf8 = !ascii && !latin1;
        return latin1 ? Encoding.Latin1.GetString(bytes) : Encoding.UTF8.GetString(bytes);
    }

    /// <summary>Strict UTF-8, or null when the bytes are not valid UTF-8.</summary>
    public static string? Utf8OrNull(ReadOnlySpan<byte> bytes) => Utf8.IsValid(bytes) ? Encoding.UTF8.GetString(bytes) : null;

    /// <summary>Removes NUL bytes at both ends; <paramref name="leading"/> counts those removed at the start.</summary>
    public static ReadOnlySpan<byte> TrimNuls(ReadOnlySpan<byte> bytes, out int leading)
    {
        var start = 0;
        while (start < bytes.Length && bytes[start] == 0) start++;
        var end = bytes.Length;
        while (end > start && bytes[end - 1] == 0) end--;
        leading = start;
        return bytes[start..end];
    }
}
