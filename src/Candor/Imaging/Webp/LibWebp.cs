using System.Runtime.InteropServices;

namespace Candor.Imaging.Webp;

/// <summary>The entry points of Debian's libwebp (package libwebp7, decode.h and encode.h) that <see cref="WebpDecoder"/> and <see cref="WebpEncoder"/> need.</summary>
internal static unsafe partial class LibWebp
{
    private const string Library = "libwebp.so.7";

    /// <summary>Reads the canvas size from the headers; returns 0 when the data is not a WebP it can decode.</summary>
    [LibraryImport(Library)]
    internal static partial int WebPGetInfo(byte* data, nuint size, out int width, out int height);

    [LibraryImport(Library)]
    internal static partial void WebPFree(void* pointer);

    // WebPDecoderConfig of decode.h (decoder ABI 0x0209, libwebp 1.x on 64-bit), by byte offset:
    //
    //   0    WebPBitstreamFeatures input   (10 × 4 bytes)
    //   40   WebPDecBuffer output          colorspace i32 | width i32 | height i32 | is_external_memory i32
    //   56                                 union u: RGBA = { u8* rgba | i32 stride (+4) | size_t size } (80 bytes: the YUVA form)
    //   96                                 u32 pad[4] | u8* private_memory                             (120 bytes in all)
    //   160  WebPDecoderOptions options    bypass_filtering | no_fancy_upsampling | use_cropping | crop_left | crop_top
    //                                      | crop_width | crop_height | … (19 × 4 bytes)                → 236, padded to 240
    //
    // WebPInitDecoderConfigInternal fills the defaults and refuses an incompatible major ABI version.

    /// <summary>Bytes reserved for a WebPDecoderConfig (240 used).</summary>
    internal const int DecoderConfigBytes = 256;

    /// <summary>WEBP_DECODER_ABI_VERSION that the offsets above belong to (libwebp accepts any 2.x).</summary>
    internal const int DecoderAbiVersion = 0x0209;

    private const int OutputOffset = 40, OptionsOffset = 160;

    /// <summary>WEBP_CSP_MODE value for R, G, B, A bytes.</summary>
    internal const int ModeRgba = 1;

    /// <summary>VP8StatusCode values.</summary>
    internal const int StatusOk = 0, StatusNotEnoughData = 7;

    /// <summary><c>int WebPInitDecoderConfigInternal(WebPDecoderConfig*, int version)</c>: 0 when the ABI does not match.</summary>
    [LibraryImport(Library)]
    internal static partial int WebPInitDecoderConfigInternal(byte* config, int version);

    /// <summary><c>VP8StatusCode WebPDecode(const uint8_t* data, size_t data_size, WebPDecoderConfig* config)</c>.</summary>
    [LibraryImport(Library)]
    internal static partial int WebPDecode(byte* data, nuint size, byte* config);

    /// <summary><c>void WebPFreeDecBuffer(WebPDecBuffer*)</c>: frees what libwebp allocated (nothing for external memory).</summary>
    [LibraryImport(Library)]
    internal static partial void WebPFreeDecBuffer(byte* buffer);

    /// <summary>The config's output WebPDecBuffer.</summary>
    internal static byte* OutputOf(byte* config) => config + OutputOffset;

    /// <summary>Makes libwebp write RGBA rows of <paramref name="stride"/> bytes into <paramref name="rgba"/> instead of allocating.</summary>
    internal static void UseExternalRgba(byte* config, byte* rgba, int stride, int size)
    {
        var output = config + OutputOffset;
        *(int*)output = ModeRgba;
        *(int*)(output + 12) = 1;
        *(byte**)(output + 16) = rgba;
        *(int*)(output + 24) = stride;
        *(nuint*)(output + 32) = (nuint)size;
    }

    /// <summary>Asks for the top <paramref name="rows"/> rows only (a crop at 0, 0 of full width).</summary>
    internal static void CropTop(byte* config, int width, int rows)
    {
        var options = (int*)(config + OptionsOffset);
        options[2] = 1;
        options[3] = 0;
        options[4] = 0;
        options[5] = width;
        options[6] = rows;
    }

    /// <summary>Width and height of the decoded output.</summary>
    internal static (int Width, int Height) OutputSize(byte* config) =>
        (*(int*)(config + OutputOffset + 4), *(int*)(config + OutputOffset + 8));

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
