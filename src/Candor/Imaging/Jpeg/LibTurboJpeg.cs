using System.Runtime.InteropServices;

namespace Candor.Imaging.Jpeg;

/// <summary>The TurboJPEG 2.1 entry points of Debian's libturbojpeg0 (<c>libturbojpeg.so.0</c>) that <see cref="JpegCodec"/> needs.</summary>
internal static unsafe partial class LibTurboJpeg
{
    private const string Library = "libturbojpeg.so.0";

    /// <summary>TJPF_RGB, TJPF_GRAY, TJPF_RGBA and TJPF_CMYK pixel formats.</summary>
    internal const int PixelRgb = 0, PixelGray = 6, PixelRgba = 7, PixelCmyk = 11;

    /// <summary>TJCS_CMYK and TJCS_YCCK colourspaces (TurboJPEG decodes them only to CMYK pixels).</summary>
    internal const int ColorspaceCmyk = 3, ColorspaceYcck = 4;

    /// <summary>TJCS_GRAY: a one-component (greyscale) JPEG.</summary>
    internal const int ColorspaceGray = 2;

    /// <summary>TJFLAG_ACCURATEDCT: the islow DCT, the libjpeg default ImageMagick and PIL also use.</summary>
    internal const int FlagAccurateDct = 4096;

    /// <summary>TJERR_WARNING: the call produced output but the data was not entirely valid.</summary>
    internal const int ErrorWarning = 0;

    [LibraryImport(Library)]
    internal static partial nint tjInitDecompress();

    [LibraryImport(Library)]
    internal static partial nint tjInitCompress();

    [LibraryImport(Library)]
    internal static partial int tjDestroy(nint handle);

    /// <summary><c>int tjDecompressHeader3(tjhandle, const unsigned char* jpegBuf, unsigned long jpegSize, int* width, int* height, int* jpegSubsamp, int* jpegColorspace)</c>.</summary>
    [LibraryImport(Library)]
    internal static partial int tjDecompressHeader3(nint handle, byte* jpeg, nuint size, out int width, out int height, out int subsampling, out int colorspace);

    /// <summary><c>int tjDecompress2(tjhandle, const unsigned char* jpegBuf, unsigned long jpegSize, unsigned char* dstBuf, int width, int pitch, int height, int pixelFormat, int flags)</c>.</summary>
    [LibraryImport(Library)]
    internal static partial int tjDecompress2(nint handle, byte* jpeg, nuint size, byte* destination, int width, int pitch, int height, int pixelFormat, int flags);

    /// <summary>
    /// <c>int tjCompress2(tjhandle, const unsigned char* srcBuf, int width, int pitch, int height, int pixelFormat,
    /// unsigned char** jpegBuf, unsigned long* jpegSize, int jpegSubsamp, int jpegQual, int flags)</c>; the output is allocated by
    /// the library when <paramref name="jpeg"/> points to null (free with <see cref="tjFree"/>).
    /// </summary>
    [LibraryImport(Library)]
    internal static partial int tjCompress2(nint handle, byte* source, int width, int pitch, int height, int pixelFormat, byte** jpeg, nuint* size, int subsampling, int quality, int flags);

    [LibraryImport(Library)]
    internal static partial void tjFree(byte* buffer);

    /// <summary>The message of the last error on <paramref name="handle"/> (a static string owned by the library).</summary>
    [LibraryImport(Library)]
    internal static partial byte* tjGetErrorStr2(nint handle);

    /// <summary>TJERR_WARNING (0) or TJERR_FATAL (1) for the last error on <paramref name="handle"/>.</summary>
    [LibraryImport(Library)]
    internal static partial int tjGetErrorCode(nint handle);
}
