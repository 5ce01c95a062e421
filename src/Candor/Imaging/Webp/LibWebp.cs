using System.Runtime.InteropServices;

namespace Candor.Imaging.Webp;

/// <summary>The entry points of Debian's libwebp (package libwebp7, decode.h and encode.h) that <see cref="WebpDecoder"/> and <see cref="WebpEncoder"/> need.</summary>
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

    /// <summary>WEBP_CSP_MODE value for R, G, B, A bytes.</summary>
    internal const int ModeRgba = 1;

    /// <summary>VP8StatusCode values returned by the incremental decoder.</summary>
    internal const int StatusOk = 0, StatusSuspended = 5;

    /// <summary>
    /// <c>WebPIDecoder* WebPINewRGB(WEBP_CSP_MODE csp, uint8_t* output_buffer, size_t output_buffer_size, int output_stride)</c>:
    /// an incremental decoder that allocates its own output when <paramref name="outputBuffer"/> is null; null on failure.
    /// </summary>
    [LibraryImport(Library)]
    internal static partial nint WebPINewRGB(int mode, byte* outputBuffer, nuint outputBufferSize, int outputStride);

    /// <summary>
    /// <c>VP8StatusCode WebPIUpdate(WebPIDecoder* idec, const uint8_t* data, size_t data_size)</c>: <paramref name="data"/> is the
    /// whole input received so far (the same buffer, grown), kept by reference — it must stay valid until <see cref="WebPIDelete"/>.
    /// </summary>
    [LibraryImport(Library)]
    internal static partial int WebPIUpdate(nint decoder, byte* data, nuint size);

    /// <summary>
    /// <c>uint8_t* WebPIDecGetRGB(const WebPIDecoder* idec, int* last_y, int* width, int* height, int* stride)</c>: the output so
    /// far; rows 0 to <paramref name="lastY"/> − 1 are decoded. Null before the headers are read.
    /// </summary>
    [LibraryImport(Library)]
    internal static partial byte* WebPIDecGetRGB(nint decoder, out int lastY, out int width, out int height, out int stride);

    /// <summary><c>void WebPIDelete(WebPIDecoder* idec)</c>: frees the decoder and the output it allocated.</summary>
    [LibraryImport(Library)]
    internal static partial void WebPIDelete(nint decoder);

    /// <summary>
    /// <c>size_t WebPEncodeRGB(const uint8_t* rgb, int width, int height, int stride, float quality_factor, uint8_t** output)</c>:
    /// lossy encode; the output is allocated by the library (free with <see cref="WebPFree"/>); 0 on failure.
    /// </summary>
    [LibraryImport(Library)]
    internal static partial nuint WebPEncodeRGB(byte* rgb, int width, int height, int stride, float quality, byte** output);

    /// <summary>As <see cref="WebPEncodeRGB"/> for R, G, B, A bytes.</summary>
    [LibraryImport(Library)]
    internal static partial nuint WebPEncodeRGBA(byte* rgba, int width, int height, int stride, float quality, byte** output);

    /// <summary><c>size_t WebPEncodeLosslessRGB(const uint8_t* rgb, int width, int height, int stride, uint8_t** output)</c>: lossless encode.</summary>
    [LibraryImport(Library)]
    internal static partial nuint WebPEncodeLosslessRGB(byte* rgb, int width, int height, int stride, byte** output);

    /// <summary>As <see cref="WebPEncodeLosslessRGB"/> for R, G, B, A bytes.</summary>
    [LibraryImport(Library)]
    internal static partial nuint WebPEncodeLosslessRGBA(byte* rgba, int width, int height, int stride, byte** output);
}
