using System.Runtime.InteropServices;

namespace Candor.Imaging.Jpeg;

/// <summary>
/// Decodes and encodes baseline and progressive JPEG through Debian's TurboJPEG (<c>libturbojpeg.so.0</c>, package
/// libturbojpeg0) with the accurate integer DCT and fancy upsampling, the libjpeg defaults ImageMagick and PIL use, so
/// decodes agree with theirs. TurboJPEG warnings (a truncated file, corrupt entropy data) are treated as errors: an
/// image that decoded only partly is never returned. CMYK and YCCK JPEGs are converted to RGB without colour management,
/// R = (255 − C)(255 − K) / 255 as PIL and ImageMagick do, reading the samples as inverted when an Adobe APP14 segment is
/// present (Photoshop's convention, PIL's "CMYK;I").
/// </summary>
public static class JpegCodec
{
    private const string Block = "JPEG";
    private const string Missing = "libturbojpeg0 is not installed: apt-get install libturbojpeg0";

    /// <summary>Decodes a whole JPEG file to RGBA (alpha 255; a greyscale JPEG is copied to R, G and B).</summary>
    /// <param name="jpeg">The file's bytes.</param>
    /// <param name="maxPixels">Largest image accepted (width × height); larger ones are a format error. Default 256 Mi pixels.</param>
    /// <exception cref="CandorFormatException">The data is not a JPEG, is corrupt or truncated, or is too large; the message is TurboJPEG's.</exception>
    /// <exception cref="InvalidOperationException">libturbojpeg0 is not installed.</exception>
    public static unsafe RgbaImage Decode(ReadOnlySpan<byte> jpeg, long maxPixels = 256L * 1024 * 1024)
    {
        if (jpeg.Length < 4 || jpeg[0] != 0xFF || jpeg[1] != 0xD8)
            throw new CandorFormatException("Not a JPEG file: it does not start with the SOI marker FF D8.", 0, Block);
        try
        {
            var handle = LibTurboJpeg.tjInitDecompress();
            if (handle == 0) throw new InvalidOperationException("TurboJPEG could not create a decompressor.");
            try
            {
                fixed (byte* data = jpeg)
                {
                    if (LibTurboJpeg.tjDecompressHeader3(handle, data, (nuint)jpeg.Length, out var width, out var height, out _, out var colorspace) != 0)
                        throw Failure(handle, "reading the JPEG headers");
                    var pixels = (long)width * height;
                    if (width <= 0 || height <= 0 || pixels > maxPixels || pixels * 4 > Array.MaxLength)
                        throw new CandorFormatException($"Image is {width}×{height} = {pixels} pixels, over the limit of {maxPixels}.", 0, Block, kind: FormatErrorKind.LimitExceeded);
                    var cmyk = colorspace is LibTurboJpeg.ColorspaceCmyk or LibTurboJpeg.ColorspaceYcck;
                    var rgba = GC.AllocateUninitializedArray<byte>((int)(pixels * 4));
                    fixed (byte* destination = rgba)
                    {
                        if (LibTurboJpeg.tjDecompress2(handle, data, (nuint)jpeg.Length, destination, width, width * 4, height,
                                cmyk ? LibTurboJpeg.PixelCmyk : LibTurboJpeg.PixelRgba, LibTurboJpeg.FlagAccurateDct) != 0)
                            throw Failure(handle, "decoding the image data");
                    }
                    if (cmyk) CmykToRgba(rgba, HasAdobeSegment(jpeg));
                    return new RgbaImage(width, height, rgba, hasAlpha: false);
                }
            }
            finally
            {
                LibTurboJpeg.tjDestroy(handle);
            }
        }
        catch (DllNotFoundException e)
        {
            throw new InvalidOperationException(Missing, e);
        }
        catch (EntryPointNotFoundException e)
        {
            throw new InvalidOperationException(Missing, e);
        }
    }

