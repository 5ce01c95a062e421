using System.Text;
using System.Text.Unicode;

namespace Candor.Metadata;

/// <summary>
/// Decoding of text fields whose encoding the format does not pin down (EXIF ASCII, IPTC
/// without a coded character set): writers put UTF-8 there far more often than anything
/// else, so valid UTF-8 is taken as UTF-8 and anything else as Latin-1, which never fails.
/// </summary>
internal static class LegacyText
{
    private static readonly Encoding Latin1 = Encoding.Latin1;

    /// <summary>Strict UTF-8 when the bytes are valid UTF-8, else Latin-1; <paramref name="latin1"/> says which.</summary>
    public static string Decode(ReadOnlySpan<byte> bytes, out bool latin1)
    {
        latin1 = !Utf8.IsValid(bytes);
        return latin1 ? Latin1.GetString(bytes) : Encoding.UTF8.GetString(bytes);
    }

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
