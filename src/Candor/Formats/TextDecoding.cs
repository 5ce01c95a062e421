using System.Text;

namespace Candor.Formats;

/// <summary>Text decoding rules shared by containers that do not say which encoding they used.</summary>
internal static class TextDecoding
{
    private static readonly UTF8Encoding StrictUtf8 = new(encoderShouldEmitUTF8Identifier: false, throwOnInvalidBytes: true);

    /// <summary>Strict UTF-8 when the bytes are valid UTF-8, else Latin-1. <paramref name="nonAsciiUtf8"/> is true when UTF-8 was chosen and the bytes were not plain ASCII.</summary>
    public static string Utf8OrLatin1(ReadOnlySpan<byte> bytes, out bool nonAsciiUtf8)
    {
        nonAsciiUtf8 = false;
        if (Ascii.IsValid(bytes)) return Encoding.ASCII.GetString(bytes);
        try
        {
            var s = StrictUtf8.GetString(bytes);
            nonAsciiUtf8 = true;
            return s;
        }
        catch (DecoderFallbackException)
        {
            return Encoding.Latin1.GetString(bytes);
        }
    }

    /// <summary>Strict UTF-8, or null when the bytes are not valid UTF-8.</summary>
    public static string? Utf8OrNull(ReadOnlySpan<byte> bytes)
    {
        try { return StrictUtf8.GetString(bytes); }
        catch (DecoderFallbackException) { return null; }
    }
}