    /// <summary>
    /// Decodes a whole JPEG into a buffer the caller supplies (and recycles), in the sample layout libjpeg itself
    /// outputs by default: 1 byte a pixel for a greyscale JPEG, the 4 stored bytes (C, M, Y, K, not converted) for CMYK
    /// and YCCK, else 3 bytes R, G, B. Same decoder settings and errors as <see cref="Decode"/>. PDQ's reference file
    /// pipeline reads exactly these samples (CImg over libjpeg), so it can be matched bit for bit without an RGBA copy.
    /// </summary>
    /// <param name="jpeg">The file's bytes.</param>
    /// <param name="maxPixels">Largest image accepted (width × height).</param>
    /// <param name="allocate">Returns a buffer of at least the given length (e.g. <c>ArrayPool&lt;byte&gt;.Shared.Rent</c>).</param>
    /// <returns>The buffer <paramref name="allocate"/> returned (its first width × height × channels bytes hold the pixels, row by row), the size and the bytes per pixel.</returns>
    /// <exception cref="CandorFormatException">The data is not a JPEG, is corrupt or truncated, or is too large.</exception>
    /// <exception cref="InvalidOperationException">libturbojpeg0 is not installed.</exception>
    internal static unsafe (byte[] Pixels, int Width, int Height, int Channels) DecodeNative(ReadOnlySpan<byte> jpeg, long maxPixels, Func<int, byte[]> allocate)
    {
        if (jpeg.Length < 4 || jpeg[0] != 0xFF || jpeg[1] != 0xD8)
            throw new CandorFormatException("Not a JPEG file: it does not start with the SOI marker FF D8.", 0, Block);
        try
        {
            var handle = LibTurboJpeg.tjInitDecompress();
            if (handle == 0) throw new InvalidOperationException("TurboJPEG could not create a decompressor.");
            try
            {
                fixed (byte* data = jpeg)
                {
                    if (LibTurboJpeg.tjDecompressHeader3(handle, data, (nuint)jpeg.Length, out var width, out var height, out _, out var colorspace) != 0)
                        throw Failure(handle, "reading the JPEG headers");
                    var (format, channels) = colorspace switch
                    {
                        LibTurboJpeg.ColorspaceGray => (LibTurboJpeg.PixelGray, 1),
                        LibTurboJpeg.ColorspaceCmyk or LibTurboJpeg.ColorspaceYcck => (LibTurboJpeg.PixelCmyk, 4),
                        _ => (LibTurboJpeg.PixelRgb, 3),
                    };
                    var pixels = (long)width * height;
                    if (width <= 0 || height <= 0 || pixels > maxPixels || pixels * channels > Array.MaxLength)
                        throw new CandorFormatException($"Image is {width}×{height} = {pixels} pixels, over the limit of {maxPixels}.", 0, Block, kind: FormatErrorKind.LimitExceeded);
                    var buffer = allocate((int)(pixels * channels));
                    fixed (byte* destination = buffer)
                    {
                        if (LibTurboJpeg.tjDecompress2(handle, data, (nuint)jpeg.Length, destination, width, width * channels, height, format, LibTurboJpeg.FlagAccurateDct) != 0)
                            throw Failure(handle, "decoding the image data");
                    }
                    return (buffer, width, height, channels);
                }
            }
            finally
            {
                LibTurboJpeg.tjDestroy(handle);
            }
        }
        catch (DllNotFoundException e)
        {
            throw new InvalidOperationException(Missing, e);
        }
        catch (EntryPointNotFoundException e)
        {
            throw new InvalidOperationException(Missing, e);
        }
    }

