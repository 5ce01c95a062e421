using System.Runtime.InteropServices;

namespace Candor.Imaging.Webp;

/// <summary>The three entry points of Debian's libwebp (package libwebp7) that <see cref="WebpDecoder"/> needs.</summary>
internal static unsafe partial class LibWebp
{
    private const string Library = "libwebp.so.7";

    /// <summary>Reads the canvas size from the headers; returns 0 when the data is not a WebP it can decode.</summary>
    [LibraryImport(Library)]
    internal static partial int WebPGetInfo(byte* data, nuint size, out int width, out int height);

    /// <summary>Decodes to a newly allocated RGBA buffer (free with <see cref="WebPFree"/>); null on failure.</summary>
    [LibraryImport(Library)]
    internal static partial byte* WebPDecodeRGBA(byte* data, nuint size, out int width, out int height);

    [LibraryImport(Library)]
    internal static partial void WebPFree(void* pointer);
}