    /// <summary>
    /// Encodes <paramref name="image"/> as a baseline JFIF JPEG (values rounded and clamped to 8 bits first). A 1-channel
    /// image, or <see cref="JpegSubsampling.Gray"/>, gives a greyscale JPEG; alpha is dropped, as JPEG has none.
    /// </summary>
    /// <param name="image">The pixels.</param>
    /// <param name="quality">libjpeg quality, 1–100.</param>
    /// <param name="subsampling">Chroma subsampling of a colour JPEG.</param>
    /// <exception cref="InvalidOperationException">libturbojpeg0 is not installed, or TurboJPEG failed.</exception>
    public static unsafe byte[] Encode(FloatImage image, int quality = 90, JpegSubsampling subsampling = JpegSubsampling.S420)
    {
        ArgumentNullException.ThrowIfNull(image);
        ArgumentOutOfRangeException.ThrowIfLessThan(quality, 1);
        ArgumentOutOfRangeException.ThrowIfGreaterThan(quality, 100);
        if (!Enum.IsDefined(subsampling)) throw new ArgumentOutOfRangeException(nameof(subsampling));
        var gray = image.Channels == 1;
        var channels = gray ? 1 : 3;
        var pixels = Interleave(image, channels);
        if (gray) subsampling = JpegSubsampling.Gray;
        try
        {
            var handle = LibTurboJpeg.tjInitCompress();
            if (handle == 0) throw new InvalidOperationException("TurboJPEG could not create a compressor.");
            byte* output = null;
            try
            {
                nuint size = 0;
                fixed (byte* source = pixels)
                {
                    if (LibTurboJpeg.tjCompress2(handle, source, image.Width, image.Width * channels, image.Height,
                            gray ? LibTurboJpeg.PixelGray : LibTurboJpeg.PixelRgb, &output, &size, (int)subsampling, quality,
                            LibTurboJpeg.FlagAccurateDct) != 0)
                        throw new InvalidOperationException($"TurboJPEG could not encode the image: {Message(handle)}");
                }
                return new ReadOnlySpan<byte>(output, checked((int)size)).ToArray();
            }
            finally
            {
                if (output is not null) LibTurboJpeg.tjFree(output);
                LibTurboJpeg.tjDestroy(handle);
            }
        }
        catch (DllNotFoundException e)
        {
            throw new InvalidOperationException(Missing, e);
        }
        catch (EntryPointNotFoundException e)
        {
            throw new InvalidOperationException(Missing, e);
        }
    }

    /// <summary>The first <paramref name="channels"/> planes as interleaved bytes.</summary>
    private static byte[] Interleave(FloatImage image, int channels)
    {
        var n = image.PixelCount;
        var bytes = GC.AllocateUninitializedArray<byte>(checked(n * channels));
        for (var c = 0; c < channels; c++)
        {
            var plane = image.Planes[c];
            for (int i = 0, j = c; i < n; i++, j += channels) bytes[j] = FloatImage.ToByte(plane[i]);
        }
        return bytes;
    }

    /// <summary>Converts C, M, Y, K bytes to R, G, B, 255 in place (inverted samples store 255 − value).</summary>
    private static void CmykToRgba(byte[] pixels, bool inverted)
    {
        for (var i = 0; i < pixels.Length; i += 4)
        {
            var k = inverted ? pixels[i + 3] : 255 - pixels[i + 3];
            for (var c = 0; c < 3; c++)
            {
                var ink = inverted ? pixels[i + c] : 255 - pixels[i + c];
                pixels[i + c] = (byte)((ink * k + 127) / 255);
            }
            pixels[i + 3] = 255;
        }
    }

    /// <summary>True when an APP14 "Adobe" segment comes before the first scan (walks the marker segments; stops at anything odd).</summary>
    private static bool HasAdobeSegment(ReadOnlySpan<byte> jpeg)
    {
        var at = 2;
        while (at + 4 <= jpeg.Length && jpeg[at] == 0xFF)
        {
            var marker = jpeg[at + 1];
            if (marker == 0xDA) return false;
            var length = (jpeg[at + 2] << 8) | jpeg[at + 3];
            if (length < 2) return false;
            if (marker == 0xEE && length >= 7 && at + 9 <= jpeg.Length && jpeg.Slice(at + 4, 5).SequenceEqual("Adobe"u8)) return true;
            at += 2 + length;
        }
        return false;
    }

    private static CandorFormatException Failure(nint handle, string what)
    {
        var kind = LibTurboJpeg.tjGetErrorCode(handle) == LibTurboJpeg.ErrorWarning ? "corrupt or truncated data" : "error";
        return new CandorFormatException($"TurboJPEG {kind} while {what}: {Message(handle)}", 0, Block);
    }

    private static unsafe string Message(nint handle) =>
        Marshal.PtrToStringUTF8((nint)LibTurboJpeg.tjGetErrorStr2(handle)) ?? "unknown error";
}
